"""A derivation is a list of named steps, each a sympy expression or a sentence.

`synthover explain CLAIM --format text|latex|mathml|markdown` prints one; the last step is the result.

The text form is one-dimensional and fits a width (100 columns by default): an expression is printed
as sympy's linear string (the same text Python would parse), a long sum is broken before its terms,
and a term still too long has its largest sub-expressions given names (``E_1``, ``E_2``, ...) that are
defined on the lines below (``where E_1 = ...``). The LaTeX and MathML forms come from sympy's own
printers (MathML: presentation markup, which browsers render natively); Markdown wraps the LaTeX in
``$$`` blocks.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass, field, replace

import sympy as sp
from sympy.printing.mathml import mathml

FORMATS = ("text", "latex", "mathml", "markdown")
WIDTH = 100
INDENT = "    "
MAX_NAMES = 30  # beyond this many named sub-expressions the text form elides (a formula nobody reads)


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

    def prefixed(self, prefix: str) -> list[Step]:
        """The steps with titles "prefix: title", for splicing one derivation into another's explanation."""
        return [replace(step, title=f"{prefix}: {step.title}") for step in self.steps]

    @property
    def result(self) -> sp.Basic:
        for step in reversed(self.steps):
            if step.expr is not None:
                return step.expr
        raise ValueError(f"derivation {self.title!r} has no expression")

    def render(self, latex: bool = False, format: str | None = None, width: int = WIDTH) -> str:
        """The derivation as text (default; lines <= `width`), LaTeX, MathML or Markdown.

        `latex=True` is kept as an alias of ``format="latex"``."""
        fmt = format or ("latex" if latex else "text")
        if fmt not in FORMATS:
            raise ValueError(f"format must be one of {', '.join(FORMATS)} (got {fmt!r})")
        if fmt == "markdown":
            return self._markdown()
        if fmt == "mathml":
            return self._mathml()
        lines = wrap_text(f"{self.title}  [{self.source}]", width) + [""]
        for i, step in enumerate(self.steps, 1):
            lines += wrap_text(f"({i}) {step.title}", width)
            if step.text:
                lines += wrap_text(step.text, width, INDENT)
            if step.expr is not None:
                if fmt == "latex":
                    lines.append(INDENT + sp.latex(step.expr))
                else:
                    lines += text_lines(step.expr, width, INDENT)
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"

    def _markdown(self) -> str:
        parts = [f"**{self.title}** ({self.source})", ""]
        for i, step in enumerate(self.steps, 1):
            parts.append(f"{i}. {step.title}" + (f" {step.text}" if step.text else ""))
            if step.expr is not None:
                parts += ["", f"   $$ {sp.latex(step.expr)} $$"]
            parts.append("")
        return "\n".join(parts).rstrip() + "\n"

    def _mathml(self) -> str:
        parts = [f"<!-- {self.title} [{self.source}] -->"]
        for i, step in enumerate(self.steps, 1):
            parts.append(f"<!-- ({i}) {step.title} -->")
            if step.expr is not None:
                parts.append(mathml_block(step.expr))
        return "\n".join(parts) + "\n"


def latex(expr: sp.Basic) -> str:
    """LaTeX of an expression (for pages that are built outside theory/, which never import sympy)."""
    return sp.latex(expr)


def mathml_block(expr: sp.Basic) -> str:
    """A display-mode ``<math>`` element (presentation MathML, rendered natively by browsers)."""
    body = mathml(expr, printer="presentation")
    return f'<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">{body}</math>'


def wrap_text(text: str, width: int = WIDTH, indent: str = "") -> list[str]:
    """Prose wrapped at word boundaries to `width` columns."""
    return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent,
                         break_long_words=True, break_on_hyphens=False) or [indent.rstrip()]


def text_lines(expr: sp.Basic, width: int = WIDTH, indent: str = INDENT) -> list[str]:
    """`expr` as linear text in lines of at most `width` columns.

    Sums break before a term; a piece that still does not fit has its largest sub-expressions named
    (``E_k``) and defined below, each definition laid out the same way."""
    budget = max(width - len(indent), 20)
    names: list[tuple[sp.Symbol, sp.Basic]] = []
    lines = [indent + ln for ln in _fit(expr, budget, names)]
    done = 0
    while done < len(names):
        name, sub = names[done]
        done += 1
        head = f"where {name} = "
        if done > MAX_NAMES:
            lines += wrap_text(f"{head}... ({sp.count_ops(sub)} operations; the full form: --format latex)",
                               width - len(indent), indent)
            continue
        body = _fit(sub, budget - len(head), names)
        lines.append(indent + head + body[0])
        lines += [indent + " " * len(head) + ln for ln in body[1:]]
    return [ln if len(ln) <= width else ln[:width] for ln in _hard_wrap(lines, width)]


