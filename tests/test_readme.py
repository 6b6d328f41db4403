"""The README stays true: its claims table is what the registry renders, and CI runs its test command."""
from pathlib import Path

from synthover.paper_checks import readme
from synthover.paper_checks import registry

ROOT = Path(__file__).resolve().parent.parent


def test_claims_table_is_fresh():
    text = (ROOT / "README.md").read_text()
    table = text.split(readme.BEGIN)[1].split(readme.END)[0].strip()
    assert table == readme.render_table().strip(), "run: python -m synthover.paper_checks.readme"


def test_every_claim_has_a_recorded_verdict():
    verdicts = readme.load_verdicts()
    missing = [cid for cid in registry.all_claims() if cid not in verdicts]
    assert not missing, f"no full-run verdict for {missing}: synthover check, then python -m synthover.paper_checks.readme results/check.json"


def test_readme_has_the_two_commands_and_ci_runs_the_test_one():
    text = (ROOT / "README.md").read_text()
    assert 'pip install -e . && synthover check' in text
    assert 'pip install -e ".[test]" && pytest' in text
    ci = (ROOT / ".ci" / "run").read_text()
    assert 'pip install -e ".[test]" && pytest' in ci
