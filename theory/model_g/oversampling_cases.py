"""A3 (special cases of A2, leading order) and A4 (when synthetic oversampling beats duplication).

Each case is a substitution into the fully quadratic A2 form (theory.oversampling), followed by the
leading order in 1/n (a series in a scale eps with n0 -> n0/eps, n1 -> n1/eps, m -> m/eps) and, for a
biased generator, in delta (delta -> t delta, second order in t). Cases (sigma = 1):
  raw (m = 0):                      the ell^2 bias stays: the hybrid form at v0 = v1 = 0 is A1's exact
                                    population excess
  duplication to balance:           ell = 0, alpha = 0, v1 = 1/n1:
                                    (s phi(s)/8)(1/n1 + 1/n0)((d-1)/s^2 + 1)
  perfect synthetic (m = n0 - n1):  (s phi(s)/(4 n0))((d-1)/s^2 + 1)
  biased synthetic:                 perfect + (s phi(s)/8) alpha^2 (delta_perp^2/s^2 + delta_par^2)
v1 = 1/n1 holds for deterministic duplication (each row copied n0/n1 times). Random oversampling (a
bootstrap of m rows) has v1 = 1/n1 + m (1 - 1/n1)/(n1 + m)^2 (toolkit derivation: row i appears
c_i = 1 + K_i times, K ~ Multinomial(m, 1/n1), and Var = E sum c_i^2 / (n1 + m)^2).

A4: to leading order synthetic oversampling beats duplication iff
    alpha^2 (delta_perp^2/s^2 + delta_par^2) < (1/n1 - 1/n0)((d-1)/s^2 + 1),
solved here for the critical ||delta|| at a direction angle psi from mu.
"""
from __future__ import annotations

from synthover.theory.memo import memo

import sympy as sp

from synthover.theory.derivation import Derivation
from synthover.theory.model_g import imbalance_bias
from synthover.theory.normal import phi
from synthover.theory.model_g.oversampling import a0_par, a0_perp, a1_par, a1_perp, derive_general
from synthover.theory.symbols import alpha, d, delta_par, delta_perp, ell, m, n0, n1, s, v0, v1

eps_n = sp.Symbol("epsilon_n", positive=True)  # 1/n scale
t = sp.Symbol("t", positive=True)  # delta scale
delta_norm = sp.Symbol("||delta||", nonnegative=True)
psi = sp.Symbol("psi", real=True)  # angle between delta and mu
r = sp.Symbol("r", positive=True)  # imbalance ratio n0 / n1
K = s * phi(s) / 8


def _quadratic(sub: dict) -> sp.Expr:
    return derive_general()["quadratic"].subs(sub)


def _leading_in_n(expr: sp.Expr) -> sp.Expr:
    """First order in 1/n: n0 -> n0/eps, n1 -> n1/eps, m -> m/eps, series to eps^1."""
    scaled = expr.subs({n0: n0 / eps_n, n1: n1 / eps_n, m: m / eps_n}, simultaneous=True)
    return sp.simplify(sp.series(scaled, eps_n, 0, 2).removeO().subs(eps_n, 1))


@memo
def bootstrap_v1() -> sp.Expr:
    """Var of the pooled minority mean under random duplication of m rows (sigma = 1), per coordinate."""
    i = sp.Symbol("i", integer=True, positive=True)
    k_mean, k_var = m / n1, m * (1 / n1) * (1 - 1 / n1)  # K_i ~ Binomial(m, 1/n1)
    e_c_sq = 1 + 2 * k_mean + k_var + k_mean**2  # E (1 + K_i)^2
    return sp.simplify(sp.summation(e_c_sq, (i, 1, n1)) / (n1 + m) ** 2)


@memo
def derive_cases() -> Derivation:
    der = Derivation("A3: special cases of A2 to leading order", "paper (made exact in model G)")
    no_offset = {a1_par: 0, a1_perp: 0, a0_par: 0, a0_perp: 0}
    raw = derive_general()["hybrid"].subs({**no_offset, ell: sp.log(1 / r)})
    der.step("Raw ERM (m = 0, n0 = r n1), hybrid form", raw)
    raw_limit = sp.simplify(raw.subs({v1: 0, v0: 0}))
    der.step("n -> oo with n0/n1 = r fixed (v0, v1 -> 0): the ell^2 bias stays; it equals A1's population excess",
             raw_limit, name="raw_limit")
    assert sp.simplify(raw_limit - imbalance_bias.derive_population_logistic()["excess"].subs(ell, sp.log(1 / r))) == 0
    dup = _quadratic({**no_offset, v1: 1 / n1, v0: 1 / n0, ell: 0})
    dup_lead = der.step("Duplication to balance (ell = 0, alpha = 0, v1 = 1/n1), leading order in 1/n",
                        _leading_in_n(dup), name="duplication")
    assert sp.simplify(dup_lead - K * (1 / n1 + 1 / n0) * ((d - 1) / s**2 + 1)) == 0
    der.step("Random duplication (bootstrap): v1 = E sum c_i^2/(n1+m)^2", bootstrap_v1(), name="bootstrap_v1")
    perfect = _quadratic({**no_offset, v1: 1 / n0, v0: 1 / n0, ell: 0})
    der.step("Perfect synthetic (delta = 0, sigma_syn = 1, m = n0 - n1): v1 = v0 = 1/n0, ell = 0",
             sp.factor(perfect), name="perfect")
    alpha_bal = (n0 - n1) / n0
    biased = _quadratic({a1_par: t * alpha * delta_par, a1_perp: t * alpha * delta_perp, a0_par: 0, a0_perp: 0,
                         v1: 1 / n0, v0: 1 / n0, ell: 0})
    bias_term = sp.simplify(sp.series(biased - perfect, t, 0, 3).removeO().subs(t, 1))
    bias_term = sp.simplify(_leading_in_n(bias_term))
    der.step("Biased synthetic adds, to second order in delta and leading order in 1/n", bias_term, name="bias_term")
    der.step("with alpha = m/(n1+m) = (n0 - n1)/n0 at balance", sp.Eq(alpha, alpha_bal))
    return der


