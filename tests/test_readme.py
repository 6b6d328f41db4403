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


def _code_blocks(text: str):
    """(language, body) of every fenced block of the README."""
    import re

    return re.findall(r"```(\w*)\n(.*?)```", text, flags=re.S)


# The install block is what CI itself runs (`.ci/run`); every other block runs here, as a new user would.
INSTALL_LINES = ('pip install -e . && synthover check', 'pip install -e ".[test]" && pytest')


def test_every_readme_code_block_runs(tmp_path):
    import shlex
    import subprocess
    import sys

    blocks = _code_blocks((ROOT / "README.md").read_text())
    assert blocks, "the README has no code blocks"
    for language, body in blocks:
        if language == "python":
            done = subprocess.run([sys.executable, "-c", body], cwd=tmp_path, capture_output=True, text=True)
            assert done.returncode == 0, f"README python block failed:\n{body}\n{done.stderr[-3000:]}"
        elif language in ("bash", "sh", "console"):
            for line in body.splitlines():
                command = line.split("#")[0].strip()
                if not command or command.startswith(INSTALL_LINES):
                    continue
                assert command.startswith("synthover "), f"README shell line is not a synthover command: {line}"
                args = shlex.split(command)[1:]
                done = subprocess.run([sys.executable, "-m", "synthover.paper_checks.cli", *args], cwd=tmp_path,
                                      capture_output=True, text=True)
                assert done.returncode == 0, f"README command failed: {command}\n{done.stderr[-3000:]}"
