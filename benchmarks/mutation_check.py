"""The test command of the mutation run (benchmarks/mutation.py): does anything catch the planted error?

    python benchmarks/mutation_check.py            (run by cosmic-ray in the working copy, cwd = its root)

cosmic-ray edits one file of `theory/` in place and runs this command; exit 0 means the mutant survived.
What runs, in this order, stopping at the first failure:

1. the quick checks (`synthover check --quick`) of the claims whose modules import the mutated module,
   directly or through other modules (a static import graph);
2. the test files that import it the same way, among FORMULA_TESTS (pytest, one process, no xdist);
   the other test files test the command line, documents, plots and data handling, not formulas
   (except RENDERING_TESTS, for the module that prints derivations).

The last line of output says which caught it: "killed by checks", "killed by tests" or "survived".
`--baseline` (run once, unmutated, before the mutants) runs every claim's quick check and fills the memo.

Simulations do not depend on theory (a house rule, tested), so their results are the same for every
mutant: each simulation function a claim module imports is memoised on disk (keyed by its arguments,
PRNG keys by their bits), filled by the unmutated baseline run. A simulation whose arguments a mutant
changes (a size computed by theory, say) misses the memo and runs. The memo lives in the working copy's
`.mutation/` folder, with `manifest.json`, the hashes of the unmutated `theory/` files.
"""
from __future__ import annotations

import ast
import functools
import hashlib
import json
import os
import pickle
import sys
from pathlib import Path

ROOT = Path.cwd()
STATE = ROOT / ".mutation"
LAYERS = ("theory", "simulations", "paper_checks", "figures")
FORMULA_TESTS = {f"tests.{name}" for name in (
    "test_theory_model_g", "test_in_context_theory", "test_neighbouring_results", "test_scaling_law",
    "test_general_bound", "test_model_s_next_term", "test_model_g_domains", "test_model_s_domains",
    "test_spurious", "test_claims_model_g", "test_claims_samplers", "test_transformer")}
# theory/derivation.py also prints every derivation: its rendering is tested through `synthover explain`
RENDERING_TESTS = {"synthover.theory.derivation": {"tests.test_docs", "tests.test_cli"}}


def use_this_tree() -> None:
    """Import synthover's layers from the working copy (the installed package may point elsewhere)."""
    import importlib

    for layer in LAYERS:
        package = importlib.import_module(f"synthover.{layer}")
        package.__path__[:] = [str(ROOT / layer)]


def file_hashes(root: Path = ROOT) -> dict[str, str]:
    """theory/'s files under `root` -> their sha256."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((root / "theory").rglob("*.py"))}


def module_name(path: Path) -> str | None:
    """synthover's module name of a file of the layers (or tests/x.py -> 'tests.x')."""
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    if parts[0] in LAYERS:
        return ".".join(["synthover", *parts])
    return ".".join(parts)


def import_graph() -> dict[str, set[str]]:
    """module -> the synthover modules it imports (from x import y counts y when y is a module)."""
    files = [p for layer in (*LAYERS, "tests") for p in (ROOT / layer).rglob("*.py")]
    names = {module_name(p) for p in files}
    graph: dict[str, set[str]] = {}
    for path in files:
        found = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                found |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module)
                found |= {f"{node.module}.{a.name}" for a in node.names}
        graph[module_name(path)] = {n for n in found if n in names}
    return graph


def importers_of(target: str, graph: dict[str, set[str]]) -> set[str]:
    """Every module that imports `target`, directly or not (including `target`)."""
    reached, todo = {target}, [target]
    while todo:
        current = todo.pop()
        for module, imports in graph.items():
            if current in imports and module not in reached:
                reached.add(module)
                todo.append(module)
    return reached


def _key_part(value):
    import numpy as np

    if hasattr(value, "dtype") and "key" in str(getattr(value, "dtype", "")):
        import jax

        value = jax.random.key_data(value)
    if hasattr(value, "shape") and hasattr(value, "dtype"):
        array = np.asarray(value)
        return ("array", str(array.dtype), array.shape, array.tobytes())
    if isinstance(value, dict):
        return ("dict", tuple(sorted((str(k), _key_part(v)) for k, v in value.items())))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(_key_part(v) for v in value))
    if isinstance(value, float):
        return ("float", value.hex())
    return (type(value).__qualname__, repr(value))


