"""The exact E R_bal of plug-in LDA (theory/model_g/plugin_lda_exact.py) against brute force and the spec."""
import numpy as np
import pytest
from scipy.special import ndtr

from synthover.theory.model_g import plugin_lda_exact
from synthover.theory.model_g.plugin_lda_exact import expected_excess


def _brute_force(d, s, ell, a1, a0, v1, v0, reps=400_000, seed=0):
    """Every coordinate of both class means drawn (numpy), the drawn rule scored exactly: mean and SE."""
    rng = np.random.default_rng(seed)
    mu = np.zeros(d)
    mu[0] = s
    off1, off0 = np.zeros(d), np.zeros(d)
    off1[:min(d, 2)], off0[:min(d, 2)] = a1[:min(d, 2)], a0[:min(d, 2)]
    m1 = mu + off1 + np.sqrt(v1) * rng.standard_normal((reps, d))
    m0 = -mu + off0 + np.sqrt(v0) * rng.standard_normal((reps, d))
    w = m1 - m0
    b = ell - (np.sum(m1**2, 1) - np.sum(m0**2, 1)) / 2
    norm, margin = np.linalg.norm(w, axis=1), w @ mu
    excess = (ndtr((-margin + b) / norm) + ndtr((-margin - b) / norm)) / 2 - ndtr(-s)
    return excess.mean(), excess.std() / np.sqrt(reps)


@pytest.mark.parametrize("d, s, ell, a1, a0, v1, v0", [
    (1, 1.0, 0.3, (0.2, 0.0), (0.0, 0.0), 0.02, 0.01),
    (2, 0.8, -0.5, (0.1, 0.3), (-0.1, 0.05), 0.01, 0.03),
    (6, 1.5, 1.2, (-0.2, 0.4), (0.0, 0.0), 0.004, 0.02),
    (25, 2.5, 0.0, (0.3, -0.3), (0.1, 0.0), 0.002, 0.0005),
])
def test_agrees_with_brute_force_monte_carlo(d, s, ell, a1, a0, v1, v0):
    exact = expected_excess(d, s, ell, a1, a0, v1, v0)
    mean, se = _brute_force(d, s, ell, a1, a0, v1, v0)
    assert exact.error < 1e-3 * se
    assert abs(exact.excess - mean) < 4.5 * se, (exact.excess, mean, se)


def test_reproduces_the_spec_monte_carlo_table():
    """The spec's A2 table (2e5 replications, 5 decimals): within its rounding and 4 of its SEs (~1%)."""
    from synthover.paper_checks.model_g.claims_a import A2_SPOT_TABLE
    for (d, s, n0, n1, m, dl), published in A2_SPOT_TABLE.items():
        p = {"d": d, "s": s, "n0": n0, "n1": n1, "m": m, "delta_par": dl, "delta_perp": dl, "sigma_syn": 1.0}
        exact = plugin_lda_exact.g_shift_excess(p).excess
        assert abs(exact - published) <= 5e-6 + 0.01 * published, (p, exact, published)


def test_the_quadrature_refines_until_two_resolutions_agree():
    exact = expected_excess(5, 1.0, -2.3, (0.0, 0.0), (0.0, 0.0), 0.025, 0.0025)
    assert exact.error <= plugin_lda_exact.TARGET_ERROR
    assert exact.resolution in plugin_lda_exact.RESOLUTIONS[1:]


def test_no_variance_gives_the_rule_of_the_means():
    """v0, v1 -> 0: the expected risk is the risk of the mean rule (here the Bayes rule shifted by ell)."""
    ell = 0.8
    exact = expected_excess(3, 1.0, ell, (0.0, 0.0), (0.0, 0.0), 1e-12, 1e-12)
    mean_rule = (ndtr(-1.0 + ell / 2) + ndtr(-1.0 - ell / 2)) / 2 - ndtr(-1.0)
    assert abs(exact.excess - mean_rule) < 1e-9


def test_reduction_matches_a_quadrature_over_every_coordinate():
    """d = 3: the reduced integral (Gaussian C integrated in closed form, ||A||^2 by Gauss-Laguerre) equals a
    6-dimensional Gauss-Hermite quadrature over all coordinates of both class means, the raw rule scored
    exactly, to 1e-9 (large variances, so that tau^2 = ||A||^2 v0 v1/(v0 + v1) moves the value by ~1e-5)."""
    from numpy.polynomial.hermite_e import hermegauss

    d, s, ell, a1, a0, v1, v0 = 3, 0.8, 0.4, (0.15, 0.2), (-0.05, 0.0), 0.04, 0.03
    nodes, weights = hermegauss(12)
    weights = weights / weights.sum()
    axes1 = [c + np.sqrt(v1) * nodes for c in (s + a1[0], a1[1], 0.0)]
    axes0 = [c + np.sqrt(v0) * nodes for c in (-s + a0[0], a0[1], 0.0)]
    g = np.meshgrid(*axes1, *axes0, indexing="ij", sparse=True)
    w = np.einsum("a,b,c,d,e,f->abcdef", *[weights] * 6)
    m1, m0 = g[:3], g[3:]
    wv = [a - b for a, b in zip(m1, m0)]
    norm = np.sqrt(sum(c**2 for c in wv))
    b = ell - (sum(c**2 for c in m1) - sum(c**2 for c in m0)) / 2
    margin = s * wv[0]
    risk = (ndtr((-margin + b) / norm) + ndtr((-margin - b) / norm)) / 2 - ndtr(-s)
    brute = float(np.sum(w * risk))
    assert abs(expected_excess(d, s, ell, a1, a0, v1, v0).excess - brute) < 1e-9
