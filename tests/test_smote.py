"""SMOTE and ADASYN in JAX: exact neighbours, vmap, and agreement with imbalanced-learn in distribution;
the table path (NumPy + scikit-learn) against the JAX path: the same neighbours, weights and allocation
exactly, the same law in distribution; the SMOTE point's moments (sympy) and the SMOTE claim at quick size."""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from imblearn.over_sampling import ADASYN, SMOTE
from scipy.stats import chisquare, ks_2samp, norm
from sklearn.neighbors import NearestNeighbors

from synthover.simulations.samplers import tables
from synthover.simulations.samplers.adasyn import Adasyn, allocate, hardness
from synthover.simulations.samplers.generators import Duplication, GShift
from synthover.simulations.samplers.smote import Smote, nearest_neighbours
from synthover.theory.samplers import smote_moments

M = 6000  # synthetic rows per implementation in the distribution tests


def table(seed=0, n0=150, n1=40, d=3):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n0, d)) + 0.8, rng.normal(size=(n1, d))


def distribution_gaps(ours: np.ndarray, theirs: np.ndarray, family_error=0.01) -> list[str]:
    """The tests two samples of rows fail: means within z SE, covariances within z SE (from the fourth
    moments), KS on each coordinate and on a fixed oblique direction; z and the KS level are Bonferroni
    over the tests made, so two samples of one law fail any of them with probability <= family_error."""
    d = ours.shape[1]
    n_tests = d + d * (d + 1) // 2 + d + 1
    z = float(norm.ppf(1 - family_error / (2 * n_tests)))
    gaps = []
    se_mean = np.sqrt(ours.var(0) / len(ours) + theirs.var(0) / len(theirs))
    gaps += [f"mean {j}" for j in range(d) if abs(ours[:, j].mean() - theirs[:, j].mean()) > z * se_mean[j]]
    for a in range(d):
        for b in range(a, d):
            pa = (ours[:, a] - ours[:, a].mean()) * (ours[:, b] - ours[:, b].mean())
            pb = (theirs[:, a] - theirs[:, a].mean()) * (theirs[:, b] - theirs[:, b].mean())
            se = np.sqrt(pa.var() / len(pa) + pb.var() / len(pb))
            if abs(pa.mean() - pb.mean()) > z * se:
                gaps.append(f"covariance {a},{b}")
    direction = np.linspace(1.0, 2.0, d) / np.linalg.norm(np.linspace(1.0, 2.0, d))
    projections = {**{f"KS {j}": (lambda X, j=j: X[:, j]) for j in range(d)}, "KS oblique": lambda X: X @ direction}
    gaps += [name for name, proj in projections.items()
             if ks_2samp(proj(ours), proj(theirs)).pvalue <= family_error / n_tests]
    return gaps


def assert_same_distribution(ours: np.ndarray, theirs: np.ndarray, family_error=0.01):
    gaps = distribution_gaps(ours, theirs, family_error)
    assert not gaps, gaps


def imblearn_new_rows(sampler, X0, X1, m):
    X = np.vstack([X0, X1])
    y = np.r_[np.zeros(len(X0), int), np.ones(len(X1), int)]
    X_res, _ = sampler.set_params(sampling_strategy={1: len(X1) + m}).fit_resample(X, y)
    return X_res[len(X):]


def test_neighbours_match_scikit_learn():
    _, X1 = table(n1=60, d=4)
    ours = np.asarray(nearest_neighbours(jnp.asarray(X1), 5))
    theirs = NearestNeighbors(n_neighbors=6).fit(X1).kneighbors(X1, return_distance=False)[:, 1:]
    np.testing.assert_array_equal(ours, theirs)


def test_smote_matches_imblearn_in_distribution():
    X0, X1 = table()
    ours = np.asarray(Smote(5).sample(jax.random.PRNGKey(0), jnp.asarray(X1), M))
    theirs = imblearn_new_rows(SMOTE(k_neighbors=5, random_state=0), X0, X1, M)
    assert_same_distribution(ours, theirs)


