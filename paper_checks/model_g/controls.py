"""Negative controls over random points of each model G claim's domain (not only its grid).

    python -m synthover.paper_checks.model_g.controls --claim A2 A3 --points 20 --seed 0

Draws points with ``Parameter.sample`` (log-uniform for counts), keeps those that pass the claim's
constraints (rejection sampling; n0 is first rounded to a multiple of n1 where a claim needs it, and N to an
even count), runs the claim's comparison at its quick replications, judges every row under one Bonferroni z
over the rows of the run, and reports per point: agreement, control rejection and the smallest control margin
(|simulation - control| - tolerance; > 0 means rejected). Exit status 1 when a control is not rejected.
"""
from __future__ import annotations

import argparse
import json
import sys

import numpy as np

from synthover.paper_checks import registry
from synthover.paper_checks.agreement import bonferroni_z, judge, tolerance
from synthover.paper_checks.params import ParameterError
from synthover.simulations.keys import task_key
from synthover.simulations.precision import float64

MODEL_G_CLAIMS = ("A1", "A2", "A3", "A4", "A5", "A6", "C1", "C2", "C3")
MAX_TRIES = 5000


def _multiple_of_n1(point: dict) -> dict:
    return {**point, "n0": point["n1"] * max(2, round(point["n0"] / point["n1"]))}


def _even_n(point: dict) -> dict:
    return {**point, "N": 2 * (point["N"] // 2)}


#: per claim, how a drawn point is moved onto a lattice its constraints require (deterministic duplication, N/2)
PREPARE = {"A3": _multiple_of_n1, "A4": _multiple_of_n1, "C1": _even_n}


def domain_points(claim, rng, count: int) -> list[dict]:
    """`count` random points of the claim's declared domain that satisfy its constraints."""
    out, tries = [], 0
    while len(out) < count and tries < MAX_TRIES:
        tries += 1
        point = PREPARE.get(claim.id, dict)({p.name: p.sample(rng) for p in claim.parameters})
        try:
            out.append(claim.resolve(point))
        except ParameterError:
            continue
    return out


def _margin(row, c, z) -> float | None:
    """How far the control sits outside the agreement region (> 0: rejected), in the row's own units."""
    if c.negative_control is None:
        return None
    tol = tolerance(c, z)
    if c.rule in ("approximate", "exact", "reference", "identity"):
        return abs(c.simulation - c.negative_control) - tol
    if c.rule == "upper_bound":
        return c.simulation + tol - c.negative_control
    if c.rule == "lower_bound":
        return c.negative_control - (c.simulation - tol)
    return 0.0 if row.negative_control_rejected else -1.0  # sign rule: rejected or not


def run(claim_ids, points: int, seed: int) -> list[dict]:
    rng = np.random.default_rng(seed)
    report = []
    with float64():
        for cid in claim_ids:
            claim = registry.get(cid)
            drawn = domain_points(claim, rng, points)
            raw = []
            for i, p in enumerate(drawn):
                raw.extend((p, c) for c in claim.compare(p, task_key(seed, f"controls-{cid}", i), claim.quick_reps))
            z = bonferroni_z(len(raw))
            for p, c in raw:
                row = judge(cid, p, c, z)
                report.append({"claim": cid, "params": p, "quantity": c.quantity, "verdict": row.verdict,
                               "control_rejected": row.negative_control_rejected, "margin": _margin(row, c, z),
                               "theory": c.theory, "simulation": c.simulation, "tolerance": row.tolerance})
            print(f"{cid}: {len(drawn)} points drawn", file=sys.stderr)
    return report


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--claim", nargs="+", default=list(MODEL_G_CLAIMS))
    ap.add_argument("--points", type=int, default=20)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    report = run(args.claim, args.points, args.seed)
    if args.json:
        print(json.dumps(report, indent=1, default=float))
    else:
        for cid in args.claim:
            rows = [r for r in report if r["claim"] == cid]
            with_ctrl = [r for r in rows if r["control_rejected"] is not None]
            margins = [r["margin"] for r in with_ctrl if r["margin"] is not None]
            print(f"{cid}: rows {len(rows)}, disagree {sum(r['verdict'] == 'disagree' for r in rows)}, inconclusive "
                  f"{sum(r['verdict'] == 'inconclusive' for r in rows)}, controls rejected "
                  f"{sum(bool(r['control_rejected']) for r in with_ctrl)}/{len(with_ctrl)}, min margin "
                  f"{min(margins) if margins else float('nan'):.3g}")
            for r in rows:
                if r["verdict"] == "disagree" or r["control_rejected"] is False:
                    print(f"   {r['verdict']:12s} control_rejected={r['control_rejected']} {r['quantity'][:60]} "
                          f"theory={r['theory']:.4g} sim={r['simulation']:.4g} tol={r['tolerance']:.3g} {r['params']}")
    return 0 if all(r["control_rejected"] is not False for r in report) else 1


if __name__ == "__main__":
    sys.exit(main())
