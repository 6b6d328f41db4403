"""Numerical precision of the simulations, chosen by the caller, never by an import.

Several checks resolve excess risks of order 1e-5 with 1e5 replications, which float32 sums cannot do,
so the CLI, the check runner and the figures run inside :func:`float64`. The context restores the
caller's setting on exit (JAX's ``enable_x64`` context is thread-local and keys the compile cache).
"""
from __future__ import annotations

import contextlib
from typing import Iterator

import jax


@contextlib.contextmanager
def float64() -> Iterator[None]:
    """Run the enclosed simulations with 64-bit floats and integers; restore the setting afterwards."""
    ctx = getattr(jax, "enable_x64", None)
    if ctx is None:  # jax < 0.5
        from jax.experimental import enable_x64 as ctx
    with ctx(True):
        yield


def x64_enabled() -> bool:
    """Whether 64-bit floats are in effect here (as the caller configured JAX)."""
    return bool(jax.numpy.zeros(()).dtype == jax.numpy.float64)
