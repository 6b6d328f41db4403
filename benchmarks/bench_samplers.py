"""Speed and memory of the imbalanced-learn compatible samplers against imbalanced-learn, as ratios in one run.

    python benchmarks/bench_samplers.py [--quick] [--out benchmarks/results_samplers.md]

1. Every sampler against its counterpart on one table per grid point (a sparse grid over 10^3-10^6 rows,
   5-100 features, minority shares 1-20%; two Gaussian classes one unit apart on the first feature):
       SMOTEOverSampler       vs imblearn SMOTE
       ADASYNOverSampler      vs imblearn ADASYN
       DuplicationOverSampler vs imblearn RandomOverSampler
       GShiftOverSampler      vs a NumPy Gaussian fit-and-draw (class mean and sd, rng.normal, vstack)
   Wall-clock seconds of the first fit_resample of a fresh sampler on a new shape (nothing compiled or
   warmed for that shape; the libraries are imported and set up by one tiny call first; who meets the
   shape first alternates between grid points) and the best of the repeated calls (5 up to 10^4 rows,
   else 1); peak traced memory (tracemalloc: NumPy
   buffers, not scikit-learn's C++ scratch, which its chunking bounds) of one more call.
2. fit_resample on 10^6 x 20, 10% minority: peak resident memory of a fresh process, ours and theirs.
3. The simulations' batched SMOTE (thousands of small data sets, one jitted vmap, float64 as the checks
   run it) against a loop of imblearn SMOTE over the same data sets (timed on a subset, per data set).
Ratios are theirs / ours: above 1, synthover is faster or smaller.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# (rows, features, minority share, samplers); ADASYN's density search queries the whole table, so its
# brute-force cost (d > 15) is minority x rows: it is left out where that is beyond the run's budget.
ALL = ("SMOTE", "ADASYN", "duplication", "G-shift", "G-shift (bare)")
GRID = [
    (1_000, 5, 0.10, ALL),
    (1_000, 100, 0.20, ALL),
    (10_000, 20, 0.10, ALL),
    (10_000, 5, 0.01, ALL),
    (10_000, 100, 0.10, ALL),
    (100_000, 20, 0.10, ("SMOTE", "duplication", "G-shift", "G-shift (bare)")),
    (100_000, 20, 0.01, ALL),
    (100_000, 5, 0.20, ALL),
    (1_000_000, 5, 0.01, ALL),
    (1_000_000, 20, 0.10, ("duplication", "G-shift", "G-shift (bare)")),  # SMOTE at this size: part 2, fresh processes
]
QUICK_GRID = [(1_000, 5, 0.10, ALL), (10_000, 20, 0.10, ALL), (10_000, 5, 0.01, ALL)]
BIG = (1_000_000, 20, 0.10)


def make_table(n: int, d: int, share: float, seed: int = 0):
    """Two Gaussian classes N(0, I) and N(e_1, I); the minority is class 1."""
    rng = np.random.default_rng(seed)
    n1 = max(int(round(share * n)), 10)
    X = rng.standard_normal((n, d))
    X[n - n1:, 0] += 1.0
    y = np.zeros(n, dtype=np.int64)
    y[n - n1:] = 1
    return X, y


def numpy_gaussian(rng, X, y):
    """The plain NumPy way to do G-shift(0, 1): fit each minority class's mean and sd, draw, stack."""
    labels, counts = np.unique(y, return_counts=True)
    parts, labels_out = [X], [y]
    for label, count in zip(labels, counts):
        m = counts.max() - count
        if m:
            rows = X[y == label]
            parts.append(rows.mean(0) + rows.std(0) * rng.standard_normal((m, X.shape[1])))
            labels_out.append(np.full(m, label))
    return np.vstack(parts), np.concatenate(labels_out)


