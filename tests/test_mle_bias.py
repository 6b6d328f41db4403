"""The logistic MLE's O(1/n) bias by quadrature (logistic_quadrature.mle_bias) and Owen's limit at finite n0."""
import numpy as np
import pytest
from scipy.special import expit

from synthover.theory.logistic_quadrature import Component, Stratum, mle_bias, solve_population
from synthover.theory.neighbouring import owen_finite


def _fits(X, y, iters=30):
    """Batched Newton for logistic regression with intercept: X (reps, n, 2), y (reps, n) in {0, 1}."""
    Z = np.concatenate([X, np.ones(X.shape[:2] + (1,))], axis=2)
    theta = np.zeros((X.shape[0], 3))
    for _ in range(iters):
        p = expit(np.einsum("rnk,rk->rn", Z, theta))
        grad = np.einsum("rnk,rn->rk", Z, p - y)
        hess = np.einsum("rnk,rn,rnl->rkl", Z, p * (1 - p), Z)
        theta -= np.linalg.solve(hess, grad[..., None])[..., 0]
    return theta


@pytest.mark.parametrize("n1, center", [(45, 0.8), (30, 0.6)])
def test_bias_matches_monte_carlo(n1, center):
    """n0 = 150 - n1 and n1 rows (fixed class sizes, as every design of the toolkit), x | y ~ N(+-center e1, I):
    the mean of 20,000 fits minus the population rule lands on the predicted bias within 4.5 SE (the O(1/n^2)
    rest is ~1e-4). Fixed class sizes make the within-stratum score covariance term B nonzero (with the labels
    drawn at random and a well-specified model it vanishes, E[psi | x] = 0)."""
    n, reps = 150, 20_000
    design = (Stratum(n1 / n, ((1.0, Component(1, None, (center, 0.0), 1.0)),)),
              Stratum(1 - n1 / n, ((1.0, Component(-1, None, (-center, 0.0), 1.0)),)))
    theta = solve_population(design)
    predicted = mle_bias(theta, design, n)[0]
    rng = np.random.default_rng(1)
    y = np.broadcast_to((np.arange(n) < n1).astype(float), (reps, n))
    X = rng.standard_normal((reps, n, 2))
    X[..., 0] += np.where(y == 1, center, -center)
    fits = _fits(X, y)
    mean, se = fits.mean(0) - theta, fits.std(0) / np.sqrt(reps)
    seen = np.argmax(np.abs(predicted))
    assert abs(predicted[seen]) > 10 * se[seen]  # a bias this many fits can see
    assert np.all(np.abs(mean - predicted) < 4.5 * se), (mean, predicted, se)


def test_owen_finite_n0_tends_to_owens_limit():
    """As n0 grows the finite-n0 population slope approaches Sigma0^-1 (xbar1 - mu0), and the bias vanishes."""
    sigma0, mu0 = np.array([[1.0, 0.3], [0.3, 0.5]]), np.zeros(2)
    minority = np.array([[1.5, -1.0], [0.9, -0.2], [1.2, -1.4]])
    limit = np.linalg.solve(sigma0, minority.mean(0) - mu0)
    gaps = [np.max(np.abs(owen_finite.finite_n0_slope(minority, n0, mu0, sigma0)["population"] - limit))
            for n0 in (10_000, 100_000, 1_000_000)]
    assert gaps[0] > gaps[1] > gaps[2] and gaps[2] < 1e-3 * np.max(np.abs(limit))


def test_owen_finite_n0_expected_slope_matches_fits():
    """Three fixed minority rows against n0 = 600 majority rows N(mu0, Sigma0): the mean slope of 3,000 fits
    lands on population + O(1/n) bias within 4.5 SE, and the bias is large enough here to be seen."""
    sigma0, mu0 = np.array([[1.0, 0.3], [0.3, 0.5]]), np.zeros(2)
    minority = np.array([[1.2, -0.6], [0.4, -0.9], [1.0, 0.1]])
    n0, reps = 600, 3000
    finite = owen_finite.finite_n0_slope(minority, n0, mu0, sigma0)
    rng = np.random.default_rng(2)
    X0 = mu0 + rng.standard_normal((reps, n0, 2)) @ np.linalg.cholesky(sigma0).T
    X = np.concatenate([X0, np.broadcast_to(minority, (reps, 3, 2))], axis=1)
    y = np.broadcast_to(np.r_[np.zeros(n0), np.ones(3)], (reps, n0 + 3))
    slopes = _fits(X, y)[:, :2]
    mean, se = slopes.mean(0), slopes.std(0) / np.sqrt(reps)
    assert np.all(np.abs(finite["bias"]) > 5 * se)
    assert np.all(np.abs(mean - finite["expected"]) < 4.5 * se), (mean, finite, se)
