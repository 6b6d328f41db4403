"""In-context generators built from one linear self-attention layer, and the simulations of D1-D3 and D5.

Generators share the interface of simulations/samplers/generators.py:

    sample(key, rows, m) -> (m, D) rows        pooled_mean(key, center, sigma, n, m) -> (D,)   (where exact)

plus `law(...) -> (mean, J)`: the layer's output law given the prompt, N(mean, J J^T), read off the layer
itself (output at zero noise, Jacobian in the noise; see simulations/in_context/transformer.py).

  MeanGenerator (D1)            rows mu_hat + L xi: the prompt mean plus noise of a known covariance L L^T
  KeyGenerator (D2)             rows mu_hat + n^{-1/2} sum_i (xi^T r_i) z_i, keys random (width p) or orthonormal
  LabelGenerator (D3)           rows (x, beta_hat^T x + sigma_eps xi), x ~ N(0, I_d), beta_hat = n^-1 sum y_i x_i
  StructuralPriorGenerator (D5) the mean generator on a prompt that pools both classes of model G with
                                signs (+1 minority, -1 majority): it knows mu1 = -mu0 and a shared covariance,
                                so its rows are mu_tilde + sigma xi, mu_tilde = (n1 mu1_hat - n0 mu0_hat)/(n0+n1).

The seed-only generator of D5 is MeanGenerator on the minority rows alone.
"""
from __future__ import annotations

from dataclasses import dataclass

import jax
import jax.numpy as jnp

from synthover.simulations.exact_risk import balanced_risk
from synthover.simulations.samplers.generators import Duplication
from synthover.simulations.lda import lda_from_rows
from synthover.simulations.model_g.oversampling import Design, score
from synthover.simulations.in_context.transformer import (
    affine_law,
    gaussian_kl,
    gradient_step_weights,
    key_generator_weights,
    key_queries,
    key_tokens,
    lsa,
    mean_generator_weights,
    mean_queries,
    mean_tokens,
    orthonormal_keys,
    random_keys,
    regression_queries,
    regression_tokens,
)


@dataclass(frozen=True)
class MeanGenerator:
    """D1: rows mu_hat + noise_scale * xi, xi ~ N(0, I) (the query carries the noise of the known covariance)."""

    noise_scale: float = 1.0

    def _out(self, rows, noise):
        w_kq, w_pv = mean_generator_weights(rows.shape[1])
        return lsa(w_kq, w_pv, mean_tokens(rows), mean_queries(noise))[:, : rows.shape[1]]

    def sample(self, key, rows, m: int):
        return self._out(rows, self.noise_scale * jax.random.normal(key, (m, rows.shape[1])))

    def law(self, rows, noise_chol=None):
        """(mean, J): the output is N(mean, J J^T) given the prompt; the query noise is noise_chol @ xi."""
        D = rows.shape[1]
        chol = self.noise_scale * jnp.eye(D) if noise_chol is None else noise_chol
        return affine_law(lambda xi: self._out(rows, (chol @ xi)[None])[0], D)

    def pooled_mean(self, key, center, sigma, n: int, m: int):
        """Mean of n rows N(center, sigma^2 I) and m rows mu_hat + noise_scale xi_j: mu_hat + noise_scale sum xi / (n+m)."""
        k_real, k_syn = jax.random.split(key)
        mu_hat = center + sigma / jnp.sqrt(n) * jax.random.normal(k_real, center.shape)
        return mu_hat + self.noise_scale * jnp.sqrt(m) / (n + m) * jax.random.normal(k_syn, center.shape)


@dataclass(frozen=True)
class KeyGenerator:
    """D2: positional keys of width p (random, centred, N(0, I_p/p)) or orthonormal; query noise xi ~ N(0, I_p)."""

    p: int
    orthonormal: bool = False

    def keys(self, key, n: int):
        return orthonormal_keys(n, self.p) if self.orthonormal else random_keys(key, n, self.p)

    def _out(self, rows, keys, xi):
        n, D = rows.shape
        w_kq, w_pv = key_generator_weights(D, self.p, n)
        return lsa(w_kq, w_pv, key_tokens(rows, keys), key_queries(xi, D))[:, :D]

    def sample(self, key, rows, m: int):
        k_keys, k_xi = jax.random.split(key)
        return self._out(rows, self.keys(k_keys, rows.shape[0]), jax.random.normal(k_xi, (m, self.p)))

    def law(self, key, rows):
        keys = self.keys(key, rows.shape[0])
        return affine_law(lambda xi: self._out(rows, keys, xi[None])[0], self.p)


