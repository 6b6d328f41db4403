"""Run claims over their grids and studies, then judge every comparison under one Bonferroni z.

Keys: each grid point and study gets :func:`synthover.simulations.keys.task_key` (seed, claim id,
index), so a claim's numbers do not depend on which other claims run with it. Simulations run in float64
(:func:`synthover.simulations.precision.float64`), set here, not by importing a module.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Iterable

from synthover.paper_checks.agreement import Comparison, Row, bonferroni_z, judge
from synthover.paper_checks.claim import Claim
from synthover.paper_checks.params import ParameterError
from synthover.simulations.keys import task_key
from synthover.simulations.precision import float64


@dataclass
class Report:
    seed: int
    quick: bool
    z: float
    rows: list[Row] = field(default_factory=list)
    require_controls: bool = True  # `check`: every claim must carry a negative control; `eval`: a point may have none
    notes: list[str] = field(default_factory=list)  # what the run did differently from what was asked

    def claim_ids(self) -> list[str]:
        return list(dict.fromkeys(r.claim for r in self.rows))

    def claim_verdict(self, claim_id: str) -> dict:
        rows = [r for r in self.rows if r.claim == claim_id]
        controls = [r.negative_control_rejected for r in rows if r.negative_control_rejected is not None]
        return {
            "claim": claim_id,
            "rows": len(rows),
            "agree": all(r.verdict != "disagree" for r in rows),
            "disagreeing_rows": sum(r.verdict == "disagree" for r in rows),
            "inconclusive_rows": sum(r.verdict == "inconclusive" for r in rows),
            "negative_controls": len(controls),
            "negative_controls_rejected": sum(controls),
            "all_controls_rejected": all(controls) and (bool(controls) or not self.require_controls),
        }

    @property
    def ok(self) -> bool:
        return all(
            v["agree"] and v["all_controls_rejected"] for v in map(self.claim_verdict, self.claim_ids())
        )


def claim_key(seed: int, claim_id: str, index: int):
    return task_key(seed, claim_id, index)


def _tasks(claim: Claim, quick: bool):
    grid = claim.quick_grid if quick and claim.quick_grid else claim.grid
    for point in grid:
        yield "point", point
    studies = claim.studies if not quick or claim.quick_studies is None else claim.quick_studies
    for study in studies:
        yield "study", study


def run_claims(
    claims: Iterable[Claim],
    seed: int = 0,
    quick: bool = False,
    reps: int | None = None,
    progress: bool = True,
    dask: str | None = None,
    jobs: int = 1,
) -> Report:
    """Run every grid point and study of `claims`; judge all comparisons under one Bonferroni z.

    jobs: worker processes on this machine (each claim's tasks in one worker, so they share its compiled
    programs; each worker keeps XLA's default threads, as a single process does: fewer would reorder
    threaded reductions and change the last bits). Keys depend only on (seed, claim id, index), so the report is
    byte-identical to the single-process run.

    dask: address of a Dask distributed scheduler ("tcp://host:8786") or path of a scheduler file; each
    grid point / study becomes one task. Keys depend only on (seed, claim id, index), so the report is
    byte-identical to the single-process run. Workers need synthover (and any plug-in claims) installed.
    """
    claims, data_notes = _without_data(list(claims))
    tasks = [(c, kind, item) for c in claims for kind, item in _tasks(c, quick)]
    numbered = [(index, claim) for index, (claim, _, _) in _enumerate_per_claim(tasks)]
    labels = [(claim.id, index) for index, claim in numbered]
    if dask:
        results = _run_on_dask(dask, labels, seed, quick, reps, progress)
    elif jobs > 1:
        results = _run_in_processes(numbered, seed, quick, reps, progress, jobs)
    else:
        results = []
        bar = _progress(len(labels), progress)
        for index, claim in numbered:
            bar.set_description(claim.id)
            results.append(_run_one(claim, index, seed, quick, reps))
            bar.update(1)
        bar.close()
    raw = [(cid, params, c) for (cid, _), out in zip(labels, results) for params, c in out]
    z = bonferroni_z(len(raw))
    return Report(seed, quick, z, [judge(cid, p, c, z) for cid, p, c in raw], notes=data_notes + _reps_notes(tasks, reps))


def run_task(claim_id: str, index: int, seed: int, quick: bool, reps: int | None) -> list[tuple[dict, Comparison]]:
    """The index-th grid point or study of a claim (as `_tasks` orders them): its raw comparisons.

    A pure function of its arguments, so it can run in any process (see `run_claims(dask=...)`)."""
    from synthover.paper_checks import registry

    return _run_one(registry.get(claim_id), index, seed, quick, reps)


def _run_one(claim: Claim, index: int, seed: int, quick: bool, reps: int | None) -> list[tuple[dict, Comparison]]:
    kind, item = list(_tasks(claim, quick))[index]
    key = claim_key(seed, claim.id, index)
    with float64():
        if kind == "point":
            params = claim.resolve(item)
            n = reps or (claim.quick_reps if quick else claim.reps)
            return [(params, c) for c in claim.compare(params, key, n)]
        params = {"study": item.name, **dict(item.params)}
        return [(params, c) for c in item.run(key, quick)]


def run_claim_tasks(claim_id: str, indices: list[int], seed: int, quick: bool, reps: int | None) -> list:
    """`run_task` for several tasks of one claim, in one process (they share its compiled programs)."""
    return [run_task(claim_id, index, seed, quick, reps) for index in indices]


def _adopt_caches(derivations, compiled) -> None:
    """Worker initializer: the parent's derivation and compilation caches (folders or None)."""
    from synthover.theory import memo

    memo.use_disk(derivations)
    if compiled is not None:
        from synthover.simulations.compile_cache import use_persistent_cache

        use_persistent_cache(compiled)


