"""One linear self-attention (LSA) layer with explicit weight matrices, and the constructions D1-D4.

Tokens are rows of length k. The prompt P (n x k) attends to itself and to nothing else; a query token q
reads it through

    out(q) = q + W_PV (P^T P / n) W_KQ q,

the standard LSA layer (von Oswald et al. 2023; Zhang, Frei & Bartlett 2023) read at the query position,
with the query masked out of the keys. The output is affine in q, so when q carries Gaussian noise the
generated row is exactly Gaussian given the prompt: its law is read off the layer as the output at zero
noise (mean) and the Jacobian J in the noise (covariance J J^T).

Token layouts and constructions (each returns (W_KQ, W_PV)):
  mean generator (D1)       tokens (z, c)       c = 1 (or a +-1 class sign)  query (noise, 1)
                            W_KQ = e_c e_c^T, W_PV = I on z:  out_z = noise + (1/n) sum_i c_i z_i
  positional keys (D2)      tokens (z, r, 1)    r = positional key in R^p    query (0, xi, 1)
                            W_KQ = diag(0, sqrt(n) I_p, 1), W_PV = I on z:
                            out_z = mu_hat + n^{-1/2} sum_i (xi^T r_i) z_i
  gradient step (D3, D4)    tokens (x, y)                                   query (x, noise)
                            W_KQ = [[A, 0], [0, 0]], W_PV = e_y e_y^T:  out_y = noise + (1/n) sum_i y_i x_i^T A x
"""
from __future__ import annotations

import jax
import jax.numpy as jnp


def lsa(w_kq, w_pv, prompt, queries, count=None):
    """out_j = q_j + W_PV (P^T P / n) W_KQ q_j for each query row q_j (queries: (m, k) or (k,)).

    count: n when the prompt is padded with zero tokens (which add nothing to P^T P); default its rows."""
    n = prompt.shape[0] if count is None else count
    scores = prompt @ (queries @ w_kq.T).T  # (n, m): e_i^T W_KQ q_j
    values = prompt @ w_pv.T  # (n, k): W_PV e_i
    return queries + (scores.T @ values) / n


def affine_law(out_fn, noise_dim: int):
    """(mean, J) of an output that is affine in a noise vector: out(0) and d out / d noise."""
    zero = jnp.zeros(noise_dim)
    return out_fn(zero), jax.jacfwd(out_fn)(zero)


# ---------------------------------------------------------------- D1: the mean generator
def mean_generator_weights(D: int):
    """Tokens (z, c): scores c_i * 1, values z_i, so out_z = noise + (1/n) sum c_i z_i."""
    k = D + 1
    w_kq = jnp.zeros((k, k)).at[D, D].set(1.0)
    w_pv = jnp.zeros((k, k)).at[:D, :D].set(jnp.eye(D))
    return w_kq, w_pv


def mean_tokens(rows, signs=None):
    """Prompt tokens (z_i, c_i); c_i = 1 unless class signs are given."""
    c = jnp.ones(rows.shape[0]) if signs is None else signs
    return jnp.concatenate([rows, c[:, None]], axis=1)


def mean_queries(noise):
    """Query tokens (noise_j, 1) for noise rows (m, D)."""
    return jnp.concatenate([noise, jnp.ones((noise.shape[0], 1))], axis=1)


# ---------------------------------------------------------------- D2: random positional keys
def key_generator_weights(D: int, p: int, n: int):
    """Tokens (z, r, 1), query (0, xi, 1): W_KQ = diag(0_D, sqrt(n) I_p, 1), W_PV = I on z."""
    k = D + p + 1
    w_kq = jnp.zeros((k, k)).at[D : D + p, D : D + p].set(jnp.sqrt(n) * jnp.eye(p)).at[-1, -1].set(1.0)
    w_pv = jnp.zeros((k, k)).at[:D, :D].set(jnp.eye(D))
    return w_kq, w_pv


def random_keys(key, n: int, p: int):
    """n positional keys r_i = g_i - mean(g), g_i ~ N(0, I_p / p): E R R^T = the centring projector."""
    g = jax.random.normal(key, (n, p)) / jnp.sqrt(p)
    return g - g.mean(axis=0)


