"""Negative controls rejected, and the claim agreeing, at random points of the declared domains (B1-B4, D1-D3, D5).

Each claim's parameters are drawn with `Parameter.sample` (log-uniform for counts) until the claim's
constraints accept the point; the claim is compared there at its quick replications and judged under the z of
a quick run. The suite runs the cheap claims at a few points; the calibration of record runs every claim at 20:

    python tests/test_model_s_domains.py [POINTS_PER_CLAIM] [SEED] [CLAIM ...]
"""
from __future__ import annotations

import json
import sys

import numpy as np
import pytest

from synthover.paper_checks.agreement import bonferroni_z, judge
from synthover.paper_checks.calibrate import random_point
from synthover.paper_checks.in_context import claims_d
from synthover.paper_checks.model_s import claims_b
from synthover.paper_checks.params import ParameterError
from synthover.paper_checks.runner import claim_key
from synthover.simulations.precision import float64

QUICK_RUN_ROWS = 100  # about the rows of `synthover check --quick` over B and D: the z the rows are judged at
CLAIMS = {c.id: c for c in claims_b.CLAIMS + claims_d.CLAIMS if c.parameters}


PERFECT = {"delta_par": 0.0, "delta_perp": 0.0, "sigma_syn": 1.0}


def draw_point(claim, rng, perfect: bool = False) -> dict:
    """A random point of the claim's domain (calibrate.random_point: its narrowed parameters, its derived
    atoms such as D5's balance, then its constraints). `perfect`: B4's perfect generator at balance."""
    if not perfect:
        return random_point(claim, rng, tries=5000)
    for _ in range(5000):
        given = {p.name: p.sample(rng) for p in claim.parameters}
        n_al, n_mis = max(given["n_al"], given["n_mis"]), min(given["n_al"], given["n_mis"])
        given.update(PERFECT, n_al=n_al, n_mis=n_mis, m=n_al - n_mis)
        try:
            return claim.resolve(given)
        except ParameterError:
            continue
    raise RuntimeError(f"{claim.id}: no perfect-generator point in 5000 draws")


def judge_point(claim, params: dict, index: int, seed: int = 0) -> list:
    with float64():
        comparisons = claim.compare(params, claim_key(seed, claim.id, 1000 + index), claim.quick_reps)
    z = bonferroni_z(QUICK_RUN_ROWS)
    return [judge(claim.id, params, c, z) for c in comparisons]


def test_derived_atoms_are_drawn_and_filled():
    """D5 is asserted at balance (m = n0 - n1), A4 with n0 a multiple of n1: random points land on those
    atoms, and `resolve` fills a derived parameter the caller leaves out (but keeps one given)."""
    from synthover.paper_checks import registry

    rng = np.random.default_rng(3)
    d5, a4 = registry.get("D5"), registry.get("A4")
    for _ in range(3):
        p = random_point(d5, rng)
        assert p["m"] == p["n0"] - p["n1"]
        q = random_point(a4, rng)
        assert q["n0"] % q["n1"] == 0
    assert d5.resolve({"d": 3, "s": 1.0, "n0": 200, "n1": 20})["m"] == 180
    with pytest.raises(ParameterError, match="parameter m"):
        d5.resolve({"d": 3, "s": 1.0, "n0": 200, "n1": 20, "m": 100})


def failures(rows) -> list:
    return [(r.quantity, r.theory, r.simulation, r.negative_control, r.tolerance) for r in rows
            if r.verdict == "disagree" or r.negative_control_rejected is False]


@pytest.mark.parametrize("claim_id,points", [("D1", 3), ("D3", 3), ("D2", 1), ("D5", 1)])
def test_random_domain_points_agree_and_reject_controls(claim_id, points):
    claim = CLAIMS[claim_id]
    rng = np.random.default_rng(11)
    for i in range(points):
        params = draw_point(claim, rng)
        bad = failures(judge_point(claim, params, i))
        assert not bad, (params, bad)


def calibrate(points: int, seed: int, ids) -> dict:
    out = {}
    for cid in ids:
        claim = CLAIMS[cid]
        rng = np.random.default_rng(seed)
        results = []
        for i in range(points):
            params = draw_point(claim, rng, perfect=cid == "B4" and i % 2 == 0)
            rows = judge_point(claim, params, i, seed)
            bad = failures(rows)
            margin = min((abs(r.negative_control - r.simulation) / r.tolerance for r in rows
                          if r.negative_control is not None and r.tolerance > 0), default=float("inf"))
            results.append({"params": params, "rows": len(rows), "failures": bad, "min_control_margin": margin})
            print(f"{cid} point {i}: {'ok' if not bad else 'FAIL'} control margin {margin:.2f} {params}"
                  + (f" {bad}" if bad else ""), flush=True)
        out[cid] = results
    return out


if __name__ == "__main__":
    n_points = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    ids = sys.argv[3:] or list(CLAIMS)
    report = calibrate(n_points, seed, ids)
    summary = {cid: {"points": len(v), "failing_points": sum(bool(r["failures"]) for r in v),
                     "min_control_margin": min(r["min_control_margin"] for r in v)} for cid, v in report.items()}
    print(json.dumps(summary, indent=1))
