"""Weighted logistic regression with intercept, by Newton's method (jit- and vmap-friendly).

Minimises sum_i c_i [log(1 + exp(z_i)) - y_i z_i] / sum_i c_i, z_i = w^T x_i + b, with Newton steps
theta <- theta - H^{-1} g, g = X~^T c (p - y) / C, H = X~^T diag(c p (1 - p)) X~ / C + ridge I.

Steps run from zero until the largest step is at most `tol` (1 + max|theta|) or `iters` steps are done.
Newton converges quadratically near the optimum, so once a step is below tol = 1e-8 the next would be of
order 1e-16: the returned theta is the optimum to float64 precision. Under vmap, a converged lane keeps its
value while the others continue (JAX's batched while loop selects per lane), so each fit's result does not
depend on the other fits of its batch.
"""
import jax
import jax.numpy as jnp

NEWTON_TOL = 1e-8


def fit_logistic(X, y, sample_weight=None, iters: int = 25, ridge: float = 0.0, tol: float = NEWTON_TOL):
    """(w, b) after Newton steps from zero: until a step is <= tol (1 + max|theta|), at most `iters`."""
    n, d = X.shape
    Xt = jnp.concatenate([X, jnp.ones((n, 1), X.dtype)], axis=1).T  # (d + 1, n): rows contiguous along n
    c = jnp.ones(n, X.dtype) if sample_weight is None else sample_weight
    c = c / jnp.sum(c)
    eye = jnp.eye(d + 1, dtype=X.dtype)

    def newton(theta):
        p = jax.nn.sigmoid(theta @ Xt)
        grad = Xt @ (c * (p - y)) + ridge * theta
        hess = (Xt * (c * p * (1 - p))) @ Xt.T + ridge * eye
        return theta - jnp.linalg.solve(hess, grad)

    def unfinished(state):
        i, theta, step = state
        return (i < iters) & (step > tol * (1 + jnp.max(jnp.abs(theta))))

    def body(state):
        i, theta, _ = state
        new = newton(theta)
        return i + 1, new, jnp.max(jnp.abs(new - theta))

    start = (0, jnp.zeros(d + 1, X.dtype), jnp.array(jnp.inf, X.dtype))
    _, theta, _ = jax.lax.while_loop(unfinished, body, start)
    return theta[:d], theta[d]
