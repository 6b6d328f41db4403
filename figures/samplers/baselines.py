"""The paper's 'vary ratio' figure on model G: minority and balanced risk against n0/n1 for the baselines.

Plug-in LDA (sigma = 1) after raw training, duplication, SMOTE (k = 5), ADASYN (k = 5), synthetic
oversampling with the G-shift generator (small delta) and synthetic oversampling plus augmentation
(N = 2 n0 extra rows, N/2 per class, weight 1, minority rows from the same generator). Points are Monte
Carlo means with 2-SE bars (exact risks, no test set; 1000 replications, 200 with --quick), from the
experiment simulations.neighbouring.baselines; lines are A2's hybrid form (theory/model_g/oversampling.py)
where it applies: raw (m = 0), G-shift, G-shift plus augmentation, and duplication with its class-mean
variance (theory/samplers/smote_moments.py). SMOTE and ADASYN have no closed form here: points only. The
minority risk panel is simulation only (the hybrid form is derived for the balanced risk).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from synthover.figures.style import SIM_POINTS, THEORY_LINE, new_figure, save
from synthover.simulations.neighbouring.baselines import D, DELTA0, METHODS, N1, RATIOS, S, simulate
from synthover.theory.model_g import oversampling
from synthover.theory.model_g.linear_rule_risk import bayes_balanced_risk
from synthover.theory.numeric import evaluate
from synthover.theory.samplers import smote_moments

COLORS = dict(zip(METHODS, ("0.3", "tab:blue", "tab:orange", "tab:red", "tab:green", "tab:purple")))


def theory_balanced(method: str, ratios: np.ndarray) -> np.ndarray | None:
    base = {"d": D, "s": S, "n1": N1}
    if method == "raw":
        expr, extra = oversampling.excess_hybrid(), {"m": 0, "delta_par": 0, "delta_perp": 0, "sigma_syn": 1}
    elif method == "duplication":
        expr, extra = smote_moments.excess_duplication_hybrid(), {}
    elif method == "synthetic":
        expr, extra = oversampling.excess_hybrid(), {"delta_par": DELTA0, "delta_perp": DELTA0, "sigma_syn": 1}
    elif method == "synthetic + augmentation":
        expr, extra = smote_moments.excess_augmented_hybrid(), {"delta_par": DELTA0, "delta_perp": DELTA0, "w": 1}
    else:
        return None
    bayes = evaluate(bayes_balanced_risk(), {"s": S})
    out = []
    for r in ratios:
        n0 = r * N1
        params = {**base, "n0": n0, "m": n0 - N1, "N": 2 * n0, **extra}
        if method == "raw":
            params["m"] = 0
        out.append(bayes + evaluate(expr, params))
    return np.asarray(out)


def draw(out_dir: Path, seed: int = 0, quick: bool = False) -> list[Path]:
    reps, chunk = (200, 200) if quick else (1000, 500)
    used = (1, 4, 10) if quick else RATIOS
    results = simulate(seed, reps, chunk, used)
    fig, (ax_min, ax_bal, ax_exc) = new_figure(1, 3, figsize=(16, 4.6))
    ratios = np.asarray(used, dtype=float)
    fine = np.linspace(1, 10, 46)
    offsets = np.linspace(-0.15, 0.15, len(METHODS))
    for method, off in zip(METHODS, offsets):
        color = COLORS[method]
        for ax, idx in ((ax_min, 0), (ax_bal, 1), (ax_exc, 2)):
            means = np.array([results[method, r][idx].mean for r in used])
            ses = np.array([results[method, r][idx].se for r in used])
            ax.errorbar(ratios + off, means, yerr=2 * ses, color=color, label=f"{method} (simulation)", **SIM_POINTS)
        line = theory_balanced(method, fine)
        if line is not None:
            ax_bal.plot(fine, line, color=color, label=f"{method} (theory, A2 hybrid)", **THEORY_LINE)
            ax_exc.plot(fine, line - float(evaluate(bayes_balanced_risk(), {"s": S})), color=color, **THEORY_LINE)
    bayes = float(evaluate(bayes_balanced_risk(), {"s": S}))
    ax_bal.axhline(bayes, color="k", ls=":", lw=1, label="Bayes Phi(-s) (theory)")
    ax_min.set(xlabel="majority / minority ratio n0/n1", ylabel="minority risk R^(1)",
               title=f"Minority risk (plug-in LDA, d={D}, s={S:g}, n1={N1})")
    ax_bal.set(xlabel="majority / minority ratio n0/n1", ylabel="balanced risk R_bal",
               title=f"Balanced risk (synthetic: delta=({DELTA0}, {DELTA0}, 0, ...))")
    ax_exc.set(xlabel="majority / minority ratio n0/n1", ylabel="excess balanced risk R_bal - Phi(-s)", yscale="log",
               title="Excess balanced risk (log scale; lines: theory)")
    ax_min.legend(loc="upper left")
    ax_bal.legend(loc="upper left", ncol=2, fontsize=6.5)
    return save(fig, out_dir, "baselines_vary_ratio")


FIGURES = {"baselines_vary_ratio": draw}
