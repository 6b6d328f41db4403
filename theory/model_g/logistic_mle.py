"""A1 at finite n: the expected excess of the raw logistic fit, to order 1/N (toolkit derivation).

Design: n1 rows from class 1, x ~ N(mu, I), and n0 from class 0, x ~ N(-mu, I) (sigma = 1: the balanced risk
is scale-free), counts fixed, N = n0 + n1, mu = s e1. The logistic fit theta_hat = (b, w) solves
sum_i psi_i(theta) = 0 with psi(x, y; theta) = (y - p) x~, x~ = (1, x), p = sigmoid(theta^T x~). Its root for the
design's expectation is the population rule theta* = (ell, 2 mu) of A1 (imbalance_bias.py), ell = log(n1/n0).

Second-order expansion of the estimating equation (Cox & Snell 1968; Rilstone, Srivastava & Ullah 1996, for
independent, not identically distributed terms: the rows of each class form a stratum), with
J = d psi / d theta = -p(1-p) x~ x~^T, d2 psi_r / d theta_s d theta_t = -p(1-p)(1-2p) x~_r x~_s x~_t, and
E = sum_c pi_c E_c, pi_c = n_c / N:

    H = E[J],  S = sum_c pi_c Cov_c(psi),  Sigma = H^-1 S H^-1               (N Cov(theta_hat) -> Sigma)
    N E[theta_hat - theta*] -> H^-1 C - (1/2) H^-1 K[Sigma],
    C = sum_c pi_c (E_c[J H^-1 psi] - E_c[J] H^-1 E_c[psi]),   K[Sigma]_r = E[d2 psi_r / d theta_s d theta_t] Sigma_st.

(In an i.i.d. design E[psi | x] = 0 makes C vanish and the bias is Cox & Snell's; with fixed class counts it
does not.) H, Sigma and the bias are computed by logistic_quadrature.second_order_bias (one home, shared with
E3's Owen study; its psi has the opposite sign, which the formula absorbs). The balanced risk R(theta) then gives, to order 1/N,

    E R(theta_hat) - Phi(-s) = [R(theta*) - Phi(-s)] + g^T bias + (1/2) tr(R'' Sigma) / N,

g and R'' the gradient and Hessian of R at theta* (sympy, `derive_risk_derivatives`): R depends on w only
through w1 = w^T e1 and |w|, so its Hessian has one in-plane 2 x 2 block (b, w1) and the same curvature
d2R/dr2 at r = 0 on each of the d - 1 other coordinates.

The expectations are one-dimensional Gauss-Hermite sums along mu times a 2(d-1)-point rule for the other
coordinates (points +-sqrt(d-1) e_j, equal weights), exact for every polynomial of degree <= 3 in them, the
highest degree the formulas above contain; p depends only on the coordinate along mu at theta*.

Size of what the expansion leaves out: R depends on theta only through the angle vartheta of w to mu and
beta = b / |w|; the terms left out are of relative size epsilon = E vartheta^2 + Var beta (the next order
of the same Taylor series and the next order of the M-estimator's moments, as in A2's delta method), so the
declared next term is epsilon (|g^T bias| + |(1/2) tr(R'' Sigma)| / N).
"""
from __future__ import annotations

import numpy as np
import scipy.special
import sympy as sp

from synthover.theory.derivation import Derivation
from synthover.theory.logistic_quadrature import second_order_bias
from synthover.theory.memo import memo
from synthover.theory.model_g.linear_rule_risk import balanced_risk
from synthover.theory.symbols import ell, s

GAUSS_HERMITE_NODES = 96
b_, w1, r = sp.symbols("b w1 r", real=True)


