"""Experiments A, B and OPAL v1 on planted tables (small settings), the cell cache, the scaling fit, the
data-less skips of figures and claims, and one real cell against the authors' stored number."""
import json
import math
from pathlib import Path

import numpy as np
import pytest

from synthover.paper_checks.cli import main
from synthover.paper_checks.real.paper import scaling_fit
from synthover.simulations.real import experiments_opal as opal
from synthover.simulations.real import experiments_scaling as sc
from synthover.simulations.real.data import load_opal_v1, stored_scaling_law
from synthover.simulations.real.experiments import CellCache

REAL = Path(__file__).parents[2] / "shared" / "data"
SMALL = sc.ScalingSettings(reps=(1, 2), ratio_index=(0, 3), additional_index=(0, 1, 9), classifiers_a=("rf",),
                           classifiers_b=("log",), methods=("great", "ros"), tasks=("imbalanced",), trees=5)


@pytest.fixture(scope="module")
def planted(plant_tables):
    return plant_tables(n_generated=9000)


def test_vary_ratio_arms_and_the_cache_makes_a_rerun_free(planted, tmp_path):
    cache = CellCache(tmp_path / "cache")
    first = sc.vary_ratio(planted, None, SMALL, cache, show_progress=False)
    arms = {(r["method"], r["arm"]) for r in first.records}
    assert arms == {("none", "raw"), ("great", "bal"), ("great", "bal+aug"), ("ros", "bal"), ("ros", "bal+aug")}
    at0 = {(r["method"], r["arm"], r["rep"]): r["min_cross"] for r in first.records if r["index"] == 0}
    assert at0[("none", "raw", 1)] == at0[("great", "bal", 1)] == at0[("ros", "bal", 1)]  # n = 0: nothing added
    computed = cache.misses
    again = CellCache(tmp_path / "cache")
    second = sc.vary_ratio(planted, None, SMALL, again, show_progress=False)
    assert again.misses == 0 and again.hits == computed and second.records == first.records
    summary = first.summary("balanced_cross")
    assert all(s["n"] == 2 and s["std"] >= 0 for s in summary)


def test_vary_additional_logs_losses_and_draws_the_all_real_line(planted):
    run = sc.vary_additional(planted, None, SMALL, None, show_progress=False)
    real = [r for r in run.records if r["arm"] == "all_real"]
    assert len(real) == 1 and real[0]["index"] == 10
    extra = sorted({r["extra_rows"] for r in run.records if r["arm"] == "bal+aug"})
    assert extra == [0, 400, 3600]
    assert all(r["balanced_cross"] < 5 for r in run.records)  # ln of a log-loss


def test_scaling_fit_recovers_a_planted_law():
    m = np.arange(1, 10) * 400.0
    rng = np.random.default_rng(0)
    losses = 0.3 + 40.0 / m + 0.0005 * rng.normal(size=(5, len(m)))
    fit = scaling_fit(m, losses, bootstrap=50)
    assert abs(fit["gamma"] - 1) < 0.15 and fit["gamma_ci"][0] <= 1 <= fit["gamma_ci"][1]
    assert abs(fit["F"] - 0.3) < 0.01 and fit["model_g_gamma_in_ci"]
    flat = scaling_fit(m, 0.3 + 0.0 * losses + 0.01 * rng.normal(size=losses.shape), bootstrap=20)
    assert flat["gamma_ci"][1] - flat["gamma_ci"][0] > 0.5  # no curvature: gamma not resolved


def test_opal_as_run_drops_the_last_feature_and_corrected_fixes_the_flaws(planted):
    data = load_opal_v1(planted, "planted")
    gen, removed = opal.generated_rows(data, 1, "imbalanced", "dup", "corrected")
    assert set(gen.y) == {data.roles.minority} and removed == 0
    settings = opal.OpalSettings(classifiers=("logistic",), trees=5)
    records, notes = opal.opal_v1(planted, None, settings, None, show_progress=False)
    assert any("catBoost" in n for n in notes)
    summary = opal.summarise(records)
    ks = {s["k"] for s in summary}
    assert ks == set(range(6))
    spurious = {s["metric"] for s in summary if s["setting"] == "spurious"}
    assert spurious == set(opal.SPURIOUS_METRICS)
    k0 = {(s["variant"], s["generator"]): s["mean"] for s in summary
          if s["setting"] == "imbalanced" and s["k"] == 0 and s["clf"] == "logistic"}
    assert k0[("as_run", "gpt4")] == k0[("as_run", "dup")]  # k = 0 adds nothing


