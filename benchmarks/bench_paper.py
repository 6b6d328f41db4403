"""Benchmark: Experiments A and B on the authors' rows, cold and cached, against a plain per-cell loop.

    python benchmarks/bench_paper.py --data DIR [--quick]
    (or SYNTHOVER_DATA=DIR synthover bench)

Full: craft and gender, both tasks, Experiments A (rf, xgb; 10 ratios) and B (rf, xgb; 10 values of m), five
reps. --quick: craft, imbalanced task, ratios 2 and 10, m in {0, 3600}. The plain loop does the same
work the way the authors' scripts do it (pandas frames, ``DataFrame.sample``, ``pd.concat``, a fresh
scikit-learn / xgboost model per cell, ``sklearn.metrics.log_loss``) with the GReaT rows; the toolkit's
cold run also makes the SMOTE/ADASYN/ROS arms of A, so the loop is run on the same arms (imbalanced-learn
rows made once per dataset, as the toolkit does). Ratio = toolkit cold / plain loop; cached must be <= 10 s.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from synthover.simulations.real import experiments_scaling as sc
from synthover.simulations.real.experiments import CELL_WORKERS, CellCache, xgboost_available

REPS = (1, 2, 6, 8, 42)


def settings(quick: bool) -> sc.ScalingSettings:
    clfs = ("rf", "xgb") if xgboost_available() else ("rf",)
    if quick:
        return sc.ScalingSettings(ratio_index=(1, 9), additional_index=(0, 9), classifiers_a=clfs, classifiers_b=clfs,
                                  tasks=("imbalanced",))
    return sc.ScalingSettings(classifiers_a=clfs, classifiers_b=clfs)


def toolkit(data, names, s, cache_dir):
    cache = CellCache(cache_dir)
    start = time.perf_counter()
    sc.vary_ratio(data, names, s, cache, show_progress=False)
    sc.vary_additional(data, names, s, cache, show_progress=False)
    return time.perf_counter() - start, cache


def _model(clf, rs):
    if clf == "rf":
        from sklearn.ensemble import RandomForestClassifier

        return RandomForestClassifier(random_state=rs, criterion="entropy", n_jobs=1)
    from xgboost import XGBClassifier

    return XGBClassifier(random_state=rs, n_jobs=1)


def _loss(model, test, label, minority):
    from sklearn.metrics import log_loss

    X, y = test.drop(columns=label), test[label]
    p = model.predict_proba(X)
    w = y.map({0: len(y) / (2 * (y == 0).sum()), 1: len(y) / (2 * (y == 1).sum())})
    mask = minority(test)
    return log_loss(y, p, sample_weight=w, labels=[0, 1]), log_loss(y[mask], p[mask.to_numpy()], labels=[0, 1])


def _baseline(seed_frame, label, method):
    from imblearn.over_sampling import ADASYN, SMOTE, RandomOverSampler

    sampler = {"smote": SMOTE, "adasyn": ADASYN, "ros": RandomOverSampler}[method]
    X, y = sampler(sampling_strategy={0: 25000, 1: 25000}, random_state=42).fit_resample(
        seed_frame.drop(columns=label), seed_frame[label])
    new = pd.concat([X, y], axis=1).iloc[len(seed_frame):].sample(frac=1, random_state=42)
    return {c: new[new[label] == c].sample(frac=1, random_state=42) for c in (0, 1)}


def _split_generated(g_min):
    """The authors' split of the generated minority rows: B (1000 rows, random_state 42) and the rest R."""
    b = g_min.sample(n=1000, random_state=42)
    return b, g_min.drop(b.index)


def _fit_loss(clf, rep, frame, label, weight, test, minority):
    m = _model(clf, rep).fit(frame.drop(columns=label), frame[label], sample_weight=weight)
    return _loss(m, test, label, minority)


