"""A claim is data: its statement, parameters, grid, comparison function and negative controls.

`compare(params, key, reps)` evaluates the claim's theory and simulation at one parameter point and
returns raw :class:`~paper_checks.agreement.Comparison` objects (each carrying its own negative control).
A `Study` is a check across several points at once, e.g. the rate at which an approximation error
shrinks along a growing-n sequence.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping

from synthover.paper_checks.agreement import Comparison
from synthover.paper_checks.params import Parameter, ParameterError, resolve
from synthover.theory.derivation import Derivation

CompareFn = Callable[[dict, "object", int], list[Comparison]]


@dataclass(frozen=True)
class Study:
    name: str
    params: Mapping[str, object]  # what the study is run at, for the report
    run: Callable[["object", bool], list[Comparison]]  # (key, quick) -> comparisons


@dataclass(frozen=True)
class Claim:
    id: str
    title: str
    statement: str
    source: str  # "paper", "toolkit derivation", or "paper (made exact by the toolkit)"
    parameters: tuple[Parameter, ...]
    compare: CompareFn
    explain: Callable[[], Derivation]
    grid: tuple[Mapping[str, object], ...] = ()
    quick_grid: tuple[Mapping[str, object], ...] = ()
    studies: tuple[Study, ...] = ()
    quick_studies: tuple[Study, ...] | None = None  # None: run `studies` with quick=True
    reps: int = 20_000
    quick_reps: int = 2_000
    constraints: Callable[[dict], None] | None = None  # cross-parameter checks, raise ParameterError

    def resolve(self, given: Mapping[str, object]) -> dict:
        params = resolve(self.parameters, given, self.id)
        if self.constraints is not None:
            self.constraints(params)
        return params


def require(condition: bool, message: str) -> None:
    """Raise a one-line ParameterError unless `condition` holds."""
    if not condition:
        raise ParameterError(message)
