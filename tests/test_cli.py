"""The CLI as a user meets it: one-line errors with exit code 2, deterministic JSON, explain."""
import json
import subprocess
import sys

import pytest

from synthover.paper_checks.cli import main


def run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "synthover.paper_checks.cli", *args], capture_output=True, text=True,
                          timeout=300, env=env)


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
    """Two fresh processes, the second with JAX's float64 switched on globally: the same bytes (the checks
    always run in float64 inside precision.float64(), whatever the user's JAX setting)."""
    import os

    args = ["eval", "A2", "--param", "d=3", "--param", "n0=100", "--param", "n1=20", "--param", "m=80", "--reps", "2000", "--json"]
    first, second = run(*args), run(*args, env={**os.environ, "JAX_ENABLE_X64": "1"})
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    doc = json.loads(first.stdout)
    row = doc["rows"][0]
    for key in ("claim", "params", "theory", "simulation", "se", "tolerance", "agree", "negative_control_rejected"):
        assert key in row


def test_jobs_give_the_bytes_of_one_process(tmp_path):
    """`check --jobs 2`: claims in two spawned worker processes; the same report bytes."""
    args = ["check", "--quick", "--claim", "A4", "D1", "--seed", "5", "--no-progress"]
    one, two = run(*args, "--out", str(tmp_path / "one")), run(*args, "--jobs", "2", "--out", str(tmp_path / "two"))
    assert one.returncode == two.returncode == 0, two.stderr
    assert (tmp_path / "one" / "check.json").read_bytes() == (tmp_path / "two" / "check.json").read_bytes()


def test_compile_cache_changes_no_number(tmp_path):
    """A fresh CLI process keeps compiled programs under <SYNTHOVER_CACHE>/xla/<machine fingerprint> by default
    (=auto) with nothing on stderr (jaxlib's false "machine type" errors silenced), in SYNTHOVER_COMPILE_CACHE=DIR
    when set, nowhere with =off or SYNTHOVER_CACHE=off; a run served from the cache prints the same bytes, and a
    folder that cannot be made is a one-line error."""
    import os

    from synthover.simulations.compile_cache import machine_fingerprint

    args = ["eval", "A2", "--param", "d=3", "--param", "n0=100", "--param", "n1=20", "--param", "m=80", "--reps", "2000", "--json"]
    base = {**os.environ, "SYNTHOVER_CACHE": str(tmp_path / "cache")}
    base.pop("SYNTHOVER_COMPILE_CACHE", None)
    base.pop("TF_CPP_MIN_LOG_LEVEL", None)
    first, second = run(*args, env=base), run(*args, env=base)
    assert first.returncode == 0, first.stderr
    assert any((tmp_path / "cache" / "xla" / machine_fingerprint()).iterdir())
    assert second.stderr == ""
    off = run(*args, env={**base, "SYNTHOVER_COMPILE_CACHE": "off", "SYNTHOVER_CACHE": str(tmp_path / "other")})
    assert not (tmp_path / "other" / "xla").exists()
    no_cache = run(*args, env={**base, "SYNTHOVER_CACHE": "off"})
    assert no_cache.returncode == 0 and not (tmp_path / "cache" / "xla" / "off").exists()
    chosen = run(*args, env={**base, "SYNTHOVER_COMPILE_CACHE": str(tmp_path / "xla")})
    assert any((tmp_path / "xla").iterdir())
    assert first.stdout == second.stdout == off.stdout == chosen.stdout == no_cache.stdout
    (tmp_path / "file").write_text("")
    bad = run(*args, env={**os.environ, "SYNTHOVER_COMPILE_CACHE": str(tmp_path / "file" / "sub")})
    assert bad.returncode == 2 and "SYNTHOVER_COMPILE_CACHE" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1


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


def test_an_unbreakable_name_is_cut_at_the_width_and_marked():
    """The last resort of the text form: an atom longer than the width is cut into marked pieces that
    fit and that put the name back together."""
    import sympy as sp

    from synthover.theory.derivation import text_lines

    import threading

    name = "".join(chr(97 + i % 26) for i in range(250))
    out = []
    worker = threading.Thread(target=lambda: out.append(text_lines(sp.Symbol(name), width=60, indent="")), daemon=True)
    worker.start()
    worker.join(timeout=20)
    assert out, "text_lines did not finish in 20 s"
    lines = out[0]
    assert len(lines) > 1 and all(len(ln) <= 60 for ln in lines)
    assert all(ln.endswith("\\") for ln in lines[:-1])
    pieces = [lines[0][:-1]] + [ln[2:].rstrip("\\") for ln in lines[1:]]
    assert "".join(pieces) == name


def test_a_long_equation_wraps_under_its_right_side():
    """An equation whose right side needs several lines: every line fits, the continuation lines are
    indented under the right side, and nothing of the expression is lost."""
    import sympy as sp

    from synthover.theory.derivation import text_lines

    xs = sp.symbols("alpha_0:12", positive=True)
    rhs = sum(x**2 / (1 + x) for x in xs)
    lines = text_lines(sp.Eq(sp.Symbol("R"), rhs), width=50, indent="")
    assert len(lines) > 2 and all(len(ln) <= 50 for ln in lines)
    assert lines[0].startswith("R") and lines[1].startswith("= ")
    assert all(ln.startswith("  ") for ln in lines[2:])
    assert all(str(x) in "".join(lines) for x in xs)
