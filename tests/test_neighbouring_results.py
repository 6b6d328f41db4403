"""E1-E3: derivations against the formulas typed from THEORY.md, and the claims at small size."""
from __future__ import annotations

import math

import jax
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import norm

from synthover.paper_checks.agreement import bonferroni_z
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
    assert diff.mean > 0 and diff.mean / diff.se > 2.5
    lr, se = log_ratio(res)
    assert math.isfinite(lr) and se > 0


def test_claim_parameters_are_validated():
    from synthover.paper_checks.neighbouring.claims_e import E1, E2, E3
    from synthover.paper_checks.samplers.claims_smote import SMOTE_CLAIM

    with pytest.raises(ParameterError, match="n1"):
        E1.resolve({"n0": 100, "n1": 200})
    with pytest.raises(ParameterError, match="parameter k"):
        E2.resolve({"n1": 10, "n0": 90, "k": 12})
    with pytest.raises(ParameterError, match="pi1"):
        E3.resolve({"pi1": 0.7})
    with pytest.raises(ParameterError, match="parameter k"):
        SMOTE_CLAIM.resolve({"n1": 5, "k": 5})


def test_e1_claim_quick_agrees_and_rejects_controls():
    from synthover.paper_checks.neighbouring.claims_e import E1
    from synthover.paper_checks.runner import run_claims

    report = run_claims([E1], quick=True, reps=400, progress=False)
    verdict = report.claim_verdict("E1")
    assert verdict["agree"] and verdict["all_controls_rejected"], [r.to_json() for r in report.rows]
