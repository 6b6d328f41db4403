"""All figures, discovered from `figures/<model>/*.py` (each module defines FIGURES = {name: draw}).

`draw(out_dir, seed, quick) -> list[Path]` computes what it needs through experiment functions of
`synthover.simulations` and formulas of `synthover.theory`, and saves PNG and PDF through
:func:`synthover.figures.style.save`. Figures are drawn in float64, like the checks.
"""
from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import synthover.figures as _package
from synthover.paper_checks.params import ParameterError
from synthover.simulations.precision import float64


def all_figures() -> dict:
    found = {}
    modules = sorted(pkgutil.walk_packages(_package.__path__, prefix=_package.__name__ + "."), key=lambda i: i.name)
    for info in modules:
        if not info.ispkg and info.name.rsplit(".", 1)[-1] not in ("registry", "style"):
            found.update(getattr(importlib.import_module(info.name), "FIGURES", {}))
    return found


def draw(out_dir: Path, only=None, seed: int = 0, quick: bool = False) -> list[Path]:
    available = all_figures()
    names = list(available) if not only else only
    for name in names:
        if name not in available:
            raise ParameterError(f"unknown figure {name!r}; valid: {', '.join(available)}")
    paths = []
    with float64():
        for name in names:
            print(f"drawing {name} ...", flush=True)
            paths += available[name](Path(out_dir), seed=seed, quick=quick)
    return paths
