"""A claim from outside the package, registered through the `synthover.claims` entry point, runs with the
same rules and reports (the worked example in docs/examples/coin_claim, installed into a temporary folder)."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "examples" / "coin_claim"


@pytest.fixture(scope="module")
def plugin_path(tmp_path_factory):
    target = tmp_path_factory.mktemp("plugin")
    done = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target),
                           str(EXAMPLE)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.fail(f"could not install the example claim: {done.stderr[-2000:]}")
    return target


def _synthover(args, plugin_path, tmp_path):
    env = dict(os.environ, PYTHONPATH=str(plugin_path))
    return subprocess.run([sys.executable, "-m", "synthover.paper_checks.cli", *args], capture_output=True,
                          text=True, env=env, cwd=tmp_path)


def test_outside_claim_is_listed_and_checked(plugin_path, tmp_path):
    listed = _synthover(["list"], plugin_path, tmp_path)
    assert listed.returncode == 0 and "COIN" in listed.stdout
    done = _synthover(["check", "--claim", "COIN", "--quick", "--no-progress", "--json"], plugin_path, tmp_path)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["ok"] and report["claims"][0]["negative_controls_rejected"] == 1


def test_outside_claim_gets_one_line_errors(plugin_path, tmp_path):
    done = _synthover(["eval", "COIN", "--param", "p=1e308"], plugin_path, tmp_path)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "parameter p" in done.stderr and "[0.01, 0.99]" in done.stderr
