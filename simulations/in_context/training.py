"""D4: training one linear self-attention layer with optax on in-context tasks.

In-context regression (Zhang, Frei & Bartlett 2023): x_i ~ N(0, Lambda) (Lambda diagonal), w ~ N(0, I_d),
y_i = w^T x_i (noiseless), prompt of n pairs, query x_q; the layer predicts the y-slot of
out(x_q, 0) = q + W_PV (P^T P/n) W_KQ q, trained on the squared error over fresh prompts (online Adam).
Trained as Zhang-Frei-Bartlett train it: W_KQ = [[K, 0], [0, 0]] and W_PV = [[0, 0], [0, v]] (`train_regression`;
with full=True both full (d+1) x (d+1) matrices from a small random start instead). The prediction reduces to
(1/n) sum_i y_i x_i^T A x_q + (terms with zero correlation to the target), where the learned key-query
block is A = W_PV[y, y] W_KQ[x, x] + W_PV[y, x] ... ; `learned_block` returns the part that multiplies
y_i x_i^T (i.e. W_PV[y, y] W_KQ[x, x]), the block compared with Gamma^{-1}.

Generators (the objective is the expected KL of the layer's output law, read off the layer, to the task law):
  D1  tokens (z, 1), query (xi, 1), full W_KQ, W_PV trained; tasks mu ~ N(0, tau^2 I), Sigma = I.
  D2  tokens (z, r, 1), query (0, xi, 1), trained blocks W_KQ = diag(0, K, b), W_PV = diag(V, 0, 0) (the
      other blocks are fixed at zero, as in Zhang-Frei-Bartlett's training); tasks Sigma = L L^T random,
      mu = tau L g, centred random keys redrawn per prompt.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import jax
import jax.numpy as jnp
import numpy as np
import optax

from synthover.simulations.in_context.generators import random_task
from synthover.simulations.in_context.transformer import affine_law, gaussian_kl, key_queries, key_tokens, lsa, mean_queries, mean_tokens, random_keys


@dataclass(frozen=True)
class TrainConfig:
    steps: int = 2000
    batch: int = 512
    learning_rate: float = 0.01
    init_scale: float = 0.1

    def __post_init__(self):
        for name in ("steps", "batch"):
            if int(getattr(self, name)) < 1:
                raise ValueError(f"{name} must be a positive integer (got {getattr(self, name)!r})")
        if not self.learning_rate > 0:
            raise ValueError(f"learning_rate must be > 0 (got {self.learning_rate!r})")


def _train(loss_fn, params, sample_batch, key, config: TrainConfig):
    """Online Adam (cosine-decayed step) on fresh batches; returns params and the per-step training loss."""
    schedule = optax.cosine_decay_schedule(config.learning_rate, config.steps, alpha=0.01)
    opt = optax.adam(schedule)
    state = opt.init(params)

    @jax.jit
    def step(carry, k):
        params, state = carry
        loss, grads = jax.value_and_grad(loss_fn)(params, sample_batch(k))
        updates, state = opt.update(grads, state, params)
        return (optax.apply_updates(params, updates), state), loss

    (params, _), losses = jax.lax.scan(step, (params, state), jax.random.split(key, config.steps))
    return params, np.asarray(losses)


# ---------------------------------------------------------------- in-context regression
def regression_prompts(key, batch: int, n: int, lam):
    """X (batch, n, d), y (batch, n), x_q (batch, d), y_q (batch,): x ~ N(0, diag(lam)), w ~ N(0, I)."""
    d = lam.shape[0]
    kx, kw, kq = jax.random.split(key, 3)
    X = jax.random.normal(kx, (batch, n, d)) * jnp.sqrt(lam)
    w = jax.random.normal(kw, (batch, d))
    xq = jax.random.normal(kq, (batch, d)) * jnp.sqrt(lam)
    return X, jnp.einsum("bnd,bd->bn", X, w), xq, jnp.einsum("bd,bd->b", xq, w)


def regression_predict(params, X, y, xq):
    """y-slot of the layer at the query (x_q, 0), for one prompt."""
    w_kq, w_pv = params
    tokens = jnp.concatenate([X, y[:, None]], axis=1)
    query = jnp.concatenate([xq, jnp.zeros(1)])[None]
    return lsa(w_kq, w_pv, tokens, query)[0, -1]


def regression_loss(params, batch):
    X, y, xq, yq = batch
    pred = jax.vmap(regression_predict, in_axes=(None, 0, 0, 0))(params, X, y, xq)
    return jnp.mean((pred - yq) ** 2)


def regression_params(blocks, d: int):
    """(W_KQ, W_PV) of Zhang-Frei-Bartlett's parameterisation: W_KQ = [[K, 0], [0, 0]], W_PV = [[0, 0], [0, v]]."""
    K, v = blocks
    return jnp.zeros((d + 1, d + 1)).at[:d, :d].set(K), jnp.zeros((d + 1, d + 1)).at[d, d].set(v)


