"""Claim D5: in-context generators as the oversampler of A2 (toolkit derivation, sigma = 1, model G).

Class-mean errors e1 = mu1_hat(pooled) - mu, e0 = mu0_hat + mu. Every generator here is unbiased (a1 = 0),
so what matters is the per-coordinate law of (e1, e0): v1 = Var e1, v0 = Var e0 = 1/n0 and c = Cov(e1, e0).

Effective laws (each derived below as the variance of a linear combination of independent Gaussian sums):
  G-shift, independent rows (A2, delta = 0, sigma_syn = 1)   v1 = 1/(n1 + m),                    c = 0
  duplication (bootstrap)                                  v1 = 1/n1 + m(1 - 1/n1)/(n1+m)^2,     c = 0
  seed-only in-context (rows mu1_hat + xi)                 v1 = 1/n1 + m/(n1+m)^2,              c = 0
  structural prior (rows mu_tilde + xi, mu_tilde = (n1 mu1_hat - n0 mu0_hat)/(n0+n1))
        v1 = [n1 (1 + m/N)^2 + m^2 n0/N^2 + m]/(n1+m)^2,   c = -m/(N (n1+m)),   N = n0 + n1.
The seed-only generator reuses the seed: its effective sigma_syn for A2 is 1 but its rows share the seed's
error, so v1 >= 1/n1 > the independent-rows value, and it exceeds duplication's v1 by m/(n1 (n1+m)^2): it
removes the imbalance bias but cannot beat duplication's variance. The structural prior pools both classes;
its v1 is O(1/N + m/(n1+m)^2), at the price of a negative correlation with the majority mean.

Risk: A2's hybrid form (theory/model_g/oversampling.py: exact excess of the mean rule + fluctuation term) with the
fluctuation generalised to correlated class means. Linearised at the Bayes point, theta ~ ||(e1 - e0)_perp||/(2s)
and beta ~ -(e1 + e0)_par / 2, so
    E theta^2 = (d-1)(v0 + v1 - 2c)/(4 s^2),   Var beta = (v0 + v1 + 2c)/4,
and the fluctuation term is (s phi(s)/2)(E theta^2 + Var beta); at c = 0 it is A2's.
"""
from __future__ import annotations

from synthover.theory.memo import memo

import sympy as sp

from synthover.theory.model_g import oversampling
from synthover.theory.derivation import Derivation
from synthover.theory.normal import phi
from synthover.theory.symbols import alpha, d, delta_par, delta_perp, ell, m, n0, n1, s, v0, v1

cov01 = sp.Symbol("c_01", real=True)  # per-coordinate Cov(e1, e0)
q = sp.Symbol("q", positive=True)  # multinomial cell probability 1/n1
_u1, _u0 = sp.symbols("u1 u0", real=True)

GENERATORS = ("independent", "duplication", "seed_only", "structural")


def _variance(coefficients: dict) -> sp.Expr:
    """Variance of sum_k a_k X_k for independent X_k with variances given: {a_k: var_k} as list of pairs."""
    return sp.simplify(sum(a**2 * var for a, var in coefficients))


@memo
def derive_effective_laws() -> Derivation:
    der = Derivation("D5: effective law of the pooled minority mean under each generator", "toolkit derivation")
    N = n0 + n1
    total = n1 + m
    # independent components per coordinate: e1 (var 1/n1), e0 (var 1/n0), sum of m generator noises (var m)
    indep = der.step(
        "Independent rows N(mu, 1): e1_pool = (n1 e1 + sum xi_j)/(n1+m)",
        _variance([(n1 / total, 1 / n1), (1 / total, m)]),
        name="v1_independent",
    )
    seed = der.step(
        "Seed-only: rows mu1_hat + xi_j, so e1_pool = e1 + sum xi_j/(n1+m)",
        sp.expand(_variance([(1, 1 / n1), (1 / total, m)])),
        name="v1_seed_only",
    )
    # duplication: row i appears 1 + K_i times, K ~ Multinomial(m, q = 1/n1); given counts,
    # Var e1_pool = sum_i (1+K_i)^2 / (n1+m)^2 and E (1+K)^2 = 1 + 2 m q + m q (1 - q) + m^2 q^2
    e_count2 = 1 + 2 * m * q + m * q * (1 - q) + m**2 * q**2
    dup = der.step(
        "Duplication: Var e1_pool = n1 E(1 + K)^2/(n1+m)^2, K ~ Binomial(m, 1/n1)",
        sp.simplify((n1 * e_count2 / total**2).subs(q, 1 / n1)),
        name="v1_duplication",
    )
    # structural: mu_tilde - mu = (n1 e1 - n0 e0)/N, e1_pool = [n1 e1 + m (mu_tilde - mu) + sum xi]/(n1+m)
    a1 = (n1 + m * n1 / N) / total
    a0 = -(m * n0 / N) / total
    der.step(
        "Structural prior: e1_pool = [(n1 + m n1/N) e1 - (m n0/N) e0 + sum xi]/(n1+m)",
        sp.factor(_variance([(a1, 1 / n1), (a0, 1 / n0), (1 / total, m)])),
        name="v1_structural",
    )
    der.step("Structural prior: Cov(e1_pool, e0) = a0 / n0", sp.simplify(a0 / n0), name="c_structural")
    gap = der.step("Seed-only minus duplication: v1 difference (> 0 for m > 0)", sp.factor(sp.simplify(seed - dup)), name="seed_minus_dup")
    assert sp.simplify(gap - m / (n1 * total**2)) == 0, gap
    assert sp.simplify(indep - 1 / total) == 0
    return der


