"""The data contract: both layouts load from a named folder; each contract violation is one line naming
the file and the column (DataError = ParameterError, CLI exit 2); another dataset in the same layout
works with no code change. Tables are planted by the tests in tmp_path."""
import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from synthover.paper_checks.cli import main
from synthover.paper_checks.params import ParameterError
from synthover.simulations.real import data as d
from synthover.simulations.real.experiments_planted import plant_scaling_law

REAL = Path(__file__).parents[2] / "shared" / "data"


@pytest.fixture(scope="module")
def planted(plant_tables):
    return plant_tables(n_generated=4000)


@pytest.fixture
def copy(planted, tmp_path):
    shutil.copytree(planted, tmp_path / "data")
    return tmp_path / "data"


def test_both_layouts_load_and_roles_are_inferred(planted):
    s = d.load_scaling_law(planted, "planted")
    assert s.roles.label == "target" and s.roles.minority == 1 and s.roles.spurious == "attr"
    assert s.roles.origin == "inferred" and s.pool is not None
    maj, gmin, gmaj = s.task_tables("imbalanced")
    assert set(maj.y) == {0} and set(gmin.y) == {1} and set(gmaj.y) == {0}
    o = d.load_opal_v1(planted, "planted")
    assert o.roles.minority == 0 and o.roles.spurious == "attr"
    assert o.seeds == (1, 2) and o.setting_names() == ("imbalanced", "spurious")
    assert d.scaling_law_cells(planted) == [("planted", "imbalanced"), ("planted", "spurious")]
    assert ("planted", 1, "imbalanced") in d.opal_v1_cells(planted)


def test_description_file_and_options_set_the_roles(copy):
    folder = copy / "scaling_law" / "planted"
    (folder / "dataset.json").write_text(json.dumps({"label": "target", "minority": 1, "spurious": "attr"}))
    assert d.load_scaling_law(copy, "planted").roles.origin == "planted/dataset.json"
    assert d.load_scaling_law(copy, "planted", {"minority": 1}).roles.origin == "options"
    (folder / "dataset.json").write_text(json.dumps({"labl": "target"}))
    with pytest.raises(ParameterError, match=r"dataset.json: unknown key 'labl'"):
        d.load_scaling_law(copy, "planted")


def _rewrite(path: Path, edit):
    frame = pd.read_csv(path)
    edit(frame)
    frame.to_csv(path, index=False)


@pytest.mark.parametrize("case, pattern", [
    ("missing file", r"great_y1\.csv: required file is missing"),
    ("missing column", r"test\.csv: column 'x2' missing"),
    ("non-numeric", r"seed\.csv: column 'x1' is not numeric \(found 'abc'\)"),
    ("label outside", r"seed\.csv: column 'target': labels must be in \{0, 1\} \(found 2\)"),
    ("empty class", r"seed\.csv: column 'target': class 0 is empty"),
    ("missing value", r"test\.csv: column 'x3' has missing or infinite values"),
])
def test_contract_violations_name_file_and_column(copy, case, pattern):
    folder = copy / "scaling_law" / "planted"
    if case == "missing file":
        (folder / "great_y1.csv").unlink()
    elif case == "missing column":
        _rewrite(folder / "test.csv", lambda f: f.pop("x2"))
    elif case == "non-numeric":
        _rewrite(folder / "seed.csv", lambda f: f.__setitem__("x1", ["abc"] + list(f["x1"][1:])))
    elif case == "label outside":
        _rewrite(folder / "seed.csv", lambda f: f.__setitem__("target", [2] + list(f["target"][1:])))
    elif case == "empty class":
        _rewrite(folder / "seed.csv", lambda f: f.__setitem__("target", 1))
    elif case == "missing value":
        _rewrite(folder / "test.csv", lambda f: f.__setitem__("x3", [np.nan] + list(f["x3"][1:])))
    with pytest.raises(ParameterError, match=pattern) as err:
        d.load_scaling_law(copy, "planted")
    assert "\n" not in str(err.value)


def test_opal_layout_violations(copy):
    folder = copy / "opal_v1" / "planted"
    (folder / "seed2" / "test.csv").unlink()
    with pytest.raises(ParameterError, match=r"seed2/test\.csv: required file is missing"):
        d.load_opal_v1(copy, "planted")


def test_cli_exits_2_with_one_line(copy, capsys, tmp_path):
    (copy / "scaling_law" / "planted" / "seed.csv").write_text("x1,target\n1,0\n")
    assert main(["paper", "--data", str(copy), "--only", "vary-ratio", "--quick", "--out", str(tmp_path / "o"),
                 "--no-cache", "--no-figures", "--no-progress"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "seed.csv" in err
    assert main(["paper", "--data", str(tmp_path / "absent")]) == 2


def test_another_dataset_in_the_same_layout_is_found(copy):
    plant_scaling_law(copy, "other", seed=3, n_source=4000, n_generated=4000, with_pool=False)
    assert d.datasets(copy, "scaling_law") == ["other", "planted"]
    other = d.load_scaling_law(copy, "other")
    assert other.pool is None and other.roles.spurious == "attr"


def test_pandas_sample_is_pandas_draw():
    frame = pd.DataFrame({"a": np.arange(50)})
    for seed in (1, 42):
        assert list(frame.sample(n=17, random_state=seed).index) == list(d.pandas_sample(50, 17, seed))


@pytest.mark.skipif(not REAL.is_dir(), reason="the authors' data is not present")
def test_real_layout_loads_and_the_used_shortcut_is_the_fixed_draw():
    s = d.load_scaling_law(REAL, "gender")
    assert (s.roles.label, s.roles.minority, s.roles.spurious) == ("gender", 1, "long_hair")
    maj, _, _ = s.task_tables("imbalanced")
    u = maj.take(d.pandas_sample(len(maj), 1000, 42))
    assert np.array_equal(u.X, s.tables["pool_y0_used"].X)
    cells = d.stored_scaling_law(REAL, "craft")
    assert len(cells) > 1000 and {c.arm for c in cells} == {"raw", "bal", "bal+aug", "all_real"}
