"""E1-E3: derivations against the formulas typed from docs/theory/neighbouring.md, and the claims at small size."""
from __future__ import annotations

import math

import jax
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import binom, norm

from synthover.paper_checks.agreement import FAMILY_WISE_ERROR, bonferroni_z
from synthover.paper_checks.params import ParameterError
from synthover.simulations.montecarlo import monte_carlo
from synthover.theory.neighbouring import ma_zhang as mz
from synthover.theory.neighbouring import oracles
from synthover.theory.neighbouring import results as neighbouring_results
from synthover.theory.numeric import evaluate
from synthover.theory.symbols import n0, n1


# ------------------------------------------------------------------ E1 (sympy)
def test_e1_theta_matches_the_stated_formula():
    mu, a, nt = mz.mu_min, mz.a_syn, mz.n_syn
    stated = (n1 * mu + nt * a) / (n0 + n1 * (1 + mu**2) + nt * (1 + a**2))
    assert sp.simplify(mz.derive_e1()["theta1"] - stated) == 0


def test_e1_exact_rationals():
    der = mz.derive_e1()
    assert der["theta1_balanced"] == sp.Rational(14, 61)
    assert der["floor"] == sp.Rational(361, 22326)
    assert sp.simplify(der["cancelling_size"] - 4 * (n0 - n1)) == 0


def test_e1_size_rule_reduces_to_the_cancelling_size_for_every_mu_and_a():
    der = mz.derive_e1()
    assert sp.simplify(der["size_rule"] - der["cancelling_size_general"]) == 0
    assert sp.simplify(der["size_rule"].subs(mz.E1_VALUES) - 4 * (n0 - n1)) == 0


@settings(max_examples=30, deadline=None)
@given(st.integers(2, 500), st.integers(2, 40))
def test_e1_cancelling_size_gives_the_balanced_optimum(n1_, ratio):
    theta = mz.theta1(mz.cancelling_size()).subs({n0: ratio * n1_, n1: n1_})
    assert sp.simplify(theta - sp.Rational(1, 3)) == 0


# ------------------------------------------------------------------ E3 (sympy)
def test_e3_bayes_error_matches_the_stated_formula():
    assert sp.simplify(oracles.bayes_error() - oracles.bayes_error_stated()) == 0


@settings(max_examples=50, deadline=None)
@given(st.floats(0.01, 0.5), st.floats(0.2, 5.0))
def test_e3_bayes_error_is_the_minimum_over_thresholds(pi1, delta):
    def err(tau):
        return pi1 * norm.cdf(tau - delta / 2) + (1 - pi1) * norm.cdf(-tau - delta / 2)

    best = evaluate(oracles.bayes_error(), {"pi_1": pi1, "Delta": delta})
    taus = np.linspace(-10, 10, 2001)
    assert best <= err(taus).min() + 1e-12
    assert best <= min(pi1, 1 - pi1) + 1e-12


def test_e3_intercept_shift_and_owen_limit():
    assert sp.simplify(oracles.intercept_shift() - sp.log((1 - oracles.pi1) / oracles.pi1)) == 0
    der = oracles.derive_owen_limit()
    b = sp.Symbol("b", real=True)
    xbar, mu0, v = sp.Symbol("xbar"), sp.Symbol("mu_0", real=True), sp.Symbol("v", positive=True)
    assert sp.simplify(der["one_d"].rhs - (xbar - mu0) / v) == 0
    assert der["one_d"].lhs == b
    assert oracles.derive_intercept_shift()["slope_change"] == sp.zeros(2, 1)


def test_e3_bayes_error_by_monte_carlo_small():
    from synthover.simulations.neighbouring.experiments import bayes_error_stat

    res = monte_carlo(bayes_error_stat(2, 1.0, 0.2), jax.random.PRNGKey(1), 400)["error"]
    theory = evaluate(oracles.bayes_error(), {"pi_1": 0.2, "Delta": 2.0})
    wrong = evaluate(oracles.bayes_error_ignoring_priors(), {"pi_1": 0.2, "Delta": 2.0})
    z = bonferroni_z(2)
    assert abs(res.mean - theory) <= z * res.se
    assert abs(res.mean - wrong) > z * res.se


# ------------------------------------------------------------------ E2 and the claims' plumbing
def test_e2_model_mapping():
    assert neighbouring_results.explain_e2()["s"] == sp.Rational(1, 2)


def test_e2_bootstrap_beats_smote_at_d30_small():
    from synthover.paper_checks.neighbouring.claims_e import log_ratio
    from synthover.simulations.neighbouring.experiments import smote_versus_bootstrap_stat

    res = monte_carlo(smote_versus_bootstrap_stat(30, 450, 50, iters=10), jax.random.PRNGKey(3), 160, chunk=16)
    diff = res["diff"]
    assert diff.mean > 0
    lr, se = log_ratio(res)
    assert math.isfinite(lr) and se > 0


