"""A2/A3: plug-in LDA with synthetic minority rows in model G (sigma = 1), derived in code.

Setting (docs/theory/model_g.md, A2). Class means are estimated from all rows of the class, real and synthetic:
mu1_hat ~ N(mu + a1, v1 I), mu0_hat ~ N(-mu + a0, v0 I), independent. For G-shift synthetic rows
N(mu + delta, sigma_syn^2 I) (m of them) and n1 real rows, a1 = alpha delta with alpha = m/(n1 + m) and
v1 = (n1 + m sigma_syn^2)/(n1 + m)^2; a0 = 0, v0 = 1/n0; ell = log((n1 + m)/n0). The rule is
w = mu1_hat - mu0_hat, b = ell - (||mu1_hat||^2 - ||mu0_hat||^2)/2.

Derivation (each step is code below):
1. mean rule: w_bar = 2 mu + a1 - a0, b_bar = E b = ell - (||mu + a1||^2 - ||-mu + a0||^2)/2 - d (v1 - v0)/2;
2. its exact excess R_bal(w_bar, b_bar) - Phi(-s);
3. fluctuations around the mean rule, linearised at the Bayes point: E theta^2 = (d-1)(v0+v1)/(4 s^2)
   from the d-1 orthogonal coordinates of w, and Var beta from the gradient of beta = b/||w|| in the
   coordinates of mu1_hat, mu0_hat along mu;
4. "hybrid": exact mean-rule excess + (s phi(s)/2)(E theta^2 + Var beta);
   "quadratic": (s phi(s)/2)(theta_bar^2 + beta_bar^2 + E theta^2 + Var beta), theta_bar and beta_bar
   linearised (||w_bar|| -> 2s).
Mean offsets are written in coordinates (along mu, along one fixed orthogonal direction e2), which
covers every shift of docs/theory/model_g.md (A2: delta = (delta0, delta0, 0, ...); C1: delta_0 = (0, -0.15, 0, ...)).
The two-class generalisation (a0 != 0, used by C1) is the toolkit's; the A2 forms are the paper's
result made exact in model G (docs/theory/model_g.md).
"""
from __future__ import annotations

from synthover.theory.memo import memo

import sympy as sp

from synthover.theory.derivation import Derivation
from synthover.theory.model_g.linear_rule_risk import balanced_risk
from synthover.theory.normal import Phi, phi
from synthover.theory.symbols import alpha, d, delta_par, delta_perp, ell, m, n0, n1, s, sigma_syn, v0, v1

a1_par, a1_perp, a0_par, a0_perp = sp.symbols("a1_par a1_perp a0_par a0_perp", real=True)
u1, u0 = sp.symbols("u1 u0", real=True)  # coordinates of mu1_hat, mu0_hat along mu


@memo
def derive_general() -> Derivation:
    """E R_bal - Phi(-s) of plug-in LDA for class means with offsets a1, a0 and variances v1, v0."""
    der = Derivation("A2: plug-in LDA with synthetic rows (general class-mean offsets)", "paper (made exact in model G)")
    w_par = der.step("Mean rule, component of w_bar along mu", 2 * s + a1_par - a0_par, name="w_par")
    w_perp = der.step("Mean rule, component of w_bar orthogonal to mu", a1_perp - a0_perp, name="w_perp")
    norm1 = (s + a1_par) ** 2 + a1_perp**2 + d * v1  # E ||mu1_hat||^2
    norm0 = (-s + a0_par) ** 2 + a0_perp**2 + d * v0  # E ||mu0_hat||^2
    b_bar = der.step("Mean intercept b_bar = ell - (E||mu1_hat||^2 - E||mu0_hat||^2)/2", ell - (norm1 - norm0) / 2, name="b_bar")
    w_norm = sp.sqrt(w_par**2 + w_perp**2)
    margin = s * w_par / w_norm
    mean_excess = der.step(
        "Exact excess of the mean rule", balanced_risk(margin, b_bar / w_norm) - Phi(-s), name="mean_excess"
    )

    # Fluctuations, linearised at the Bayes point (u1, u0) = (s, -s), ell = 0, no offsets.
    b_loc = -(u1**2 - u0**2) / 2
    beta_loc = b_loc / (u1 - u0)
    at_bayes = {u1: s, u0: -s}
    g1, g0 = (sp.simplify(sp.diff(beta_loc, u).subs(at_bayes)) for u in (u1, u0))
    der.step("Gradient of beta = b/||w|| along (u1, u0) at the Bayes point", sp.Matrix([g1, g0]))
    var_beta = der.step("Var beta = g1^2 v1 + g0^2 v0", sp.factor(g1**2 * v1 + g0**2 * v0), name="var_beta")
    e_theta2 = der.step(
        "E theta^2 = E||w_perp noise||^2 / ||w||^2 = (d-1)(v0+v1)/(2s)^2",
        (d - 1) * (v0 + v1) / (2 * s) ** 2,
        name="e_theta2",
    )
    curvature = s * phi(s) / 2  # from theory.linear_rule_risk.derive_second_order_expansion
    fluct = der.step("Fluctuation term (s phi(s)/2)(E theta^2 + Var beta)", curvature * (e_theta2 + var_beta), name="fluctuation")
    der.step("Hybrid form: exact mean-rule excess + fluctuation term", mean_excess + fluct, name="hybrid")
    theta_bar = w_perp / (2 * s)
    beta_bar = b_bar / (2 * s)
    der.step(
        "Fully quadratic form: (s phi(s)/2)(theta_bar^2 + beta_bar^2) + fluctuation term, ||w_bar|| -> 2s",
        curvature * (theta_bar**2 + beta_bar**2) + fluct,
        name="quadratic",
    )
    return der


