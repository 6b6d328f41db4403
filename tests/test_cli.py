"""The CLI as a user meets it: one-line errors with exit code 2, deterministic JSON, explain."""
import json
import subprocess
import sys

import pytest

from synthover.paper_checks.cli import main


def run(*args):
    return subprocess.run([sys.executable, "-m", "paper_checks.cli", *args], capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize(
    "args, names",
    [
        (["eval", "A2", "--param", "n1=0"], ["n1", "[2, "]),
        (["eval", "A2", "--param", "s=0"], ["s", "(0.25, 3]"]),
        (["eval", "A2", "--param", "s=-1"], ["s", "(0.25, 3]"]),
        (["eval", "A2", "--param", "d=0"], ["d", "[1, 50]"]),
        (["eval", "A2", "--param", "m=-1"], ["m", "[0, "]),
        (["eval", "A2", "--param", "d=abc"], ["d", "integer"]),
        (["eval", "C1", "--param", "w=-1"], ["w", "(0, 4]"]),
        (["eval", "B1", "--param", "p=1.5"], ["p", "[0.6, 0.95]"]),
        (["eval", "B3", "--param", "eps=1"], ["eps", "[0.1, 0.4]"]),
        (["eval", "A2", "--param", "s=nan"], ["s"]),
        (["eval", "A2", "--param", "d=2.5"], ["d", "integer"]),
        (["eval", "Z9"], ["unknown claim", "A2"]),
        (["eval", "A2", "--param", "q=1"], ["unknown parameter", "'q'"]),
        (["eval", "A2", "--param", "d"], ["NAME=VALUE"]),
        (["eval", "A2", "--param", "d=1", "--param", "delta_perp=0.2"], ["delta_perp", "d = 1"]),
        (["eval", "A3", "--param", "n1=500", "--param", "n0=400"], ["n1", "<= n0"]),
        (["check", "--seed", "-3"], ["--seed"]),
        (["check", "--reps", "1"], ["--reps"]),
        (["explain", "nope"], ["unknown claim"]),
        (["frobnicate"], ["invalid choice"]),
    ],
)
def test_bad_input_is_one_line_naming_the_parameter(args, names, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith("synthover: error:")
    for name in names:
        assert name in err


def test_api_rejects_bad_parameters_too():
    from synthover.paper_checks import registry
    from synthover.paper_checks.params import ParameterError

    with pytest.raises(ParameterError, match="parameter n1"):
        registry.get("A2").resolve({"n1": 0})


def test_same_seed_gives_byte_identical_json():
    args = ["eval", "A2", "--param", "d=3", "--param", "n0=100", "--param", "n1=20", "--param", "m=80", "--reps", "2000", "--json"]
    first, second = run(*args), run(*args)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    doc = json.loads(first.stdout)
    row = doc["rows"][0]
    for key in ("claim", "params", "theory", "simulation", "se", "tolerance", "agree", "negative_control_rejected"):
        assert key in row


def test_explain_prints_the_derivation(capsys):
    assert main(["explain", "A2"]) == 0
    out = capsys.readouterr().out
    assert "Hybrid form" in out and "Gradient of beta" in out
    assert main(["explain", "A1", "--latex"]) == 0
    assert "\\operatorname{erf}" in capsys.readouterr().out


def test_list_names_every_claim(capsys):
    from synthover.paper_checks import registry

    assert main(["list"]) == 0
    out = capsys.readouterr().out
    for claim_id in registry.all_claims():
        assert claim_id in out
