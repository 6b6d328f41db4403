"""The one fitter: weighted least squares with known standard errors, and the log-log slope built on it.

Order and exponent tests (diffrax-style convergence checks) regress log|y| on log x. With known SEs of
y, the SE of log|y_i| is se_i/|y_i| (delta method); weights are 1/SE^2, the coefficient covariance is
(X^T W X)^{-1}, and chi^2/dof = sum w (y - X c)^2 / (n - p) says whether the model describes the points.
Every claim fits through these functions; a slope is returned as it is (never its negative).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.special import ndtri


@dataclass(frozen=True)
class Fit:
    coef: np.ndarray
    se: np.ndarray
    chi2_per_dof: float


@dataclass(frozen=True)
class Slope:
    """A fitted slope with its standard error and a two-sided normal confidence interval."""

    value: float
    se: float

    def ci(self, level: float = 0.95) -> tuple[float, float]:
        half = float(ndtri(0.5 + level / 2)) * self.se
        return self.value - half, self.value + half


def weighted_least_squares(X, y, se) -> Fit:
    """y ~ X c with independent errors of known SE."""
    X, y, se = np.asarray(X, float), np.asarray(y, float), np.asarray(se, float)
    if X.ndim == 1:
        X = X[:, None]
    w = 1.0 / np.maximum(se, 1e-300) ** 2
    cov = np.linalg.inv(X.T @ (X * w[:, None]))
    coef = cov @ (X.T @ (w * y))
    dof = len(y) - X.shape[1]
    chi2 = float(np.sum(w * (y - X @ coef) ** 2) / dof) if dof > 0 else math.nan
    return Fit(coef, np.sqrt(np.diag(cov)), chi2)


def polynomial_fit(x, y, se, degree: int) -> Fit:
    """y ~ sum_k c_k x^k, k = 0..degree."""
    return weighted_least_squares(np.vander(np.asarray(x, float), degree + 1, increasing=True), y, se)


def loglog_slope(x, y, se=None, correction: bool = False) -> Slope:
    """Slope of log|y| on log x (weights from se; equal weights when se is None).

    correction=True adds a 1/x column: for |y| ~ A x^b (1 + c/x + ...) the next term of the expansion
    enters log|y| as c/x, and the slope b is then estimated free of it.
    """
    x, y = np.asarray(x, float), np.asarray(y, float)
    if np.any(y == 0) or np.any(x <= 0):
        raise ValueError("loglog_slope needs x > 0 and y != 0")
    se_log = np.ones_like(y) if se is None else np.asarray(se, float) / np.abs(y)
    columns = [np.ones_like(x), np.log(x)] + ([1.0 / x] if correction else [])
    fit = weighted_least_squares(np.column_stack(columns), np.log(np.abs(y)), se_log)
    return Slope(float(fit.coef[1]), float(fit.se[1]))
