"""Run claims over their grids and studies, then judge every comparison under one Bonferroni z.

Keys: each grid point and study gets :func:`synthover.simulations.keys.task_key` (seed, claim id,
index), so a claim's numbers do not depend on which other claims run with it. Simulations run in float64
(:func:`synthover.simulations.precision.float64`), set here, not by importing a module.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Iterable

from synthover.paper_checks.agreement import Row, bonferroni_z, judge
from synthover.paper_checks.claim import Claim
from synthover.simulations.keys import task_key
from synthover.simulations.precision import float64


@dataclass
class Report:
    seed: int
    quick: bool
    z: float
    rows: list[Row] = field(default_factory=list)
    require_controls: bool = True  # `check`: every claim must carry a negative control; `eval`: a point may have none

    def claim_ids(self) -> list[str]:
        return list(dict.fromkeys(r.claim for r in self.rows))

    def claim_verdict(self, claim_id: str) -> dict:
        rows = [r for r in self.rows if r.claim == claim_id]
        controls = [r.negative_control_rejected for r in rows if r.negative_control_rejected is not None]
        return {
            "claim": claim_id,
            "rows": len(rows),
            "agree": all(r.verdict != "disagree" for r in rows),
            "disagreeing_rows": sum(r.verdict == "disagree" for r in rows),
            "inconclusive_rows": sum(r.verdict == "inconclusive" for r in rows),
            "negative_controls": len(controls),
            "negative_controls_rejected": sum(controls),
            "all_controls_rejected": all(controls) and (bool(controls) or not self.require_controls),
        }

    @property
    def ok(self) -> bool:
        return all(
            v["agree"] and v["all_controls_rejected"] for v in map(self.claim_verdict, self.claim_ids())
        )


def claim_key(seed: int, claim_id: str, index: int):
    return task_key(seed, claim_id, index)


def _tasks(claim: Claim, quick: bool):
    grid = claim.quick_grid if quick and claim.quick_grid else claim.grid
    for point in grid:
        yield "point", point
    studies = claim.studies if not quick or claim.quick_studies is None else claim.quick_studies
    for study in studies:
        yield "study", study


def run_claims(
    claims: Iterable[Claim],
    seed: int = 0,
    quick: bool = False,
    reps: int | None = None,
    progress: bool = True,
) -> Report:
    with float64():
        return _run_claims(list(claims), seed, quick, reps, progress)


def _run_claims(claims: list[Claim], seed: int, quick: bool, reps: int | None, progress: bool) -> Report:
    tasks = [(c, kind, item) for c in claims for kind, item in _tasks(c, quick)]
    raw = []
    bar = _progress(len(tasks), progress)
    for index_by_claim, (claim, kind, item) in _enumerate_per_claim(tasks):
        bar.set_description(f"{claim.id}")
        key = claim_key(seed, claim.id, index_by_claim)
        if kind == "point":
            params = claim.resolve(item)
            n = reps or (claim.quick_reps if quick else claim.reps)
            raw.extend((claim.id, params, c) for c in claim.compare(params, key, n))
        else:
            params = {"study": item.name, **dict(item.params)}
            raw.extend((claim.id, params, c) for c in item.run(key, quick))
        bar.update(1)
    bar.close()
    z = bonferroni_z(len(raw))
    return Report(seed, quick, z, [judge(cid, p, c, z) for cid, p, c in raw])


def evaluate_point(claim: Claim, given: dict, seed: int = 0, reps: int | None = None) -> Report:
    """`synthover eval`: one claim at one user-given parameter point."""
    params = claim.resolve(given)
    with float64():
        comparisons = claim.compare(params, claim_key(seed, claim.id, 0), reps or claim.reps)
    z = bonferroni_z(len(comparisons))
    return Report(seed, False, z, [judge(claim.id, params, c, z) for c in comparisons], require_controls=False)


def _enumerate_per_claim(tasks):
    counters: dict[str, int] = {}
    for task in tasks:
        cid = task[0].id
        counters[cid] = counters.get(cid, -1) + 1
        yield counters[cid], task


def _progress(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, file=sys.stderr, disable=not enabled, unit="check", leave=False)