def g_shift_substitution(m_=m, sigma_syn_=sigma_syn) -> dict:
    """Offsets and variances of the class means with m G-shift rows N(mu + delta, sigma_syn^2 I)."""
    a = m_ / (n1 + m_)
    return {
        a1_par: a * delta_par,
        a1_perp: a * delta_perp,
        a0_par: 0,
        a0_perp: 0,
        v1: (n1 + m_ * sigma_syn_**2) / (n1 + m_) ** 2,
        v0: 1 / n0,
        ell: sp.log((n1 + m_) / n0),
    }


def in_alpha_form(expr: sp.Expr) -> sp.Expr:
    """Write the general form with a1 = alpha delta, a0 = 0 (the spec's variables alpha, ell, v0, v1)."""
    return expr.subs({a1_par: alpha * delta_par, a1_perp: alpha * delta_perp, a0_par: 0, a0_perp: 0})


@memo
def excess_hybrid_general() -> sp.Expr:
    """Hybrid E R_bal - Phi(-s) in d, s, alpha, ell, v0, v1, delta_par, delta_perp."""
    return in_alpha_form(derive_general()["hybrid"])


@memo
def excess_quadratic_general() -> sp.Expr:
    return in_alpha_form(derive_general()["quadratic"])


@memo
def excess_hybrid() -> sp.Expr:
    """Hybrid form in the parameters of docs/theory/model_g.md d, s, n0, n1, m, delta_par, delta_perp, sigma_syn."""
    return derive_general()["hybrid"].subs(g_shift_substitution())


@memo
def excess_quadratic() -> sp.Expr:
    return derive_general()["quadratic"].subs(g_shift_substitution())


def fluctuation_general() -> sp.Expr:
    """(s phi(s)/8)[(d-1)(v0+v1)/s^2 + (v0+v1)]."""
    return derive_general()["fluctuation"]


def explain_a2() -> Derivation:
    der = derive_general()
    out = Derivation("A2: oversampling with an imperfect generator, finite sample", der.source, list(der.steps))
    out.step("Substitute G-shift rows: a1 = alpha delta, alpha = m/(n1+m), v1 = (n1 + m sigma_syn^2)/(n1+m)^2, v0 = 1/n0, ell = log((n1+m)/n0)",
             sp.Matrix([[k, v] for k, v in g_shift_substitution().items()]))
    out.step("Hybrid form in the parameters of docs/theory/model_g.md", excess_hybrid())
    return out


q1, q0, p1, p0 = sp.symbols("q1 q0 p1 p0", real=True)  # orthogonal coordinates of mu1_hat, mu0_hat


