"""Numeric evaluation of sympy results: the one place where theory becomes numbers.

`evaluate(expr, params)` lambdifies `expr` (cached) and substitutes parameter names (docs/theory/, the CLI).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Mapping

import numpy as np
import scipy.special
import sympy as sp

from synthover.theory.symbols import BY_NAME


def _symbols_of(expr: sp.Basic) -> tuple[sp.Symbol, ...]:
    return tuple(sorted(expr.free_symbols, key=lambda s: s.name))


@lru_cache(maxsize=512)
def _compiled(expr: sp.Basic):
    symbols = _symbols_of(expr)
    modules = [{"erf": scipy.special.erf, "erfc": scipy.special.erfc}, "numpy"]
    return symbols, sp.lambdify(symbols, expr, modules=modules)


def evaluate(expr: sp.Basic, params: Mapping[str, float]) -> float | np.ndarray:
    """Evaluate `expr` with values given by parameter names (d, s, n0, ...) or symbol names."""
    symbols, fn = _compiled(sp.sympify(expr))
    args = []
    for sym in symbols:
        name = next((k for k, v in BY_NAME.items() if v == sym), sym.name)
        if name in params:
            args.append(params[name])
        elif sym.name in params:
            args.append(params[sym.name])
        else:
            raise KeyError(f"no value for symbol {sym.name!r} (parameter {name!r})")
    value = fn(*args)
    return float(value) if np.ndim(value) == 0 else np.asarray(value, dtype=float)
