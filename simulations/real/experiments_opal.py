"""OPAL v1 (paper v1, GPT-4 rows): the authors' protocol as run, and corrected for its known flaws.

As run (data notes, section 2.3): for seed r and k = 0..5, fit on train.csv + gen[0 : k chunk] (chunk =
|train| / 5, generated rows in file order) and score the test error 1 - accuracy (threshold 1/2) on
seed<r>/test.csv. Imbalanced runs drop the last feature (flaw 1: ``colsbase[:-1]``); spurious runs use all
features and report the error on the minority groups (s != y), the majority groups (s = y), overall, the
worst of the four (s, y) groups and worst minus best. std over seeds with ddof = 1.

Variant ``all_features``: as run but with every feature (flaw 1 alone), so that corrected - all_features
isolates flaws 2-3. Corrected (flaws 1-3 of section 2.4): all features; generated rows that copy a row of that seed's test
table (features and label) are removed before the schedule; the duplication baseline resamples the
minority rows (imbalanced: label = minority; spurious: groups s != y) of train.csv with replacement
(RandomState(r)), as many as the authors' dup file holds.

Classifiers: ``logistic`` = unpenalised binomial GLM (exact Newton MLE, as statsmodels' GLM);
``randomForest`` with the authors' hand-tuned settings per dataset in the imbalanced runs (others: 200
trees, sqrt features, min_samples_leaf 2, random_state 1). CatBoost is not a dependency: skipped with a note.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from synthover.simulations.real.data import OPAL_GENERATORS, DataError, OpalDataset, Table, datasets, load_opal_v1
from synthover.simulations.real.experiments import CellCache, ClassifierSpec, file_digest, fit_proba, progress

TUNED_FOREST = {  # the authors' imbalanced-run forests (n_estimators, max_depth, max_features), random_state 1
    "openmlDiabetes": (352, 21, "log2"),
    "heart_failure": (244, 74, "log2"),
    "gender": (335, 47, "log2"),
}
DEFAULT_FOREST = (("max_features", "sqrt"), ("min_samples_leaf", 2), ("n_estimators", 200))
SETTINGS = ("imbalanced", "spurious")
VARIANTS = ("as_run", "all_features", "corrected")  # all_features: flaw 1 fixed alone; corrected: flaws 1-3
CLASSIFIERS = ("logistic", "randomForest")
SPURIOUS_METRICS = ("minority", "majority", "overall", "worst", "diff")


@dataclass(frozen=True)
class OpalSettings:
    classifiers: tuple[str, ...] = CLASSIFIERS
    settings: tuple[str, ...] = SETTINGS
    variants: tuple[str, ...] = VARIANTS
    trees: int | None = None  # None: the authors' forests; quick(): 10 trees
    steps: int = 5

    @classmethod
    def quick(cls) -> "OpalSettings":
        return cls(trees=10)


def forest_spec(dataset: str, setting: str, trees: int | None) -> ClassifierSpec:
    if setting == "imbalanced" and dataset in TUNED_FOREST:
        n, depth, feats = TUNED_FOREST[dataset]
        opts = (("max_depth", depth), ("max_features", feats), ("n_estimators", n))
    else:
        opts = DEFAULT_FOREST
    if trees is not None:
        opts = tuple((k, trees if k == "n_estimators" else v) for k, v in opts)
    return ClassifierSpec("opal_rf", None, opts)


def _spec(clf: str, dataset: str, setting: str, trees):
    return ClassifierSpec("opal_logistic") if clf == "logistic" else forest_spec(dataset, setting, trees)


def _without_test_copies(gen: Table, test: Table) -> tuple[Table, np.ndarray]:
    test_rows = {tuple(r) for r in np.column_stack([test.X, test.y])}
    keep = np.array([tuple(r) not in test_rows for r in np.column_stack([gen.X, gen.y])], dtype=bool)
    return gen.take(np.flatnonzero(keep)), ~keep


def _minority_mask(data: OpalDataset, setting: str, t: Table) -> np.ndarray:
    if setting == "imbalanced":
        return t.y == data.roles.minority
    return data.roles.attribute(t) != t.y


def generated_rows(data: OpalDataset, seed: int, setting: str, generator: str, variant: str):
    """The generated rows a run adds, in order, and how many test copies were removed (corrected)."""
    cell = data.settings[(seed, setting)]
    gen = cell.generated[generator]
    removed = 0
    if variant == "corrected":
        if generator == "dup":
            train = cell.train
            minority = np.flatnonzero(_minority_mask(data, setting, train))
            rows = np.random.RandomState(seed).choice(minority, size=len(gen), replace=True)
            gen = train.take(rows)
        else:
            before = len(gen)
            gen, _ = _without_test_copies(gen, data.tests[seed])
            removed = before - len(gen)
    return gen, removed


def _errors(data: OpalDataset, setting: str, test: Table, p1: np.ndarray) -> dict:
    wrong = ((p1 > 0.5).astype(np.int64) != test.y).astype(float)
    if setting != "spurious":
        return {"error": float(wrong.mean())}
    s = data.roles.attribute(test)
    minority = s != test.y
    groups = [wrong[(s == a) & (test.y == b)].mean() for a in (0, 1) for b in (0, 1) if np.any((s == a) & (test.y == b))]
    return {"minority": float(wrong[minority].mean()), "majority": float(wrong[~minority].mean()),
            "overall": float(wrong.mean()), "worst": float(max(groups)), "diff": float(max(groups) - min(groups))}


def run_cell(data: OpalDataset, seed: int, setting: str, generator: str, clf: str, variant: str, settings: OpalSettings) -> dict:
    """Errors at k = 0..steps for one (dataset, seed, setting, generator, classifier, variant)."""
    cell = data.settings[(seed, setting)]
    test = data.tests[seed]
    gen, removed = generated_rows(data, seed, setting, generator, variant)
    chunk = len(cell.train) // settings.steps
    drop_last = setting == "imbalanced" and variant == "as_run"
    cols = slice(0, len(data.features) - 1) if drop_last else slice(None)
    spec = _spec(clf, data.name, setting, settings.trees)
    out = []
    for k in range(settings.steps + 1):
        used = gen.take(np.arange(min(k * chunk, len(gen))))
        X = np.concatenate([cell.train.X, used.X])[:, cols]
        y = np.concatenate([cell.train.y, used.y])
        p = fit_proba(spec, 1, X, y, None, test.X[:, cols])
        out.append(_errors(data, setting, test, p))
    return {"k": list(range(settings.steps + 1)), "errors": out, "test_copies_removed": removed,
            "rows_added_at_end": int(min(settings.steps * chunk, len(gen)))}


def opal_v1(data_dir, names=None, settings: OpalSettings = OpalSettings(), cache: CellCache | None = None,
            show_progress: bool = True, roles: dict | None = None):
    """All OPAL v1 cells present under ``opal_v1/``: (records, notes). A record: one seed, one k."""
    cache = cache or CellCache(None)
    notes = ["catBoost skipped: CatBoost is not a dependency of the toolkit"]
    names = names or datasets(data_dir, "opal_v1")
    jobs = []
    for name in names:
        data = load_opal_v1(data_dir, name, (roles or {}).get(name))
        for setting in settings.settings:
            seeds = [r for r in data.seeds if (r, setting) in data.settings]
            if not seeds:
                notes.append(f"{name}: {setting} setting skipped (no seed<r>/{setting}/ folder)")
                continue
            if setting == "spurious" and data.roles.spurious is None:
                notes.append(f"{name}: spurious setting skipped (no spurious attribute; name it in dataset.json)")
                continue
            for r in seeds:
                for gen in OPAL_GENERATORS:
                    if gen not in data.settings[(r, setting)].generated:
                        continue
                    for clf in settings.classifiers:
                        for variant in settings.variants:
                            jobs.append((data, r, setting, gen, clf, variant))
    records = []
    bar = progress(len(jobs), "OPAL v1", show_progress)
    for data, r, setting, gen, clf, variant in jobs:
        folder = data.root / f"seed{r}"
        inputs = file_digest([folder / "test.csv", folder / setting / "train.csv", folder / setting / f"{gen}.csv"])
        key = cache.key(cell="opal", inputs=inputs + repr(data.roles), setting=setting, gen=gen, clf=clf,
                        variant=variant, trees=settings.trees, steps=settings.steps, dataset=data.name, seed=r)
        value = cache.get_or_compute(key, lambda: run_cell(data, r, setting, gen, clf, variant, settings))
        for k, errs in zip(value["k"], value["errors"]):
            records.append(dict(experiment="opal_v1", dataset=data.name, seed=r, setting=setting, generator=gen,
                                clf=clf, variant=variant, k=k, test_copies_removed=value["test_copies_removed"], **errs))
        bar.update(1)
    bar.close()
    return records, notes


def summarise(records: list[dict]) -> list[dict]:
    """Mean and std (ddof = 1, as pandas .std()) over seeds, per (dataset, setting, generator, clf, variant, k, metric)."""
    groups: dict = {}
    for r in records:
        metrics = ["error"] if r["setting"] == "imbalanced" else list(SPURIOUS_METRICS)
        for m in metrics:
            key = (r["dataset"], r["setting"], r["generator"], r["clf"], r["variant"], r["k"], m)
            groups.setdefault(key, []).append((r["seed"], r[m]))
    out = []
    for (ds, setting, gen, clf, variant, k, m), pairs in sorted(groups.items(), key=lambda kv: tuple(map(str, kv[0]))):
        pairs.sort()
        v = np.array([p[1] for p in pairs])
        out.append(dict(dataset=ds, setting=setting, generator=gen, clf=clf, variant=variant, k=k, metric=m,
                        mean=float(v.mean()), std=float(v.std(ddof=1)) if len(v) > 1 else float("nan"),
                        seeds=[p[0] for p in pairs], values=[float(x) for x in v]))
    if not out and records:
        raise DataError("OPAL v1: no summary could be formed")
    return out
