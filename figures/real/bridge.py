"""Predicted vs observed: A4's advantage R(duplication) - R(synthetic) from the generators' rows (x, with
the bootstrap 95 % interval) against the advantage measured with model G's plug-in LDA (y, ± SE over
seeds), one point per dataset x generator; the C1 floor beside it.

Needs the authors' data: the folder is read from the environment variable SYNTHOVER_DATA (the figure is
skipped, returning no paths, when it is unset). The numbers come from
:func:`synthover.paper_checks.real.predict.prediction_table`.
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from synthover.figures.style import SIM_POINTS, new_figure, save

MARKERS = {"gpt4": "o", "smote": "s", "great": "^"}


def draw_predicted_vs_observed(table: dict, out_dir: Path, name: str = "real_predicted_vs_observed") -> list[Path]:
    fig, (ax, bx) = new_figure(1, 2, figsize=(11, 4.4))
    for i, r in enumerate(table["a4"]):
        p, o = r["prediction"]["advantage"], r["observed"]["lda_g"]
        x, y = p["value"], o["advantage"]
        ax.errorbar([x], [y], xerr=[[max(x - p["low"], 0.0)], [max(p["high"] - x, 0.0)]], yerr=[o["se"]],
                    marker=MARKERS.get(r["generator"], "o"), color=f"C{i % 10}", ms=5, capsize=2, lw=1, ls="none",
                    label=f"{r['dataset']} / {r['generator']}")
    lims = ax.get_xlim()
    ax.axhline(0, color="k", lw=0.8)
    ax.axvline(0, color="k", lw=0.8)
    ax.plot(lims, lims, ls=":", color="grey", lw=1, label="observed = predicted")
    ax.set(xlabel="predicted advantage (A4, model G)", ylabel="observed advantage (plug-in LDA)",
           title="Synthetic vs duplication: upper right = synthetic wins")
    ax.legend(fontsize=6, ncol=2)
    for i, r in enumerate(table["c1"]):
        o, p = r["observed"], r["prediction"]["floor"]
        sizes = np.asarray(o["sizes"], float)
        bx.errorbar(sizes + 1, np.asarray(o["mean"]) - o["all_real"], yerr=o["se"], color=f"C{i}",
                    label=f"{r['dataset']}: observed (LDA) - all real", **SIM_POINTS)
        bx.axhline(p["value"], color=f"C{i}", ls="--", lw=1.4, label=f"{r['dataset']}: predicted floor (C1)")
        bx.axhspan(p["low"], p["high"], color=f"C{i}", alpha=0.12)
    bx.set(xscale="log", xlabel="1 + N (added rows)", ylabel="balanced error - all-real error",
           title="Scaling law: floor")
    bx.legend(fontsize=7)
    return save(fig, out_dir, name)


def draw(out_dir: Path, seed: int = 0, quick: bool = False) -> list[Path]:
    data = os.environ.get("SYNTHOVER_DATA", "")
    if not data or not Path(data).is_dir():
        print("  skipped: set SYNTHOVER_DATA to the data folder (opal_v1/, scaling_law/)")
        return []
    from synthover.paper_checks.real.predict import prediction_table

    return draw_predicted_vs_observed(prediction_table(data, seed=seed, bootstrap=50 if quick else 200, quick=quick),
                                      Path(out_dir))


FIGURES = {"real_predicted_vs_observed": draw}
