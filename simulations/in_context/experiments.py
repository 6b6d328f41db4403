"""In-context experiments (claims D1-D5 and their figures): Monte Carlo KLs, trained layers, and what they learned.

Each function takes a PRNG key and returns plain numbers (floats, numpy arrays, Summary records), so the
callers (paper_checks, figures) never touch JAX. Sizes of the D4 training runs depend only on quick/full.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import jax
import jax.numpy as jnp
import numpy as np

from synthover.simulations.in_context.generators import d1_kl, d2_kl, d2_kl_padded, d3_kl, oversampling_comparison
from synthover.simulations.in_context.training import (TrainConfig, cosine, learned_block, mean_generator_kl,
                                                       mean_generator_maps, regression_risk, train_key_generator,
                                                       train_mean_generator, train_regression)
from synthover.simulations.in_context.transformer import gradient_step_weights, lsa_regression_prediction
from synthover.simulations.model_g.oversampling import Design
from synthover.simulations.montecarlo import Summary, as_args, monte_carlo

# Replications per compiled chunk for statistics that factor covariances (Cholesky, slogdet): with jax 0.10.1 on
# CPU a vmapped batch of 2000 10x10 factorisations was seen to stall (futex wait, idle CPU); 500 runs reliably.
KL_CHUNK = 500
# D2 draws an n x p key matrix per replication: at n = 975, p = 1211 a chunk of 500 held 22 GB and the
# calibration was killed. Chunks shrink past this many cells (never at the check's points: the largest,
# 256 x 128, keeps 500, and a chunk sets the keys, so those numbers are unchanged).
KL_CHUNK_CELLS = 100_000_000


def _kl_chunk(cells_per_replication: int) -> int:
    return max(1, min(KL_CHUNK, KL_CHUNK_CELLS // cells_per_replication))
OVERSAMPLING_CHUNK_CELLS = 5_000_000  # rows x d per vmapped chunk of D5's replications (about 1 GB of work arrays)
# the in-context generators' attention scores are m x (prompt rows) per replication: at n0 = 4304, m = 4162 a
# chunk sized by rows x d alone held 21 GB of them (the calibration's process was killed for memory)
ATTENTION_CHUNK_CELLS = 200_000_000


@dataclass(frozen=True)
class TrainingSize:
    """D4's training run: regression (d, n, Lambda = diag(lam)) and generators (D, n, width p, prior tau)."""

    d: int
    n: int
    lam: tuple[float, ...]
    reg: TrainConfig
    gen: TrainConfig
    D: int
    p: int
    tau: float
    eval_reps: int  # prompts scoring the trained regression layer's risk
    gen_eval_reps: int  # tasks scoring the trained generator's KL


# Full: under ~1 minute of training on 2 cores.
D4_FULL = TrainingSize(4, 10, (0.25, 0.5, 1.0, 4.0), TrainConfig(2000, 512, 0.01), TrainConfig(800, 256, 0.02),
                       3, 8, 1.0, 200_000, 20_000)
D4_QUICK = TrainingSize(3, 10, (0.25, 1.0, 4.0), TrainConfig(500, 128, 0.02), TrainConfig(300, 64, 0.03),
                        3, 4, 1.0, 40_000, 5_000)


def d4_size(quick: bool) -> TrainingSize:
    return D4_QUICK if quick else D4_FULL


def kl_d1(D: int, n: int, key, reps: int) -> Summary:
    return monte_carlo(d1_kl(D, n), key, reps, chunk=KL_CHUNK)["kl"]


def kl_d2(D: int, n: int, p: int, key, reps: int, orthonormal: bool = False) -> Summary:
    return monte_carlo(d2_kl(D, n, p, orthonormal=orthonormal), key, reps, chunk=_kl_chunk(n * (p + D)))["kl"]


def kl_d3(d: int, n: int, beta_norm: float, sigma_eps: float, key, reps: int) -> Summary:
    return monte_carlo(d3_kl(d, n, beta_norm, sigma_eps), key, reps, chunk=KL_CHUNK)["kl"]


