"""All claims, discovered from the modules `paper_checks/claims_*.py` (each defines `CLAIMS`)."""
from __future__ import annotations

import importlib
import pkgutil
import re
from functools import lru_cache

import paper_checks
from paper_checks.claim import Claim
from paper_checks.params import ParameterError


def _sort_key(claim_id: str):
    letter, number = re.match(r"([A-Z]+)(\d*)", claim_id).groups()
    return letter, int(number or 0), claim_id


@lru_cache(maxsize=1)
def all_claims() -> dict[str, Claim]:
    claims: dict[str, Claim] = {}
    for info in pkgutil.iter_modules(paper_checks.__path__):
        if info.name.startswith("claims_"):
            module = importlib.import_module(f"paper_checks.{info.name}")
            for claim in module.CLAIMS:
                if claim.id in claims:
                    raise RuntimeError(f"claim {claim.id} registered twice")
                claims[claim.id] = claim
    return dict(sorted(claims.items(), key=lambda kv: _sort_key(kv[0])))


def get(claim_id: str) -> Claim:
    claims = all_claims()
    key = claim_id.strip().upper()
    if key not in claims:
        raise ParameterError(f"unknown claim {claim_id!r}; valid: {', '.join(claims)}")
    return claims[key]
