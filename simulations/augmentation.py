"""Augmentation in model G: balanced data plus N weighted synthetic rows; fit plug-in LDA or logistic ERM.

Per class k (1: minority, centre mu; 0: majority, centre -mu) the training data hold n_k real rows
N(c_k, sigma^2 I), m_k oversampling rows and N/2 augmentation rows, both from N(c_k + delta_k,
sigma_syn^2 I), with m1 = n0 - n1 (balance) and m0 = 0. Augmentation rows carry sample weight w,
the others weight 1. Plug-in LDA uses the weighted class means
    mu_k_hat = (S_real + S_syn + w S_aug) / (n_k + m_k + w N/2),   W_k = n_k + m_k + w N/2,
where S_* are sums of rows. The fast path draws each sum directly (a sum of r i.i.d. N(c, s^2 I) rows
is N(r c, r s^2 I)); the full paths draw every row. Shifts are delta_k = par e_1 + perp e_2.
Every function returns `stat(key) -> dict of scalars` for simulations.montecarlo.
"""
from __future__ import annotations

from dataclasses import dataclass

import jax
import jax.numpy as jnp

from simulations.lda import lda_from_rows, plugin_lda
from simulations.logistic import fit_logistic
from simulations.model_g import ModelG, shift_vector
from simulations.oversampling import score


@dataclass(frozen=True)
class AugmentationDesign:
    """Balanced-by-oversampling data (n0, n1, m1 = n0 - n1) plus n_aug rows (n_aug/2 per class), weight w."""

    d: int
    s: float
    n0: int
    n1: int
    n_aug: int
    w: float = 1.0
    delta1: tuple[float, float] = (0.0, 0.0)  # (along mu, along e2) shift of class-1 synthetic rows
    delta0: tuple[float, float] = (0.0, 0.0)  # shift of class-0 augmentation rows
    sigma_syn: float = 1.0
    sigma: float = 1.0

    def __post_init__(self):
        checks = [
            (self.d >= 1, f"d: must be an integer >= 1 (got {self.d})"),
            (self.s > 0, f"s: must be > 0 (got {self.s})"),
            (2 <= self.n1 <= self.n0, f"n1: must be an integer in [2, n0 = {self.n0}] (got {self.n1})"),
            (self.n_aug >= 0 and self.n_aug % 2 == 0, f"n_aug: must be an even integer >= 0 (got {self.n_aug})"),
            (self.w > 0, f"w: must be > 0 (got {self.w})"),
            (self.sigma_syn > 0, f"sigma_syn: must be > 0 (got {self.sigma_syn})"),
            (self.d >= 2 or (self.delta1[1] == 0 and self.delta0[1] == 0),
             "delta perp: must be 0 when d = 1"),
        ]
        for ok, message in checks:
            if not ok:
                raise ValueError(f"AugmentationDesign {message}")

    @property
    def model(self) -> ModelG:
        return ModelG(self.d, self.s, self.sigma)

    @property
    def m1(self) -> int:
        return self.n0 - self.n1

    @property
    def half(self) -> int:
        return self.n_aug // 2

    def shift(self, label: int) -> jnp.ndarray:
        par, perp = self.delta1 if label == 1 else self.delta0
        return shift_vector(self.d, par, perp)

    def counts(self, label: int) -> tuple[int, int, int]:
        """(real, oversampling, augmentation) rows of class `label`."""
        return (self.n1, self.m1, self.half) if label == 1 else (self.n0, 0, self.half)

    def total_weight(self, label: int) -> float:
        real, over, aug = self.counts(label)
        return real + over + self.w * aug


def _weighted_mean_noise(key, design: AugmentationDesign, label: int):
    """(centre of the weighted class mean, its zero-mean noise), drawing the three Gaussian sums."""
    center = design.model.mu if label == 1 else -design.model.mu
    shifted = center + design.shift(label)
    real, over, aug = design.counts(label)
    k_real, k_over, k_aug = jax.random.split(key, 3)
    shape = (design.d,)
    noise_sum = design.sigma * jnp.sqrt(real) * jax.random.normal(k_real, shape)
    noise_sum += design.sigma_syn * jnp.sqrt(over) * jax.random.normal(k_over, shape)
    noise_sum += design.w * design.sigma_syn * jnp.sqrt(aug) * jax.random.normal(k_aug, shape)
    total = design.total_weight(label)
    mean_center = (real * center + over * shifted + design.w * aug * shifted) / total
    return mean_center, noise_sum / total


def lda_fast(design: AugmentationDesign, antithetic: bool = False):
    """Plug-in LDA from weighted class means drawn in distribution. With `antithetic`, each replication
    averages the risks of the rules built from mean +- noise (same law, lower variance)."""
    mu, sigma = design.model.mu, design.sigma
    weights = (design.total_weight(1), design.total_weight(0))

    def rule_score(mean1, mean0):
        w, b = plugin_lda(mean1, mean0, weights[0], weights[1], sigma)
        return score(w, b, mu, sigma)

    def stat(key):
        k1, k0 = jax.random.split(key)
        c1, e1 = _weighted_mean_noise(k1, design, 1)
        c0, e0 = _weighted_mean_noise(k0, design, 0)
        plus = rule_score(c1 + e1, c0 + e0)
        if not antithetic:
            return plus
        minus = rule_score(c1 - e1, c0 - e0)
        return {k: 0.5 * (plus[k] + minus[k]) for k in plus}

    return stat


def curve_fast(designs: list[AugmentationDesign], antithetic: bool = False):
    """One statistic per design ("excess_<i>"), each from its own independent key: a whole curve in one
    compiled function."""
    stats = [lda_fast(design, antithetic) for design in designs]

    def stat(key):
        keys = jax.random.split(key, len(stats))
        return {f"excess_{i}": f(k)["excess"] for i, (f, k) in enumerate(zip(stats, keys))}

    return stat


def augmented_rows(key, design: AugmentationDesign):
    """(X, y, sample_weight): every real, oversampling and augmentation row of both classes."""
    model = design.model
    parts, labels, weights = [], [], []
    for label, k in zip((1, 0), jax.random.split(key, 2)):
        real, over, aug = design.counts(label)
        k_real, k_syn = jax.random.split(k)
        center = model.mu if label == 1 else -model.mu
        syn_rows = center + design.shift(label) + design.sigma_syn * jax.random.normal(k_syn, (over + aug, design.d))
        parts += [model.sample(k_real, label, real), syn_rows]
        labels.append(jnp.full(real + over + aug, float(label)))
        weights += [jnp.ones(real + over), jnp.full(aug, design.w)]
    return jnp.concatenate(parts), jnp.concatenate(labels), jnp.concatenate(weights)


def lda_full(design: AugmentationDesign):
    """Weighted plug-in LDA from every row."""

    def stat(key):
        X, y, c = augmented_rows(key, design)
        w, b = lda_from_rows(X, y, sample_weight=c, sigma=design.sigma)
        return score(w, b, design.model.mu, design.sigma)

    return stat


def logistic_full(design: AugmentationDesign, iters: int = 25):
    """Weighted logistic ERM (with intercept) from every row, by Newton."""

    def stat(key):
        X, y, c = augmented_rows(key, design)
        w, b = fit_logistic(X, y, sample_weight=c, iters=iters)
        return score(w, b, design.model.mu, design.sigma)

    return stat


PATHS = {"fast": lda_fast, "lda": lda_full, "logistic": logistic_full}