def orthonormal_keys(n: int, p: int):
    """n keys in R^p (p >= n - 1) with R R^T = I - 11^T/n: an orthonormal basis of 1-perp (Helmert)."""
    if p < n - 1:
        raise ValueError(f"orthonormal keys need p >= n - 1 (got p = {p}, n = {n})")
    k = jnp.arange(1, n)[:, None]  # row k: (1, ..., 1 [k times], -k, 0, ..., 0) / sqrt(k(k+1))
    j = jnp.arange(n)[None, :]
    helmert = jnp.where(j < k, 1.0, 0.0) - jnp.where(j == k, k, 0.0)
    basis = helmert / jnp.sqrt(k * (k + 1.0))  # (n-1, n) orthonormal rows, each orthogonal to 1
    return jnp.zeros((n, p)).at[:, : n - 1].set(basis.T)


def key_tokens(rows, keys):
    return jnp.concatenate([rows, keys, jnp.ones((rows.shape[0], 1))], axis=1)


def key_queries(xi, D: int):
    """Query tokens (0_D, xi_j, 1) for xi rows (m, p)."""
    m = xi.shape[0]
    return jnp.concatenate([jnp.zeros((m, D)), xi, jnp.ones((m, 1))], axis=1)


# ---------------------------------------------------------------- D3/D4: one gradient step
def gradient_step_weights(d: int, precondition=None):
    """W_KQ = [[A, 0], [0, 0]] (A = eta I or a preconditioner), W_PV = e_y e_y^T."""
    A = jnp.eye(d) if precondition is None else jnp.asarray(precondition)
    k = d + 1
    w_kq = jnp.zeros((k, k)).at[:d, :d].set(A)
    w_pv = jnp.zeros((k, k)).at[d, d].set(1.0)
    return w_kq, w_pv


def regression_tokens(X, y):
    return jnp.concatenate([X, y[:, None]], axis=1)


def regression_queries(Xq, noise=None):
    """Query tokens (x_j, noise_j) (noise 0 for prediction)."""
    noise = jnp.zeros(Xq.shape[0]) if noise is None else noise
    return jnp.concatenate([Xq, noise[:, None]], axis=1)


def lsa_regression_prediction(w_kq, w_pv, X, y, Xq):
    """The y-slot of the layer at queries (x_q, 0)."""
    return lsa(w_kq, w_pv, regression_tokens(X, y), regression_queries(Xq))[:, -1]


def gradient_step_prediction(X, y, Xq, eta: float):
    """Prediction of one gradient step from w = 0 on L(w) = (1/2n) sum (w^T x_i - y_i)^2, by autodiff."""

    def loss(w):
        return 0.5 * jnp.mean((X @ w - y) ** 2)

    w1 = -eta * jax.grad(loss)(jnp.zeros(X.shape[1]))
    return Xq @ w1


# ---------------------------------------------------------------- scoring
def cholesky_unrolled(A):
    """Lower Cholesky factor by the textbook recursion, unrolled over the (static, small) dimension.

    Plain jnp arithmetic instead of LAPACK: with jax 0.10.1 on CPU, vmapped batches of LAPACK
    factorisations (cholesky, slogdet) were seen to stall in a futex wait; the rows here are small (D <= 50)."""
    D = A.shape[0]
    L = jnp.zeros_like(A)
    for j in range(D):
        diag = jnp.sqrt(A[j, j] - jnp.sum(L[j, :j] ** 2))
        L = L.at[j, j].set(diag)
        if j + 1 < D:
            col = (A[j + 1 :, j] - L[j + 1 :, :j] @ L[j, :j]) / diag
            L = L.at[j + 1 :, j].set(col)
    return L


def _forward_solve(L, B):
    """L^{-1} B for lower-triangular L (unrolled)."""
    D = L.shape[0]
    X = jnp.zeros_like(B)
    for j in range(D):
        X = X.at[j].set((B[j] - L[j, :j] @ X[:j]) / L[j, j])
    return X


def gaussian_kl(mean0, cov0, mean1, cov1):
    """KL(N(mean0, cov0) || N(mean1, cov1)) = [tr(S1^-1 S0) - D + (m1-m0)^T S1^-1 (m1-m0) + log det S1/det S0]/2,
    by Cholesky factors (the scoring rule, like exact_risk)."""
    D = mean0.shape[0]
    L0, L1 = cholesky_unrolled(cov0), cholesky_unrolled(cov1)
    M = _forward_solve(L1, L0)  # L1^{-1} L0: tr(S1^-1 S0) = ||M||_F^2
    u = _forward_solve(L1, (mean1 - mean0)[:, None])[:, 0]
    logdet_ratio = 2 * jnp.sum(jnp.log(jnp.diag(L1)) - jnp.log(jnp.diag(L0)))
    return 0.5 * (jnp.sum(M**2) - D + u @ u + logdet_ratio)