def train_regression(key, d: int, n: int, lam, config: TrainConfig = TrainConfig(), full: bool = False):
    """Train the layer on in-context linear regression; returns ((W_KQ, W_PV), per-step training loss).

    Default: Zhang-Frei-Bartlett's setting (the initialisation of their convergence theorem): the key-query
    block K (from sigma Theta Theta^T, Theta random) and the value scalar v (from 0.5) are trained, the cross
    blocks stay zero (on which gradient flow keeps them). full=True trains both full (d+1) x (d+1) matrices from
    a small random start instead (value scalar from 0.5): that start sometimes stops at a spurious stationary
    point, the rank-one path (value reads x_i, key reads y_i; 4 of 193 keys at D4's full size, risk +55%,
    cosine with Gamma^-1 0.13), the finding of claim D4."""
    lam = jnp.asarray(lam, dtype=float)
    if lam.shape != (d,) or not bool(jnp.all(lam > 0)):
        raise ValueError(f"lam must be {d} positive variances (got shape {lam.shape})")
    k_init, k_train = jax.random.split(key)
    sample = partial(regression_prompts, batch=config.batch, n=n, lam=lam)
    if full:
        w_kq, w_pv = (config.init_scale * jax.random.normal(k, (d + 1, d + 1)) for k in jax.random.split(k_init))
        return _train(regression_loss, (w_kq, w_pv.at[d, d].set(0.5)), sample, k_train, config)
    theta = jax.random.normal(k_init, (d, d)) / jnp.sqrt(d)
    blocks = (config.init_scale * theta @ theta.T, jnp.asarray(0.5))
    blocks, losses = _train(lambda b, batch: regression_loss(regression_params(b, d), batch), blocks, sample,
                            k_train, config)
    return regression_params(blocks, d), losses


def learned_block(params):
    """The matrix A of the learned prediction b^T A x_q, b = (1/n) sum y_i x_i (the part odd in w).

    y_hat = W_PV[y, :] S W_KQ[:, x] x_q with S = [[S_xx, b], [b^T, s_yy]]; its terms linear in b are
    b^T (W_PV[y, y] W_KQ[x, x] + W_PV[y, x] W_KQ[y, x]^T) x_q (value reads y_i and key x_i, or value x_i
    and key y_i)."""
    w_kq, w_pv = params
    return w_pv[-1, -1] * w_kq[:-1, :-1] + jnp.outer(w_pv[-1, :-1], w_kq[-1, :-1])


def regression_risk(params, n: int, lam):
    """stat(key): squared error of the trained layer on one fresh prompt (population risk by Monte Carlo)."""
    lam = jnp.asarray(lam, dtype=float)

    def stat(key):
        X, y, xq, yq = regression_prompts(key, 1, n, lam)
        return {"risk": (regression_predict(params, X[0], y[0], xq[0]) - yq[0]) ** 2}

    return stat


def cosine(a, b):
    """Frobenius cosine between two matrices."""
    return jnp.sum(a * b) / (jnp.linalg.norm(a) * jnp.linalg.norm(b))


# ---------------------------------------------------------------- generators
def _mean_generator_law(params, rows):
    w_kq, w_pv = params
    D = rows.shape[1]
    return affine_law(lambda xi: lsa(w_kq, w_pv, mean_tokens(rows), mean_queries(xi[None]))[0, :D], D)


def mean_generator_tasks(key, batch: int, n: int, D: int, tau: float):
    k_mu, k_z = jax.random.split(key)
    mu = tau * jax.random.normal(k_mu, (batch, D))
    return mu, mu[:, None, :] + jax.random.normal(k_z, (batch, n, D))


def mean_generator_loss(params, batch):
    """Mean over tasks of KL(N(m, J J^T) || N(mu, I)), (m, J) read off the layer."""
    mu, rows = batch
    D = mu.shape[1]

    def kl(mu_, rows_):
        m, J = _mean_generator_law(params, rows_)
        return gaussian_kl(m, J @ J.T, mu_, jnp.eye(D))

    return jnp.mean(jax.vmap(kl)(mu, rows))


