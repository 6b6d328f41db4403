"""Model S next-term sizes (theory.model_s.next_term): the slope-bias bound covers weighted fits."""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from synthover.paper_checks.fitting import loglog_slope
from synthover.theory.model_s import next_term


@settings(max_examples=60, deadline=None)
@given(st.floats(-0.9, 0.9), st.sampled_from([0.5, 1.0]), st.floats(-2.0, -0.25),
       st.lists(st.floats(0.01, 1.0), min_size=3, max_size=3))
def test_slope_bias_bound_covers_weighted_fits(r1, power, k, rel_se):
    ns = np.array([1000.0, 2000.0, 4000.0])
    y = ns**k * (1 + r1 * (ns[0] / ns) ** power)
    bias = loglog_slope(ns, y, np.array(rel_se) * y).value - k
    assert abs(bias) <= next_term.slope_bias_bound(r1, power, ns) * (1 + 1e-9) + 1e-8  # WLS round-off


def test_slope_bias_bound_is_attained_by_two_points_and_needs_a_small_correction():
    r1 = 0.3
    ns = np.array([500.0, 2000.0])
    worst = max(abs(loglog_slope(ns, ns**-1.0 * (1 + sign * r1 * ns[0] / ns)).value + 1.0) for sign in (1, -1))
    assert worst == pytest.approx(next_term.slope_bias_bound(r1, 1.0, ns), rel=1e-9)
    with pytest.raises(ValueError):
        next_term.slope_bias_bound(1.0, 1.0, ns)


def test_declared_sizes_are_the_laws():
    assert next_term.mle_relative(5, 1.0, 4000) == pytest.approx(7 / (4000 * next_term.c0(1.0)))
    assert next_term.law_balanced(5, 1.0, 4000) == pytest.approx(
        math.exp(-0.5) / math.sqrt(2 * math.pi) * (4 + 2 * (1 - 4 * next_term.c0(1.0))) / (8 * 4000 * next_term.c0(1.0)))


def test_worst_group_term_uses_the_mean_absolute_normal():
    """The declared worst-group next term is (phi(z)/(2s)) sum E|N(0, cov_ii / n)| over the coordinates that can
    swap the worst group, plus the balanced term; E|N(0, v)| from scipy's half-normal, not the formula."""
    from scipy.stats import halfnorm, norm

    from synthover.theory.model_s import population

    d, s, n, prob = 5, 1.0, 3000, 0.9
    comp = population.Component
    strata = (population.Stratum(1.0, tuple(
        (w, comp(yt, a, (yt * s, 0.0), 1.0)) for (yt, a), w in
        (((1, 1), prob / 2), ((-1, -1), prob / 2), ((1, -1), (1 - prob) / 2), ((-1, 1), (1 - prob) / 2)))),)
    arg = -s + 0.4
    sizes = next_term.declared_sizes(d, s, n, strata, arg)
    theta = population.solve_population(strata)
    cov = population.sandwich(theta, strata)
    sd = [math.sqrt(cov[i, i] / n) for i in (2, 3)]
    used = [halfnorm(scale=v).mean() for i, v in zip((2, 3), sd) if abs(theta[i]) < 3 * v]
    assert used  # the test point exercises the term
    assert sizes["worst"] - sizes["bal"] == pytest.approx(norm.pdf(arg) / (2 * s) * sum(used), rel=1e-12)
