"""Claim SMOTE: the moments of the SMOTE point (docs/theory/samplers.md), against sampled points.

Theory from theory.samplers.smote_moments; sampled points from simulations.neighbouring.smote_point (which
calls SMOTE's public API in simulations.samplers); this module only joins them.
"""
from __future__ import annotations

import numpy as np

from synthover.paper_checks.agreement import Comparison
from synthover.paper_checks.claim import Claim, Provenance, require
from synthover.paper_checks.params import SHARED
from synthover.simulations.keys import split
from synthover.simulations.neighbouring.smote_point import smote_fixed_rows_moments, smote_point_moments
from synthover.theory.numeric import evaluate
from synthover.theory.samplers import smote_moments

# Domain: the Var(lambda) control shifts E[(z_1 - c)^2 | rows] by avg D_1^2 / 12, which vanishes when the
# neighbours are close (low d, many rows, few neighbours); with d >= 3, n1 <= 40, k >= 5 and 20 reps SMOTE points
# from the fixed rows the shift is >= 7 SE (NumPy pilot over the corners), so the control is rejected
# with power >= 99% at a quick run's z. s only moves the centre.
SMOTE_D = SHARED["d"].narrow(default=5, low=3, high=20)
SMOTE_S = SHARED["s"].narrow(default=1.0, high=3.0)
SMOTE_N1 = SHARED["n1"].narrow(default=30, low=6, high=40)
SMOTE_K = SHARED["k"].narrow(default=5, low=5, high=20)
CONDITIONAL_DRAWS = 20  # SMOTE points from the fixed rows per replication
MEAN_CONTROL = 0.1  # a mean off by a tenth of the unit standard deviation


def _domain(p: dict) -> None:
    require(p["k"] < p["n1"], f"parameter k: must be < n1 = {p['n1']} (got {p['k']})")


def pair_moments(rows: np.ndarray, k: int, expr) -> float:
    """Average of a conditional moment over SMOTE's (base, neighbour) pairs; neighbours by scikit-learn."""
    from sklearn.neighbors import NearestNeighbors  # only here: keeps `synthover eval` of other claims light

    nb = NearestNeighbors(n_neighbors=k + 1).fit(rows).kneighbors(rows, return_distance=False)[:, 1:]
    x = np.repeat(rows[:, 0], k)
    diff = rows[nb.ravel(), 0] - x
    return float(np.mean(evaluate(expr, {"x_u": x, "D_u": diff}) * np.ones_like(x)))


def _row(quantity, theory, summary, control, control_text) -> Comparison:
    return Comparison(quantity=quantity, rule="exact", theory=theory, simulation=summary.mean, se=summary.se,
                      negative_control=control, control=control_text)


def _compare_smote(p: dict, key, reps: int) -> list[Comparison]:
    d, s, n1, k = p["d"], p["s"], p["n1"], p["k"]
    k_unc, k_fix = split(key)
    unc = smote_point_moments(k_unc, d, s, n1, k, reps)
    out = [_row("E z - mu along mu (0 by symmetry)", 0.0, unc["along_mu"], MEAN_CONTROL, "mean off by sigma/10")]
    if k == n1 - 1:  # a uniformly random other row: an exactly independent neighbour
        two_thirds = evaluate(smote_moments.independent_neighbour_variance(), {"Sigma_uu": 1.0})
        for name in ("along_mu_sq", "across_sq"):
            out.append(_row(f"Var z {name[:-3].replace('_', ' ')}, independent neighbour (2/3 Sigma)", two_thirds,
                            unc[name], 1.0, "no shrinkage (Sigma, a bootstrap row)"))
    rows, fixed = smote_fixed_rows_moments(k_fix, d, s, n1, k, CONDITIONAL_DRAWS * reps)
    centred = rows - rows.mean(axis=0)  # neighbours are unchanged by the translation
    midpoint = smote_moments.conditional_second_moment_midpoint()
    mean = pair_moments(rows, k, smote_moments.conditional_mean())
    out.append(_row("E[z_1 | rows] (pairs averaged)", mean, fixed["z"], mean + MEAN_CONTROL, "mean off by sigma/10"))
    out.append(_row("E[(z_1 - c)^2 | rows] = avg x^2 + x D + D^2/3 (x centred at the rows' mean c)",
                    pair_moments(centred, k, smote_moments.conditional_second_moment()), fixed["z_centred_sq"],
                    pair_moments(centred, k, midpoint), "Var(lambda) dropped (lambda = 1/2: D^2/4)"))
    return out


SMOTE_CLAIM = Claim(
    id="SMOTE",
    title="The SMOTE point's moments",
    statement=(
        "z = x + lambda (x_nb - x): E[z | pair] = (x + x_nb)/2, Cov[z | pair] = D D^T/12; E z = mu by symmetry; "
        "with an independent neighbour (k = n1 - 1) Cov z = (2/3) Sigma."
    ),
    provenance=Provenance("toolkit", where="SMOTE: Chawla et al. (2002), the sampler",
                          added="conditional and unconditional moments of the SMOTE point, derived in sympy"),
    parameters=(SMOTE_D, SMOTE_S, SMOTE_N1, SMOTE_K),
    compare=_compare_smote,
    explain=smote_moments.derive_smote_point,
    grid=({"d": 5, "s": 1.0, "n1": 30, "k": 5}, {"d": 3, "s": 1.0, "n1": 10, "k": 9}, {"d": 10, "s": 2.0, "n1": 40, "k": 7}),
    quick_grid=({"d": 5, "s": 1.0, "n1": 30, "k": 5}, {"d": 3, "s": 1.0, "n1": 10, "k": 9}),
    reps=20_000,
    quick_reps=5_000,
    constraints=_domain,
)

CLAIMS = [SMOTE_CLAIM]
