"""Mutation testing of theory/ with cosmic-ray: how many planted errors do the checks and the tests catch?

    pip install 'synthover[mutation]'
    python benchmarks/mutation.py [--sample 300] [--seed 0] [--jobs 2] [--timeout 300] [--out benchmarks/mutation.md]

cosmic-ray lists every mutant of theory/ (each a one-token edit: an operator, a number, a comparison, a
boolean, a decorator, a loop): about 21,000, most of them operator swaps inside sympy expressions. Running
them all is days on 2 cores, so a uniform random sample (`--sample`, `--seed`) is run and the kill rate
reported with its 95% Clopper-Pearson interval; survivors are listed with their diffs.

Each job works in its own copy of the repository (cosmic-ray edits files in place; the checkout is never
touched), runs the unmutated baseline once (benchmarks/mutation_check.py --baseline: every claim's quick
check agrees, the simulation memo is filled) and then its share of the sample. The test command is
benchmarks/mutation_check.py: the quick checks of the claims that import the mutated module, then the
formula tests that import it. A mutant that runs past `--timeout` is reported apart ("timeout"), not
counted as caught.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mutation_check import file_hashes  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
COPY_IGNORE = shutil.ignore_patterns(".git", "results", "site", ".mutation", "__pycache__", "*.egg-info",
                                     ".pytest_cache", ".hypothesis")


def cosmic_ray(*args, cwd: Path) -> subprocess.CompletedProcess:
    exe = shutil.which("cosmic-ray")
    if exe is None:
        sys.exit("cosmic-ray is not installed: pip install 'synthover[mutation]'")
    return subprocess.run([exe, *args], cwd=cwd, capture_output=True, text=True)


def prepare(work: Path, timeout: float) -> Path:
    """A copy of the repository with the manifest, cosmic-ray's config and an initialised session."""
    shutil.copytree(ROOT, work, ignore=COPY_IGNORE)
    state = work / ".mutation"
    state.mkdir()
    (state / "manifest.json").write_text(json.dumps(file_hashes(work)))
    config = state / "config.toml"
    config.write_text(
        "[cosmic-ray]\n"
        'module-path = "theory"\n'
        f"timeout = {timeout}\n"
        "excluded-modules = []\n"
        f'test-command = "{sys.executable} benchmarks/mutation_check.py"\n\n'
        "[cosmic-ray.distributor]\n"
        'name = "local"\n')
    done = cosmic_ray("init", str(config), str(state / "session.sqlite"), cwd=work)
    if done.returncode:
        sys.exit(f"cosmic-ray init failed: {done.stderr.strip().splitlines()[-1:]}")
    return state


def _where(item) -> tuple:
    m = item.mutations[0]
    return str(m.module_path), tuple(m.start_pos), m.operator_name, m.occurrence


def mutations(session: Path) -> list[tuple]:
    """The session's mutations in a reproducible order (cosmic-ray's job ids are random)."""
    from cosmic_ray.work_db import WorkDB, use_db

    with use_db(str(session), WorkDB.Mode.open) as db:
        return sorted(_where(item) for item in db.work_items)


def keep_only(session: Path, keep: set[tuple]) -> None:
    """Mark every mutation outside `keep` as skipped (cosmic-ray's own filters work the same way)."""
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import WorkerOutcome, WorkResult

    with use_db(str(session), WorkDB.Mode.open) as db:
        skip = [item.job_id for item in db.work_items if _where(item) not in keep]
        db.set_multiple_results(skip, WorkResult(worker_outcome=WorkerOutcome.SKIPPED, output="not sampled"))


def baseline(work: Path) -> float:
    """The unmutated tree must pass the test command (every quick check agrees); fills the memo."""
    start = time.perf_counter()
    base = subprocess.run([sys.executable, "benchmarks/mutation_check.py", "--baseline"], cwd=work,
                          capture_output=True, text=True)
    if base.returncode:
        sys.exit(f"the unmutated baseline fails in {work}: {(base.stdout + base.stderr)[-2000:]}")
    return time.perf_counter() - start


def run_job(work: Path, state: Path) -> float:
    start = time.perf_counter()
    done = cosmic_ray("exec", str(state / "config.toml"), str(state / "session.sqlite"), cwd=work)
    if done.returncode:
        raise RuntimeError(f"cosmic-ray exec failed in {work}: {done.stderr[-2000:]}")
    return time.perf_counter() - start


