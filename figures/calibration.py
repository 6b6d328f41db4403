"""The calibration table as a picture (`synthover calibrate` draws it beside its table).

Left: per claim, the false-disagree rate of the domain points and of the seeds, each with its exact one-sided 95%
limits (Clopper-Pearson), against the declared family-wise error; a claim meets the goal where the lower limit
is at or below that line. Right: the share of negative controls rejected against the control goal. Claims with
runs still missing are drawn hollow.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from synthover.figures.style import new_figure, save

EXPERIMENTS = {"domain": ("C0", -0.17), "seeds": ("C1", 0.17)}  # colour and vertical offset per experiment


def plot_calibration(results: dict, out: Path, error_rate: float, control_goal: float) -> list[Path]:
    """results: calibrate's per-claim summaries ({claim: {experiment: summary}}); saves <out>.png and <out>.pdf."""
    from synthover.paper_checks.calibrate import complete  # only calibrate calls this: it is loaded already

    claims = list(results)
    fig, (left, right) = new_figure(1, 2, figsize=(9.0, 0.32 * len(claims) + 1.6), sharey=True)
    y = np.arange(len(claims))[::-1]
    for kind, (colour, offset) in EXPERIMENTS.items():
        for yi, cid in zip(y, claims):
            s = results[cid].get(kind)
            if s is None:
                continue
            face = colour if complete(s) else "none"
            rate, lo, hi = s["false_disagree_rate"], s["false_disagree_lower95"], s["false_disagree_upper95"]
            left.errorbar(100 * rate, yi + offset, xerr=[[100 * (rate - lo)], [100 * (hi - rate)]], fmt="o", ms=4,
                          color=colour, mfc=face, capsize=2, lw=1)
            right.plot(100 * s["control_rejection_rate"], yi + offset, "o", ms=4, color=colour, mfc=face)
    for kind, (colour, _) in EXPERIMENTS.items():
        left.plot([], [], "o", color=colour, label=kind)
    left.axvline(100 * error_rate, color="k", lw=1, ls="--", label=f"declared {error_rate:.0%}")
    right.axvline(100 * control_goal, color="k", lw=1, ls="--", label=f"goal {control_goal:.0%}")
    left.set_yticks(y, claims)
    left.set_xlabel("false disagree, % of runs (one-sided 95% limits)")
    right.set_xlabel("negative controls rejected, %")
    right.set_xlim(min(90.0, 100 * min((s["control_rejection_rate"] for r in results.values() for s in r.values()),
                                        default=1.0) - 1), 100.5)
    left.legend(loc="lower right")
    right.legend(loc="lower left")
    left.set_title("hollow: runs still missing", fontsize=8, loc="left")
    out = Path(out)
    return save(fig, out.parent, out.name)