@pytest.mark.parametrize("given, name", [
    ({"n0": 1e308}, "n0"), ({"n0": float("nan")}, "n0"), ({"n0": float("inf")}, "n0"), ({"n0": 0}, "n0"),
    ({"n1": -3}, "n1"), ({"n1": "ten"}, "n1"), ({"n0": 1000, "n1": 400}, "n1"),
])
def test_e1_domain_errors_are_one_line(given, name):
    from synthover.paper_checks.neighbouring.claims_e import E1

    with pytest.raises(ParameterError, match=f"parameter {name}") as err:
        E1.resolve(given)
    assert "\n" not in str(err.value)


def test_claim_parameters_are_validated():
    from synthover.paper_checks.neighbouring.claims_e import E1, E2, E3
    from synthover.paper_checks.samplers.claims_smote import SMOTE_CLAIM

    with pytest.raises(ParameterError, match="n1"):
        E1.resolve({"n0": 1000, "n1": 400})
    with pytest.raises(ParameterError, match="parameter k"):
        E2.resolve({"k": 10})
    for bad in (0.7, 0.0, -0.1, float("nan"), 1e308):
        with pytest.raises(ParameterError, match="pi1"):
            E3.resolve({"pi1": bad})
    with pytest.raises(ParameterError, match="parameter n"):
        E3.resolve({"pi1": 0.02, "n": 20000})
    with pytest.raises(ParameterError, match="parameter k"):
        SMOTE_CLAIM.resolve({"n1": 8, "k": 8})


# ------------------------------------------------------------------ E1 at finite N (toolkit derivation)
def test_e1_population_theta_at_odd_unequal_sizes_and_other_mu_a():
    """The derived theta_1 against the normal equations solved numerically (mu, a, counts all generic)."""
    mu, a, n0_, n1_, ns = 1.3, 0.7, 37, 5, 101
    A = n0_ * np.eye(2) + n1_ * (np.eye(2) + np.diag([mu**2, 0])) + ns * (np.eye(2) + np.diag([a**2, 0]))
    theta = np.linalg.solve(A, [n1_ * mu + ns * a, 0.0])
    derived = mz.derive_e1()["theta1"].subs({mz.mu_min: mu, mz.a_syn: a, n0: n0_, n1: n1_, mz.n_syn: ns})
    assert abs(float(derived) - theta[0]) < 1e-12


@pytest.mark.parametrize("n0_, n1_", [(37, 5), (101, 26), (9, 2)])
def test_e1_cancelling_size_at_counts_that_are_not_multiples(n0_, n1_):
    theta = mz.theta1(mz.cancelling_size()).subs({n0: n0_, n1: n1_})
    assert theta == sp.Rational(1, 3)
    wrong = mz.theta1_dropping_synthetic_second_moment(mz.cancelling_size()).subs({n0: n0_, n1: n1_})
    assert wrong != sp.Rational(1, 3)


def _e1_least_squares_by_numpy(n0_, n1_, size, seed, reps=100_000):
    """(reps, 2) no-intercept least-squares fits of E1's design drawn in NumPy: n0 rows N(0, I2) labelled 0,
    n1 rows N(e1, I2) and `size` synthetic rows N(e1/2, I2) labelled 1."""
    X = np.random.default_rng(seed).standard_normal((reps, n0_ + n1_ + size, 2))
    X[:, n0_:n0_ + n1_, 0] += 1.0
    X[:, n0_ + n1_:, 0] += 0.5
    y = np.r_[np.zeros(n0_), np.ones(n1_ + size)]
    return np.linalg.solve(np.einsum("rni,rnj->rij", X, X), np.einsum("rni,n->ri", X, y)[..., None])[..., 0]


@pytest.mark.parametrize("n0_, n1_", [(13, 3), (12, 2)])
def test_e1_expected_excess_to_second_order_by_exact_resampling(n0_, n1_):
    """E excess at the cancelling size = variance term + second-order term + O(N^-3), by NumPy Monte Carlo
    (odd, unequal counts at tiny N, where the second-order term is ~7% of the first)."""
    from synthover.theory.neighbouring import ma_zhang_finite as fin

    size = 4 * (n0_ - n1_)
    first = float(fin.variance_term(size).subs({n0: n0_, n1: n1_}))
    second = fin.second_order_term(n0_, n1_, size)
    gap = _e1_least_squares_by_numpy(n0_, n1_, size, seed=7) - [1 / 3, 0.0]
    excess = 0.5 * (3 * gap[:, 0] ** 2 + 2 * gap[:, 1] ** 2)
    mean, se = excess.mean(), excess.std() / math.sqrt(len(excess))
    # remainder O(N^-3): bounded by the second-order term's relative size times itself
    tol = 4 * se + abs(second) * abs(second) / first
    assert abs(mean - (first + second)) <= tol
    assert abs(mean - first) > 4 * se  # the second-order term is seen, so it is not vacuous
    assert 0 < second / first < 0.2


