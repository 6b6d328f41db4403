"""Linear self-attention constructions, generators, D4 training at small size, claims D at quick size."""
import jax
import jax.numpy as jnp
import numpy as np
import pytest

from synthover.paper_checks.in_context import claims_d
from synthover.paper_checks.params import ParameterError
from synthover.paper_checks.runner import evaluate_point, run_claims
from synthover.simulations.in_context.training import TrainConfig
from synthover.simulations.in_context.generators import KeyGenerator, LabelGenerator, MeanGenerator, StructuralPriorGenerator
from synthover.simulations.montecarlo import monte_carlo
from synthover.simulations.in_context.transformer import (
    gaussian_kl,
    gradient_step_prediction,
    gradient_step_weights,
    lsa_regression_prediction,
    orthonormal_keys,
    random_keys,
)

KEY = jax.random.PRNGKey(7)


def test_mean_generator_outputs_prompt_mean_plus_noise():
    rows = jax.random.normal(KEY, (9, 3))
    mean, J = MeanGenerator(2.0).law(rows)
    np.testing.assert_allclose(mean, rows.mean(axis=0), atol=1e-12)
    np.testing.assert_allclose(J, 2.0 * jnp.eye(3), atol=1e-12)


def test_key_generator_covariance_is_keyed_empirical_covariance():
    rows = jax.random.normal(KEY, (12, 3)) + 5.0
    gen = KeyGenerator(7)
    k = jax.random.PRNGKey(3)
    mean, J = gen.law(k, rows)
    R = gen.keys(k, 12)
    Zc = rows - rows.mean(axis=0)
    np.testing.assert_allclose(mean, rows.mean(axis=0), atol=1e-12)
    np.testing.assert_allclose(J @ J.T, Zc.T @ R @ R.T @ Zc / 12, atol=1e-10)
    np.testing.assert_allclose(random_keys(k, 12, 7).sum(axis=0), 0, atol=1e-12)


def test_orthonormal_keys_give_the_mle_covariance():
    rows = jax.random.normal(KEY, (10, 3))
    mean, J = KeyGenerator(10, orthonormal=True).law(KEY, rows)
    Zc = rows - rows.mean(axis=0)
    np.testing.assert_allclose(J @ J.T, Zc.T @ Zc / 10, atol=1e-10)
    R = orthonormal_keys(10, 12)
    np.testing.assert_allclose(R @ R.T, jnp.eye(10) - 1 / 10, atol=1e-12)


def test_label_generator_is_one_gradient_step():
    X = jax.random.normal(KEY, (15, 4))
    y = X @ jnp.arange(1.0, 5.0)
    b_hat, var = LabelGenerator(0.3).law(jnp.concatenate([X, y[:, None]], axis=1))
    np.testing.assert_allclose(b_hat, (y[:, None] * X).mean(axis=0), atol=1e-12)
    assert abs(var - 0.09) < 1e-12


def test_layer_equals_gradient_step_to_1e_10():
    kx, ky, kq = jax.random.split(KEY, 3)
    X, y, Xq = jax.random.normal(kx, (8, 3)), jax.random.normal(ky, (8,)), jax.random.normal(kq, (5, 3))
    w_kq, w_pv = gradient_step_weights(3, 0.37 * jnp.eye(3))
    np.testing.assert_allclose(lsa_regression_prediction(w_kq, w_pv, X, y, Xq), gradient_step_prediction(X, y, Xq, 0.37), rtol=1e-10, atol=1e-12)


def test_structural_prior_generator_pools_both_classes():
    k1, k0 = jax.random.split(KEY)
    X1, X0 = jax.random.normal(k1, (5, 2)) + 1, jax.random.normal(k0, (20, 2)) - 1
    rows = StructuralPriorGenerator(1e-12).sample_with_context(KEY, X1, X0, 3)
    pooled = (X1.sum(axis=0) - X0.sum(axis=0)) / 25
    np.testing.assert_allclose(rows, jnp.broadcast_to(pooled, (3, 2)), atol=1e-9)


def test_mean_generator_pooled_mean_matches_rows_in_distribution():
    center, n, m = jnp.array([1.0, -1.0]), 6, 10
    gen = MeanGenerator()

    def via_rows(key):
        k1, k2 = jax.random.split(key)
        rows = center + jax.random.normal(k1, (n, 2))
        e = jnp.concatenate([rows, gen.sample(k2, rows, m)]).mean(axis=0) - center
        return {"v": e @ e / 2, "mean": e[0]}

    def fast(key):
        e = gen.pooled_mean(key, center, 1.0, n, m) - center
        return {"v": e @ e / 2, "mean": e[0]}

    a, b = monte_carlo(via_rows, KEY, 4000, chunk=4000), monte_carlo(fast, jax.random.PRNGKey(1), 4000, chunk=4000)
    for name in ("v", "mean"):
        assert abs(a[name].mean - b[name].mean) < 4 * np.hypot(a[name].se, b[name].se)
    assert abs(a["v"].mean - (1 / n + m / (n + m) ** 2)) < 4 * a["v"].se


