"""Scale-out gives the same bytes: grid points run as Dask tasks on a two-worker LocalCluster produce the
JSON report of the single-process run with the same seed (keys depend only on seed, claim id, index)."""
import pytest

from synthover.paper_checks import registry
from synthover.paper_checks.params import ParameterError
from synthover.paper_checks.report import to_json
from synthover.paper_checks.runner import run_claims

distributed = pytest.importorskip("distributed")


def test_dask_run_is_byte_identical_to_local():
    claims = [registry.get("A4")]
    local = to_json(run_claims(claims, seed=3, quick=True, progress=False))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        remote = to_json(run_claims(claims, seed=3, quick=True, progress=False, dask=cluster.scheduler_address))
    assert remote == local


def test_unreachable_scheduler_is_one_line_error():
    with pytest.raises(ParameterError, match="--dask"):
        run_claims([registry.get("A4")], quick=True, progress=False, dask="tcp://127.0.0.1:9")


def test_sweep_on_dask_gives_the_local_numbers():
    from synthover.paper_checks import sweep

    grid, settings = sweep.normalise_grid({"d": [3], "n0": [40], "n1": [10], "N": [0, 40], "delta": [0.2],
                                           "path": "lda", "reps": 64})
    local = sweep.run_sweep(grid, settings, cache=None, progress=False)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        remote = sweep.run_sweep(grid, settings, cache=None, progress=False, dask=cluster.scheduler_address)
    assert [(r["mean"], r["se"]) for r in remote] == [(r["mean"], r["se"]) for r in local]
