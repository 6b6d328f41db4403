"""Model S experiments: replicated logistic fits of a design, scored exactly; shared by claims B and figures.

Every function takes a PRNG key and returns per-replication values (numpy) or their mean and SE, so the
callers (paper_checks, figures) never touch JAX themselves.
"""
from __future__ import annotations

import math

import jax
import numpy as np

from synthover.simulations.model_s.model import SpuriousDesign, iid_logistic_stat, logistic_stat
from synthover.simulations.montecarlo import replicate

CHUNK_ROWS = 400_000  # rows per vmapped chunk (memory)


def _chunk(rows: int, reps: int) -> int:
    return max(1, min(reps, CHUNK_ROWS // rows))


def design_values(design: SpuriousDesign, key, reps: int) -> dict[str, np.ndarray]:
    """Per-replication w_a, b, group/balanced/worst risks and excesses of logistic ERM on `design`."""
    return replicate(logistic_stat(design), key, reps, chunk=_chunk(design.rows, reps))


def iid_values(d: int, s: float, n: int, p: float, key, reps: int) -> dict[str, np.ndarray]:
    """The same for n i.i.d. model-S rows with P(a = y) = p (B1)."""
    return replicate(iid_logistic_stat(d, s, n, p), key, reps, chunk=_chunk(n, reps))


def _mean_se(v: np.ndarray) -> tuple[float, float]:
    return float(np.mean(v)), float(np.std(v, ddof=1) / math.sqrt(len(v)))


def design_summaries(designs, key, reps: int, stats=("balanced", "worst")) -> dict[str, np.ndarray]:
    """{stat: array of (mean, SE) per design}; design i draws under fold_in(key, i)."""
    out = {k: [] for k in stats}
    for i, design in enumerate(designs):
        values = design_values(design, jax.random.fold_in(key, i), reps)
        for k in stats:
            out[k].append(_mean_se(values[k]))
    return {k: np.array(v) for k, v in out.items()}


def balanced_rate_designs(d: int, s: float, sizes) -> list[SpuriousDesign]:
    """Balanced designs n_al, n_al/4 misaligned, n_al - n_al/4 synthetic (B4's rate study)."""
    return [SpuriousDesign(d, s, n_al, n_al // 4, n_al - n_al // 4) for n_al in sizes]