class BareNumpyGaussian:
    """numpy_gaussian with no input checks: the least work a G-shift can be."""

    def __init__(self, random_state=0):
        self.random_state = random_state

    def fit_resample(self, X, y):
        return numpy_gaussian(np.random.default_rng(self.random_state), X, y)


def numpy_gaussian_sampler(random_state=0):
    """numpy_gaussian as an imbalanced-learn over-sampler: the same contract (input validation, the
    sampling strategy, output checks) as GShiftOverSampler and every imbalanced-learn sampler."""
    from imblearn.over_sampling.base import BaseOverSampler

    class NumpyGaussianOverSampler(BaseOverSampler):
        def __init__(self, *, sampling_strategy="auto", random_state=None):
            super().__init__(sampling_strategy=sampling_strategy)
            self.random_state = random_state

        def _fit_resample(self, X, y):
            return numpy_gaussian(np.random.default_rng(self.random_state), X, y)

    return NumpyGaussianOverSampler(random_state=random_state)


def pair(name: str):
    """(ours, theirs) factories for one sampler."""
    from imblearn.over_sampling import ADASYN, SMOTE, RandomOverSampler

    from synthover.simulations.samplers import imblearn_api as api

    return {
        "SMOTE": (lambda: api.SMOTEOverSampler(random_state=0), lambda: SMOTE(random_state=0)),
        "ADASYN": (lambda: api.ADASYNOverSampler(random_state=0), lambda: ADASYN(random_state=0)),
        "duplication": (lambda: api.DuplicationOverSampler(random_state=0), lambda: RandomOverSampler(random_state=0)),
        "G-shift": (lambda: api.GShiftOverSampler(random_state=0), lambda: numpy_gaussian_sampler(random_state=0)),
        "G-shift (bare)": (lambda: api.GShiftOverSampler(random_state=0), lambda: BareNumpyGaussian(random_state=0)),
    }[name]


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def traced_peak_mb(fn) -> float:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def measure_pair(makers: dict, order: tuple, X, y, repeats: int) -> dict:
    """First calls of fresh samplers in `order`, then `repeats` calls of each, interleaved (a load change
    hits both alike): the median of those, their spread (max - min over median) and one traced call."""
    first = {who: timed(lambda: makers[who]().fit_resample(X, y)) for who in order}
    samplers = {who: makers[who]() for who in order}
    again = {who: [] for who in order}
    for _ in range(repeats):
        for who in order:
            again[who].append(timed(lambda: samplers[who].fit_resample(X, y)))
    return {who: {"first": first[who], "repeat": float(np.median(again[who])),
                  "spread": float((max(again[who]) - min(again[who])) / np.median(again[who])),
                  "peak_mb": traced_peak_mb(lambda: samplers[who].fit_resample(X, y))} for who in order}


def warm_up() -> None:
    """One call of every sampler on a tiny table: imports and one-time library set-up leave the timings."""
    X, y = make_table(200, 3, 0.2)
    for name in ALL:
        for make in pair(name):
            make().fit_resample(X, y)


def grid(cases, repeats: int) -> list[dict]:
    warm_up()
    rows = []
    for case, (n, d, share, names) in enumerate(cases):
        X, y = make_table(n, d, share)
        for name in names:
            ours, theirs = pair(name)
            order = ("ours", "theirs") if case % 2 == 0 else ("theirs", "ours")  # who meets the shape first
            timings = measure_pair({"ours": ours, "theirs": theirs}, order, X, y, repeats if n < 10**6 else 3)
            row = {"sampler": name, "n": n, "d": d, "share": share, "ours": timings["ours"], "theirs": timings["theirs"]}
            rows.append(row)
            print(json.dumps(row), flush=True)
    return rows


def memory_status(field: str) -> float:
    """A field of /proc/self/status in MB (VmRSS: resident now; VmHWM: peak resident since the reset)."""
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith(field + ":"))
    return int(line.split()[1]) / 1024


