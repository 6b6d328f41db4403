"""C1/C2: the scaling law of synthetic augmentation in model G (sigma = 1), derived in code.

Setting (docs/theory/model_g.md, C1). Start from n0 majority and n1 minority rows balanced by m1 = n0 - n1
G-shift rows N(mu + delta_1, sigma_syn^2 I) (m0 = 0), then add N rows, N/2 per class, with sample weight
w, from N(+-mu + delta_k, sigma_syn^2 I). The m1 oversampling rows carry the same shift delta_1 as the
class-1 augmentation rows: this is the reading that reproduces the spec's C1 Monte Carlo table (docs/theory/model_g.md) (at N = 0 the
delta = 0.15 column differs from the delta = 0 column, so the oversampling rows are biased). With
T_k = n_k + m_k + wN/2 (= n0 + wN/2 for both classes: balance):

    alpha_k = (m_k + wN/2)/T_k,  v_k = (n_k + sigma_syn^2 (m_k + w^2 N/2))/T_k^2,  ell = log(T1/T0) = 0,

and the class-mean offsets are a_k = alpha_k delta_k. Plugged into A2's components:
- "hybrid" curve H(N) (A2's form: exact mean rule + fluctuations at the Bayes point; the spec's theory
  column);
- "delta-method" curve D(N) (curvature at the mean rule, error O(v^2) = O(N^-2); toolkit derivation,
  theory/oversampling.py, derive_delta_method);
- floor F = lim D = lim H (the exact excess of the mean rule at alpha = 1) and the exact 1/N coefficient
  B = dD/du at u = 1/N = 0, so E R_bal - Phi(-s) = F + B/N + O(N^-2) (C2: exponent 1, error order 2);
- the leading-order law: A2's quadratic form linearised in the offsets. In tau = 1/(n0 + wN/2) it is a
  quadratic polynomial c0 + c1 tau + c2 tau^2, so the curve turns upward iff c1 < 0 and the optimal
  N* = 2(1/tau* - n0)/w with tau* = -c1/(2 c2), solved by sympy.
For delta_0 = 0 the leading order is (s phi/8) q + (s phi/(2N))[(d-1+s^2)/s^2 - n1 q/w] (sigma_syn = 1).
The spec prints n0 in place of n1 (and so the upturn threshold q > w(d-1+s^2)/(s^2 n0)); the derivation
and the simulation both give n1: see `stated_leading_order` and the C1 check.
"""
from __future__ import annotations

from synthover.theory.memo import memo

import sympy as sp

from synthover.theory.derivation import Derivation
from synthover.theory.normal import phi
from synthover.theory.model_g.oversampling import a0_par, a0_perp, a1_par, a1_perp, derive_general
from synthover.theory.model_g.oversampling import derive_delta_method
from synthover.theory.symbols import N, d, delta_par, delta_perp, ell, n0, n1, s, sigma_syn, v0, v1, w_aug

delta0_par = sp.Symbol("delta0_par", real=True)  # class-0 augmentation shift along mu
delta0_perp = sp.Symbol("delta0_perp", real=True)  # class-0 augmentation shift along e2 (signed)
u = sp.Symbol("u", positive=True)  # 1/N
tau = sp.Symbol("tau", positive=True)  # 1/(n0 + wN/2)
q = sp.Symbol("q", nonnegative=True)  # ||delta_perp||^2/s^2 + delta_par^2 (delta_0 = 0)
K = (d - 1 + s**2) / s**2
CURVATURE = s * phi(s) / 2
ZERO_OFFSETS = {delta_par: 0, delta_perp: 0, delta0_par: 0, delta0_perp: 0}


def augmentation_components(n_aug=N) -> dict:
    """alpha_k, v_k, ell of the balanced data plus n_aug augmentation rows (docs/theory/model_g.md, C1)."""
    m1, half = n0 - n1, w_aug * n_aug / 2
    t1, t0 = n1 + m1 + half, n0 + half
    return {
        "alpha1": (m1 + half) / t1,
        "alpha0": half / t0,
        "v1": (n1 + sigma_syn**2 * (m1 + w_aug**2 * n_aug / 2)) / t1**2,
        "v0": (n0 + sigma_syn**2 * w_aug**2 * n_aug / 2) / t0**2,
        "ell": sp.log(t1 / t0),
    }


