"""B4: the finite-sample law of oversampled logistic ERM in model S (toolkit derivation, like A2).

Setting: the balanced design (m = n_al - n_mis synthetic misaligned rows from a perfect generator), so the
n = n_al + n_mis + m training rows are n/4 i.i.d. rows in each group (y~, a) with x | y~ ~ N(y~ mu, sigma^2 I).
The population rule is the Bayes rule (w_core = 2 mu/sigma^2, w_a = b = 0), so grad R_bal = 0 there and the
mean excess is second order in the fluctuation of the fitted (w_core, w_a, b).

1. Expansion. With beta_a = (b + a w_a) / (sigma ||w_core||) the rule's intercept on the groups of attribute a,
   R_bal = mean_a R_bal^G(vartheta, beta_a) ~ Phi(-s) + (s phi(s)/2)[vartheta^2 + (b^2 + w_a^2)/(2s)^2]:
   the attribute's weight enters exactly like the intercept (derived by series below).
2. Fluctuations (logistic MLE, n -> infinity). With c0 = E[sigma'(2 s t)], t ~ N(s, 1) (a 1-D integral, evaluated
   by quadrature), the information is I = c0 (sigma^2 on the noise coordinates) and I_{wa,b} = 0 by the a -> -a
   symmetry. The group sizes are fixed, so the score variance loses its between-group part:
   J_aa = J_bb = c0 - q^2 with q = E[1 - P(y~=1|x) | y~=1] = 2 c0 (Bayes' rule, shown at the integrand level).
   Sandwich: Var(w_a) = Var(b) = (1 - 4 c0)/(n c0) ("like the intercept"), Var(w_j) = 1/(n sigma^2 c0), j >= 2.
3. Laws.
   E R_bal - Phi(-s) ~ phi(s) [(d - 1) + 2 (1 - 4 c0)] / (8 s n c0)                          (order 1/n)
   E R_wg  - Phi(-s) ~ (phi(s)/(2s)) E(|b| + |w_a|) = (phi(s)/s) sqrt(2 (1 - 4 c0) / (pi n c0))   (order n^{-1/2})
Regime: n c0 >> d + 2 (asymptotic normality of the MLE; relative corrections O((d+2)/(n c0))), and the
balanced design. Away from balance grad R_bal != 0 and the O(1/n) MLE bias enters at first order; there the
claim checks the population value (B2/B3) and Var(w_a) from the sandwich (theory.model_s.population).
"""
from __future__ import annotations

from synthover.theory.memo import memo

import numpy as np
import sympy as sp
from scipy.integrate import quad
from scipy.special import expit

from synthover.theory.derivation import Derivation
from synthover.theory.normal import Phi, phi
from synthover.theory.symbols import angle, d, s, t

c0 = sp.Symbol("c_0", positive=True)  # E[sigma'(eta)] at the Bayes rule
n = sp.Symbol("n", positive=True)  # total training rows
u = sp.Symbol("u", real=True)  # x_par / sigma
wa_, b_ = sp.symbols("w_a b", real=True)
beta_p, beta_m = sp.symbols("beta_+ beta_-", real=True)
V = sp.Symbol("V", positive=True)


def _R_bal_groups(theta, bp, bm):
    """Mean over the four groups: attribute a contributes R_bal^G(theta, beta_a)."""
    return sum((Phi(-s * sp.cos(theta) + bb) + Phi(-s * sp.cos(theta) - bb)) / 2 for bb in (bp, bm)) / 2


