"""Model S (spurious correlation) sampler, group-aware generators, logistic fits with the attribute as a
feature, exact group risks; and (A5) oversampled 0-1 ERM over a finite class of linear rules in model G.

Model S: y~ in {+1, -1}, attribute a in {+1, -1}, x_core | y~ ~ N(y~ mu, sigma^2 I_d) independent of a,
mu = s sigma e_1. Groups g = (y~, a); aligned groups a = y~. A fitted rule predicts y~ = +1 when
w_core^T x + w_a a + b > 0; on group (y~, a), w_core^T x ~ N(y~ w_core^T mu, sigma^2 ||w_core||^2), so its
exact risk is  R^(y~,a) = Phi((-w_core^T mu - y~ (w_a a + b)) / (sigma ||w_core||)).  Every fitted rule is
scored with it: the training sample is the only randomness.

Generators (group-aware): the m synthetic misaligned rows, split evenly over y~, come from G-shift
N(y~ mu + delta, sigma_syn^2 I) (delta = delta_par e_1 + delta_perp e_2; delta = 0, sigma_syn = 1 is a
perfect generator) or from duplication of the real misaligned rows of the same y~; with leakage eps each
generated row is labelled aligned (a = y~) instead of misaligned with probability eps.
"""
from __future__ import annotations

from dataclasses import dataclass

import jax
import jax.numpy as jnp
import numpy as np
from jax.scipy.stats import norm

from synthover.simulations.logistic import fit_logistic

# ---------------------------------------------------------------------------------------------- model S


