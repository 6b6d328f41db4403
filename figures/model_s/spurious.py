"""Claim family B and A5 figures: theory lines (sympy formulas), simulation points (JAX fits, exact risks).

spurious_vs_m     worst-group and balanced risk against the oversampling amount m (B2)
spurious_vs_eps   the same at balance against the generator's leakage eps (B3)
a5_looseness      the A5 bound against the simulated excess of oversampled ERM, and bound / simulation
"""
from __future__ import annotations

import math
from pathlib import Path

import jax
import numpy as np

from synthover.figures.style import SIM_POINTS, THEORY_LINE, new_figure, save
from synthover.paper_checks.model_s import claims_b
from synthover.simulations.model_g.finite_class_erm import FiniteLinearClass, finite_class_erm_stat
from synthover.simulations.model_s.model import SpuriousDesign, logistic_stat
from synthover.simulations.montecarlo import replicate
from synthover.theory.model_s import attribute_weight as spurious
from synthover.theory.normal import Phi
from synthover.theory.numeric import evaluate
from synthover.theory.symbols import s as s_sym

D, S, N_AL, N_MIS = 5, 1.0, 20_000, 2_000


def _sim_points(designs, key, reps):
    out = {"balanced": [], "worst": []}
    for i, design in enumerate(designs):
        values = replicate(logistic_stat(design), jax.random.fold_in(key, i), reps,
                           chunk=max(1, min(reps, 300_000 // design.rows)))
        for k in out:
            out[k].append((values[k].mean(), values[k].std(ddof=1) / math.sqrt(reps)))
    return {k: np.array(v) for k, v in out.items()}


def _draw_risks(ax, x_line, theory, x_pts, sim, xlabel):
    colors = {"worst": "C3", "balanced": "C0"}
    names = {"worst": "worst-group $R_{wg}$", "balanced": "balanced $R_{bal}$"}
    for k in ("worst", "balanced"):
        ax.plot(x_line, theory[k], color=colors[k], label=f"theory: {names[k]}", **THEORY_LINE)
        ax.errorbar(x_pts, sim[k][:, 0], yerr=2 * sim[k][:, 1], color=colors[k],
                    label=f"simulation: {names[k]} (logistic fits, $\\pm$2 SE)", **SIM_POINTS)
    ax.axhline(float(evaluate(Phi(-s_sym), {"s": S})), color="gray", ls=":", lw=1,
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
    sim = _sim_points([SpuriousDesign(D, S, N_AL, N_MIS, m) for m in m_pts], jax.random.PRNGKey(seed),
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
    sim = _sim_points([SpuriousDesign(D, S, N_AL, N_MIS, m, eps=e) for e in eps_pts],
                      jax.random.PRNGKey(seed + 1), 8 if quick else 48)
    fig, ax = new_figure()
    _draw_risks(ax, eps_line, theory, eps_pts, sim, r"leakage $\epsilon$ (aligned fraction of generated rows)")
    leading = evaluate(spurious.derive_b3()["wg_excess_leading"], {"s": S, "epsilon": eps_line})
    ax.plot(eps_line, theory["worst"][0] + leading, color="C3", ls="--", lw=1,
            label=r"theory, small $\epsilon$ and $n_{mis}/n_{al}\to 0$: $\Phi(-s) + \phi(s)\epsilon/s$")
    ax.legend()
    ax.set_title(f"B3: leakage at balance (m = $n_{{al}} - n_{{mis}}$ = {m})", fontsize=9)
    return save(fig, out_dir, "spurious_vs_eps")


def draw_a5(out_dir: Path, seed: int = 0, quick: bool = False) -> list[Path]:
    grid = claims_b.A5.quick_grid if quick else claims_b.A5.grid
    reps = 100 if quick else 400
    sims, finite, halfspaces, labels = [], [], [], []
    for i, point in enumerate(grid):
        p = claims_b.A5.resolve(dict(point))
        F = FiniteLinearClass(p["d"])
        erm = finite_class_erm_stat(F, p["n0"], p["n1"] + p["m"])
        stat = lambda k, p=p, erm=erm: erm(k, p["d"], p["s"], p["n0"], p["n1"], p["m"], p["delta_par"],  # noqa: E731
                                           p["delta_perp"])
        v = replicate(stat, jax.random.fold_in(jax.random.PRNGKey(seed + 2), i), reps, chunk=50)["excess"]
        sims.append((v.mean(), v.std(ddof=1) / math.sqrt(reps)))
        finite.append(claims_b.a5_bounds(p, F.size(p["d"]))["expectation"])
        halfspaces.append(claims_b.a5_bounds(p, math.inf)["expectation"])
        labels.append(f"d={p['d']} n0={p['n0']}\nn1={p['n1']} m={p['m']}\n|δ|={math.hypot(p['delta_par'], p['delta_perp']):.2g}")
    sims = np.array(sims)
    x = np.arange(len(grid))
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


FIGURES = {"spurious_vs_m": draw_vs_m, "spurious_vs_eps": draw_vs_eps, "a5_looseness": draw_a5}
