"""Run a tutorial (a jupytext percent-format script, docs/tutorials/*.py) cell by cell, keeping outputs.

A cell starts at a ``# %%`` line; ``# %% [markdown]`` cells are comment text. Code cells run in one
namespace with stdout captured and every open matplotlib figure saved as PNG after the cell, so the
guide shows the tutorial with its outputs. The size comes from the environment variable
``SYNTHOVER_TUTORIAL_SIZE`` (``small`` for tests and the guide, ``full`` for reading at leisure).
"""
from __future__ import annotations

import contextlib
import io
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from synthover.paper_checks.guide.content import ROOT

TUTORIALS = ROOT / "docs" / "tutorials"
SIZE_VARIABLE = "SYNTHOVER_TUTORIAL_SIZE"


@dataclass
class Cell:
    kind: str  # "code" or "markdown"
    source: str
    stdout: str = ""
    figures: list[bytes] = field(default_factory=list)


def paths() -> list[Path]:
    return sorted(TUTORIALS.glob("[0-9]*.py"))


def cells(path: Path) -> list[Cell]:
    out: list[Cell] = []
    kind, body = None, []
    for line in Path(path).read_text().splitlines() + ["# %%"]:
        if line.startswith("# %%"):
            if kind is not None and "\n".join(body).strip():
                text = "\n".join(body).strip("\n")
                if kind == "markdown":
                    text = "\n".join(re.sub(r"^# ?", "", ln) for ln in text.splitlines())
                out.append(Cell(kind, text))
            kind, body = ("markdown" if "[markdown]" in line else "code"), []
        elif kind is not None:
            body.append(line)
    return out


def run(path, size: str = "small") -> tuple[Cell, ...]:
    """Execute the tutorial at `path`; cached per process (the tests and the guide share one run)."""
    return _run(str(path), size)


@lru_cache(maxsize=None)
def _run(path: str, size: str) -> tuple[Cell, ...]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    previous = os.environ.get(SIZE_VARIABLE)
    os.environ[SIZE_VARIABLE] = size
    namespace = {"__name__": "__tutorial__", "__file__": str(path)}
    done = []
    try:
        for cell in cells(Path(path)):
            if cell.kind == "code":
                buffer = io.StringIO()
                with contextlib.redirect_stdout(buffer):
                    exec(compile(cell.source, f"{path}:cell", "exec"), namespace)  # noqa: S102 (our own docs)
                cell.stdout = buffer.getvalue()
                for number in plt.get_fignums():
                    png = io.BytesIO()
                    plt.figure(number).savefig(png, format="png", dpi=90, metadata={"Software": None})
                    cell.figures.append(png.getvalue())
                plt.close("all")
            done.append(cell)
    finally:
        if previous is None:
            os.environ.pop(SIZE_VARIABLE, None)
        else:
            os.environ[SIZE_VARIABLE] = previous
    return tuple(done)
