"""Speed and memory of the model-G simulations against plain NumPy / scikit-learn, as ratios in one run.

    python benchmarks/bench_model_g.py [--quick] [--out benchmarks/results_model_g.md]

1. A2 fast path (plug-in LDA from drawn class means, d = 50, 10^6 replications): synthover (JAX, jit +
   vmap, chunked) against the same computation in vectorised NumPy, chunk by chunk.
2. Logistic full path (d = 10, n = 2000 rows, 10^4 fits): synthover's vmapped Newton against a loop of
   scikit-learn LogisticRegression fits on the same kind of data (timed on a subset, per fit).
3. Peak memory of the fast path at 10^5, 10^6, 10^7 replications, each in a fresh process.
Timings are wall-clock seconds on this machine; the first JAX call (compilation) is timed separately.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from scipy.special import ndtr

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

D_FAST, N0, N1, M, DELTA = 50, 2000, 200, 1800, 0.1
NEWTON_ITERS = 8  # from zero, 8 Newton steps reach the 25-step solution to 1e-16 at this size (checked)


def fast_path_stat():
    from synthover.simulations.samplers.generators import GShift
    from synthover.simulations.model_g.model import shift_vector
    from synthover.simulations.model_g.oversampling import Design, lda_fast

    design = Design(D_FAST, 1.0, N0, N1, M)
    return lda_fast(design, GShift(design.model.mu, shift_vector(D_FAST, DELTA, DELTA)))


def jax_fast_path(reps: int, seed: int = 0, stat=None) -> tuple[float, float]:
    import jax

    from synthover.simulations.montecarlo import monte_carlo

    out = monte_carlo(stat or fast_path_stat(), jax.random.PRNGKey(seed), reps)["excess"]
    return out.mean, out.se


def numpy_fast_path(reps: int, seed: int = 0, chunk: int = 16_384) -> tuple[float, float]:
    """The same Monte Carlo in plain vectorised NumPy."""
    rng = np.random.default_rng(seed)
    mu = np.zeros(D_FAST)
    mu[0] = 1.0
    delta = np.zeros(D_FAST)
    delta[:2] = DELTA
    total, total_sq, done = 0.0, 0.0, 0
    while done < reps:
        k = min(chunk, reps - done)
        mean0 = -mu + rng.standard_normal((k, D_FAST)) / np.sqrt(N0)
        real = N1 * mu + np.sqrt(N1) * rng.standard_normal((k, D_FAST))
        syn = M * (mu + delta) + np.sqrt(M) * rng.standard_normal((k, D_FAST))
        mean1 = (real + syn) / (N1 + M)
        w = mean1 - mean0
        b = np.log((N1 + M) / N0) - (np.sum(mean1**2, 1) - np.sum(mean0**2, 1)) / 2
        norm = np.linalg.norm(w, axis=1)
        margin = w @ mu
        bal = 0.5 * (ndtr((-margin + b) / norm) + ndtr((-margin - b) / norm))
        excess = bal - ndtr(-1.0)
        total += excess.sum()
        total_sq += (excess**2).sum()
        done += k
    mean = total / reps
    return mean, np.sqrt((total_sq / reps - mean**2) / reps)


def _timed(fn, *args):
    start = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - start, out


def logistic_paths(fits: int, sklearn_fits: int) -> dict:
    import jax

    from synthover.simulations.samplers.generators import Duplication
    from synthover.simulations.montecarlo import monte_carlo
    from synthover.simulations.model_g.oversampling import Design, logistic_full

    design = Design(10, 1.0, 1800, 200, 0)
    stat = logistic_full(design, Duplication(), iters=NEWTON_ITERS)
    t_compile, _ = _timed(lambda: monte_carlo(stat, jax.random.PRNGKey(1), 256, chunk=256))
    t_jax, out = _timed(lambda: monte_carlo(stat, jax.random.PRNGKey(2), fits, chunk=256))

    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(0)
    mu = np.zeros(10)
    mu[0] = 1.0
    start = time.perf_counter()
    for _ in range(sklearn_fits):
        X = np.concatenate([-mu + rng.standard_normal((1800, 10)), mu + rng.standard_normal((200, 10))])
        y = np.r_[np.zeros(1800), np.ones(200)]
        LogisticRegression(C=np.inf, tol=1e-8, max_iter=1000).fit(X, y)
    t_sklearn = (time.perf_counter() - start) / sklearn_fits * fits
    return {"fits": fits, "jax_s": t_jax, "jax_compile_s": t_compile, "sklearn_s_extrapolated": t_sklearn,
            "sklearn_fits_timed": sklearn_fits, "speedup": t_sklearn / t_jax, "jax_mean_excess": out["excess"].mean}


def peak_memory_mb(reps: int) -> float:
    code = ("import sys, resource; sys.path.insert(0, %r); import benchmarks.bench_model_g as b; "
            "b.jax_fast_path(%d); print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
            % (str(Path(__file__).resolve().parent.parent), reps))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes (a smoke run)")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("results_model_g.md"))
    args = parser.parse_args(argv)
    reps = 100_000 if args.quick else 1_000_000
    results = {"cores": os.cpu_count()}

    stat = fast_path_stat()
    t_compile, _ = _timed(jax_fast_path, 16_384, 1, stat)
    t_jax, (m_jax, se_jax) = _timed(jax_fast_path, reps, 0, stat)
    t_np, (m_np, se_np) = _timed(numpy_fast_path, reps)
    results["fast_path"] = {"reps": reps, "d": D_FAST, "jax_s": t_jax, "jax_compile_s": t_compile, "numpy_s": t_np,
                            "speedup_vs_numpy": t_np / t_jax, "jax_mean": m_jax, "numpy_mean": m_np,
                            "means_differ_in_se": abs(m_jax - m_np) / np.hypot(se_jax, se_np)}
    results["logistic"] = logistic_paths(1_000 if args.quick else 10_000, 20 if args.quick else 100)
    sizes = [10_000, 100_000] if args.quick else [100_000, 1_000_000, 10_000_000]
    results["peak_memory_mb"] = {str(n): peak_memory_mb(n) for n in sizes}

    fp, lg = results["fast_path"], results["logistic"]
    lines = [
        "# Benchmarks: model G simulations (`python benchmarks/bench_model_g.py`)",
        "",
        f"Machine: {results['cores']} cores, CPU only. Wall-clock seconds, compilation timed separately.",
        "",
        "| work | synthover (JAX) | baseline | ratio |",
        "|---|---|---|---|",
        f"| A2 fast path, d = {D_FAST}, {fp['reps']:,} replications | {fp['jax_s']:.2f} s (+{fp['jax_compile_s']:.2f} s compile) "
        f"| NumPy vectorised: {fp['numpy_s']:.2f} s | {fp['speedup_vs_numpy']:.2f}x |",
        f"| logistic full path, d = 10, n = 2000, {lg['fits']:,} fits | {lg['jax_s']:.2f} s (+{lg['jax_compile_s']:.2f} s compile) "
        f"| scikit-learn loop: {lg['sklearn_s_extrapolated']:.1f} s (from {lg['sklearn_fits_timed']} fits) | {lg['speedup']:.1f}x |",
        "",
        "Peak resident memory of the fast path (fresh process each): "
        + ", ".join(f"{int(n):,} reps: {mb:.0f} MB" for n, mb in results["peak_memory_mb"].items()),
        "",
        f"Both fast paths estimate the same mean: JAX {fp['jax_mean']:.6f}, NumPy {fp['numpy_mean']:.6f} "
        f"({fp['means_differ_in_se']:.1f} SE apart). The fast path's gain comes mostly from drawing two "
        "coordinates and a chi-square instead of d coordinates (same law); the NumPy baseline draws all d.",
        "",
        "The logistic path's cost splits about evenly between drawing the rows (JAX's counter-based normal "
        "generator is slower than NumPy's on CPU) and the batched Newton steps; scikit-learn's L-BFGS needs "
        "about 3 ms per fit here, so on 2 CPU cores the vmapped path is a small constant factor faster, not 20x.",
    ]
    args.out.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    print(json.dumps(results, indent=2, default=float))
    return results


if __name__ == "__main__":
    main()
