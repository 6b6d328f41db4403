"""The order-1/N expansion of the raw logistic fit (theory/model_g/logistic_mle.py), claim A1."""
import numpy as np
import pytest
from scipy.special import expit

from synthover.theory.model_g import logistic_mle


@pytest.mark.parametrize("d", [1, 2, 7])
def test_population_rule_is_the_root_of_the_designs_score(d):
    """sum_c pi_c E_c[(c - p) x~] = 0 at theta* = (ell, 2s e1), by the quadrature the expansion uses."""
    s, n0, n1 = 1.3, 900, 150
    theta = np.zeros(d + 1)
    theta[:2] = np.log(n1 / n0), 2 * s
    total = 0
    for label, count, centre in ((0, n0, -s), (1, n1, s)):
        xt, wt = logistic_mle._class_rule(d, centre)
        total = total + count / (n0 + n1) * np.einsum("i,ir->r", wt * (label - expit(xt @ theta)), xt)
    assert np.max(np.abs(total)) < 1e-9


def test_rule_matches_gaussian_moments_up_to_degree_three():
    xt, wt = logistic_mle._class_rule(4, 0.5)
    z = xt[:, 2:]
    assert np.allclose(wt @ z, 0) and np.allclose(np.einsum("i,ij,ik->jk", wt, z, z), np.eye(3))
    assert np.allclose(np.einsum("i,ij,ik,il->jkl", wt, z, z, z), 0)
    assert np.isclose(wt @ (xt[:, 1] - 0.5) ** 2, 1) and np.isclose(wt @ (xt[:, 1] * z[:, 0] ** 2), 0.5)


def test_terms_shrink_as_one_over_n():
    small = logistic_mle.finite_sample_expansion(6, 1.2, 1000, 200)
    large = logistic_mle.finite_sample_expansion(6, 1.2, 4000, 800)
    for term in ("bias_term", "variance_term", "epsilon"):
        assert large[term] == pytest.approx(small[term] / 4, rel=1e-9)
    assert large["next_term"] == pytest.approx(small["next_term"] / 16, rel=1e-9)


@pytest.mark.filterwarnings("ignore::FutureWarning")  # scikit-learn 1.8 renames penalty=None; older ones need it
def test_bias_matches_fitted_logistic_regressions():
    """The order-1/N bias of (b, w1) against 600 unpenalised scikit-learn fits at fixed class counts (d = 10,
    n1 = 254: the bias of w1 is ~4% of 2s, about 11 standard errors of the fits' mean): an independent check
    of the expansion's core, including the stratified-design term C. (At n1 = 127 the fitted bias is 25%
    above the order-1/N value: docs/theory/model_g.md, A1 at finite N.)"""
    from sklearn.linear_model import LogisticRegression

    d, s, n0, n1, fits = 10, 1.59, 1158, 254, 600
    expansion = logistic_mle.finite_sample_expansion(d, s, n0, n1)
    rng = np.random.default_rng(3)
    y = np.r_[np.zeros(n0), np.ones(n1)]
    estimates = []
    for _ in range(fits):
        x = rng.standard_normal((n0 + n1, d))
        x[:, 0] += np.where(y == 1, s, -s)
        model = LogisticRegression(penalty=None, tol=1e-10, max_iter=1000).fit(x, y)
        estimates.append((model.intercept_[0], model.coef_[0, 0]))
    estimates = np.array(estimates)
    mean, se = estimates.mean(axis=0), estimates.std(axis=0, ddof=1) / np.sqrt(fits)
    predicted = np.array([np.log(n1 / n0) + expansion["bias_intercept"], 2 * s + expansion["bias_slope"]])
    # the expansion's own error is O(1/N^2): epsilon times the bias (module doc), added to 4 SEs
    assert np.all(np.abs(mean - predicted) <= 4 * se + expansion["epsilon"] * np.abs(predicted - [np.log(n1 / n0), 2 * s])), (mean, predicted, se)
    assert abs(mean[1] - 2 * s) > 10 * se[1]  # the bias is there to be found


def test_a1_agrees_where_the_population_limit_alone_did_not():
    """The calibration's A1 failure point (d = 10, s = 1.59, n0 = 579, n1 = 127): with the order-1/N term the
    check agrees; the population value alone (Efron's bound was the tolerance then) is rejected by the same
    rule, and so is a variance term twice too large."""
    from synthover.paper_checks.agreement import agrees, bonferroni_z
    from synthover.paper_checks.model_g.claims_a import A1
    from synthover.paper_checks.runner import claim_key
    from synthover.simulations.precision import float64

    params = A1.resolve({"d": 10, "s": 1.59, "n0": 579, "n1": 127})
    with float64():
        row, = A1.compare(params, claim_key(11, "A1", 0), 2000)
    z = bonferroni_z(1)
    assert agrees(row, row.theory, z), row
    assert not agrees(row, row.detail["population"], z)
    assert not agrees(row, row.theory + row.detail["variance_term"], z)
