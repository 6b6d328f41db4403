"""Simulations of the neighbouring results E1-E3 (exact scoring; no formula under test is used).

E1: no-intercept least squares with a biased aligned generator (Ma & Zhang); E2: logistic ERM after SMOTE
versus the bootstrap (Xia & Klusowski); E3: the Bayes error with unequal priors, rebalanced logistic
fits, and Owen's infinitely imbalanced limit.
"""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
from jax.scipy.stats import norm

from synthover.simulations.samplers.generators import Duplication
from synthover.simulations.logistic import fit_logistic
from synthover.simulations.model_g.model import ModelG
from synthover.simulations.model_g.oversampling import score
from synthover.simulations.montecarlo import monte_carlo
from synthover.simulations.samplers.smote import Smote

MU_MIN, A_SYN = np.array([1.0, 0.0]), np.array([0.5, 0.0])
E2_SEPARATION = 0.5  # classes N(0, I) and N(1_d/sqrt d, I): model G with s = 1/2 (docs/theory/neighbouring.md)
OWEN_SIGMA0 = np.array([[1.0, 0.3], [0.3, 0.5]])
OWEN_MU0 = np.array([0.0, 0.0])


def least_squares_stat(n0: int, n1: int, n_syn: int):
    """No-intercept least squares on n0 rows N(0, I2) (y = 0), n1 rows N(e1, I2) and n_syn rows
    N(e1/2, I2) (y = 1); returns theta_hat and its exact balanced squared excess risk
    R_bal(theta) = [E_0 (theta^T x)^2 + E_1 (theta^T x - 1)^2]/2 minus its minimum (scored exactly)."""
    mu, a = jnp.asarray(MU_MIN), jnp.asarray(A_SYN)
    h = 2 * jnp.eye(2) + jnp.outer(mu, mu)  # Hessian of 2 R_bal
    theta_star = jnp.linalg.solve(h, mu)

    def stat(key):
        k0, k1, ks = jax.random.split(key, 3)
        X = jnp.concatenate([jax.random.normal(k0, (n0, 2)), mu + jax.random.normal(k1, (n1, 2)),
                             a + jax.random.normal(ks, (n_syn, 2))])
        y = jnp.concatenate([jnp.zeros(n0), jnp.ones(n1 + n_syn)])
        theta = jnp.linalg.solve(X.T @ X, X.T @ y)
        gap = theta - theta_star
        return {"theta1": theta[0], "theta2": theta[1], "excess": 0.5 * gap @ h @ gap}

    return stat


def smote_versus_bootstrap_stat(d: int, n0: int, n1: int, k: int = 5, iters: int = 15):
    """Logistic ERM after balancing the same data by SMOTE and by the bootstrap; exact excess R_bal."""
    model = ModelG(d, E2_SEPARATION)
    mu, m = model.mu, n0 - n1
    y = jnp.concatenate([jnp.zeros(n0), jnp.ones(n0)])

    def stat(key):
        k0, k1, ks, kb = jax.random.split(key, 4)
        X0, X1 = model.sample(k0, 0, n0), model.sample(k1, 1, n1)
        fits = {}
        for name, gen, kk in (("smote", Smote(k), ks), ("boot", Duplication(), kb)):
            X = jnp.concatenate([X0, X1, gen.sample(kk, X1, m)])
            w, b = fit_logistic(X, y, iters=iters)
            fits[name] = score(w, b, mu, 1.0)["excess"]
        return {**fits, "diff": fits["smote"] - fits["boot"]}

    return stat


def bayes_error_stat(d: int, s: float, pi1: float, batch: int = 512):
    """0-1 error of the Bayes rule (posterior from the densities and priors) on `batch` fresh draws."""
    mu = ModelG(d, s).mu

    def stat(key):
        ky, kx = jax.random.split(key)
        y = jax.random.bernoulli(ky, pi1, (batch,))
        x = jnp.where(y[:, None], mu, -mu) + jax.random.normal(kx, (batch, d))
        log1 = jnp.log(pi1) + jnp.sum(norm.logpdf(x - mu), axis=1)
        log0 = jnp.log1p(-pi1) + jnp.sum(norm.logpdf(x + mu), axis=1)
        return {"error": jnp.mean((log1 > log0) != y)}

    return stat


