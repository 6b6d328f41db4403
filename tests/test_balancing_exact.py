"""A3's exact values: the bootstrap's variance law by enumeration, its scale mixture against the mixture summed
over every count vector, and the Gaussian cases' substitutions."""
from __future__ import annotations

import itertools
import math

import pytest

from synthover.theory.model_g import balancing_exact, oversampling_cases
from synthover.theory.model_g.plugin_lda_exact import expected_excess
from synthover.theory.numeric import evaluate


def _count_vectors(n1: int, m: int):
    """Every outcome of Multinomial(m; 1/n1, ...) (compositions of m into n1 parts) with its probability."""
    for bars in itertools.combinations(range(m + n1 - 1), n1 - 1):
        edges = (-1, *bars, m + n1 - 1)
        counts = [b - a - 1 for a, b in zip(edges, edges[1:])]
        yield counts, math.factorial(m) / math.prod(math.factorial(k) for k in counts) / n1**m


@pytest.mark.parametrize("n1, m", [(2, 2), (3, 4), (4, 3)])
def test_bootstrap_variance_matches_enumeration(n1, m):
    law = [(sum((1 + k) ** 2 for k in counts) / (n1 + m) ** 2, prob) for counts, prob in _count_vectors(n1, m)]
    mean = sum(v * p for v, p in law)
    var = sum((v - mean) ** 2 * p for v, p in law)
    der = balancing_exact.derive_bootstrap_variance()
    assert evaluate(der["mean_v"], {"n1": n1, "m": m}) == pytest.approx(mean, rel=1e-12)
    assert evaluate(oversampling_cases.bootstrap_v1(), {"n1": n1, "m": m}) == pytest.approx(mean, rel=1e-12)
    assert evaluate(der["var_v"], {"n1": n1, "m": m}) == pytest.approx(var, rel=1e-12)


def test_bootstrap_mixture_matches_the_sum_over_counts():
    """n1 = 6, n0 = 18 (m = 12): E f(V) summed over all 6,188 count vectors vs f(E V) + f'' Var V / 2."""
    n1, n0 = 6, 18
    p = {"d": 4, "s": 1.2, "n0": n0, "n1": n1, "delta_par": 0.0, "delta_perp": 0.0}
    law: dict[float, float] = {}
    for counts, prob in _count_vectors(n1, n0 - n1):
        v = sum((1 + k) ** 2 for k in counts) / n0**2
        law[v] = law.get(v, 0.0) + prob
    assert sum(law.values()) == pytest.approx(1.0, abs=1e-12)
    total = sum(prob * expected_excess(4, 1.2, 0.0, (0.0, 0.0), (0.0, 0.0), v, 1 / n0).excess
                for v, prob in law.items())
    value, jensen = balancing_exact.bootstrap_excess(p)
    at_mean = value.excess - jensen
    assert abs(total - at_mean) > 10 * abs(total - value.excess)  # the Jensen term is what closes the gap
    assert abs(total - value.excess) <= value.error


def test_gaussian_cases_are_their_substitutions():
    p = {"d": 6, "s": 0.9, "n0": 300, "n1": 60, "delta_par": 0.1, "delta_perp": -0.2}
    cases = balancing_exact.a3_exact(p)
    assert cases.raw.excess == expected_excess(6, 0.9, math.log(60 / 300), (0.0, 0.0), (0.0, 0.0), 1 / 60,
                                               1 / 300).excess
    assert cases.duplication.excess == expected_excess(6, 0.9, 0.0, (0.0, 0.0), (0.0, 0.0), 1 / 60, 1 / 300).excess
    assert cases.perfect.excess == expected_excess(6, 0.9, 0.0, (0.0, 0.0), (0.0, 0.0), 1 / 300, 1 / 300).excess
    alpha = 240 / 300
    assert cases.biased.excess == pytest.approx(expected_excess(
        6, 0.9, 0.0, (alpha * 0.1, alpha * -0.2), (0.0, 0.0), 1 / 300, 1 / 300).excess, abs=1e-15)
    assert cases.bootstrap.excess > cases.duplication.excess > cases.perfect.excess
