"""Claim family A figures: excess risk against the imbalance ratio, and the A4 phase diagram."""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from synthover.figures.style import SIM_POINTS, THEORY_LINE, new_figure, save
from synthover.simulations.keys import task_key
from synthover.simulations.model_g.experiments import duplicated_lda, oversampled_lda
from synthover.theory.model_g import oversampling
from synthover.theory.model_g import oversampling_cases
from synthover.theory.numeric import evaluate
from synthover.theory.model_g.oversampling import a0_par, a0_perp, a1_par, a1_perp
from synthover.theory.symbols import ell, n0, n1, v0, v1

D, S, N1, DELTA = 5, 1.0, 40, 0.2


def _duplication_hybrid():
    """Hybrid form with the class means of deterministic duplication: N(mu, I/n1), ell = 0."""
    return oversampling.derive_general()["hybrid"].subs(
        {a1_par: 0, a1_perp: 0, a0_par: 0, a0_perp: 0, v1: 1 / n1, v0: 1 / n0, ell: 0})


def excess_vs_ratio(out_dir: Path, seed: int = 0, quick: bool = False) -> list[Path]:
    ratios = np.arange(1, 11)
    fine = np.linspace(1, 10, 91)
    reps = 20_000 if quick else 100_000
    curves = {  # label: (theory expression, m(r), generator factory, params)
        "raw ERM": (oversampling.excess_hybrid(), lambda r: 0, None, {}),
        "duplication (copies)": (_duplication_hybrid(), lambda r: (r - 1) * N1, "replication", {}),
        "synthetic, delta = 0": (oversampling.excess_hybrid(), lambda r: (r - 1) * N1, "gshift", {"delta_par": 0.0, "delta_perp": 0.0}),
        f"synthetic, delta = ({DELTA}, {DELTA})": (oversampling.excess_hybrid(), lambda r: (r - 1) * N1, "gshift",
                                                   {"delta_par": DELTA, "delta_perp": DELTA}),
    }
    fig, ax = new_figure()
    for i, (label, (expr, m_of, kind, extra)) in enumerate(curves.items()):
        color = f"C{i}"
        params = lambda r: {"d": D, "s": S, "n0": r * N1, "n1": N1, "m": m_of(r), "sigma_syn": 1.0,  # noqa: E731
                            "delta_par": 0.0, "delta_perp": 0.0, **extra}
        theory = [evaluate(expr, params(r)) for r in fine]
        ax.plot(fine, theory, color=color, label=f"{label}: theory (hybrid)", **THEORY_LINE)
        if kind != "replication":
            refined = [evaluate(oversampling.excess_delta_method(), params(r)) for r in fine]
            ax.plot(fine, refined, color=color, ls="--", lw=1, label=f"{label}: theory (delta method)")
        means, ses = [], []
        for r in ratios:
            run = duplicated_lda if kind == "replication" else oversampled_lda
            summary = run(params(int(r)), task_key(seed, "a_excess_vs_ratio", 100 * i + int(r)), reps)
            means.append(summary.mean)
            ses.append(summary.se)
        ax.errorbar(ratios, means, yerr=2 * np.array(ses), color=color, label=f"{label}: simulation (±2 SE)", **SIM_POINTS)
    ax.set_yscale("log")
    ax.set_xlabel("imbalance ratio n0 / n1  (n1 = 40, oversampled to balance)")
    ax.set_ylabel("E R_bal − Φ(−s)  (plug-in LDA, d = 5, s = 1)")
    ax.set_title("A1–A3: imbalance bias and what oversampling removes")
    fig.set_size_inches(7.2, 7.0)
    ax.legend(ncol=2, loc="upper center", bbox_to_anchor=(0.5, -0.14), fontsize=7)
    return save(fig, out_dir, "a_excess_vs_ratio")


def a4_phase_diagram(out_dir: Path, seed: int = 0, quick: bool = False) -> list[Path]:
    n0_, psi = 400, math.pi / 4
    n1s = [20, 40, 100, 200] if quick else [10, 20, 40, 80, 100, 200]
    norms = np.linspace(0.1, 1.3, 7 if quick else 13)
    reps = 10_000 if quick else 40_000
    crit = oversampling_cases.derive_a4_boundary()["critical_norm"]
    fig, ax = new_figure()
    grid_n1 = np.linspace(min(n1s), max(n1s), 200)
    boundary = [evaluate(crit, {"d": D, "s": S, "n0": n0_, "n1": x, "psi": psi}) for x in grid_n1]
    ax.plot(boundary, grid_n1, color="k", label="theory boundary (A4, leading order)", **THEORY_LINE)
    marks = {"synthetic wins": ([], "o", "C2"), "duplication wins": ([], "s", "C3"), "not resolved (< 2 SE)": ([], "x", "0.5")}
    for j, n1_ in enumerate(n1s):
        point = {"d": D, "s": S, "n0": n0_, "n1": n1_, "m": n0_ - n1_, "sigma_syn": 1.0}
        dup = duplicated_lda(point, task_key(seed, "a4_phase_diagram", j), reps)
        for i, norm in enumerate(norms):
            shifted = {**point, "delta_par": norm * math.cos(psi), "delta_perp": norm * math.sin(psi)}
            syn = oversampled_lda(shifted, task_key(seed, "a4_phase_diagram", 1000 + 100 * j + i), reps)
            diff, se = dup.mean - syn.mean, math.hypot(dup.se, syn.se)
            label = "not resolved (< 2 SE)" if abs(diff) < 2 * se else ("synthetic wins" if diff > 0 else "duplication wins")
            marks[label][0].append((norm, n1_))
    for label, (points, marker, color) in marks.items():
        if points:
            xs, ys = zip(*points)
            ax.scatter(xs, ys, marker=marker, color=color, label=f"simulation: {label}", s=30)
    ax.set_yscale("log")
    ax.set_yticks(n1s, [str(v) for v in n1s])
    ax.minorticks_off()
    ax.set_xlabel("||δ||  (δ at 45° from μ)")
    ax.set_ylabel("n1  (n0 = 400, both methods oversample to balance)")
    ax.set_title("A4: synthetic oversampling vs duplication")
    fig.set_size_inches(6.4, 5.4)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize=7)
    return save(fig, out_dir, "a4_phase_diagram")


FIGURES = {"a_excess_vs_ratio": excess_vs_ratio, "a4_phase_diagram": a4_phase_diagram}
