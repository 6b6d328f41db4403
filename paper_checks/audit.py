"""House rules, checked from the source: theory/ and simulations/ never import each other."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {"theory": ("simulations", "jax"), "simulations": ("theory", "sympy")}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def house_rule_violations(root: Path = ROOT) -> list[str]:
    problems = []
    for package, banned in FORBIDDEN.items():
        for path in sorted((root / package).rglob("*.py")):
            for name in sorted(_imports(path) & set(banned)):
                problems.append(f"{path.relative_to(root)} imports {name}")
    return problems
