"""E3: classic oracles for imbalanced Gaussian classes (shared covariance Sigma, Mahalanobis distance Delta).

1. Bayes error with priors pi1, pi0 = 1 - pi1 (classic LDA result). Along the discriminant direction the
   standardised score t is N(+-Delta/2, 1) and the log-odds are Delta t - L with L = log(pi0/pi1), so the
   error of the rule t > tau is pi1 Phi(tau - Delta/2) + pi0 Phi(-tau - Delta/2); its minimiser
   (solved below) is tau = L/Delta, giving
       err = pi1 Phi(-Delta/2 + L/Delta) + pi0 Phi(-Delta/2 - L/Delta).
2. Rebalancing a well-specified logistic model (King & Zeng 2001; classic): class weights c_k ∝ 1/pi_k
   make the population weighted logistic minimiser the log-odds under equal priors, which differs from
   the unweighted one by the constant log(pi0/pi1): the slope is unchanged, the intercept moves by
   log(pi0/pi1).
3. Owen's infinitely imbalanced limit (Owen 2007, JMLR 8): with the minority rows fixed (mean x1_bar) and
   n0 -> infinity majority rows from F0 = N(mu0, Sigma0), the logistic slope solves
   int e^{beta^T x} (x - x1_bar) dF0(x) = 0; with the Gaussian moment generating function
   M(beta) = exp(beta^T mu0 + beta^T Sigma0 beta / 2), grad M = M (mu0 + Sigma0 beta), so
       beta = Sigma0^{-1} (x1_bar - mu0).
"""
from __future__ import annotations

from synthover.theory.memo import memo

import sympy as sp

from synthover.theory.derivation import Derivation
from synthover.theory.normal import Phi

pi1 = sp.Symbol("pi_1", positive=True)
Delta = sp.Symbol("Delta", positive=True)
tau = sp.Symbol("tau", real=True)
tt = sp.Symbol("t", real=True)
L = sp.log((1 - pi1) / pi1)


def bayes_error_stated() -> sp.Expr:
    """E3 as stated (docs/theory/neighbouring.md), typed: pi1 Phi(-Delta/2 + L/Delta) + pi0 Phi(-Delta/2 - L/Delta)."""
    return pi1 * Phi(-Delta / 2 + L / Delta) + (1 - pi1) * Phi(-Delta / 2 - L / Delta)


@memo
def derive_bayes_error() -> Derivation:
    der = Derivation("E3a: Bayes error with unequal priors", "classic (LDA), derived by the toolkit")
    half_sq = lambda c: (tt - c) ** 2 / 2  # noqa: E731  -log of the N(c, 1) density up to a constant
    log_odds = der.step("Log-odds of the standardised score t", sp.expand(sp.log(pi1 / (1 - pi1)) - half_sq(Delta / 2) + half_sq(-Delta / 2)))
    threshold = sp.solve(sp.Eq(log_odds, 0), tt)[0]
    assert sp.simplify(sp.logcombine(sp.expand(threshold * Delta - L), force=True)) == 0, threshold
    threshold = L / Delta
    der.step("Bayes rule: predict 1 iff t > tau", sp.Eq(tau, sp.simplify(threshold)))
    err = der.step("Error of the rule t > tau", pi1 * Phi(tau - Delta / 2) + (1 - pi1) * Phi(-tau - Delta / 2), name="error_of_threshold")
    slope_at = sp.simplify(sp.diff(err, tau).subs(tau, threshold))
    assert slope_at == 0, slope_at
    der.step("d err / d tau vanishes at the Bayes threshold", sp.Eq(sp.Symbol("err'(tau_Bayes)"), slope_at))
    der.step("Bayes error", err.subs(tau, threshold), name="bayes_error")
    return der


def bayes_error() -> sp.Expr:
    return derive_bayes_error()["bayes_error"]


def bayes_error_ignoring_priors() -> sp.Expr:
    """A deliberately wrong formula: the equal-prior threshold (L = 0), err = Phi(-Delta/2)."""
    return derive_bayes_error()["error_of_threshold"].subs(tau, 0)