def plain_loop(data, names, s):
    """The authors' way, imbalanced task (the spurious task is the same loop on other files)."""
    start = time.perf_counter()
    for name in names:
        root = Path(data) / "scaling_law" / name
        read = {stem: pd.read_csv(root / f"{stem}.csv") for stem in
                ("seed", "test", "pool_y0", "great_y0", "great_y1", "pool_sy_mismatch", "great_sy_match",
                 "great_sy_mismatch", "pool")}
        label = read["seed"].columns[-1]
        for task in s.tasks:
            maj, gmin, gmaj = ((read["pool_y0"], read["great_y1"], read["great_y0"]) if task == "imbalanced" else
                               (read["pool_sy_mismatch"], read["great_sy_match"], read["great_sy_mismatch"]))
            attr = read["seed"].columns[0] if name == "gender" else "X6"
            ref = read["test"][attr].min()
            minority = ((lambda t: t[label] == 1) if task == "imbalanced"
                        else (lambda t: (t[attr] != ref).astype(int) == t[label]))
            for method in s.methods:
                if method == "great":
                    g_min, g_maj = gmin, gmaj
                else:
                    rows = _baseline(read["seed"], label, method)
                    g_min, g_maj = rows[1], rows[0]
                u = maj.sample(n=1000, random_state=42)
                b, r = _split_generated(g_min)
                for clf in s.classifiers_a:
                    for i in s.ratio_index:
                        for rep in s.reps:
                            n = 100 * i
                            raw = pd.concat([read["seed"], u.sample(n=n, random_state=rep)])
                            bal = pd.concat([raw, b.sample(n=n, random_state=rep)])
                            aug = pd.concat([bal, r.sample(n=300, random_state=rep), g_maj.sample(n=300, random_state=rep)])
                            w = np.r_[np.ones(len(bal)), 0.5 * np.ones(600)]
                            frames = [(bal, None), (aug, w)] + ([(raw, None)] if method == "great" else [])
                            for frame, weight in frames:
                                _fit_loss(clf, rep, frame, label, weight, read["test"], minority)
            base = pd.concat([read["seed"], maj.sample(n=1000, random_state=42).sample(n=800, random_state=42)])
            b, r = _split_generated(gmin)
            for clf in s.classifiers_b:
                for i in s.additional_index:
                    for rep in s.reps:
                        half = 200 * i
                        bal = pd.concat([base, b.sample(n=800, random_state=rep)])
                        aug = pd.concat([bal, r.sample(n=half, random_state=rep), gmaj.sample(n=half, random_state=rep)])
                        w = np.r_[np.ones(len(bal)), 0.5 * np.ones(2 * half)]
                        _fit_loss(clf, rep, aug, label, w, read["test"], minority)
                m = _model(clf, 42).fit(read["pool"].drop(columns=label), read["pool"][label])
                _loss(m, read["test"], label, minority)
    return time.perf_counter() - start


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", default=os.environ.get("SYNTHOVER_DATA", ""))
    p.add_argument("--quick", action="store_true")
    p.add_argument("--out", type=Path, default=Path(__file__).with_name("results_paper.md"))
    args = p.parse_args(argv)
    if not args.data or not (Path(args.data) / "scaling_law").is_dir():
        print("bench_paper: skipped (needs the authors' data: --data DIR or SYNTHOVER_DATA)")
        return 0
    names = ["craft"] if args.quick else ["craft", "gender"]
    s = settings(args.quick)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        cold, cache = toolkit(args.data, names, s, Path(tmp))
        cached, again = toolkit(args.data, names, s, Path(tmp))
    loop = plain_loop(args.data, names, s)
    print(f"datasets {names}, tasks {s.tasks}, classifiers A {s.classifiers_a} B {s.classifiers_b}, "
          f"{len(s.ratio_index)} ratios, {len(s.additional_index)} values of m, {len(s.reps)} reps")
    print(f"toolkit cold: {cold:8.1f} s ({cache.misses} cells)")
    print(f"toolkit cached: {cached:6.2f} s ({again.hits} cells read, {again.misses} computed)")
    print(f"plain loop: {loop:10.1f} s   ratio cold / loop = {cold / loop:.2f}")
    args.out.write_text(
        "# Experiments A and B on the authors' rows: the toolkit against a plain per-cell loop\n\n"
        f"`python benchmarks/bench_paper.py --data DATA{' --quick' if args.quick else ''}` on "
        f"{len(os.sched_getaffinity(0))} cores (load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after): "
        f"datasets {', '.join(names)}; tasks {', '.join(s.tasks)}; A with {', '.join(s.classifiers_a)} at "
        f"{len(s.ratio_index)} ratios, B with {', '.join(s.classifiers_b)} at {len(s.additional_index)} values of m; "
        f"{len(s.reps)} reps.\n\n"
        "| run | seconds | cells |\n|---|---|---|\n"
        f"| toolkit, cold (fresh cache; cells computed {CELL_WORKERS} at a time) | {cold:.1f} | {cache.misses} computed |\n"
        f"| toolkit, cached (the same run again) | {cached:.2f} | {again.hits} read, {again.misses} computed |\n"
        f"| plain loop (the authors' way: pandas, a fresh model per cell, one at a time) | {loop:.1f} | the same fits |\n\n"
        f"Speed-up of the cold run over the plain loop: {loop / cold:.2f}x.\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