def _run_in_processes(numbered, seed: int, quick: bool, reps: int | None, progress: bool, jobs: int) -> list:
    """Tasks grouped by claim in a pool of `jobs` fresh processes (spawn: JAX is not fork-safe), largest claims
    first, with this process's derivation and compilation caches; a claim object that a fresh process cannot find
    in the registry runs here. Results in task order."""
    import concurrent.futures as cf
    import multiprocessing

    from synthover.paper_checks import registry
    from synthover.simulations.compile_cache import persistent_cache
    from synthover.theory import memo

    by_claim: dict[str, list[int]] = {}
    claims: dict[str, Claim] = {}
    for index, claim in numbered:
        by_claim.setdefault(claim.id, []).append(index)
        claims[claim.id] = claim
    registered = registry.all_claims()
    remote = sorted((cid for cid in by_claim if registered.get(cid) is claims[cid]), key=lambda c: -len(by_claim[c]))
    done: dict[str, list] = {}
    bar = _progress(len(numbered), progress)
    with cf.ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                                initializer=_adopt_caches, initargs=(memo.disk(), persistent_cache())) as pool:
        futures = {pool.submit(run_claim_tasks, cid, by_claim[cid], seed, quick, reps): cid for cid in remote}
        for cid in by_claim:
            if cid not in remote:
                done[cid] = [_run_one(claims[cid], index, seed, quick, reps) for index in by_claim[cid]]
                bar.update(len(by_claim[cid]))
        for future in cf.as_completed(futures):
            cid = futures[future]
            done[cid] = future.result()
            bar.set_description(cid)
            bar.update(len(by_claim[cid]))
    bar.close()
    position = {cid: iter(results) for cid, results in done.items()}
    return [next(position[claim.id]) for _, claim in numbered]


def _run_on_dask(address: str, labels, seed: int, quick: bool, reps: int | None, progress: bool):
    calls = [(run_task, (cid, index, seed, quick, reps), f"{cid}-{index}-{seed}") for cid, index in labels]
    return dask_gather(address, calls, progress)


def dask_gather(address: str, calls: list[tuple], progress: bool) -> list:
    """Run `calls` [(function, args, task name)] on the Dask scheduler at `address` (an address or a
    scheduler file); results in the order of `calls`. One-line ParameterError when Dask is missing or the
    scheduler cannot be reached."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise ParameterError("--dask needs Dask distributed: pip install 'synthover[dask]'") from None
    from pathlib import Path

    try:
        client = (Client(scheduler_file=address, timeout="10s") if Path(address).is_file()
                  else Client(address, timeout="10s"))
    except OSError as err:
        raise ParameterError(f"--dask: cannot reach the scheduler {address!r} ({err})") from None
    with client:
        futures = [client.submit(fn, *args, pure=False, key=name) for fn, args, name in calls]
        bar = _progress(len(futures), progress)
        for _ in as_completed(futures):
            bar.update(1)
        bar.close()
        return client.gather(futures)


def _without_data(claims: list[Claim]) -> tuple[list[Claim], list[str]]:
    """Claims with `needs_data` run only when SYNTHOVER_DATA (`synthover check --data DIR`) names a folder;
    otherwise they are left out with a note (skipped, not failed)."""
    import os
    from pathlib import Path

    folder = os.environ.get("SYNTHOVER_DATA", "")
    skipped = [c.id for c in claims if c.needs_data]
    if not skipped or (folder and Path(folder).is_dir()):
        return claims, []
    note = f"{', '.join(skipped)} skipped: they need the authors' data (synthover check --data DIR)"
    return [c for c in claims if not c.needs_data], [note]


def _reps_notes(tasks, reps: int | None) -> list[str]:
    """--reps sets the replications of grid points; studies (order and rate fits along a sequence of sizes)
    keep their declared sizes, because their power is designed for them. Say so instead of ignoring it."""
    studies = [f"{claim.id}: {item.name}" for claim, kind, item in tasks if kind == "study"]
    if reps is None or not studies:
        return []
    return [f"--reps {reps} applies to grid points; these studies ran at their declared sizes: " + "; ".join(studies)]


def evaluate_point(claim: Claim, given: dict, seed: int = 0, reps: int | None = None, index: int = 0) -> Report:
    """`synthover eval`: one claim at one user-given parameter point, judged with z Bonferroni over its rows.

    index: which task key of the claim to draw with (0 for `eval`; calibration uses its own range)."""
    params = claim.resolve(given)
    with float64():
        comparisons = claim.compare(params, claim_key(seed, claim.id, index), reps or claim.reps)
    z = bonferroni_z(len(comparisons))
    return Report(seed, False, z, [judge(claim.id, params, c, z) for c in comparisons], require_controls=False)


def _enumerate_per_claim(tasks):
    counters: dict[str, int] = {}
    for task in tasks:
        cid = task[0].id
        counters[cid] = counters.get(cid, -1) + 1
        yield counters[cid], task


def _progress(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, file=sys.stderr, disable=not enabled, unit="check", leave=False)