def _hard_wrap(lines: list[str], width: int) -> list[str]:
    """Last resort for an unbreakable atom (a very long name): cut it, continuation marked by '\\'."""
    out = []
    for ln in lines:
        while len(ln) > width:
            out.append(ln[: width - 1] + "\\")
            ln = "  " + ln[width - 1:]
        out.append(ln)
    return out


def _str(expr) -> str:
    return sp.sstr(expr).replace("\n", "")


def _fit(expr, budget: int, names: list) -> list[str]:
    if isinstance(expr, (list, tuple)):
        expr = sp.Tuple(*expr)
    elif isinstance(expr, dict):
        expr = sp.Dict(expr)
    text = _str(expr)
    if len(text) <= budget:
        return [text]
    if isinstance(expr, sp.MatrixBase):
        rows = []
        for r in range(expr.rows):
            row = _fit(sp.Tuple(*expr.row(r)), budget - 2, names)
            rows += [("[" if r == 0 else " ") + ln for ln in row]
        rows[-1] += "]"
        return rows
    if isinstance(expr, sp.core.relational.Relational):
        op = {"==": "="}.get(expr.rel_op, expr.rel_op)
        left = _fit(expr.lhs, budget, names)
        right = _fit(expr.rhs, budget - len(op) - 1, names)
        return left + [f"{op} {right[0]}"] + [" " * (len(op) + 1) + ln for ln in right[1:]]
    if isinstance(expr, sp.Add):
        return _fit_sum(expr, budget, names)
    return [_shrink(expr, budget, names)]


def _fit_sum(expr: sp.Add, budget: int, names: list) -> list[str]:
    pieces = []
    for i, term in enumerate(expr.as_ordered_terms()):
        negative = i > 0 and term.could_extract_minus_sign()
        body = -term if negative else term
        sign = "" if i == 0 else ("- " if negative else "+ ")
        pieces.append(sign + _shrink(body, budget - len(sign), names))
    lines = [pieces[0]]
    for piece in pieces[1:]:
        if len(lines[-1]) + 1 + len(piece) <= budget:
            lines[-1] += " " + piece
        else:
            lines.append(piece)
    return lines


def _shrink(expr, budget: int, names: list) -> str:
    """One line: name sub-expressions of `expr` until its linear text fits `budget`.

    The largest sub-expression whose own text (estimated) fits on a line is named first, so
    definitions stay one-liners where possible; a sub-expression already named is reused."""
    if not isinstance(expr, sp.Basic):
        return _str(expr)
    known = {sub: name for name, sub in names if sub != expr}  # a definition never names itself
    expr = _replace(expr, known)
    while len(_str(expr)) > budget:
        sizes: dict = {}
        _estimate(expr, sizes)
        items = [(n, node) for node, n in sizes.items()
                 if node != expr and isinstance(node, sp.Expr) and not node.is_Atom and n > 8]
        if not items:
            break
        total = sizes[expr]
        fitting = [item for item in items if item[0] <= max(budget, total // 3)]
        _, largest = max(fitting or items, key=lambda item: item[0])  # first of the largest: deterministic
        name = sp.Symbol(f"E_{len(names) + 1}")
        replaced = _replace(expr, {largest: name})
        if replaced == expr:
            break
        names.append((name, largest))
        expr = replaced
    return _str(expr)


def _estimate(expr, sizes: dict) -> int:
    """Length of `expr`'s linear text, estimated bottom-up in one pass (printing every subtree is
    quadratic); memoised in `sizes`."""
    if expr in sizes:
        return sizes[expr]
    if not isinstance(expr, sp.Basic):
        n = len(str(expr))
    elif expr.is_Atom:
        n = len(_str(expr))
    else:
        n = sum(_estimate(arg, sizes) for arg in expr.args) + 3 * len(expr.args) + 4
    sizes[expr] = n
    return n


def _replace(expr, rule: dict):
    try:
        return expr.xreplace(rule) if rule else expr
    except (AttributeError, TypeError, ValueError):  # a structural node (a Piecewise pair) takes no symbol
        return expr
