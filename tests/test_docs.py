"""The docs stay true: the theory pages' generated blocks and the README findings are what the registry
renders, `synthover explain` fits 100 columns in text form for every claim, and docs point inside the
repository."""
from pathlib import Path

import pytest

from synthover.paper_checks import registry
from synthover.paper_checks.cli import main
from synthover.paper_checks.findings import FINDINGS
from synthover.paper_checks.guide import content, pages
from synthover.paper_checks.guide.markdown import to_html

ROOT = Path(__file__).resolve().parent.parent


def test_theory_pages_and_readme_findings_are_fresh():
    stale = pages.stale_pages()
    assert not stale, f"stale generated docs {stale}: run `synthover docs --pages`"


def test_explain_a4_text_fits_100_columns(capsys):
    assert main(["explain", "A4", "--format", "text"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) > 5
    assert max(len(line) for line in lines) <= 100


def test_every_claims_derivation_fits_100_columns():
    too_wide = {}
    for cid in registry.all_claims():
        lines = content.derivation(cid).render(format="text").splitlines()
        wide = [line for line in lines if len(line) > 100]
        if wide:
            too_wide[cid] = wide[0]
    assert not too_wide, too_wide


@pytest.mark.parametrize("args, marker", [(["--format", "latex"], "\\"), (["--latex"], "\\"),
                                          (["--format", "mathml"], "<math"), (["--format", "markdown"], "$$")])
def test_explain_formats(capsys, args, marker):
    assert main(["explain", "A1", *args]) == 0
    assert marker in capsys.readouterr().out


def test_explain_bad_format_is_one_line(capsys):
    assert main(["explain", "A1", "--format", "pdf"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "format" in err


def test_findings_name_registered_claims():
    claims = registry.all_claims()
    assert FINDINGS and all(f.claim in claims for f in FINDINGS)


def test_docs_point_inside_the_repository():
    owned = [ROOT / "theory" / f for f in ("derivation.py", "__init__.py", "symbols.py", "numeric.py", "normal.py")]
    for path in owned + sorted((ROOT / "docs").rglob("*.md")) + sorted((ROOT / "docs").rglob("*.py")):
        text = path.read_text()
        assert "THEORY" + ".md" not in text, path
        assert "../" not in text, path


def test_markdown_subset():
    html = to_html("# T\n\ntext with `code` and **bold** [link](model_g.md)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- x\n- y")
    assert '<a href="model_g.html">' in html and "<table>" in html and "<ul>" in html and "<code>code</code>" in html


def test_docs_command_rejects_a_missing_figures_folder(capsys, tmp_path):
    assert main(["docs", "--out", str(tmp_path / "site"), "--figures", str(tmp_path / "nope")]) == 2
    assert capsys.readouterr().err.count("\n") == 1
