"""SMOTE in JAX: exact k nearest minority neighbours, jit- and vmap-friendly.

For each synthetic row a base row x_i is drawn uniformly from the group's n rows, one of its k nearest
neighbours x_j (Euclidean, itself excluded) uniformly, and lambda ~ U(0, 1):

    z = x_i + lambda (x_j - x_i).

This is the sampling rule of imbalanced-learn's SMOTE (`_make_samples`: a uniform index into the
n x k neighbour table, then a uniform step), so the two agree in distribution on the same input
(tests/test_smote.py). Given the pair, E[z | pair] = (x_i + x_j)/2 and Cov[z | pair] = D D^T / 12 with
D = x_j - x_i; see theory/smote_moments.py.
"""
from __future__ import annotations

from dataclasses import dataclass

import jax
import jax.numpy as jnp


def squared_distances(query, rows):
    """||q_a - r_b||^2 for every pair, (n_query, n_rows), clipped at 0 against rounding."""
    cross = query @ rows.T
    d2 = jnp.sum(query**2, axis=1)[:, None] + jnp.sum(rows**2, axis=1)[None, :] - 2 * cross
    return jnp.maximum(d2, 0.0)


def nearest_neighbours(rows, k: int):
    """Indices (n, k) of the k nearest other rows of each row, nearest first (ties: lower index)."""
    n = rows.shape[0]
    check_neighbours(k, n)
    d2 = squared_distances(rows, rows)
    d2 = jnp.where(jnp.eye(n, dtype=bool), jnp.inf, d2)
    return jax.lax.top_k(-d2, k)[1]


def check_neighbours(k: int, n: int, name: str = "k") -> None:
    if not isinstance(k, (int,)) or isinstance(k, bool) or k < 1:
        raise ValueError(f"{name} must be an integer >= 1 (got {k!r})")
    if k >= n:
        raise ValueError(f"{name} must be < the number of rows of the group, {n} (got {k})")


def interpolate(key, rows, neighbours, base):
    """z = x_base + lambda (x_nb - x_base), nb uniform among `neighbours[base]`, lambda ~ U(0, 1)."""
    k_col, k_lam = jax.random.split(key)
    cols = jax.random.randint(k_col, base.shape, 0, neighbours.shape[1])
    lam = jax.random.uniform(k_lam, base.shape + (1,), dtype=rows.dtype)
    x = rows[base]
    return x + lam * (rows[neighbours[base, cols]] - x)


@dataclass(frozen=True)
class Smote:
    """SMOTE with k nearest neighbours inside the group (k = 5 as in imbalanced-learn)."""

    k: int = 5

    def __post_init__(self):
        if not isinstance(self.k, int) or isinstance(self.k, bool) or self.k < 1:
            raise ValueError(f"k must be an integer >= 1 (got {self.k!r})")

    def sample(self, key, rows, m: int):
        """m synthetic rows (m, d) from the group's rows (n, d), n > k."""
        n = rows.shape[0]
        check_neighbours(self.k, n)
        if m == 0:
            return jnp.zeros((0, rows.shape[1]), rows.dtype)
        k_base, k_rest = jax.random.split(key)
        base = jax.random.randint(k_base, (m,), 0, n)
        return interpolate(k_rest, rows, nearest_neighbours(rows, self.k), base)

    def pooled_mean(self, key, center, sigma, n: int, m: int):
        """Mean of n rows from N(center, sigma^2 I) and m SMOTE rows built on them.

        SMOTE rows depend on the real rows, so this draws the rows (no shortcut in distribution)."""
        k_rows, k_syn = jax.random.split(key)
        rows = center + sigma * jax.random.normal(k_rows, (n, center.shape[0]))
        if m == 0:
            return jnp.mean(rows, axis=0)
        return (jnp.sum(rows, axis=0) + jnp.sum(self.sample(k_syn, rows, m), axis=0)) / (n + m)
