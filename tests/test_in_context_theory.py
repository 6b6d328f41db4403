"""Theory of claim family D: derivations against the typed formulas, and properties (sympy only, fast)."""
import math

import numpy as np
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from synthover.theory.in_context import gaussian_kl
from synthover.theory.in_context import kl_rates as ic
from synthover.theory.in_context import oversampling as ico
from synthover.theory.in_context import regression as icr
from synthover.theory.model_g import oversampling
from synthover.theory.numeric import evaluate
from synthover.theory.symbols import m, n0, n1


def test_univariate_kl_derived_by_integration():
    der = gaussian_kl.derive_univariate()
    assert sp.simplify(sp.expand_log(der["integral"] - gaussian_kl.kl_univariate_formula(), force=True)) == 0


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(-2, 2), min_size=4, max_size=4), st.floats(0.3, 3), st.floats(0.3, 3))
def test_multivariate_kl_equals_sum_of_whitened_univariate(vals, a, b):
    # S1 = diag(a, b); S0 = L L^T with L lower triangular from vals; KL = sum over eigenvalues of S1^-1/2 S0 S1^-1/2
    L = sp.Matrix([[1 + abs(vals[0]), 0], [vals[1], 1 + abs(vals[2])]])
    S0, S1 = L * L.T, sp.diag(a, b)
    m0, m1 = sp.Matrix([vals[3], 0]), sp.Matrix([0, vals[0]])
    formula = float(gaussian_kl.kl_gaussian(m0, S0, m1, S1))
    W = np.diag([1 / math.sqrt(a), 1 / math.sqrt(b)])
    ev = np.linalg.eigvalsh(W @ np.array(S0, float) @ W)
    diff = W @ np.array(m1 - m0, float).ravel()
    direct = 0.5 * (np.sum(ev - 1 - np.log(ev)) + diff @ diff)
    assert formula == np.float64(formula) and abs(formula - direct) < 1e-9 * max(1, direct)


def test_d1_is_d_over_2n():
    assert sp.simplify(ic.expected_kl_d1() - ic.D / (2 * ic.n)) == 0


def test_d2_leading_order_and_orthonormal_expansion():
    lead = ic.expected_kl_d2()
    assert sp.simplify(lead - (ic.D / (2 * ic.n) + ic.D * (ic.D + 1) / 4 * (1 / ic.n + 1 / ic.p))) == 0
    # the orthonormal-key exact value approaches its expansion at large n
    exact = ic.evaluate_exact(ic.expected_kl_d2_orthonormal(), {"D": 3, "n": 400})
    der = ic.derive_d2_orthonormal()
    second = evaluate(der["first_order"] / ic.n + der["second_order"] / ic.n**2, {"D": 3, "n": 400})
    assert abs(exact - second) < 1e-6 * exact * 400 / 3


def test_d2_key_moments_match_monte_carlo():
    """The exact moments behind D2's second order (the steps before its leading order, which alone feeds the
    check): E sum lambda, E sum lambda^2 = E tr (K^T K)^2 and E (sum lambda)^2 for K with n - 1 rows
    N(0, I_p / p), against NumPy at small n, p where every term of each moment matters."""
    der = ic.derive_d2()
    n_, p_, reps = 5, 3, 200_000
    K = np.random.default_rng(9).standard_normal((reps, n_ - 1, p_)) / math.sqrt(p_)
    gram = np.einsum("rai,raj->rij", K, K)
    draws = {"e_sum_lambda": np.trace(gram, axis1=1, axis2=2),
             "e_sum_lambda2": np.einsum("rij,rji->r", gram, gram),
             "e_sq_sum_lambda": np.trace(gram, axis1=1, axis2=2) ** 2}
    for name, values in draws.items():
        exact = float(der[name].subs({sym: {"n": n_, "p": p_}[sym.name] for sym in der[name].free_symbols}))
        assert abs(values.mean() - exact) <= 4 * values.std() / math.sqrt(reps), (name, values.mean(), exact)


def test_d2_declared_error_is_second_order():
    rel = ic.d2_declared_relative_error()
    assert sp.limit(rel.subs(ic.p, ic.n) * ic.n, ic.n, sp.oo) > 0


def test_d3_derivation_equals_stated_formula():
    assert sp.simplify(ic.expected_kl_d3() - ic.stated_d3()) == 0


def test_d3_variance_matches_numpy():
    """Var KL of D3 (exact, sets the replications its control needs) against NumPy draws of beta_hat at a short
    prompt, where the fourth-moment terms dominate: the sample variance of 400,000 draws is within 4 of its SEs."""
    d_, n_, b_, s_, reps = 4, 3, 1.5, 0.7, 400_000
    rng = np.random.default_rng(11)
    x = rng.standard_normal((reps, n_, d_))
    y = b_ * x[:, :, 0] + s_ * rng.standard_normal((reps, n_))
    err = np.einsum("ri,rij->rj", y, x) / n_ - np.array([b_] + [0.0] * (d_ - 1))
    kl = (err**2).sum(axis=1) / (2 * s_**2)
    exact = evaluate(ic.variance_kl_d3(), {"d": d_, "n": n_, "beta_norm": b_, "sigma_eps": s_})
    centred = (kl - kl.mean()) ** 2
    assert abs(centred.mean() - exact) <= 4 * centred.std() / math.sqrt(reps), (centred.mean(), exact)


