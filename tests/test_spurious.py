"""Claim family B: derivations against the formulas typed from docs/theory/model_s.md, properties of the formulas (hypothesis),
the model-S simulation, and each claim at small size."""
import math

import jax
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad
from scipy.special import expit
from scipy.stats import norm

from synthover.paper_checks.model_s import claims_b
from synthover.paper_checks.params import ParameterError
from synthover.paper_checks.runner import evaluate_point
from synthover.simulations.model_s.model import SpuriousDesign, logistic_stat, sample_rows, score
from synthover.simulations.montecarlo import monte_carlo
from synthover.theory.model_s import attribute_weight as S
from synthover.theory.model_s import finite_sample as F
from synthover.theory.model_s import population as Q
from synthover.theory.normal import Phi, phi
from synthover.theory.numeric import evaluate
from synthover.theory.symbols import m, s

# ----------------------------------------------------------------------------- derivations vs the stated formulas


def test_b1_population_rule_matches_stated_formula():
    der = S.derive_b1()
    assert sp.simplify(der["w_a_p"] - sp.log(S.p / (1 - S.p))) == 0
    assert der["b_p"] == 0
    stated_bal = (Phi(-s - S.ell_p / (2 * s)) + Phi(-s + S.ell_p / (2 * s))) / 2
    assert sp.simplify(der["R_bal"] - stated_bal) == 0
    assert sp.simplify(der["R_wg"] - Phi(-s + sp.Abs(S.ell_p) / (2 * s))) == 0
    for yt, a in S.GROUPS:
        assert sp.simplify(S.group_risk(yt, a) - Phi(-s - yt * a * S.ell_p / (2 * s))) == 0


def test_b2_formula_and_published_table_values():
    der = S.derive_b2()
    assert sp.simplify(der["w_a"] - sp.log(S.n_al / (S.n_mis + m))) == 0
    assert sp.simplify(der["m_balance"] - (S.n_al - S.n_mis)) == 0
    r_bal, r_wg = S.b2_risks()
    at = lambda expr, mm: evaluate(expr, {"s": 1.0, "n_al": 200_000, "n_mis": 20_000, "m": mm})  # noqa: E731
    assert at(der["w_a"], 0) == pytest.approx(2.303, abs=5e-4)
    assert at(r_bal, 0) == pytest.approx(0.2879, abs=5e-5)
    assert at(r_wg, 0) == pytest.approx(0.5601, abs=5e-5)
    assert at(der["w_a"], 90_000) == pytest.approx(0.598, abs=5e-4)
    assert at(r_wg, 90_000) == pytest.approx(0.2416, abs=5e-5)


def test_b3_leakage_floor_and_expansion():
    der = S.derive_b3()
    p_prime = (S.n_al + S.epsilon * m) / (S.n_al + S.n_mis + m)
    assert sp.simplify(sp.exp(der["w_a"]) - p_prime / (1 - p_prime)) == 0
    assert sp.simplify(der["floor"] - sp.log((1 + S.epsilon) / (1 - S.epsilon))) == 0
    assert der["floor_leading"] == 2 * S.epsilon
    assert sp.simplify(der["wg_excess_leading"] - phi(s) * S.epsilon / s) == 0


def test_b4_law_matches_stated_and_q_equals_2c0():
    stated = phi(s) * ((F.d - 1) + 2 * (1 - 4 * F.c0)) / (8 * s * F.n * F.c0)
    assert sp.simplify(F.law_balanced() - stated) == 0
    assert sp.simplify(F.variance_attribute_weight() - (1 - 4 * F.c0) / (F.n * F.c0)) == 0
    for s_ in (0.5, 1.0, 2.0):
        c0 = F.c0_value(s_)
        # q = E[1 - P(y~=1|u) | y~=1], P = phi(u-s)/(phi(u-s)+phi(u+s)) = expit(2 s u)
        q = quad(lambda u: norm.pdf(u - s_) * expit(-2 * s_ * u), -np.inf, np.inf, epsabs=1e-14)[0]
        assert q == pytest.approx(2 * c0, rel=1e-9)
    assert F.c0_value(1.0) == pytest.approx(0.11239987730, rel=1e-8)


