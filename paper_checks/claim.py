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

PROVENANCE_KINDS = {
    "paper": "the paper's statement",
    "paper, made exact": "the paper's statement, made exact in a model by the toolkit",
    "toolkit": "a toolkit derivation (not in the paper)",
    "neighbouring paper": "a neighbouring paper's statement",
    "classic": "a classic result",
}


@dataclass(frozen=True)
class Provenance:
    """Where a claim comes from, as a record rather than free text.

    kind: one of :data:`PROVENANCE_KINDS`; where: the paper (or other work) and its section or equation,
    when known; added: what the toolkit added (an exact form, a derivation, a design); published: the
    published number that backs it (e.g. "Monte Carlo table of the spec, 6 rows"), or "" if none.
    """

    kind: str
    where: str = ""
    added: str = ""
    published: str = ""

    def __post_init__(self):
        if self.kind not in PROVENANCE_KINDS:
            raise ValueError(f"provenance kind must be one of {list(PROVENANCE_KINDS)}, got {self.kind!r}")

    def summary(self) -> str:
        parts = [self.kind + (f" ({self.where})" if self.where else "")]
        if self.added:
            parts.append(f"toolkit: {self.added}")
        if self.published:
            parts.append(f"published: {self.published}")
        return "; ".join(parts)

    def to_json(self) -> dict:
        return {"kind": self.kind, "where": self.where, "added": self.added, "published": self.published}


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
    provenance: Provenance
    parameters: tuple[Parameter, ...]  # each narrowed to the claim's domain
    compare: CompareFn
    explain: Callable[[], Derivation]
    grid: tuple[Mapping[str, object], ...] = ()
    quick_grid: tuple[Mapping[str, object], ...] = ()
    studies: tuple[Study, ...] = ()
    quick_studies: tuple[Study, ...] | None = None  # None: run `studies` with quick=True
    reps: int = 20_000
    quick_reps: int = 2_000
    constraints: Callable[[dict], None] | None = None  # validity conditions across parameters (ParameterError)
    needs_data: bool = False  # real-data claims: skipped with a note unless SYNTHOVER_DATA (check --data) names a folder
    # The domain's atoms: (name, rule) pairs, each parameter a function of the others where the claim is
    # asserted only on such a set (D5: m = n0 - n1, balance), which independent draws would never hit.
    # Random points (calibration) take the rule's value; `resolve` fills a derived parameter the caller left out.
    derived: tuple[tuple[str, Callable[[dict], object]], ...] = ()

    @property
    def source(self) -> str:
        """One line of provenance, for tables."""
        return self.provenance.summary()

    def resolve(self, given: Mapping[str, object]) -> dict:
        missing = [(name, rule) for name, rule in self.derived if name not in given]
        if missing:
            base = resolve(self.parameters, given, self.id)
            given = {**given, **{name: rule(base) for name, rule in missing}}
        try:
            params = resolve(self.parameters, given, self.id)
        except ParameterError:
            if missing and self.constraints is not None:  # the cause (D5: n1 > n0 makes m = n0 - n1 negative)
                self.constraints({**base, **given})
            raise
        if self.constraints is not None:
            self.constraints(params)
        return params


def require(condition: bool, message: str) -> None:
    """Raise a one-line ParameterError unless `condition` holds."""
    if not condition:
        raise ParameterError(message)