def effective_law(generator: str) -> dict:
    """{v1, v0, c_01} per coordinate for a generator name in GENERATORS (sympy in n0, n1, m)."""
    if generator not in GENERATORS:
        raise ValueError(f"generator must be one of {GENERATORS} (got {generator!r})")
    der = derive_effective_laws()
    v1_ = der[f"v1_{generator}"]
    c_ = der["c_structural"] if generator == "structural" else sp.Integer(0)
    return {"v1": v1_, "v0": 1 / n0, "c01": c_}


@memo
def derive_correlated_fluctuation() -> Derivation:
    der = Derivation("D5: fluctuation term of plug-in LDA with correlated class means", "toolkit derivation")
    beta_loc = (-(_u1**2 - _u0**2) / 2) / (_u1 - _u0)  # b / ||w|| along mu, no offsets, ell = 0
    at_bayes = {_u1: s, _u0: -s}
    g1, g0 = (sp.simplify(sp.diff(beta_loc, u).subs(at_bayes)) for u in (_u1, _u0))
    var_beta = der.step("Var beta = g1^2 v1 + g0^2 v0 + 2 g1 g0 c", sp.expand(g1**2 * v1 + g0**2 * v0 + 2 * g1 * g0 * cov01), name="var_beta")
    e_theta2 = der.step("E theta^2 = (d-1) Var(e1 - e0)/(2s)^2", (d - 1) * (v0 + v1 - 2 * cov01) / (2 * s) ** 2, name="e_theta2")
    fluct = der.step("(s phi(s)/2)(E theta^2 + Var beta)", s * phi(s) / 2 * (e_theta2 + var_beta), name="fluctuation")
    assert sp.simplify(fluct.subs(cov01, 0) - oversampling.fluctuation_general()) == 0
    hybrid_a2 = oversampling.excess_hybrid_general().subs({alpha: 0, delta_par: 0, delta_perp: 0})
    der.step(
        "Hybrid form with correlation: A2's hybrid (no offsets) + the correlation part of the fluctuation",
        hybrid_a2 + (fluct - fluct.subs(cov01, 0)),
        name="hybrid",
    )
    return der


def excess(generator: str, law_of: str | None = None) -> sp.Expr:
    """E R_bal - Phi(-s) of plug-in LDA oversampled by `generator` (in d, s, n0, n1, m).

    `law_of` substitutes another generator's effective law (a negative control: e.g. the seed-only
    generator treated as if its rows were independent)."""
    law = effective_law(law_of or generator)
    hybrid = derive_correlated_fluctuation()["hybrid"]
    return hybrid.subs({v1: law["v1"], v0: law["v0"], cov01: law["c01"], ell: sp.log((n1 + m) / n0)})


def excess_raw() -> sp.Expr:
    """No synthetic rows (m = 0): A2's hybrid form."""
    return excess("independent").subs(m, 0)


def second_order_size() -> sp.Expr:
    """E theta^2 + E beta^2 to leading order (without the mean-rule bias): the small parameter of the
    expansion; the neglected terms are of relative order (1 + s^2) times it (fourth-order Taylor terms of
    Phi(-s cos theta +- beta) and the ratio corrections of theta = atan and beta = b/||w||)."""
    return derive_correlated_fluctuation()["fluctuation"] / (s * phi(s) / 2)


def neglected_relative_size(generator: str | None = None, law: dict | None = None) -> sp.Expr:
    """Declared relative size of the terms A2's hybrid form neglects, (1 + s^2)(E theta^2 + E beta^2), under a
    generator's effective law (or an explicit {v1, v0, c01} law, e.g. the raw data's)."""
    law = law if law is not None else effective_law(generator)
    size = second_order_size().subs({v1: law["v1"], v0: law["v0"], cov01: law["c01"]})
    return (1 + s**2) * size
