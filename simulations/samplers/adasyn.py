"""ADASYN in JAX (He, Bai, Garcia, Li 2008), in imbalanced-learn's variant, jit- and vmap-friendly.

For each row x_i of the group, r_i = (number of rows of other groups among its k_density nearest
neighbours in all rows, itself excluded) / k_density, and r_hat = r / sum(r). Row i is the base of
g_i synthetic rows, and each is a SMOTE step towards one of its k nearest neighbours inside the group:

    z = x_i + lambda (x_j - x_i),  j uniform among the k nearest group rows,  lambda ~ U(0, 1).

imbalanced-learn sets g_i = rint(r_hat_i m), so its total can differ from m by rounding. Here the
allocation is Hamilton's largest-remainder rounding of r_hat m: floor(r_hat_i m) each, and the remaining
rows to the largest fractional parts, so exactly m rows come back (fixed shapes for jit) and every g_i
differs from imbalanced-learn's by at most one. When no row has a neighbour from another group
(imbalanced-learn raises), the weights fall back to uniform, i.e. SMOTE.

ADASYN needs the rows of the other groups: `Adasyn(others=X_other)`, or `generator.with_context(X_other)`.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import jax
import jax.numpy as jnp

from synthover.simulations.samplers.smote import check_neighbours, interpolate, nearest_neighbours, squared_distances


def hardness(rows, others, k_density: int):
    """r_i: fraction of the k_density nearest neighbours of row i (in rows and others) from `others`."""
    n = rows.shape[0]
    check_neighbours(k_density, n + others.shape[0], "k_density")
    d2 = jnp.concatenate([squared_distances(rows, rows), squared_distances(rows, others)], axis=1)
    d2 = d2.at[jnp.arange(n), jnp.arange(n)].set(jnp.inf)
    idx = jax.lax.top_k(-d2, k_density)[1]
    return jnp.mean(idx >= n, axis=1)


def allocate(weights, m: int):
    """Largest-remainder integer counts g >= 0 with sum m and |g_i - weights_i m| < 1."""
    total = jnp.sum(weights)
    n = weights.shape[0]
    share = jnp.where(total > 0, weights / jnp.where(total > 0, total, 1.0), 1.0 / n) * m
    counts = jnp.floor(share).astype(jnp.int32)
    left = m - jnp.sum(counts)
    rank = jnp.argsort(jnp.argsort(-(share - counts), stable=True), stable=True)
    return counts + (rank < left).astype(jnp.int32)


@dataclass(frozen=True)
class Adasyn:
    """ADASYN: SMOTE whose base rows are allocated in proportion to the local share of other groups."""

    k: int = 5
    k_density: int = 5
    others: jnp.ndarray | None = field(default=None, hash=False, compare=False)

    def __post_init__(self):
        for name in ("k", "k_density"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"{name} must be an integer >= 1 (got {value!r})")

    def with_context(self, others) -> "Adasyn":
        """The same generator, given the rows of the other groups."""
        return replace(self, others=others)

    def base_counts(self, rows, m: int):
        """g_i, the number of synthetic rows based on each row."""
        if self.others is None:
            raise ValueError("ADASYN needs the other groups' rows: use Adasyn(others=X) or .with_context(X)")
        return allocate(hardness(rows, self.others, self.k_density), m)

    def sample(self, key, rows, m: int):
        n = rows.shape[0]
        check_neighbours(self.k, n)
        if m == 0:
            return jnp.zeros((0, rows.shape[1]), rows.dtype)
        base = jnp.repeat(jnp.arange(n), self.base_counts(rows, m), total_repeat_length=m)
        return interpolate(key, rows, nearest_neighbours(rows, self.k), base)

    def pooled_mean(self, key, center, sigma, n: int, m: int):
        raise NotImplementedError(
            "ADASYN depends on the other groups' rows; fit from rows (oversampling.lda_full) instead"
        )


@dataclass(frozen=True)
class WithContext:
    """Adapter: a generator with `sample_with_context(key, rows, other_rows, m)` and the other rows."""

    generator: object
    others: jnp.ndarray = field(hash=False, compare=False)

    def sample(self, key, rows, m: int):
        return self.generator.sample_with_context(key, rows, self.others, m)


def bind_context(generator, others):
    """`generator` given the other groups' rows when it needs them, else unchanged. Context-aware
    generators define `with_context(others)` (ADASYN) or `sample_with_context(key, rows, others, m)`."""
    if hasattr(generator, "with_context"):
        return generator.with_context(others)
    if hasattr(generator, "sample_with_context"):
        return WithContext(generator, others)
    return generator


def training_rows_with_context(key, design, generator):
    """Like simulations.oversampling.training_rows, but context-aware generators see the majority rows."""
    model = design.model
    k0, k1, ks = jax.random.split(key, 3)
    X0, X1 = model.sample(k0, 0, design.n0), model.sample(k1, 1, design.n1)
    parts = [X0, X1]
    if design.m:
        parts.append(bind_context(generator, X0).sample(ks, X1, design.m))
    X = jnp.concatenate(parts)
    y = jnp.concatenate([jnp.zeros(design.n0), jnp.ones(design.n1 + design.m)])
    return X, y
