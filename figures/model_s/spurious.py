"""Claim family B figures: theory lines (theory.model_s), simulation points (simulations.model_s.experiments).

spurious_vs_m     worst-group and balanced risk against the oversampling amount m (B2)
spurious_vs_eps   the same at balance against the generator's leakage eps (B3)
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
from scipy.stats import norm

from synthover.figures.style import SIM_POINTS, THEORY_LINE, new_figure, save
from synthover.simulations.keys import label_key
from synthover.simulations.model_s.experiments import design_summaries
from synthover.simulations.model_s.model import SpuriousDesign
from synthover.theory.model_s import attribute_weight as spurious
from synthover.theory.numeric import evaluate

D, S, N_AL, N_MIS = 5, 1.0, 20_000, 2_000


def _draw_risks(ax, x_line, theory, x_pts, sim, xlabel):
    colors = {"worst": "C3", "balanced": "C0"}
    names = {"worst": "worst-group $R_{wg}$", "balanced": "balanced $R_{bal}$"}
    for k in ("worst", "balanced"):
        ax.plot(x_line, theory[k], color=colors[k], label=f"theory: {names[k]}", **THEORY_LINE)
        ax.errorbar(x_pts, sim[k][:, 0], yerr=2 * sim[k][:, 1], color=colors[k],
                    label=f"simulation: {names[k]} (logistic fits, $\\pm$2 SE)", **SIM_POINTS)
    ax.axhline(float(norm.cdf(-S)), color="gray", ls=":", lw=1,
               label=r"Bayes risk of every group $\Phi(-s)$")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("risk (exact, per fitted rule)")
    ax.legend()


def draw_vs_m(out_dir: Path, seed: int = 0, quick: bool = False) -> list[Path]:
    r_bal, r_wg = spurious.b2_risks()
    m_line = np.linspace(0, 1.5 * (N_AL - N_MIS), 200)
    vals = {"s": S, "n_al": N_AL, "n_mis": N_MIS, "m": m_line}
    theory = {"balanced": evaluate(r_bal, vals), "worst": evaluate(r_wg, vals)}
    m_pts = [0, 4_500, 9_000, 13_500, 18_000, 27_000]
    sim = design_summaries([SpuriousDesign(D, S, N_AL, N_MIS, m) for m in m_pts], label_key(seed, "spurious_vs_m"),
                           8 if quick else 48)
    fig, ax = new_figure()
    _draw_risks(ax, m_line, theory, m_pts, sim, "synthetic misaligned rows $m$")
    ax.axvline(N_AL - N_MIS, color="k", lw=0.8, ls="--")
    ax.set_title(f"B2: oversampling the misaligned groups (d={D}, s={S}, $n_{{al}}$={N_AL}, $n_{{mis}}$={N_MIS})",
                 fontsize=9)
    return save(fig, out_dir, "spurious_vs_m")


def draw_vs_eps(out_dir: Path, seed: int = 0, quick: bool = False) -> list[Path]:
    r_bal, r_wg = spurious.b3_risks()
    m = N_AL - N_MIS
    eps_line = np.linspace(0, 0.35, 200)
    vals = {"s": S, "n_al": N_AL, "n_mis": N_MIS, "m": m, "epsilon": eps_line}
    theory = {"balanced": evaluate(r_bal, vals), "worst": evaluate(r_wg, vals)}
    eps_pts = [0.0, 0.05, 0.1, 0.2, 0.3]
    sim = design_summaries([SpuriousDesign(D, S, N_AL, N_MIS, m, eps=e) for e in eps_pts],
                           label_key(seed, "spurious_vs_eps"), 8 if quick else 48)
    fig, ax = new_figure()
    _draw_risks(ax, eps_line, theory, eps_pts, sim, r"leakage $\epsilon$ (aligned fraction of generated rows)")
    leading = evaluate(spurious.derive_b3()["wg_excess_leading"], {"s": S, "epsilon": eps_line})
    ax.plot(eps_line, theory["worst"][0] + leading, color="C3", ls="--", lw=1,
            label=r"theory, small $\epsilon$ and $n_{mis}/n_{al}\to 0$: $\Phi(-s) + \phi(s)\epsilon/s$")
    ax.legend()
    ax.set_title(f"B3: leakage at balance (m = $n_{{al}} - n_{{mis}}$ = {m})", fontsize=9)
    return save(fig, out_dir, "spurious_vs_eps")


FIGURES = {"spurious_vs_m": draw_vs_m, "spurious_vs_eps": draw_vs_eps}
