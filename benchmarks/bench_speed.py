"""Where the time of `synthover check` goes: per claim, compilation against the rest, in a fresh process.

    python benchmarks/bench_speed.py [--part quick|full|eval|float32|all] [--before REV] [--seed 0]

Each part runs in a new Python process (nothing compiled beforehand, no persistent compile cache), so the
times are what a user's first run costs. Per claim: wall seconds, seconds in XLA compilation and the number
of compilations (JAX's monitoring events), and the run's statistical size (rows, z, verdict) so that a
speed-up is seen to keep the same replications, grids and tolerances. `eval` times `synthover eval` of one
point as a user runs it (a fresh interpreter, imports included).

--before REV runs the same parts on the code of git revision REV (exported to a temporary folder and put
first on the import path) right before the current code, so both are timed on the machine in the same
state: this machine's speed drifts by some 30% over an hour, which makes stored times of another run a
poor baseline. Without it, the table's "before" columns come from benchmarks/speed_before.json.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
EVAL_POINT = ["A2", "--param", "d=7", "--param", "s=1.1", "--param", "n0=900", "--param", "n1=150",
              "--param", "m=750", "--param", "delta_par=0.1", "--param", "delta_perp=0.2"]
COMPILE_EVENT = "/jax/core/compile/backend_compile_duration"


def profile_check(quick: bool, seed: int, precision: str = "float64", caches: str = "") -> dict:
    """Run every claim's tasks in this process (as `synthover check` does), timing each claim.

    precision "float32": the simulations run with JAX's default 32-bit floats instead of the runner's float64
    context (theory and judging unchanged), to measure what float64 costs and buys."""
    start = time.perf_counter()
    import jax
    import jax.monitoring

    from synthover.paper_checks import registry, runner

    if precision == "float32":
        runner.float64 = lambda: jax.enable_x64(False)
    if caches:  # what the CLI keeps between runs: derivations and compiled programs
        from synthover.simulations.compile_cache import use_persistent_cache
        from synthover.theory import memo

        memo.use_disk(Path(caches))
        use_persistent_cache(Path(caches) / "xla")
    from synthover.paper_checks.agreement import bonferroni_z, judge
    from synthover.paper_checks.runner import _run_one, _tasks

    events: dict[str, list] = {}
    jax.monitoring.register_event_duration_secs_listener(
        lambda name, secs, **_: events.setdefault(name, []).append(secs))
    imports = time.perf_counter() - start
    claims, raw = {}, []
    for claim in registry.all_claims().values():
        if claim.needs_data:
            continue
        events.clear()
        began = time.perf_counter()
        for index, _ in enumerate(_tasks(claim, quick)):
            raw += [(claim.id, p, c) for p, c in _run_one(claim, index, seed, quick, None)]
        compiles = events.get(COMPILE_EVENT, [])
        claims[claim.id] = {"seconds": time.perf_counter() - began, "compile_seconds": sum(compiles),
                            "compilations": len(compiles)}
    z = bonferroni_z(len(raw))
    rows = [judge(cid, p, c, z) for cid, p, c in raw]
    for cid in claims:
        mine = [r for r in rows if r.claim == cid]
        claims[cid].update(rows=len(mine), agree=all(r.verdict != "disagree" for r in mine),
                           controls_rejected=all(r.negative_control_rejected is not False for r in mine))
    margins = [[r.claim, r.quantity, _margin(r), r.verdict] for r in rows]
    return {"imports_seconds": imports, "claims": claims, "z": z, "rows": len(rows), "margins": margins,
            "wall_seconds": time.perf_counter() - start, "precision": precision}


def _margin(row) -> float | None:
    """|theory - simulation| / tolerance: <= 1 agrees (None where a row has no finite tolerance)."""
    import math

    gap, tol = abs(row.theory - row.simulation), row.tolerance
    return gap / tol if tol and math.isfinite(tol) and math.isfinite(gap) else None


def time_eval(code_root: Path | None = None) -> dict:
    """`synthover eval` of EVAL_POINT in fresh interpreters: cold (SYNTHOVER_CACHE=off, no compile cache) and
    warm (the second of two runs sharing a derivation and a compilation cache)."""
    import tempfile

    env = dict(os.environ, SYNTHOVER_CACHE="off")
    env.pop("SYNTHOVER_COMPILE_CACHE", None)
    if code_root is not None:
        env["PYTHONPATH"] = str(code_root)

    def once(environment):
        start = time.perf_counter()
        out = subprocess.run([sys.executable, "-m", "synthover.paper_checks.cli", "eval", *EVAL_POINT],
                             capture_output=True, text=True, env=environment, cwd=str(code_root or HERE.parent))
        return time.perf_counter() - start, out.returncode

    cold, code = once(env)
    with tempfile.TemporaryDirectory() as tmp:
        warm_env = dict(env, SYNTHOVER_CACHE=tmp, SYNTHOVER_COMPILE_CACHE=str(Path(tmp) / "xla"))
        once(warm_env)
        warm, _ = once(warm_env)
    return {"seconds": cold, "warm_seconds": warm, "exit": code, "command": "synthover eval " + " ".join(EVAL_POINT)}


def _fresh(part: str, seed: int, code_root: Path | None = None, caches: str = "") -> dict:
    """The part in a new interpreter (cold: nothing compiled); code_root: import synthover from there;
    caches: a folder for the derivation and compilation caches (the "warm" part)."""
    quick, precision = part != "full", "float32" if part == "float32" else "float64"
    code = f"import json, sys; sys.path.append({str(HERE.parent)!r}); import benchmarks.bench_speed as b; " \
           f"print(json.dumps(b.profile_check({quick}, {seed}, {precision!r}, {caches!r})))"
    env = dict(os.environ)
    if code_root is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(code_root), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         cwd=str(code_root or HERE.parent))  # the interpreter looks in its working folder first
    if out.returncode:
        raise RuntimeError(out.stderr[-2000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def warm_quick(seed: int) -> dict:
    """The quick check run twice with both caches in a fresh folder; the second run's profile."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        _fresh("quick", seed, caches=tmp)
        return _fresh("quick", seed, caches=tmp)


