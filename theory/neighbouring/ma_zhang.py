"""E1 (Ma & Zhang 2026): a biased but aligned generator, no-intercept least squares, exact population.

Majority N(0, I_2) with label 0, minority N(mu e1, I_2) and synthetic rows N(a e1, I_2) with label 1;
n0, n1, n_syn rows. The population least-squares coefficient solves the normal equations with the
group second moments E[x x^T] = I + c c^T:

    [n0 I + n1 (I + mu^2 e1 e1^T) + n_syn (I + a^2 e1 e1^T)] theta = (n1 mu + n_syn a) e1,
    theta_1 = (n1 mu + n_syn a) / (n0 + n1 (1 + mu^2) + n_syn (1 + a^2)),   theta_2 = 0.

Balanced squared risk R_bal(theta) = [E_0 (theta^T x)^2 + E_1 (theta^T x - 1)^2] / 2 is minimised at
theta* = mu e1 / (2 + mu^2) (= 1/3 at mu = 1). With mu = 1, a = 1/2, n0 = 20 n1, balancing
(n_syn = n0 - n1) gives theta_1 = 14/61 and the excess floor 361/22326; n_syn = 4 (n0 - n1) cancels the bias.

Size rule. At theta* write g_k for the population gradient of group k's squared loss (k = 0, 1, syn),
g_phi = g_0 - g_1 (the imbalance direction) and g_psi = g_syn - g_1 (the generator's bias). Stationarity
of n0 R_0 + n1 R_1 + n_syn R_syn at theta*, with g_0 = -g_1 there, projected on g_phi gives

    n_syn = (n0 - n1) / (1 - 2 (||g_psi|| / ||g_phi||) cos angle(g_phi, g_psi)).

The model and the numbers are Ma & Zhang's as quoted in docs/theory/neighbouring.md; the definitions of g_phi, g_psi are
the toolkit's reconstruction (the ones under which their rule is an identity), derived here.
"""
from __future__ import annotations

from synthover.theory.memo import memo

import sympy as sp

from synthover.theory.derivation import Derivation
from synthover.theory.symbols import n0, n1

n_syn = sp.Symbol("n_syn", nonnegative=True)
mu_min = sp.Symbol("mu", positive=True)  # minority mean along e1
a_syn = sp.Symbol("a", positive=True)  # synthetic mean along e1
th1, th2 = sp.symbols("theta_1 theta_2", real=True)
THETA = sp.Matrix([th1, th2])
E1_VALUES = {mu_min: 1, a_syn: sp.Rational(1, 2)}


def second_moment(center: sp.Expr) -> sp.Matrix:
    c = sp.Matrix([center, 0])
    return sp.eye(2) + c * c.T


def group_risk(center: sp.Expr, label: int) -> sp.Expr:
    """E (theta^T x - y)^2 for x ~ N(center e1, I_2), y = label."""
    c = sp.Matrix([center, 0])
    return sp.expand((THETA.T * second_moment(center) * THETA)[0] - 2 * label * (THETA.T * c)[0] + label**2)


def gradient(expr: sp.Expr) -> sp.Matrix:
    return sp.Matrix([sp.diff(expr, th1), sp.diff(expr, th2)])


@memo
def derive_e1() -> Derivation:
    der = Derivation("E1: biased aligned generator, no-intercept least squares", "paper (Ma & Zhang), derived by the toolkit")
    r0, r1, rs = group_risk(0, 0), group_risk(mu_min, 1), group_risk(a_syn, 1)
    total = n0 * r0 + n1 * r1 + n_syn * rs
    sol = sp.solve(list(gradient(total)), [th1, th2], dict=True)[0]
    theta1 = der.step("Population theta_1 (normal equations)", sp.factor(sol[th1]), name="theta1")
    der.step("theta_2 = 0", sol[th2])
    r_bal = der.step("Balanced squared risk", (r0 + r1) / 2, name="risk")
    opt = sp.solve(list(gradient(r_bal)), [th1, th2], dict=True)[0]
    star = der.step("Balanced optimum theta_1*", sp.simplify(opt[th1]), name="theta1_star")
    excess = sp.factor(sp.expand(r_bal - r_bal.subs(opt)))
    der.step("Excess balanced risk (exact quadratic)", excess, name="excess")
    balanced = {n_syn: n0 - n1}
    ratio20 = {n0: 20 * n1}
    theta_bal = der.step("Balancing, mu = 1, a = 1/2, n0 = 20 n1", sp.simplify(theta1.subs(balanced).subs(E1_VALUES).subs(ratio20)), name="theta1_balanced")
    floor = excess.subs({th2: 0, th1: theta_bal}).subs(E1_VALUES)
    der.step("Excess floor at balancing", sp.nsimplify(sp.simplify(floor)), name="floor")
    size = sp.solve(sp.Eq(theta1, star), n_syn)[0]
    der.step("Bias-cancelling size: theta_1(n_syn) = theta_1*", sp.factor(size), name="cancelling_size_general")
    der.step("At mu = 1, a = 1/2", sp.factor(size.subs(E1_VALUES)), name="cancelling_size")
    at_star = dict(opt)
    g0, g1, gs = (gradient(r).subs(at_star) for r in (r0, r1, rs))
    der.step("At theta*, g_0 = -g_1", sp.simplify(g0 + g1))
    g_phi = der.step("g_phi = g_0 - g_1", sp.simplify(g0 - g1), name="g_phi")
    g_psi = der.step("g_psi = g_syn - g_1", sp.simplify(gs - g1), name="g_psi")
    ratio_cos = sp.simplify(g_psi.dot(g_phi) / g_phi.dot(g_phi))  # (||g_psi||/||g_phi||) cos angle
    rule = der.step("Size rule (n0 - n1)/(1 - 2 (||g_psi||/||g_phi||) cos)", sp.simplify((n0 - n1) / (1 - 2 * ratio_cos)), name="size_rule")
    der.step("Size rule minus the cancelling size (simplifies to 0)", sp.simplify(rule - size))
    return der


def theta1(n_syn_value=None) -> sp.Expr:
    """Population theta_1 at mu = 1, a = 1/2 in n0, n1 (and n_syn unless given)."""
    expr = derive_e1()["theta1"].subs(E1_VALUES)
    return expr if n_syn_value is None else expr.subs(n_syn, n_syn_value)


def theta1_dropping_synthetic_second_moment(n_syn_value) -> sp.Expr:
    """A deliberately wrong theta_1: the synthetic rows' a^2 term left out of the normal equations."""
    return ((n1 + n_syn * a_syn) / (n0 + 2 * n1 + n_syn)).subs(E1_VALUES).subs(n_syn, n_syn_value)


def excess(theta_1, theta_2=0) -> sp.Expr:
    """Balanced excess risk of theta at mu = 1."""
    return derive_e1()["excess"].subs(E1_VALUES).subs({th1: theta_1, th2: theta_2})


def cancelling_size() -> sp.Expr:
    return derive_e1()["cancelling_size"]