def memoised(fn):
    """fn with its results kept in .mutation/memo/ under a hash of (its name, its arguments)."""
    folder = Path(os.environ.get("SYNTHOVER_MUTATION_MEMO", STATE / "memo"))

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        name = f"{fn.__module__}.{fn.__qualname__}"
        digest = hashlib.sha256(pickle.dumps((name, _key_part(args), _key_part(kwargs)))).hexdigest()
        path = folder / f"{digest}.pkl"
        if path.exists():
            return pickle.loads(path.read_bytes())
        result = fn(*args, **kwargs)
        folder.mkdir(parents=True, exist_ok=True)
        try:
            data = pickle.dumps(result)
        except (pickle.PicklingError, TypeError, AttributeError):
            return result  # not picklable: not memoised
        tmp = path.with_suffix(f".{os.getpid()}.tmp")  # copies share the memo: write, then rename
        tmp.write_bytes(data)
        tmp.replace(path)
        return result

    return wrapper


def memoise_simulations(modules) -> None:
    """Memoise, for each claim module, every function of synthover.simulations it imports by name or
    through an imported simulations module (`ex.kl_d2(...)`)."""
    import inspect

    def is_simulation(value) -> bool:
        return inspect.isfunction(value) and value.__module__.startswith("synthover.simulations")

    for module in modules:
        for attr, value in list(vars(module).items()):
            if is_simulation(value) and not hasattr(value, "__wrapped__"):
                setattr(module, attr, memoised(value))
            elif inspect.ismodule(value) and value.__name__.startswith("synthover.simulations"):
                for name, fn in list(vars(value).items()):
                    if is_simulation(fn) and fn.__module__ == value.__name__ and not hasattr(fn, "__wrapped__"):
                        setattr(value, name, memoised(fn))


def run_checks(claim_modules: set[str]) -> bool:
    """The quick checks of every claim defined in `claim_modules`; True when all agree."""
    import importlib

    from synthover.paper_checks import registry
    from synthover.paper_checks.runner import run_claims

    modules = [importlib.import_module(m) for m in sorted(claim_modules)]
    memoise_simulations(modules)
    claims = [c for c in registry.all_claims().values() if c.compare.__module__ in claim_modules]
    if not claims:
        return True
    report = run_claims(claims, seed=0, quick=True, progress=False)
    for cid in report.claim_ids():
        v = report.claim_verdict(cid)
        if not (v["agree"] and v["all_controls_rejected"]):
            print(f"check {cid}: {v}")
    return report.ok


def run_tests(test_modules: set[str]) -> bool:
    import pytest

    files = [str(ROOT / (m.replace(".", "/") + ".py")) for m in sorted(test_modules)]
    if not files:
        return True
    return pytest.main([*files, "-x", "-q", "-n", "0", "-p", "no:cacheprovider", "--no-header", "-W", "ignore"]) == 0


def main() -> int:
    use_this_tree()
    baseline = json.loads((STATE / "manifest.json").read_text())
    changed = [path for path, digest in file_hashes().items() if baseline.get(path) != digest]
    graph = import_graph()
    targets = [module_name(ROOT / p) for p in changed] or [m for m in graph if m.startswith("synthover.theory")]
    affected = set().union(*(importers_of(t, graph) for t in targets))
    claim_modules = {m for m in affected if m.startswith("synthover.paper_checks.") and m.rsplit(".", 1)[-1].startswith("claims")}
    test_modules = affected & FORMULA_TESTS | set().union(*(RENDERING_TESTS.get(t, set()) for t in targets))
    print(f"mutated: {', '.join(changed) or 'nothing (baseline)'}; {len(claim_modules)} claim modules, "
          f"{len(test_modules)} test files", flush=True)
    try:
        checks_pass = run_checks(claim_modules)
    except Exception as err:  # noqa: BLE001  (a mutant that makes a check crash is caught by it)
        print(f"check crashed: {type(err).__name__}: {err}")
        checks_pass = False
    if not checks_pass:
        print("killed by checks")
        return 1
    if "--baseline" in sys.argv:
        print("baseline: every check agrees")
        return 0
    if not run_tests(test_modules):
        print("killed by tests")
        return 1
    print("survived")
    return 0


if __name__ == "__main__":
    sys.exit(main())
