"""Owen's limit at finite n0: the logistic slope with n1 fixed minority rows and n0 Gaussian majority rows
(toolkit derivation; numpy quadrature, no simulation).

Owen (2007, JMLR 8) gives the n0 -> infinity limit Sigma0^-1 (xbar1 - mu0) (theory/neighbouring/oracles.py).
At finite n0 the fitted probabilities of the minority rows are not yet 1, and the slope differs from the limit
by a relative amount that grows with how far xbar1 lies in the majority's tail (3% at n0 = 1e5, n1 = 5 when the
squared Mahalanobis distance of xbar1 is 4.8). Here, in whitened coordinates z = L^-1 (x - mu0) (Sigma0 = L L^T),
where the majority is N(0, I) and the logistic fit is affine-equivariant:

  * the population fit: the minimiser of n0 E log(1 + e^{f(z)}) + sum_i log(1 + e^{-f(z_i)}), f = gamma^T z + b,
    by 2-D Gauss-Hermite quadrature and Newton (theory/logistic_quadrature.py; each minority row a point mass);
  * the MLE's O(1/n) bias over majority samples (logistic_quadrature.mle_bias) and its sandwich SD;
  * back to x: beta = L^-T gamma.
"""
from __future__ import annotations

import numpy as np

from synthover.theory.logistic_quadrature import Component, Stratum, mle_bias, solve_population


def finite_n0_slope(minority, n0: int, mu0, sigma0) -> dict[str, np.ndarray]:
    """Population slope, the MLE's expected slope to order 1/n and its SD at n0 majority rows N(mu0, Sigma0) and
    the given minority rows (an n1 x 2 array)."""
    chol = np.linalg.cholesky(np.asarray(sigma0, float))
    z = np.linalg.solve(chol, (np.asarray(minority, float) - np.asarray(mu0, float)).T).T
    total = n0 + len(z)
    strata = (Stratum(n0 / total, ((1.0, Component(-1, None, (0.0, 0.0), 1.0)),)),) + tuple(
        Stratum(1 / total, ((1.0, Component(1, None, (float(a), float(b)), 0.0)),)) for a, b in z)
    theta = solve_population(strata)
    bias, per_row = mle_bias(theta, strata, total)
    back = np.linalg.inv(chol.T)  # beta = L^-T gamma
    cov = back @ (per_row[:2, :2] / total) @ back.T
    return {"population": back @ theta[:2], "bias": back @ bias[:2], "expected": back @ (theta[:2] + bias[:2]),
            "sd": np.sqrt(np.diag(cov))}
