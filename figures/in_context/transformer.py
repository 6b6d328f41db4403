"""Figures of claim family D: the in-context generators' KL, training against the optimum, and D5."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from synthover.figures.style import SIM_POINTS, THEORY_LINE, new_figure, save
from synthover.paper_checks.in_context.rates import fit_rates
from synthover.simulations.in_context import experiments as ex
from synthover.simulations.keys import label_key, task_key
from synthover.theory.in_context import kl_rates as ic
from synthover.theory.in_context import oversampling as ico
from synthover.theory.in_context import regression as icr
from synthover.theory.in_context import training_optimum as ito
from synthover.theory.numeric import evaluate

D = 3


def _kl_grid(seed: int, quick: bool):
    ns = (16, 32, 64, 128) if quick else (16, 32, 64, 128, 256)
    ps = (8, 32, 128)
    reps = 300 if quick else 1500
    return ns, ps, ex.kl_d2_table(D, ns, ps, label_key(seed, "d2_kl_rates"), reps)


def kl_against_n(out_dir: Path, seed: int = 0, quick: bool = False) -> list[Path]:
    ns, ps, table = _kl_grid(seed, quick)
    fits = fit_rates(table)
    fig, (ax_n, ax_p) = new_figure(1, 2, figsize=(11, 4.4))
    grid_n = np.geomspace(ns[0], ns[-1], 60)
    for k, p in enumerate(ps):
        color = f"C{k}"
        ax_n.plot(grid_n, [evaluate(ic.expected_kl_d2(), {"D": D, "n": n, "p": p}) for n in grid_n], color=color,
                  label=f"theory D/(2n)+D(D+1)/4(1/n+1/p), p={p}", **THEORY_LINE)
        ax_n.plot(grid_n, fits["stated_c1"] / np.sqrt(p) + fits["stated_c2"] * np.log(p) / np.sqrt(grid_n), color=color, ls=":",
                  label=f"stated form, WLS fit, p={p}")
        ax_n.errorbar(ns, [table[(n, p)][0] for n in ns], yerr=[table[(n, p)][1] for n in ns], color=color, label=f"simulation, p={p}",
                      **SIM_POINTS)
    ax_n.set(xscale="log", yscale="log", xlabel="prompt length n", ylabel="E KL", title=f"D2: KL against n (D={D})")
    ax_n.legend(ncol=1, fontsize=6)
    n_fix = ns[-1]
    grid_p = np.geomspace(ps[0], ps[-1], 60)
    ax_p.plot(grid_p, [evaluate(ic.expected_kl_d2(), {"D": D, "n": n_fix, "p": p}) for p in grid_p], color="C0",
              label="theory (leading order)", **THEORY_LINE)
    ax_p.plot(grid_p, fits["stated_c1"] / np.sqrt(grid_p) + fits["stated_c2"] * np.log(grid_p) / np.sqrt(n_fix), color="C0", ls=":",
              label="stated form c1/sqrt(p)+c2 log p/sqrt(n), WLS fit")
    ax_p.errorbar(ps, [table[(n_fix, p)][0] for p in ps], yerr=[table[(n_fix, p)][1] for p in ps], color="C0",
                  label=f"simulation, n={n_fix}", **SIM_POINTS)
    ax_p.set(xscale="log", yscale="log", xlabel="key width p", ylabel="E KL", title="D2: KL against p")
    ax_p.legend(fontsize=7)
    return save(fig, out_dir, "d2_kl_rates")


def training_curves(out_dir: Path, seed: int = 0, quick: bool = False) -> list[Path]:
    size = ex.d4_size(quick)
    lam = list(size.lam)
    losses = ex.training_losses(label_key(seed, "d4_training"), size)
    reg_losses, gen_losses = losses["regression"], losses["generator"]
    fig, (ax_r, ax_g) = new_figure(1, 2, figsize=(11, 4.2))
    window = 20
    smooth = lambda v: np.convolve(v, np.ones(window) / window, mode="valid")  # noqa: E731
    ax_r.plot(smooth(reg_losses), color="C1", lw=1, label="simulation: training loss (moving mean of 20 batches)")
    ax_r.axhline(evaluate(icr.optimal_risk(lam), {"n": size.n}), color="k", label="theory: optimum tr L - tr(L G^-1 L)", **THEORY_LINE)
    ax_r.set(yscale="log", xlabel="Adam step", ylabel="squared error", title=f"D4: in-context regression (d={size.d}, n={size.n})")
    ax_r.legend()
    ax_g.plot(smooth(gen_losses), color="C2", lw=1, label="simulation: training KL (moving mean of 20 batches)")
    ax_g.axhline(evaluate(ito.optimal_generator_kl(), {"D": size.D, "n": size.n, "tau": size.tau}), color="k",
                 label="theory: optimum D/(2(n + 1/tau^2))", **THEORY_LINE)
    ax_g.set(yscale="log", xlabel="Adam step", ylabel="E KL", title=f"D4: training the D1 generator (D={size.D})")
    ax_g.legend()
    return save(fig, out_dir, "d4_training")


def oversampling_generators(out_dir: Path, seed: int = 0, quick: bool = False) -> list[Path]:
    n1, ratios, d, s = 40, (2, 5, 10), 5, 1.0
    reps = 600 if quick else 4000
    names = [("raw", "raw"), ("dup", "duplication"), ("seed", "seed_only"), ("struct", "structural")]
    fig, ax = new_figure()
    for k, (short, gen) in enumerate(names):
        sims, theory = [], []
        for j, r in enumerate(ratios):
            p = {"d": d, "s": s, "n0": n1 * r, "n1": n1, "m": n1 * (r - 1)}
            res = ex.oversampling_summaries(d, s, p["n0"], n1, p["m"], task_key(seed, "d5_oversamplers", j),
                                            reps)[f"excess_{short}"]
            sims.append((res.mean, res.se))
            theory.append(evaluate(ico.excess_raw() if gen == "raw" else ico.excess(gen), p))
        offset = 1 + 0.03 * (k - 1.5)
        ax.plot(np.array(ratios) * offset, theory, color=f"C{k}", label=f"theory: {gen}", **THEORY_LINE)
        ax.errorbar(np.array(ratios) * offset, [v[0] for v in sims], yerr=[v[1] for v in sims], color=f"C{k}",
                    label=f"simulation: {gen}", **SIM_POINTS)
    ax.set(yscale="log", xlabel="imbalance n0/n1 (balanced by m = n0 - n1)", ylabel="E R_bal - Phi(-s)",
           title=f"D5: in-context oversamplers, plug-in LDA (d={d}, s={s}, n1={n1})")
    ax.legend(ncol=2, fontsize=7)
    return save(fig, out_dir, "d5_oversamplers")


FIGURES = {"d2_kl_rates": kl_against_n, "d4_training": training_curves, "d5_oversamplers": oversampling_generators}