@dataclass(frozen=True)
class LabelGenerator:
    """D3: rows (x, y) with x ~ N(0, I_d) and y from one gradient step on the prompt plus noise sigma_eps xi."""

    sigma_eps: float = 1.0

    def _label(self, prompt, x, noise):
        d = x.shape[1]
        w_kq, w_pv = gradient_step_weights(d)
        return lsa(w_kq, w_pv, regression_tokens(prompt[:, :d], prompt[:, d]), regression_queries(x, noise))[:, d]

    def sample(self, key, rows, m: int):
        d = rows.shape[1] - 1
        k_x, k_y = jax.random.split(key)
        x = jax.random.normal(k_x, (m, d))
        y = self._label(rows, x, self.sigma_eps * jax.random.normal(k_y, (m,)))
        return jnp.concatenate([x, y[:, None]], axis=1)

    def law(self, rows):
        """(b_hat, noise variance): y | x ~ N(b_hat^T x, var), read off the layer by differentiation."""
        d = rows.shape[1] - 1
        out = lambda v: self._label(rows, v[None, :d], v[None, d])[0]  # noqa: E731
        grad = jax.grad(out)(jnp.zeros(d + 1))
        return grad[:d], (grad[d] * self.sigma_eps) ** 2


@dataclass(frozen=True)
class StructuralPriorGenerator:
    """D5: the mean generator on the signed prompt of both classes (knows mu1 = -mu0, shared covariance).

    It pools the other class, so it takes it as context: sample_with_context(key, rows, other_rows, m)."""

    noise_scale: float = 1.0

    def sample_with_context(self, key, rows, other_rows, m: int):
        D = rows.shape[1]
        prompt = jnp.concatenate([rows, other_rows])
        signs = jnp.concatenate([jnp.ones(rows.shape[0]), -jnp.ones(other_rows.shape[0])])
        w_kq, w_pv = mean_generator_weights(D)
        noise = self.noise_scale * jax.random.normal(key, (m, D))
        return lsa(w_kq, w_pv, mean_tokens(prompt, signs), mean_queries(noise))[:, :D]


# ---------------------------------------------------------------- D1-D3: expected KL of the generated law
def random_task(key, D: int, spread: float = 0.3):
    """A task (mu, Sigma = L L^T): mu ~ N(0, I), L = I + spread * lower-triangular Gaussian / sqrt(D)."""
    k_mu, k_l = jax.random.split(key)
    L = jnp.eye(D) + spread * jnp.tril(jax.random.normal(k_l, (D, D))) / jnp.sqrt(D)
    L = L * jnp.sign(jnp.diag(L))[None, :]
    return jax.random.normal(k_mu, (D,)), L


def d1_kl(D: int, n: int):
    """stat(key): KL(law of the D1 layer's output || N(mu, Sigma)) for a random task and prompt."""

    def stat(key):
        k_task, k_rows = jax.random.split(key)
        mu, L = random_task(k_task, D)
        rows = mu + jax.random.normal(k_rows, (n, D)) @ L.T
        mean, J = MeanGenerator().law(rows, noise_chol=L)
        return {"kl": gaussian_kl(mean, J @ J.T, mu, L @ L.T)}

    return stat


def d2_kl(D: int, n: int, p: int, orthonormal: bool = False):
    """stat(key): KL(law of the D2 layer's output || N(mu, Sigma)), keys redrawn per prompt."""
    gen = KeyGenerator(p, orthonormal)

    def stat(key):
        k_task, k_rows, k_keys = jax.random.split(key, 3)
        mu, L = random_task(k_task, D)
        rows = mu + jax.random.normal(k_rows, (n, D)) @ L.T
        mean, J = gen.law(k_keys, rows)
        return {"kl": gaussian_kl(mean, J @ J.T, mu, L @ L.T)}

    return stat


