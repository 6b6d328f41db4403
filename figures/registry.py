"""All figures, discovered from `figures/fig_*.py` (each defines FIGURES = {name: draw}).

`draw(out_dir, seed, quick) -> list[Path]` computes what it needs (theory and simulation) and saves
PNG and PDF through figures.style.save.
"""
from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import figures
from paper_checks.params import ParameterError


def all_figures() -> dict:
    found = {}
    for info in sorted(pkgutil.iter_modules(figures.__path__), key=lambda i: i.name):
        if info.name.startswith("fig_"):
            found.update(importlib.import_module(f"figures.{info.name}").FIGURES)
    return found


def draw(out_dir: Path, only=None, seed: int = 0, quick: bool = False) -> list[Path]:
    available = all_figures()
    names = list(available) if not only else only
    for name in names:
        if name not in available:
            raise ParameterError(f"unknown figure {name!r}; valid: {', '.join(available)}")
    paths = []
    for name in names:
        print(f"drawing {name} ...", flush=True)
        paths += available[name](Path(out_dir), seed=seed, quick=quick)
    return paths