@memo
def excess_duplication(v1_expr=None) -> sp.Expr:
    """Leading-order excess of duplication to balance; v1 = 1/n1 unless `v1_expr` is given."""
    lead = derive_cases()["duplication"]
    return lead if v1_expr is None else sp.simplify(lead - K * (1 / n1) * ((d - 1) / s**2 + 1) + K * v1_expr * ((d - 1) / s**2 + 1))


@memo
def duplication_dropped_terms(v1_expr=None) -> sp.Expr:
    """What the leading order drops for duplication: the quadratic form minus `excess_duplication`.

    With ell = 0 and no offsets this is the intercept drift (s phi(s)/8)(d (v1 - v0)/(2s))^2."""
    v1_value = 1 / n1 if v1_expr is None else v1_expr
    quad = _quadratic({a1_par: 0, a1_perp: 0, a0_par: 0, a0_perp: 0, v1: v1_value, v0: 1 / n0, ell: 0})
    return sp.simplify(quad - excess_duplication(v1_expr))


@memo
def excess_synthetic_balanced() -> sp.Expr:
    """Leading-order excess of G-shift oversampling to balance (sigma_syn = 1): perfect + bias term."""
    der = derive_cases()
    return der["perfect"] + der["bias_term"].subs(alpha, (n0 - n1) / n0)


@memo
def derive_a4_boundary() -> Derivation:
    der = Derivation("A4: when synthetic oversampling beats duplication (leading order)", "paper (made exact in model G)")
    advantage = der.step(
        "Duplication minus synthetic excess (both to balance)",
        sp.simplify(excess_duplication() - excess_synthetic_balanced()),
        name="advantage",
    )
    along = advantage.subs({delta_par: delta_norm * sp.cos(psi), delta_perp: delta_norm * sp.sin(psi)})
    roots = [r for r in sp.solve(sp.Eq(along, 0), delta_norm) if r.could_extract_minus_sign() is False]
    crit = der.step("Solve advantage = 0 for ||delta|| at angle psi from mu", sp.simplify(roots[0]), name="critical_norm")
    assert len(roots) == 1, roots
    der.step("Synthetic wins iff ||delta|| < critical norm", crit)
    return der


@memo
def derive_bias_series() -> Derivation:
    """The biased-synthetic term beyond second order in delta (toolkit derivation).

    At balance with v1 = v0 = 1/n0 and ell = 0 the mean rule is w_bar = 2 mu + alpha delta,
    b_bar = -(||mu + alpha delta||^2 - s^2)/2, and its exact excess E(t) (delta -> t delta) has the series
        E = T2 t^2 + T3 t^3 + T4 t^4 + O(t^5),
    T2 = (s phi(s)/8) alpha^2 (delta_perp^2/s^2 + delta_par^2) (A3's bias term),
    T3 = (phi(s)/(8 s^2)) (s^2 - 1) alpha^3 delta_par delta_perp^2 (odd in delta_par: a negative delta_par
         lowers or raises the excess according to the sign of s^2 - 1), and T4 (printed by `synthover explain`).
    A3's leading order keeps T2 only. The delta terms it drops are E - T2 (exact, at t = 1), led by T3; a
    truncated |T3| + |T4| is not a bound everywhere (at s = 1, T3 = 0 and T4 can cancel), so the tolerance
    uses the exact remainder (`bias_dropped_terms`).
    """
    der = Derivation("A3: the bias term beyond second order in delta", "toolkit derivation")
    mean_excess = derive_general()["mean_excess"].subs(
        {a1_par: t * alpha * delta_par, a1_perp: t * alpha * delta_perp, a0_par: 0, a0_perp: 0,
         v1: 1 / n0, v0: 1 / n0, ell: 0})
    der.step("Exact excess of the mean rule at balance (v1 = v0 = 1/n0, ell = 0), delta -> t delta", mean_excess,
             name="exact")
    series = sp.expand(sp.series(mean_excess, t, 0, 5).removeO())
    terms = {k: sp.factor(series.coeff(t, k)) for k in range(5)}  # tests: T0 = T1 = 0, T2 = A3's bias term
    der.step("Orders 0 and 1 vanish (the Bayes rule is a minimum)", sp.Matrix([terms[0], terms[1]]), name="T0_T1")
    der.step("Second order (A3's bias term)", terms[2], name="T2")
    der.step("Third order: nonzero when delta_par delta_perp != 0 and s != 1", terms[3], name="T3")
    der.step("Fourth order", terms[4], name="T4")
    return der


@memo
def bias_dropped_terms() -> sp.Expr:
    """|E - T2| at t = 1, alpha = (n0 - n1)/n0: the delta terms beyond second order that A3's leading order drops
    (G-shift to balance), computed exactly from the mean rule's excess; its leading part is T3."""
    der = derive_bias_series()
    return sp.Abs(der["exact"] - der["T2"]).subs(t, 1).subs(alpha, (n0 - n1) / n0)
