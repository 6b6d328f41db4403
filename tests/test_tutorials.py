"""The tutorials (docs/tutorials/*.py, jupytext percent format) run at the small size and print what
they promise; the guide renders the same runs (the run is cached per process)."""
import re
import time

import jupytext
import pytest

from synthover.paper_checks.guide import tutorials

PATHS = tutorials.paths()


def test_there_are_three_tutorials():
    assert len(PATHS) == 3


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_tutorial_is_a_percent_notebook(path):
    notebook = jupytext.read(path, fmt="py:percent")
    kinds = [cell.cell_type for cell in notebook.cells]
    ours = [cell.kind for cell in tutorials.cells(path)]
    assert kinds == ours and "markdown" in kinds and "code" in kinds


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_tutorial_runs_small(path):
    start = time.perf_counter()
    cells = tutorials.run(str(path), "small")
    elapsed = time.perf_counter() - start
    out = "".join(cell.stdout for cell in cells)
    assert "theory" in out.lower() or "delta method" in out, out[:500]
    assert re.search(r"\d\.\d{4}", out)
    print(f"{path.name}: {elapsed:.1f} s")
