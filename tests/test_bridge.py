"""The bridge: estimates recovered on model-G tables with a known shift (oracle within k bootstrap SDs),
the arms of the A4 comparison, the prediction's sign at the two ends of A4's boundary, and the claims'
clean skip without data."""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from synthover.simulations.real import bridge

D, S, DELTA_PAR, DELTA_PERP, SIGMA_SYN = 4, 1.0, 0.3, 0.4, 1.3
K_SD = 4.0  # oracle within 4 bootstrap SDs


def _model_g(rng, n_real=3000, n_syn=2000):
    """Model G in whitened coordinates z, then mapped by a fixed non-identity A (the whitening must undo it).
    Minority = label 0 here, at +mu (the bridge orients mu from the majority to the minority)."""
    A = np.array([[2.0, 0.3, 0, 0], [0, 1.0, 0.5, 0], [0, 0, 0.5, 0.1], [0.2, 0, 0, 3.0]])
    mu = np.r_[S, np.zeros(D - 1)]
    delta = np.r_[DELTA_PAR, DELTA_PERP, np.zeros(D - 2)]
    z_min = rng.normal(size=(n_real, D)) + mu
    z_maj = rng.normal(size=(n_real, D)) - mu
    z_syn = SIGMA_SYN * rng.normal(size=(n_syn, D)) + mu + delta
    real_X = np.vstack([z_min, z_maj]) @ A.T + 5.0
    real_y = np.r_[np.zeros(n_real, int), np.ones(n_real, int)]
    return real_X, real_y, z_syn @ A.T + 5.0, np.zeros(n_syn, int)


def test_estimates_recover_the_planted_shift():
    rng = np.random.default_rng(3)
    real_X, real_y, syn_X, syn_y = _model_g(rng)
    point = bridge.point_estimate(real_X, real_y, syn_X, syn_y, minority=0)
    reps = bridge.bootstrap(real_X, real_y, syn_X, syn_y, 0, reps=60, seed=1)
    assert point["d"] == D
    for name, truth in (("s", S), ("delta_par", DELTA_PAR), ("delta_perp", DELTA_PERP), ("sigma_syn", SIGMA_SYN)):
        sd = reps[name].std(ddof=1)
        assert abs(point[name] - truth) <= K_SD * sd + (point["perp_noise"] if name == "delta_perp" else 0), name
    lo, hi = bridge.interval(reps["delta_par"])
    assert lo < point["delta_par"] < hi


def test_a_perfect_generator_has_no_shift_and_unit_variance_ratio():
    rng = np.random.default_rng(4)
    real_X, real_y, _, _ = _model_g(rng)
    same = real_X[real_y == 0][:1500]
    point = bridge.point_estimate(real_X, real_y, same, np.zeros(len(same), int), minority=0)
    assert abs(point["delta_par"]) < 0.1 and point["delta_perp"] < 0.1 + point["perp_noise"]
    assert point["sigma_syn"] == pytest.approx(1.0, abs=0.1)


def test_arms_balance_the_classes():
    X = np.arange(24, dtype=float).reshape(12, 2)
    y = np.r_[np.zeros(3, int), np.ones(9, int)]
    dX, dy = bridge.duplication_arm(X, y, minority=0)
    assert np.sum(dy == 0) == np.sum(dy == 1) == 9 and set(map(tuple, dX[dy == 0])) == set(map(tuple, X[:3]))
    syn_X, syn_y = np.full((10, 2), 99.0), np.r_[np.zeros(8, int), np.ones(2, int)]
    sX, sy = bridge.synthetic_arm(X, y, syn_X, syn_y, minority=0)
    assert np.sum(sy == 0) == 9 and len(sy) == 18
    with pytest.raises(ValueError):
        bridge.synthetic_arm(X, y, syn_X[:3], syn_y[:3], minority=0)


def test_plug_in_lda_reaches_the_bayes_error_on_a_large_model_g_table():
    from scipy.stats import norm

    rng = np.random.default_rng(5)
    real_X, real_y, _, _ = _model_g(rng, n_real=20000, n_syn=2)
    geo = bridge.geometry(real_X, real_y)
    test_X, test_y, _, _ = _model_g(np.random.default_rng(6), n_real=20000, n_syn=2)
    err = bridge.balanced_error(bridge.lda_g_predict(geo, real_X, real_y, np.ones(len(real_y)), test_X, 0), test_y)
    se = math.sqrt(norm.cdf(-S) * (1 - norm.cdf(-S)) / 20000)
    assert abs(err - norm.cdf(-S)) < 4 * se + 0.005  # 0.005: the fitted rule's excess at n = 20000, d = 4


def test_a4_prediction_sign_at_both_ends_of_the_boundary():
    from synthover.paper_checks.real.predict import a4_advantage

    base = {"d": 8, "s": 0.7, "delta_par": 0.0, "delta_perp": 0.0}
    assert a4_advantage(base, 90, 10) > 0  # a perfect generator beats duplication
    assert a4_advantage({**base, "delta_par": 3.0, "delta_perp": 3.0}, 90, 10) < 0  # a far-off one loses


def test_bridge_claims_skip_cleanly_without_data(monkeypatch):
    from synthover.paper_checks.real import claims_bridge

    monkeypatch.delenv("SYNTHOVER_DATA", raising=False)
    for claim in claims_bridge.CLAIMS:
        assert claim.compare({}, None, 50) == []
        assert getattr(claim, "needs_data", True)


DATA = Path(__file__).parents[2] / "shared" / "data"


@pytest.mark.skipif(not DATA.is_dir(), reason="the authors' data folder is absent")
def test_diabetes_gpt4_estimates_carry_intervals():
    from synthover.paper_checks.real.predict import opal_a4_cells

    (cell,) = [c for c in opal_a4_cells(DATA, generators=("gpt4",), quick=True, boot=30) if c["dataset"] == "openmlDiabetes"]
    run = cell["runs"][0]
    assert run["n0"] == 90 and run["n1"] == 10 and run["point"]["m"] == 80
    for name in ("s", "delta_par", "delta_perp", "sigma_syn"):
        lo, hi = bridge.interval(run["reps"][name])
        assert lo < hi and np.isfinite(run["point"][name])