#: the "cli" part: each command run twice in a fresh cache folder, cold then warm ({out}: a folder in it)
CLI_RUNS = {
    "check --quick --jobs 1": ["check", "--quick", "--jobs", "1", "--no-progress", "--out", "{out}"],
    "check --quick --jobs 2": ["check", "--quick", "--jobs", "2", "--no-progress", "--out", "{out}"],
    "check --jobs 2": ["check", "--jobs", "2", "--no-progress", "--out", "{out}"],
    "figures": ["figures", "--out", "{out}"],
}


def time_cli(seed: int, names=tuple(CLI_RUNS)) -> dict:
    """The CLI as a user runs it (`check --jobs J`, `figures`): a fresh interpreter with both of the CLI's
    caches (derivations, and compiled programs with SYNTHOVER_COMPILE_CACHE=auto) in an empty folder, run
    twice: the first run is cold (every derivation and program computed), the second warm (the next run)."""
    import tempfile

    out = {}
    for name in names:
        with tempfile.TemporaryDirectory() as tmp:
            env = dict(os.environ, SYNTHOVER_CACHE=tmp, SYNTHOVER_COMPILE_CACHE="auto")
            argv = [a.replace("{out}", str(Path(tmp) / "out")) for a in CLI_RUNS[name]] + ["--seed", str(seed)]
            runs = []
            for _ in ("cold", "warm"):
                start = time.perf_counter()
                done = subprocess.run([sys.executable, "-m", "synthover.paper_checks.cli", *argv],
                                      capture_output=True, text=True, env=env, cwd=str(HERE.parent))
                runs.append({"seconds": time.perf_counter() - start, "exit": done.returncode})
        out[name] = {"cold": runs[0], "warm": runs[1]}
    return out


def _run_part(part: str, seed: int, root: Path | None = None) -> dict:
    if part == "eval":
        return time_eval(root)
    if part == "cli":
        return {"runs": time_cli(seed), "seed": seed}
    if part == "figures":
        return {"runs": time_cli(seed, ("figures",)), "seed": seed}
    if part == "warm":
        return {**warm_quick(seed), "seed": seed}
    return {**_fresh(part, seed, root), "seed": seed}