xs = sp.symbols("x_1 x_2", real=True)
m0 = sp.symbols("m0_1 m0_2", real=True)
m1 = sp.symbols("m1_1 m1_2", real=True)
s11, s22 = sp.symbols("S_11 S_22", positive=True)
s12 = sp.Symbol("S_12", real=True)
SIGMA = sp.Matrix([[s11, s12], [s12, s22]])


def gaussian_log_density(x: sp.Matrix, center: sp.Matrix) -> sp.Expr:
    """log N(x; center, Sigma) up to the constant shared by both classes."""
    r = x - center
    return -(r.T * SIGMA.inv() * r)[0] / 2


@memo
def derive_intercept_shift() -> Derivation:
    der = Derivation("E3b: rebalancing a well-specified logistic model moves only the intercept", "classic, derived by the toolkit")
    x, c0, c1 = sp.Matrix(xs), sp.Matrix(m0), sp.Matrix(m1)
    density_ratio = gaussian_log_density(x, c1) - gaussian_log_density(x, c0)
    raw = der.step("Population log-odds with priors (pi1, pi0)", sp.log(pi1 / (1 - pi1)) + density_ratio)
    weights = {1: 1 / pi1, 0: 1 / (1 - pi1)}  # c_k ∝ 1/pi_k
    reweighted = der.step("With class weights c_k ∝ 1/pi_k: priors ∝ pi_k c_k", sp.log(pi1 * weights[1] / ((1 - pi1) * weights[0])) + density_ratio)
    shift = der.step("Difference (rebalanced - raw)", sp.simplify(sp.expand_log(reweighted - raw, force=True)), name="intercept_shift")
    slope = der.step("Its gradient in x (slope change)", sp.simplify(sp.Matrix([sp.diff(shift, xi) for xi in xs])), name="slope_change")
    assert slope == sp.zeros(2, 1)
    return der


def intercept_shift() -> sp.Expr:
    """log(pi0/pi1) in pi_1."""
    return derive_intercept_shift()["intercept_shift"]


b1, b2 = sp.symbols("beta_1 beta_2", real=True)
xbar = sp.symbols("xbar_1 xbar_2", real=True)


@memo
def derive_owen_limit() -> Derivation:
    der = Derivation("E3c: Owen's infinitely imbalanced logistic limit", "Owen (2007), derived by the toolkit")
    beta, c0, xb = sp.Matrix([b1, b2]), sp.Matrix(m0), sp.Matrix(xbar)
    mgf = der.step("Gaussian moment generating function M(beta)", sp.exp((beta.T * c0)[0] + (beta.T * SIGMA * beta)[0] / 2))
    grad = sp.Matrix([sp.diff(mgf, b) for b in (b1, b2)])
    condition = der.step("Limit score: grad M(beta) - xbar M(beta) = 0, divided by M", sp.simplify((grad - xb * mgf) / mgf))
    sol = sp.solve(list(condition), [b1, b2], dict=True)[0]
    limit = der.step("beta = Sigma0^{-1}(xbar - mu0)", sp.Matrix([sp.simplify(sol[b1]), sp.simplify(sol[b2])]), name="slope")
    assert sp.simplify(limit - SIGMA.inv() * (xb - c0)) == sp.zeros(2, 1)
    one_d = sp.Symbol("x", real=True)
    b, mu0_, v = sp.Symbol("b", real=True), sp.Symbol("mu_0", real=True), sp.Symbol("v", positive=True)
    integral = sp.integrate(sp.exp(b * one_d) * (one_d - sp.Symbol("xbar")) * sp.exp(-(one_d - mu0_) ** 2 / (2 * v)) / sp.sqrt(2 * sp.pi * v), (one_d, -sp.oo, sp.oo))
    root = sp.solve(sp.simplify(integral), b)
    der.step("Check in one dimension by integration: root of int e^{bx}(x - xbar) dN(mu0, v)", sp.Eq(b, root[0]), name="one_d")
    return der


def owen_slope() -> sp.Matrix:
    """Sigma0^{-1}(xbar - mu0) in the 2-d symbols (S_11, S_12, S_22, m0_k, xbar_k)."""
    return derive_owen_limit()["slope"]
