"""Model G: two Gaussian classes with a shared spherical covariance.

x | y=1 ~ N(mu, sigma^2 I_d) (minority), x | y=0 ~ N(-mu, sigma^2 I_d) (majority), mu = s sigma e_1,
so the separation ||mu|| / sigma is s. A synthetic shift delta = delta_par e_1 + delta_perp e_2 has
component delta_par along mu and delta_perp orthogonal to it.
"""
from __future__ import annotations

from dataclasses import dataclass

import jax
import jax.numpy as jnp


@dataclass(frozen=True)
class ModelG:
    """x | y=1 ~ N(mu, sigma^2 I_d), x | y=0 ~ N(-mu, sigma^2 I_d), mu = s sigma e_1."""

    d: int
    s: float
    sigma: float = 1.0

    @property
    def mu(self) -> jnp.ndarray:
        return jnp.zeros(self.d).at[0].set(self.s * self.sigma)

    def sample(self, key, label: int, n: int) -> jnp.ndarray:
        """n rows of class `label` (1: minority, mean mu; 0: majority, mean -mu)."""
        center = self.mu if label == 1 else -self.mu
        return center + self.sigma * jax.random.normal(key, (n, self.d))


def shift_vector(d: int, delta_par: float, delta_perp: float) -> jnp.ndarray:
    """delta = delta_par e_1 + delta_perp e_2 (needs d >= 2 when delta_perp != 0)."""
    delta = jnp.zeros(d).at[0].set(delta_par)
    if d >= 2:
        delta = delta.at[1].set(delta_perp)
    elif delta_perp != 0:
        raise ValueError("delta_perp needs d >= 2")
    return delta
