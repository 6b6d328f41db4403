"""`synthover calibrate`: are the verdicts right away from the grid and the default seed?

For each claim, two experiments:
  * domain: ``--points`` random points of the claim's declared domain (each parameter drawn with
    :meth:`Parameter.sample`, points failing the claim's validity conditions redrawn), each judged like
    `synthover eval` (z Bonferroni over that point's rows, family-wise error 1%);
  * seeds: the claim's quick grid under ``--seeds`` different seeds, each judged like `synthover check`.
A claim's theory is taken as right, so every "disagree" is a false disagree. Reported per claim: the
false-disagree rate of runs (points or seeds) with its exact (Clopper-Pearson) upper 95% limit against the
declared family-wise error, the rate at which negative controls are rejected (the checks' power), the
inconclusive rate, and the time taken. The goal: a false-disagree rate within the declared 1% (its lower
one-sided 95% limit <= 1%; the upper limit is reported beside it), controls rejected >= 95%. Results go to a JSON file and a Markdown table (benchmarks/calibration.md by default).
"""
from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy.special import betaincinv

from synthover.paper_checks.agreement import FAMILY_WISE_ERROR
from synthover.paper_checks.claim import Claim
from synthover.paper_checks.params import ParameterError
from synthover.paper_checks.runner import evaluate_point, run_claims

CONTROL_GOAL = 0.95


def random_point(claim: Claim, rng, tries: int = 200) -> dict:
    """A point drawn from the claim's declared domain that meets its validity conditions; parameters the
    claim derives from others (its domain's atoms, `Claim.derived`) take the derived value."""
    for _ in range(tries):
        point = {p.name: p.sample(rng) for p in claim.parameters}
        point.update({name: rule(point) for name, rule in claim.derived})
        try:
            return claim.resolve(point)
        except ParameterError:
            continue
    raise ParameterError(f"claim {claim.id}: no valid random point in {tries} draws (check its domain)")