def test_table_neighbours_match_the_jax_neighbours_with_ties_and_both_searches():
    """Exact duplicates: a row is never its own neighbour; the brute search (d > 15) and the KD tree."""
    for d in (4, 20):
        _, X1 = table(seed=4, n1=80, d=d)
        X1[10] = X1[3]  # an exact duplicate pair
        ours = tables.nearest_rows(X1, 5)
        theirs = np.asarray(nearest_neighbours(jnp.asarray(X1), 5))
        assert not np.any(ours == np.arange(80)[:, None])
        assert ours[3, 0] == 10 and ours[10, 0] == 3
        np.testing.assert_array_equal(ours, theirs)


def test_tree_queries_split_over_threads_give_the_single_thread_answer(monkeypatch):
    """Large query sets are split over threads: the answer is the one-thread answer, row for row."""
    X = np.random.default_rng(6).standard_normal((3 * 64, 3))
    X[7] = X[2]
    one = tables.nearest_rows(X, 5)
    monkeypatch.setattr(tables, "PARALLEL_QUERIES", 64)
    monkeypatch.setattr(tables.os, "cpu_count", lambda: 3)
    np.testing.assert_array_equal(tables.nearest_rows(X, 5), one)
    np.testing.assert_array_equal(one, np.asarray(nearest_neighbours(jnp.asarray(X), 5)))


def test_table_hardness_and_allocation_match_the_jax_path():
    X0, X1 = table(seed=5)
    X = np.vstack([X0, X1])
    in_group = np.r_[np.zeros(len(X0), bool), np.ones(len(X1), bool)]
    r = tables.hardness(X, in_group, 5)
    jax_r = np.asarray(hardness(jnp.asarray(X1), jnp.asarray(X0), 5))  # a mean of booleans: float32 in JAX
    np.testing.assert_array_equal(np.rint(5 * r), np.rint(5 * jax_r))
    for m in (0, 1, 37, 1000):
        assert_same_allocation(tables.allocate(r, m), np.asarray(allocate(jnp.asarray(r), m)), r, m)
    np.testing.assert_array_equal(tables.allocate(np.zeros(4), 6), [2, 2, 1, 1])


def assert_same_allocation(ours, theirs, w, m):
    """Both largest-remainder allocations of w m / sum(w): equal, except that XLA's rounding of a share
    that is an integer or a tie in exact arithmetic can move one row between such rows."""
    share = w / w.sum() * m if w.sum() > 0 else np.full(len(w), m / len(w))
    assert ours.sum() == theirs.sum() == m
    assert np.all(np.abs(ours - share) < 1 + 1e-9) and np.all(np.abs(theirs - share) < 1 + 1e-9)
    frac = share - np.floor(share)
    tied = (np.abs(frac[:, None] - frac[None, :]) < 1e-9).sum(axis=1) > 1
    boundary = (np.minimum(frac, 1 - frac) < 1e-9) | tied
    np.testing.assert_array_equal(ours[~boundary], theirs[~boundary])


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 10), min_size=1, max_size=30), st.integers(0, 500))
def test_table_allocation_is_the_jax_allocation(weights, m):
    w = np.asarray(weights) / 10
    assert_same_allocation(tables.allocate(w, m), np.asarray(allocate(jnp.asarray(w), m)), w, m)


