"""`synthover audit`: planted copies with known counts, one-line errors, SDMetrics agreement, and the known
answers on the authors' rows (skipped when the data folder is absent)."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import binom

from synthover.paper_checks.cli import main
from synthover.simulations.real import audit as A
from synthover.simulations.real.data import Table, read_table

DATA = Path(__file__).parents[2] / "shared" / "data"
needs_data = pytest.mark.skipif(not DATA.is_dir(), reason="the authors' data folder is absent")
COLS = ["a", "b", "c", "d", "e"]
N_EXACT_TRAIN, N_EXACT_TEST, N_ROUNDED, N_JITTER, N_FRESH = 7, 5, 4, 3, 300


def _frame(rng, n):
    X = rng.normal(size=(n, len(COLS))) * [1, 2, 0.5, 3, 1] + [0, 1, 2, 3, 4]
    df = pd.DataFrame(X, columns=COLS)
    df["y"] = rng.integers(0, 2, n)
    return df


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """Real train/test tables and a synthetic table with planted exact, rounded and jittered copies."""
    rng = np.random.default_rng(11)
    train, test = _frame(rng, 400), _frame(rng, 200)
    parts = [_frame(rng, N_FRESH), train.iloc[:N_EXACT_TRAIN], test.iloc[:N_EXACT_TEST]]
    rounded = train.iloc[10:10 + N_ROUNDED].copy()
    rounded[COLS] = rounded[COLS].round(2)
    jitter = train.iloc[20:20 + N_JITTER].copy()
    jitter[COLS] = jitter[COLS] + rng.normal(scale=1e-3, size=(N_JITTER, len(COLS)))
    synth = pd.concat(parts + [rounded, jitter], ignore_index=True)
    folder = tmp_path_factory.mktemp("planted")
    paths = {}
    for name, df in (("train", train), ("test", test), ("synth", synth)):
        paths[name] = folder / f"{name}.csv"
        df.to_csv(paths[name], index=False)
    return paths


def _tables(paths):
    return (read_table(paths["synth"], "y", require=()), read_table(paths["train"], "y"),
            read_table(paths["test"], "y"))


def test_planted_copies_are_counted(planted):
    syn, train, test = _tables(planted)
    res = A.audit(syn, train, test, detection=False)
    tr, te = res["copies_of_train"], res["copies_of_test"]
    assert tr["exact_copies"] == N_EXACT_TRAIN  # rounded and jittered rows are not exact copies
    assert te["exact_copies"] == N_EXACT_TEST and te["test_only_copies"] == N_EXACT_TEST
    assert tr["chance_rate"] == 0.0 and te["test_only_allowance"] == 0
    planted_near = N_EXACT_TRAIN + N_ROUNDED + N_JITTER
    # every planted row is a near copy; the other rows are near copies at the baseline's own rate
    near_mask = tr["_dcr"] <= tr["near_threshold"]
    assert near_mask[N_FRESH:N_FRESH + N_EXACT_TRAIN].all() and near_mask[-(N_ROUNDED + N_JITTER):].all()
    rate = tr["near_expected"] / len(syn)
    others = len(syn) - planted_near
    assert planted_near <= tr["near_copies"] <= planted_near + binom.ppf(0.999, others, rate)
    assert A.test_copies_exceed(res, 0) and not A.test_copies_exceed(res, N_EXACT_TEST)


def test_chance_rate_of_a_grid_is_its_leave_one_out_duplicate_share():
    X = np.array([[0, 0], [0, 0], [1, 1], [2, 2], [2, 2], [2, 2]], float)
    t = Table(Path("grid.csv"), ("u", "v"), X, np.zeros(6, int))
    assert A.chance_copy_rate(t) == pytest.approx(5 / 6)


def test_cli_writes_report_exit_codes_and_same_bytes(planted, tmp_path, capsys):
    args = [str(planted["synth"]), "--real", str(planted["train"]), "--test", str(planted["test"]), "--label", "y"]
    assert main(["audit", *args, "--out", str(tmp_path / "a")]) == 1  # 5 leaked test rows > 0
    assert main(["audit", *args, "--out", str(tmp_path / "b"), "--max-test-copies", "5"]) == 0
    for name in ("report.md", "report.json", "audit.png", "audit.pdf"):
        assert (tmp_path / "a" / name).is_file()
    doc_a, doc_b = (json.loads((tmp_path / d / "report.json").read_text()) for d in "ab")
    assert doc_a["test_copies_flagged"] and not doc_b["test_copies_flagged"]
    main(["audit", *args, "--out", str(tmp_path / "c")])
    for name in ("report.json", "report.md", "audit.png"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "c" / name).read_bytes()
    assert len((tmp_path / "a" / "report.md").read_text().splitlines()) < 60  # one page


def _write(path: Path, text: str) -> str:
    path.write_text(text)
    return str(path)


def test_bad_inputs_are_one_line_errors(planted, tmp_path, capsys):
    real = str(planted["train"])
    good = str(planted["synth"])
    cases = {
        "missing file": ["audit", str(tmp_path / "nope.csv"), "--real", real, "--label", "y"],
        "mismatched columns": ["audit", _write(tmp_path / "m.csv", "a,b,y\n1,2,0\n"), "--real", real, "--label", "y"],
        "non-numeric column": ["audit", _write(tmp_path / "t.csv", "a,b,c,d,e,y\n1,2,x,4,5,0\n"), "--real", real,
                               "--label", "y"],
        "missing label": ["audit", good, "--real", real, "--label", "target"],
        "empty table": ["audit", _write(tmp_path / "e.csv", "a,b,c,d,e,y\n"), "--real", real, "--label", "y"],
        "blank file": ["audit", _write(tmp_path / "b.csv", ""), "--real", real, "--label", "y"],
        "huge values": ["audit", _write(tmp_path / "h.csv", "a,b,c,d,e,y\n1e308,2,3,4,5,0\n"), "--real", real,
                        "--label", "y"],
        "negative K": ["audit", good, "--real", real, "--label", "y", "--max-test-copies", "-1"],
        "bad quantile": ["audit", good, "--real", real, "--label", "y", "--near-quantile", "nan"],
        "text K": ["audit", good, "--real", real, "--label", "y", "--max-test-copies", "many"],
        "no inputs": ["audit"],
        "predict without data": ["audit", "--predict"],
        "bad attribute": ["audit", good, "--real", real, "--label", "y", "--attribute", "zz"],
    }
    for name, argv in cases.items():
        assert main(argv + ["--out", str(tmp_path / "o")]) == 2, name
        err = capsys.readouterr().err
        assert err.startswith("synthover: error:") and err.count("\n") == 1 and "Traceback" not in err, (name, err)


def test_our_metrics_match_sdmetrics(planted):
    sdm = pytest.importorskip("sdmetrics.single_column")
    pairs = pytest.importorskip("sdmetrics.column_pairs")
    syn, train, _ = _tables(planted)
    real_df, syn_df = pd.DataFrame(train.X, columns=COLS), pd.DataFrame(syn.X, columns=COLS)
    for col in A.column_distances(syn, train):
        assert col["metric"] == "KS"
        theirs = sdm.KSComplement.compute(real_df[col["column"]], syn_df[col["column"]])
        assert 1 - col["distance"] == pytest.approx(theirs, abs=1e-12)
    levels = np.arange(4.0)
    r, s = np.resize(levels, 40), np.r_[np.zeros(10), np.resize(levels, 30)]
    assert 1 - A.tv_distance(r, s) == pytest.approx(sdm.TVComplement.compute(pd.Series(r), pd.Series(s)), abs=1e-9)
    ours = A.correlation_gap(syn, train)["_matrix"]
    theirs = pairs.CorrelationSimilarity.compute(real_df[["a", "b"]], syn_df[["a", "b"]])
    assert 1 - ours[0, 1] / 2 == pytest.approx(theirs, abs=1e-12)


def test_detection_separates_shifted_rows_and_not_identical_ones(planted):
    syn, train, _ = _tables(planted)
    shifted = Table(syn.path, syn.features, syn.X + 3 * train.X.std(axis=0), syn.y)
    assert A.detection_auc(shifted, train, seed=0)["logistic"] > 0.99
    same = A.detection_auc(train, train, seed=0)
    assert abs(same["logistic"] - 0.5) < 0.1


# ------------------------------------------------------------------------------------- known answers
OPAL = DATA / "opal_v1"
SEEDS = (1, 2, 6, 8, 42)


@needs_data
def test_diabetes_gpt4_copies_test_rows_and_the_source_table():
    ds = OPAL / "openmlDiabetes"
    source = read_table(ds / "source.csv")
    shares, test_copies = [], []
    for r in SEEDS:
        test = read_table(ds / f"seed{r}" / "test.csv")
        for setting in ("imbalanced", "spurious", "augment_legacy"):
            gpt = read_table(ds / f"seed{r}" / setting / "gpt4.csv", require=())
            shares.append(A.exact_copy_mask(gpt, source).mean())
            if setting == "imbalanced":  # the 100 rows the experiment adds, in file order
                test_copies.append(int(A.exact_copy_mask(gpt.take(np.arange(100)), test).sum()))
    assert 0.30 <= min(shares) and max(shares) <= 0.83 and round(min(shares), 2) == 0.30 and round(max(shares), 2) == 0.83
    assert test_copies == [18, 14, 16, 16, 16]


@needs_data
def test_cli_flags_the_diabetes_test_copies(tmp_path, capsys):
    d = OPAL / "openmlDiabetes" / "seed2"
    code = main(["audit", str(d / "imbalanced" / "gpt4.csv"), "--real", str(d / "imbalanced" / "train.csv"), "--test",
                 str(d / "test.csv"), "--label", "class", "--attribute", "skin", "--first", "100", "--out", str(tmp_path)])
    assert code == 1
    doc = json.loads((tmp_path / "report.json").read_text())
    assert doc["copies_of_test"]["test_only_copies"] == 14 and doc["test_copies_flagged"]
    assert "s=1,y=0" in doc["groups"]


@needs_data
@pytest.mark.parametrize("name", ["heart_failure", "craft"])
def test_heart_and_craft_gpt4_rows_copy_nothing(name):
    source = read_table(OPAL / name / "source.csv")
    for r in SEEDS:
        test = read_table(OPAL / name / f"seed{r}" / "test.csv")
        for gen in sorted((OPAL / name / f"seed{r}").glob("*/gpt4.csv")):
            gpt = read_table(gen, require=())
            assert A.exact_copy_mask(gpt, source).sum() == 0 and A.exact_copy_mask(gpt, test).sum() == 0


@needs_data
def test_smote_rows_copy_only_the_training_minority_rows():
    for name in ("openmlDiabetes", "heart_failure", "gender", "craft"):
        for r in SEEDS:
            folder = OPAL / name / f"seed{r}" / "imbalanced"
            train, smote = read_table(folder / "train.csv"), read_table(folder / "smote.csv", require=())
            test = read_table(OPAL / name / f"seed{r}" / "test.csv")
            copies = A.exact_copy_mask(smote, train)
            assert copies.sum() == np.sum(train.y == 0) == 10  # SMOTE re-adds the 10 minority rows
            assert A.exact_copy_mask(smote.take(np.flatnonzero(~copies)), test).sum() == 0


@needs_data
def test_gender_copies_stay_within_the_grid_chance_rate():
    """Gender is a coarse grid: a real row equals another test row at the measured rate (0.18-0.21 per row);
    the GPT-4 rows copy test rows no more often than that rate allows, so the audit does not flag them."""
    rates = []
    for r in SEEDS:
        folder = OPAL / "gender" / f"seed{r}"
        train, test = read_table(folder / "imbalanced" / "train.csv"), read_table(folder / "test.csv")
        gpt = read_table(folder / "imbalanced" / "gpt4.csv", require=())
        res = A.audit(gpt, train, test, detection=False)
        rates.append(res["copies_of_test"]["test_only_chance_rate"])
        assert res["copies_of_test"]["exact_copies"] > 0 and not A.test_copies_exceed(res, 0)
    assert 0.18 <= min(rates) and max(rates) <= 0.21
