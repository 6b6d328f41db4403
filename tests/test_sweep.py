"""`synthover sweep`: grid input, one-line errors, and the parameter-hash cache."""
import json

import pytest

from synthover.paper_checks import sweep
from synthover.paper_checks.cli import main
from synthover.paper_checks.params import ParameterError

SMALL = {"d": [3], "n0": [40], "n1": [10], "N": [0, 40], "delta": [0.2], "delta0": [0.0], "reps": 64}


def test_normalise_grid_checks_every_value():
    grid, settings = sweep.normalise_grid({"N": [0, 400], "d": 5, "path": "lda", "reps": "128"})
    assert grid["N"] == [0, 400] and grid["d"] == [5] and settings == {"path": "lda", "reps": 128, "seed": 0}
    for bad, name in [({"N": [3]}, "N"), ({"w": [0]}, "w"), ({"d": ["x"]}, "d"), ({"bogus": 1}, "bogus"),
                      ({"path": "nope"}, "path"), ({"reps": 1}, "reps"), ({"N": []}, "N")]:
        with pytest.raises(ParameterError, match=name) as err:
            sweep.normalise_grid(bad)
        assert "\n" not in str(err.value)
    with pytest.raises(ParameterError, match="n1"):
        sweep.points(sweep.normalise_grid({"n0": [10], "n1": [20]})[0])


def test_second_run_is_served_from_the_cache(tmp_path):
    grid, settings = sweep.normalise_grid(SMALL)
    first = sweep.run_sweep(grid, settings, cache=tmp_path, progress=False)
    second = sweep.run_sweep(grid, settings, cache=tmp_path, progress=False)
    assert [r["cached"] for r in first] == [False, False]
    assert [r["cached"] for r in second] == [True, True]
    assert [r["mean"] for r in first] == [r["mean"] for r in second]
    assert len(list(tmp_path.glob("*.json"))) == 2
    uncached = sweep.run_sweep(grid, settings, cache=None, progress=False)
    assert [r["mean"] for r in uncached] == [r["mean"] for r in first]  # same seed, same numbers


def test_cache_key_depends_on_parameters_seed_reps_and_code():
    point = sweep.points(sweep.normalise_grid(SMALL)[0])[0]
    base = sweep.cache_key(point, "fast", 0, 64)
    assert base != sweep.cache_key(point, "fast", 1, 64)
    assert base != sweep.cache_key(point, "fast", 0, 128)
    assert base != sweep.cache_key(point, "lda", 0, 64)
    assert base != sweep.cache_key({**point, "N": 2}, "fast", 0, 64)
    assert base == sweep.cache_key(dict(reversed(list(point.items()))), "fast", 0, 64)


def test_cli_sweep_from_toml_and_bad_input(tmp_path, capsys):
    config = tmp_path / "grid.toml"
    config.write_text('d = 3\nn0 = 40\nn1 = 10\nN = [0, 40]\ndelta = 0.2\nreps = 64\n')
    args = ["sweep", "--config", str(config), "--cache", str(tmp_path / "cache"), "--no-progress", "--json"]
    assert main(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out) == 2 and all(not r["cached"] for r in out)
    assert main(args) == 0
    assert all(r["cached"] for r in json.loads(capsys.readouterr().out))
    assert main(["sweep", "--N", "3"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "parameter N" in err
    assert main(["sweep", "--config", str(tmp_path / "missing.json")]) == 2
