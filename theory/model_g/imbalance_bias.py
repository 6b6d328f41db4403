"""A1: raw logistic ERM on imbalanced data is biased, exactly (paper's claim, made exact in model G).

With class priors pi1 = n1/(n0+n1), the population logistic minimizer of a well-specified model is the
true log-odds:  log[pi1 N(x; mu, sigma^2 I) / (pi0 N(x; -mu, sigma^2 I))] = ell + 2 mu^T x / sigma^2,
ell = log(n1/n0). So w = 2mu/sigma^2, b = ell, beta = b/(sigma||w||) = ell/(2s), and

    R_bal = [Phi(-s - ell/(2s)) + Phi(-s + ell/(2s))] / 2  ~  Phi(-s) + phi(s) ell^2 / (8 s).
"""
from synthover.theory.memo import memo

import sympy as sp

from synthover.theory.derivation import Derivation
from synthover.theory.model_g.linear_rule_risk import balanced_risk
from synthover.theory.normal import Phi, phi
from synthover.theory.symbols import ell, n0, n1, s, sigma

x_par = sp.Symbol("x_par", real=True)  # component of x along mu / ||mu||
r2 = sp.Symbol("r^2", nonnegative=True)  # squared norm of the orthogonal part of x


@memo
def derive_population_logistic() -> Derivation:
    """The population logistic rule (w along mu with ||w|| = 2s/sigma, b = ell) and its excess risk."""
    der = Derivation("A1: population logistic ERM on imbalanced data", "paper (made exact in model G)")
    half_sq = lambda c: ((x_par - c) ** 2 + r2) / (2 * sigma**2)  # noqa: E731  ||x - c e1||^2 / (2 sigma^2)
    log_odds = der.step(
        "Log-odds of the model (well specified, so it is the population logistic minimizer)",
        ell - half_sq(s * sigma) + half_sq(-s * sigma),
    )
    log_odds = der.step("Simplify: linear in x", sp.expand(log_odds))
    w_par = sp.diff(log_odds, x_par)
    b = log_odds.subs(x_par, 0)
    der.step("Slope along mu: ||w|| = 2 s / sigma, i.e. w = 2 mu / sigma^2", sp.Eq(sp.Symbol("||w||"), w_par))
    der.step("Intercept", sp.Eq(sp.Symbol("b"), b))
    margin = sp.simplify(w_par * s * sigma / (sigma * w_par))
    beta_ = sp.simplify(b / (sigma * w_par))
    der.step("Normalised intercept beta = b / (sigma ||w||)", sp.Eq(sp.Symbol("beta"), beta_))
    r_bal = der.step("Exact balanced risk", balanced_risk(margin, beta_))
    excess = der.step("Excess over Phi(-s) (does not depend on n)", r_bal - Phi(-s), name="excess")
    quad = sp.simplify(sp.series(excess, ell, 0, 3).removeO())
    der.step("Quadratic in ell", quad)
    assert sp.simplify(quad - phi(s) * ell**2 / (8 * s)) == 0
    der.step("= phi(s) ell^2 / (8 s)", phi(s) * ell**2 / (8 * s), name="quadratic")
    return der


def excess_population(ell_scale=1) -> sp.Expr:
    """R_bal - Phi(-s) of the population logistic rule, with ell = log(n1/n0).

    `ell_scale` != 1 multiplies ell: a deliberately wrong formula for negative controls."""
    return derive_population_logistic()["excess"].subs(ell, ell_scale * sp.log(n1 / n0))


def excess_population_quadratic() -> sp.Expr:
    """phi(s) ell^2 / (8 s), ell = log(n1/n0)."""
    return derive_population_logistic()["quadratic"].subs(ell, sp.log(n1 / n0))