def table_and_jax_rows(kind: str, seed=6, control=False):
    """M rows of one generator from each path on the same data; `control` changes the table path's law
    (SMOTE and ADASYN: k = 1 instead of 5; duplication: SMOTE; G-shift: sigma_syn 0.9 instead of 1)."""
    X0, X1 = table(seed=seed)
    rng, key = np.random.default_rng(seed), jax.random.PRNGKey(seed)
    k = 1 if control else 5
    if kind == "SMOTE":
        return tables.smote_rows(rng, X1, M, k), np.asarray(Smote(5).sample(key, jnp.asarray(X1), M))
    if kind == "ADASYN":
        X = np.vstack([X0, X1])
        in_group = np.r_[np.zeros(len(X0), bool), np.ones(len(X1), bool)]
        jax_rows = Adasyn(others=jnp.asarray(X0)).sample(key, jnp.asarray(X1), M)
        return tables.adasyn_rows(rng, X, in_group, M, k, 5), np.asarray(jax_rows)
    if kind == "duplication":
        ours = tables.smote_rows(rng, X1, M, 5) if control else tables.duplicate_rows(rng, X1, M)
        return ours, np.asarray(Duplication().sample(key, jnp.asarray(X1), M))
    center, delta = np.full(3, 0.5), np.array([0.2, 0.0, -0.1])
    ours = tables.gaussian_rows(rng, center + delta, np.full(3, 0.9 if control else 1.0), M)
    return ours, np.asarray(GShift(jnp.asarray(center), jnp.asarray(delta), 1.0).sample(key, jnp.asarray(X1), M))


@pytest.mark.parametrize("kind", ["SMOTE", "ADASYN", "duplication", "G-shift"])
def test_table_path_draws_the_jax_law_and_rejects_a_changed_law(kind):
    assert_same_distribution(*table_and_jax_rows(kind))
    assert distribution_gaps(*table_and_jax_rows(kind, control=True)), "negative control not rejected"


def test_table_path_same_rng_same_bytes_and_bounded_chunks():
    _, X1 = table(seed=7)
    a = tables.smote_rows(np.random.default_rng(1), X1, tables.CHUNK_ROWS + 5, 5)
    b = tables.smote_rows(np.random.default_rng(1), X1, tables.CHUNK_ROWS + 5, 5)
    np.testing.assert_array_equal(a, b)
    assert a.shape == (tables.CHUNK_ROWS + 5, 3) and np.isfinite(a).all()
    with pytest.raises(ValueError, match="k must be < the number of rows"):
        tables.smote_rows(np.random.default_rng(1), X1[:5], 3, 5)


def test_smote_pairs_are_uniform_over_the_neighbour_table():
    """Each directed (row, neighbour) entry has probability 1/(n k); a segment listed twice (mutual
    neighbours) gets 2/(n k). Points are assigned to the segment that contains them."""
    n, k, m = 12, 3, 12_000
    _, X1 = table(n1=n, d=2)
    rows = jnp.asarray(X1)
    z = np.asarray(Smote(k).sample(jax.random.PRNGKey(2), rows, m))
    nb = np.asarray(nearest_neighbours(rows, k))
    multiplicity = {}
    for i in range(n):
        for c in range(k):
            seg = tuple(sorted((i, int(nb[i, c]))))
            multiplicity[seg] = multiplicity.get(seg, 0) + 1
    observed = []
    for i, j in multiplicity:
        seg = X1[j] - X1[i]
        lam = (z - X1[i]) @ seg / (seg @ seg)
        on = (np.linalg.norm(z - X1[i] - lam[:, None] * seg, axis=1) < 1e-9) & (lam >= 0) & (lam <= 1)
        observed.append(on.sum())
    assert sum(observed) == m
    expected = np.array(list(multiplicity.values())) / (n * k) * m
    assert chisquare(observed, expected).pvalue > 1e-3


def test_adasyn_matches_imblearn_in_distribution():
    X0, X1 = table(seed=1)
    ours = np.asarray(Adasyn(others=jnp.asarray(X0)).sample(jax.random.PRNGKey(0), jnp.asarray(X1), M))
    theirs = imblearn_new_rows(ADASYN(n_neighbors=5, random_state=0), X0, X1, M)
    assert abs(len(theirs) - M) <= len(X1)  # imbalanced-learn's rounding
    assert_same_distribution(ours, theirs)


