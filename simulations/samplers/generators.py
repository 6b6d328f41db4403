"""Synthetic-row generators behind one interface.

Every generator is a frozen dataclass with

    sample(key, rows, m) -> (m, d) array          synthetic rows given the group's real rows
    pooled_mean(key, center, sigma, n, m) -> (d,)  the mean of the n real rows and the m synthetic rows,
                                                  drawn directly in distribution (the LDA fast path)

and, where the pooled mean is an isotropic Gaussian given a few random numbers,

    pooled_mean_law(key, center, sigma, n, m) -> (mean (d,), scale)   pooled mean ~ mean + scale N(0, I_d)

which lets the fast path draw only the coordinates that matter (simulations.oversampling).

`pooled_mean` is a sampler, not a formula under test: it draws the same random variable as averaging
the rows of `sample`, and tests/test_simulations.py checks that the two agree in distribution.

The generators are pytrees (their numbers are leaves), so they can be passed to a compiled simulation as
traced arguments and one compilation serves every shift and scale. `pooled_mean_law` takes n and m as
numbers (traced) except where `LAW_NEEDS_SIZES` is set: there they fix array shapes and must be ints.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields

import jax
import jax.numpy as jnp


@dataclass(frozen=True)
class GShift:
    """The theory's generator: m i.i.d. rows from N(center + delta, sigma_syn^2 I), independent of the rows."""

    center: jnp.ndarray = field(hash=False, compare=False)
    delta: jnp.ndarray = field(hash=False, compare=False)
    sigma_syn: float = 1.0

    def sample(self, key, rows, m: int):
        d = rows.shape[1]
        return self.center + self.delta + self.sigma_syn * jax.random.normal(key, (m, d))

    def pooled_mean(self, key, center, sigma, n: int, m: int):
        d = center.shape[0]
        k_real, k_syn = jax.random.split(key)
        real_sum = n * center + sigma * jnp.sqrt(n) * jax.random.normal(k_real, (d,))
        if m == 0:
            return real_sum / n
        syn_sum = m * (self.center + self.delta) + self.sigma_syn * jnp.sqrt(m) * jax.random.normal(k_syn, (d,))
        return (real_sum + syn_sum) / (n + m)

    def pooled_mean_law(self, key, center, sigma, n: int, m: int):
        """Sum of n rows N(center, sigma^2 I) and m rows N(center + delta, sigma_syn^2 I), over n + m."""
        mean = (n * center + m * (self.center + self.delta)) / (n + m)
        return mean, jnp.sqrt(n * sigma**2 + m * self.sigma_syn**2) / (n + m)


@dataclass(frozen=True)
class Duplication:
    """Random oversampling: m rows drawn with replacement from the group's real rows (a bootstrap)."""

    LAW_NEEDS_SIZES = True  # the law draws a multinomial of n cells and m trials

    def sample(self, key, rows, m: int):
        idx = jax.random.randint(key, (m,), 0, rows.shape[0])
        return rows[idx]

    def pooled_mean_law(self, key, center, sigma, n: int, m: int):
        """Row i appears c_i = 1 + K_i times, K ~ Multinomial(m, 1/n); given c the pooled mean is
        N(center, sigma^2 sum(c_i^2) / (n + m)^2 I)."""
        counts = 1 + jnp.bincount(jax.random.randint(key, (m,), 0, n), length=n)
        return center, sigma * jnp.sqrt(jnp.sum(counts**2)) / (n + m)

    def pooled_mean(self, key, center, sigma, n: int, m: int):
        return _draw(self, key, center, sigma, n, m)


@dataclass(frozen=True)
class Replication:
    """Deterministic duplication: every real row copied m/n times (m must be a multiple of n)."""

    def _copies(self, n: int, m: int) -> int:
        if m % n:
            raise ValueError(f"m must be a multiple of the number of rows n = {n} for Replication (got m = {m})")
        return m // n

    def sample(self, key, rows, m: int):
        return jnp.tile(rows, (self._copies(rows.shape[0], m), 1))

    def pooled_mean_law(self, key, center, sigma, n: int, m: int):
        if isinstance(n, int) and isinstance(m, int):  # traced sizes are checked by the caller
            self._copies(n, m)
        return center, sigma / jnp.sqrt(n)

    def pooled_mean(self, key, center, sigma, n: int, m: int):
        return _draw(self, key, center, sigma, n, m)


for _generator in (GShift, Duplication, Replication):
    jax.tree_util.register_dataclass(
        _generator, data_fields=[f.name for f in fields(_generator)], meta_fields=[])


def _draw(generator, key, center, sigma, n: int, m: int):
    """A pooled mean from its law: mean + scale N(0, I)."""
    k_law, k_norm = jax.random.split(key)
    mean, scale = generator.pooled_mean_law(k_law, center, sigma, n, m)
    return mean + scale * jax.random.normal(k_norm, center.shape)
