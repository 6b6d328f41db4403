"""The SMOTE claim: its formulas against independent computations (mutants), its domain, its controls."""
from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp

from synthover.paper_checks.params import ParameterError
from synthover.theory.numeric import evaluate
from synthover.theory.samplers import smote_moments as sm


@pytest.mark.parametrize("x, D", [(0.3, -1.7), (-2.1, 0.9), (1.0, 3.0)])
def test_conditional_moments_by_quadrature(x, D):
    lam = np.linspace(0, 1, 200_001)
    z = x + lam * D
    mean = np.trapezoid(z, lam) if hasattr(np, "trapezoid") else np.trapz(z, lam)
    second = np.trapezoid(z**2, lam) if hasattr(np, "trapezoid") else np.trapz(z**2, lam)
    assert abs(evaluate(sm.conditional_mean(), {"x_u": x, "D_u": D}) - mean) < 1e-9
    assert abs(evaluate(sm.conditional_second_moment(), {"x_u": x, "D_u": D}) - second) < 1e-9


@pytest.mark.parametrize("rho", [sp.Rational(0), sp.Rational(3, 7), sp.Rational(-1, 5)])
def test_exchangeable_variance_against_a_correlated_pair(rho):
    """x, x_nb exchangeable with correlation rho: E[D D^T] = 2 (1 - rho) Sigma, and directly
    Var z = E[(1 - l)^2 + l^2 + 2 l (1 - l) rho] Sigma."""
    general = sm.derive_smote_point()["exchangeable_var"]
    lam = sm.lam
    direct = sm.uniform_moment((1 - lam) ** 2 + lam**2 + 2 * lam * (1 - lam) * rho) * sm.var_x
    assert sp.simplify(general.subs(sm.edd, 2 * (1 - rho) * sm.var_x) - direct) == 0


def test_independent_neighbour_is_two_thirds():
    assert sp.simplify(sm.independent_neighbour_variance() - sp.Rational(2, 3) * sm.var_x) == 0


@pytest.mark.parametrize("n1_, m_", [(4, 3), (5, 2)])
def test_duplication_sum_c2_at_odd_sizes(n1_, m_):
    import itertools

    total = sum(np.sum((1 + np.bincount(draw, minlength=n1_)) ** 2) for draw in itertools.product(range(n1_), repeat=m_))
    expr = sm.derive_duplication_mean_variance()["sum_c2"]
    assert sp.simplify(expr.subs({sm.n1: n1_, sm.m: m_}) - sp.Rational(int(total), n1_**m_)) == 0


@pytest.mark.parametrize("given, name", [
    ({"d": 0}, "d"), ({"d": 1e308}, "d"), ({"s": float("nan")}, "s"), ({"s": -1}, "s"), ({"s": float("inf")}, "s"),
    ({"n1": 0}, "n1"), ({"n1": 1000}, "n1"), ({"k": 3}, "k"), ({"k": "five"}, "k"), ({"n1": 6, "k": 7}, "k"),
])
def test_smote_domain_errors_are_one_line(given, name):
    from synthover.paper_checks.samplers.claims_smote import SMOTE_CLAIM

    with pytest.raises(ParameterError, match=f"parameter {name}") as err:
        SMOTE_CLAIM.resolve(given)
    assert "\n" not in str(err.value)


def test_pair_moments_with_k_other_than_five():
    """pair_moments averages over each row's k nearest neighbours (checked by brute force, k = 3)."""
    from synthover.paper_checks.samplers.claims_smote import pair_moments

    rows = np.random.default_rng(0).standard_normal((11, 4))
    dist = ((rows[:, None] - rows[None]) ** 2).sum(-1)
    np.fill_diagonal(dist, np.inf)
    nb = np.argsort(dist, axis=1)[:, :3]
    x = np.repeat(rows[:, 0], 3)
    D = rows[nb.ravel(), 0] - x
    expected = np.mean(x**2 + x * D + D**2 / 3)
    assert math.isclose(pair_moments(rows, 3, sm.conditional_second_moment()), expected, rel_tol=1e-12)


def test_smote_controls_rejected_at_random_domain_points():
    from synthover.paper_checks.calibrate import calibrate_domain
    from synthover.paper_checks.samplers.claims_smote import SMOTE_CLAIM

    from scipy.stats import binom

    from synthover.paper_checks.agreement import FAMILY_WISE_ERROR

    summary = calibrate_domain(SMOTE_CLAIM, 6, seed=3).summary()
    assert summary["control_rejection_rate"] == 1.0, summary
    assert binom.sf(summary["false_disagree"] - 1, 6, FAMILY_WISE_ERROR) >= 1e-3, summary


def test_domain_points_lie_in_every_declared_domain():
    """Parameter.sample + constraints: 20 points per claim, each accepted by the claim's own resolve."""
    import numpy as np

    from synthover.paper_checks.calibrate import random_point
    from synthover.paper_checks.neighbouring.claims_e import E1, E2, E3
    from synthover.paper_checks.samplers.claims_smote import SMOTE_CLAIM

    rng = np.random.default_rng(5)
    for claim in (E1, E2, E3, SMOTE_CLAIM):
        for _ in range(20):
            point = random_point(claim, rng)
            assert claim.resolve(point) == point
