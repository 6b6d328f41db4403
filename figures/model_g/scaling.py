"""C1-C3 figures: the scaling law on log-log axes, loss against 1/N (the authors' style), budget allocation.

Theory = lines (delta-method curve of C1, large-N law, leading-order allocation law), simulation = points
with error bars (plug-in LDA, fast path), read from / written to the sweep cache (results/cache/).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from synthover.figures.style import SIM_POINTS, THEORY_LINE, new_figure, save
from synthover.paper_checks.fitting import polynomial_fit
from synthover.paper_checks.sweep import DEFAULT_CACHE, run_sweep
from synthover.theory.model_g import scaling_law
from synthover.theory.model_g.scaling_curves import (TABLE_SETTING, allocation_grid, budget_curve, curves,
                                                     delta_method_argmin, predicted_allocation, theory_params)
from synthover.theory.numeric import evaluate

TABLE = TABLE_SETTING
BUDGET_POINT = {"d": 5, "s": 1.0, "w": 1.0, "delta": 0.2, "delta0": 0.0, "r": 1.0, "c_r": 1.0, "c_s": 0.1, "C": 400.0}
CASES = (("perfect generator (delta = 0)", {"delta": 0.0, "delta0": 0.0}, "C0"),
         ("biased generator (delta = delta0 = 0.15)", {"delta": 0.15, "delta0": 0.15}, "C3"))


def _sim(points: list[dict], seed: int, quick: bool) -> tuple[np.ndarray, np.ndarray]:
    settings = {"path": "fast", "seed": seed, "reps": 4096 if quick else 16384}
    means, ses = [], []
    for point in points:
        grid = {k: [v] for k, v in point.items()}
        (entry,) = run_sweep(grid, settings, cache=DEFAULT_CACHE, progress=False)
        means.append(entry["mean"])
        ses.append(entry["se"])
    return np.array(means), np.array(ses)


def _point(case: dict, n_aug: int, **extra) -> dict:
    return {**TABLE, "sigma_syn": 1.0, **case, **extra, "N": int(n_aug)}


def draw_loglog(out_dir: Path, seed: int = 0, quick: bool = False) -> list[Path]:
    fig, ax = new_figure()
    n_sim = 100 * 2 ** np.arange(0 if quick else 0, 9 if quick else 11)
    n_line = np.geomspace(50, n_sim[-1] * 1.5, 300)
    for label, case, color in CASES:
        p = {**TABLE, **case}
        ax.plot(n_line, curves(p, n_line)["delta"], color=color, label=f"theory, {label}", **THEORY_LINE)
        mean, se = _sim([_point(case, n) for n in n_sim], seed, quick)
        ax.errorbar(n_sim, mean, yerr=se, color=color, label=f"simulation, {label}", **SIM_POINTS)
        if case["delta"] > 0:
            floor = evaluate(scaling_law.floor(), theory_params(p, 0))
            ax.axhline(floor, color=color, ls="--", lw=1, label="theory floor F")
            n_star = delta_method_argmin(p)
            ax.plot([n_star], curves(p, [n_star])["delta"], marker="v", ms=9, color="k", ls="none",
                    label=f"theory N* = {n_star:.0f}")
    ax.set(xscale="log", yscale="log", xlabel="augmentation rows N", ylabel="E R_bal - Phi(-s)",
           title="C1: excess risk against N (d=10, s=1, n0=400, n1=100, w=0.5)")
    ax.legend()
    return save(fig, out_dir, "scaling_loglog")


def draw_inverse_n(out_dir: Path, seed: int = 0, quick: bool = False) -> list[Path]:
    """Loss against 1/N with a fitted a + b/N line, as the authors plot it; the theory's F + B/N beside it."""
    fig, ax = new_figure()
    n_sim = 1600 * 2 ** np.arange(7)
    x = 1 / n_sim
    for label, case, color in (("delta = 0.15, delta0 = 0", {"delta": 0.15, "delta0": 0.0}, "C2"),
                               ("delta = delta0 = 0.15", {"delta": 0.15, "delta0": 0.15}, "C3")):
        p = {**TABLE, **case}
        mean, se = _sim([_point(case, n) for n in n_sim], seed, quick)
        coef = polynomial_fit(x, mean, se, 1).coef
        ax.errorbar(x, mean, yerr=se, color=color, label=f"simulation, {label}", **SIM_POINTS)
        xs = np.linspace(0, x.max(), 50)
        ax.plot(xs, coef[0] + coef[1] * xs, color=color, ls=":", lw=1.2,
                label=f"fit a + b/N: a = {coef[0]:.5f}, b = {coef[1]:.3g}")
        tp = theory_params(p, 0)
        floor, slope = evaluate(scaling_law.floor(), tp), evaluate(scaling_law.slope_coefficient(), tp)
        ax.plot(xs, floor + slope * xs, color=color, ls="--", lw=1.2,
                label=f"theory F + B/N: F = {floor:.5f}, B = {slope:.3g}")
        n_line = 1 / np.linspace(x.max(), x.min() / 2, 200)
        ax.plot(1 / n_line, curves(p, n_line)["delta"], color=color, label="theory (delta method)",
                **THEORY_LINE)
    ax.set(xlabel="1/N", ylabel="E R_bal - Phi(-s)", title="C1/C2: excess risk against 1/N (authors' style)")
    ax.legend()
    return save(fig, out_dir, "scaling_inverse_n")


def draw_budget(out_dir: Path, seed: int = 0, quick: bool = False) -> list[Path]:
    """C3: risk along the budget line against the number of augmentation rows bought."""
    fig, ax = new_figure()
    p = dict(BUDGET_POINT)
    grid = allocation_grid(p)
    n_line = np.geomspace(1, grid[-1][0], 200)
    line = budget_curve(p, n_line)
    ax.plot(n_line, line["delta"], color="C0", label="theory (delta method)", **THEORY_LINE)
    ax.plot(n_line, line["leading"], color="C1", ls="--", label="theory (leading-order law)", **THEORY_LINE)
    pts = [{"d": p["d"], "s": p["s"], "n0": n0, "n1": n1, "w": p["w"], "delta": p["delta"], "delta0": p["delta0"],
            "sigma_syn": 1.0, "N": n_aug} for n_aug, n1, n0 in grid if n_aug > 0]
    mean, se = _sim(pts, seed, quick)
    ax.errorbar([q["N"] for q in pts], mean, yerr=se, color="C0", label="simulation", **SIM_POINTS)
    n_star = predicted_allocation(p)
    ax.axvline(n_star, color="k", ls=":", lw=1, label=f"predicted N* = {n_star:.0f}")
    ax.set(xscale="log", xlabel="augmentation rows N bought (real rows get the rest of the budget)",
           ylabel="E R_bal - Phi(-s)",
           title=f"C3: budget C = {p['C']:g}, c_r = {p['c_r']:g}, c_s = {p['c_s']:g}, r = {p['r']:g}, delta = {p['delta']:g}")
    ax.legend()
    return save(fig, out_dir, "scaling_budget")


FIGURES = {"scaling_loglog": draw_loglog, "scaling_inverse_n": draw_inverse_n, "scaling_budget": draw_budget}
