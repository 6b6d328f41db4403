"""Fixed style and byte-deterministic saving (PNG without Software, PDF without CreationDate)."""
from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

STYLE = {
    "figure.figsize": (6.4, 4.4),
    "figure.dpi": 100,
    "font.size": 10,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.fontsize": 8,
    "svg.hashsalt": "synthover",
}
THEORY_LINE = {"lw": 1.6}
SIM_POINTS = {"fmt": "o", "ms": 4, "capsize": 2, "lw": 1}


def new_figure(nrows: int = 1, ncols: int = 1, **kw):
    plt.rcParams.update(STYLE)
    return plt.subplots(nrows, ncols, **kw)


def save(fig, out_dir: Path, name: str) -> list[Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    png, pdf = out_dir / f"{name}.png", out_dir / f"{name}.pdf"
    fig.tight_layout()
    fig.savefig(png, metadata={"Software": None})
    fig.savefig(pdf, metadata={"CreationDate": None, "Producer": None})
    plt.close(fig)
    return [png, pdf]