@memo
def derive_delta_method() -> Derivation:
    """Second order at the mean rule (the toolkit's refinement, not the paper's).

    The exact balanced risk is a function of the coordinates of mu1_hat and mu0_hat: along mu (u1, u0),
    along e2 (p1, p0, carrying the orthogonal offsets) and along the other d-2 axes (each like q1, q0,
    mean 0). The delta method at the mean coordinates gives

        E R_bal ~ R_bal(mean) + (1/2) sum_c  d^2 R_bal / dc^2 * Var(c),

    with Var = v1 for class-1 coordinates and v0 for class-0 coordinates, the d-2 unshifted axes
    contributing (d-2) times the q-term. (Gaussian smoothing is the heat semigroup: there are no odd
    terms, and the remainder is O(v^2).) Unlike the hybrid form it keeps the curvature and the norm
    ||w_bar|| of the mean rule, so its error is of second order in the variances even when the mean
    rule is biased.
    """
    der = Derivation("A2 refined: delta method at the mean rule", "toolkit derivation")
    w_sq = (u1 - u0) ** 2 + (p1 - p0) ** 2 + (q1 - q0) ** 2
    b = ell - ((u1**2 + p1**2 + q1**2) - (u0**2 + p0**2 + q0**2)) / 2
    risk = der.step("Exact R_bal of w = mu1_hat - mu0_hat, b = ell - (||mu1_hat||^2 - ||mu0_hat||^2)/2",
                    balanced_risk(s * (u1 - u0) / sp.sqrt(w_sq), b / sp.sqrt(w_sq)))
    mean = {u1: s + a1_par, u0: -s + a0_par, p1: a1_perp, p0: a0_perp, q1: 0, q0: 0}
    second = {c: sp.diff(risk, c, 2).subs(mean) for c in (u1, u0, p1, p0, q1, q0)}
    der.step("Second derivatives at the mean coordinates (one per coordinate kind)", sp.Matrix(list(second)))
    lap1 = der.step("Laplacian in mu1_hat at the mean: d2/du1^2 + d2/dp1^2 + (d-2) d2/dq1^2",
                    second[u1] + second[p1] + (d - 2) * second[q1], name="laplacian1")
    lap0 = der.step("Laplacian in mu0_hat at the mean", second[u0] + second[p0] + (d - 2) * second[q0], name="laplacian0")
    correction = (v1 * lap1 + v0 * lap0) / 2
    mean_excess = der.step("Excess of the rule built from the mean class means", risk.subs(mean) - Phi(-s), name="mean_excess")
    der.step("E R_bal - Phi(-s) ~ R_bal(mean) - Phi(-s) + (1/2) sum_c R_cc Var(c)",
             mean_excess + correction, name="delta_method")
    return der


@memo
def excess_delta_method() -> sp.Expr:
    return derive_delta_method()["delta_method"].subs(g_shift_substitution())


@memo
def approximation_scales() -> dict[str, sp.Expr]:
    """Sizes of what the approximations leave out, with unit constants, in the parameters of docs/theory/model_g.md
    (G-shift rows). They state the regime of A2 (epsilon small) and are reported beside each row; they are not
    error bounds: against the exact value (plugin_lda_exact) the delta method's error reaches 28 x epsilon x
    fluctuation at a mean rule far from the Bayes rule (docs/theory/model_g.md, A2's findings).

    fluctuation: the second-order fluctuation term (s phi(s)/8)[(d-1)(v0+v1)/s^2 + (v0+v1)];
    epsilon:     E theta^2 + Var beta = (d-1)(v0+v1)/(4s^2) + (v0+v1)/4, the relative size of the
                 fourth-order terms next to the second-order ones near the Bayes rule;
    offset:      |2 beta_bar| + |a1_par - a0_par|/s, the first-order size of the mean rule's distance
                 from the Bayes rule; the hybrid form evaluates the fluctuation term at the Bayes rule,
                 so its error is of order offset x fluctuation (toolkit derivation).
    """
    gen = derive_general()
    sub = g_shift_substitution()
    eps = ((d - 1) * (v0 + v1) / (4 * s**2) + (v0 + v1) / 4).subs(sub)
    offset = (sp.Abs(gen["b_bar"] / s) + sp.Abs(a1_par - a0_par) / s).subs(sub)
    return {"fluctuation": gen["fluctuation"].subs(sub), "epsilon": eps, "offset": offset}
