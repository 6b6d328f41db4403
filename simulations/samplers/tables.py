"""The samplers' NumPy paths for real tables: the laws of smote.py, adasyn.py and generators.py, drawn with
scikit-learn's exact nearest neighbours and NumPy, for one large table at a time.

The JAX generators (Smote, Adasyn, Duplication, GShift) are built for the simulations: thousands of small
data sets under `vmap`, with an n x n distance matrix per data set and one compilation per shape. On one
large table that matrix does not fit (10^5 rows: 80 GB) and each new shape recompiles, so the
imbalanced-learn samplers (imblearn_api.py) draw here instead:

    neighbours      scikit-learn's KDTree for d <= 15 (queries split over the cores), NearestNeighbors
                    otherwise the chunked brute-force search (`ArgKmin`), as imbalanced-learn's own choice;
                    exact, memory O(n k) plus fixed-size chunks, never n x n
    SMOTE           z = x_i + lambda (x_j - x_i), i uniform over the n rows, j uniform among the k nearest
                    other rows of x_i, lambda ~ U(0, 1)            (Chawla et al. 2002; imbalanced-learn)
    ADASYN          base rows allocated by largest remainders of r_hat m, r_i the share of other-class rows
                    among the k_density nearest neighbours of x_i  (He et al. 2008; adasyn.py)
    duplication     rows drawn uniformly with replacement (a bootstrap)
    Gaussian        xi ~ N(0, I_d), for the G-shift sampler's center + sd (delta + sigma_syn xi)

Each draw is the same random variable as the JAX generator's on the same rows (tests/test_smote.py checks
moments and two-sample tests); the bytes differ, because the random streams differ (NumPy's PCG64 here,
JAX's threefry there). Neighbour ties (exact duplicate rows) are broken by index on both paths, a row
never being its own neighbour. Everything is float64 NumPy, whatever JAX's precision setting.
"""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from sklearn.neighbors import KDTree, NearestNeighbors

from synthover.simulations.samplers.smote import check_neighbours

CHUNK_ROWS = 65_536  # synthetic rows made per step: temporaries stay O(CHUNK_ROWS d)
KD_TREE_MAX_FEATURES = 15  # scikit-learn's own switch between trees and brute force
PARALLEL_QUERIES = 4_096  # queries per thread at least (threads cost more than they save below)


