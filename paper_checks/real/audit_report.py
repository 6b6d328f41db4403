"""`synthover audit`: read the tables, run the audit, write report.md (one page), report.json, audit.png/pdf.

The numbers come from :mod:`synthover.simulations.real.audit`; this module only reads paths, writes the
report and decides the exit code (1 when the leaked rows, exact copies of test rows that are no training
row, exceed ``--max-test-copies`` plus the allowance of their chance rate).
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

NEAR_QUANTILE = 0.05  # the default of simulations.real.audit, repeated here so the parser stays light


def load_tables(synth: Path, real: Path, test: Path | None, label: str, first: int | None = None):
    """The three tables under the data contract; `first` keeps the first rows of the synthetic file."""
    from synthover.simulations.real.data import DataError, read_table

    for role, path in (("synthetic", synth), ("--real", real), ("--test", test)):
        if path is not None and not Path(path).is_file():
            raise DataError(f"{path}: {role} file not found")
    syn = read_table(synth, label=label, require=())
    real_t = read_table(real, label=label, require=())
    if len(np.unique(real_t.y)) < 2:
        raise DataError(f"{real}: column {label!r}: the real table needs both classes 0 and 1")
    test_t = read_table(test, label=label, require=()) if test is not None else None
    if first is not None:
        if first < 1:
            raise DataError(f"--first must be a positive integer (got {first})")
        syn = syn.take(np.arange(min(first, len(syn))))
    return syn, real_t, test_t


def _fmt(x, digits=3) -> str:
    if x is None:
        return "–"
    if isinstance(x, (int, np.integer)):
        return str(int(x))
    return "nan" if not np.isfinite(x) else f"{x:.{digits}f}"


def to_markdown(result: dict, names: dict, flagged: bool, max_test_copies: int) -> str:
    rows, tr = result["rows"], result["copies_of_train"]
    te = result.get("copies_of_test")
    q = result["near_quantile"]
    lines = [f"# Audit of {names['synthetic']}", "",
             f"Real training rows: {names['real']} ({rows['real']}); test rows: {names.get('test') or '–'} "
             f"({rows['test']}); synthetic rows: {rows['synthetic']}; features: {rows['features']}.", ""]
    if te is not None:
        verdict = "FLAGGED" if flagged else "ok"
        lines += [f"**Test-row copies: {verdict}** — {te['exact_copies']} exact copies of test rows (features and "
                  f"label), {te['test_only_copies']} of them leaked (equal to no training row); allowed "
                  f"{max_test_copies} + {te['test_only_allowance']} by chance (a real row equals a test-only row at "
                  f"rate {te['test_only_chance_rate']:.3f}).", ""]
    lines += ["## Copies", "",
              f"Near copy: distance to the closest record (standardised features) at most the {q:.0%} quantile "
              f"of the real-to-real baseline ({result['baseline']['kind']}).", "",
              "| reference | exact copies | share | by chance | near copies | near expected | excess ± sd | DCR median | baseline median |",
              "|---|---|---|---|---|---|---|---|---|"]
    for name, c in (("train", tr), ("test", te)):
        if c is None:
            continue
        lines.append(f"| {name} ({c['reference_rows']}) | {c['exact_copies']} | {_fmt(c['exact_copies_share'])} | "
                     f"{_fmt(c['expected_by_chance'], 1)} | {c['near_copies']} | {_fmt(c['near_expected'], 1)} | "
                     f"{_fmt(c['near_excess'], 1)} ± {_fmt(c['near_excess_sd'], 1)} | {_fmt(c['dcr_median'])} | "
                     f"{_fmt(c['baseline_median'])} |")
    lab, det, cor = result["labels"], result["detection"], result["correlation"]
    lines += ["", "## Fidelity", "",
              f"- Label consistency: a logistic regression fitted on the real rows agrees with "
              f"{_fmt(lab['agreement'])} of the synthetic labels (class 0: {_fmt(lab['per_class']['0'])}, class 1: "
              f"{_fmt(lab['per_class']['1'])}); on real rows it reaches {_fmt(lab['real_reference'])} "
              f"({lab['reference_kind']}).",
              f"- Detection AUC (synthetic vs real, {det['folds'] if det else 0}-fold CV): logistic "
              f"{_fmt(det['logistic'] if det else None)}, forest {_fmt(det['forest'] if det else None)} (0.5 = indistinguishable).",
              f"- Correlation gap over {cor['pairs']} pairs: max {_fmt(cor['max_gap'])}, mean {_fmt(cor['mean_gap'])} "
              f"(CorrelationSimilarity {_fmt(cor['similarity'])}).",
              "- Per column (KS continuous, TV discrete): " + ", ".join(
                  f"{c['column']} {c['metric']} {c['distance']:.2f}" for c in result["columns"]) + ".",
              "", "## Groups", "",
              "| group | synthetic | real | exact copies (train) | near copies (train) | exact copies (test) | mean column distance |",
              "|---|---|---|---|---|---|---|"]
    for g, s in result["groups"].items():
        lines.append(f"| {g} | {s['synthetic_rows']} | {s['real_rows']} | {_fmt(s.get('exact_copies_train'))} | "
                     f"{_fmt(s.get('near_copies_train'))} | {_fmt(s.get('exact_copies_test'))} | "
                     f"{_fmt(s.get('mean_column_distance'))} |")
    if "attribute" in result:
        lines += ["", f"Groups use {result['attribute']['rule']} (minimum over the real rows)."]
    lines += ["", "Plots: audit.png / audit.pdf (distances to the closest record; per-column distances; correlation gap).", ""]
    return "\n".join(lines)


def plot(result: dict, out: Path) -> list[Path]:
    from synthover.figures.style import new_figure, save

    fig, axes = new_figure(1, 3, figsize=(13, 3.8))
    tr, te = result["copies_of_train"], result.get("copies_of_test")
    base = result["baseline"]["_values"]
    top = float(np.quantile(np.r_[base, tr["_dcr"]], 0.99)) or 1.0
    bins = np.linspace(0, top, 40)
    axes[0].hist(base, bins=bins, alpha=0.5, density=True, label="real to real (baseline)")
    axes[0].hist(tr["_dcr"], bins=bins, alpha=0.5, density=True, label="synthetic to train")
    if te is not None:
        axes[0].hist(te["_dcr"], bins=bins, histtype="step", density=True, lw=1.5, label="synthetic to test")
    axes[0].axvline(tr["near_threshold"], color="k", ls="--", lw=1, label="near-copy threshold")
    axes[0].set(xlabel="distance to closest record (standardised)", ylabel="density", title="Copies")
    axes[0].legend()
    cols = result["columns"]
    axes[1].barh([c["column"] for c in cols], [c["distance"] for c in cols],
                 color=["C1" if c["metric"] == "TV" else "C0" for c in cols])
    axes[1].set(xlabel="KS (blue) / TV (orange) distance", title="Per column", xlim=(0, 1))
    axes[1].invert_yaxis()
    gap = result["correlation"]["_matrix"]
    im = axes[2].imshow(np.nan_to_num(gap, nan=0.0), vmin=0, vmax=1, cmap="viridis")
    axes[2].set(title="|corr real - corr synthetic|", xticks=[], yticks=[])
    axes[2].grid(False)
    fig.colorbar(im, ax=axes[2], fraction=0.046)
    return save(fig, out, "audit")


def run_audit(synth: Path, real: Path, test: Path | None, label: str, attribute: str | None, out: Path,
              max_test_copies: int = 0, first: int | None = None, seed: int = 0,
              near_quantile: float = NEAR_QUANTILE) -> tuple[dict, bool, list[Path]]:
    """Audit one synthetic file; write report.md, report.json and the plots into `out`."""
    from synthover.simulations.real import audit as audit_rows
    from synthover.simulations.real.data import DataError

    if max_test_copies < 0:
        raise DataError(f"--max-test-copies must be a non-negative integer (got {max_test_copies})")
    syn, real_t, test_t = load_tables(synth, real, test, label, first)
    result = audit_rows.audit(syn, real_t, test_t, attribute=attribute, near_quantile=near_quantile, seed=seed)
    flagged = audit_rows.test_copies_exceed(result, max_test_copies)
    names = {"synthetic": str(synth), "real": str(real), "test": str(test) if test else None}
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    doc = {"inputs": names, "max_test_copies": max_test_copies, "test_copies_flagged": flagged, "seed": seed,
           **audit_rows.public(result)}
    (out / "report.json").write_text(json.dumps(doc, indent=1, sort_keys=True, allow_nan=False) + "\n")
    (out / "report.md").write_text(to_markdown(result, names, flagged, max_test_copies))
    paths = [out / "report.md", out / "report.json"] + plot(result, out)
    return result, flagged, paths


# ------------------------------------------------------------------------------------------------- CLI
def add_parser(sub) -> None:
    a = sub.add_parser("audit", help="audit a generator's rows (copies, fidelity, detection); --predict: the theory's "
                                     "predictions from the rows, checked on the data")
    a.add_argument("synthetic", nargs="?", type=Path, help="CSV of generated rows")
    a.add_argument("--real", type=Path, help="CSV of the real training rows")
    a.add_argument("--test", type=Path, help="CSV of the real test rows (copies of them are leakage)")
    a.add_argument("--label", help="label column (values 0/1)")
    a.add_argument("--attribute", help="attribute column for (attribute, label) groups: s = 1[a > min a]")
    a.add_argument("--out", type=Path, default=Path("audit_out"), help="report folder (default audit_out/)")
    a.add_argument("--max-test-copies", type=int, default=0, metavar="K",
                   help="exit 1 when exact copies of test rows exceed K plus the chance allowance (default 0)")
    a.add_argument("--first", type=int, metavar="N", help="audit only the first N synthetic rows (file order)")
    a.add_argument("--near-quantile", type=float, default=NEAR_QUANTILE, metavar="Q",
                   help=f"near-copy threshold: the Q-quantile of the real-to-real distances (default {NEAR_QUANTILE})")
    a.add_argument("--seed", type=int, default=0, help="seed of the cross-validation splits and bootstraps")
    a.add_argument("--predict", action="store_true",
                   help="bridge: estimate delta, sigma_syn, s from every generator in --data, predict (A4, C1/C2), "
                        "then check the predictions on the data")
    a.add_argument("--data", type=Path, help="data folder with opal_v1/ and/or scaling_law/ (for --predict)")
    a.add_argument("--bootstrap", type=int, default=200, metavar="B", help="bootstrap resamples (default 200)")
    a.add_argument("--quick", action="store_true", help="--predict on fewer cells and resamples")


def command(args) -> int:
    from synthover.paper_checks.params import ParameterError

    if not 0 <= args.seed < 2**32:
        raise ParameterError(f"--seed must be an integer in [0, 2**32) (got {args.seed})")
    if args.predict:
        from synthover.paper_checks.real import predict

        if args.data is None:
            raise ParameterError("--predict needs --data DIR (a folder with opal_v1/ and/or scaling_law/)")
        if args.bootstrap < 20:
            raise ParameterError(f"--bootstrap must be an integer >= 20 (got {args.bootstrap})")
        paths = predict.write_prediction_report(args.data, args.out, seed=args.seed, bootstrap=args.bootstrap,
                                                quick=args.quick)
        for path in paths:
            print(path)
        return 0
    if args.synthetic is None or args.real is None or args.label is None:
        raise ParameterError("audit needs SYNTH.csv, --real TRAIN.csv and --label COL (or --predict --data DIR)")
    if not 0 < args.near_quantile < 1:
        raise ParameterError(f"--near-quantile must be in (0, 1) (got {args.near_quantile})")
    result, flagged, paths = run_audit(args.synthetic, args.real, args.test, args.label, args.attribute, args.out,
                                       max_test_copies=args.max_test_copies, first=args.first, seed=args.seed,
                                       near_quantile=args.near_quantile)
    tr, te = result["copies_of_train"], result.get("copies_of_test")
    line = f"{result['rows']['synthetic']} synthetic rows: {tr['exact_copies']} exact copies of training rows"
    if te is not None:
        line += (f", {te['exact_copies']} of test rows, {te['test_only_copies']} leaked "
                 f"(chance allowance {te['test_only_allowance']})")
    print(line + ("; TEST COPIES FLAGGED" if flagged else ""))
    for path in paths:
        print(path)
    return 1 if flagged else 0