def test_quadrature_population_solve_reproduces_closed_form():
    for n_al, n_mis, mm, eps in ((20_001, 2_000, 0, 0.0), (5_000, 1_001, 777, 0.2), (3_000, 3_000, 10, 0.0)):
        theta = Q.solve_population(Q.model_s_design(1.3, n_al, n_mis, mm, eps))
        half = lambda k: (k - k // 2, k // 2)  # noqa: E731  (rows with y~ = +1, -1, as the simulation splits them)
        (ap, am), (mp, mm_), (gp, gm) = half(n_al), half(n_mis), half(mm)
        counts = (ap + eps * gp, am + eps * gm, mp + (1 - eps) * gp, mm_ + (1 - eps) * gm)
        wa, b = (float(v) for v in S.b2_group_counts_rule(*counts))
        assert theta[0] == pytest.approx(2 * 1.3, rel=1e-9) and abs(theta[1]) < 1e-9  # quadrature accuracy
        assert theta[2] == pytest.approx(wa, abs=1e-8) and theta[3] == pytest.approx(b, abs=1e-8)
        balanced = evaluate(S.balanced_risk(S.w_a, S.b), {"s": 1.3, "w_a": wa, "b": b})
        assert Q.risks(theta, 1.3)["balanced"] == pytest.approx(balanced, abs=1e-9)


def test_sandwich_at_balance_equals_symbolic_law():
    c0 = F.c0_value(1.0)
    var = Q.finite_sample_variance_wa(1.0, 2000, 500, 1500)
    assert var == pytest.approx((1 - 4 * c0) / (4000 * c0), rel=1e-8)
    assert Q.finite_sample_variance_wa(1.0, 2000, 500, 1500, stratified=False) == pytest.approx(1 / (4000 * c0), rel=1e-8)


# ----------------------------------------------------------------------------- properties of the B formulas

_R_BAL = S.balanced_risk(S.w_a, S.b)
_R_WG = S.worst_group_risk(S.w_a, S.b)
_GROUP = {g: S.group_risk(*g, wa=S.w_a, intercept=S.b) for g in S.GROUPS}
seps = st.floats(0.05, 4.0)
weights = st.floats(-6.0, 6.0)


@settings(max_examples=200, deadline=None)
@given(s_=seps, wa=weights, b=weights)
def test_balanced_risk_never_exceeds_worst_group(s_, wa, b):
    vals = {"s": s_, "w_a": wa, "b": b}
    assert evaluate(_R_BAL, vals) <= evaluate(_R_WG, vals) + 1e-15


@settings(max_examples=200, deadline=None)
@given(s_=seps, wa=weights, b=weights)
def test_symmetry_a_to_minus_a(s_, wa, b):
    vals, flipped = {"s": s_, "w_a": wa, "b": b}, {"s": s_, "w_a": -wa, "b": b}
    for (yt, a), expr in _GROUP.items():
        assert evaluate(expr, vals) == pytest.approx(evaluate(_GROUP[(yt, -a)], flipped), abs=1e-15)
    assert evaluate(_R_BAL, vals) == pytest.approx(evaluate(_R_BAL, flipped), abs=1e-15)
    assert evaluate(_R_WG, vals) == pytest.approx(evaluate(_R_WG, flipped), abs=1e-15)


@settings(max_examples=200, deadline=None)
@given(s_=seps, n_al=st.integers(2, 10**6), frac=st.floats(0.0, 1.0))
def test_balanced_oversampling_gives_bayes_risk_in_every_group(s_, n_al, frac):
    n_mis = max(1, int(frac * n_al))
    r_bal, r_wg = S.b2_risks()
    vals = {"s": s_, "n_al": n_al, "n_mis": n_mis, "m": n_al - n_mis}
    assert evaluate(r_bal, vals) == pytest.approx(norm.cdf(-s_), abs=1e-14)
    assert evaluate(r_wg, vals) == pytest.approx(norm.cdf(-s_), abs=1e-14)


@settings(max_examples=100, deadline=None)
@given(s_=seps, p=st.floats(0.5, 0.999))
def test_worst_group_is_misaligned_and_grows_with_p(s_, p):
    ell = math.log(p / (1 - p))
    vals = {"s": s_, "w_a": ell, "b": 0.0}
    assert evaluate(_R_WG, vals) == pytest.approx(evaluate(_GROUP[(1, -1)], vals), abs=1e-15)
    assert evaluate(S.worst_group_risk_b0(), {"s": s_, "ell_p": ell}) >= norm.cdf(-s_) - 1e-15


# ----------------------------------------------------------------------------- simulation


def test_sampler_group_counts_and_leakage():
    design = SpuriousDesign(3, 1.0, 101, 21, 40, eps=0.25)
    X, a, y01 = sample_rows(jax.random.PRNGKey(0), design)
    assert X.shape == (162, 3)
    yt = 2 * np.asarray(y01) - 1
    a = np.asarray(a)
    assert np.sum(yt[:101] == a[:101]) == 101 and np.sum(yt[101:122] == -a[101:122]) == 21
    assert abs(np.sum(yt == 1) - 81) <= 1
    leaked = np.mean(yt[122:] == a[122:])
    assert 0 < leaked < 0.6  # Bernoulli(0.25) among 40 generated rows


def test_exact_score_of_bayes_rule():
    mu = SpuriousDesign(4, 1.2, 10, 10).mu
    out = score(mu, 0.0, 0.0, mu)
    assert float(out["balanced"]) == pytest.approx(norm.cdf(-1.2), abs=1e-14)
    assert float(out["excess_worst"]) == pytest.approx(0.0, abs=1e-14)


def test_logistic_attribute_weight_matches_b2_within_se():
    design = SpuriousDesign(3, 1.0, 3000, 600, 600)
    res = monte_carlo(logistic_stat(design), jax.random.PRNGKey(3), 64, chunk=64)["w_a"]
    theory = math.log(3000 / 1200)
    assert abs(res.mean - theory) <= 4 * res.se + 5 * theory / (4200 * F.c0_value(1.0))


# ----------------------------------------------------------------------------- claims at small size


@pytest.mark.parametrize("claim,point,reps", [
    (claims_b.B1, {"d": 3, "s": 1.0, "p": 0.9, "n": 10001}, 64),
    (claims_b.B2, {"d": 3, "s": 1.0, "n_al": 4000, "n_mis": 400, "m": 1800}, 64),
    (claims_b.B3, {"d": 3, "s": 1.0, "n_al": 2000, "n_mis": 200, "m": 1800, "eps": 0.2}, 64),
    (claims_b.B4, {"d": 3, "s": 1.0, "n_al": 1000, "n_mis": 250, "m": 750}, 400),
])
def test_claim_agrees_and_rejects_controls_at_small_size(claim, point, reps):
    rows = evaluate_point(claim, point, seed=0, reps=reps).rows
    assert all(r.agree for r in rows), [(r.quantity, r.theory, r.simulation, r.tolerance) for r in rows if not r.agree]
    assert all(r.negative_control_rejected for r in rows), [r.quantity for r in rows if not r.negative_control_rejected]


@pytest.mark.parametrize("claim,given", [
    (claims_b.B1, {"p": 1.0}), (claims_b.B1, {"p": 0}), (claims_b.B3, {"eps": 1.0}), (claims_b.B3, {"eps": -0.1}),
    (claims_b.B2, {"m": -1}), (claims_b.B2, {"n_al": -5}), (claims_b.B2, {"n_mis": 2.5}), (claims_b.B4, {"zz": 1}),
    (claims_b.B2, {"m": 1e308}), (claims_b.B2, {"m": float("nan")}), (claims_b.B1, {"n": float("inf")}),
    (claims_b.B1, {"s": 0}), (claims_b.B3, {"eps": "text"}), (claims_b.B4, {"delta_par": ""}),
    (claims_b.B2, {"n_mis": 10, "m": 0}), (claims_b.B1, {"n": 2000}), (claims_b.B3, {"m": 0}),
    (claims_b.B4, {"delta_par": 0.01, "d": 2}), (claims_b.B4, {"delta_perp": 0.3, "d": 1}),
])
def test_bad_parameters_give_one_line_errors(claim, given):
    with pytest.raises(ParameterError) as err:
        evaluate_point(claim, given, reps=4)
    assert "\n" not in str(err.value)
    name = next(iter(given))
    assert name in str(err.value)
