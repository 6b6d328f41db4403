"""Parameters of a claim: one declaration per symbol, narrowed (never re-declared) by each claim.

A symbol is declared once with its numerically safe range (:data:`SHARED` here for the symbols every
model uses, a model's own symbols in ``paper_checks/<model>/params.py``). A claim narrows it to the
region where the claim is asserted (its *domain*) with :meth:`Parameter.narrow`; the runner and the CLI
accept nothing outside that domain. Every bad value raises :class:`ParameterError` whose message names
the parameter and its valid range; the CLI prints that line and exits 2.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
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
    log_scale: bool = False  # calibration draws log-uniformly (counts, scales spanning decades)

    def narrow(self, default=None, low=None, high=None, help=None, low_open=None, high_open=None) -> "Parameter":
        """The same symbol on a sub-range (a claim's domain); widening the declared range is an error."""
        new = replace(
            self,
            default=self.default if default is None else default,
            low=self.low if low is None else low,
            high=self.high if high is None else high,
            help=self.help if help is None else help,
            low_open=self.low_open if low_open is None else low_open,
            high_open=self.high_open if high_open is None else high_open,
        )
        if (self.low is not None and (new.low is None or new.low < self.low)) or (
            self.high is not None and (new.high is None or new.high > self.high)
        ):
            raise ValueError(f"{self.name}: narrow() cannot widen the declared range {self.range_text()}")
        new.check(new.default)
        return new

    def sample(self, rng) -> float | int:
        """A random value of the (narrowed) range, for calibration; needs finite bounds."""
        if self.low is None or self.high is None:
            raise ValueError(f"{self.name}: calibration needs a bounded domain (declared {self.range_text()})")
        lo, hi = float(self.low), float(self.high)
        if self.log_scale and lo > 0:
            value = math.exp(rng.uniform(math.log(lo), math.log(hi)))
        else:
            value = rng.uniform(lo, hi)
        if self.integer:
            value = int(min(max(round(value), math.ceil(lo)), math.floor(hi)))
            if self.low_open and value == lo:
                value += 1
            if self.high_open and value == hi:
                value -= 1
        elif (self.low_open and value == lo) or (self.high_open and value == hi):
            value = (lo + hi) / 2
        return value

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


MAX_ROWS = 10**7  # numerically safe size of any sample (memory and float64 sums)


def count(name: str, default: int, help: str, low: int = 0, high: int = MAX_ROWS) -> Parameter:
    return Parameter(name, default, help, integer=True, low=low, high=high, log_scale=low > 0)


def positive(name: str, default: float, help: str, high: float = 10.0) -> Parameter:
    return Parameter(name, default, help, low=0.0, high=high, low_open=True)


def nonnegative(name: str, default: float, help: str, high: float = 10.0) -> Parameter:
    return Parameter(name, default, help, low=0.0, high=high)


def real(name: str, default: float, help: str, bound: float = 10.0) -> Parameter:
    return Parameter(name, default, help, low=-bound, high=bound)


# Symbols shared by several models, each declared once with its numerically safe range.
D = Parameter("d", 5, "dimension", integer=True, low=1, high=500)
S = Parameter("s", 1.0, "separation ||mu|| / sigma", low=0.0, high=6.0, low_open=True)
N0 = count("n0", 400, "majority rows", low=1)
N1 = count("n1", 40, "minority rows", low=1)
M = count("m", 360, "synthetic minority rows", low=0)
N = count("n", 1000, "rows", low=1)
DELTA_PAR = real("delta_par", 0.0, "synthetic mean shift along mu")
DELTA_PERP = nonnegative("delta_perp", 0.0, "norm of the synthetic mean shift orthogonal to mu")
SIGMA_SYN = Parameter("sigma_syn", 1.0, "standard deviation of the synthetic rows", low=0.01, high=10.0)
K = Parameter("k", 5, "SMOTE neighbours", integer=True, low=1, high=200)
SHARED = {p.name: p for p in (D, S, N0, N1, M, N, DELTA_PAR, DELTA_PERP, SIGMA_SYN, K)}


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
        if sep and name.strip() and not value.strip():
            raise ParameterError(f"parameter {name.strip()}: empty value; --param expects NAME=VALUE (got {item!r})")
        if not sep or not name.strip():
            raise ParameterError(f"--param expects NAME=VALUE (got {item!r})")
        out[name.strip()] = value.strip()
    return out
