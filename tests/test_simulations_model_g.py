"""Simulation building blocks: fast vs full paths, Newton vs scikit-learn, exact risk vs a test set, chunking."""
import jax
import jax.numpy as jnp
import numpy as np
import pytest
from scipy import stats

from synthover.simulations.exact_risk import balanced_risk, group_risks
from synthover.simulations.samplers.generators import Duplication, GShift, Replication
from synthover.simulations.logistic import fit_logistic
from synthover.simulations.model_g.model import ModelG, shift_vector
from synthover.simulations.montecarlo import monte_carlo, replicate
from synthover.simulations.model_g.oversampling import Design, lda_fast, lda_full, logistic_full

DESIGN = Design(d=3, s=1.0, n0=60, n1=12, m=48)
Z = 4.0  # five comparisons per generator; fixed seeds


def _generators(design):
    mu = design.model.mu
    return {"gshift": GShift(mu, shift_vector(design.d, 0.3, 0.2), 0.7), "duplication": Duplication(), "replication": Replication()}


@pytest.mark.parametrize("d", [2, 3, 7])
@pytest.mark.parametrize("name", ["gshift", "duplication", "replication"])
def test_fast_and_full_lda_paths_agree_in_distribution(name, d):
    """d >= 3 exercises the reduced fast path (two coordinates + chi-square), d = 2 the plain one."""
    design = Design(d=d, s=1.0, n0=60, n1=12, m=48)
    gen = _generators(design)[name]
    fast = replicate(lda_fast(design, gen), jax.random.PRNGKey(1), 4000)["excess"]
    full = replicate(lda_full(design, gen), jax.random.PRNGKey(2), 4000)["excess"]
    se = np.sqrt(fast.var() / fast.size + full.var() / full.size)
    assert abs(fast.mean() - full.mean()) < Z * se
    assert stats.ks_2samp(fast, full).pvalue > 1e-3


def test_newton_logistic_matches_scikit_learn():
    from sklearn.linear_model import LogisticRegression

    model = ModelG(4, 1.0)
    k0, k1, kw = jax.random.split(jax.random.PRNGKey(3), 3)
    X = jnp.concatenate([model.sample(k0, 0, 300), model.sample(k1, 1, 60)])
    y = jnp.concatenate([jnp.zeros(300), jnp.ones(60)])
    weight = jax.random.uniform(kw, (360,), minval=0.5, maxval=2.0)
    w, b = fit_logistic(X, y, weight)
    ref = LogisticRegression(C=np.inf, tol=1e-12, max_iter=10_000).fit(np.asarray(X), np.asarray(y), sample_weight=np.asarray(weight))
    np.testing.assert_allclose(np.asarray(w), ref.coef_[0], rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(float(b), ref.intercept_[0], rtol=1e-6, atol=1e-8)


def test_exact_risk_matches_a_large_test_set():
    model = ModelG(3, 1.2)
    w, b = jnp.array([1.0, 0.3, -0.2]), 0.4
    r0, r1 = group_risks(w, b, model.mu)
    n = 400_000
    X0, X1 = model.sample(jax.random.PRNGKey(4), 0, n), model.sample(jax.random.PRNGKey(5), 1, n)
    e0, e1 = float(jnp.mean(X0 @ w + b > 0)), float(jnp.mean(X1 @ w + b <= 0))
    for exact, empirical in ((r0, e0), (r1, e1)):
        assert abs(float(exact) - empirical) < Z * np.sqrt(float(exact) * (1 - float(exact)) / n)


def test_bayes_rule_has_balanced_risk_phi_minus_s():
    model = ModelG(5, 1.0)
    assert float(balanced_risk(model.mu, 0.0, model.mu)) == pytest.approx(stats.norm.cdf(-1.0), rel=1e-12)


def test_monte_carlo_is_deterministic_and_chunks_do_not_change_the_mean_much():
    stat = lda_fast(DESIGN, Duplication())
    a = monte_carlo(stat, jax.random.PRNGKey(7), 3000, chunk=1000)["excess"]
    b = monte_carlo(stat, jax.random.PRNGKey(7), 3000, chunk=1000)["excess"]
    c = monte_carlo(stat, jax.random.PRNGKey(7), 3000, chunk=512)["excess"]
    assert a == b
    assert abs(a.mean - c.mean) < Z * np.hypot(a.se, c.se)


def test_releasing_compiled_programs_changes_no_number():
    from synthover.simulations.montecarlo import release_compiled

    stat = lda_fast(DESIGN, Duplication())
    before = monte_carlo(stat, jax.random.PRNGKey(9), 2000, chunk=1000)["excess"]
    release_compiled()
    assert monte_carlo(lda_fast(DESIGN, Duplication()), jax.random.PRNGKey(9), 2000, chunk=1000)["excess"] == before


def test_monte_carlo_merges_chunks_like_one_pass():
    values = replicate(lda_fast(DESIGN, Duplication()), jax.random.PRNGKey(8), 2500, chunk=1000)["excess"]
    summary = monte_carlo(lda_fast(DESIGN, Duplication()), jax.random.PRNGKey(8), 2500, chunk=1000)["excess"]
    assert summary.mean == pytest.approx(values.mean(), rel=1e-12)
    assert summary.var == pytest.approx(values.var(ddof=1), rel=1e-9)


def test_replication_needs_a_multiple():
    with pytest.raises(ValueError, match="multiple"):
        Replication().sample(jax.random.PRNGKey(0), jnp.zeros((5, 2)), 7)


def test_logistic_full_path_runs_vmapped():
    out = monte_carlo(logistic_full(DESIGN, Duplication()), jax.random.PRNGKey(9), 64, chunk=32)
    assert 0 < out["excess"].mean < 0.5


def test_a_generator_that_is_not_a_pytree_still_runs_the_fast_path():
    """lda_fast passes the built-in generators as traced arguments; a user's generator class that is not a
    pytree runs as a closure, with the same numbers as a built-in generator of the same law."""
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class SameAsReplication:
        def pooled_mean_law(self, key, center, sigma, n, m):
            return center, sigma / jnp.sqrt(n)

    design = Design(5, 1.0, 1000, 200, 800)
    mine = monte_carlo(lda_fast(design, SameAsReplication()), jax.random.PRNGKey(0), 2000)["excess"]
    builtin = monte_carlo(lda_fast(design, Replication()), jax.random.PRNGKey(0), 2000)["excess"]
    assert mine.mean == builtin.mean


def test_a5_chunks_stay_under_the_cell_cap_and_keep_the_grid_keys():
    """At d = 20 and 15,114 rows a chunk sized by rows alone (132 replications) held 22 GB; the cap cuts it to 20.
    At the check's own points the cap does not bind, so their chunks (and keys) are those sized by rows."""
    from synthover.paper_checks import registry
    from synthover.simulations.model_g.experiments import ERM_CHUNK_CELLS, erm_chunk, finite_class_size

    assert erm_chunk(20, 15_114, 300) * 15_114 * finite_class_size(20) <= ERM_CHUNK_CELLS < 132 * 15_114 * 1265
    for p in registry.get("A5").grid:
        rows = p["n0"] + p["n1"] + p["m"]
        assert erm_chunk(p["d"], rows, 400) == min(400, 2_000_000 // rows)
