"""The `synthover` command line.

    synthover check [--claim A2 A4] [--quick] [--seed S] [--reps R] [--json] [--out DIR]
    synthover eval CLAIM --param NAME=VALUE ... [--seed S] [--reps R] [--json]
    synthover explain CLAIM [--latex]
    synthover list
    synthover figures [--out DIR] [--only NAME ...] [--quick] [--seed S]
    synthover audit
    synthover bench [--quick]
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

    e = sub.add_parser("eval", help="theory and simulation of one claim at given parameters")
    e.add_argument("claim", help="claim id, e.g. A2")
    e.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help="parameter value")
    e.add_argument("--seed", type=_seed, default=0)
    e.add_argument("--reps", type=_reps)
    e.add_argument("--json", action="store_true")

    x = sub.add_parser("explain", help="print a claim's derivation step by step")
    x.add_argument("claim")
    x.add_argument("--latex", action="store_true", help="LaTeX instead of plain text")

    sub.add_parser("list", help="list the claims with their parameters")

    f = sub.add_parser("figures", help="write every figure as PNG and PDF")
    f.add_argument("--out", type=Path, default=Path("figures_out"), help="output folder (default figures_out/)")
    f.add_argument("--only", nargs="+", metavar="NAME", help="figures to draw (default: all)")
    f.add_argument("--quick", action="store_true", help="fewer replications")
    f.add_argument("--seed", type=_seed, default=0)

    sub.add_parser("audit", help="check the house rules: theory/ and simulations/ never import each other")

    b = sub.add_parser("bench", help="run the benchmarks in benchmarks/ (speed against NumPy / scikit-learn)")
    b.add_argument("--quick", action="store_true", help="smaller sizes")

    from synthover.paper_checks import sweep

    sweep.add_parser(sub)
    return p


def _cmd_check(args) -> int:
    from synthover.paper_checks import registry
    from synthover.paper_checks.report import to_json, to_markdown, to_terminal
    from synthover.paper_checks.runner import run_claims

    claims = [registry.get(c) for c in args.claim] if args.claim else list(registry.all_claims().values())
    report = run_claims(claims, seed=args.seed, quick=args.quick, reps=args.reps, progress=not args.no_progress)
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

    claim = registry.get(args.claim)
    print(f"{claim.id}: {claim.title}\n{claim.statement}\n")
    print(claim.explain().render(latex=args.latex), end="")
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
    from synthover.paper_checks.audit import house_rule_violations

    problems = house_rule_violations()
    for line in problems:
        print(line)
    print("house rules hold" if not problems else f"{len(problems)} violation(s)")
    return 1 if problems else 0


def _cmd_bench(args) -> int:
    import runpy

    from synthover.paper_checks.audit import ROOT

    scripts = sorted((ROOT / "benchmarks").glob("bench_*.py"))
    if not scripts:
        raise ParameterError(f"no benchmarks found in {ROOT / 'benchmarks'} (they ship with the source checkout)")
    for script in scripts:
        print(f"== {script.name}", flush=True)
        sys.argv = [str(script)] + (["--quick"] if args.quick else [])
        runpy.run_path(str(script), run_name="__main__")
    return 0


def _cmd_sweep(args) -> int:
    from synthover.paper_checks import sweep

    return sweep.command(args)


COMMANDS = {
    "check": _cmd_check,
    "eval": _cmd_eval,
    "explain": _cmd_explain,
    "list": _cmd_list,
    "figures": _cmd_figures,
    "audit": _cmd_audit,
    "sweep": _cmd_sweep,
    "bench": _cmd_bench,
}


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return COMMANDS[args.command](args)
    except ParameterError as err:
        print(f"synthover: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("synthover: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
