"""Runtime of `synthover audit`: one 4,000-row synthetic file against a 5,000-row real table (+ 1,000 test rows).

    python benchmarks/bench_audit.py [--quick] [--out benchmarks/results_audit.md]

Tables: 8 Gaussian features (two classes one unit apart), 50 exact copies planted. Timed stages of one
audit (the whole CLI path: read CSVs, audit, report, plots), best of 1 run (it is a one-shot command):
  nearest neighbours  exact k-d tree (scipy cKDTree, one thread): build O(n log n), each query ~O(log n) in
                      low dimension (worst case O(n d)); it runs 4 times (train baseline or leave-one-out,
                      synthetic -> train, train -> test, synthetic -> test) and once more per group;
                      against it, the brute-force distance matrix n_syn x n_real x d (NumPy), for scale;
  classifiers         label consistency (logistic) and detection (logistic + forest of 50 trees, 3 folds).
Target: the whole audit under 30 s on 2 cores.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def tables(n_syn: int, n_real: int, n_test: int, d: int, seed: int = 0):
    rng = np.random.default_rng(seed)

    def draw(n):
        y = rng.integers(0, 2, n)
        X = rng.normal(size=(n, d)) + np.outer(y - 0.5, np.r_[1.0, np.zeros(d - 1)])
        return pd.DataFrame(np.column_stack([X, y]), columns=[f"x{j}" for j in range(d)] + ["y"])

    real, test, syn = draw(n_real), draw(n_test), draw(n_syn)
    syn.iloc[:50] = real.iloc[:50].to_numpy()
    return syn, real, test


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results_audit.md")
    args = ap.parse_args(argv)
    from synthover.paper_checks.real.audit_report import run_audit
    from synthover.simulations.real import audit as A

    n_syn, n_real, n_test, d = (1000, 1250, 250, 8) if args.quick else (4000, 5000, 1000, 8)
    syn, real, test = tables(n_syn, n_real, n_test, d)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for name, df in (("syn", syn), ("real", real), ("test", test)):
            df.to_csv(tmp / f"{name}.csv", index=False)
        t0, c0 = time.perf_counter(), time.process_time()
        result, _, _ = run_audit(tmp / "syn.csv", tmp / "real.csv", tmp / "test.csv", "y", None, tmp / "out")
        total, cpu = time.perf_counter() - t0, time.process_time() - c0
    Xs, Xr = syn.iloc[:, :d].to_numpy(), real.iloc[:, :d].to_numpy()
    t0 = time.perf_counter()
    A.closest_distance(Xs, Xr)
    kd = time.perf_counter() - t0
    t0 = time.perf_counter()
    for start in range(0, len(Xs), 500):  # chunked so memory stays small
        block = Xs[start:start + 500]
        np.sqrt(((block[:, None, :] - Xr[None, :, :]) ** 2).sum(-1)).min(axis=1)
    brute = time.perf_counter() - t0
    lines = [f"# Audit runtime ({n_syn} synthetic rows vs {n_real} real + {n_test} test rows, d = {d})", "",
             "| stage | seconds |", "|---|---|",
             f"| whole audit (read, copies, fidelity, classifiers, report, plots), wall | {total:.2f} |",
             f"| the same, CPU time of this process (the wall time includes waiting on a shared machine) | {cpu:.2f} |",
             f"| one nearest-neighbour search, k-d tree (synthetic -> real) | {kd:.3f} |",
             f"| the same by brute force (NumPy distance matrix, 500-row chunks) | {brute:.3f} |", "",
             f"Exact copies found: {result['copies_of_train']['exact_copies']} (50 planted). Target: whole audit < 30 s.",
             ""]
    text = "\n".join(lines)
    print(text)
    if not args.quick:
        args.out.write_text(text)
    return 0 if total < 30 else 1


if __name__ == "__main__":
    sys.exit(main())