def one_big(which: str) -> dict:
    """In a fresh process: SMOTE fit_resample on the 10^6 x 20 table; resident memory before the call and
    its peak during the call (the peak mark reset through /proc/self/clear_refs just before)."""
    X, y = make_table(*BIG)
    ours, theirs = pair("SMOTE")
    sampler = (ours if which == "ours" else theirs)()
    before = memory_status("VmRSS")
    with open("/proc/self/clear_refs", "w") as marks:
        marks.write("5")
    seconds = timed(lambda: sampler.fit_resample(X, y))
    return {"which": which, "seconds": seconds, "rss_before_mb": before, "rss_peak_mb": memory_status("VmHWM")}


def big_in_fresh_processes() -> dict:
    out = {}
    for which in ("ours", "theirs"):
        done = subprocess.run([sys.executable, __file__, "--big", which], capture_output=True, text=True, check=True)
        out[which] = json.loads(done.stdout.strip().splitlines()[-1])
        print(json.dumps(out[which]), flush=True)
    return out


def batched_smote(datasets: int, loop_datasets: int, n0=200, n1=40, d=10, m=160) -> dict:
    """E2-sized work: `datasets` minority tables (n1 x d), m SMOTE rows each."""
    import jax
    from imblearn.over_sampling import SMOTE

    from synthover.simulations.precision import float64
    from synthover.simulations.samplers.smote import Smote

    rng = np.random.default_rng(1)
    minority = rng.standard_normal((datasets, n1, d))
    majority = rng.standard_normal((loop_datasets, n0, d))
    with float64():
        batch = jax.jit(jax.vmap(lambda key, rows: Smote(5).sample(key, rows, m)))
        keys = jax.random.split(jax.random.PRNGKey(0), datasets)
        rows = jax.numpy.asarray(minority)
        first = timed(lambda: batch(keys, rows).block_until_ready())
        again = min(timed(lambda: batch(keys, rows).block_until_ready()) for _ in range(3))
    y = np.r_[np.zeros(n0, int), np.ones(n1, int)]

    def loop():
        for b in range(loop_datasets):
            SMOTE(k_neighbors=5, sampling_strategy={1: n1 + m}, random_state=b).fit_resample(
                np.vstack([majority[b], minority[b]]), y)

    per_set = timed(loop) / loop_datasets
    return {"datasets": datasets, "n1": n1, "d": d, "m": m, "jax_first": first, "jax_repeat": again,
            "imblearn_per_set": per_set, "imblearn_total": per_set * datasets}


def ratio(theirs: float, ours: float) -> str:
    return f"{theirs / ours:.2f}x"


def standing(row: dict) -> str:
    """'faster' (ratio >= 1 on repeated calls), 'parity' (slower by less than the run-to-run spread of the
    repeated calls of either) or 'slower'."""
    o, t = row["ours"], row["theirs"]
    if t["repeat"] >= o["repeat"]:
        return "faster"
    return "parity" if o["repeat"] / t["repeat"] - 1 <= max(o["spread"], t["spread"]) else "slower"


