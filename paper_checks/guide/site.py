"""`synthover docs --out site/`: the static HTML guide, built from the registry and the derivations.

Why plain f-string templates and no site generator: every page is a function of data the toolkit
already holds (claims, derivations, findings, reports), the pages are few and flat, and the guide must
build offline in seconds with nothing to install; a generator (Sphinx, MkDocs) would add a second source
of truth (its own Markdown, its own math pipeline through a JavaScript CDN). Mathematics is presentation
MathML printed by sympy from the same expressions `synthover explain` shows, which browsers render
natively: no CDN, no script, works from file://.

The site is flat (every page at the top of the output folder, images under ``figures/``), so links
never climb out of a folder.
"""
from __future__ import annotations

import html
import shutil
from pathlib import Path

from synthover.paper_checks.findings import FINDINGS, for_claim
from synthover.paper_checks.guide import content, pages, tutorials
from synthover.paper_checks.guide.content import MODEL_PAGES, ROOT, clean
from synthover.paper_checks.guide.markdown import inline, to_html
from synthover.theory.derivation import mathml_block

DOCS = ROOT / "docs"
STYLE = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem 1.5rem;line-height:1.5;color:#1b1b1b}
nav{border-bottom:1px solid #ccc;padding-bottom:.5rem;margin-bottom:1rem}nav a{margin-right:1rem}
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}
math[display=block]{overflow-x:auto;overflow-y:hidden;margin:.4rem 0;padding:.2rem 0}
pre{background:#f5f5f5;padding:.5rem;overflow-x:auto}code{background:#f5f5f5}
.step{margin:.8rem 0}.steptitle{font-weight:600}.agree{color:#17601f}.disagree{color:#a00}.inconclusive{color:#8a6d00}
img{max-width:100%}.muted{color:#666}
"""


def _esc(text) -> str:
    return html.escape(str(text), quote=True)


def _page(title: str, body: str) -> str:
    nav = ('<nav><a href="index.html">Claims</a><a href="theory.html">Theory</a><a href="findings.html">Findings</a>'
           '<a href="tutorials.html">Tutorials</a><a href="architecture.html">Architecture</a></nav>')
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{_esc(title)} | synthover</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{STYLE}</style></head>'
            f"<body>{nav}<main><h1>{_esc(title)}</h1>\n{body}\n</main></body></html>\n")


def _table(header, rows) -> str:
    head = "".join(f"<th>{_esc(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _math(expr) -> str:
    try:
        return mathml_block(expr)
    except Exception:  # noqa: BLE001  (an object sympy cannot print as MathML is shown as text)
        return f"<pre>{_esc(expr)}</pre>"


def claim_file(cid: str) -> str:
    return f"claim-{cid}.html"


def derivation_html(cid: str) -> str:
    der = content.derivation(cid)
    parts = [f'<p class="muted">{_esc(clean(der.title))} [{_esc(clean(der.source))}]</p>']
    for i, step in enumerate(der.steps, 1):
        parts.append(f'<div class="step"><div class="steptitle">({i}) {_esc(clean(step.title))}</div>'
                     + (f"<p>{_esc(clean(step.text))}</p>" if step.text else "")
                     + (_math(step.expr) if step.expr is not None else "") + "</div>")
    return "\n".join(parts)


def _verdict_rows(cid: str, report: dict | None) -> str:
    if report is None:
        return "<p class=muted>No report given (<code>synthover docs --report results/check.json</code>).</p>"
    rows = [r for r in report.get("rows", []) if r.get("claim") == cid]
    if not rows:
        return "<p class=muted>The report has no rows for this claim.</p>"
    g = lambda v: "-" if v is None else (f"{v:.5g}" if isinstance(v, float) else _esc(v))  # noqa: E731
    body = [[_esc(" ".join(f"{k}={v}" for k, v in r.get("params", {}).items())), _esc(r["quantity"]), _esc(r["rule"]),
             g(r["theory"]), g(r["simulation"]), g(r["se"]), g(r["tolerance"]),
             f'<span class="{_esc(r["verdict"])}">{_esc(r["verdict"])}</span>',
             f'{_esc(r.get("control", ""))} = {g(r.get("negative_control"))}',
             {True: "yes", False: "NO", None: "-"}[r.get("negative_control_rejected")]] for r in rows]
    kind = "quick" if report.get("quick") else "full"
    return (f"<p>From the {kind} run with seed {_esc(report.get('seed'))} (Bonferroni z = {g(report.get('z'))}).</p>"
            + _table(["params", "quantity", "rule", "theory", "simulation", "SE", "tolerance", "verdict",
                      "negative control", "rejected"], body))


def figures_for(cid: str, figures: list[Path]) -> list[Path]:
    """Figures named after the claim (``a4_...``) or, failing that, its family (``a_...``)."""
    own = [f for f in figures if f.stem.lower().split("_")[0] == cid.lower()]
    family = [f for f in figures if f.stem.lower().split("_")[0] == cid[0].lower() and len(cid) > 1]
    return own or family


def claim_page(claim, verdicts: dict, report: dict | None, figures: list[Path]) -> str:
    cid = claim.id
    p = claim.provenance
    body = [f"<p><strong>{_esc(cid)}.</strong> {_esc(clean(claim.statement))}</p>",
            f"<p><strong>Provenance:</strong> {_esc(clean(p.summary()))}</p>",
            f"<p><strong>Last full verdict:</strong> {_esc(verdicts.get(cid, 'not yet run'))}</p>"]
    if claim.parameters:
        rows = [[_esc(c) for c in row] for row in content.parameter_rows(claim)]
        body += ["<h2>Parameters and domain</h2>", _table(["name", "default", "valid range", "meaning"], rows)]
    grid = content.grid_lines(claim)
    if grid:
        body += [f"<h2>Grid of the full check ({len(grid)} points)</h2><ul>"
                 + "".join(f"<li>{_esc(g)}</li>" for g in grid) + "</ul>"]
    body += ["<h2>Derivation</h2>", derivation_html(cid)]
    for table in content.tables_for(cid):
        rows = content.published_rows(table)
        if rows:
            body += [f"<h2>{_esc(table.caption)}</h2>",
                     _table(list(table.key_names + table.value_names), [[_esc(c) for c in r] for r in rows])]
    found = for_claim(cid)
    if found:
        body += ["<h2>Findings</h2><ul>" + "".join(f'<li><a href="{f.slug}.html">{_esc(f.title)}</a></li>'
                                                  for f in found) + "</ul>"]
    for fig in figures_for(cid, figures):
        body += [f'<h2>Figure</h2><img src="figures/{_esc(fig.name)}" alt="{_esc(fig.stem)}">']
    body += ["<h2>Verdict table of the last check (with negative controls)</h2>", _verdict_rows(cid, report)]
    body += ["<h2>Try it</h2><pre><code>" + _esc(
        f"synthover explain {cid} --format text\nsynthover eval {cid}"
        + "".join(f" --param {q.name}={q.default}" for q in claim.parameters[:2])
        + f"\nsynthover check --claim {cid} --quick") + "</code></pre>"]
    return _page(f"{cid}: {clean(claim.title)}", "\n".join(body))


def index_page(verdicts: dict) -> str:
    models = content.model_of()
    rows = [[f'<a href="{claim_file(cid)}">{_esc(cid)}</a>', _esc(clean(c.title)),
             f'<a href="{models[cid]}.html">{_esc(models[cid])}</a>', _esc(c.provenance.kind),
             _esc(verdicts.get(cid, "not yet run"))] for cid, c in content.claims().items()]
    intro = ("<p>Each claim of Nakada, Xu, Li, Zhang (arXiv:2406.03628), made exact in a tractable model, "
             "derived with sympy, simulated with JAX and judged by a stated agreement rule. Verdicts are "
             "those of the last full <code>synthover check</code> (<code>paper_checks/verdicts.json</code>).</p>")
    return _page("synthover: the guide", intro + _table(["id", "claim", "model", "provenance", "last verdict"], rows))


def theory_page(page: str) -> str:
    path = pages.page_path(page)
    text = path.read_text() if path.exists() else ""
    head, _, rest = text.partition(pages.BEGIN)
    block, _, tail = rest.partition(pages.END)
    title_line, _, head = head.partition("\n") if head.startswith("# ") else ("", "", head)
    title = title_line[2:].strip() or MODEL_PAGES.get(page, (page,))[0]
    if page in MODEL_PAGES:
        cards = []
        for claim in content.claims_on(page):
            result = content.result_of(claim.id)
            cards.append(f'<h2 id="{_esc(claim.id.lower())}"><a href="{claim_file(claim.id)}">{_esc(claim.id)}</a>: '
                         f"{_esc(clean(claim.title))}</h2><p>{_esc(clean(claim.statement))}</p>"
                         f"<p class=muted>{_esc(clean(claim.source))}.</p>"
                         + ("" if result is None else _math(result)))
        generated = "\n".join(cards)
    else:
        generated = to_html(block)
    return _page(title, to_html(clean(head)) + generated + to_html(clean(tail)))


def tutorial_page(path: Path, run: bool) -> tuple[str, list[tuple[str, bytes]]]:
    parts, images = [], []
    cells = tutorials.run(str(path)) if run else tuple(tutorials.cells(path))
    for n, cell in enumerate(cells):
        if cell.kind == "markdown":
            parts.append(to_html(cell.source))
            continue
        parts.append(f"<pre><code>{_esc(cell.source)}</code></pre>")
        if cell.stdout:
            parts.append(f'<pre class="output">{_esc(cell.stdout)}</pre>')
        for k, png in enumerate(cell.figures):
            name = f"{path.stem}-{n}-{k}.png"
            images.append((name, png))
            parts.append(f'<img src="figures/{name}" alt="output of cell {n}">')
    note = "" if run else "<p class=muted>Shown without outputs (built with --no-run).</p>"
    size = "<p class=muted>Outputs from a run at the small size (SYNTHOVER_TUTORIAL_SIZE=small).</p>" if run else ""
    return _page(path.stem.replace("_", " "), note + size + "\n".join(parts)), images


def build(out: Path, figures_dir: Path | None = None, report_path: Path | None = None,
          run_tutorials: bool = True) -> list[Path]:
    """Write the guide into `out`; returns the HTML pages written."""
    out = Path(out)
    (out / "figures").mkdir(parents=True, exist_ok=True)
    figures = sorted((figures_dir or DOCS / "figures").glob("*.png"))
    for fig in figures:
        shutil.copyfile(fig, out / "figures" / fig.name)
    verdicts = content.load_verdicts()
    report = content.load_report(report_path)
    written: dict[str, str] = {"index.html": index_page(verdicts)}
    for cid, claim in content.claims().items():
        written[claim_file(cid)] = claim_page(claim, verdicts, report, figures)
    for finding in FINDINGS:
        written[f"{finding.slug}.html"] = _page(
            f"{finding.claim}: {finding.title}",
            f"<p>{inline(finding.text)}</p><p>Claim: <a href=\"{claim_file(finding.claim)}\">{_esc(finding.claim)}</a></p>")
    written["findings.html"] = _page("Findings", "<ul>" + "".join(
        f'<li><a href="{f.slug}.html">{_esc(f.claim)}: {_esc(f.title)}</a></li>' for f in FINDINGS) + "</ul>")
    theory = [p for p in pages.pages() if p != "index"]
    for page in theory:
        written[f"{page}.html"] = theory_page(page)
    index_md = pages.page_path("index")
    written["theory.html"] = _page("Theory", to_html(clean(index_md.read_text()).partition("\n")[2]) if index_md.exists()
                                   else "<ul>" + "".join(f'<li><a href="{p}.html">{p}</a></li>' for p in theory) + "</ul>")
    arch = DOCS / "architecture.md"
    written["architecture.html"] = _page("Architecture", to_html(arch.read_text().partition("\n")[2])
                                         if arch.exists() else "<p>docs/architecture.md is missing.</p>")
    items = []
    for path in tutorials.paths():
        page, images = tutorial_page(path, run_tutorials)
        written[f"tutorial-{path.stem}.html"] = page
        items.append(f'<li><a href="tutorial-{path.stem}.html">{_esc(path.stem.replace("_", " "))}</a></li>')
        for name, png in images:
            (out / "figures" / name).write_bytes(png)
    written["tutorials.html"] = _page("Tutorials", "<ul>" + "".join(items) + "</ul>")
    paths = []
    for name, text in written.items():
        (out / name).write_text(text)
        paths.append(out / name)
    return paths
