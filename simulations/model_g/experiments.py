"""Model G experiments as functions of (parameter dict, key, reps): what the A and C claims and the figures run.

Each builds the design and generator from plain parameters, runs the chunked Monte Carlo and returns
`simulations.montecarlo.Summary` objects (or arrays), so that callers outside simulations/ never touch JAX.
Parameter names are those of docs/theory/model_g.md (d, s, n0, n1, m, delta_par, delta_perp, sigma_syn;
for augmentation: w, delta, delta0, N). No formula under test is used here.
"""
from __future__ import annotations

import jax
import numpy as np

from synthover.simulations.model_g.augmentation import AugmentationDesign, curve_summary
from synthover.simulations.model_g.finite_class_erm import FiniteLinearClass, finite_class_erm_stat
from synthover.simulations.model_g.model import shift_vector
from synthover.simulations.model_g.oversampling import Design, lda_fast, logistic_full
from synthover.simulations.montecarlo import Summary, monte_carlo, replicate
from synthover.simulations.samplers.generators import Duplication, GShift, Replication


def _gshift(design: Design, p: dict, delta_par=None, delta_perp=None) -> GShift:
    par = p.get("delta_par", 0.0) if delta_par is None else delta_par
    perp = p.get("delta_perp", 0.0) if delta_perp is None else delta_perp
    return GShift(design.model.mu, shift_vector(design.d, par, perp), p.get("sigma_syn", 1.0))


def oversampled_lda(p: dict, key, reps: int) -> Summary:
    """Excess R_bal of plug-in LDA on n0 + n1 real and m G-shift rows (class means drawn in distribution)."""
    design = Design(p["d"], p["s"], p["n0"], p["n1"], p["m"])
    return monte_carlo(lda_fast(design, _gshift(design, p)), key, reps)["excess"]


def duplicated_lda(p: dict, key, reps: int) -> Summary:
    """Excess R_bal of plug-in LDA on n0 + n1 real rows and m deterministic copies of the n1 minority rows."""
    design = Design(p["d"], p["s"], p["n0"], p["n1"], p["m"])
    return monte_carlo(lda_fast(design, Replication()), key, reps)["excess"]


def raw_logistic(p: dict, key, reps: int) -> Summary:
    """Excess R_bal of logistic ERM (Newton, every row) on n0 + n1 real rows, no oversampling."""
    design = Design(p["d"], p["s"], p["n0"], p["n1"], 0)
    return monte_carlo(logistic_full(design, Duplication()), key, reps, chunk=64)["excess"]


def oversampled_logistic(p: dict, key, reps: int, iters: int) -> Summary:
    """Excess R_bal of logistic ERM on n0 + n1 real and m G-shift rows (every row drawn)."""
    design = Design(p["d"], p["s"], p["n0"], p["n1"], p["m"])
    return monte_carlo(logistic_full(design, _gshift(design, p), iters=iters), key, reps, chunk=4)["excess"]


def balancing_cases(p: dict, key, reps: int) -> dict[str, Summary]:
    """A3's five data sets, plug-in LDA: raw (m = 0); deterministic duplication, bootstrap duplication,
    perfect G-shift and biased G-shift rows, each with m = n0 - n1 (balance)."""
    k_raw, k_dup, k_boot, k_syn, k_bias = jax.random.split(key, 5)
    balanced = Design(p["d"], p["s"], p["n0"], p["n1"], p["n0"] - p["n1"])
    raw = Design(p["d"], p["s"], p["n0"], p["n1"], 0)
    run = lambda design, generator, k: monte_carlo(lda_fast(design, generator), k, reps)["excess"]  # noqa: E731
    return {
        "raw": run(raw, Replication(), k_raw),  # m = 0: no rows added (the law of any generator)
        "duplication": run(balanced, Replication(), k_dup),
        "bootstrap": run(balanced, Duplication(), k_boot),
        "perfect": run(balanced, _gshift(balanced, {}, 0.0, 0.0), k_syn),
        "biased": run(balanced, _gshift(balanced, p), k_bias),
    }


def duplication_and_synthetic(p: dict, key, reps: int) -> tuple[Summary, Summary]:
    """A4: (deterministic duplication, G-shift rows), both to balance, plug-in LDA, independent keys."""
    k_dup, k_syn = jax.random.split(key)
    design = Design(p["d"], p["s"], p["n0"], p["n1"], p["n0"] - p["n1"])
    dup = monte_carlo(lda_fast(design, Replication()), k_dup, reps)["excess"]
    syn = monte_carlo(lda_fast(design, _gshift(design, p)), k_syn, reps)["excess"]
    return dup, syn


#: rows x rules of F_d scored per chunk of A5's replications: every row is compared with every rule, and XLA keeps
#: that comparison (about 9 bytes a cell); at d = 20 and 15,114 rows a chunk sized by rows alone held 22 GB and
#: the calibration's process was killed. No point of the check's grid reaches this cap, so its keys are unchanged.
ERM_CHUNK_CELLS = 400_000_000


def finite_class_excess(p: dict, key, reps: int) -> np.ndarray:
    """A5: per-replication excess R_bal of oversampled 0-1 ERM over the finite class F_d (exact scoring)."""
    d, n0, n1, m = p["d"], p["n0"], p["n1"], p["m"]
    erm = finite_class_erm_stat(FiniteLinearClass(d), n0, n1 + m)
    stat = lambda k: erm(k, d, p["s"], n0, n1, m, p["delta_par"], p["delta_perp"])  # noqa: E731
    return replicate(stat, key, reps, chunk=erm_chunk(d, n0 + n1 + m, reps))["excess"]


def erm_chunk(d: int, rows: int, reps: int) -> int:
    """Replications per compiled chunk of A5: at most 2e6 rows and ERM_CHUNK_CELLS rows x rules."""
    return max(1, min(reps, 2_000_000 // rows, ERM_CHUNK_CELLS // (rows * finite_class_size(d))))


def finite_class_size(d: int) -> int:
    return FiniteLinearClass.size(d)


# ---------------------------------------------------------------- C: augmentation

def augmentation_design(p: dict, n_aug: int) -> AugmentationDesign:
    """Balanced data (n0, n1, m1 = n0 - n1) plus n_aug rows of weight w; delta_1 = (delta, delta),
    delta_0 = (0, -delta0)."""
    return AugmentationDesign(int(p["d"]), float(p["s"]), int(p["n0"]), int(p["n1"]), int(n_aug), float(p["w"]),
                              (p["delta"], p["delta"]), (0.0, -p["delta0"]), float(p.get("sigma_syn", 1.0)))


def augmentation_curve(p: dict, n_values, key, reps: int, antithetic: bool | None = None):
    """(means, SEs) of the excess R_bal of plug-in LDA at each N (one compiled function for the curve).
    Antithetic pairs by default when a shift makes the first-order noise term of the risk non-zero."""
    if antithetic is None:
        antithetic = p["delta"] > 0 or p["delta0"] > 0
    return curve_summary([augmentation_design(p, int(n)) for n in n_values], key, reps, antithetic)


def budget_line_curve(p: dict, grid, key, reps: int):
    """(means, SEs) along a budget line: `grid` holds (N, n1, n0) triples (antithetic pairs)."""
    designs = [augmentation_design({**p, "n0": n0, "n1": n1}, n_aug) for n_aug, n1, n0 in grid]
    return curve_summary(designs, key, reps, antithetic=True)