def markdown(results: dict) -> str:
    rows = results["grid"]
    counts = {k: sum(standing(r) == k for r in rows) for k in ("faster", "parity", "slower")}
    lines = [
        "# Samplers: speed and memory against imbalanced-learn",
        "",
        f"Machine: {results['cores']} cores, CPU only, load average {results['load_before']:.1f} at the start and "
        f"{results['load_after']:.1f} at the end; `python benchmarks/bench_samplers.py"
        f"{' --quick' if results['quick'] else ''}`. Wall-clock seconds; ratio = theirs / ours (above 1: "
        "synthover faster or smaller). First: a fresh sampler's first call on the shape; repeat: the median of "
        "the later calls, ours and theirs interleaved (7 each, 3 at 10^6 rows); spread: (max - min) / median of "
        "those; standing: faster (repeat ratio >= 1), parity (slower by less than the spread), slower; memory: "
        "peak traced NumPy memory of one call (tracemalloc).",
        "",
        f"Standing over the {len(rows)} cells: {counts['faster']} faster, {counts['parity']} at parity, "
        f"{counts['slower']} slower.",
        "",
        "| sampler | rows x features, minority | ours first | theirs first | ratio | ours repeat | theirs repeat "
        "| ratio | spread ours / theirs | standing | ours MB | theirs MB |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        o, t = r["ours"], r["theirs"]
        lines.append(
            f"| {r['sampler']} | {r['n']:,} x {r['d']}, {r['share']:.0%} | {o['first']:.4f} | {t['first']:.4f} | "
            f"{ratio(t['first'], o['first'])} | {o['repeat']:.4f} | {t['repeat']:.4f} | {ratio(t['repeat'], o['repeat'])} "
            f"| {o['spread']:.0%} / {t['spread']:.0%} | {standing(r)} | {o['peak_mb']:.0f} | {t['peak_mb']:.0f} |")
    lines += ["", "Counterparts: SMOTE, ADASYN: imbalanced-learn's; duplication: `RandomOverSampler`; G-shift: a NumPy "
              "Gaussian fit-and-draw written as an imbalanced-learn over-sampler (the same input checks and "
              "sampling strategy as every imbalanced-learn sampler); G-shift (bare): the same NumPy code called "
              "directly, with no checks at all (the floor of this work; the difference is imbalanced-learn's "
              "`fit_resample` contract, which GShiftOverSampler pays as every imbalanced-learn sampler does)."]
    if "big" in results:
        o, t = results["big"]["ours"], results["big"]["theirs"]
        lines += ["", "SMOTE `fit_resample` on 1,000,000 x 20, 10% minority, each in a fresh process (resident memory "
                  "before the call, with the libraries and the 153 MB table loaded, and its peak during the call; "
                  "the output is 275 MB; MB = 2^20 bytes):", "",
                  "| | seconds | RSS before the call (MB) | peak RSS during the call (MB) |", "|---|---|---|---|",
                  f"| synthover | {o['seconds']:.1f} | {o['rss_before_mb']:.0f} | {o['rss_peak_mb']:.0f} |",
                  f"| imbalanced-learn | {t['seconds']:.1f} | {t['rss_before_mb']:.0f} | {t['rss_peak_mb']:.0f} |"]
    b = results["batched"]
    lines += ["", f"Batched SMOTE as the simulations run it: {b['datasets']:,} data sets of {b['n1']} minority rows x "
              f"{b['d']} features, {b['m']} new rows each, one jitted vmap (float64): {b['jax_repeat']:.3f} s "
              f"(first call {b['jax_first']:.2f} s with compilation); a loop of imbalanced-learn SMOTE on the same "
              f"work: {b['imblearn_total']:.1f} s ({b['imblearn_per_set'] * 1e3:.2f} ms per data set): "
              f"{b['imblearn_total'] / b['jax_repeat']:.0f}x compiled, "
              f"{b['imblearn_total'] / b['jax_first']:.0f}x with the compilation."]
    return "\n".join(lines) + "\n"


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a small subset (a smoke run)")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("results_samplers.md"))
    parser.add_argument("--big", choices=("ours", "theirs"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.big:
        print(json.dumps(one_big(args.big)))
        return {}
    results = {"cores": len(os.sched_getaffinity(0)), "quick": args.quick, "load_before": os.getloadavg()[0],
               "grid": grid(QUICK_GRID if args.quick else GRID, 3 if args.quick else 7)}
    if not args.quick:
        results["big"] = big_in_fresh_processes()
    results["batched"] = batched_smote(*((200, 20) if args.quick else (4000, 200)))
    print(json.dumps(results["batched"]), flush=True)
    results["load_after"] = os.getloadavg()[0]
    args.out.write_text(markdown(results))
    print(f"wrote {args.out}")
    return results


if __name__ == "__main__":
    main()
