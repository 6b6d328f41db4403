"""C1-C3: derivations (symbolic identities), the simulation paths, and one claim point."""
import math

import jax
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import ks_2samp

from synthover.paper_checks.model_g import claims_c
from synthover.paper_checks.agreement import bonferroni_z, judge
from synthover.simulations.model_g.augmentation import AugmentationDesign, curve_summary, lda_fast, lda_full
from synthover.simulations.montecarlo import monte_carlo, replicate
from synthover.theory.model_g import scaling_allocation
from synthover.theory.model_g import scaling_curves, scaling_law
from synthover.theory.normal import phi
from synthover.theory.numeric import evaluate
from synthover.theory.model_g.oversampling import a0_par, a0_perp, a1_par, a1_perp, derive_general
from synthover.theory.model_g.oversampling import derive_delta_method
from synthover.theory.symbols import N, d, ell, n0, n1, s, sigma_syn, w_aug

K = (d - 1 + s**2) / s**2


def test_delta_method_reduces_to_a2_fluctuation_at_zero_offsets():
    at_bayes = {a1_par: 0, a1_perp: 0, a0_par: 0, a0_perp: 0, ell: 0}
    dm = derive_delta_method()["delta_method"].subs(at_bayes)
    assert sp.simplify(dm - derive_general()["fluctuation"]) == 0


def test_perfect_generator_slope_and_exponent():
    der = scaling_law.derive_scaling_law()
    assert sp.simplify(der["perfect_slope"] - s * phi(s) / 2 * sigma_syn**2 * K) == 0
    assert sp.simplify(der["exponent"] - 1) == 0
    assert sp.simplify(scaling_law.floor().subs(scaling_law.ZERO_OFFSETS)) == 0


def test_leading_order_law_has_n1_where_the_spec_prints_n0():
    """The derived leading order at delta_0 = 0 and the spec's printed C1 differ exactly by
    (s phi/(2N)) (n0 - n1) q / w: the printed n0 q/w should read n1 q/w (a finding)."""
    q = scaling_law.q
    f_lin, b_lin = scaling_law.leading_order_expansion()
    derived = s * phi(s) / 8 * q + s * phi(s) / (2 * N) * (K - n1 * q / w_aug)
    assert sp.simplify(scaling_law.in_q(f_lin + b_lin / N) - derived) == 0
    gap = scaling_law.derive_scaling_law()["stated_gap"]
    assert sp.simplify(gap - s * phi(s) / (2 * N) * (n0 - n1) * q / w_aug) == 0
    (q_crit,) = scaling_law.derive_scaling_law()["q_crit"]
    assert sp.simplify(q_crit - w_aug * K / n1) == 0


def test_hybrid_reproduces_the_spec_theory_column():
    published_theory = {0: (0.00151, 0.00228), 400: (0.00109, 0.00217), 1600: (0.00057, 0.00225),
                        6400: (0.00018, 0.00261), 25600: (0.00005, 0.00287)}
    for n_aug, values in published_theory.items():
        for delta, value in zip((0.0, 0.15), values):
            p = {**claims_c.TABLE, "delta": delta, "delta0": delta, "N": n_aug}
            assert abs(evaluate(scaling_law.hybrid_curve(), scaling_curves.theory_params(p)) - value) <= 5e-6


PARAMS = st.fixed_dictionaries({
    "d": st.integers(2, 30), "s": st.floats(0.5, 2.5), "n0": st.integers(100, 2000),
    "n1_frac": st.floats(0.05, 0.9), "w": st.floats(0.2, 2.0), "delta": st.floats(0.0, 0.4),
    "delta0": st.floats(0.0, 0.4),
})


def _theory(p):
    n1_ = max(2, int(p["n1_frac"] * p["n0"]))
    return {"d": p["d"], "s": p["s"], "n0": p["n0"], "n1": n1_, "w": p["w"], "sigma_syn": 1.0,
            "delta_par": p["delta"], "delta_perp": p["delta"], "delta0_par": 0.0, "delta0_perp": -p["delta0"]}


@settings(max_examples=40, deadline=None)
@given(PARAMS)
def test_n_star_is_a_stationary_point_of_the_leading_order_law(p):
    tp = _theory(p)
    n_star = evaluate(scaling_law.optimal_n(), tp)
    if not (math.isfinite(n_star) and n_star > 1):
        return
    law = scaling_law.leading_order_law()
    h = 1e-4 * n_star
    left, mid, right = (evaluate(law, {**tp, "N": n}) for n in (n_star - h, n_star, n_star + h))
    assert mid <= min(left, right) + 1e-15 or mid >= max(left, right) - 1e-15
    assert abs(right - left) <= 1e-6 * abs(mid) + 1e-15


