"""The Kullback-Leibler divergence between Gaussians, in closed form, derived by integration.

    KL(N(m0, S0) || N(m1, S1)) = 1/2 [ tr(S1^{-1} S0) - D + (m1 - m0)^T S1^{-1} (m1 - m0) + log det S1 / det S0 ].

Derivation (code below): in one dimension sympy integrates log(p0/p1) against p0 and the result is
simplified against the formula. In D dimensions, whitening by S1 (x -> S1^{-1/2}(x - m1)) leaves the KL
unchanged and turns S1 into I; rotating to the eigenbasis of the whitened S0 makes both laws products of
independent one-dimensional Gaussians, so the KL is the sum of D one-dimensional KLs, which is the formula
above (tr, det and the quadratic form are invariant under the rotation). `kl_gaussian` builds the formula
for explicit sympy matrices; tests check it against the sum of one-dimensional KLs after whitening.
Source: standard result, derived here by the toolkit.
"""
from __future__ import annotations

from synthover.theory.memo import memo

import sympy as sp

from synthover.theory.derivation import Derivation

z = sp.Symbol("z", real=True)
m_0, m_1 = sp.symbols("m_0 m_1", real=True)
s_0, s_1 = sp.symbols("s_0 s_1", positive=True)  # standard deviations


def _normal_density(x, mean, sd):
    return sp.exp(-((x - mean) ** 2) / (2 * sd**2)) / (sp.sqrt(2 * sp.pi) * sd)


def kl_univariate_formula(mean0=m_0, sd0=s_0, mean1=m_1, sd1=s_1) -> sp.Expr:
    """KL(N(mean0, sd0^2) || N(mean1, sd1^2)) = [sd0^2/sd1^2 - 1 + (mean1-mean0)^2/sd1^2 + log(sd1^2/sd0^2)]/2."""
    return (sd0**2 / sd1**2 - 1 + (mean1 - mean0) ** 2 / sd1**2 + sp.log(sd1**2 / sd0**2)) / 2


@memo
def derive_univariate() -> Derivation:
    """KL of two univariate Gaussians by integrating log(p0/p1) against p0."""
    der = Derivation("KL divergence of two univariate Gaussians", "toolkit derivation (standard result)")
    p0, p1 = _normal_density(z, m_0, s_0), _normal_density(z, m_1, s_1)
    log_ratio = der.step("log p0(z) - log p1(z)", sp.expand(sp.expand_log(sp.log(p0) - sp.log(p1), force=True)))
    integral = sp.integrate(log_ratio * p0, (z, -sp.oo, sp.oo))
    kl = der.step("KL = integral of p0 log(p0/p1)", sp.simplify(integral), name="integral")
    target = kl_univariate_formula()
    assert sp.simplify(sp.expand_log(kl - target, force=True)) == 0, kl
    der.step("= [s0^2/s1^2 - 1 + (m1-m0)^2/s1^2 + log(s1^2/s0^2)] / 2", target, name="kl")
    der.step(
        "D dimensions",
        text="whiten by S1 and rotate to the eigenbasis of S1^{-1/2} S0 S1^{-1/2}: the KL is the sum of D "
        "one-dimensional KLs, i.e. [tr(S1^-1 S0) - D + (m1-m0)^T S1^-1 (m1-m0) + log det S1/det S0]/2",
    )
    return der


def kl_gaussian(mean0: sp.Matrix, cov0: sp.Matrix, mean1: sp.Matrix, cov1: sp.Matrix) -> sp.Expr:
    """KL(N(mean0, cov0) || N(mean1, cov1)) for explicit sympy matrices (column means)."""
    mean0, mean1, cov0, cov1 = map(sp.Matrix, (mean0, mean1, cov0, cov1))
    dim = cov0.shape[0]
    if cov0.shape != (dim, dim) or cov1.shape != (dim, dim) or mean0.shape != (dim, 1) or mean1.shape != (dim, 1):
        raise ValueError(f"shapes: means must be ({dim}, 1) and covariances ({dim}, {dim})")
    inv1 = cov1.inv()
    diff = mean1 - mean0
    return ((inv1 * cov0).trace() - dim + (diff.T * inv1 * diff)[0, 0] + sp.log(cov1.det() / cov0.det())) / 2
