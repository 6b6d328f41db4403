"""Moments of the baseline oversamplers: the SMOTE point, and the class means of duplication/augmentation.

SMOTE point (toolkit derivation). z = x + lambda D with D = x_nb - x and lambda ~ U(0, 1) independent of
the pair. Every statement about a covariance matrix is a statement about the variance along every
direction u, so the derivation works with the scalars x = u^T x, D = u^T D:

    E[z | pair] = x + D/2,   Var[z | pair] = D^2 / 12     (Cov[z | pair] = D D^T / 12),
    E[z^2 | pair] = x^2 + x D + D^2 / 3.

Unconditionally, if the pair is exchangeable (x_nb has the law of x, so E D = 0 and Var(x + D) = Var x,
hence Cov(x, D) = -E D^2 / 2):  Var z = Sigma - E[D D^T] / 6. With an independent neighbour
E[D D^T] = 2 Sigma, so Cov z = (2/3) Sigma: z = (1 - lambda) x + lambda x_nb, E[(1-lambda)^2 + lambda^2] = 2/3.
(With k nearest neighbours the pair is not exchangeable in general: popular neighbours sit nearer the
centre. SMOTE with k = n - 1 picks a uniformly random other row, an exactly independent neighbour.)

Duplication class mean (toolkit derivation). m rows drawn with replacement from n1: row i appears
c_i = 1 + K_i times, K ~ Multinomial(m, 1/n1); the pooled mean has variance sum(c_i^2)/(n1 + m)^2 given c,
and E sum c_i^2 = n1 + 3m - m/n1 + m^2/n1.

Augmentation (docs/theory/samplers.md, sigma_syn = 1): claim C1's curve, whose class means
(alpha_k = (m_k + w N/2)/(n_k + m_k + w N/2), v_k = (n_k + m_k + w^2 N/2)/(n_k + m_k + w N/2)^2) have their
one home in theory/model_g/scaling_law.py.
"""
from __future__ import annotations

from synthover.theory.memo import memo

import sympy as sp

from synthover.theory.model_g import oversampling
from synthover.theory.derivation import Derivation
from synthover.theory.symbols import ell, m, n0, n1, sigma_syn, v0, v1

lam = sp.Symbol("lambda", nonnegative=True)
x_u = sp.Symbol("x_u", real=True)  # u^T x, the base row along a direction u
D_u = sp.Symbol("D_u", real=True)  # u^T (x_nb - x)
var_x = sp.Symbol("Sigma_uu", positive=True)  # u^T Sigma u
edd = sp.Symbol("q_uu", nonnegative=True)  # u^T E[D D^T] u
cov_xd = sp.Symbol("c_uu", real=True)  # Cov(u^T x, u^T D)


def uniform_moment(expr: sp.Expr) -> sp.Expr:
    """E over lambda ~ U(0, 1)."""
    return sp.integrate(expr, (lam, 0, 1))


@memo
def derive_smote_point() -> Derivation:
    der = Derivation("SMOTE point: conditional and unconditional moments", "toolkit derivation")
    z = der.step("SMOTE point along a direction u", x_u + lam * D_u)
    mean = der.step("E[z | pair] = x + D/2", sp.expand(uniform_moment(z)), name="conditional_mean")
    var = der.step("Var[z | pair] = D^2 Var(lambda) = D^2/12", sp.factor(uniform_moment(z**2) - mean**2), name="conditional_var")
    der.step("E[z^2 | pair] = x^2 + x D + D^2/3", sp.expand(uniform_moment(z**2)), name="conditional_second_moment")
    c = sp.Symbol("c")
    exch = sp.solve(sp.Eq(var_x + 2 * c + edd, var_x), c)[0]
    der.step("Exchangeable pair: Var(x + D) = Var x gives Cov(x, D) = -E D^2/2", sp.Eq(cov_xd, exch))
    # law of total variance: Var z = Var(x + D/2) + E Var[z | pair], with E D = 0
    total = var_x + cov_xd + edd / 4 + var.subs(D_u**2, edd)
    general = der.step("Var z = Var(x + D/2) + E[D^2]/12 = Sigma - E[D D^T]/6", sp.simplify(total.subs(cov_xd, exch)), name="exchangeable_var")
    independent = der.step("Independent neighbour: E[D D^T] = 2 Sigma", sp.simplify(general.subs(edd, 2 * var_x)), name="independent_var")
    direct = sp.simplify(uniform_moment((1 - lam) ** 2 + lam**2) * var_x)
    assert sp.simplify(independent - direct) == 0
    der.step("Directly: E[(1-lambda)^2 + lambda^2] Sigma = (2/3) Sigma", direct, name="independent_direct")
    return der


def conditional_mean() -> sp.Expr:
    return derive_smote_point()["conditional_mean"]


def conditional_second_moment() -> sp.Expr:
    """E[(u^T z)^2 | pair] in x_u, D_u."""
    return derive_smote_point()["conditional_second_moment"]


def conditional_second_moment_midpoint() -> sp.Expr:
    """A deliberately wrong E[z^2 | pair]: lambda fixed at 1/2 (Var(lambda) dropped): x^2 + x D + D^2/4."""
    return sp.expand((x_u + D_u / 2) ** 2)


def independent_neighbour_variance() -> sp.Expr:
    """(2/3) u^T Sigma u."""
    return derive_smote_point()["independent_var"]


@memo
def derive_duplication_mean_variance() -> Derivation:
    der = Derivation("Duplication: variance of the pooled minority mean", "toolkit derivation")
    p = 1 / n1
    e_k, var_k = m * p, m * p * (1 - p)
    e_c2 = der.step("E c_i^2 = Var K_i + (1 + E K_i)^2, K ~ Multinomial(m, 1/n1)", var_k + (1 + e_k) ** 2)
    total = der.step("E sum_i c_i^2", sp.expand(n1 * e_c2), name="sum_c2")
    der.step("E v1 = E sum c_i^2 / (n1 + m)^2", total / (n1 + m) ** 2, name="v1")
    return der


def duplication_substitution() -> dict:
    """Class-mean law of duplication for A2's general form: no offset, v1 = E sum c^2/(n1+m)^2.

    The hybrid form is linear in v1 except inside the mean-rule excess (through E b), so plugging E v1
    is exact for the fluctuation term and first-order for the rest."""
    g = oversampling
    return {g.a1_par: 0, g.a1_perp: 0, g.a0_par: 0, g.a0_perp: 0,
            v1: derive_duplication_mean_variance()["v1"], v0: 1 / n0, ell: sp.log((n1 + m) / n0)}


def excess_duplication_hybrid() -> sp.Expr:
    return oversampling.derive_general()["hybrid"].subs(duplication_substitution())


def excess_augmented_hybrid() -> sp.Expr:
    """G-shift balancing (m = n0 - n1 rows shifted by delta) plus N augmentation rows of weight w, N/2 per
    class, minority rows shifted by the same delta, majority rows unshifted, sigma_syn = 1: claim C1's curve
    (scaling_law.hybrid_curve) with no class-0 shift."""
    from synthover.theory.model_g import scaling_law

    return scaling_law.hybrid_curve().subs({scaling_law.delta0_par: 0, scaling_law.delta0_perp: 0, sigma_syn: 1})