def clopper_pearson(k: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """The exact (Clopper-Pearson) two-sided interval of a binomial rate from k successes in n > 0 trials."""
    tail = (1 - confidence) / 2
    low = float(betaincinv(k, n - k + 1, tail)) if k > 0 else 0.0
    high = float(betaincinv(k + 1, n - k, 1 - tail)) if k < n else 1.0
    return low, high


@dataclass
class Tally:
    runs: int = 0
    false_disagree_runs: int = 0
    rows: int = 0
    inconclusive_rows: int = 0
    controls: int = 0
    controls_rejected: int = 0
    seconds: float = 0.0
    failures: list = field(default_factory=list)

    def add(self, rows, label) -> None:
        self.runs += 1
        self.rows += len(rows)
        bad = [r for r in rows if r.verdict == "disagree"]
        if bad:
            self.false_disagree_runs += 1
            self.failures.append({"where": label, "rows": [r.quantity for r in bad]})
        self.inconclusive_rows += sum(r.verdict == "inconclusive" for r in rows)
        controls = [r.negative_control_rejected for r in rows if r.negative_control_rejected is not None]
        self.controls += len(controls)
        self.controls_rejected += sum(controls)

    def summary(self) -> dict:
        rate = self.false_disagree_runs / max(self.runs, 1)
        # one-sided 95% limits: the ends of the two-sided 90% interval
        lower, upper = clopper_pearson(self.false_disagree_runs, self.runs, 0.90) if self.runs else (0.0, float("nan"))
        power = self.controls_rejected / max(self.controls, 1)
        return {
            "runs": self.runs, "false_disagree": self.false_disagree_runs, "false_disagree_rate": rate,
            "false_disagree_lower95": lower, "false_disagree_upper95": upper, "rows": self.rows,
            "inconclusive_rate": self.inconclusive_rows / max(self.rows, 1),
            "controls": self.controls, "control_rejection_rate": power,
            # within the declared rate: no evidence at 95% that the false-disagree rate exceeds it
            "meets_goal": bool(lower <= FAMILY_WISE_ERROR and power >= CONTROL_GOAL),
            "seconds": round(self.seconds, 1), "failures": self.failures[:10],
        }


def calibrate_domain(claim: Claim, points: int, seed: int = 0, reps: int | None = None) -> Tally:
    tally, rng = Tally(), np.random.default_rng(seed)
    start = time.perf_counter()
    for i in range(points):
        params = random_point(claim, rng)
        report = evaluate_point(claim, params, seed, reps or claim.quick_reps, index=10_000 + i)
        tally.add(report.rows, params)
    tally.seconds = time.perf_counter() - start
    return tally


def calibrate_seeds(claim: Claim, seeds: int, first_seed: int = 1) -> Tally:
    tally = Tally()
    start = time.perf_counter()
    for seed in range(first_seed, first_seed + seeds):
        report = run_claims([claim], seed=seed, quick=True, progress=False)
        tally.add(report.rows, {"seed": seed})
    tally.seconds = time.perf_counter() - start
    return tally


def to_markdown(results: dict, header: str) -> str:
    lines = [header, "",
             "| claim | experiment | runs | false disagree | rate (upper 95%) | inconclusive rows | controls rejected | goal | time (s) |",
             "|---|---|---|---|---|---|---|---|---|"]
    for cid, by_kind in results.items():
        for kind, s in by_kind.items():
            lines.append(f"| {cid} | {kind} | {s['runs']} | {s['false_disagree']} | {s['false_disagree_rate']:.3f} "
                         f"({s['false_disagree_upper95']:.3f}) | {s['inconclusive_rate']:.3f} | "
                         f"{s['control_rejection_rate']:.3f} of {s['controls']} | {'met' if s['meets_goal'] else 'NOT met'} | "
                         f"{s['seconds']} |")
    return "\n".join(lines) + "\n"


def add_parser(sub) -> None:
    c = sub.add_parser("calibrate", help="false-disagree rate and control power over random domain points and seeds")
    c.add_argument("--claim", nargs="+", metavar="ID", help="claims (default: all)")
    c.add_argument("--points", type=int, default=200, help="random domain points per claim (default 200)")
    c.add_argument("--seeds", type=int, default=100, help="seeds of the quick grid per claim (default 100)")
    c.add_argument("--seed", type=int, default=0, help="seed of the point draws (default 0)")
    c.add_argument("--out", type=Path, default=Path("benchmarks/calibration"), help="output prefix (.json, .md)")


def command(args) -> int:
    from synthover.paper_checks import registry

    if args.points < 0 or args.seeds < 0 or args.points + args.seeds == 0:
        raise ParameterError("--points and --seeds must be >= 0, and not both 0")
    claims = [registry.get(c) for c in args.claim] if args.claim else list(registry.all_claims().values())
    results, start = {}, time.perf_counter()
    for claim in claims:
        print(f"calibrating {claim.id} ...", file=sys.stderr, flush=True)
        results[claim.id] = {}
        if args.points:
            try:
                results[claim.id]["domain"] = calibrate_domain(claim, args.points, args.seed).summary()
            except ParameterError as err:  # a domain with an atom (e.g. m = n0 - n1) random boxes never hit
                print(f"note: {err}", file=sys.stderr)
        if args.seeds:
            results[claim.id]["seeds"] = calibrate_seeds(claim, args.seeds).summary()
    total = time.perf_counter() - start
    header = (f"# Calibration of the verdicts\n\n{args.points} random domain points and {args.seeds} seeds per claim; "
              f"family-wise error {FAMILY_WISE_ERROR:.0%}, control goal {CONTROL_GOAL:.0%}; "
              f"total {total:.0f} s on this machine.")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    Path(f"{args.out}.json").write_text(json.dumps(results, indent=1, sort_keys=True, default=str) + "\n")
    Path(f"{args.out}.md").write_text(to_markdown(results, header))
    print(to_markdown(results, header), end="")
    return 0 if all(s["meets_goal"] for r in results.values() for s in r.values()) else 1
