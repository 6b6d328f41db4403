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
from functools import partial

import jax
import jax.numpy as jnp
import numpy as np

from synthover.simulations.lda import lda_from_rows, plugin_lda
from synthover.simulations.logistic import fit_logistic
from synthover.simulations.model_g.model import ModelG, shift_vector
from synthover.simulations.model_g.oversampling import score


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


def _class_arrays(design: AugmentationDesign, label: int) -> dict:
    """Numbers describing class `label` as arrays, so designs can be stacked and vmapped."""
    center = design.model.mu if label == 1 else -design.model.mu
    real, over, aug = design.counts(label)
    return {"center": center, "shifted": center + design.shift(label), "real": float(real), "over": float(over),
            "aug": float(aug), "w": float(design.w), "sigma": float(design.sigma),
            "sigma_syn": float(design.sigma_syn)}


def _weighted_mean(key, c: dict, sign):
    """(weighted class mean with noise +, with noise -), drawing the three Gaussian sums directly."""
    k_real, k_over, k_aug = jax.random.split(key, 3)
    shape = c["center"].shape
    noise_sum = c["sigma"] * jnp.sqrt(c["real"]) * jax.random.normal(k_real, shape)
    noise_sum += c["sigma_syn"] * jnp.sqrt(c["over"]) * jax.random.normal(k_over, shape)
    noise_sum += c["w"] * c["sigma_syn"] * jnp.sqrt(c["aug"]) * jax.random.normal(k_aug, shape)
    total = c["real"] + c["over"] + c["w"] * c["aug"]
    center = (c["real"] * c["center"] + (c["over"] + c["w"] * c["aug"]) * c["shifted"]) / total
    return center + noise_sum / total, center - sign * noise_sum / total, total


def _excess(key, arrays: dict, antithetic):
    """Excess balanced risk of plug-in LDA for one design given as arrays (see _class_arrays); antithetic:
    a Python bool, or a traced boolean (both halves computed, one selected)."""
    c1, c0 = arrays["class1"], arrays["class0"]
    mu, sigma = c1["center"], c1["sigma"]
    k1, k0 = jax.random.split(key)
    plus1, minus1, w1 = _weighted_mean(k1, c1, 1.0)
    plus0, minus0, w0 = _weighted_mean(k0, c0, 1.0)

    def excess(mean1, mean0):
        w, b = plugin_lda(mean1, mean0, w1, w0, sigma)
        return score(w, b, mu, sigma)

    plus = excess(plus1, plus0)
    if antithetic is False:
        return plus
    minus = excess(minus1, minus0)
    if antithetic is True:
        return {k: 0.5 * (plus[k] + minus[k]) for k in plus}
    return {k: jnp.where(antithetic, 0.5 * (plus[k] + minus[k]), plus[k]) for k in plus}  # traced flag


def _arrays(design: AugmentationDesign) -> dict:
    return {"class1": _class_arrays(design, 1), "class0": _class_arrays(design, 0)}


def lda_fast(design: AugmentationDesign, antithetic: bool = False):
    """Plug-in LDA from weighted class means drawn in distribution. With `antithetic`, each replication
    averages the risks of the rules built from mean + noise and mean - noise (same law, lower variance)."""
    arrays = _arrays(design)

    def stat(key):
        return _excess(key, arrays, antithetic)

    return stat


@partial(jax.jit, static_argnames=("size",))
def _chunk_moments(key, stacked: dict, size: int, antithetic):
    """Per design: mean and sum of squared deviations of the excess over `size` replications (`antithetic` a
    traced flag: one program serves both kinds of curve)."""
    n_designs = stacked["class1"]["real"].shape[0]

    def replication(k):
        keys = jax.random.split(k, n_designs)
        return jax.vmap(lambda kk, a: _excess(kk, a, antithetic)["excess"])(keys, stacked)

    values = jax.vmap(replication)(jax.random.split(key, size))
    mean = jnp.mean(values, axis=0)
    return mean, jnp.sum((values - mean) ** 2, axis=0), jnp.sum(~jnp.isfinite(values))


def curve_summary(designs: list[AugmentationDesign], key, reps: int, antithetic: bool = False,
                  chunk: int = 4096) -> tuple[np.ndarray, np.ndarray]:
    """(mean, SE) of the excess balanced risk of plug-in LDA (fast path) at each design.

    The designs (same d) are stacked into arrays, padded (`_bucket`), and passed as arguments of one jitted
    function, so every curve of the same d and bucket shares one compilation, antithetic or not.
    Replications run in equal chunks of min(chunk, reps) (reps is rounded up to a whole number of chunks),
    merged with Chan's update of (count, mean, sum of squares)."""
    if reps < 2:
        raise ValueError(f"reps must be >= 2 (got {reps})")
    if len({dsg.d for dsg in designs}) != 1:
        raise ValueError("designs: must share the dimension d")
    size = min(chunk, reps)
    n_chunks = -(-reps // size)
    used = len(designs)
    padded = designs + [designs[-1]] * (_bucket(used) - used)
    stacked = jax.tree_util.tree_map(lambda *xs: jnp.stack([jnp.asarray(x) for x in xs]), *map(_arrays, padded))
    count, mean, m2 = 0, np.zeros(len(padded)), np.zeros(len(padded))
    for k in jax.random.split(key, n_chunks):
        mean_b, m2_b, bad = _chunk_moments(k, stacked, size, jnp.asarray(bool(antithetic)))
        if int(bad):
            raise FloatingPointError(f"excess is not finite in {int(bad)} replications")
        mean_b, m2_b = np.asarray(mean_b), np.asarray(m2_b)
        total = count + size
        delta = mean_b - mean
        mean, m2 = mean + delta * size / total, m2 + m2_b + delta**2 * count * size / total
        count = total
    return mean[:used], np.sqrt(m2[:used] / (count - 1) / count)


MIN_STACK = 4  # designs per compiled curve program at least: single points and short curves share one program


def _bucket(count: int) -> int:
    """The stacked length for `count` designs: MIN_STACK, or the next power of two above it, so curves of
    different lengths share a compilation (a design costs microseconds per replication; a compilation,
    seconds). Design i draws under split(key, length)[i], the same key for any length >= i + 1 (JAX's
    partitionable threefry), so the padding copies change no number of the designs asked for."""
    return max(MIN_STACK, 1 << max(0, count - 1).bit_length())


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
