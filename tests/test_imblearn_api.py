"""The imbalanced-learn API: imbalanced-learn's and scikit-learn's estimator checks on every sampler,
sampling_strategy semantics, a Pipeline, the same bytes per random_state, JAX's precision left alone
(x64 off, in a subprocess), bounded memory, and the README and docs/real_tables.md examples executed."""
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


ENV = {"PATH": "/usr/bin:/bin", "JAX_PLATFORMS": "cpu"}  # a fresh interpreter, JAX's default configuration
TABLE_PATH_SAMPLERS = ("GShiftOverSampler", "DuplicationOverSampler", "SMOTEOverSampler", "ADASYNOverSampler")


@pytest.mark.parametrize("sampler", SAMPLERS + MORE, ids=lambda s: repr(s))
def test_same_random_state_same_bytes_on_every_call(sampler):
    X, y = imbalanced_table(seed=2)
    first = sampler.fit_resample(X, y)
    again = sampler.fit_resample(X, y)
    np.testing.assert_array_equal(first[0], again[0])
    np.testing.assert_array_equal(first[1], again[1])


X64_OFF = """
import jax
import numpy as np
before = bool(jax.config.jax_enable_x64)
import synthover.simulations
import synthover.simulations.precision
from synthover.simulations.samplers import imblearn_api as api
assert bool(jax.config.jax_enable_x64) == before is False, "importing synthover changed jax_enable_x64"
rng = np.random.default_rng(0)
X = np.vstack([rng.normal(size=(120, 3)), rng.normal(size=(15, 3)) + 1.0])
y = np.r_[np.zeros(120, int), np.ones(15, int)]
samplers = api.all_samplers(random_state=0) + [api.GeneratorOverSampler(random_state=0)]
rows = {}
for sampler in samplers:
    X_res, y_res = sampler.fit_resample(X, y)
    assert X_res.dtype == np.float64 and X_res.shape == (240, 3) and np.isfinite(X_res).all(), sampler
    np.testing.assert_array_equal(X_res, sampler.fit_resample(X, y)[0])
    rows[repr(sampler)] = (type(sampler).__name__, X_res)
assert not jax.config.jax_enable_x64, "a sampler changed jax_enable_x64"
jax.config.update("jax_enable_x64", True)
for sampler in samplers:
    name, X_res = rows[repr(sampler)]
    if name in {table_path}:
        np.testing.assert_array_equal(X_res, sampler.fit_resample(X, y)[0])
print("ok", len(samplers))
"""


def test_samplers_work_with_x64_off_and_leave_the_setting_alone():
    """Under JAX's default configuration (the suite's conftest turns x64 on, so a fresh interpreter):
    importing synthover changes no setting, every sampler works, and the table path gives the same bytes
    with x64 off and on (it is NumPy in float64)."""
    code = X64_OFF.replace("{table_path}", repr(set(TABLE_PATH_SAMPLERS)))
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=600, env=ENV)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.startswith("ok")


@pytest.mark.parametrize("sampler", [SMOTEOverSampler(random_state=0), ADASYNOverSampler(random_state=0),
                                     DuplicationOverSampler(random_state=0), GShiftOverSampler(random_state=0)],
                         ids=lambda s: type(s).__name__)
def test_memory_is_linear_in_the_table_not_quadratic(sampler):
    """Peak traced memory of fit_resample on 20,000 x 5 rows, 10% minority: the output (rows and labels)
    plus at most one chunk of new rows and its per-row indices and steps, i.e. under twice the output;
    an n_minority^2 distance matrix alone would be 18x the output."""
    import tracemalloc

    X, y = imbalanced_table(seed=3, n0=18_000, n1=2_000, d=5)
    sampler.fit_resample(X, y)
    tracemalloc.start()
    try:
        X_res, y_res = sampler.fit_resample(X, y)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    output = X_res.nbytes + y_res.nbytes
    assert peak < 2 * output < 2_000**2 * 8, (peak, output)


def python_blocks(path: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", path.read_text(), flags=re.S)


def run_python(code: str, *args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, capture_output=True, text=True, timeout=300,
                          env=ENV)


def test_readme_real_table_example_is_self_contained_and_quick():
    blocks = [b for b in python_blocks(ROOT / "README.md") if "imblearn_api" in b]
    assert len(blocks) == 1 and "../" not in blocks[0]
    result = run_python(blocks[0])
    assert result.returncode == 0, result.stderr[-3000:]
    assert "class counts after SMOTE" in result.stdout and "G-shift" in result.stdout


def test_real_tables_doc_runs_on_bundled_data_and_on_a_table_given_by_path(tmp_path):
    blocks = python_blocks(ROOT / "docs" / "real_tables.md")
    assert blocks and not any("../" in b for b in blocks)
    code = "\n".join(blocks)
    result = run_python(code, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "breast cancer" in result.stdout
    import pandas as pd

    X, y = imbalanced_table(n0=90, n1=10, d=4)
    pd.DataFrame(X, columns=list("abcd")).assign(label=y).to_csv(tmp_path / "table.csv", index=False)
    result = run_python(code, str(tmp_path / "table.csv"), "label", cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "table.csv" in result.stdout
