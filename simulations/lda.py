"""Plug-in LDA with known sigma, from class means (fast path) or from rows (full path).

    w = (mu1_hat - mu0_hat) / sigma^2,
    b = log(W1 / W0) - (||mu1_hat||^2 - ||mu0_hat||^2) / (2 sigma^2),

where mu_k_hat is the (weighted) mean of all rows of class k, real and synthetic, and W_k their total weight.
"""
import jax.numpy as jnp


def plugin_lda(mean1, mean0, weight1, weight0, sigma=1.0):
    w = (mean1 - mean0) / sigma**2
    b = jnp.log(weight1 / weight0) - (jnp.dot(mean1, mean1) - jnp.dot(mean0, mean0)) / (2 * sigma**2)
    return w, b


def lda_from_rows(X, y, sample_weight=None, sigma=1.0):
    """Weighted class means of rows X (n, d) with labels y in {0, 1}."""
    weight = jnp.ones(X.shape[0]) if sample_weight is None else sample_weight
    w1, w0 = weight * (y == 1), weight * (y == 0)
    W1, W0 = jnp.sum(w1), jnp.sum(w0)
    return plugin_lda(w1 @ X / W1, w0 @ X / W0, W1, W0, sigma)