@settings(max_examples=40, deadline=None)
@given(PARAMS)
def test_floor_of_delta_method_equals_hybrid_floor(p):
    tp = _theory(p)
    big = 1e12
    floor = evaluate(scaling_law.floor(), tp)
    assert abs(evaluate(scaling_law.hybrid_curve(), {**tp, "N": big}) - floor) <= 1e-9 + 1e-6 * abs(floor)
    assert abs(evaluate(scaling_law.delta_method_curve(), {**tp, "N": big}) - floor) <= 1e-9 + 1e-6 * abs(floor)


@settings(max_examples=30, deadline=None)
@given(st.floats(0.05, 0.4), st.floats(0.02, 0.5), st.floats(100, 5000), st.floats(1.0, 5.0))
def test_allocation_share_minimises_the_quadratic(delta, c_s, budget, r):
    ap = {"d": 5, "s": 1.0, "w": 1.0, "sigma_syn": 1.0, "delta_par": delta, "delta_perp": delta, "delta0_par": 0.0,
          "delta0_perp": 0.0, "r": r, "c_r": 1.0, "c_s": c_s, "C": budget}
    risk = scaling_allocation.allocation_risk()
    assert sp.Poly(risk, scaling_allocation.share).degree() == 2
    x_star = evaluate(scaling_allocation.optimal_share(), ap)
    values = [evaluate(risk, {**ap, "x": x}) for x in (x_star - 1e-3, x_star, x_star + 1e-3)]
    assert values[1] <= min(values[0], values[2]) + 1e-15


def test_budget_is_spent_exactly_at_the_optimum():
    ap = scaling_curves.allocation_params(claims_c.C3.grid[0])
    der = scaling_allocation.derive_allocation()
    n1_ = evaluate(der["n1_star"], ap)
    n_aug = evaluate(der["n_aug_star"], ap)
    spent = ap["c_r"] * (ap["r"] + 1) * n1_ + ap["c_s"] * ((ap["r"] - 1) * n1_ + n_aug)
    assert spent == pytest.approx(ap["C"], rel=1e-10)
    assert 100 < scaling_curves.predicted_allocation(claims_c.C3.grid[0]) < 250


DESIGN = AugmentationDesign(3, 1.0, 40, 10, 40, 0.5, (0.3, 0.3), (0.0, -0.3))


def test_fast_and_full_lda_paths_agree_in_distribution():
    fast = replicate(lda_fast(DESIGN), jax.random.PRNGKey(1), 3000, chunk=1000)["excess"]
    full = replicate(lda_full(DESIGN), jax.random.PRNGKey(2), 3000, chunk=1000)["excess"]
    assert ks_2samp(fast, full).pvalue > 1e-3
    se = math.sqrt(fast.var() / fast.size + full.var() / full.size)
    assert abs(fast.mean() - full.mean()) <= 4 * se


def test_curve_summary_matches_monte_carlo_and_antithetic_has_the_same_mean():
    plain = monte_carlo(lda_fast(DESIGN), jax.random.PRNGKey(3), 4000, chunk=1000)["excess"]
    mean, se = curve_summary([DESIGN], jax.random.PRNGKey(4), 4000, chunk=1000)
    mean_a, se_a = curve_summary([DESIGN], jax.random.PRNGKey(5), 4000, antithetic=True, chunk=1000)
    assert abs(mean[0] - plain.mean) <= 4 * math.hypot(se[0], plain.se)
    assert abs(mean_a[0] - plain.mean) <= 4 * math.hypot(se_a[0], plain.se)
    again, _ = curve_summary([DESIGN], jax.random.PRNGKey(4), 4000, chunk=1000)
    assert again[0] == mean[0]  # same key, same numbers


def test_design_validation_is_one_line():
    with pytest.raises(ValueError, match="n_aug"):
        AugmentationDesign(3, 1.0, 40, 10, 3)
    with pytest.raises(ValueError, match="n1"):
        AugmentationDesign(3, 1.0, 10, 40, 0)


def test_c1_point_agrees_and_rejects_its_controls():
    p = claims_c.C1.resolve({**claims_c.TABLE, "delta": 0.15, "delta0": 0.15, "N": 1600})
    comparisons = claims_c.C1.compare(p, jax.random.PRNGKey(0), 8192)
    z = bonferroni_z(len(comparisons))
    rows = [judge("C1", p, c, z) for c in comparisons]
    assert len(rows) == 3
    assert all(r.agree for r in rows), [(r.quantity, r.theory, r.simulation, r.tolerance) for r in rows]
    assert all(r.negative_control_rejected for r in rows)
