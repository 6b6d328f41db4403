"""The `synthover` command line.

    synthover check [--claim A2 A4] [--quick] [--seed S] [--reps R] [--json] [--out DIR]
    synthover eval CLAIM --param NAME=VALUE ... [--seed S] [--reps R] [--json]
    synthover explain CLAIM [--format text|latex|mathml|markdown] [--latex]
    synthover docs [--out site/] [--figures DIR] [--report results/check.json] [--pages] [--no-run]
    synthover list
    synthover figures [--out DIR] [--only NAME ...] [--quick] [--seed S]
    synthover audit SYNTH.csv --real TRAIN.csv --label COL [--test TEST.csv] [--attribute COL] [--out DIR]
    synthover audit --predict --data DIR [--out DIR]
    synthover bench [--quick]
    synthover paper --data DIR [--only vary-ratio|vary-additional|opal-v1] [--quick] [--out DIR]
    synthover sweep [--d ...] [--N ...] [--delta ...] [--config FILE] [--path fast|lda|logistic] [--no-cache]

User mistakes print one line `synthover: error: ...` and exit 2; a claim that disagrees exits 1.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from synthover.paper_checks.params import ParameterError, parse_assignments


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2, instead of usage + message
        raise ParameterError(message)


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--seed must be an integer in [0, 2**32) (got {text!r})")
    if not 0 <= value < 2**32:
        raise argparse.ArgumentTypeError(f"--seed must be an integer in [0, 2**32) (got {text!r})")
    return value


def _reps(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 2:
        raise argparse.ArgumentTypeError(f"--reps must be an integer >= 2 (got {text!r})")
    return value


def _jobs(text: str) -> int:
    """--jobs: worker processes, 1..256; 0 means one per core of this machine."""
    import os

    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 256:
        raise argparse.ArgumentTypeError(f"--jobs must be an integer in [0, 256], 0 for one per core (got {text!r})")
    return value or (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="synthover", description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    c = sub.add_parser("check", help="run the claims' agreement checks and write reports")
    c.add_argument("--claim", nargs="+", metavar="ID", help="claims to run (default: all)")
    c.add_argument("--quick", action="store_true", help="small grids and fewer replications")
    c.add_argument("--seed", type=_seed, default=0, help="PRNG seed (default 0)")
    c.add_argument("--reps", type=_reps, help="replications per grid point (default: the claim's)")
    c.add_argument("--json", action="store_true", help="print the JSON report instead of the table")
    c.add_argument("--out", type=Path, default=Path("results"), help="report folder (default results/)")
    c.add_argument("--verbose", action="store_true", help="show every row, not only failures")
    c.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    c.add_argument("--data", type=Path, help="the authors' data folder: runs the real-data claims (else skipped)")
    c.add_argument("--dask", metavar="ADDRESS", help="run grid points as tasks on a Dask distributed scheduler "
                   "(address or scheduler file); same bytes as a local run (docs/scale_out.md)")
    c.add_argument("--jobs", type=_jobs, default=1, help="worker processes on this machine, claims spread over "
                   "them (default 1; 0: one per core); same bytes as one process")

    e = sub.add_parser("eval", help="theory and simulation of one claim at given parameters")
    e.add_argument("claim", help="claim id, e.g. A2")
    e.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help="parameter value")
    e.add_argument("--seed", type=_seed, default=0)
    e.add_argument("--reps", type=_reps)
    e.add_argument("--json", action="store_true")

    x = sub.add_parser("explain", help="print a claim's derivation step by step")
    x.add_argument("claim")
    x.add_argument("--format", choices=("text", "latex", "mathml", "markdown"), default=None,
                   help="text (default; lines <= 100 columns), latex, mathml or markdown")
    x.add_argument("--latex", action="store_true", help="alias of --format latex")

    g = sub.add_parser("docs", help="build the HTML guide (--out) or rewrite the generated theory pages (--pages)")
    g.add_argument("--out", type=Path, default=Path("site"), help="guide folder (default site/)")
    g.add_argument("--figures", type=Path, help="folder of figure PNGs (default docs/figures/)")
    g.add_argument("--report", type=Path, default=Path("results/check.json"), help="check report to show, if present")
    g.add_argument("--pages", action="store_true", help="rewrite docs/theory/*.md and the README findings instead")
    g.add_argument("--no-run", action="store_true", help="show the tutorials without running them")

    sub.add_parser("list", help="list the claims with their parameters")

    f = sub.add_parser("figures", help="write every figure as PNG and PDF")
    f.add_argument("--out", type=Path, default=Path("figures_out"), help="output folder (default figures_out/)")
    f.add_argument("--only", nargs="+", metavar="NAME", help="figures to draw (default: all)")
    f.add_argument("--quick", action="store_true", help="fewer replications")
    f.add_argument("--seed", type=_seed, default=0)

    from synthover.paper_checks.real import audit_report

    audit_report.add_parser(sub)

    b = sub.add_parser("bench", help="run the benchmarks in benchmarks/ (speed against NumPy / scikit-learn)")
    b.add_argument("--quick", action="store_true", help="smaller sizes")

    from synthover.paper_checks import calibrate, sweep

    sweep.add_parser(sub)
    calibrate.add_parser(sub)
    from synthover.paper_checks.real import paper

    paper.add_parser(sub)
    return p


def _cmd_check(args) -> int:
    from synthover.paper_checks import registry
    from synthover.paper_checks.report import to_json, to_markdown, to_terminal
    from synthover.paper_checks.runner import run_claims

    if getattr(args, "data", None) is not None:
        if not args.data.is_dir():
            raise ParameterError(f"--data {args.data}: not a directory")
        import os

        os.environ["SYNTHOVER_DATA"] = str(args.data)
    claims = [registry.get(c) for c in args.claim] if args.claim else list(registry.all_claims().values())
    report = run_claims(claims, seed=args.seed, quick=args.quick, reps=args.reps, progress=not args.no_progress,
                        dask=args.dask, jobs=args.jobs)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "check.json").write_text(to_json(report))
    (args.out / "check.md").write_text(to_markdown(report))
    print(to_json(report) if args.json else to_terminal(report, args.verbose), end="")
    if not args.json:
        print(f"reports: {args.out / 'check.json'}, {args.out / 'check.md'}")
    return 0 if report.ok else 1


def _cmd_eval(args) -> int:
    from synthover.paper_checks import registry
    from synthover.paper_checks.report import to_json, to_terminal
    from synthover.paper_checks.runner import evaluate_point

    claim = registry.get(args.claim)
    report = evaluate_point(claim, parse_assignments(args.param), seed=args.seed, reps=args.reps)
    print(to_json(report) if args.json else to_terminal(report, verbose=True), end="")
    return 0 if report.ok else 1


def _cmd_explain(args) -> int:
    from synthover.paper_checks import registry

    from synthover.theory.derivation import wrap_text

    claim = registry.get(args.claim)
    fmt = args.format or ("latex" if args.latex else "text")
    if fmt == "text":
        print("\n".join(wrap_text(f"{claim.id}: {claim.title}") + wrap_text(claim.statement)) + "\n")
    print(claim.explain().render(format=fmt), end="")
    return 0


def _cmd_docs(args) -> int:
    from synthover.paper_checks.guide import pages, site

    if args.pages:
        for path in pages.write_pages():
            print(path)
        return 0
    if args.figures is not None and not args.figures.is_dir():
        raise ParameterError(f"--figures: {args.figures} is not a folder")
    written = site.build(args.out, figures_dir=args.figures, report_path=args.report, run_tutorials=not args.no_run)
    print(f"{len(written)} pages in {args.out} (open {args.out / 'index.html'})")
    return 0


def _cmd_list(args) -> int:
    from synthover.paper_checks import registry

    for claim in registry.all_claims().values():
        params = ", ".join(f"{p.name}={p.default}" for p in claim.parameters)
        print(f"{claim.id:4s} {claim.title}  [{claim.source}]\n     params: {params}")
    return 0


def _cmd_figures(args) -> int:
    from synthover.figures import registry as figure_registry

    paths = figure_registry.draw(args.out, only=args.only, seed=args.seed, quick=args.quick)
    for path in paths:
        print(path)
    return 0


def _cmd_audit(args) -> int:
    from synthover.paper_checks.real import audit_report

    return audit_report.command(args)


def _cmd_bench(args) -> int:
    import runpy

    root = Path(__file__).resolve().parent.parent
    scripts = sorted((root / "benchmarks").glob("bench_*.py"))
    if not scripts:
        raise ParameterError(f"no benchmarks found in {root / 'benchmarks'} (they ship with the source checkout)")
    for script in scripts:
        print(f"== {script.name}", flush=True)
        sys.argv = [str(script)] + (["--quick"] if args.quick else [])
        runpy.run_path(str(script), run_name="__main__")
    return 0


def _cmd_sweep(args) -> int:
    from synthover.paper_checks import sweep

    return sweep.command(args)


def _cmd_paper(args) -> int:
    from synthover.paper_checks.real import paper

    return paper.command(args)


def _cmd_calibrate(args) -> int:
    from synthover.paper_checks import calibrate

    return calibrate.command(args)


COMMANDS = {
    "calibrate": _cmd_calibrate,
    "check": _cmd_check,
    "eval": _cmd_eval,
    "explain": _cmd_explain,
    "list": _cmd_list,
    "figures": _cmd_figures,
    "audit": _cmd_audit,
    "sweep": _cmd_sweep,
    "paper": _cmd_paper,
    "bench": _cmd_bench,
    "docs": _cmd_docs,
}


def use_compile_cache() -> None:
    """Keep XLA's compiled programs between runs (JAX's persistent compilation cache), so that a second run skips
    compilation, most of a cold quick check (benchmarks/results_speed.md). SYNTHOVER_COMPILE_CACHE=DIR keeps them
    in DIR; =auto (the default of a fresh CLI process) under <cache base>/xla/<machine fingerprint> (the base as
    for derivations; Linux), the fingerprint (CPU model and feature flags, jax and jaxlib versions) keeping
    machines with other CPUs from loading each other's programs; =off, or SYNTHOVER_CACHE=off, keeps none.
    jaxlib 0.9-0.10 logs a long false "machine type doesn't match" error on stderr for every program it loads,
    even on the machine that compiled it (jax issue 38445), so with the cache on XLA's C++ log is limited to
    fatal errors (TF_CPP_MIN_LOG_LEVEL=3, unless you set it), which must happen before jax is imported: where it
    already is (synthover's main called from Python), the default is off. A cached program gives the same
    numbers as a compiled one (tests/test_cli.py)."""
    import os

    folder = os.environ.get("SYNTHOVER_COMPILE_CACHE", "")
    default = not folder
    if default:
        if "jax" in sys.modules or os.environ.get("SYNTHOVER_CACHE", "").lower() == "off":
            return
        folder = "auto"
    if folder.lower() == "off":
        return
    if "jax" not in sys.modules:
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    from synthover.simulations.compile_cache import machine_fingerprint, use_persistent_cache

    if folder.lower() == "auto":
        fingerprint = machine_fingerprint()
        if fingerprint is None:
            if default:
                return
            raise ParameterError("SYNTHOVER_COMPILE_CACHE=auto needs /proc/cpuinfo (Linux) for the machine "
                                 "fingerprint; name a folder instead")
        path = _cache_base() / "xla" / fingerprint
    else:
        path = Path(folder).expanduser()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        if default:
            return
        raise ParameterError(f"SYNTHOVER_COMPILE_CACHE: cannot create the folder {str(path)!r} ({err.strerror}); "
                             "set it to a writable folder, auto or off") from None
    use_persistent_cache(path)


def _cache_base() -> Path:
    """SYNTHOVER_CACHE, else XDG_CACHE_HOME/synthover, else ~/.cache/synthover."""
    import os

    value = os.environ.get("SYNTHOVER_CACHE", "")
    if value:
        return Path(value).expanduser()
    return Path(os.environ.get("XDG_CACHE_HOME", "") or Path.home() / ".cache") / "synthover"


def use_derivation_cache() -> None:
    """Keep derivation results on disk (synthover.theory.memo): under SYNTHOVER_CACHE, default
    ~/.cache/synthover (XDG_CACHE_HOME/synthover where set); SYNTHOVER_CACHE=off keeps them in memory only.
    Keyed by a hash of theory/'s sources, so an edited derivation is derived again."""
    import os

    from synthover.theory import memo

    if os.environ.get("SYNTHOVER_CACHE", "").lower() == "off":
        memo.use_disk(None)
        return
    memo.use_disk(_cache_base())


def main(argv: list[str] | None = None) -> int:
    try:
        use_compile_cache()  # before anything imports jax (the parser lists the claims)
        args = build_parser().parse_args(argv)
        use_derivation_cache()
        return COMMANDS[args.command](args)
    except ParameterError as err:
        print(f"synthover: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("synthover: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