@pytest.mark.parametrize("n0_, n1_, size", [(13, 3, 10), (12, 2, 40)])
def test_e1_theta_bias_matches_exact_resampling(n0_, n1_, size):
    """theta_bias (the O(1/N) bias of theta_hat_1, E1's tolerance) against NumPy Monte Carlo at tiny, odd N
    (balancing and the cancelling size), where it is ~8 SE: a wrong bias formula cannot hide."""
    from synthover.theory.neighbouring import ma_zhang as mz
    from synthover.theory.neighbouring import ma_zhang_finite as fin

    theta = float(mz.theta1(size).subs({n0: n0_, n1: n1_}))
    bias = fin.theta_bias(n0_, n1_, size)
    gap = _e1_least_squares_by_numpy(n0_, n1_, size, seed=8)[:, 0] - theta
    mean, se = gap.mean(), gap.std() / math.sqrt(len(gap))
    assert bias[1] == 0  # theta_0's bias vanishes by the symmetry of the second coordinate
    # remainder O(N^-2): bounded by the bias's relative size times itself
    assert abs(mean - bias[0]) <= 4 * se + bias[0] ** 2 / theta
    assert abs(mean) > 4 * se


def test_e1_variance_term_is_order_one_over_n():
    from synthover.theory.neighbouring import ma_zhang_finite as fin

    v = fin.derive_variance_term()["variance_term_cancelling"]
    small, large = (float(v.subs({n0: 20 * k, n1: k})) for k in (100, 1000))
    assert abs(small / large - 10) < 1e-9


@pytest.mark.parametrize("point", [{"n0": 1140, "n1": 57}, {"n0": 1050, "n1": 150}])
def test_e1_points_that_failed_under_the_fixed_2e4_now_agree(point):
    from synthover.paper_checks.agreement import judge
    from synthover.paper_checks.neighbouring.claims_e import E1
    from synthover.simulations.precision import float64

    z = bonferroni_z(20)
    with float64():
        rows = [judge("E1", point, c, z) for c in E1.compare(E1.resolve(point), jax.random.PRNGKey(0), 400)]
    assert all(r.verdict == "agree" for r in rows), [r.to_json() for r in rows]
    assert all(r.negative_control_rejected for r in rows), [r.to_json() for r in rows]


# ------------------------------------------------------------------ E3 away from pi1 = 0.1
@pytest.mark.parametrize("pi1_", [0.23, 0.37, 0.013])
def test_e3_intercept_shift_and_bayes_error_at_other_priors(pi1_):
    assert abs(evaluate(oracles.intercept_shift(), {"pi_1": pi1_}) - math.log((1 - pi1_) / pi1_)) < 1e-12
    delta = 1.7
    taus = np.linspace(-8, 8, 160001)
    err = pi1_ * norm.cdf(taus - delta / 2) + (1 - pi1_) * norm.cdf(-taus - delta / 2)
    assert abs(evaluate(oracles.bayes_error(), {"pi_1": pi1_, "Delta": delta}) - err.min()) < 1e-9


def test_e3_owen_limit_with_a_correlated_sigma():
    values = {"S_11": 2.0, "S_12": -0.7, "S_22": 0.9, "m0_1": 0.3, "m0_2": -1.1, "xbar_1": 1.4, "xbar_2": 0.2}
    sigma = np.array([[2.0, -0.7], [-0.7, 0.9]])
    expected = np.linalg.solve(sigma, [1.4 - 0.3, 0.2 + 1.1])
    got = [evaluate(c, values) for c in oracles.owen_slope()]
    assert np.allclose(got, expected, rtol=1e-12)


def test_e1_claim_quick_agrees_and_rejects_controls():
    from synthover.paper_checks.neighbouring.claims_e import E1
    from synthover.paper_checks.runner import run_claims

    report = run_claims([E1], quick=True, reps=400, progress=False)
    verdict = report.claim_verdict("E1")
    assert verdict["agree"] and verdict["all_controls_rejected"], [r.to_json() for r in report.rows]


def _domain_tally(claim, points, seed, reps=None):
    from synthover.paper_checks.calibrate import calibrate_domain

    summary = calibrate_domain(claim, points, seed=seed, reps=reps).summary()
    assert summary["control_rejection_rate"] == 1.0, summary  # every control rejected at every point
    # false disagreements: each point is judged at a 1% family-wise error, so their count must not be
    # evidence (p < 0.001) against that rate
    assert binom.sf(summary["false_disagree"] - 1, points, FAMILY_WISE_ERROR) >= 1e-3, summary
    return summary


def test_e1_controls_rejected_at_random_domain_points():
    from synthover.paper_checks.neighbouring.claims_e import E1

    _domain_tally(E1, 4, seed=1)


def test_e3_controls_rejected_at_random_domain_points():
    from synthover.paper_checks.neighbouring.claims_e import E3

    _domain_tally(E3, 3, seed=1, reps=1000)
