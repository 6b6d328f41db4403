"""Second-order delta method for plug-in LDA: E R_bal(mu_hat) to O(v^2), the toolkit's own derivation.

The class means are Gaussian, mu1_hat ~ N(mu + a1, v1 I_d), mu0_hat ~ N(-mu + a0, v0 I_d), and the rule
w = mu1_hat - mu0_hat, b = ell - (||mu1_hat||^2 - ||mu0_hat||^2)/2 is a smooth function of them, so
R_bal is a smooth function f(mu1_hat, mu0_hat). Gaussian smoothing is the heat semigroup:

    E f(mu_bar + sqrt(v) Z) = f(mu_bar) + (1/2) sum_k v_k Laplacian_k f(mu_bar) + O(v^2),

with no odd terms. Unlike A2's hybrid form (exact mean rule + fluctuations linearised at the *Bayes*
point), the curvature is taken at the mean rule itself, so the error is O(v^2) uniformly in the
offsets. In coordinates (along mu, along e2, and the d - 2 remaining axes, which are exchangeable)
Laplacian_k = d^2/dp_k^2 + d^2/dq_k^2 + (d - 2) d^2/dr_k^2, evaluated at r_k = 0.
At zero offsets this reduces exactly to A2's fluctuation term (checked in tests).
"""
from __future__ import annotations

from functools import lru_cache

import sympy as sp

from theory.derivation import Derivation
from theory.normal import Phi
from theory.oversampling import a0_par, a0_perp, a1_par, a1_perp
from theory.symbols import d, ell, s, v0, v1

p1, q1, r1, p0, q0, r0 = sp.symbols("p1 q1 r1 p0 q0 r0", real=True)


def balanced_risk_of_means():
    """R_bal of plug-in LDA as a function of class-mean coordinates (p, q, r) of mu1_hat and mu0_hat."""
    w_par, w_e2, w_rest = p1 - p0, q1 - q0, r1 - r0
    norm = sp.sqrt(w_par**2 + w_e2**2 + w_rest**2)
    b = ell - (p1**2 + q1**2 + r1**2 - p0**2 - q0**2 - r0**2) / 2
    return (Phi((-s * w_par + b) / norm) + Phi((-s * w_par - b) / norm)) / 2


MEAN_POINT = {p1: s + a1_par, q1: a1_perp, r1: 0, p0: -s + a0_par, q0: a0_perp, r0: 0}


@lru_cache(maxsize=None)
def derive_delta_method() -> Derivation:
    der = Derivation("E R_bal of plug-in LDA by the second-order delta method", "toolkit derivation")
    risk = der.step("R_bal as a function of the class-mean coordinates", balanced_risk_of_means(), name="risk")
    lap1 = der.step(
        "Laplacian in mu1_hat at the mean point",
        (sp.diff(risk, p1, 2) + sp.diff(risk, q1, 2) + (d - 2) * sp.diff(risk, r1, 2)).subs(MEAN_POINT),
        name="laplacian1",
    )
    lap0 = der.step(
        "Laplacian in mu0_hat at the mean point",
        (sp.diff(risk, p0, 2) + sp.diff(risk, q0, 2) + (d - 2) * sp.diff(risk, r0, 2)).subs(MEAN_POINT),
        name="laplacian0",
    )
    mean_excess = der.step("Excess of the rule built from the mean class means", risk.subs(MEAN_POINT) - Phi(-s),
                           name="mean_excess")
    der.step(
        "E R_bal - Phi(-s) = mean-point excess + (v1 Lap1 + v0 Lap0)/2 + O(v^2)",
        mean_excess + (v1 * lap1 + v0 * lap0) / 2,
        name="delta_method",
    )
    return der