def augmentation_substitution(n_aug=N, inverse: sp.Symbol | None = None) -> dict:
    """Substitution of A2's (a_k, v_k, ell) symbols; with `inverse=u` it is written in u = 1/N (cancelled)."""
    comp = augmentation_components(n_aug if inverse is None else 1 / inverse)
    if inverse is not None:
        comp = {k: sp.factor(sp.cancel(v)) if k != "ell" else sp.simplify(v) for k, v in comp.items()}
    return {
        a1_par: comp["alpha1"] * delta_par,
        a1_perp: comp["alpha1"] * delta_perp,
        a0_par: comp["alpha0"] * delta0_par,
        a0_perp: comp["alpha0"] * delta0_perp,
        v1: comp["v1"],
        v0: comp["v0"],
        ell: comp["ell"],
    }


@memo
def hybrid_curve() -> sp.Expr:
    """H(N): A2's hybrid form along the augmentation path (the spec's C1 theory column)."""
    return derive_general()["hybrid"].subs(augmentation_substitution())


@memo
def delta_method_curve() -> sp.Expr:
    """D(N): second-order delta method along the augmentation path, error O(N^-2) (toolkit)."""
    return derive_delta_method()["delta_method"].subs(augmentation_substitution())


@memo
def _delta_in_u() -> sp.Expr:
    return derive_delta_method()["delta_method"].subs(augmentation_substitution(inverse=u))


@memo
def floor() -> sp.Expr:
    """F = lim_{N -> inf} E R_bal - Phi(-s): the exact excess of the mean rule with alpha_k = 1."""
    return _delta_in_u().subs(u, 0)


@memo
def slope_coefficient() -> sp.Expr:
    """B = d/du D at u = 1/N = 0: the exact 1/N coefficient (v_k(0) = 0, so only v_k'(0) Lap_k survives)."""
    dm = derive_delta_method()
    sub = augmentation_substitution(inverse=u)
    mean_part = sp.diff(dm["mean_excess"].subs(sub), u).subs(u, 0)
    fluct = sum(sp.diff(sub[v], u).subs(u, 0) * dm[name].subs(sub).subs(u, 0) / 2
                for v, name in ((v1, "laplacian1"), (v0, "laplacian0")))
    return mean_part + fluct


def large_n_expansion() -> sp.Expr:
    """F + B/N, the expansion of E R_bal - Phi(-s) to first order in 1/N (error O(N^-2))."""
    return floor() + slope_coefficient() / N


@memo
def hybrid_slope_coefficient() -> sp.Expr:
    """The hybrid form's own 1/N coefficient (equal to B at zero offsets, off by O(offset) otherwise)."""
    hu = derive_general()["hybrid"].subs(augmentation_substitution(inverse=u))
    return sp.diff(hu, u).subs(u, 0)


@memo
def leading_order_law() -> sp.Expr:
    """A2's quadratic form linearised in the offsets (kept to second order), along the augmentation path."""
    t = sp.Symbol("t_offset", positive=True)
    quad = derive_general()["quadratic"]
    scaled = quad.subs({a: t * a for a in (a1_par, a1_perp, a0_par, a0_perp)}, simultaneous=True)
    second = sum(sp.diff(scaled, t, k).subs(t, 0) / sp.factorial(k) for k in range(3))
    return second.subs(augmentation_substitution())


@memo
def leading_order_in_tau() -> sp.Poly:
    """The leading-order law at sigma_syn = 1 (the spec's v_k) as a polynomial c0 + c1 tau + c2 tau^2 in
    tau = 1/(n0 + wN/2): alpha_1 = 1 - n1 tau, alpha_0 = 1 - n0 tau and v_0 = v_1 = (n0 (1-w) tau + w) tau.
    (With sigma_syn != 1, v1 - v0 = (sigma_syn^2 - 1) m1 tau^2 enters the intercept and the degree is 4.)"""
    expr = leading_order_law().subs(sigma_syn, 1).subs(N, 2 * (1 / tau - n0) / w_aug)
    return sp.Poly(sp.expand(sp.cancel(sp.expand(expr))), tau)


@memo
def leading_order_expansion() -> tuple[sp.Expr, sp.Expr]:
    """(F_lin, B_lin): the leading-order law's floor and 1/N coefficient (sigma_syn = 1), by series in u = 1/N."""
    law_u = leading_order_in_tau().as_expr().subs(tau, 1 / (n0 + w_aug / (2 * u)))
    series = sp.series(law_u, u, 0, 2).removeO()
    return sp.simplify(series.coeff(u, 0)), sp.simplify(series.coeff(u, 1))


def in_q(expr: sp.Expr) -> sp.Expr:
    """Write an expression at delta_0 = 0 in terms of q = delta_perp^2/s^2 + delta_par^2."""
    at_zero0 = expr.subs({delta0_par: 0, delta0_perp: 0})
    return sp.simplify(at_zero0.subs(delta_perp**2, s**2 * (q - delta_par**2)))


