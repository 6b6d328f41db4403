"""Model G with synthetic minority rows: fit, then score exactly. Each function returns `stat(key)`.

A replication draws n0 majority rows, n1 minority rows and m synthetic minority rows from `generator`,
fits the estimator on all of them, and returns the exact risks of the fitted rule:
{"excess": R_bal - R_bal(Bayes), "balanced", "risk0", "risk1", "worst"}.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import jax
import jax.numpy as jnp
import numpy as np

from jax.scipy.stats.norm import cdf as norm_cdf

from synthover.simulations.exact_risk import balanced_risk
from synthover.simulations.lda import lda_from_rows, plugin_lda
from synthover.simulations.logistic import fit_logistic
from synthover.simulations.model_g.model import ModelG
from synthover.simulations.montecarlo import Bound, as_args, specialise
from synthover.simulations.samplers.generators import GShift, Replication


@dataclass(frozen=True)
class Design:
    """Sample sizes of one oversampling experiment in model G."""

    d: int
    s: float
    n0: int
    n1: int
    m: int
    sigma: float = 1.0

    @property
    def model(self) -> ModelG:
        return ModelG(self.d, self.s, self.sigma)


def score(w, b, mu, sigma):
    return score_projected(jnp.dot(w, mu), jnp.linalg.norm(w), b, mu, sigma)


def score_projected(margin, norm, b, mu, sigma):
    """Exact risks of a rule known through w^T mu, ||w|| and b."""
    r0 = norm_cdf((-margin + b) / (sigma * norm))
    r1 = norm_cdf((-margin - b) / (sigma * norm))
    bal = 0.5 * (r0 + r1)
    return {
        "excess": bal - balanced_risk(mu, 0.0, mu, sigma),
        "balanced": bal,
        "risk0": r0,
        "risk1": r1,
        "worst": jnp.maximum(r0, r1),
    }


def lda_fast(design: Design, generator) -> Bound:
    """Plug-in LDA from the class means drawn in distribution (no rows).

    When the generator exposes `pooled_mean_law` (an isotropic Gaussian pooled mean) and d >= 3, only
    the two coordinates that carry mu and the shifts (e_1, e_2) are drawn; the other d - 2 enter the rule
    through ||A||^2 ~ (v0 + v1) chi^2_{d-2}, A = xi1 - xi0, and B^T A | A ~ N(0, ||A||^2 v0 v1/(v0 + v1)),
    B = (v0 xi1 + v1 xi0)/(v0 + v1), since ||w||^2 gains ||A||^2 and ||mu1_hat||^2 - ||mu0_hat||^2 gains
    2 B^T A + (v1 - v0)/(v0 + v1) ||A||^2. Same law as drawing all d coordinates, at O(1) cost in d.
    The design and the generator are traced arguments: one compilation serves every design (every d too)
    of the reduced path, per generator type (and per (n1, m) for a generator whose law needs sizes).
    """
    traceable = _traceable(generator)  # else a closure, compiled anew for each call
    if design.d < 3 or not hasattr(generator, "pooled_mean_law"):
        if traceable:
            return Bound(specialise(_lda_full_means, design=design), generator)
        return lambda key: _lda_full_means(key, generator, design)
    if isinstance(generator, Replication):
        generator._copies(design.n1, design.m)
    args = {"mu": design.model.mu[:2], "sigma": design.sigma, "d": design.d, "n0": design.n0}
    if not traceable:
        return lambda key: _lda_reduced(key, (args, generator), n1=design.n1, m=design.m)
    reduced = generator if not isinstance(generator, GShift) else replace(
        generator, center=generator.center[:2], delta=generator.delta[:2])
    if getattr(generator, "LAW_NEEDS_SIZES", False):
        return Bound(specialise(_lda_reduced, n1=design.n1, m=design.m), (as_args(args), reduced))
    args.update(n1=design.n1, m=design.m)
    return Bound(_lda_reduced, (as_args(args), as_args(reduced)))


def _traceable(generator) -> bool:
    """Whether `generator` can be a traced argument: a pytree whose leaves are numbers or arrays."""
    return all(isinstance(leaf, (jax.Array, np.ndarray, int, float)) for leaf in jax.tree_util.tree_leaves(generator))


def _lda_reduced(key, args, n1=None, m=None):
    """One replication of the reduced fast path (see lda_fast); n1, m come from args unless fixed."""
    a, generator = args
    mu, sigma, n0 = a["mu"], a["sigma"], a["n0"]
    n1 = a["n1"] if n1 is None else n1
    m = a["m"] if m is None else m
    weight1, weight0 = n1 + m, n0
    k_law, k0, k1, k_chi, k_cross = jax.random.split(key, 5)
    center1, scale1 = generator.pooled_mean_law(k_law, mu, sigma, n1, m)
    var1, var0 = scale1**2, sigma**2 / n0
    mean1 = center1 + scale1 * jax.random.normal(k1, (2,))
    mean0 = -mu + jnp.sqrt(var0) * jax.random.normal(k0, (2,))
    a_sq = (var0 + var1) * jax.random.chisquare(k_chi, a["d"] - 2)
    cross = jnp.sqrt(a_sq * var0 * var1 / (var0 + var1)) * jax.random.normal(k_cross)
    w2 = mean1 - mean0
    norm = jnp.sqrt(jnp.dot(w2, w2) + a_sq) / sigma**2
    sq_diff = jnp.dot(mean1, mean1) - jnp.dot(mean0, mean0) + 2 * cross + (var1 - var0) / (var0 + var1) * a_sq
    b = jnp.log(weight1 / weight0) - sq_diff / (2 * sigma**2)
    return score_projected(w2[0] * mu[0] / sigma**2, norm, b, mu, sigma)


def _lda_full_means(key, generator, design: Design):
    """One replication drawing all d coordinates of both class means (d < 3, or no pooled-mean law)."""
    mu, sigma, n0, n1, m = design.model.mu, design.sigma, design.n0, design.n1, design.m
    k0, k1 = jax.random.split(key)
    mean0 = -mu + sigma / jnp.sqrt(n0) * jax.random.normal(k0, mu.shape)
    mean1 = generator.pooled_mean(k1, mu, sigma, n1, m)
    w, b = plugin_lda(mean1, mean0, n1 + m, n0, sigma)
    return score(w, b, mu, sigma)


def training_rows(key, design: Design, generator):
    """(X, y) with n0 majority, n1 real minority and m synthetic minority rows."""
    model = design.model
    k0, k1, ks = jax.random.split(key, 3)
    X0, X1 = model.sample(k0, 0, design.n0), model.sample(k1, 1, design.n1)
    parts = [X0, X1]
    if design.m:
        parts.append(generator.sample(ks, X1, design.m))
    X = jnp.concatenate(parts)
    y = jnp.concatenate([jnp.zeros(design.n0), jnp.ones(design.n1 + design.m)])
    return X, y


def lda_full(design: Design, generator):
    """Plug-in LDA from every row."""

    def stat(key):
        X, y = training_rows(key, design, generator)
        w, b = lda_from_rows(X, y, sigma=design.sigma)
        return score(w, b, design.model.mu, design.sigma)

    return stat


def logistic_full(design: Design, generator, iters: int = 25) -> Bound:
    """Logistic ERM (with intercept) from every row, by Newton. The generator (a pytree: G-shift's shift
    and scale) is a traced argument, so designs that differ only in it share one compilation."""
    return Bound(specialise(_logistic_full, design=design, iters=iters), generator)


def _logistic_full(key, generator, design: Design, iters: int):
    X, y = training_rows(key, design, generator)
    w, b = fit_logistic(X, y, iters=iters)
    return score(w, b, design.model.mu, design.sigma)
