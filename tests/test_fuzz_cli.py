"""Fuzzing the CLI: every claim x every parameter x hostile values -> exit 2, one line naming the
parameter and its valid range, no traceback; and the edges of every declared domain are accepted."""
import contextlib
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from synthover.paper_checks import registry
from synthover.paper_checks.cli import main

BAD = ["0", "-1", "nan", "NaN", "inf", "-inf", "1e308", "-1e308", "1e-308", "text", "", " ", "1,2"]
PAIRS = [(cid, p) for cid, claim in registry.all_claims().items() for p in claim.parameters]


def _rejects(value: str, p) -> bool:
    """Whether `value` lies outside the parameter's declared domain (what the CLI must refuse)."""
    try:
        p.check(value)
    except ValueError:
        return True
    return False


@settings(max_examples=300, deadline=None)
@given(pair=st.sampled_from(PAIRS), value=st.sampled_from(BAD))
def test_hostile_values_are_one_line_errors(pair, value):
    cid, p = pair
    if not _rejects(value, p):  # e.g. 0 for a shift that may be 0: an edge, checked below
        return
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr):
        assert main(["eval", cid, "--param", f"{p.name}={value}"]) == 2
    err = stderr.getvalue()
    assert err.count("\n") == 1 and err.startswith("synthover: error:"), err
    assert f"parameter {p.name}" in err and "Traceback" not in err


@pytest.mark.parametrize("cid,p", PAIRS, ids=[f"{c}-{p.name}" for c, p in PAIRS])
def test_repeated_parameter_is_an_error_or_last_wins(cid, p, capsys):
    code = main(["eval", cid, "--param", f"{p.name}=abc", "--param", f"{p.name}=abc"])
    assert code == 2
    assert capsys.readouterr().err.count("\n") == 1


@pytest.mark.parametrize("cid,p", PAIRS, ids=[f"{c}-{p.name}" for c, p in PAIRS])
def test_domain_edges_are_accepted(cid, p):
    """The bounds of a declared domain (closed ends) pass the parameter's own check."""
    for edge, is_open in ((p.low, p.low_open), (p.high, p.high_open)):
        if edge is not None and not is_open and (not p.integer or float(edge).is_integer()):
            assert p.check(edge) == edge
