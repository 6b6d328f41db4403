"""Weighted logistic regression with intercept, by fixed-iteration Newton (jit- and vmap-friendly).

Minimises sum_i c_i [log(1 + exp(z_i)) - y_i z_i] / sum_i c_i, z_i = w^T x_i + b, with Newton steps
theta <- theta - H^{-1} g, g = X~^T c (p - y) / C, H = X~^T diag(c p (1 - p)) X~ / C + ridge I.
"""
import jax
import jax.numpy as jnp


def fit_logistic(X, y, sample_weight=None, iters: int = 25, ridge: float = 0.0):
    """(w, b) after `iters` Newton steps from zero."""
    n, d = X.shape
    Xa = jnp.concatenate([X, jnp.ones((n, 1), X.dtype)], axis=1)
    c = jnp.ones(n, X.dtype) if sample_weight is None else sample_weight
    c = c / jnp.sum(c)
    eye = jnp.eye(d + 1, dtype=X.dtype)

    def step(_, theta):
        p = jax.nn.sigmoid(Xa @ theta)
        grad = Xa.T @ (c * (p - y)) + ridge * theta
        hess = (Xa * (c * p * (1 - p))[:, None]).T @ Xa + ridge * eye
        return theta - jnp.linalg.solve(hess, grad)

    theta = jax.lax.fori_loop(0, iters, step, jnp.zeros(d + 1, X.dtype))
    return theta[:d], theta[d]