@dataclass(frozen=True)
class SpuriousDesign:
    """Row counts of one model-S training set (each count split as evenly as possible over y~ = +1, -1)."""

    d: int
    s: float
    n_al: int  # real aligned rows (a = y~)
    n_mis: int  # real misaligned rows (a = -y~)
    m: int = 0  # generated misaligned rows
    generator: str = "gshift"  # "gshift" or "duplication"
    delta_par: float = 0.0
    delta_perp: float = 0.0
    sigma_syn: float = 1.0
    eps: float = 0.0  # leakage: P(a generated row is labelled aligned)
    sigma: float = 1.0
    group_weights: tuple[float, float, float, float] = (1.0, 1.0, 1.0, 1.0)  # (++, --, +-, -+) sample weights

    def __post_init__(self):
        for name in ("n_al", "n_mis", "m"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be >= 0 (got {getattr(self, name)})")
        if not 0 <= self.eps < 1:
            raise ValueError(f"eps must be in [0, 1) (got {self.eps})")
        if self.generator not in ("gshift", "duplication"):
            raise ValueError(f"generator must be 'gshift' or 'duplication' (got {self.generator!r})")
        if self.d < 1 or (self.d < 2 and self.delta_perp != 0):
            raise ValueError(f"d must be >= 1, and >= 2 when delta_perp != 0 (got d = {self.d})")

    @property
    def mu(self):
        return jnp.zeros(self.d).at[0].set(self.s * self.sigma)

    @property
    def rows(self) -> int:
        return self.n_al + self.n_mis + self.m


def _split(n: int) -> tuple[int, int]:
    return n - n // 2, n // 2  # rows with y~ = +1, y~ = -1


def _labels(design: SpuriousDesign):
    """Static per-row arrays: y~, a (before leakage), synthetic flag, and for duplication the source row."""
    y, a, syn = [], [], []
    for count, aligned, synthetic in ((design.n_al, True, False), (design.n_mis, False, False), (design.m, False, True)):
        up, down = _split(count)
        for yt, k in ((1, up), (-1, down)):
            y += [yt] * k
            a += [yt if aligned else -yt] * k
            syn += [synthetic] * k
    return np.array(y, float), np.array(a, float), np.array(syn, bool)


def _normal(key, shape):
    """Standard normals drawn in float32 (half the PRNG bits of float64; the draws are data, not sums) and
    returned as float64."""
    return jax.random.normal(key, shape, dtype=jnp.float32).astype(jnp.float64)


def sample_rows(key, design: SpuriousDesign):
    """(X (n, d), a (n,), y01 (n,)) of one training set; generated rows follow `design.generator`."""
    # the barrier keeps XLA from constant-folding reductions over these (large, static) label arrays
    y, a, syn = jax.lax.optimization_barrier(tuple(jnp.asarray(v) for v in _labels(design)))
    k_x, k_syn, k_leak, k_dup = jax.random.split(key, 4)
    mu, d, n_real = design.mu, design.d, design.n_al + design.n_mis
    X = y[:n_real, None] * mu + design.sigma * _normal(k_x, (n_real, d))
    if design.m:
        y_syn = y[n_real:]
        if design.generator == "gshift":
            delta = jnp.zeros(d).at[0].set(design.delta_par)
            if d >= 2:
                delta = delta.at[1].set(design.delta_perp)
            X_syn = y_syn[:, None] * mu + delta + design.sigma_syn * _normal(k_syn, (design.m, d))
        else:  # duplication: a bootstrap of the real misaligned rows of the same y~
            up, down = _split(design.n_mis)
            if min(up, down) == 0:
                raise ValueError("duplication needs real misaligned rows of both classes")
            src_up = design.n_al + jax.random.randint(k_dup, (design.m,), 0, up)
            src_down = design.n_al + up + jax.random.randint(jax.random.fold_in(k_dup, 1), (design.m,), 0, down)
            X_syn = X[jnp.where(y_syn > 0, src_up, src_down)]
        X = jnp.concatenate([X, X_syn])
        if design.eps > 0:
            leak = syn & jax.random.bernoulli(k_leak, design.eps, (design.rows,))  # only generated rows leak
            a = jnp.where(leak, y, a)
    return X, a, (y + 1) / 2


def sample_iid(key, d: int, s: float, n: int, p: float, sigma: float = 1.0):
    """n i.i.d. rows of model S: y~ = +-1 with prob 1/2, a = y~ with prob p (random group sizes)."""
    k_y, k_a, k_x = jax.random.split(key, 3)
    y = jnp.where(jax.random.bernoulli(k_y, 0.5, (n,)), 1.0, -1.0)
    a = jnp.where(jax.random.bernoulli(k_a, p, (n,)), y, -y)
    mu = jnp.zeros(d).at[0].set(s * sigma)
    X = y[:, None] * mu + sigma * _normal(k_x, (n, d))
    return X, a, (y + 1) / 2


def row_weights(a, y01, group_weights):
    """Per-row sample weight of group (y~, a) in the order (++, --, +-, -+)."""
    wpp, wmm, wpm, wmp = group_weights
    yt = 2 * y01 - 1
    aligned = a == yt
    return jnp.where(aligned, jnp.where(yt > 0, wpp, wmm), jnp.where(yt > 0, wpm, wmp))


def fit_with_attribute(X, a, y01, sample_weight=None, iters: int = 8):
    """Weighted logistic ERM on (x_core, a) with intercept: (w_core, w_a, b)."""
    w, b = fit_logistic(jnp.concatenate([X, a[:, None]], axis=1), y01, sample_weight, iters=iters)
    return w[:-1], w[-1], b


def group_risks(w_core, w_a, b, mu, sigma=1.0) -> dict:
    """Exact R^(y~,a) of the rule 1{w_core^T x + w_a a + b > 0} on the real groups."""
    scale = sigma * jnp.linalg.norm(w_core)
    margin = jnp.dot(w_core, mu)
    return {(yt, at): norm.cdf((-margin - yt * (w_a * at + b)) / scale) for yt in (1, -1) for at in (1, -1)}


def score(w_core, w_a, b, mu, sigma=1.0) -> dict:
    """Group, balanced and worst-group risks, and their excess over the Bayes risk of every group."""
    g = group_risks(w_core, w_a, b, mu, sigma)
    bayes = norm.cdf(-jnp.linalg.norm(mu) / sigma)
    vals = jnp.stack(list(g.values()))
    out = {f"r_{'p' if yt > 0 else 'm'}{'p' if at > 0 else 'm'}": v for (yt, at), v in g.items()}
    out.update(balanced=jnp.mean(vals), worst=jnp.max(vals), w_a=w_a, b=b,
               excess_balanced=jnp.mean(vals) - bayes, excess_worst=jnp.max(vals) - bayes,
               core_norm=jnp.linalg.norm(w_core) * sigma)
    return out


def logistic_stat(design: SpuriousDesign, iters: int = 8):
    """stat(key): draw the design's rows, fit weighted logistic ERM with the attribute, score exactly."""
    mu = design.mu

    def stat(key):
        X, a, y01 = sample_rows(key, design)
        weights = None if design.group_weights == (1.0, 1.0, 1.0, 1.0) else row_weights(a, y01, design.group_weights)
        w_core, w_a, b = fit_with_attribute(X, a, y01, weights, iters)
        return score(w_core, w_a, b, mu, design.sigma)

    return stat


def iid_logistic_stat(d: int, s: float, n: int, p: float, sigma: float = 1.0, iters: int = 8):
    """stat(key) for B1: n i.i.d. model-S rows with P(a = y~) = p, unweighted logistic ERM."""
    mu = jnp.zeros(d).at[0].set(s * sigma)

    def stat(key):
        X, a, y01 = sample_iid(key, d, s, n, p, sigma)
        w_core, w_a, b = fit_with_attribute(X, a, y01, iters=iters)
        return score(w_core, w_a, b, mu, sigma)

    return stat
