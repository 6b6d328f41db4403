"""Chunked Monte Carlo: replications in fixed-size chunks, so memory does not grow with their number.

`monte_carlo(stat, key, reps)` runs `stat(key) -> dict of scalars` for `reps` independent keys and
returns, per statistic, the mean, its standard error sqrt(var / reps), and the sample variance. The
chunk size is fixed (not derived from `reps`), so the i-th replication always sees the same key.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import jax
import jax.numpy as jnp
import numpy as np

DEFAULT_CHUNK = 16_384


@dataclass(frozen=True)
class Summary:
    mean: float
    se: float
    var: float
    reps: int


def _chunk_sums(stat: Callable, size: int):
    """Compiled once per (stat, chunk size); `count` < size masks the tail of a last, partial chunk."""

    @jax.jit
    def run(key, count):
        values = jax.vmap(stat)(jax.random.split(key, size))
        used = jnp.arange(size) < count
        out = {}
        for name, v in values.items():
            v = jnp.where(used, v, 0.0)
            mean = jnp.sum(v) / count
            out[name] = (mean, jnp.sum(jnp.where(used, (v - mean) ** 2, 0.0)), jnp.sum(used & ~jnp.isfinite(v)))
        return out

    return run


_compiled = lru_cache(maxsize=256)(_chunk_sums)


def monte_carlo(stat: Callable, key, reps: int, chunk: int = DEFAULT_CHUNK) -> dict[str, Summary]:
    """Mean and SE of each statistic of `stat` over `reps` replications (float64 accumulation).

    Chunks are merged with Chan's pairwise update of (count, mean, sum of squared deviations), so a
    small variance around a large mean keeps its precision.
    """
    if reps < 2:
        raise ValueError(f"reps must be >= 2 (got {reps})")
    chunk = min(chunk, reps)
    sizes = [chunk] * (reps // chunk) + ([reps % chunk] if reps % chunk else [])
    keys = jax.random.split(key, len(sizes))
    totals: dict[str, tuple[int, float, float]] = {}
    run = _compiled(stat, chunk)
    for k, size in zip(keys, sizes):
        out = run(k, size)
        for name, (mean_b, m2_b, bad) in out.items():
            if int(bad):
                raise FloatingPointError(f"statistic {name!r} is not finite in {int(bad)} replications")
            n_a, mean_a, m2_a = totals.get(name, (0, 0.0, 0.0))
            n = n_a + size
            delta = float(mean_b) - mean_a
            totals[name] = (n, mean_a + delta * size / n, m2_a + float(m2_b) + delta**2 * n_a * size / n)
    summaries = {}
    for name, (n, mean, m2) in totals.items():
        var = m2 / (n - 1)
        summaries[name] = Summary(mean, float(np.sqrt(var / n)), var, n)
    return summaries


def replicate(stat: Callable, key, reps: int, chunk: int = DEFAULT_CHUNK) -> dict[str, np.ndarray]:
    """All per-replication values (for quantiles, winners, histograms); memory grows with `reps`."""
    sizes = [chunk] * (reps // chunk) + ([reps % chunk] if reps % chunk else [])
    keys = jax.random.split(key, len(sizes))
    parts: dict[str, list] = {}
    for k, size in zip(keys, sizes):
        out = _compiled_values(stat, size)(k)
        for name, v in out.items():
            parts.setdefault(name, []).append(np.asarray(v))
    return {name: np.concatenate(v) for name, v in parts.items()}


@lru_cache(maxsize=256)
def _compiled_values(stat: Callable, size: int):
    return jax.jit(lambda key: jax.vmap(stat)(jax.random.split(key, size)))
