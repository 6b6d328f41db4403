"""D2's rate table fitted by the two candidate forms (shared by the D2 claim and the D2 figure).

derived form  E KL ~ a/n + b/p                     (theory.in_context.kl_rates, leading order)
stated form   E KL ~ c1/sqrt(p) + c2 log(p)/sqrt(n) (the paper's shape, width p in place of its d)
Both are weighted least squares with the Monte Carlo SEs (paper_checks.fitting, the one fitter).
"""
from __future__ import annotations

import numpy as np

from synthover.paper_checks.fitting import weighted_least_squares


def fit_rates(table: dict) -> dict:
    """{(n, p): (mean, SE)} -> coefficients, their SEs and chi^2/dof of both forms."""
    pts = sorted(table)
    n_ = np.array([k[0] for k in pts], float)
    p_ = np.array([k[1] for k in pts], float)
    y = np.array([table[k][0] for k in pts])
    se = np.array([table[k][1] for k in pts])
    derived = weighted_least_squares(np.column_stack([1 / n_, 1 / p_]), y, se)
    stated = weighted_least_squares(np.column_stack([1 / np.sqrt(p_), np.log(p_) / np.sqrt(n_)]), y, se)
    return {
        "derived_a": float(derived.coef[0]), "derived_a_se": float(derived.se[0]),
        "derived_b": float(derived.coef[1]), "derived_b_se": float(derived.se[1]),
        "derived_chi2_per_dof": derived.chi2_per_dof,
        "stated_c1": float(stated.coef[0]), "stated_c1_se": float(stated.se[0]),
        "stated_c2": float(stated.coef[1]), "stated_c2_se": float(stated.se[1]),
        "stated_chi2_per_dof": stated.chi2_per_dof,
        "points": len(pts),
    }
