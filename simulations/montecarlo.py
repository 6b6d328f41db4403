"""Chunked Monte Carlo: replications in fixed-size chunks, so memory does not grow with their number.

`monte_carlo(stat, key, reps)` runs `stat(key) -> dict of scalars` for `reps` independent keys and
returns, per statistic, the mean, its standard error sqrt(var / reps), and the sample variance. The
chunk size is fixed (not derived from `reps`), so the i-th replication always sees the same key.

Compile once per shape: `monte_carlo(stat, key, reps, args=a)` calls `stat(key, a)`, with `a` a pytree of
numbers passed to the compiled program as *traced* arguments. The program is cached by (stat, chunk
size) and XLA's own cache by the shapes of `a`, so a module-level `stat` serves every design of one shape
with one compilation (`specialise` fixes the arguments that set shapes, such as row counts).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any, Callable

import jax
import jax.numpy as jnp
import numpy as np

DEFAULT_CHUNK = 16_384


@dataclass(frozen=True)
class Bound:
    """A statistic and its traced arguments: `monte_carlo(Bound(fn, args), ...)` compiles `fn` once per
    shape of `args`; calling it, `Bound(fn, args)(key) = fn(key, args)`, is one replication."""

    fn: Callable
    args: Any

    def __call__(self, key):
        return self.fn(key, self.args)


@dataclass(frozen=True)
class Summary:
    mean: float
    se: float
    var: float
    reps: int


@lru_cache(maxsize=8)
def _moments(size: int):
    """Per statistic: (mean, sum of squared deviations, non-finite count) of the first `count` of `size` values.

    One program on one device, whatever computed the values (see `_values`), so the sums do not depend on
    the number of devices."""

    @jax.jit
    def reduce(parts, count):
        values = jax.tree_util.tree_map(lambda *xs: jnp.concatenate(xs), *parts)
        used = jnp.arange(size) < count
        out = {}
        for name, v in values.items():
            v = jnp.where(used, v, 0.0)
            mean = jnp.sum(v) / count
            out[name] = (mean, jnp.sum(jnp.where(used, (v - mean) ** 2, 0.0)), jnp.sum(used & ~jnp.isfinite(v)))
        return out

    return reduce


PIECES = 8  # a chunk's replications run as this many equal pieces, one compiled program for all of them


def _values(stat: Callable, size: int, key, args) -> list:
    """The `size` replications' values, as a list of equal pieces on the first device: PIECES pieces (when
    `size` divides evenly) of one compiled program, placed round-robin on the process's JAX devices
    (jax.device_put) and gathered on the first. Every device runs the same program on the same piece
    shape, so the values are the same bits whatever the number of devices. (One program sharded with a
    NamedSharding changes the per-device batch shape, and with it XLA's vectorised code: last-bit
    differences, seen in A4.)"""
    pieces = PIECES if size % PIECES == 0 else 1
    if pieces == 1:
        return [_compiled_values(stat, size)(key, args)]
    devices = jax.local_devices()
    keys = _piece_keys(size, pieces)(key)
    run = _compiled_from_keys(stat)
    if len(devices) == 1:
        return [run(keys[i], args) for i in range(pieces)]
    parts = [run(jax.device_put(keys[i], devices[i % len(devices)]), jax.device_put(args, devices[i % len(devices)]))
             for i in range(pieces)]
    return jax.device_put(parts, devices[0])


@lru_cache(maxsize=64)
def _piece_keys(size: int, pieces: int):
    """key -> split(key, size) cut into `pieces` consecutive arrays of keys, in one compiled step."""

    def cut(key):
        keys = jax.random.split(key, size)
        step = size // pieces
        return tuple(keys[i * step:(i + 1) * step] for i in range(pieces))

    return jax.jit(cut)


@lru_cache(maxsize=256)
def _compiled_from_keys(stat: Callable):
    return jax.jit(lambda keys, args: _vmapped(stat, keys, args))


def _unbound(stat, args):
    if isinstance(stat, Bound):
        if args is not None:
            raise ValueError("args: a Bound statistic carries its own")
        return stat.fn, stat.args
    return stat, args


def _vmapped(stat: Callable, keys, args):
    if args is None:
        return jax.vmap(stat)(keys)
    return jax.vmap(stat, in_axes=(0, None))(keys, args)


@lru_cache(maxsize=None)
def _specialised(fn: Callable, static: tuple) -> Callable:
    return partial(fn, **dict(static))


def specialise(fn: Callable, **static) -> Callable:
    """`fn` with keyword arguments fixed (those that set shapes); equal values give the same object, so
    monte_carlo's compile cache finds it again."""
    return _specialised(fn, tuple(sorted(static.items())))


def as_args(tree):
    """A pytree of numbers as float arrays (ints and floats alike), so that every value shares a compilation."""
    return jax.tree_util.tree_map(lambda x: jnp.asarray(x, dtype=float), tree)


def monte_carlo(stat: Callable, key, reps: int, chunk: int = DEFAULT_CHUNK, args=None) -> dict[str, Summary]:
    """Mean and SE of each statistic of `stat` over `reps` replications (float64 accumulation).

    args: if given, `stat(key, args)` is called, with args traced (see the module docstring).
    Chunks are merged with Chan's pairwise update of (count, mean, sum of squared deviations), so a
    small variance around a large mean keeps its precision.
    """
    if reps < 2:
        raise ValueError(f"reps must be >= 2 (got {reps})")
    stat, args = _unbound(stat, args)
    chunk = min(chunk, reps)
    sizes = [chunk] * (reps // chunk) + ([reps % chunk] if reps % chunk else [])
    keys = jax.random.split(key, len(sizes))
    totals: dict[str, tuple[int, float, float]] = {}
    reduce = _moments(chunk)
    for k, size in zip(keys, sizes):
        out = reduce(_values(stat, chunk, k, args), size)
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


def replicate(stat: Callable, key, reps: int, chunk: int = DEFAULT_CHUNK, args=None) -> dict[str, np.ndarray]:
    """All per-replication values (for quantiles, winners, histograms); memory grows with `reps`."""
    stat, args = _unbound(stat, args)
    sizes = [chunk] * (reps // chunk) + ([reps % chunk] if reps % chunk else [])
    keys = jax.random.split(key, len(sizes))
    parts: dict[str, list] = {}
    for k, size in zip(keys, sizes):
        for piece in _values(stat, size, k, args):
            for name, v in piece.items():
                parts.setdefault(name, []).append(np.asarray(v))
    return {name: np.concatenate(v) for name, v in parts.items()}


@lru_cache(maxsize=256)
def _compiled_values(stat: Callable, size: int):
    return jax.jit(lambda key, args: _vmapped(stat, jax.random.split(key, size), args))


def release_compiled() -> None:
    """Drop every compiled program this process holds (JAX's caches and the statistic caches above), so that a
    long run over many claims of distinct shapes (calibration) keeps one claim's programs at a time, not all:
    a calibration process that kept them grew until LLVM could not allocate memory (23 GB machine, after ~170
    runs of five claims). Recompiling gives the same programs, so no number changes."""
    for cached in (_moments, _piece_keys, _compiled_from_keys, _compiled_values, _specialised):
        cached.cache_clear()
    jax.clear_caches()
