"""The rules of the house (docs/architecture.md), checked from the source and in fresh processes.

- theory/ and simulations/ never import each other; sympy appears only in theory/, JAX only in
  simulations/; figures/ call experiment functions, never claim modules;
- everything installs under one namespace (`synthover.*`), every package folder is in pyproject's list,
  and nothing generic is importable at top level;
- importing the library changes no global JAX setting;
- the repository stands alone: no reference to documents or folders outside it.
"""
import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("theory", "simulations", "paper_checks", "figures")
FORBIDDEN = {
    "theory": {"jax", "jaxlib", "optax", "synthover.simulations"},
    "simulations": {"sympy", "synthover.theory"},
    "paper_checks": {"sympy", "jax", "jaxlib", "optax"},
    "figures": {"sympy", "jax", "jaxlib", "optax", "synthover.paper_checks.*.claims*"},
}


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


def _banned(name: str, rule: str) -> bool:
    if "*" in rule:
        return re.fullmatch(rule.replace(".", r"\.").replace("*", r"[A-Za-z0-9_]*"), name) is not None
    return name == rule or name.startswith(rule + ".")


def house_rule_violations() -> list[str]:
    problems = []
    for layer, banned in FORBIDDEN.items():
        for path in sorted((ROOT / layer).rglob("*.py")):
            for name in sorted(_imports(path)):
                if any(_banned(name, rule) for rule in banned):
                    problems.append(f"{path.relative_to(ROOT)} imports {name}")
    return problems


def test_layers_keep_their_libraries():
    assert house_rule_violations() == []


def test_the_rule_checker_can_fail(tmp_path):
    bad = tmp_path / "figures" / "x.py"
    bad.parent.mkdir()
    bad.write_text("import jax\nfrom synthover.paper_checks.model_g import claims_c\n")
    names = _imports(bad)
    assert any(_banned(n, "jax") for n in names)
    assert any(_banned(n, "synthover.paper_checks.*.claims*") for n in names)


def test_every_package_folder_is_installed():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {"synthover"} | {
        "synthover." + ".".join(init.parent.relative_to(ROOT).parts)
        for layer in LAYERS for init in (ROOT / layer).rglob("__init__.py")
    }
    assert found == listed, f"pyproject packages differ: missing {found - listed}, extra {listed - found}"


def _fresh(code: str, tmp_path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)


def test_import_has_no_global_side_effects(tmp_path):
    code = (
        "import importlib, pkgutil, jax\n"
        "import synthover\n"
        "before = jax.config.jax_enable_x64\n"
        "for layer in ('theory', 'simulations', 'paper_checks', 'figures'):\n"
        "    pkg = importlib.import_module('synthover.' + layer)\n"
        "    for info in pkgutil.walk_packages(pkg.__path__, prefix=pkg.__name__ + '.'):\n"
        "        if not info.name.endswith('__main__'):\n"
        "            importlib.import_module(info.name)\n"
        "assert jax.config.jax_enable_x64 is before is False, jax.config.jax_enable_x64\n"
        "print('ok')\n"
    )
    done = _fresh(code, tmp_path)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-3000:]


@pytest.mark.parametrize("name", LAYERS)
def test_no_generic_top_level_names(name, tmp_path):
    done = _fresh(f"import {name}", tmp_path)
    assert done.returncode != 0 and "ModuleNotFoundError" in done.stderr


def _tracked_text_files():
    out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    for rel in out:
        path = ROOT / rel
        if path.suffix in {".py", ".md", ".toml", ".txt", ".cfg", ".yml", ".yaml", ".html", ""} and path.is_file():
            yield rel, path.read_text(errors="ignore")


def test_the_repository_stands_alone():
    spec, outside = "THEORY" + ".md", ".." + "/shared"  # spelled in parts so this file does not match itself
    problems = [rel for rel, text in _tracked_text_files() if spec in text or outside in text]
    assert problems == [], f"references outside the repository in {problems}"


def test_no_committed_binaries():
    out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    assert not [f for f in out if f.endswith((".whl", ".tar.gz", ".zip", ".egg"))]
