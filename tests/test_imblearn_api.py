"""The imbalanced-learn API: imbalanced-learn's and scikit-learn's estimator checks on every sampler,
sampling_strategy semantics, a Pipeline, and the README example executed."""
from __future__ import annotations

import re
import subprocess
import sys
import warnings
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from imblearn.pipeline import make_pipeline
from imblearn.utils.estimator_checks import (
    check_dataframe_column_names_consistency,
    check_param_validation,
    parametrize_with_checks,
)
from sklearn.linear_model import LogisticRegression
from sklearn.utils.estimator_checks import parametrize_with_checks as parametrize_with_sklearn_checks

from synthover.simulations.samplers.imblearn_api import (
    ADASYNOverSampler,
    DuplicationOverSampler,
    GeneratorOverSampler,
    GShiftOverSampler,
    SMOTEOverSampler,
    all_samplers,
)
from synthover.simulations.samplers.smote import Smote

ROOT = Path(__file__).resolve().parent.parent

# Checks expected to fail, with the reason (an empty dict: every check passes).
EXPECTED_FAILURES: dict[str, str] = {}


def expected_failures(estimator) -> dict[str, str]:
    return EXPECTED_FAILURES


SAMPLERS = all_samplers(random_state=0)  # every class; GeneratorOverSampler once per in-context generator
MORE = [GShiftOverSampler(random_state=0, delta=0.1, sigma_syn=0.8, scale="none"), GeneratorOverSampler(random_state=0)]


@parametrize_with_checks(SAMPLERS, expected_failed_checks=expected_failures)
def test_imblearn_sampler_checks(estimator, check):
    check(estimator)


@parametrize_with_sklearn_checks(SAMPLERS, expected_failed_checks=expected_failures)
def test_sklearn_estimator_checks(estimator, check):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        check(estimator)


@pytest.mark.parametrize("sampler", SAMPLERS, ids=lambda s: type(s).__name__)
def test_param_validation_and_column_names(sampler):
    name = type(sampler).__name__
    check_param_validation(name, sampler)
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        check_dataframe_column_names_consistency(name, sampler)
    assert not any("was fitted without feature names" in str(w.message) for w in record)


def imbalanced_table(seed=0, n0=120, n1=15, d=3):
    rng = np.random.default_rng(seed)
    X = np.vstack([rng.normal(size=(n0, d)), rng.normal(size=(n1, d)) + 1.0])
    return X, np.r_[np.zeros(n0, int), np.ones(n1, int)]


@pytest.mark.parametrize("sampler", SAMPLERS + MORE, ids=lambda s: repr(s))
def test_sampling_strategy_counts_and_originals_kept(sampler):
    X, y = imbalanced_table()
    X_res, y_res = sampler.fit_resample(X, y)
    assert Counter(y_res) == {0: 120, 1: 120}
    np.testing.assert_array_equal(X_res[: len(X)], X)
    X_res, y_res = sampler.set_params(sampling_strategy={1: 50}).fit_resample(X, y)
    assert Counter(y_res) == {0: 120, 1: 50}
    X_res, y_res = sampler.set_params(sampling_strategy=0.5).fit_resample(X, y)
    assert Counter(y_res)[1] == 60


def test_same_random_state_same_rows_and_different_states_differ():
    X, y = imbalanced_table()
    a = SMOTEOverSampler(random_state=3).fit_resample(X, y)[0]
    b = SMOTEOverSampler(random_state=3).fit_resample(X, y)[0]
    c = SMOTEOverSampler(random_state=4).fit_resample(X, y)[0]
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a[len(X):], c[len(X):])


