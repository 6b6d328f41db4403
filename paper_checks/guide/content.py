"""What the guide shows about a claim, read from the registry (never typed twice).

Model page of a claim: the subpackage of the module that defines it (``paper_checks/<model>/``);
claims from plug-ins land on the "other" page. Published tables are the claim modules' own constants.
"""
from __future__ import annotations

import importlib
import json
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from synthover.paper_checks import registry
from synthover.paper_checks.claim import Claim

ROOT = Path(__file__).resolve().parents[2]

#: page name -> (title, claim families)
MODEL_PAGES = {
    "model_g": ("Model G: two Gaussian classes (claims A and C)", "A, C"),
    "model_s": ("Model S: a spurious attribute (claims B)", "B"),
    "in_context": ("Linear attention in context (claims D)", "D"),
    "neighbouring": ("Neighbouring results (claims E)", "E"),
    "samplers": ("Samplers: SMOTE and friends", "SMOTE"),
    "real": ("The authors' real-data experiments (claims F)", "F"),
    "other": ("Claims registered by plug-ins", ""),
}


@dataclass(frozen=True)
class PublishedTable:
    claim: str
    module: str
    attribute: str
    key_names: tuple[str, ...]
    value_names: tuple[str, ...]
    caption: str


#: the published numbers each claim is checked against, where the claim modules keep them
PUBLISHED_TABLES = (
    PublishedTable("A2", "synthover.paper_checks.model_g.claims_a", "A2_SPOT_TABLE",
                   ("d", "s", "n0", "n1", "m", "δ0"), ("Monte Carlo mean",),
                   "Published Monte Carlo means of E R_bal − Φ(−s), 2·10⁵ replications, δ = (δ0, δ0, 0, …)"),
    PublishedTable("A6", "synthover.paper_checks.model_g.claims_a_logistic", "A6_PUBLISHED",
                   ("quantity",), ("value",),
                   "Published large-sample logistic fit (d = 5, s = 1, n1 = 40k, m = 360k, δ0 = 0.3)"),
    PublishedTable("B2", "synthover.paper_checks.model_s.claims_b", "PUBLISHED_B2",
                   ("d", "s", "n_al", "n_mis", "m"), ("published values",),
                   "Published Monte Carlo values for B2 (printed digits)"),
    PublishedTable("C1", "synthover.paper_checks.model_g.claims_c", "PUBLISHED",
                   ("N",), ("MC, δ = 0", "MC, δ = 0.15"),
                   "Published Monte Carlo means of the augmentation curve (d = 10, s = 1, n0 = 400, n1 = 100, w = 0.5)"),
)


def claims() -> dict[str, Claim]:
    return registry.all_claims()


@lru_cache(maxsize=1)
def model_of() -> dict[str, str]:
    """claim id -> model page, from the module that defines the claim."""
    claims()
    found = {}
    for name, module in sorted(sys.modules.items()):
        if name.startswith("synthover.paper_checks.") and isinstance(getattr(module, "CLAIMS", None), list):
            model = name.split(".")[2]
            for claim in module.CLAIMS:
                if isinstance(claim, Claim):
                    found[claim.id] = model if model in MODEL_PAGES else "other"
    return {cid: found.get(cid, "other") for cid in claims()}


def claims_on(page: str) -> list[Claim]:
    models = model_of()
    return [c for cid, c in claims().items() if models[cid] == page]


@lru_cache(maxsize=None)
def derivation(claim_id: str):
    """The claim's derivation, computed once per process (the staleness test and the site share it)."""
    return claims()[claim_id].explain()


def result_of(claim_id: str):
    """The last expression of the claim's derivation, or None for a derivation in words only."""
    return next((step.expr for step in reversed(derivation(claim_id).steps) if step.expr is not None), None)


def published_rows(table: PublishedTable) -> list[list[str]] | None:
    """The table's rows as text, or None when the claim module no longer defines it."""
    try:
        data = getattr(importlib.import_module(table.module), table.attribute)
    except (ImportError, AttributeError):
        return None
    rows = []
    for key, value in data.items():
        keys = list(key) if isinstance(key, tuple) else [key]
        if isinstance(value, dict):
            values = [", ".join(f"{k} = {v:g}" for k, v in value.items())]
        elif isinstance(value, (tuple, list)):
            values = list(value)
        else:
            values = [value]
        rows.append([_fmt(v) for v in keys + values])
    return rows


def tables_for(claim_id: str) -> list[PublishedTable]:
    return [t for t in PUBLISHED_TABLES if t.claim == claim_id]


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:g}" if abs(value) >= 1e-3 or value == 0 else f"{value:.5f}"
    return str(value)


def parameter_rows(claim: Claim) -> list[list[str]]:
    return [[p.name, _fmt(p.default), p.range_text(), p.help] for p in claim.parameters]


def grid_lines(claim: Claim, quick: bool = False) -> list[str]:
    grid = claim.quick_grid if quick else claim.grid
    return [", ".join(f"{k} = {_fmt(v)}" for k, v in point.items()) for point in grid]


def load_verdicts() -> dict:
    from synthover.paper_checks.readme import load_verdicts as _load

    return _load()


def load_report(path: Path | None) -> dict | None:
    if path is None or not Path(path).is_file():
        return None
    return json.loads(Path(path).read_text())


def clean(text: str) -> str:
    """Text bound for docs/: the spec file is the project's input, not a document in the repository."""
    return text
