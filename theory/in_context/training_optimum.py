"""D4: what training the D1/D2 generator layers should find (toolkit derivation).

D1 layer trained on tasks mu ~ N(0, tau^2 I), Sigma = I, prompt of n rows: with output mean c mu_hat and
noise J = I (optimal for the covariance), E KL = E ||c mu_hat - mu||^2 / 2 = D [(c-1)^2 tau^2 + c^2/n] / 2,
minimised at the shrinkage c* = tau^2/(tau^2 + 1/n) with E KL* = D / (2 (n + 1/tau^2)).

D2 layer: the noise covariance gamma C with C the keyed covariance (E tr C = D (n-1)/n, theory.in_context.
kl_rates.derive_d2); the covariance part of E KL, E[gamma tr C - D log gamma - log det C - D]/2, is minimised
at gamma* = D / E tr C = n/(n-1) (the unbiased covariance scale).
"""
from __future__ import annotations

from synthover.theory.memo import memo

import sympy as sp

from synthover.theory.derivation import Derivation
from synthover.theory.in_context.kl_rates import D, derive_d2, n

c = sp.Symbol("c", real=True)  # mean shrinkage of the trained D1 layer
tau = sp.Symbol("tau", positive=True)  # prior scale of the task means
gamma = sp.Symbol("gamma", positive=True)  # noise scale of the trained D2 layer


@memo
def derive_generator_optimum() -> Derivation:
    """min over c of E KL with mean c mu_hat, mu ~ N(0, tau^2 I), Sigma = I; min over gamma for D2's noise."""
    der = Derivation("D4: optimum of the generators' training objective", "toolkit derivation")
    risk = der.step("E ||c mu_hat - mu||^2 / 2 = D [(c-1)^2 tau^2 + c^2/n] / 2", D * ((c - 1) ** 2 * tau**2 + c**2 / n) / 2)
    c_star = der.step("c* = tau^2 / (tau^2 + 1/n)", sp.simplify(sp.solve(sp.diff(risk, c), c)[0]), name="c_star")
    assert sp.simplify(c_star - tau**2 / (tau**2 + 1 / n)) == 0
    der.step("E KL* = D / (2 (n + 1/tau^2))", sp.simplify(risk.subs(c, c_star)), name="kl_star")
    tr_c = derive_d2()["e_tr_c"]
    cov_part = der.step("D2: gamma-dependent part of E KL: (gamma E tr C - D log gamma)/2", (gamma * tr_c - D * sp.log(gamma)) / 2)
    g_star = der.step("gamma* = D / E tr C", sp.simplify(sp.solve(sp.diff(cov_part, gamma), gamma)[0]), name="gamma_star")
    assert sp.simplify(g_star - n / (n - 1)) == 0
    return der


def optimal_generator_kl() -> sp.Expr:
    """D / (2 (n + 1/tau^2))."""
    return derive_generator_optimum()["kl_star"]


def optimal_shrinkage() -> sp.Expr:
    """tau^2 / (tau^2 + 1/n)."""
    return derive_generator_optimum()["c_star"]


def optimal_noise_scale() -> sp.Expr:
    """n / (n - 1)."""
    return derive_generator_optimum()["gamma_star"]
