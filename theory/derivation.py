"""A derivation is a list of named steps, each a sympy expression or a sentence.

`synthover explain CLAIM` prints one as plain text or LaTeX; the last step is the result.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp


@dataclass(frozen=True)
class Step:
    title: str
    expr: sp.Basic | None = None
    text: str = ""
    name: str = ""


@dataclass
class Derivation:
    """A titled sequence of steps ending in `result`; `source` says whose formula it is."""

    title: str
    source: str  # "paper" or "toolkit derivation"
    steps: list[Step] = field(default_factory=list)

    def step(self, title: str, expr: sp.Basic | None = None, text: str = "", name: str = "") -> sp.Basic | None:
        """Record a step and return its expression, so derivations read as straight-line code.

        A `name` makes the step's expression retrievable as `derivation[name]`."""
        self.steps.append(Step(title, expr, text, name))
        return expr

    def __getitem__(self, name: str) -> sp.Basic:
        for step in self.steps:
            if step.name == name:
                return step.expr
        raise KeyError(f"derivation {self.title!r} has no step named {name!r}")

    @property
    def result(self) -> sp.Basic:
        for step in reversed(self.steps):
            if step.expr is not None:
                return step.expr
        raise ValueError(f"derivation {self.title!r} has no expression")

    def render(self, latex: bool = False) -> str:
        lines = [f"{self.title}  [{self.source}]", ""]
        for i, step in enumerate(self.steps, 1):
            lines.append(f"({i}) {step.title}")
            if step.text:
                lines.append(f"    {step.text}")
            if step.expr is not None:
                body = sp.latex(step.expr) if latex else sp.pretty(step.expr, use_unicode=True)
                lines.extend("    " + ln for ln in body.splitlines())
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"
