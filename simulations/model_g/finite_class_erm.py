"""A5's simulation: oversampled 0-1 ERM over a finite class of linear rules in model G, scored exactly."""
from __future__ import annotations

from dataclasses import dataclass

import jax
import jax.numpy as jnp
import numpy as np
from jax.scipy.stats import norm

ERM_ANGLES = (0.0, np.pi / 16, -np.pi / 16, np.pi / 8, -np.pi / 8, np.pi / 4, -np.pi / 4)
ERM_OFFSETS = tuple(np.linspace(-1.0, 1.0, 11))  # thresholds b = s * offset (0 included: Bayes rule in F)


@dataclass(frozen=True)
class FiniteLinearClass:
    """F_d = {x -> 1{w^T x + b > 0}}: w = cos(t) e_1 + sin(t) e_j (j = 2..d, t in ERM_ANGLES), b = s * offset.

    Fixed before any data is drawn. `d_max` fixes array shapes; directions using axes >= d are masked.
    |F_d| = (1 + (d - 1)(len(ERM_ANGLES) - 1)) len(ERM_OFFSETS).
    """

    d_max: int

    def directions(self):
        dirs, axis = [np.eye(self.d_max)[0]], [0]
        for j in range(1, self.d_max):
            for t in ERM_ANGLES[1:]:
                v = np.zeros(self.d_max)
                v[0], v[j] = np.cos(t), np.sin(t)
                dirs.append(v)
                axis.append(j)
        return jnp.asarray(np.array(dirs)), jnp.asarray(np.array(axis))

    @staticmethod
    def size(d: int) -> int:
        return (1 + (d - 1) * (len(ERM_ANGLES) - 1)) * len(ERM_OFFSETS)


def _exact_balanced(W, b, mu):
    """R_bal of 1{w^T x + b > 0} in model G (sigma = 1), class 1 at +mu: rows of W, thresholds b (broadcast)."""
    margin = (W @ mu)[:, None]
    scale = jnp.linalg.norm(W, axis=1)[:, None]
    return 0.5 * (norm.cdf((-margin + b) / scale) + norm.cdf((-margin - b) / scale))


def finite_class_erm_stat(F: FiniteLinearClass, n0_max: int, n1_max: int):
    """stat(key, d, s, n0, n1, m, delta_par, delta_perp) -> excess R_bal of the oversampled 0-1 ERM over F_d.

    Rows: n0 majority from N(-mu, I), n1 minority from N(mu, I), m synthetic minority from N(mu + delta, I);
    the ERM minimises the balanced empirical 0-1 risk (each class averaged over its rows, real and synthetic).
    Excess = R_bal(theta_hat) - min_{F_d} R_bal, both exact. Shapes are fixed (n0 <= n0_max, n1 + m <= n1_max,
    d <= F.d_max), so one compilation serves every parameter value.
    """
    W, axis = F.directions()
    offsets = jnp.asarray(ERM_OFFSETS)

    def stat(key, d, s, n0, n1, m, delta_par, delta_perp):
        mu = jnp.zeros(F.d_max).at[0].set(s)
        delta = jnp.zeros(F.d_max).at[0].set(delta_par).at[1].set(delta_perp)
        k0, k1 = jax.random.split(key)
        idx0, idx1 = jnp.arange(n0_max), jnp.arange(n1_max)
        X0 = -mu + jax.random.normal(k0, (n0_max, F.d_max))
        X1 = mu + jnp.where((idx1 >= n1)[:, None], delta, 0.0) + jax.random.normal(k1, (n1_max, F.d_max))
        mask0, mask1 = idx0 < n0, idx1 < n1 + m
        b = s * offsets
        P0, P1 = X0 @ W.T, X1 @ W.T
        err0 = jnp.einsum("i,ikj->kj", mask0, (P0[:, :, None] + b > 0).astype(P0.dtype)) / n0
        err1 = jnp.einsum("i,ikj->kj", mask1, (P1[:, :, None] + b <= 0).astype(P1.dtype)) / (n1 + m)
        valid = (axis < d)[:, None] & jnp.ones_like(b, bool)
        empirical = jnp.where(valid, 0.5 * (err0 + err1), jnp.inf)
        risk = _exact_balanced(W, b[None, :], mu)
        chosen = jnp.argmin(empirical.ravel())
        best = jnp.min(jnp.where(valid, risk, jnp.inf))
        return {"excess": risk.ravel()[chosen] - best}

    return stat
