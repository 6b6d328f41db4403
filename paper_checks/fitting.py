"""Weighted least-squares slope of log|y| on log x, with the slope's standard error.

Used for order tests (diffrax-style convergence checks): the SE of log|y_i| is se_i / |y_i| (delta method),
the slope's SE is sqrt of the (1,1) entry of (X^T W X)^{-1} with W = diag(1 / se_log^2).
"""
from __future__ import annotations

import numpy as np


def loglog_slope(x, y, se) -> tuple[float, float]:
    x, y, se = (np.asarray(a, dtype=float) for a in (x, y, se))
    if np.any(y == 0) or np.any(x <= 0):
        raise ValueError("loglog_slope needs x > 0 and y != 0")
    X = np.column_stack([np.ones_like(x), np.log(x)])
    w = (np.abs(y) / np.maximum(se, 1e-300)) ** 2
    cov = np.linalg.inv(X.T @ (X * w[:, None]))
    coef = cov @ X.T @ (w * np.log(np.abs(y)))
    return float(coef[1]), float(np.sqrt(cov[1, 1]))