def test_paper_command_quick_on_planted_tables(planted, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["paper", "--data", str(planted), "--only", "opal-v1", "--quick", "--out", str(out),
                 "--cache", str(tmp_path / "c"), "--no-progress"]) == 0
    doc = json.loads((out / "paper.json").read_text())
    assert doc["opal_v1"]["corrections"] and (out / "paper.md").read_text().startswith("# The paper")
    assert (out / "figures" / "real_opal_v1_planted.png").is_file()
    assert "cells computed" in capsys.readouterr().out
    first = (out / "paper.json").read_bytes()
    assert main(["paper", "--data", str(planted), "--only", "opal-v1", "--quick", "--out", str(out),
                 "--cache", str(tmp_path / "c"), "--no-progress", "--no-figures"]) == 0
    assert "cells computed: 0" in capsys.readouterr().out and (out / "paper.json").read_bytes() == first


def test_without_data_figures_and_claims_are_skipped(monkeypatch, tmp_path, capsys):
    from synthover.figures.real.paper_figures import FIGURES
    from synthover.paper_checks.real.claims_f import CLAIMS
    from synthover.paper_checks.runner import run_claims

    monkeypatch.delenv("SYNTHOVER_DATA", raising=False)
    assert all(draw(tmp_path, seed=0, quick=True) == [] for draw in FIGURES.values())
    assert "needs the authors' data" in capsys.readouterr().out
    report = run_claims(CLAIMS, quick=True, progress=False)
    assert report.rows == [] and report.ok and "F1, F2, F3, F4 skipped" in report.notes[0]


@pytest.mark.skipif(not REAL.is_dir(), reason="the authors' data is not present")
def test_one_real_cell_reproduces_the_authors_number():
    """craft, imbalanced, random forest, ratio 2: raw and LLM-balanced arms are unweighted forests, which
    scikit-learn fits the same way since 1.3: equal to the stored means to 1e-12."""
    s = sc.ScalingSettings(ratio_index=(1,), classifiers_a=("rf",), methods=("great",), tasks=("imbalanced",))
    run = sc.vary_ratio(REAL, ["craft"], s, None, show_progress=False)
    ours = {(x["arm"], x["metric"]): x["mean"] for m in ("balanced_cross", "min_cross") for x in run.summary(m)}
    stored = {(c.arm, c.metric): c.mean for c in stored_scaling_law(REAL, "craft") if c.experiment == "vary_ratio"
              and c.task == "imbalanced" and c.clf == "rf" and c.method == "great" and c.index == 1}
    for arm in ("raw", "bal"):
        for metric in ("balanced_cross", "min_cross"):
            assert math.isclose(ours[(arm, metric)], stored[(arm, metric)], rel_tol=1e-12, abs_tol=1e-12)


def test_a_real_data_row_is_judged_with_the_t_quantile_of_its_reps():
    """Five paired reps: dof 4, so a mean 9.4 SE below zero (F2 on craft) is inconclusive at z = 3.86 (t_4 = 15.1)
    and one 16.5 SE below (F4 on craft) disagrees, whatever the power."""
    from synthover.paper_checks.agreement import judge
    from synthover.paper_checks.real.claims_f import _row

    weak = _row("q", -9.4, 1.0, [0.0] * 5, effect=-9.4)
    strong = _row("q", -16.5, 1.0, [0.0] * 5, effect=-16.5)
    assert weak.dof == 4 and judge("F", {}, weak, 3.862).tolerance == pytest.approx(15.09, abs=0.01)
    assert judge("F", {}, weak, 3.862).verdict == "inconclusive" and judge("F", {}, strong, 3.862).verdict == "disagree"