def export_revision(rev: str, folder: Path) -> Path:
    """The package of git revision `rev`, importable as `synthover` from the returned folder (an export of
    the revision plus a `synthover` package whose subpackages link to its top-level folders, the layout
    pyproject.toml's package-dir maps)."""
    tree = folder / "tree"
    tree.mkdir()
    archive = subprocess.run(["git", "-C", str(HERE.parent), "archive", rev], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    package = folder / "import" / "synthover"
    package.mkdir(parents=True)
    (package / "__init__.py").write_bytes((tree / "synthover" / "__init__.py").read_bytes())
    for sub in ("theory", "simulations", "paper_checks", "figures"):
        (package / sub).symlink_to(tree / sub, target_is_directory=True)
    return folder / "import"


def _table(name: str, now: dict, before: dict | None) -> list[str]:
    lines = [f"### `synthover check{' --quick' if name == 'quick' else ''}` (seed {now['seed']}): "
             f"{now['wall_seconds']:.0f} s" + (f", before {before['wall_seconds']:.0f} s" if before else "")
             + (f" ({before['note']})" if before and "note" in before else ""),
             "", f"{now['rows']} rows judged at z = {now['z']:.3f}" +
             (f" (before: {before['rows']} rows, z = {before['z']:.3f})" if before and "rows" in before else "")
             + f"; imports {now['imports_seconds']:.1f} s.", "",
             "| claim | seconds | compile s | compilations | before: seconds | before: compilations | rows | agree |",
             "|---|---|---|---|---|---|---|---|"]
    old = (before or {}).get("claims", {})
    for cid, c in now["claims"].items():
        b = old.get(cid, {})
        seconds_before = f"{b['seconds']:.1f}" if "seconds" in b else "—"
        lines.append(f"| {cid} | {c['seconds']:.1f} | {c['compile_seconds']:.1f} | {c['compilations']} | "
                     f"{seconds_before} | {b.get('compilations', '—')} | {c['rows']} | "
                     f"{'yes' if c['agree'] and c['controls_rejected'] else 'NO'} |")
    total = sum(c["seconds"] for c in now["claims"].values())
    compile_total = sum(c["compile_seconds"] for c in now["claims"].values())
    count = sum(c["compilations"] for c in now["claims"].values())
    before_cols = (f"{sum(b.get('seconds', 0) for b in old.values()):.1f} | "
                   f"{sum(b.get('compilations', 0) for b in old.values())}") if old else "— | —"
    lines += [f"| **all** | **{total:.1f}** | **{compile_total:.1f}** | **{count}** | {before_cols} | {now['rows']} | |",
              ""]
    return lines


def _precision_lines(f64: dict, f32: dict) -> list[str]:
    """float32 against float64 on the quick check: time, and the largest change of any row's margin."""
    changes, flips = [], []
    for (cid, quantity, m64, v64), (_, _, m32, v32) in zip(f64["margins"], f32["margins"]):
        if m64 is not None and m32 is not None and m64 <= 1:  # rows judged by |gap| <= tolerance
            changes.append((abs(m32 - m64), cid, quantity, m64, m32))
        if v64 != v32:
            flips.append(f"{cid} ({quantity}: {v64} -> {v32})")
    worst = max(changes)
    return [f"### float32 against float64 (quick check, seed {f64['seed']})", "",
            f"float64 {f64['wall_seconds']:.0f} s, float32 {f32['wall_seconds']:.0f} s. Margin = |theory - simulation| "
            f"/ tolerance, over the {len(changes)} rows whose float64 margin is <= 1 (a bound's or a sign's "
            f"margin is not read this way). Largest change: {worst[0]:.3g} ({worst[1]}, {worst[2]}: "
            f"{worst[3]:.3f} -> {worst[4]:.3f}). Verdicts changed: {', '.join(flips) if flips else 'none'}.", ""]


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=("quick", "full", "eval", "float32", "warm", "cli", "figures", "all"), default="quick",
                        help="float32: the quick check with 32-bit simulations, compared with the quick part; "
                             "warm: the quick check's second run with SYNTHOVER_CACHE and SYNTHOVER_COMPILE_CACHE; "
                             "cli: `synthover check` (--jobs 1 and 2) and `figures` as users run them, cold and "
                             "warm; figures: only the figures of the cli part")
    parser.add_argument("--quick", action="store_true", help="the quick part only (the default; for `synthover bench`)")
    parser.add_argument("--report", action="store_true", help="only rewrite the report from the stored JSON")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--before", metavar="REV", help="also time git revision REV, just before (see above)")
    parser.add_argument("--out", type=Path, default=HERE / "results_speed.md")
    args = parser.parse_args(argv)
    parts = () if args.report else ("quick", "full", "eval", "float32", "warm", "cli") if args.part == "all" else (args.part,)
    json_path = args.out.with_suffix(".json")
    results = json.loads(json_path.read_text()) if json_path.exists() else {}
    results["cores"] = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    before = results.get("before") or json.loads((HERE / "speed_before.json").read_text())
    if args.before and parts:
        import tempfile

        commit = subprocess.run(["git", "-C", str(HERE.parent), "rev-parse", "--short", args.before],
                                capture_output=True, text=True, check=True).stdout.strip()
        before = {"commit": commit, **{k: v for k, v in before.items() if k != "commit" and k not in parts}}
        with tempfile.TemporaryDirectory() as tmp:
            root = export_revision(args.before, Path(tmp))
            for part in parts:
                print(f"running {part} at {commit} ...", file=sys.stderr, flush=True)
                before[part] = _run_part(part, args.seed, root)
        results["before"] = before
    for part in parts:
        print(f"running {part} ...", file=sys.stderr, flush=True)
        results[part] = _run_part(part, args.seed)
    if "figures" in results:  # the figures-only part refreshes that row of the cli part
        results.setdefault("cli", {"runs": {}, "seed": results["figures"]["seed"]})["runs"].update(
            results.pop("figures")["runs"])
    json_path.write_text(json.dumps(results, indent=2) + "\n")
    lines = ["# Speed of the checks (`python benchmarks/bench_speed.py --part all`)", "",
             f"Machine: {results['cores']} cores, CPU only, a fresh process per part (cold: every program "
             f"compiled in the run). \"Before\": the code at {before['commit']}"
             + (", timed just before in the same run." if "before" in results else
                " (benchmarks/speed_before.json, another run).") + "", ""]
    for name in ("quick", "full"):
        if name in results:
            lines += _table(name, results[name], before.get(name))
    if "warm" in results:
        w = results["warm"]
        lines += [f"### `synthover check --quick`, second run with both caches: {w['wall_seconds']:.0f} s", "",
                  "Derivations from SYNTHOVER_CACHE and compiled programs from SYNTHOVER_COMPILE_CACHE; "
                  f"compile seconds left: {sum(c['compile_seconds'] for c in w['claims'].values()):.1f}; "
                  f"all claims agree: {all(c['agree'] and c['controls_rejected'] for c in w['claims'].values())}.", ""]
    if "cli" in results:
        lines += ["### The CLI as users run it (both caches, `--jobs`)", "",
                  "A fresh interpreter, SYNTHOVER_CACHE an empty folder and SYNTHOVER_COMPILE_CACHE=auto; cold: the first run (every "
                  "derivation and program computed), warm: the second (derivations and compiled programs read "
                  "back). Same seed, same report bytes for any --jobs.", "",
                  "| run | cold s | warm s | exit |", "|---|---|---|---|"]
        for name, r in results["cli"]["runs"].items():
            lines.append(f"| `synthover {name}` | {r['cold']['seconds']:.0f} | {r['warm']['seconds']:.0f} | "
                         f"{r['cold']['exit']}, {r['warm']['exit']} |")
        lines.append("")
    if "float32" in results and "quick" in results:
        lines += _precision_lines(results["quick"], results["float32"])
    if "eval" in results:
        e = results["eval"]
        lines += [f"### `synthover eval` of one point: {e['seconds']:.1f} s cold, {e['warm_seconds']:.1f} s warm "
                  f"(before: {before['eval']['seconds']:.1f} s)", "",
                  f"`{e['command']}`, a fresh interpreter, imports included; exit {e['exit']}. Cold: no cache; "
                  "warm: derivations and compiled programs from the caches of a previous run.", ""]
    args.out.write_text("\n".join(lines))
    print("\n".join(lines))
    return results


if __name__ == "__main__":
    main()