def test_d3_control_is_rejected_at_a_short_prompt():
    """n = 2, d = 17: one replication's KL has a coefficient of variation above 1 and the control is 1/18 away;
    the replications D3 raises to (reps_for_control) reject it."""
    from synthover.paper_checks.in_context.claims_d import D3
    from synthover.paper_checks.runner import evaluate_point

    report = evaluate_point(D3, {"d": 17, "n": 2, "beta_norm": 7.3, "sigma_eps": 1.8}, seed=4, reps=2000)
    row, = report.rows
    assert row.verdict == "agree" and row.negative_control_rejected and row.detail["reps"] > 2000, row


def test_d4_isotropic_optimum_equals_stated_formula():
    assert sp.simplify(icr.optimal_risk_isotropic() - icr.stated_optimal_risk()) == 0


def test_d4_general_block_is_gamma_inverse():
    der = icr.derive_general(2)
    lams = sp.symbols("lambda_1:3", positive=True)
    Lam = sp.diag(*lams)
    gamma = (1 + 1 / icr.n) * Lam + Lam.trace() / icr.n * sp.eye(2)
    assert sp.simplify(der["A_star"] - gamma.inv()) == sp.zeros(2, 2)


@settings(max_examples=20, deadline=None)
@given(st.integers(1, 6), st.integers(2, 50), st.floats(0.2, 5))
def test_d4_diagonal_risk_reduces_to_isotropic_formula(dim, n_, var):
    general = float(icr.optimal_risk([var] * dim).subs(icr.n, n_))
    stated = evaluate(icr.stated_optimal_risk(), {"d": dim, "n": n_, "s": var})
    assert abs(general - stated) < 1e-9 * stated


def test_gradient_step_identity_is_exact():
    assert icr.derive_gradient_step_identity()["difference"] == 0


def test_d5_seed_only_minus_duplication():
    laws = ico.derive_effective_laws()
    assert sp.simplify(laws["seed_minus_dup"] - m / (n1 * (n1 + m) ** 2)) == 0
    N = n0 + n1
    typed = (n1 * (1 + m / N) ** 2 + m**2 * n0 / N**2 + m) / (n1 + m) ** 2
    assert sp.simplify(laws["v1_structural"] - typed) == 0
    assert sp.simplify(laws["c_structural"] + m / (N * (n1 + m))) == 0


def test_d5_fluctuation_reduces_to_a2_without_correlation():
    fl = ico.derive_correlated_fluctuation()["fluctuation"].subs(ico.cov01, 0)
    assert sp.simplify(fl - oversampling.fluctuation_general()) == 0


@settings(max_examples=30, deadline=None)
@given(st.integers(2, 200), st.integers(1, 20), st.integers(1, 30), st.floats(0.5, 2.5))
def test_d5_seed_only_never_beats_duplication_and_structural_does_at_balance(n1_, ratio, dim, sep):
    p = {"n1": n1_, "n0": n1_ * (ratio + 1), "m": n1_ * ratio, "d": dim, "s": sep}
    seed, dup = evaluate(ico.effective_law("seed_only")["v1"], p), evaluate(ico.effective_law("duplication")["v1"], p)
    assert seed > dup
    assert evaluate(ico.excess("structural"), p) < evaluate(ico.excess("duplication"), p)


def test_generator_training_optima():
    from synthover.theory.in_context import training_optimum as ito

    tau = ito.tau
    assert sp.simplify(ito.optimal_shrinkage() - tau**2 / (tau**2 + 1 / ic.n)) == 0
    assert sp.simplify(ito.optimal_generator_kl() - ic.D / (2 * (ic.n + 1 / tau**2))) == 0
    assert sp.simplify(ito.optimal_noise_scale() - ic.n / (ic.n - 1)) == 0


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 10), st.integers(2, 500), st.integers(2, 500))
def test_stated_form_with_derived_constants_bounds_the_leading_order(D_, n_, p_):
    c1, c2 = (evaluate(c, {"D": D_}) for c in ic.stated_rate_constants())
    lead = evaluate(ic.expected_kl_d2(), {"D": D_, "n": n_, "p": p_})
    assert lead <= evaluate(ic.stated_rate(c1, c2), {"n": n_, "p": p_}) * (1 + 1e-12)


def test_negative_controls_of_d1_d3_differ_everywhere():
    assert sp.simplify(ic.expected_kl_d1(dimension_offset=1) - ic.expected_kl_d1() - 1 / (2 * ic.n)) == 0
    gap = sp.simplify(ic.expected_kl_d3(dimension_offset=1) - ic.expected_kl_d3())
    assert sp.simplify(gap - (ic.beta_norm**2 + ic.sigma_eps**2) / (2 * ic.n * ic.sigma_eps**2)) == 0


def test_reps_for_control_gives_the_declared_power():
    """At the replications reps_for_control returns, a control `gap` away is rejected (|sim - control| > z SE)
    with probability >= MIN_POWER in a run of `rows` rows; with a quarter fewer it is not."""
    from scipy.special import ndtr

    from synthover.paper_checks.agreement import MIN_POWER, bonferroni_z, reps_for_control

    for gap, variance, rows in ((0.05, 1.3**2, 1000), (1.0, 1.0, 1), (0.2, 0.5, 300)):
        z = bonferroni_z(rows)
        power = lambda reps: ndtr(gap / math.sqrt(variance / reps) - z)  # noqa: E731
        reps = reps_for_control(gap, variance, rows)
        assert power(reps) >= MIN_POWER > power(0.75 * reps)
