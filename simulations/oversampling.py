"""Model G with synthetic minority rows: fit, then score exactly. Each function returns `stat(key)`.

A replication draws n0 majority rows, n1 minority rows and m synthetic minority rows from `generator`,
fits the estimator on all of them, and returns the exact risks of the fitted rule:
{"excess": R_bal - R_bal(Bayes), "balanced", "risk0", "risk1", "worst"}.
"""
from __future__ import annotations

from dataclasses import dataclass

import jax
import jax.numpy as jnp

from simulations.exact_risk import balanced_risk, group_risks
from simulations.lda import lda_from_rows, plugin_lda
from simulations.logistic import fit_logistic
from simulations.model_g import ModelG


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
    r0, r1 = group_risks(w, b, mu, sigma)
    bal = 0.5 * (r0 + r1)
    return {
        "excess": bal - balanced_risk(mu, 0.0, mu, sigma),
        "balanced": bal,
        "risk0": r0,
        "risk1": r1,
        "worst": jnp.maximum(r0, r1),
    }


def lda_fast(design: Design, generator):
    """Plug-in LDA from the class means drawn in distribution (no rows)."""
    mu, sigma, n0 = design.model.mu, design.sigma, design.n0

    def stat(key):
        k0, k1 = jax.random.split(key)
        mean0 = -mu + sigma / jnp.sqrt(n0) * jax.random.normal(k0, mu.shape)
        mean1 = generator.pooled_mean(k1, mu, sigma, design.n1, design.m)
        w, b = plugin_lda(mean1, mean0, design.n1 + design.m, n0, sigma)
        return score(w, b, mu, sigma)

    return stat


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


def logistic_full(design: Design, generator, iters: int = 25):
    """Logistic ERM (with intercept) from every row, by Newton."""

    def stat(key):
        X, y = training_rows(key, design, generator)
        w, b = fit_logistic(X, y, iters=iters)
        return score(w, b, design.model.mu, design.sigma)

    return stat
