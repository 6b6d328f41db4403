"""Exact 0-1 risks of a linear rule in model G, and their expansion around the Bayes rule.

A rule predicts 1 when w^T x + b > 0. With x | y=1 ~ N(mu, sigma^2 I) and x | y=0 ~ N(-mu, sigma^2 I),
w^T x is Gaussian, so (paper's framework, exact):

    R^(1)(w, b) = Phi((-w^T mu - b) / (sigma ||w||)),   R^(0)(w, b) = Phi((-w^T mu + b) / (sigma ||w||)),
    R_bal = (R^(0) + R^(1)) / 2,   R_wg = max(R^(0), R^(1)),   Bayes balanced risk Phi(-s).

In local coordinates (vartheta = angle(w, mu), beta = b / (sigma ||w||)) w^T mu / (sigma ||w||) = s cos vartheta.
The second-order expansion R_bal - Phi(-s) = (s phi(s) / 2)(vartheta^2 + beta^2) + O(3) is derived
here by a series in a bookkeeping scale t (vartheta -> t vartheta, beta -> t beta).
"""
from synthover.theory.memo import memo

import sympy as sp

from synthover.theory.derivation import Derivation
from synthover.theory.normal import Phi, phi
from synthover.theory.symbols import angle, beta, s, t


def group_risks(margin, beta_):
    """(R^(0), R^(1)) of a rule whose normalised margin is w^T mu/(sigma||w||) and intercept beta."""
    return Phi(-margin + beta_), Phi(-margin - beta_)


def balanced_risk(margin, beta_):
    r0, r1 = group_risks(margin, beta_)
    return (r0 + r1) / 2


def balanced_risk_local(angle_=angle, beta_=beta):
    """R_bal(vartheta, beta) = [Phi(-s cos vartheta + beta) + Phi(-s cos vartheta - beta)] / 2."""
    return balanced_risk(s * sp.cos(angle_), beta_)


def bayes_balanced_risk():
    """Phi(-s): the balanced risk of the Bayes rule w = mu, b = 0."""
    return Phi(-s)


@memo
def derive_second_order_expansion() -> Derivation:
    """R_bal - Phi(-s) = (s phi(s)/2)(vartheta^2 + beta^2) + O(|(vartheta, beta)|^3), by sympy series."""
    der = Derivation("Second-order expansion of the balanced risk around the Bayes rule", "paper")
    exact = der.step("Exact balanced risk in local coordinates", balanced_risk_local())
    scaled = exact.subs({angle: t * angle, beta: t * beta})
    der.step("Scale the deviation by t", scaled)
    series = sp.series(scaled, t, 0, 3).removeO()
    der.step("Series in t to second order", series)
    zeroth, first, second = (sp.simplify(series.coeff(t, k)) for k in range(3))
    der.step("Order 0 is the Bayes risk", sp.Eq(sp.Symbol("R_0"), zeroth))
    der.step("Order 1 vanishes (the Bayes rule is a stationary point)", sp.Eq(sp.Symbol("R_1"), first))
    quad = sp.factor(sp.simplify(second.rewrite(sp.exp)))
    target = s * phi(s) / 2 * (angle**2 + beta**2)
    assert sp.simplify(quad - target) == 0, quad
    der.step("Second order: R_bal - Phi(-s) ~ (s phi(s)/2)(vartheta^2 + beta^2)", target)
    return der
