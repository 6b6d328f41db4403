"""a5_looseness: the A5 bound (finite class and all halfspaces) against the simulated excess of oversampled
0-1 ERM, and bound / simulation, at a few points of model G."""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from synthover.figures.style import SIM_POINTS, THEORY_LINE, new_figure, save
from synthover.simulations.keys import task_key
from synthover.simulations.model_g.experiments import finite_class_excess, finite_class_size
from synthover.theory.model_g import general_bound
from synthover.theory.numeric import evaluate

POINTS = (
    {"d": 2, "s": 1.0, "n0": 2000, "n1": 200, "m": 1800, "delta_par": 0.0, "delta_perp": 0.0},
    {"d": 5, "s": 1.0, "n0": 500, "n1": 50, "m": 450, "delta_par": 0.05, "delta_perp": 0.0},
    {"d": 5, "s": 1.0, "n0": 1000, "n1": 100, "m": 900, "delta_par": 0.0, "delta_perp": 0.1},
    {"d": 3, "s": 0.5, "n0": 400, "n1": 40, "m": 0, "delta_par": 0.0, "delta_perp": 0.0},
)


def _bound(p: dict, size: float) -> float:
    vals = {"d": p["d"], "n_0": p["n0"], "n_1": p["n1"], "m": p["m"], "delta_par": p["delta_par"],
            "delta_perp": p["delta_perp"], "K": size, "eta": 0.05}
    return float(evaluate(general_bound.bound("expectation"), vals))


def draw_a5(out_dir: Path, seed: int = 0, quick: bool = False) -> list[Path]:
    points = POINTS[1:2] if quick else POINTS
    reps = 100 if quick else 400
    sims, finite, halfspaces, labels = [], [], [], []
    for i, p in enumerate(points):
        v = np.asarray(finite_class_excess(p, task_key(seed, "a5_looseness", i), reps))
        sims.append((v.mean(), v.std(ddof=1) / math.sqrt(len(v))))
        finite.append(_bound(p, finite_class_size(p["d"])))
        halfspaces.append(_bound(p, math.inf))
        labels.append(f"d={p['d']} n0={p['n0']}\nn1={p['n1']} m={p['m']}\n|δ|={math.hypot(p['delta_par'], p['delta_perp']):.2g}")
    sims = np.array(sims)
    x = np.arange(len(points))
    fig, (ax, ax2) = new_figure(1, 2, figsize=(10, 4.4))
    ax.plot(x, halfspaces, "s-", color="C1", label="theory: A5 bound, all halfspaces", **THEORY_LINE)
    ax.plot(x, finite, "^-", color="C2", label="theory: A5 bound, finite class $F_d$", **THEORY_LINE)
    ax.errorbar(x, sims[:, 0], yerr=2 * sims[:, 1], color="C0",
                label=r"simulation: E excess $R_{bal}$ of oversampled ERM ($\pm$2 SE)", **SIM_POINTS)
    ax.set_yscale("log")
    ax.set_xticks(x, labels, fontsize=7)
    ax.set_ylabel("excess balanced risk")
    ax.legend()
    ax.set_title("A5: expectation bound vs simulation", fontsize=9)
    ax2.plot(x, np.array(halfspaces) / sims[:, 0], "s", color="C1", label="all halfspaces")
    ax2.plot(x, np.array(finite) / sims[:, 0], "^", color="C2", label="finite class $F_d$")
    ax2.set_yscale("log")
    ax2.set_xticks(x, labels, fontsize=7)
    ax2.set_ylabel("looseness: bound / simulated mean excess")
    ax2.legend()
    ax2.set_title("A5: how loose the bound is", fontsize=9)
    return save(fig, out_dir, "a5_looseness")


FIGURES = {"a5_looseness": draw_a5}
