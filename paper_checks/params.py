"""Parameters of a claim: names from THEORY.md, defaults, valid ranges, one-line errors.

Every bad value raises :class:`ParameterError` whose message names the parameter and its valid range;
the CLI prints that line and exits 2.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping


class ParameterError(ValueError):
    """A user-facing, one-line error about a parameter."""


@dataclass(frozen=True)
class Parameter:
    name: str
    default: float
    help: str
    integer: bool = False
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False

    def range_text(self) -> str:
        kind = "an integer" if self.integer else "a number"
        lo, hi = self.low, self.high
        if lo is not None and hi is not None:
            left, right = ("(" if self.low_open else "["), (")" if self.high_open else "]")
            return f"{kind} in {left}{_fmt(lo)}, {_fmt(hi)}{right}"
        if lo is not None:
            return f"{kind} {'>' if self.low_open else '>='} {_fmt(lo)}"
        if hi is not None:
            return f"{kind} {'<' if self.high_open else '<='} {_fmt(hi)}"
        return kind

    def check(self, value) -> float | int:
        bad = ParameterError(f"parameter {self.name}: must be {self.range_text()} (got {value!r})")
        if isinstance(value, bool):
            raise bad
        if isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                raise bad from None
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise bad from None
        if not math.isfinite(value):
            raise bad
        if self.integer:
            if value != int(value):
                raise bad
            value = int(value)
        lo, hi = self.low, self.high
        if lo is not None and (value < lo or (self.low_open and value == lo)):
            raise bad
        if hi is not None and (value > hi or (self.high_open and value == hi)):
            raise bad
        return value


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else repr(v)


def count(name: str, default: int, help: str, low: int = 0) -> Parameter:
    return Parameter(name, default, help, integer=True, low=low)


def positive(name: str, default: float, help: str) -> Parameter:
    return Parameter(name, default, help, low=0.0, low_open=True)


def nonnegative(name: str, default: float, help: str) -> Parameter:
    return Parameter(name, default, help, low=0.0)


def real(name: str, default: float, help: str) -> Parameter:
    return Parameter(name, default, help)


def resolve(parameters: tuple[Parameter, ...], given: Mapping[str, object], claim_id: str) -> dict:
    """Defaults overridden by `given`, each value checked; unknown names are an error."""
    by_name = {p.name: p for p in parameters}
    unknown = sorted(set(given) - set(by_name))
    if unknown:
        raise ParameterError(
            f"unknown parameter {unknown[0]!r} for claim {claim_id}; valid: {', '.join(by_name)}"
        )
    return {p.name: p.check(given.get(p.name, p.default)) for p in parameters}


def parse_assignments(items: list[str]) -> dict[str, str]:
    """['d=12', 's=1.3'] -> {'d': '12', 's': '1.3'}."""
    out = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise ParameterError(f"--param expects NAME=VALUE (got {item!r})")
        out[name.strip()] = value.strip()
    return out