def stated_leading_order() -> sp.Expr:
    """C1 as the spec prints it (docs/theory/model_g.md): (s phi/8) q + (s phi/(2N))[(d-1+s^2)/s^2 - n0 q / w]."""
    return s * phi(s) / 8 * q + s * phi(s) / (2 * N) * (K - n0 * q / w_aug)


@memo
def optimal_tau() -> sp.Expr:
    """tau* solving d/dtau (c0 + c1 tau + c2 tau^2) = 0."""
    poly = leading_order_in_tau()
    (root,) = sp.solve(sp.diff(poly.as_expr(), tau), tau)
    return sp.simplify(root)


def optimal_n() -> sp.Expr:
    """N* = 2(1/tau* - n0)/w: the augmentation size minimising the leading-order law (when > 0)."""
    return 2 * (1 / optimal_tau() - n0) / w_aug


def upturn_coefficient() -> sp.Expr:
    """c1 = d/dtau of the law at tau = 0: the curve approaches its floor from below (turns up) iff c1 < 0."""
    return leading_order_in_tau().coeff_monomial(tau)


@memo
def derive_scaling_law() -> Derivation:
    der = Derivation("C1/C2: the scaling law of synthetic augmentation", "paper (made exact in model G); "
                     "delta method, floor, exact 1/N coefficient and N* are toolkit derivations")
    comp = augmentation_components()
    der.step("Balanced data (m1 = n0 - n1 rows with shift delta_1) plus N/2 rows per class, weight w",
             sp.Matrix([[sp.Symbol(k), sp.simplify(v)] for k, v in comp.items()]))
    der.step("Hybrid curve H(N): A2's hybrid form with a_k = alpha_k(N) delta_k", hybrid_curve(), name="hybrid")
    der.step("Delta-method curve D(N) (curvature at the mean rule, error O(N^-2))", delta_method_curve(),
             name="delta_method")
    der.step("Floor F = lim D(N) = excess of the mean rule at alpha_k = 1", floor(), name="floor")
    der.step("Exact 1/N coefficient B = dD/du at u = 1/N = 0", slope_coefficient(), name="slope")
    der.step("Large-N expansion: E R_bal - Phi(-s) = F + B/N + O(N^-2)", large_n_expansion(), name="expansion")
    der.step("Perfect generator (zero offsets): B = (s phi(s)/2) sigma_syn^2 (d-1+s^2)/s^2, F = 0",
             sp.simplify(slope_coefficient().subs(ZERO_OFFSETS)), name="perfect_slope")
    law = der.step("Leading-order law: quadratic form linearised in the offsets, in tau = 1/(n0 + wN/2)",
                   leading_order_in_tau().as_expr(), name="leading_order")
    f_lin, b_lin = leading_order_expansion()
    der.step("Its floor at delta_0 = 0, in q", in_q(f_lin), name="floor_q")
    der.step("Its 1/N coefficient at delta_0 = 0, in q", in_q(b_lin), name="slope_q")
    der.step("The spec prints n0 where the derivation gives n1: derived - stated (sigma_syn = 1)",
             sp.simplify(in_q(f_lin + b_lin / N) - stated_leading_order()), name="stated_gap")
    c1 = der.step("Upturn iff c1 = dLaw/dtau at tau = 0 is negative", upturn_coefficient(), name="c1")
    q_crit = sp.solve(sp.Eq(in_q(c1), 0), q)
    der.step("Threshold on q (delta_0 = 0): the curve turns upward iff q > q_crit", sp.Matrix(q_crit), name="q_crit")
    der.step("tau* = -c1/(2 c2)", optimal_tau(), name="tau_star")
    der.step("N* = 2(1/tau* - n0)/w", optimal_n(), name="n_star")
    der.step("C2: exponent of the decay of E R - F (limit of -dlog/dlogN)",
             sp.limit(-N * sp.diff(sp.log(law.subs(tau, 1 / (n0 + w_aug * N / 2)).subs(ZERO_OFFSETS)), N), N, sp.oo),
             name="exponent")
    return der


@memo
def fluctuation_size() -> sp.Expr:
    """rho(N) = E[theta^2 + beta^2] = (v0 + v1)(d - 1 + s^2)/(4 s^2) along the augmentation path.

    The second-order delta method drops the v^2 term of the Gaussian smoothing series; that term is of
    relative order rho with respect to the v term it follows (toolkit derivation), so rho |D - mean rule|
    is the declared size of what D leaves out."""
    sub = augmentation_substitution()
    return ((v0 + v1) * (d - 1 + s**2) / (4 * s**2)).subs(sub)