def test_gaussian_kl_matches_univariate_formula():
    kl = gaussian_kl(jnp.array([0.3]), jnp.array([[2.0]]), jnp.array([-0.2]), jnp.array([[0.5]]))
    expected = 0.5 * (2.0 / 0.5 - 1 + 0.25 / 0.5 + np.log(0.5 / 2.0))
    assert abs(kl - expected) < 1e-12


def test_generator_inputs_are_validated():
    with pytest.raises(ValueError, match="orthonormal keys need p >= n - 1"):
        orthonormal_keys(10, 4)
    with pytest.raises(ValueError, match="steps"):
        TrainConfig(0, 10, 0.1)


@pytest.mark.parametrize("claim,point,reps", [
    (claims_d.D2, {"D": 2, "n": 40, "p": 40}, 1500),
    (claims_d.D2, {"D": 4, "n": 57, "p": 23}, 1500),  # D != 3, n != p, odd sizes
    (claims_d.D1, {"D": 5, "n": 3}, 2000),
    (claims_d.D3, {"d": 4, "n": 11, "beta_norm": 0.0, "sigma_eps": 2.3}, 2000),  # no signal, sigma_eps != 1
    (claims_d.D5, {"d": 4, "s": 1.3, "n0": 171, "n1": 29, "m": 142}, 2000),  # odd sizes, s != 1
])
def test_claim_point_at_small_size_agrees_and_rejects_its_control(claim, point, reps):
    rows = evaluate_point(claim, point, seed=1, reps=reps).rows
    assert all(r.agree for r in rows), [(r.quantity, r.theory, r.simulation, r.tolerance) for r in rows if not r.agree]
    assert all(r.negative_control_rejected for r in rows), [r.quantity for r in rows if not r.negative_control_rejected]


def test_d4_training_quick_finds_the_construction():
    """D4 at small size (the full size runs under `synthover check`)."""
    report = run_claims([claims_d.D4], quick=True, progress=False)
    bad = [r for r in report.rows if not r.agree or r.negative_control_rejected is False]
    assert not bad, [(r.quantity, r.theory, r.simulation, r.tolerance) for r in bad]


def test_claims_d1_d3_d5_quick():
    report = run_claims([claims_d.D1, claims_d.D3, claims_d.D5], quick=True, progress=False)
    assert report.ok, [(r.claim, r.quantity, r.theory, r.simulation, r.tolerance) for r in report.rows if not r.agree]


def test_claim_parameters_are_validated():
    with pytest.raises(ParameterError, match="parameter n: must be >= D \\+ 2"):
        claims_d.D2.resolve({"D": 5, "n": 5})
    with pytest.raises(ParameterError, match="parameter n1"):
        claims_d.D5.resolve({"n1": 500, "n0": 100})


@pytest.mark.parametrize("claim,given", [
    (claims_d.D3, {"beta_norm": 1e308}), (claims_d.D3, {"sigma_eps": 1e-300}), (claims_d.D3, {"sigma_eps": 0}),
    (claims_d.D3, {"beta_norm": float("nan")}), (claims_d.D1, {"D": float("inf")}), (claims_d.D1, {"n": "text"}),
    (claims_d.D2, {"p": ""}), (claims_d.D2, {"p": 3, "n": 5}), (claims_d.D5, {"m": 1}), (claims_d.D5, {"m": 390}), (claims_d.D5, {"d": -1}),
    (claims_d.D1, {"n": 1e308}), (claims_d.D4, {"d": 3}),
])
def test_bad_parameters_give_one_line_errors(claim, given):
    with pytest.raises(ParameterError) as err:
        evaluate_point(claim, given, reps=4)
    assert "\n" not in str(err.value)
    assert next(iter(given)) in str(err.value)


def test_d4_sizes_depend_only_on_quick():
    """--reps never changes D4's training sizes: D4 is a study, run at the quick or the full size."""
    assert not claims_d.D4.grid and not claims_d.D4.quick_grid
    assert [s.name for s in claims_d.D4.studies] == ["D4 training runs (sizes by --quick)"]


def test_padded_key_generator_kl_is_the_layer_on_the_same_draws():
    """d2_kl_padded (n, p traced, tokens zero-padded to n_max, p_max) gives the KL of the unpadded layer
    (KeyGenerator) on the same rows and keys, at sizes below and at the maximum."""
    from synthover.simulations.in_context.generators import d2_kl_padded, random_task
    from synthover.simulations.in_context.transformer import affine_law, gaussian_kl

    D, n_max, p_max = 3, 40, 24
    stat = d2_kl_padded(D, n_max, p_max)
    for n, p in ((5, 3), (40, 24), (17, 11)):
        pad = float(stat(KEY, (jnp.float64(n), jnp.float64(p)))["kl"])
        k_task, k_rows, k_keys = jax.random.split(KEY, 3)
        mu, L = random_task(k_task, D)
        rows = (mu + jax.random.normal(k_rows, (n_max, D)) @ L.T)[:n]
        g = jax.random.normal(k_keys, (n_max, p_max))[:n, :p] / jnp.sqrt(p)
        gen = KeyGenerator(p)
        mean, J = affine_law(lambda xi: gen._out(rows, g - g.mean(axis=0), xi[None])[0], p)
        assert abs(pad - float(gaussian_kl(mean, J @ J.T, mu, L @ L.T))) < 1e-12
