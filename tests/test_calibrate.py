"""`synthover calibrate`: one record per run, resumed, and the table rebuilt from the records."""
import json

from synthover.paper_checks.cli import main


def _records(prefix):
    return [json.loads(line) for line in open(f"{prefix}.runs.jsonl")]


def test_calibration_resumes_from_its_records(tmp_path, capsys):
    out = tmp_path / "cal"
    assert main(["calibrate", "--claim", "A4", "--points", "2", "--seeds", "1", "--out", str(out)]) in (0, 1)
    first = _records(out)
    assert sorted((r["experiment"], r["index"]) for r in first) == [("domain", 0), ("domain", 1), ("seeds", 1)]
    capsys.readouterr()
    main(["calibrate", "--claim", "A4", "--points", "3", "--seeds", "1", "--out", str(out)])
    assert "1 runs to do, 3 stored" in capsys.readouterr().err
    again = _records(out)
    assert again[:3] == first and (again[3]["experiment"], again[3]["index"]) == ("domain", 2)
    main(["calibrate", "--claim", "A4", "--points", "5", "--seeds", "1", "--out", str(out), "--table-only"])
    assert len(_records(out)) == 4
    table = json.loads((tmp_path / "cal.json").read_text())["A4"]
    assert table["domain"]["runs"] == 3 and table["domain"]["planned"] == 5
    assert "| A4 | domain | 3 (5) |" in (tmp_path / "cal.md").read_text()


def test_claims_on_the_authors_data_are_listed_with_the_reason_not_run(tmp_path, capsys):
    out = tmp_path / "cal"
    assert main(["calibrate", "--claim", "F1", "R2", "--points", "2", "--seeds", "1", "--out", str(out)]) == 0
    assert "0 runs to do" in capsys.readouterr().err and not (tmp_path / "cal.runs.jsonl").exists()
    assert "Not calibrated by runs: F1, R2. They are judged on the authors' fixed rows" in (tmp_path / "cal.md").read_text()