def rebalancing_stat(d: int, s: float, n0: int, n1: int, iters: int = 20):
    """Logistic ERM on the same rows, unweighted and with class weights 1/n_k: intercept and slope change."""
    model = ModelG(d, s)
    y = jnp.concatenate([jnp.zeros(n0), jnp.ones(n1)])
    weight = jnp.where(y == 1, 1.0 / n1, 1.0 / n0)

    def stat(key):
        k0, k1 = jax.random.split(key)
        X = jnp.concatenate([model.sample(k0, 0, n0), model.sample(k1, 1, n1)])
        w_raw, b_raw = fit_logistic(X, y, iters=iters)
        w_bal, b_bal = fit_logistic(X, y, sample_weight=weight, iters=iters)
        return {"intercept_shift": b_bal - b_raw, "slope_ratio": w_bal[0] / w_raw[0]}

    return stat


def owen_stat(minority: jnp.ndarray, n0: int, iters: int = 40):
    """Logistic ERM with the minority rows fixed and n0 fresh majority rows N(mu0, Sigma0): the slope."""
    chol = jnp.asarray(np.linalg.cholesky(OWEN_SIGMA0))
    n1 = minority.shape[0]
    y = jnp.concatenate([jnp.zeros(n0), jnp.ones(n1)])

    def stat(key):
        X0 = jnp.asarray(OWEN_MU0) + jax.random.normal(key, (n0, 2)) @ chol.T
        w, _ = fit_logistic(jnp.concatenate([X0, minority]), y, iters=iters)
        return {"beta1": w[0], "beta2": w[1]}

    return stat


# ---------------------------------------------------------------- experiment functions (what claims call)


def e1_least_squares(key, n0: int, n1: int, n_syn: int, reps: int) -> dict:
    """Summaries of theta_1, theta_2 and the exact balanced excess over `reps` replications."""
    return monte_carlo(least_squares_stat(n0, n1, n_syn), key, reps, chunk=16)


def e2_smote_versus_bootstrap(key, d: int, n0: int, n1: int, k: int, reps: int, iters: int = 15) -> dict:
    """Summaries of the excess after SMOTE, after the bootstrap, and their paired difference."""
    return monte_carlo(smote_versus_bootstrap_stat(d, n0, n1, k, iters), key, reps, chunk=16)


def e2_ratio_sequence(key, d: int, n1s, k: int, reps: int, imbalance: int = 9) -> list[dict]:
    """e2_smote_versus_bootstrap at n0 = imbalance * n1 for each n1 (independent keys by index)."""
    return [e2_smote_versus_bootstrap(jax.random.fold_in(key, i), d, imbalance * n1, n1, k, reps)
            for i, n1 in enumerate(n1s)]


def e3_bayes_error(key, d: int, s: float, pi1: float, reps: int, batch: int = 512) -> dict:
    return monte_carlo(bayes_error_stat(d, s, pi1, batch), key, reps)


def e3_rebalancing(key, d: int, s: float, n0: int, n1: int, reps: int) -> dict:
    return monte_carlo(rebalancing_stat(d, s, n0, n1), key, reps, chunk=32)


def owen_experiment(key, n1: int, n0: int, reps: int, center=(0.8, -0.4)) -> tuple[np.ndarray, dict]:
    """n1 fixed minority rows N(center, I_2), then `reps` fits on fresh majority rows: (minority rows, summaries)."""
    k_min, k_sim = jax.random.split(key)
    minority = jnp.asarray(center) + jax.random.normal(k_min, (n1, 2))
    return np.asarray(minority), monte_carlo(owen_stat(minority, n0), k_sim, reps, chunk=8)