def test_adasyn_allocation_matches_imblearn_counts():
    X0, X1 = table(seed=2)
    r = np.asarray(hardness(jnp.asarray(X1), jnp.asarray(X0), 5))
    X = np.vstack([X0, X1])
    y = np.r_[np.zeros(len(X0)), np.ones(len(X1))]
    nn = NearestNeighbors(n_neighbors=6).fit(X).kneighbors(X1, return_distance=False)[:, 1:]
    np.testing.assert_allclose(r, np.mean(y[nn] != 1, axis=1))
    counts = np.asarray(allocate(jnp.asarray(r), 1000))
    assert counts.sum() == 1000
    assert np.all(np.abs(counts - np.rint(r / r.sum() * 1000)) <= 1)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 10), min_size=1, max_size=30), st.integers(0, 500))
def test_allocation_is_exact_and_close_to_proportional(weights, m):
    """Weights as ADASYN makes them: fractions j/k_density of the nearest neighbours."""
    w = np.asarray(weights) / 10
    counts = np.asarray(allocate(jnp.asarray(w), m))
    assert counts.sum() == m and np.all(counts >= 0)
    share = w / w.sum() * m if w.sum() > 0 else np.full(len(w), m / len(w))
    assert np.all(np.abs(counts - share) < 1 + 1e-9)


def test_generators_vmap_and_are_deterministic():
    _, X1 = table()
    rows = jnp.asarray(X1)
    keys = jax.random.split(jax.random.PRNGKey(0), 4)
    out = jax.vmap(lambda k: Smote(5).sample(k, rows, 7))(keys)
    assert out.shape == (4, 7, 3)
    np.testing.assert_array_equal(out[1], Smote(5).sample(keys[1], rows, 7))
    others = jnp.asarray(table()[0])
    out = jax.jit(jax.vmap(lambda k: Adasyn(others=others).sample(k, rows, 9)))(keys)
    assert out.shape == (4, 9, 3)


def test_bad_input_is_one_line():
    rows = jnp.zeros((5, 2))
    with pytest.raises(ValueError, match="k must be < the number of rows"):
        Smote(5).sample(jax.random.PRNGKey(0), rows, 3)
    with pytest.raises(ValueError, match="k must be an integer >= 1"):
        Smote(0)
    with pytest.raises(ValueError, match="other groups' rows"):
        Adasyn().sample(jax.random.PRNGKey(0), jnp.zeros((9, 2)), 3)


# ------------------------------------------------------------------ theory: the SMOTE point's moments
def test_conditional_moments_are_the_stated_ones():
    x, D = smote_moments.x_u, smote_moments.D_u
    der = smote_moments.derive_smote_point()
    assert sp.simplify(der["conditional_mean"] - (x + D / 2)) == 0
    assert sp.simplify(der["conditional_var"] - D**2 / 12) == 0
    assert sp.simplify(der["conditional_second_moment"] - (x**2 + x * D + D**2 / 3)) == 0


def test_exchangeable_and_independent_limits():
    S, q = smote_moments.var_x, smote_moments.edd
    der = smote_moments.derive_smote_point()
    assert sp.simplify(der["exchangeable_var"] - (S - q / 6)) == 0
    assert sp.simplify(smote_moments.independent_neighbour_variance() - sp.Rational(2, 3) * S) == 0


def test_duplication_mean_variance_against_enumeration():
    expr = smote_moments.derive_duplication_mean_variance()["sum_c2"]
    n1_, m_ = 3, 2
    # enumerate all n1^m index draws
    import itertools

    total = 0
    for draw in itertools.product(range(n1_), repeat=m_):
        c = np.ones(n1_) + np.bincount(draw, minlength=n1_)
        total += np.sum(c**2)
    exact = sp.Rational(total, n1_**m_)
    assert sp.simplify(expr.subs({smote_moments.n1: n1_, smote_moments.m: m_}) - exact) == 0


def test_smote_claim_quick_agrees_and_rejects_controls():
    from synthover.paper_checks.samplers.claims_smote import SMOTE_CLAIM
    from synthover.paper_checks.runner import run_claims

    report = run_claims([SMOTE_CLAIM], quick=True, progress=False)  # quick_reps = 5000: powers the 10% controls
    verdict = report.claim_verdict("SMOTE")
    assert verdict["agree"] and verdict["all_controls_rejected"], [r.to_json() for r in report.rows]
