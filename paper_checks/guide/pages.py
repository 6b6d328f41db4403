"""Generated blocks of the Markdown theory pages (docs/theory/*.md) and of the README's findings.

Each page keeps its prose (written by hand: the model, the derivation outline in words) and one block
between ``<!-- generated:begin -->`` and ``<!-- generated:end -->`` that this module rewrites from the
registry: per claim its id, title, statement, provenance, parameters with their valid range, grids,
the derivation's steps (LaTeX of the result), the published numbers it is checked against and the
findings. tests/test_docs.py fails when a block is stale; `synthover docs --pages` refreshes all.
"""
from __future__ import annotations

import inspect
from pathlib import Path

from synthover.paper_checks import agreement
from synthover.theory.derivation import latex
from synthover.paper_checks.findings import FINDINGS, for_claim, render_markdown
from synthover.paper_checks.guide import content
from synthover.paper_checks.guide.content import MODEL_PAGES, ROOT, clean

THEORY_DIR = ROOT / "docs" / "theory"
README = ROOT / "README.md"
BEGIN, END = "<!-- generated:begin -->", "<!-- generated:end -->"
FINDINGS_BEGIN, FINDINGS_END = "<!-- findings:begin -->", "<!-- findings:end -->"
NOTE = "<!-- written by `synthover docs --pages` from the registry: edit the claims, not this block -->"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    esc = lambda cell: str(cell).replace("|", "\\|")  # noqa: E731
    return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)] + [
        "| " + " | ".join(esc(c) for c in row) + " |" for row in rows]


def claim_markdown(claim) -> list[str]:
    p = claim.provenance
    out = [f"### {claim.id}: {clean(claim.title)}", "", f"**Statement.** {clean(claim.statement)}", "",
           f"**Provenance.** {p.kind}" + (f" ({clean(p.where)})" if p.where else "") + "."]
    if p.added:
        out.append(f"The toolkit adds: {clean(p.added)}.")
    if p.published:
        out.append(f"Published numbers: {clean(p.published)}.")
    out.append("")
    if claim.parameters:
        out += ["**Parameters** (the claim's domain; `synthover eval " + claim.id + " --param NAME=VALUE`):", ""]
        out += _table(["name", "default", "valid range", "meaning"], content.parameter_rows(claim)) + [""]
    grid = content.grid_lines(claim)
    if grid:
        out += [f"**Grid of the full check** ({len(grid)} points):", ""] + [f"- {g}" for g in grid] + [""]
    if claim.studies:
        out += ["**Studies:** " + "; ".join(s.name for s in claim.studies) + ".", ""]
    der = content.derivation(claim.id)
    out += [f"**Derivation** (`synthover explain {claim.id}`; {clean(der.source)}):", ""]
    out += [f"{i}. {clean(step.title)}" for i, step in enumerate(der.steps, 1)] + [""]
    result = content.result_of(claim.id)
    if result is not None:
        out += ["Result:", "", f"$$ {latex(result)} $$", ""]
    for table in content.tables_for(claim.id):
        rows = content.published_rows(table)
        if rows:
            out += [f"**{table.caption}** (`{table.attribute}` in `{table.module.split('.', 1)[1]}`):", ""]
            out += _table(list(table.key_names + table.value_names), rows) + [""]
    for finding in for_claim(claim.id):
        out += [f"**Finding: {finding.title}.** {finding.text}", ""]
    return out


def page_block(page: str) -> str:
    """The generated Markdown of one page."""
    lines = [NOTE, ""]
    if page == "index":
        lines += ["| id | claim | page | provenance |", "|---|---|---|---|"]
        models = content.model_of()
        for cid, claim in content.claims().items():
            lines.append(f"| {cid} | {clean(claim.title)} | [{models[cid]}]({models[cid]}.md) | "
                         f"{claim.provenance.kind} |")
        lines += ["", "Findings:", ""] + [f"- **{f.claim}**: {f.title}" for f in FINDINGS]
    elif page == "agreement":
        doc = inspect.getdoc(agreement) or ""
        lines += ["From `paper_checks/agreement.py` (its docstring, verbatim):", "", "```text", doc, "```", "",
                  f"Constants: family-wise error {agreement.FAMILY_WISE_ERROR}, identity tolerance "
                  f"{agreement.IDENTITY_RTOL:g}, reference z {agreement.REFERENCE_Z:g}, minimum power "
                  f"{agreement.MIN_POWER:g}; rules: {', '.join(agreement.RULES)}; verdicts: "
                  f"{', '.join(agreement.VERDICTS)}."]
    else:
        for claim in content.claims_on(page):
            lines += claim_markdown(claim)
    return "\n".join(lines).rstrip()


def pages() -> list[str]:
    names = ["index", "agreement"] + [m for m in MODEL_PAGES if m != "other" or content.claims_on("other")]
    return names


def _replace_block(text: str, begin: str, end: str, block: str) -> str:
    head, found, rest = text.partition(begin)
    if not found:
        return f"{text.rstrip()}\n\n{begin}\n{block}\n{end}\n"
    _, _, tail = rest.partition(end)
    return f"{head}{begin}\n{block}\n{end}{tail}"


def block_of(text: str, begin: str = BEGIN, end: str = END) -> str:
    return text.split(begin, 1)[1].split(end, 1)[0].strip() if begin in text else ""


def page_path(page: str) -> Path:
    return THEORY_DIR / f"{page}.md"


def stale_pages() -> list[str]:
    """Pages (and the README findings) whose generated block differs from what the registry renders."""
    stale = []
    for page in pages():
        path = page_path(page)
        if not path.exists() or block_of(path.read_text()) != page_block(page).strip():
            stale.append(str(path.relative_to(ROOT)))
    if block_of(README.read_text(), FINDINGS_BEGIN, FINDINGS_END) != render_markdown().strip():
        stale.append("README.md (findings)")
    return stale


def write_pages() -> list[Path]:
    THEORY_DIR.mkdir(parents=True, exist_ok=True)
    written = []
    for page in pages():
        path = page_path(page)
        old = path.read_text() if path.exists() else f"# {MODEL_PAGES.get(page, (page.title(),))[0]}\n"
        new = _replace_block(old, BEGIN, END, page_block(page))
        if new != old:
            path.write_text(new)
            written.append(path)
    text = README.read_text()
    if FINDINGS_BEGIN in text:
        new = _replace_block(text, FINDINGS_BEGIN, FINDINGS_END, render_markdown())
        if new != text:
            README.write_text(new)
            written.append(README)
    return written
