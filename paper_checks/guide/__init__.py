"""The guide: theory pages (docs/theory/*.md) and the static HTML site, generated from the registry.

    synthover docs --pages             # rewrite the generated blocks of docs/theory/*.md and the README findings
    synthover docs --out site/         # build the HTML guide (index, claims, findings, theory, tutorials)
    python -m synthover.paper_checks.guide   # same as --pages

Nothing is typed twice: statements, parameters, grids, provenance and derivations come from the claims
(`paper_checks/<model>/claims*.py`), findings from :mod:`synthover.paper_checks.findings`, mathematics
from the sympy expressions of `claim.explain()` (MathML for the site, LaTeX for Markdown).
"""
