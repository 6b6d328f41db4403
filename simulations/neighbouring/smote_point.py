"""Sampled SMOTE points (for the claim on the SMOTE point's moments); SMOTE itself is simulations.samplers.

Unconditional law: a SMOTE point from n1 fresh rows N(mu, I_d), minus mu. Conditional law: SMOTE points from
one fixed set of rows. The moments are averaged by Monte Carlo; no moment formula is used here.
"""
from __future__ import annotations

import jax
import numpy as np

from synthover.simulations.model_g.model import ModelG
from synthover.simulations.montecarlo import monte_carlo
from synthover.simulations.samplers.smote import Smote


def smote_point_stat(d: int, s: float, n1: int, k: int):
    """One SMOTE point from n1 fresh rows N(mu, I_d): its coordinates minus mu (unconditional law)."""
    model, gen = ModelG(d, s), Smote(k)

    def stat(key):
        k_rows, k_syn = jax.random.split(key)
        z = gen.sample(k_syn, model.sample(k_rows, 1, n1), 1)[0] - model.mu
        return {"along_mu": z[0], "along_mu_sq": z[0] ** 2, "across_sq": z[1] ** 2 if d > 1 else z[0] ** 2}

    return stat


def fixed_rows_stat(rows, k: int):
    """One SMOTE point from fixed rows: its first coordinate z, and (z - c)^2 with c the rows' mean of that
    coordinate (centring removes the centre's share of the variance of z^2, not its information)."""
    gen = Smote(k)
    centre = rows[:, 0].mean()

    def stat(key):
        z = gen.sample(key, rows, 1)[0, 0]
        return {"z": z, "z_centred_sq": (z - centre) ** 2}

    return stat


def smote_point_moments(key, d: int, s: float, n1: int, k: int, reps: int) -> dict:
    """Summaries of the unconditional SMOTE point (minus mu) over `reps` fresh data sets."""
    return monte_carlo(smote_point_stat(d, s, n1, k), key, reps)


def smote_fixed_rows_moments(key, d: int, s: float, n1: int, k: int, reps: int) -> tuple[np.ndarray, dict]:
    """n1 rows N(mu, I_d) drawn once, then `reps` SMOTE points from them: (rows, summaries of z_1 and (z_1 - c)^2)."""
    k_rows, k_fix = jax.random.split(key)
    rows = ModelG(d, s).sample(k_rows, 1, n1)
    return np.asarray(rows), monte_carlo(fixed_rows_stat(rows, k), k_fix, reps)