def oversampling_summaries(d: int, s: float, n0: int, n1: int, m: int, key, reps: int) -> dict[str, Summary]:
    """D5: v1, Cov and excess balanced risks of plug-in LDA under each in-context oversampler."""
    chunk = max(1, min(1000, OVERSAMPLING_CHUNK_CELLS // ((n0 + n1 + m) * d),
                       ATTENTION_CHUNK_CELLS // max(1, m * (n0 + 2 * n1))))  # seed: m x n1, structural: m x (n0 + n1)
    return monte_carlo(oversampling_comparison(Design(d, s, n0, n1, m)), key, reps, chunk=chunk)


def kl_d2_table(D: int, ns, ps, key, reps: int) -> dict:
    """{(n, p): (mean, SE)} of the random-key generator's E KL; point (i, j) draws under fold_in(key, 100 i + j).

    A row of the table (one n) runs one compiled program: d2_kl_padded at that n and the largest p, with
    p traced (padding n too would make the small-n rows cost as much as the largest)."""
    table = {}
    for i, n in enumerate(ns):
        stat = _padded_stat(D, n, max(ps))
        for j, p in enumerate(ps):
            s = monte_carlo(stat, jax.random.fold_in(key, 100 * i + j), reps, chunk=_kl_chunk(n * (max(ps) + D)),
                            args=as_args((n, p)))["kl"]
            table[(n, p)] = (s.mean, s.se)
    return table


@lru_cache(maxsize=16)
def _padded_stat(D: int, n_max: int, p_max: int):
    """One statistic object per table shape, so monte_carlo's compile cache finds it again."""
    return d2_kl_padded(D, n_max, p_max)


def kl_d2_orthonormal(D: int, ns, key, reps: int) -> list[Summary]:
    return [kl_d2(D, n, n, jax.random.fold_in(key, i), reps, orthonormal=True) for i, n in enumerate(ns)]


def _cos(a, b) -> float:
    return float(cosine(jnp.asarray(a), jnp.asarray(b)))


def trained_regression(key, size: TrainingSize) -> dict:
    """Train the regression layer; its risk (Summary), learned key-query block and final training loss."""
    k_train, k_eval = jax.random.split(key)
    lam = jnp.array(size.lam)
    params, losses = train_regression(k_train, size.d, size.n, lam, size.reg)
    risk = monte_carlo(regression_risk(params, size.n, lam), k_eval, size.eval_reps, chunk=20_000)["risk"]
    return {"risk": risk, "block": np.asarray(learned_block(params)), "losses": np.asarray(losses)}


def layer_on_random_prompts(key, count: int, n_rows: int, dim: int, eta: float) -> list[dict]:
    """Output of the gradient-step layer (W_KQ = [[eta I, 0], [0, 0]]) on random prompts, with the prompts."""
    w_kq, w_pv = gradient_step_weights(dim, eta * jnp.eye(dim))
    out = []
    for k in jax.random.split(key, count):
        kx, ky, kq = jax.random.split(k, 3)
        X, y = jax.random.normal(kx, (n_rows, dim)), jax.random.normal(ky, (n_rows,))
        xq = jax.random.normal(kq, (1, dim))
        out.append({"X": np.asarray(X), "y": np.asarray(y), "xq": np.asarray(xq[0]),
                    "output": float(lsa_regression_prediction(w_kq, w_pv, X, y, xq)[0])})
    return out


def trained_generators(key, size: TrainingSize) -> dict:
    """Train the D1 and D2 generator layers; what they learned, as numbers."""
    D, n, p, tau, cfg = size.D, size.n, size.p, size.tau, size.gen
    k1, k2, k3 = jax.random.split(key, 3)
    params, mean_losses = train_mean_generator(k1, D, n, tau, cfg)
    maps = mean_generator_maps(params, D)
    B = np.asarray(maps["B"])
    kl = monte_carlo(mean_generator_kl(params, D, n, tau), k2, size.gen_eval_reps, chunk=KL_CHUNK)["kl"]
    (K, V, b), _ = train_key_generator(k3, D, n, p, tau, cfg)
    K, V, b = np.asarray(K), np.asarray(V), float(b)
    v = float(np.trace(V) / D)
    return {
        "mean_map_trace": float(np.trace(B) / D), "cos_B_identity": _cos(B, np.eye(D)), "kl": kl,
        "noise_path_norm": float(maps["noise_path"]), "second_moment_leak": float(maps["second_moment_leak"]),
        "constant": float(maps["constant"]), "mean_losses": np.asarray(mean_losses),
        "noise_scale": v**2 * float(np.trace(K @ K.T)) / p / n, "mean_coefficient": b * v,
        "cos_keys_identity": _cos(K @ K.T, np.eye(p)), "cos_V_identity": _cos(V, np.eye(D)),
    }


def frobenius_cosine(a, b) -> float:
    """Frobenius cosine of two matrices (numpy in, float out): the controls' alignments."""
    return _cos(a, b)


def training_losses(key, size: TrainingSize) -> dict:
    """Training-loss curves of the regression layer and the D1 generator (for figures)."""
    _, reg = train_regression(key, size.d, size.n, jnp.array(size.lam), size.reg)
    _, gen = train_mean_generator(key, size.D, size.n, size.tau, size.gen)
    return {"regression": np.asarray(reg), "generator": np.asarray(gen)}
