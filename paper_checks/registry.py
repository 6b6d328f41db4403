"""All claims: the toolkit's own, discovered from `paper_checks/<model>/claims*.py` (each defines
``CLAIMS``), and those other packages register under the entry-point group ``synthover.claims``.

An entry point may name a module that defines ``CLAIMS``, a list of :class:`Claim`, or a callable that
returns one. Outside claims go through the same agreement rules, reports and negative-control
requirement as the toolkit's own (see docs/extending.md).
"""
from __future__ import annotations

import importlib
import pkgutil
import re
from functools import lru_cache
from importlib.metadata import entry_points
from types import ModuleType

import synthover.paper_checks as _package
from synthover.paper_checks.claim import Claim
from synthover.paper_checks.params import ParameterError

ENTRY_POINT_GROUP = "synthover.claims"

#: the module of each built-in claim (under synthover.paper_checks), so that `get` imports only that one (an
#: `eval` starts ~0.4 s sooner); tests/test_registry.py checks it against what discovery finds
BUILTIN_INDEX = {
    "A1": "model_g.claims_a", "A2": "model_g.claims_a", "A3": "model_g.claims_a_cases",
    "A4": "model_g.claims_a_cases", "A5": "model_g.claims_a5", "A6": "model_g.claims_a_logistic",
    "B1": "model_s.claims_b", "B2": "model_s.claims_b", "B3": "model_s.claims_b", "B4": "model_s.claims_b",
    "C1": "model_g.claims_c", "C2": "model_g.claims_c", "C3": "model_g.claims_c",
    "D1": "in_context.claims_d", "D2": "in_context.claims_d", "D3": "in_context.claims_d",
    "D4": "in_context.claims_d", "D5": "in_context.claims_d",
    "E1": "neighbouring.claims_e", "E2": "neighbouring.claims_e", "E3": "neighbouring.claims_e",
    "F1": "real.claims_f", "F2": "real.claims_f", "F3": "real.claims_f", "F4": "real.claims_f",
    "R1": "real.claims_bridge", "R2": "real.claims_bridge", "SMOTE": "samplers.claims_smote",
}


def _sort_key(claim_id: str):
    letter, number, rest = re.match(r"([A-Za-z]+)(\d*)(.*)", claim_id).groups()
    return letter, int(number or 0), rest


def _builtin_modules():
    for info in pkgutil.walk_packages(_package.__path__, prefix=_package.__name__ + "."):
        if info.name.rsplit(".", 1)[-1].startswith("claims"):
            yield importlib.import_module(info.name)


def _claims_of(obj, origin: str) -> list[Claim]:
    if isinstance(obj, ModuleType):
        obj = getattr(obj, "CLAIMS", None)
    elif callable(obj) and not isinstance(obj, Claim):
        obj = obj()
    if isinstance(obj, Claim):
        obj = [obj]
    if not isinstance(obj, (list, tuple)) or not all(isinstance(c, Claim) for c in obj):
        raise ParameterError(f"claims from {origin}: expected a Claim, a list of Claims or a module with CLAIMS")
    return list(obj)


def _plugin_claims() -> list[tuple[str, list[Claim]]]:
    found = []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        origin = f"entry point {ep.name!r} ({ep.value})"
        try:
            loaded = ep.load()
        except Exception as err:  # noqa: BLE001  (a broken plug-in is one line, not a traceback)
            raise ParameterError(f"{origin}: cannot be loaded: {type(err).__name__}: {err}") from None
        found.append((origin, _claims_of(loaded, origin)))
    return found


@lru_cache(maxsize=1)
def all_claims() -> dict[str, Claim]:
    claims: dict[str, Claim] = {}
    sources = [(m.__name__, _claims_of(m, m.__name__)) for m in _builtin_modules()] + _plugin_claims()
    for origin, found in sources:
        for claim in found:
            if claim.id in claims:
                raise ParameterError(f"claim {claim.id} registered twice (again by {origin})")
            claims[claim.id] = claim
    return dict(sorted(claims.items(), key=lambda kv: _sort_key(kv[0])))


def get(claim_id: str) -> Claim:
    indexed = {cid.upper(): cid for cid in BUILTIN_INDEX}.get(claim_id.strip().upper())
    if indexed is not None:
        module = importlib.import_module(f"{_package.__name__}.{BUILTIN_INDEX[indexed]}")
        return next(c for c in _claims_of(module, module.__name__) if c.id == indexed)
    claims = all_claims()
    by_upper = {cid.upper(): cid for cid in claims}
    key = claim_id.strip().upper()
    if key not in by_upper:
        raise ParameterError(f"unknown claim {claim_id!r}; valid: {', '.join(claims)}")
    return claims[by_upper[key]]