def train_mean_generator(key, D: int, n: int, tau: float, config: TrainConfig = TrainConfig()):
    """Train full (W_KQ, W_PV) of the D1 layout; start near the identity map J = I (small random weights)."""
    k_init, k_train = jax.random.split(key)
    params = tuple(config.init_scale * jax.random.normal(k, (D + 1, D + 1)) for k in jax.random.split(k_init))
    sample = partial(mean_generator_tasks, batch=config.batch, n=n, D=D, tau=tau)
    return _train(mean_generator_loss, params, sample, k_train, config)


def mean_generator_maps(params, D: int):
    """The learned D1 layer as maps of the prompt statistics: out_z = B mu_hat + (S_zz term) + const + J xi.

    With (a, b) = W_KQ e_last and W_PV's z-rows (P_zz, P_zl): B = b P_zz + P_zl a^T (multiplies mu_hat),
    the S_zz term is P_zz S_zz a, the constant P_zl b, and J = I + P_zz S_zz A_z + P_zl mu_hat^T A_z + ...
    with A_z = W_KQ[:, :D]. The construction: B = I, a = 0, P_zl b = 0, W_KQ[:, :D] = 0."""
    w_kq, w_pv = params
    a, b = w_kq[:D, D], w_kq[D, D]
    P_zz, P_zl = w_pv[:D, :D], w_pv[:D, D]
    return {
        "B": b * P_zz + jnp.outer(P_zl, a),
        "second_moment_leak": jnp.linalg.norm(P_zz @ a),
        "constant": jnp.linalg.norm(P_zl * b),
        "noise_path": jnp.linalg.norm(w_pv[:D] @ w_kq[:, :D]),
    }


def key_generator_params(K, V, b, D: int, p: int):
    """(W_KQ, W_PV) = (diag(0_D, K, b), diag(V, 0_p, 0)) of the D2 layout."""
    k = D + p + 1
    w_kq = jnp.zeros((k, k)).at[D : D + p, D : D + p].set(K).at[-1, -1].set(b)
    w_pv = jnp.zeros((k, k)).at[:D, :D].set(V)
    return w_kq, w_pv


def _key_generator_law(blocks, rows, keys):
    K, V, b = blocks
    n, D = rows.shape
    p = keys.shape[1]
    w_kq, w_pv = key_generator_params(K, V, b, D, p)
    return affine_law(lambda xi: lsa(w_kq, w_pv, key_tokens(rows, keys), key_queries(xi[None], D))[0, :D], p)


def key_generator_tasks(key, batch: int, n: int, D: int, p: int, tau: float):
    """Sigma = L L^T random, mu = tau L g, prompt rows, centred random keys."""
    k_task, k_g, k_z, k_r = jax.random.split(key, 4)
    Ls = jax.vmap(lambda k: random_task(k, D)[1])(jax.random.split(k_task, batch))
    mu = tau * jnp.einsum("bij,bj->bi", Ls, jax.random.normal(k_g, (batch, D)))
    rows = mu[:, None, :] + jnp.einsum("bij,bnj->bni", Ls, jax.random.normal(k_z, (batch, n, D)))
    keys = jax.vmap(lambda k: random_keys(k, n, p))(jax.random.split(k_r, batch))
    return mu, Ls, rows, keys


def key_generator_loss(blocks, batch):
    mu, Ls, rows, keys = batch

    def kl(mu_, L, rows_, keys_):
        m, J = _key_generator_law(blocks, rows_, keys_)
        return gaussian_kl(m, J @ J.T, mu_, L @ L.T)

    return jnp.mean(jax.vmap(kl)(mu, Ls, rows, keys))


def train_key_generator(key, D: int, n: int, p: int, tau: float, config: TrainConfig = TrainConfig()):
    """Train the blocks (K, V, b) of the D2 layout from a random start; returns ((K, V, b), losses)."""
    k_init, k_train = jax.random.split(key)
    kk, kv = jax.random.split(k_init)
    blocks = (
        jnp.eye(p) * 0.5 + config.init_scale * jax.random.normal(kk, (p, p)),
        jnp.eye(D) * 0.5 + config.init_scale * jax.random.normal(kv, (D, D)),
        jnp.asarray(0.5),
    )
    sample = partial(key_generator_tasks, batch=config.batch, n=n, D=D, p=p, tau=tau)
    return _train(key_generator_loss, blocks, sample, k_train, config)


def mean_generator_kl(params, D: int, n: int, tau: float):
    """stat(key): the KL of a (trained or constructed) D1 layer on one fresh task."""

    def stat(key):
        mu, rows = mean_generator_tasks(key, 1, n, D, tau)
        m, J = _mean_generator_law(params, rows[0])
        return {"kl": gaussian_kl(m, J @ J.T, mu[0], jnp.eye(D))}

    return stat