@memo
def derive_b4() -> Derivation:
    der = Derivation("B4: finite-sample law of oversampled logistic ERM in model S (balanced design)",
                     "toolkit derivation")
    exact = der.step("R_bal of a rule with angle vartheta and per-attribute intercepts beta_+-",
                     _R_bal_groups(angle, beta_p, beta_m))
    series = sp.series(exact.subs({angle: t * angle, beta_p: t * beta_p, beta_m: t * beta_m}), t, 0, 3).removeO()
    quad2 = sp.simplify(sp.expand(series.coeff(t, 2)).rewrite(sp.exp))
    target = s * phi(s) / 2 * (angle**2 + (beta_p**2 + beta_m**2) / 2)
    assert sp.simplify(quad2 - target) == 0 and sp.simplify(series.coeff(t, 1)) == 0
    der.step("Second order (first order vanishes)", target)
    with_coords = sp.expand(target.subs({beta_p: (b_ + wa_) / (2 * s), beta_m: (b_ - wa_) / (2 * s)}))
    in_coords = s * phi(s) / 2 * (angle**2 + (b_**2 + wa_**2) / (4 * s**2))
    assert sp.simplify(with_coords - in_coords) == 0
    der.step("beta_a = (b + a w_a)/(2s): w_a enters exactly like the intercept b", in_coords)
    dens_p, dens_m = phi(u - s), phi(u + s)
    posterior = dens_p / (dens_p + dens_m)
    c0_integrand = (dens_p + dens_m) / 2 * posterior * (1 - posterior)
    q_integrand = dens_p * (1 - posterior)
    der.step("c0 = E[P(1-P)] over the x_par mixture (integrand; evaluated by quadrature)",
             sp.Eq(c0, sp.Integral(sp.simplify(c0_integrand), (u, -sp.oo, sp.oo))))
    assert sp.simplify(q_integrand - 2 * c0_integrand) == 0
    der.step("q = E[1 - P | y~=+1] has integrand exactly 2 x c0's: q = 2 c0", sp.Eq(sp.Symbol("q"), 2 * c0))
    info, meat = c0, c0 - (2 * c0) ** 2
    var_ab = der.step("Sandwich Var(w_a) = Var(b) = J/(n I^2) with I = c0, J = c0 - q^2",
                      sp.factor(meat / (n * info**2)), name="var_wa")
    var_perp = 1 / (n * c0)  # sigma^2 Var(w_j), I_jj = sigma^2 c0, no between-group part
    e_angle = der.step("E vartheta^2 = (d-1) sigma^2 Var(w_j) / (2s)^2", (d - 1) * var_perp / (4 * s**2))
    law_bal = sp.factor(s * phi(s) / 2 * (e_angle + 2 * var_ab / (4 * s**2)))
    stated = phi(s) * ((d - 1) + 2 * (1 - 4 * c0)) / (8 * s * n * c0)
    assert sp.simplify(law_bal - stated) == 0
    der.step("E R_bal - Phi(-s) (order 1/n)", stated, name="law_bal")
    x_ = sp.Symbol("x", real=True)
    e_abs = sp.simplify(sp.integrate(sp.Abs(x_) * sp.exp(-x_**2 / (2 * V)) / sp.sqrt(2 * sp.pi * V), (x_, -sp.oo, sp.oo)))
    der.step("E|N(0, V)|", e_abs)
    for sb in (1, -1):  # max over groups of -y~(b + a w_a) = |b| + |w_a|, all four sign cases
        for sw in (1, -1):
            bp, wp = sp.symbols("b_+ w_+", positive=True)
            vals = [-yt * (sb * bp + at * sw * wp) for yt in (1, -1) for at in (1, -1)]
            assert any(sp.simplify(v - (bp + wp)) == 0 for v in vals)
            assert all((bp + wp - v).is_nonnegative for v in vals)
    law_wg = der.step("E R_wg - Phi(-s) ~ (phi(s)/(2s)) E(|b| + |w_a|) (order n^-1/2)",
                      sp.simplify(phi(s) / (2 * s) * 2 * e_abs.subs(V, var_ab)), name="law_wg")
    assert sp.simplify(law_wg - phi(s) / s * sp.sqrt(2 * (1 - 4 * c0) / (sp.pi * n * c0))) == 0
    der.step("Neglected: relative O((d+2)/(n c0)) for R_bal; for R_wg the second-order term, at most 2 x law_bal",
             text="Regime: n c0 >> d + 2 and the balanced design; away from balance the O(1/n) MLE bias enters "
                  "at first order and only Var(w_a) (sandwich, by quadrature) is claimed.")
    return der


def law_balanced(stratified: bool = True, attribute: bool = True) -> sp.Expr:
    """phi(s)[(d-1) + 2(1-4c0)]/(8 s n c0). Negative controls: `stratified=False` (J = I, i.i.d. group
    sizes) and `attribute=False` (drops the attribute coordinate: one intercept-like term instead of two)."""
    var_ab = derive_b4()["var_wa"] if stratified else 1 / (n * c0)
    k = 2 if attribute else 1
    return sp.factor(s * phi(s) / 2 * ((d - 1) / (4 * s**2 * n * c0) + k * var_ab / (4 * s**2)))


def law_worst(stratified: bool = True) -> sp.Expr:
    """(phi(s)/s) sqrt(2 Var(w_a)/pi); `stratified=False` uses the i.i.d. variance (negative control)."""
    var_ab = derive_b4()["var_wa"] if stratified else 1 / (n * c0)
    return phi(s) / s * sp.sqrt(2 * var_ab / sp.pi)


def variance_attribute_weight(stratified: bool = True) -> sp.Expr:
    return derive_b4()["var_wa"] if stratified else 1 / (n * c0)


def c0_value(s_: float) -> float:
    """c0(s) = E[sigma'(2 s t)], t ~ N(s, 1), by adaptive quadrature (the x_par mixture is symmetric)."""
    if not s_ > 0:
        raise ValueError(f"s must be > 0 (got {s_})")
    f = lambda z: np.exp(-((z - s_) ** 2) / 2) / np.sqrt(2 * np.pi) * expit(2 * s_ * z) * expit(-2 * s_ * z)  # noqa: E731
    return float(quad(f, -np.inf, np.inf, epsabs=1e-14, epsrel=1e-12)[0])
