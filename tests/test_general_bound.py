"""A5: the derivation's pieces, and a hypothesis property test that the bound holds for oversampled 0-1 ERM.

The property test compiles ONE vmapped simulation at fixed shapes (d <= 8, n0 <= 256, n1 + m <= 256) and feeds
the hypothesis-drawn (d, s, n0, n1, m, delta) as array arguments, so each example costs milliseconds. Each example
draws REPS replications and asserts that every one lies below the high-probability bound at ETA: by the theorem
a violation has probability <= ETA per replication, <= 200 * REPS * ETA = 1.6e-3 over the whole run, so a
failure would refute the bound rather than be bad luck.
"""
import math

import jax
import jax.numpy as jnp
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad
from scipy.stats import norm

from synthover.simulations.model_g.finite_class_erm import ERM_OFFSETS, FiniteLinearClass, finite_class_erm_stat
from synthover.theory.model_g import general_bound as G
from synthover.theory.normal import Phi
from synthover.theory.numeric import evaluate

D_MAX, N0_MAX, N1_MAX, REPS, ETA = 8, 256, 256, 8, 1e-6
_CLASS = FiniteLinearClass(D_MAX)
_ERM = jax.jit(jax.vmap(finite_class_erm_stat(_CLASS, N0_MAX, N1_MAX), in_axes=(0,) + (None,) * 7))
_HP = G.bound("high_probability")
_MEAN = G.bound("expectation")


def _bound_values(d, n0, n1, m, dp, dq, K, eta=ETA, expr=_HP):
    return evaluate(expr, {"d": d, "n_0": n0, "n_1": n1, "m": m, "delta_par": dp, "delta_perp": dq, "K": K, "eta": eta})


def _excess(seed, d, s, n0, n1, m, dp, dq):
    keys = jax.random.split(jax.random.PRNGKey(seed), REPS)
    args = (jnp.int32(d), jnp.float64(s), jnp.int32(n0), jnp.int32(n1), jnp.int32(m), jnp.float64(dp), jnp.float64(dq))
    return np.asarray(_ERM(keys, *args)["excess"])


@st.composite
def designs(draw):
    d = draw(st.integers(1, D_MAX))
    n0 = draw(st.integers(2, N0_MAX))
    n1 = draw(st.integers(1, N1_MAX))
    m = draw(st.integers(0, N1_MAX - n1))
    dp = draw(st.floats(-1.0, 1.0))
    dq = draw(st.floats(0.0, 1.0)) if d >= 2 else 0.0
    return d, draw(st.floats(0.2, 3.0)), n0, n1, m, dp, dq, draw(st.integers(0, 2**31 - 1))


@settings(max_examples=200, deadline=None)
@given(designs())
def test_a5_bound_holds_for_oversampled_erm(design):
    d, s, n0, n1, m, dp, dq, seed = design
    excess = _excess(seed, d, s, n0, n1, m, dp, dq)
    finite = _bound_values(d, n0, n1, m, dp, dq, FiniteLinearClass.size(d))
    halfspaces = _bound_values(d, n0, n1, m, dp, dq, math.inf)
    assert np.all(excess >= -1e-12)
    assert excess.max() <= finite <= halfspaces, (excess.max(), finite)


def test_negative_control_is_violated_so_the_property_can_fail():
    """'No estimation cost' ((alpha TV)^2, here 0 at delta = 0) fails on the same simulation."""
    excess = _excess(7, 5, 1.0, 200, 20, 180, 0.0, 0.0)
    control = evaluate(G.bound(drop="estimation"), {"n_1": 20, "m": 180, "delta_par": 0.0, "delta_perp": 0.0}) ** 2
    assert excess.mean() > control + 3 * excess.std() / math.sqrt(REPS)


def test_tv_of_a_gaussian_shift_is_derived_and_correct():
    der = G.derive_tv_gaussian_shift()
    assert sp.simplify((der["tv"] - (2 * Phi(G.r / 2) - 1)).rewrite(sp.erf)) == 0
    for r in (0.1, 0.7, 2.5):
        numeric = quad(lambda t: max(norm.pdf(t) - norm.pdf(t - r), 0.0), -np.inf, np.inf)[0]
        assert evaluate(der["tv"], {"r": r}) == pytest.approx(numeric, rel=1e-6)  # quad accuracy