def test_smote_rows_lie_on_segments_to_neighbours():
    X, y = imbalanced_table()
    X_res, _ = SMOTEOverSampler(random_state=0, k_neighbors=3).fit_resample(X, y)
    minority = X[y == 1]
    new = X_res[len(X):]
    # each new row is x_i + lambda (x_j - x_i) for a pair in the minority rows: check collinearity
    best = np.inf * np.ones(len(new))
    for i in range(len(minority)):
        for j in range(len(minority)):
            if i == j:
                continue
            seg = minority[j] - minority[i]
            lam = np.clip((new - minority[i]) @ seg / (seg @ seg), 0, 1)
            best = np.minimum(best, np.linalg.norm(new - minority[i] - lam[:, None] * seg, axis=1))
    assert best.max() < 1e-9


def test_gshift_parameters_move_the_rows():
    X, y = imbalanced_table(n1=40)
    big = GShiftOverSampler(random_state=0, sampling_strategy={1: 40 + 20_000}, delta=[1.0, 0.0, 0.0], sigma_syn=0.5)
    X_res, _ = big.fit_resample(X, y)
    new, minority = X_res[len(X):], X[y == 1]
    sd = minority.std(axis=0)
    se = 0.5 * sd / np.sqrt(20_000)
    expected = minority.mean(axis=0) + np.array([1.0, 0, 0]) * sd
    assert np.all(np.abs(new.mean(axis=0) - expected) < 5 * se)
    np.testing.assert_allclose(new.std(axis=0), 0.5 * sd, rtol=0.03)
    with pytest.raises(ValueError, match="delta"):
        GShiftOverSampler(delta=[1.0, 2.0]).fit_resample(X, y)


def test_smote_needs_more_rows_than_neighbours():
    X, y = imbalanced_table(n1=4)
    with pytest.raises(ValueError, match="k must be < the number of rows"):
        SMOTEOverSampler(k_neighbors=5).fit_resample(X, y)


def test_pipeline_with_every_sampler():
    X, y = imbalanced_table(n0=300, n1=30)
    for sampler in SAMPLERS:
        pipe = make_pipeline(sampler, LogisticRegression())
        pipe.fit(X, y)
        assert pipe.predict(X).shape == y.shape


def test_generic_wrapper_accepts_any_generator_object():
    X, y = imbalanced_table()
    a = GeneratorOverSampler(Smote(k=3), random_state=1).fit_resample(X, y)[0]
    b = SMOTEOverSampler(k_neighbors=3, random_state=1).fit_resample(X, y)[0]
    np.testing.assert_allclose(a, b)
    a = GeneratorOverSampler(random_state=1).fit_resample(X, y)[0]
    b = DuplicationOverSampler(random_state=1).fit_resample(X, y)[0]
    np.testing.assert_allclose(a, b)
    assert ADASYNOverSampler(random_state=1).fit_resample(X, y)[0].shape == (240, 3)


def readme_code() -> str:
    text = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert blocks, "README.md has no python block"
    return "\n".join(blocks)


def test_readme_example_runs_on_a_generated_csv(tmp_path):
    rng = np.random.default_rng(0)
    X, y = imbalanced_table(n0=90, n1=10, d=4)
    import pandas as pd

    table = pd.DataFrame(X, columns=["a", "b", "c", "d"]).assign(label=y)
    table.to_csv(tmp_path / "table.csv", index=False)
    del rng
    code = readme_code().replace("../shared/data/opal_v1/openmlDiabetes/seed1/imbalanced/train.csv", "table.csv")
    code = code.replace('LABEL = "class"', 'LABEL = "label"')
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "JAX_PLATFORMS": "cpu"})
    assert result.returncode == 0, result.stderr[-2000:]
    assert "SMOTE" in result.stdout and "G-shift" in result.stdout


def test_readme_example_runs_on_the_authors_table():
    path = ROOT / ".." / "shared" / "data" / "opal_v1" / "openmlDiabetes" / "seed1" / "imbalanced" / "train.csv"
    if not path.exists():
        pytest.skip("shared data not present")
    result = subprocess.run([sys.executable, "-c", readme_code()], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "class counts after SMOTE" in result.stdout
