"""Reports of a run: deterministic JSON, Markdown, and a terminal table."""
from __future__ import annotations

import json

from synthover.paper_checks.runner import Report


def to_json(report: Report) -> str:
    """Byte-identical for the same seed: sorted keys, no timestamps, fixed float repr."""
    doc = {
        "seed": report.seed,
        "quick": report.quick,
        "z": report.z,
        "ok": report.ok,
        "claims": [{**report.claim_verdict(cid), "provenance": _provenance(cid)} for cid in report.claim_ids()],
        "notes": list(report.notes),
        "rows": [r.to_json() for r in report.rows],
    }
    return json.dumps(doc, indent=2, sort_keys=True) + "\n"


def _provenance(claim_id: str) -> dict | None:
    """The claim's provenance record, when the claim is registered (reports of ad-hoc claims have none)."""
    from synthover.paper_checks import registry

    try:
        return registry.get(claim_id).provenance.to_json()
    except Exception:  # noqa: BLE001  (an unregistered claim simply has no record in the report)
        return None


def _provenance_text(claim_id: str) -> str:
    record = _provenance(claim_id)
    if record is None:
        return "-"
    return "; ".join(f"{k}: {v}" for k, v in record.items() if v).replace("|", "\\|")


def _g(v, digits=5):
    if v is None:
        return "-"
    if isinstance(v, str):
        return v
    return f"{v:.{digits}g}"


def _params_text(params) -> str:
    return " ".join(f"{k}={_g(v, 6) if isinstance(v, float) else v}" for k, v in params.items())


def verdict_text(v: dict) -> str:
    """The one formatter of a claim's verdict (terminal, Markdown, README)."""
    unresolved = v.get("inconclusive_rows", 0)
    if not v["agree"]:
        text = f"DISAGREE on {v['disagreeing_rows']} of {v['rows']} rows"
    elif unresolved and unresolved == v["rows"]:
        text = f"inconclusive on all {v['rows']} rows (power < 99%)"
    elif unresolved:
        text = f"agree on {v['rows'] - unresolved} of {v['rows']} rows"
    else:
        text = "agree"
    if unresolved and unresolved < v["rows"]:
        text += f" ({unresolved} inconclusive: power < 99%)"
    return f"{text}; {v['negative_controls_rejected']}/{v['negative_controls']} negative controls rejected"


def to_markdown(report: Report) -> str:
    lines = [
        "# synthover check report",
        "",
        f"seed {report.seed}, {'quick' if report.quick else 'full'} run, Bonferroni z = {report.z:.3f}",
        "",
        "| claim | verdict |",
        "|---|---|",
    ]
    lines += [f"| {cid} | {verdict_text(report.claim_verdict(cid))} |" for cid in report.claim_ids()]
    lines += ["", "| claim | provenance |", "|---|---|"]
    lines += [f"| {cid} | {(_provenance_text(cid))} |" for cid in report.claim_ids()]
    lines += [""] + [f"Note: {note}" for note in report.notes] if report.notes else []
    lines += [
        "",
        "| claim | params | quantity | rule | theory | simulation | SE | tolerance | verdict | control | control rejected |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in report.rows:
        lines.append(
            f"| {r.claim} | {_params_text(r.params)} | {r.quantity} | {r.rule} | {_g(r.theory)} | "
            f"{_g(r.simulation)} | {_g(r.se, 2)} | {_g(r.tolerance, 2)} | {r.verdict} | "
            f"{r.control} = {_g(r.negative_control)} | "
            f"{'-' if r.negative_control_rejected is None else ('yes' if r.negative_control_rejected else 'NO')} |"
        )
    return "\n".join(lines) + "\n"


def to_terminal(report: Report, verbose: bool = False) -> str:
    out = []
    width = max([len(r.quantity) for r in report.rows] + [8])
    for cid in report.claim_ids():
        out.append(f"{cid:4s} {verdict_text(report.claim_verdict(cid))}")
        for r in report.rows:
            if r.claim != cid or (r.verdict == "agree" and r.negative_control_rejected is not False and not verbose):
                continue
            flag = {"agree": "ok  ", "disagree": "FAIL", "inconclusive": "INC "}[r.verdict]
            nc = {None: "", True: "control rejected", False: "CONTROL NOT REJECTED"}[r.negative_control_rejected]
            out.append(
                f"   {flag} {r.quantity:<{width}s} theory={_g(r.theory)} sim={_g(r.simulation)} "
                f"se={_g(r.se, 2)} tol={_g(r.tolerance, 2)} {nc}  [{_params_text(r.params)}]"
            )
    out += [f"note: {note}" for note in report.notes]
    out.append(f"{'ALL AGREE' if report.ok else 'SOME CLAIMS FAIL'} (z = {report.z:.3f}, seed {report.seed})")
    return "\n".join(out) + "\n"