def test_rademacher_bound_constants():
    """Massart + Sauer: sqrt(2 log min(K, 2^n, (en/(d+1))^(d+1)) / n), every constant visible."""
    vals = {"d": 4, "n": 1000, "K": math.inf, "B": 1}
    expected = math.sqrt(2 * 5 * (1 + math.log(1000 / 5)) / 1000)
    assert evaluate(G.rademacher(G.nn), vals) == pytest.approx(expected, rel=1e-12)
    assert evaluate(G.rademacher(G.nn), {**vals, "K": 50}) == pytest.approx(math.sqrt(2 * math.log(50) / 1000))
    assert evaluate(G.rademacher(G.nn), {**vals, "n": 3}) == pytest.approx(math.sqrt(2 * 3 * math.log(2) / 3))


def test_massart_bound_dominates_the_empirical_rademacher_complexity():
    """E max_F (1/n) sum eps_i l_i <= sqrt(2 log|F| / n) for the finite class on a fixed sample (cheap numpy)."""
    rng = np.random.default_rng(0)
    n, d, s = 200, 3, 1.0
    W, axis = (np.asarray(v) for v in FiniteLinearClass(d).directions())
    offsets = s * np.asarray(ERM_OFFSETS)
    X = rng.normal(size=(n, d)) - np.eye(d)[0] * s
    patterns = ((X @ W.T)[:, :, None] + offsets > 0).reshape(n, -1).T.astype(float)  # (|F|, n)
    eps = rng.choice([-1.0, 1.0], size=(4000, n))
    empirical = np.mean(np.max(eps @ patterns.T, axis=1)) / n
    assert empirical <= math.sqrt(2 * math.log(FiniteLinearClass.size(d)) / n)


def test_bound_is_monotone_in_sample_size_and_shift():
    base = dict(d=5, n0=500, n1=50, m=450, dp=0.2, dq=0.1, K=math.inf)
    v = lambda **kw: _bound_values(**{**base, **kw}, expr=_MEAN)  # noqa: E731
    assert v(n0=1000) < v() < v(n0=250)
    assert v(dp=0.0, dq=0.0) < v() < v(dp=0.5)
    assert v(m=0, n1=500) == pytest.approx(v(m=0, n1=500, dp=0.9))  # alpha = 0: no bias term


def test_each_class_adds_its_own_estimation_term():
    """Without generator bias (delta = 0) the expectation bound is a sum of one term per class, f(n0) + f(n1 + m)
    (the two classes' deviations add: steps (i), (iii), (vi)). Additive separability, B(a, b) + B(c, e) =
    B(a, e) + B(c, b), holds for such a sum and fails for a product or any mixing of the two sizes; and more
    majority rows never remove the minority's own term."""
    def value(n0, n1):
        return _bound_values(3, n0, n1, 0, 0.0, 0.0, 50.0, expr=_MEAN)

    assert math.isclose(value(100, 40) + value(900, 300), value(100, 300) + value(900, 40), rel_tol=1e-12)
    assert value(10**9, 40) > value(40, 40) / 2


def test_a_perfect_generator_adds_no_bias_term():
    """delta = 0: the generator is the minority law (TV = 0), so oversampling adds no bias term: the bound with m
    synthetic rows is the estimation part alone; a shifted generator adds alpha TV, 0 < alpha TV < alpha."""
    at = lambda m, dp, expr=_MEAN: _bound_values(3, 500, 50, m, dp, 0.0, 50.0, expr=expr)  # noqa: E731
    no_bias = G.bound("expectation", drop="bias")
    assert at(450, 0.0) == pytest.approx(at(450, 0.0, no_bias), rel=1e-12)
    added = at(450, 0.8) - at(450, 0.8, no_bias)
    assert 0 < added < 450 / 500
    assert added == pytest.approx(450 / 500 * (2 * norm.cdf(0.4) - 1), rel=1e-12)