@memo
def derive_risk_derivatives() -> Derivation:
    """Gradient and Hessian of R_bal(b, w) at the population rule (b, w1, r) = (ell, 2s, 0), where w1 is the
    coordinate of w along mu and r = |w - w1 e1|."""
    der = Derivation("A1 at finite n: derivatives of R_bal at the population logistic rule", "toolkit derivation")
    norm = sp.sqrt(w1**2 + r**2)
    risk = der.step("R_bal of (b, w): margin s w1/|w|, beta = b/|w|", balanced_risk(s * w1 / norm, b_ / norm))
    at = {b_: ell, w1: 2 * s}
    plane = (b_, w1)
    der.step("Gradient in (b, w1) at r = 0", sp.Matrix([sp.simplify(sp.diff(risk, v).subs(r, 0).subs(at)) for v in plane]),
             name="gradient")
    der.step("Hessian in (b, w1) at r = 0",
             sp.Matrix(2, 2, lambda i, j: sp.simplify(sp.diff(risk, plane[i], plane[j]).subs(r, 0).subs(at))),
             name="hessian_plane")
    der.step("Curvature along each coordinate orthogonal to mu", sp.simplify(sp.diff(risk, r, 2).subs(r, 0).subs(at)),
             name="curvature_perp")
    return der


@memo
def _risk_derivatives():
    der = derive_risk_derivatives()
    return tuple(sp.lambdify((s, ell), der[name], modules=[{"erf": scipy.special.erf}, "numpy"])
                 for name in ("gradient", "hessian_plane", "curvature_perp"))


def _class_rule(d: int, centre: float) -> tuple[np.ndarray, np.ndarray]:
    """Points x~ = (1, x) and weights of the rule for x ~ N(centre e1, I_d) described in the module doc."""
    t, w = np.polynomial.hermite_e.hermegauss(GAUSS_HERMITE_NODES)
    along = centre + t
    weights = w / w.sum()
    if d > 1:
        k = d - 1
        other = np.sqrt(k) * np.concatenate([np.eye(k), -np.eye(k)])
        along = np.repeat(along, 2 * k)
        weights = np.repeat(weights, 2 * k) / (2 * k)
        x = np.concatenate([along[:, None], np.tile(other, (GAUSS_HERMITE_NODES, 1))], axis=1)
    else:
        x = along[:, None]
    return np.concatenate([np.ones((len(x), 1)), x], axis=1), weights


@memo
def finite_sample_expansion(d: int, s: float, n0: int, n1: int) -> dict[str, float]:
    """What the raw logistic fit adds to the population excess at finite N, to order 1/N (module doc):
    bias_term (g^T bias), variance_term ((1/2) tr(R'' Sigma) / N), their sum `correction`, the fit's bias
    along (1, e1) (bias_intercept, bias_slope), epsilon, next_term."""
    d, s, n0, n1 = int(d), float(s), int(n0), int(n1)
    n = n0 + n1
    ell_ = float(np.log(n1 / n0))
    theta = np.zeros(d + 1)
    theta[:2] = ell_, 2 * s
    strata = []
    for label, count, centre in ((0, n0, -s), (1, n1, s)):
        xt, wt = _class_rule(d, centre)
        strata.append((count / n, xt, wt, np.full(len(wt), float(label))))
    bias, sigma = second_order_bias(theta, strata, n)
    gradient, hessian, curvature = (np.asarray(f(s, ell_), dtype=float) for f in _risk_derivatives())
    bias_term = float(gradient.ravel() @ bias[:2])
    variance_term = float((np.sum(hessian * sigma[:2, :2]) + curvature * np.trace(sigma[2:, 2:])) / (2 * n))
    # epsilon: E vartheta^2 + Var beta, vartheta ~ |w_perp| / w1, beta = b / w1 (first order, at theta*)
    beta_gradient = np.array([1 / (2 * s), -ell_ / (2 * s) ** 2])
    epsilon = float((np.trace(sigma[2:, 2:]) / (2 * s) ** 2 + beta_gradient @ sigma[:2, :2] @ beta_gradient) / n)
    return {"bias_term": bias_term, "variance_term": variance_term, "correction": bias_term + variance_term,
            "bias_intercept": float(bias[0]), "bias_slope": float(bias[1]), "epsilon": epsilon,
            "next_term": epsilon * (abs(bias_term) + abs(variance_term))}
