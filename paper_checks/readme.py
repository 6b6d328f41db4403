"""The README's claims table, generated from the registry and the recorded verdicts of a full check.

    synthover check                      # full run, writes results/check.json
    python -m synthover.paper_checks.readme results/check.json   # records verdicts, rewrites the README table

`paper_checks/verdicts.json` keeps the verdict of each claim's last full run; tests/test_readme.py fails
when the README table differs from what this module renders (a new claim, a changed statement).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from synthover.paper_checks import registry
from synthover.paper_checks.report import verdict_text

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
VERDICTS = Path(__file__).resolve().parent / "verdicts.json"
BEGIN, END = "<!-- claims-table:begin -->", "<!-- claims-table:end -->"


def load_verdicts() -> dict:
    return json.loads(VERDICTS.read_text()) if VERDICTS.exists() else {}


def render_table(verdicts: dict | None = None) -> str:
    verdicts = load_verdicts() if verdicts is None else verdicts
    lines = ["| id | claim | statement | provenance | verdict (last full `synthover check`) |", "|---|---|---|---|---|"]
    for claim in registry.all_claims().values():
        statement = claim.statement.replace("|", "\\|")
        lines.append(f"| {claim.id} | {claim.title} | {statement} | {claim.source} | {verdicts.get(claim.id, 'not yet run')} |")
    return "\n".join(lines)


def record(report_path: Path) -> None:
    """Record each claim's verdict from a full run; the real-data claims (which need the authors' tables
    and run for hours in full) may come from a quick run with --data, and their text says so."""
    report = json.loads(Path(report_path).read_text())
    claims = registry.all_claims()
    rows = report["claims"]
    if report.get("quick"):
        rows = [v for v in rows if v["claim"] in claims and claims[v["claim"]].needs_data]
        if not rows:
            raise SystemExit("record verdicts from a full run, not --quick (only data claims may come from --quick)")
    suffix = " (quick run with --data)" if report.get("quick") else ""
    verdicts = load_verdicts()
    verdicts.update({v["claim"]: verdict_text(v) + suffix for v in rows})
    VERDICTS.write_text(json.dumps(dict(sorted(verdicts.items())), indent=2) + "\n")


def rewrite_readme() -> None:
    text = README.read_text()
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    README.write_text(f"{head}{BEGIN}\n{render_table()}\n{END}{tail}")


if __name__ == "__main__":
    for path in sys.argv[1:]:
        record(Path(path))
    rewrite_readme()