def d2_kl_padded(D: int, n_max: int, p_max: int):
    """stat(key, (n, p)): d2_kl's KL at any n <= n_max, p <= p_max, with n and p traced (one compilation for
    a whole table of sizes). The prompt is the layer's own, zero-padded: rows and keys beyond n are zero
    tokens (no share of P^T P, which `lsa` divides by n), key coordinates beyond p are zero (no share of
    xi^T r_i), keys are N(0, I_p / p) centred over the n real positions. The same law as d2_kl(D, n, p)."""

    def stat(key, sizes):
        n, p = sizes
        k_task, k_rows, k_keys = jax.random.split(key, 3)
        mu, L = random_task(k_task, D)
        real = (jnp.arange(n_max) < n)[:, None]
        rows = mu + jax.random.normal(k_rows, (n_max, D)) @ L.T
        g = jnp.where(real & (jnp.arange(p_max) < p)[None, :], jax.random.normal(k_keys, (n_max, p_max)), 0.0)
        g = g / jnp.sqrt(p)
        w_kq, w_pv = key_generator_weights(D, p_max, n)
        tokens = jnp.where(real, key_tokens(rows, g - jnp.sum(g, axis=0) / n), 0.0)  # padded tokens all zero
        mean, J = affine_law(lambda xi: lsa(w_kq, w_pv, tokens, key_queries(xi[None], D), count=n)[0, :D], p_max)
        return {"kl": gaussian_kl(mean, J @ J.T, mu, L @ L.T)}

    return stat


def d3_kl(d: int, n: int, beta_norm: float, sigma_eps: float):
    """stat(key): KL of the joint law of (x, generated y) against (x, true y), x ~ N(0, I_d)."""
    beta = jnp.zeros(d).at[0].set(beta_norm)
    gen = LabelGenerator(sigma_eps)

    def joint_cov(b, var):
        return jnp.block([[jnp.eye(d), b[:, None]], [b[None, :], jnp.array([[b @ b + var]])]])

    def stat(key):
        k_x, k_e = jax.random.split(key)
        X = jax.random.normal(k_x, (n, d))
        y = X @ beta + sigma_eps * jax.random.normal(k_e, (n,))
        b_hat, var = gen.law(jnp.concatenate([X, y[:, None]], axis=1))
        zero = jnp.zeros(d + 1)
        return {"kl": gaussian_kl(zero, joint_cov(b_hat, var), zero, joint_cov(beta, sigma_eps**2))}

    return stat


# ---------------------------------------------------------------- D5: the generators as oversamplers
def oversampling_comparison(design: Design):
    """stat(key): one draw of n0 majority and n1 minority rows; plug-in LDA on raw rows, and on rows
    oversampled by duplication, the seed-only mean generator and the structural-prior generator (common
    random numbers). Returns each excess balanced risk, differences against duplication, and the
    pooled-minority-mean error statistics (per coordinate): v1 = ||e1||^2/d, c01 = e1.e0/d, bias = e1.mu/||mu||."""
    model, m, sigma = design.model, design.m, design.sigma
    mu = model.mu
    generators = {
        "dup": lambda k, X1, X0: Duplication().sample(k, X1, m),
        "seed": lambda k, X1, X0: MeanGenerator(sigma).sample(k, X1, m),
        "struct": lambda k, X1, X0: StructuralPriorGenerator(sigma).sample_with_context(k, X1, X0, m),
    }

    def fit(X0, X1, syn):
        X = jnp.concatenate([X0, X1] + ([syn] if syn is not None else []))
        n1_total = X1.shape[0] + (0 if syn is None else syn.shape[0])
        y = jnp.concatenate([jnp.zeros(X0.shape[0]), jnp.ones(n1_total)])
        return lda_from_rows(X, y, sigma=sigma)

    def stat(key):
        k0, k1, kg = jax.random.split(key, 3)
        X0, X1 = model.sample(k0, 0, design.n0), model.sample(k1, 1, design.n1)
        e0 = X0.mean(axis=0) + mu
        out = {"excess_raw": score(*fit(X0, X1, None), mu, sigma)["excess"]}
        for (name, gen), k in zip(generators.items(), jax.random.split(kg, len(generators))):
            syn = gen(k, X1, X0)
            out[f"excess_{name}"] = score(*fit(X0, X1, syn), mu, sigma)["excess"]
            e1 = jnp.concatenate([X1, syn]).mean(axis=0) - mu
            out[f"v1_{name}"] = e1 @ e1 / design.d
            out[f"c01_{name}"] = e1 @ e0 / design.d
        for name in ("seed", "struct"):
            out[f"diff_{name}"] = out[f"excess_{name}"] - out["excess_dup"]
        out["v0"] = e0 @ e0 / design.d
        return out

    return stat


__all__ = [
    "MeanGenerator",
    "KeyGenerator",
    "LabelGenerator",
    "StructuralPriorGenerator",
    "d1_kl",
    "d2_kl",
    "d2_kl_padded",
    "d3_kl",
    "oversampling_comparison",
    "balanced_risk",
]
