"""The paper's 'vary ratio' figure on model G: minority and balanced risk against n0/n1 for the baselines.

Plug-in LDA (sigma = 1) after raw training, duplication, SMOTE (k = 5), ADASYN (k = 5), synthetic
oversampling with the G-shift generator (small delta) and synthetic oversampling plus augmentation
(N = 2 n0 extra rows, N/2 per class, weight 1, minority rows from the same generator). Points are Monte
Carlo means with 2-SE bars (exact risks, no test set; 1000 replications, 200 with --quick); lines are A2's hybrid form (theory/oversampling.py)
where it applies: raw (m = 0), G-shift, G-shift plus augmentation, and duplication with its class-mean
variance (theory/smote_moments.py). SMOTE and ADASYN have no closed form here: points only. The minority
risk panel is simulation only (the hybrid form is derived for the balanced risk).
"""
from __future__ import annotations

from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np

from synthover.figures.style import SIM_POINTS, THEORY_LINE, new_figure, save
from synthover.simulations.samplers.adasyn import Adasyn, training_rows_with_context
from synthover.simulations.samplers.generators import Duplication, GShift
from synthover.simulations.lda import lda_from_rows
from synthover.simulations.model_g.model import ModelG, shift_vector
from synthover.simulations.montecarlo import monte_carlo
from synthover.simulations.model_g.oversampling import Design, lda_fast, score
from synthover.simulations.samplers.smote import Smote
from synthover.theory.model_g import oversampling
from synthover.theory.samplers import smote_moments
from synthover.theory.model_g.linear_rule_risk import bayes_balanced_risk
from synthover.theory.numeric import evaluate

D, S, N1, DELTA0 = 5, 1.0, 50, 0.1
RATIOS = (1, 2, 4, 6, 8, 10)
METHODS = ("raw", "duplication", "SMOTE", "ADASYN", "synthetic", "synthetic + augmentation")
COLORS = dict(zip(METHODS, ("0.3", "tab:blue", "tab:orange", "tab:red", "tab:green", "tab:purple")))


def lda_stat(design: Design, generator, n_aug: int = 0, delta=None):
    """Plug-in LDA from the rows (real, synthetic, and n_aug augmentation rows), scored exactly."""
    mu = design.model.mu

    def stat(key):
        k_rows, k0, k1 = jax.random.split(key, 3)
        X, y = training_rows_with_context(k_rows, design, generator)
        if n_aug:
            half = n_aug // 2
            X = jnp.concatenate([X, -mu + jax.random.normal(k0, (half, design.d)),
                                 mu + delta + jax.random.normal(k1, (half, design.d))])
            y = jnp.concatenate([y, jnp.zeros(half), jnp.ones(half)])
        w, b = lda_from_rows(X, y)
        return score(w, b, mu, 1.0)

    return stat


def method_stat(method: str, n0: int):
    mu = ModelG(D, S).mu
    delta = shift_vector(D, DELTA0, DELTA0)
    gshift = GShift(center=mu, delta=delta, sigma_syn=1.0)
    m = 0 if method == "raw" else n0 - N1
    design = Design(D, S, n0, N1, m)
    generator = {"raw": Duplication(), "duplication": Duplication(), "SMOTE": Smote(5), "ADASYN": Adasyn(5, 5),
                 "synthetic": gshift, "synthetic + augmentation": gshift}[method]
    n_aug = 2 * n0 if method == "synthetic + augmentation" else 0
    if n_aug == 0 and hasattr(generator, "pooled_mean_law"):
        return lda_fast(design, generator)  # same law as the rows, drawn from the class means
    return lda_stat(design, generator, n_aug, delta)


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


def simulate(seed: int, reps: int, chunk: int, ratios=RATIOS) -> dict:
    """Every method at every ratio; at n0 = n1 no minority rows are added, so the oversamplers share the raw fit.

    Compiling dominates the cost (one compile per method and ratio), so `reps` is a multiple of one
    chunk size."""
    key = jax.random.PRNGKey(seed)
    results = {}
    for i, method in enumerate(METHODS):
        for j, r in enumerate(ratios):
            if r == 1 and method not in ("raw", "synthetic + augmentation"):  # identical fits at n0 = n1
                results[method, r] = results["raw", r]
                continue
            res = monte_carlo(method_stat(method, r * N1), jax.random.fold_in(key, 100 * i + j), reps, chunk=chunk)
            results[method, r] = (res["risk1"], res["balanced"], res["excess"])
    return results


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