def k_nearest(rows: np.ndarray, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(distances, indices) of the k nearest of `rows` to each query, exact and Euclidean: scikit-learn's
    KD tree for d <= 15 (called directly: NearestNeighbors' checks cost ~0.5 ms a call, the whole search
    on a small table), its queries split over the cores from PARALLEL_QUERIES queries (the tree's query
    releases the GIL); otherwise NearestNeighbors' chunked brute-force search, as imbalanced-learn's."""
    n, d = rows.shape
    if not (d <= KD_TREE_MAX_FEATURES and k < n // 2):
        return NearestNeighbors(n_neighbors=k, algorithm="brute").fit(rows).kneighbors(queries)
    tree = KDTree(rows)
    workers = min(os.cpu_count() or 1, len(queries) // PARALLEL_QUERIES)
    if workers <= 1:
        return tree.query(queries, k=k)
    with ThreadPoolExecutor(workers) as pool:
        parts = list(pool.map(lambda part: tree.query(part, k=k), np.array_split(queries, workers)))
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def _neighbours_of(rows: np.ndarray, queries: np.ndarray, self_index: np.ndarray, k: int) -> np.ndarray:
    """The k nearest rows of each query, nearest first, ties by index, the query's own row (self_index)
    left out: k + 1 are searched, and the farthest dropped when the own row is not among them (which
    happens only among exact duplicates)."""
    dist, idx = k_nearest(rows, queries, k + 1)
    order = np.lexsort((idx, dist), axis=1)
    idx = np.take_along_axis(idx, order, axis=1)
    own = idx == self_index[:, None]
    own[~own.any(axis=1), -1] = True
    return idx[~own].reshape(len(idx), k)


def nearest_rows(rows: np.ndarray, k: int) -> np.ndarray:
    """(n, k) indices of the k nearest other rows of each row, nearest first."""
    n = rows.shape[0]
    check_neighbours(k, n)
    return _neighbours_of(rows, rows, np.arange(n), k)


def interpolate_into(out: np.ndarray, rng: np.random.Generator, rows: np.ndarray, neighbours: np.ndarray,
                     base: np.ndarray) -> np.ndarray:
    """out[t] = x_b + lambda (x_nb - x_b), b = base[t], nb uniform among neighbours[b], lambda ~ U(0, 1)."""
    k = neighbours.shape[1]
    for start in range(0, len(base), CHUNK_ROWS):
        b = base[start:start + CHUNK_ROWS]
        z = out[start:start + len(b)]
        np.take(rows, neighbours[b, rng.integers(0, k, len(b))], axis=0, out=z, mode="clip")  # unbuffered
        x = rows[b]
        z -= x
        z *= rng.random((len(b), 1))
        z += x
    return out


def smote_rows(rng: np.random.Generator, rows: np.ndarray, m: int, k: int = 5, out=None) -> np.ndarray:
    """m SMOTE rows from the group's rows (n, d), n > k (the law of smote.Smote)."""
    out = np.empty((m, rows.shape[1])) if out is None else out
    neighbours = nearest_rows(rows, k)
    if m == 0:
        return out
    return interpolate_into(out, rng, rows, neighbours, rng.integers(0, rows.shape[0], m))


def hardness(X: np.ndarray, in_group: np.ndarray, k_density: int) -> np.ndarray:
    """r_i: the share of rows outside the group among the k_density nearest other rows of each group row
    x_i, searched in the whole table X (the law of adasyn.hardness)."""
    check_neighbours(k_density, X.shape[0], "k_density")
    where = np.flatnonzero(in_group)
    nearest = _neighbours_of(X, X[where], where, k_density)
    return np.mean(~in_group[nearest], axis=1)


def allocate(weights: np.ndarray, m: int) -> np.ndarray:
    """Largest-remainder integer counts g >= 0, sum m, |g_i - weights_i m / sum(weights)| < 1; uniform
    shares when every weight is 0 (adasyn.allocate, the same rule, stable ties by index)."""
    weights = np.asarray(weights, dtype=np.float64)
    n, total = len(weights), weights.sum()
    share = (weights / total if total > 0 else np.full(n, 1.0 / n)) * m
    counts = np.floor(share).astype(np.int64)
    order = np.argsort(-(share - counts), kind="stable")
    counts[order[: m - counts.sum()]] += 1
    return counts


def adasyn_rows(rng: np.random.Generator, X: np.ndarray, in_group: np.ndarray, m: int, k: int = 5,
                k_density: int = 5, out=None) -> np.ndarray:
    """m ADASYN rows for the group X[in_group], the other rows of X as its context (adasyn.Adasyn)."""
    rows = X[in_group]
    out = np.empty((m, X.shape[1])) if out is None else out
    neighbours = nearest_rows(rows, k)
    if m == 0:
        return out
    counts = allocate(hardness(X, in_group, k_density), m)
    return interpolate_into(out, rng, rows, neighbours, np.repeat(np.arange(len(rows)), counts))


def duplicate_rows(rng: np.random.Generator, rows: np.ndarray, m: int, out=None) -> np.ndarray:
    """m rows drawn uniformly with replacement from `rows` (generators.Duplication)."""
    out = np.empty((m, rows.shape[1])) if out is None else out
    np.take(rows, rng.integers(0, rows.shape[0], m), axis=0, out=out, mode="clip")  # indices valid: unbuffered
    return out


def gaussian_rows(rng: np.random.Generator, center: np.ndarray, scale: np.ndarray, m: int, out=None) -> np.ndarray:
    """m rows center + scale * xi, xi ~ N(0, I_d) (generators.GShift with center + delta and sigma_syn
    folded into `center` and `scale`)."""
    out = np.empty((m, len(center))) if out is None else out
    for start in range(0, m, CHUNK_ROWS):
        stop = min(m, start + CHUNK_ROWS)
        rows = rng.standard_normal((stop - start, len(center)))  # (out= is slower in NumPy 2.x)
        rows *= scale
        rows += center
        out[start:stop] = rows
    return out