def outcomes(session: Path) -> list[dict]:
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import WorkerOutcome

    rows = []
    with use_db(str(session), WorkDB.Mode.open) as db:
        items = {item.job_id: item for item in db.work_items}
        for job_id, result in db.results:
            if result.worker_outcome == WorkerOutcome.SKIPPED:
                continue
            mutation = items[job_id].mutations[0]
            output = result.output or ""
            last = output.strip().splitlines()[-1] if output.strip() else ""
            if result.worker_outcome != WorkerOutcome.NORMAL:
                status = "error"
            elif not output.strip() or "SyntaxError" in output:
                status = "invalid"  # the edit is not Python (e.g. ** unpacking made >>): nothing ran
            elif output.strip() == "timeout":
                status = "timeout"
            elif result.test_outcome.value == "survived":
                status = "survived"
            elif last == "killed by tests":
                status = "tests"
            else:
                status = "crash" if "check crashed" in output else "checks"
            rows.append({"job": job_id, "module": str(mutation.module_path), "line": mutation.start_pos[0],
                         "operator": mutation.operator_name.split("/")[-1], "occurrence": mutation.occurrence,
                         "status": status, "diff": result.diff or ""})
    return rows


def diff_lines(diff: str) -> str:
    """The removed and added lines of a unified diff, as `old -> new`."""
    old = [line[1:].strip() for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")]
    new = [line[1:].strip() for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    return f"`{' '.join(old)}` -> `{' '.join(new)}`"


def markdown(summary: dict, rows: list[dict], notes: dict) -> str:
    counts = summary["counts"]
    low, high = summary["kill_rate_ci"]
    lines = [
        "# Mutation testing of theory/",
        "",
        f"`python benchmarks/mutation.py --sample {summary['sample']} --seed {summary['seed']} --jobs {summary['jobs']}`"
        f" (cosmic-ray {summary['cosmic_ray']}): {summary['sample']} mutants drawn uniformly from the "
        f"{summary['mutants']:,} cosmic-ray lists for theory/; {summary['minutes']:.0f} min on "
        f"{summary['cores']} cores.",
        "",
        "| outcome | mutants |",
        "|---|---|",
        f"| caught by a quick check's verdict (disagree, or a control not rejected) | {counts['checks']} |",
        f"| caught by a quick check failing to run (an exception) | {counts['crash']} |",
        f"| caught only by the formula tests | {counts['tests']} |",
        f"| survived | {counts['survived']} |",
        f"| ran past the timeout (not counted as caught) | {counts['timeout']} |",
        f"| not valid Python (cosmic-ray's edit of `**` unpacking; not counted) | {counts['invalid']} |",
        f"| worker error | {counts['error']} |",
        "",
        f"Kill rate of the run (caught / (caught + survived)): **{summary['kill_rate']:.1%}** (95% interval "
        f"{low:.1%} to {high:.1%}). Each survivor was then followed up (below, `benchmarks/mutation_notes.json`): "
        f"{summary['equivalent']} shown equivalent, {summary['killed_now']} killed (by a check or test added "
        f"since, or by an existing test outside the run's selection: each mutant re-applied and the test run "
        f"against it), {summary['removed']} gone with the duplicated or dead code they edited. Non-equivalent "
        f"mutants of the code as it is now, killed: **{summary['kill_rate_non_equivalent']:.1%}** "
        f"({summary['counts']['checks'] + summary['counts']['crash'] + summary['counts']['tests'] + summary['killed_now']}"
        f" of {summary['counts']['checks'] + summary['counts']['crash'] + summary['counts']['tests'] + summary['counts']['survived'] - summary['equivalent'] - summary['removed']}).",
        "",
        "## Survivors",
        "",
        "| module:line | operator | edit | why it survives |",
        "|---|---|---|---|",
    ]
    for r in rows:
        if r["status"] == "survived":
            note = notes.get(_key(r), "not yet classified")
            lines.append(f"| {r['module']}:{r['line']} | {r['operator']} | {diff_lines(r['diff'])} | {note} |")
    timeouts = [r for r in rows if r["status"] == "timeout"]
    if timeouts:
        lines += ["", "## Past the timeout", ""]
        lines += [f"- {r['module']}:{r['line']} {r['operator']}: {diff_lines(r['diff'])}" for r in timeouts]
    return "\n".join(lines) + "\n"


NOTES = Path(__file__).with_name("mutation_notes.json")  # survivors followed up by hand: key -> what was found


def _key(row: dict) -> str:
    return f"{row['module']}:{row['line']}:{row['operator']}:{row['occurrence']}"


def summarise(rows: list[dict], notes: dict, args, mutants: int, minutes: float) -> dict:
    counts = {k: sum(r["status"] == k for r in rows)
              for k in ("checks", "crash", "tests", "survived", "timeout", "invalid", "error")}
    caught = counts["checks"] + counts["crash"] + counts["tests"]
    followed = [notes.get(_key(r), "") for r in rows if r["status"] == "survived"]
    equivalent = sum(n.startswith("equivalent") for n in followed)
    killed_now = sum(n.startswith("killed") for n in followed)
    removed = sum(n.startswith("removed") for n in followed)  # the code the mutant edited is gone
    judged = caught + counts["survived"]
    from importlib.metadata import version

    from synthover.paper_checks.calibrate import clopper_pearson

    return {"sample": args.sample, "seed": args.seed, "jobs": args.jobs, "mutants": mutants, "counts": counts,
            "kill_rate": caught / judged if judged else float("nan"),
            "kill_rate_ci": clopper_pearson(caught, judged) if judged else (float("nan"),) * 2,
            "kill_rate_non_equivalent": ((caught + killed_now) / (judged - equivalent - removed)
                                         if judged > equivalent + removed else float("nan")),
            "equivalent": equivalent, "killed_now": killed_now, "removed": removed, "minutes": minutes, "cores": len(os.sched_getaffinity(0)),
            "cosmic_ray": version("cosmic-ray")}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=int, default=300, help="mutants to run, drawn uniformly (default 300)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the draw (default 0)")
    parser.add_argument("--jobs", type=int, default=2, help="copies working in parallel (default 2)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per mutant (default 300)")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("mutation.md"))
    parser.add_argument("--memo", type=Path, help="simulation memo folder to reuse (default: a fresh one in the run's folder)")
    parser.add_argument("--report-only", type=Path, metavar="WORK", help="re-write the report from a finished run's folder")
    args = parser.parse_args(argv)
    for name in ("sample", "jobs"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be >= 1, got {getattr(args, name)}")
    if not args.report_only and shutil.which("cosmic-ray") is None:
        parser.error("cosmic-ray is not installed: pip install 'synthover[mutation]'")
    start = time.perf_counter()
    if args.report_only:
        works = sorted(p for p in args.report_only.iterdir() if (p / ".mutation").is_dir())
        meta = json.loads((args.report_only / "run.json").read_text())
    else:
        top = Path(tempfile.mkdtemp(prefix="synthover-mutation-"))
        works = [top / f"job{j}" for j in range(args.jobs)]
        states = [prepare(w, args.timeout) for w in works]
        ids = mutations(states[0] / "session.sqlite")
        chosen = np.random.default_rng(args.seed).choice(len(ids), size=min(args.sample, len(ids)), replace=False)
        shares = np.array_split(np.sort(chosen), args.jobs)
        for state, share in zip(states, shares):
            keep_only(state / "session.sqlite", {ids[i] for i in share})
        os.environ["SYNTHOVER_MUTATION_MEMO"] = str(args.memo or top / "memo")  # one memo for every copy
        print(f"{len(ids):,} mutants; baseline in {works[0]}", flush=True)
        baseline_s = baseline(works[0])
        print(f"baseline agrees ({baseline_s:.0f} s); running {len(chosen)} mutants in {args.jobs} copies", flush=True)
        with ThreadPoolExecutor(args.jobs) as pool:
            exec_s = list(pool.map(run_job, works, states))
        meta = {"mutants": len(ids), "minutes": (time.perf_counter() - start) / 60, "baseline_s": baseline_s,
                "exec_s": exec_s}
        (top / "run.json").write_text(json.dumps(meta))
    rows = [row for w in works for row in outcomes(w / ".mutation" / "session.sqlite")]
    notes = json.loads(NOTES.read_text()) if NOTES.exists() else {}
    summary = summarise(rows, notes, args, meta["mutants"], meta["minutes"])
    args.out.write_text(markdown(summary, rows, notes))
    args.out.with_suffix(".json").write_text(json.dumps({"summary": summary, "mutants": rows}, indent=1))
    print(f"kill rate {summary['kill_rate']:.1%} of {sum(summary['counts'].values())}; wrote {args.out}")


if __name__ == "__main__":
    main()
