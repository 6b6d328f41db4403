"""Experiment behind the 'vary ratio' baselines figure: plug-in LDA on model G after each oversampler.

Raw training, duplication, SMOTE (k = 5), ADASYN (k = 5), the G-shift generator (small delta), and the
G-shift generator plus augmentation (N = 2 n0 extra rows, N/2 per class, weight 1), each scored by its
exact risks (no test set). The samplers are simulations.samplers' public classes; this module only runs them.
"""
from __future__ import annotations

import jax
import jax.numpy as jnp

from synthover.simulations.lda import lda_from_rows
from synthover.simulations.model_g.model import ModelG, shift_vector
from synthover.simulations.model_g.oversampling import Design, lda_fast, score
from synthover.simulations.montecarlo import monte_carlo
from synthover.simulations.samplers.adasyn import Adasyn, training_rows_with_context
from synthover.simulations.samplers.generators import Duplication, GShift
from synthover.simulations.samplers.smote import Smote

D, S, N1, DELTA0 = 5, 1.0, 50, 0.1
RATIOS = (1, 2, 4, 6, 8, 10)
METHODS = ("raw", "duplication", "SMOTE", "ADASYN", "synthetic", "synthetic + augmentation")


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


def simulate(seed: int, reps: int, chunk: int, ratios=RATIOS) -> dict:
    """{(method, ratio): (minority risk, balanced risk, excess) summaries}; at n0 = n1 no minority rows are
    added, so the oversamplers share the raw fit. Compiling dominates the cost (one compile per method and
    ratio), so `reps` is a multiple of one chunk size."""
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
