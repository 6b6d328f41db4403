"""Planted datasets in the two layouts of the data contract: small, known, made from a seed.

Used by the tests (and as a runnable example of the contract). The rows follow a logistic model
y ~ Bernoulli(sigmoid(x1 - x2 + 0.8 a)) with a binary attribute a correlated with y; the "generated" rows
are draws of the same model with extra noise, so every experiment has something to find.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

FEATURES = ("x1", "x2", "x3", "attr")
LABEL = "target"


def _draw(rng, n, noise=0.0):
    x = rng.normal(size=(n, 3)) + noise * rng.normal(size=(n, 3))
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-(2 * x[:, 0] - 2 * x[:, 1])))).astype(int)
    a = np.where(rng.uniform(size=n) < 0.6, y, 1 - y)  # s = y in 60 % of the rows
    frame = pd.DataFrame(np.round(x, 2), columns=list(FEATURES[:3]))
    frame["attr"] = a
    frame[LABEL] = y
    return frame


def _write(frame: pd.DataFrame, path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False)


def plant_scaling_law(root, name: str = "planted", seed: int = 0, n_source: int = 8000, n_generated: int = 8000,
                      with_pool: bool = True) -> Path:
    """Write ``root/scaling_law/<name>/`` with every required file (and pool.csv when `with_pool`)."""
    rng = np.random.default_rng(seed)
    folder = Path(root) / "scaling_law" / name
    source = _draw(rng, n_source)
    _write(source, folder / "source.csv")
    shuffled = source.sample(frac=1, random_state=42)
    cut = int(0.7 * len(source))
    use, test = shuffled.iloc[:cut], shuffled.iloc[cut:]
    group = use["attr"].astype(str) + use[LABEL].astype(str)
    seed_rows = use.groupby(group, group_keys=False).apply(lambda g: g.sample(n=50, random_state=1))
    pool = use.drop(seed_rows.index)
    _write(seed_rows, folder / "seed.csv")
    _write(test, folder / "test.csv")
    if with_pool:
        _write(pool, folder / "pool.csv")
    match = pool["attr"] == pool[LABEL]
    for stem, part in (("pool_y0", pool[pool[LABEL] == 0]), ("pool_y1", pool[pool[LABEL] == 1]),
                       ("pool_sy_match", pool[match]), ("pool_sy_mismatch", pool[~match])):
        _write(part, folder / f"{stem}.csv")
    great = _draw(rng, n_generated, noise=0.3).astype(float)
    gmatch = great["attr"] == great[LABEL]
    for stem, part in (("great_y0", great[great[LABEL] == 0]), ("great_y1", great[great[LABEL] == 1]),
                       ("great_sy_match", great[gmatch]), ("great_sy_mismatch", great[~gmatch])):
        _write(part, folder / f"{stem}.csv")
    return folder


def plant_opal_v1(root, name: str = "planted", seed: int = 0, seeds=(1, 2), raw: int = 50) -> Path:
    """Write ``root/opal_v1/<name>/`` with source.csv and, per seed, test.csv, imbalanced/ and spurious/."""
    rng = np.random.default_rng(seed)
    folder = Path(root) / "opal_v1" / name
    source = _draw(rng, 600)
    _write(source, folder / "source.csv")
    for r in seeds:
        test = source.sample(n=150, random_state=r)
        _write(test, folder / f"seed{r}" / "test.csv")
        rest = source.drop(test.index)
        minority = rest[rest[LABEL] == 0].sample(n=10, random_state=r)
        majority = rest[rest[LABEL] == 1].sample(n=raw - 10, random_state=r)
        alternate = pd.concat([minority.iloc[i:i + 1] if j == 0 else majority.iloc[i:i + 1]
                               for i in range(10) for j in (0, 1)])
        train = pd.concat([alternate, majority.iloc[10:]])
        _write(train, folder / f"seed{r}" / "imbalanced" / "train.csv")
        gen = _draw(rng, 3 * raw, noise=0.3)
        gen = pd.concat([gen[gen[LABEL] == 0], gen[gen[LABEL] == 1]]).iloc[:raw]
        _write(gen, folder / f"seed{r}" / "imbalanced" / "gpt4.csv")
        _write(minority.sample(n=raw, replace=True, random_state=r), folder / f"seed{r}" / "imbalanced" / "smote.csv")
        _write(train.iloc[:10].sample(n=raw, replace=True, random_state=r), folder / f"seed{r}" / "imbalanced" / "dup.csv")
        s = rest["attr"]
        groups = [rest[(s == a) & (rest[LABEL] == b)].sample(n=5, random_state=r) for a in (0, 1) for b in (0, 1)]
        big = rest[(s == rest[LABEL])].drop(pd.concat(groups).index, errors="ignore").sample(n=raw - 20, random_state=r)
        spurious = pd.concat(groups + [big])
        _write(spurious, folder / f"seed{r}" / "spurious" / "train.csv")
        gen = _draw(rng, raw, noise=0.3)
        _write(gen, folder / f"seed{r}" / "spurious" / "gpt4.csv")
    return folder
