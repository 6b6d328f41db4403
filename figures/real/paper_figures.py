"""The paper's real-data figures, each drawn twice: from the authors' stored numbers and from our re-run.

- vary ratio (Experiment A): six curves (raw; LLM balance; LLM balance + augment; SMOTE; ADASYN; ROS)
  with +-std bars, per dataset x task x metric, one row per classifier;
- vary additional (Experiment B): ln loss against ln(1 + m) and loss against 1/m, with the fitted
  F + B m^(-gamma), the m = 0 level and the "all real data" line;
- ablation bars (stored ablation results; the seed-only GReaT rows behind them are not shipped, so
  this figure has no re-run panel);
- OPAL v1: test error against k, the authors' curves, ours as run, ours corrected.

They need the data: the folder comes from SYNTHOVER_DATA (set by `synthover paper --data DIR`, or by the
user before `synthover figures`). Without it every figure returns [] with a printed note, so
`synthover figures` works without the data.
"""
from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np

from synthover.figures.style import new_figure, save

DATA_ENV = "SYNTHOVER_DATA"
ARMS = (  # (label, arm, method) as the authors' plot script draws them
    ("raw", "raw", "none"),
    ("LLM balance", "bal", "great"),
    ("LLM balance + augment", "bal+aug", "great"),
    ("SMOTE", "bal", "smote"),
    ("ADASYN", "bal", "adasyn"),
    ("ROS", "bal", "ros"),
)
METRIC_LABEL = {"balanced_cross": "class-balanced log-loss", "min_cross": "minority log-loss"}


def _legend(ax, **kw):
    if ax.get_legend_handles_labels()[0]:
        ax.legend(**kw)


def _empty_note(ax, text="no stored numbers for this cell"):
    if not ax.lines and not ax.collections and not ax.patches:
        ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", fontsize=8)


def data_dir() -> Path | None:
    value = os.environ.get(DATA_ENV, "")
    return Path(value) if value and Path(value).is_dir() else None


def _no_data(name: str) -> list[Path]:
    print(f"note: figure {name} skipped: it needs the authors' data (set {DATA_ENV} or run synthover paper --data DIR)")
    return []


# ------------------------------------------------------------------------------------------- vary ratio
def _series_ratio(summary, stored, ds, task, clf, metric):
    ours, theirs = {}, {}
    for label, arm, method in ARMS:
        o = sorted((s["index"], s["mean"], s["std"]) for s in summary if s["dataset"] == ds and s["task"] == task
                   and s["clf"] == clf and s["metric"] == metric and s["arm"] == arm and s["method"] == method)
        t = sorted((c.index, c.mean, c.std) for c in stored if c.dataset == ds and c.task == task and c.clf == clf
                   and c.metric == metric and c.arm == arm and c.experiment == "vary_ratio"
                   and (c.method == method or (arm == "raw" and c.method == "great")))
        if o:
            ours[label] = np.array(o).T
        if t:
            theirs[label] = np.array(t).T
    return ours, theirs


def draw_vary_ratio(summary: list[dict], stored: list, out: Path) -> list[Path]:
    paths = []
    keys = sorted({(s["dataset"], s["task"], s["metric"]) for s in summary})
    for ds, task, metric in keys:
        clfs = sorted({s["clf"] for s in summary if s["dataset"] == ds and s["task"] == task})
        fig, axes = new_figure(len(clfs), 2, figsize=(10, 3.4 * len(clfs)), squeeze=False, sharey="row")
        for row, clf in enumerate(clfs):
            ours, theirs = _series_ratio(summary, stored, ds, task, clf, metric)
            for col, (series, who) in enumerate(((theirs, "authors' stored numbers"), (ours, "our re-run"))):
                ax = axes[row][col]
                for label, (i, mean, std) in series.items():
                    ax.errorbar(i + 1, mean, yerr=std, marker="o", ms=3, capsize=2, lw=1, label=label)
                ax.set_title(f"{ds} · {task} · {clf} — {who}", fontsize=9)
                ax.set_xlabel("majority : minority ratio")
                ax.set_ylabel(METRIC_LABEL[metric] + " (mean ± std)")
                _empty_note(ax)
            for ax in axes[row]:
                _legend(ax, fontsize=7)
        paths += save(fig, out, f"real_vary_ratio_{ds}_{task}_{metric}")
    return paths


# -------------------------------------------------------------------------------------- vary additional
def _fit_curve(fit, m):
    return fit["F"] + fit["B"] * m ** (-fit["gamma"])


def draw_vary_additional(summary: list[dict], stored: list, fits: list[dict], out: Path) -> list[Path]:
    paths = []
    keys = sorted({(s["dataset"], s["task"], s["metric"]) for s in summary})
    for ds, task, metric in keys:
        clfs = sorted({s["clf"] for s in summary if s["dataset"] == ds and s["task"] == task})
        fig, axes = new_figure(2, 2, figsize=(10, 7.5), squeeze=False)
        for col, who in enumerate(("authors' stored numbers", "our re-run")):
            for n, clf in enumerate(clfs):
                color = f"C{n}"
                if col == 0:
                    pts = sorted((c.index, c.mean, c.std) for c in stored if c.dataset == ds and c.task == task
                                 and c.clf == clf and c.experiment == "vary_additional" and c.arm == "bal+aug"
                                 and c.metric == metric.replace("_cross", "_log_cross"))
                    real = [c.mean for c in stored if c.dataset == ds and c.task == task and c.clf == clf
                            and c.arm == "all_real" and c.metric == metric.replace("_cross", "_log_cross")]
                else:
                    pts = sorted((s["index"], s["mean"], s["std"]) for s in summary if s["dataset"] == ds
                                 and s["task"] == task and s["clf"] == clf and s["metric"] == metric and s["arm"] == "bal+aug")
                    real = [s["mean"] for s in summary if s["dataset"] == ds and s["task"] == task and s["clf"] == clf
                            and s["metric"] == metric and s["arm"] == "all_real"]
                if not pts:
                    continue
                i, mean, std = np.array(pts).T
                m = 400 * i
                fit = next((f["theirs" if col == 0 else "ours"] for f in fits if f["dataset"] == ds and f["task"] == task
                            and f["clf"] == clf and f["metric"] == metric), None)
                top, bottom = axes[0][col], axes[1][col]
                top.errorbar(np.log1p(m), mean, yerr=std, fmt="o", ms=3, capsize=2, color=color, label=f"{clf} (points: mean ± std)")
                pos = m > 0
                loss = np.exp(mean)
                bottom.errorbar(1 / m[pos], loss[pos], yerr=loss[pos] * std[pos], fmt="o", ms=3, capsize=2, color=color,
                                label=clf)
                if fit is not None:
                    grid = np.linspace(m[pos].min(), m[pos].max(), 100)
                    curve = _fit_curve(fit, grid)
                    top.plot(np.log1p(grid), np.log(np.maximum(curve, 1e-15)), color=color, lw=1,
                             label=f"fit F + B m^-γ, γ = {fit['gamma']:.2f}")
                    bottom.plot(1 / grid, curve, color=color, lw=1)
                for ax, level in ((top, mean[0]), (bottom, loss[0])):
                    ax.axhline(level, color=color, ls="--", lw=0.8)
                if real:
                    top.axhline(real[0], color=color, ls=":", lw=1)
                    bottom.axhline(math.exp(real[0]), color=color, ls=":", lw=1)
            axes[0][col].set_title(f"{ds} · {task} — {who}\n(dashed: m = 0 level; dotted: all real data)", fontsize=9)
            axes[0][col].set_xlabel("ln(1 + m), m = extra generated rows")
            axes[0][col].set_ylabel(f"ln {METRIC_LABEL[metric]}")
            axes[1][col].set_xlabel("1 / m")
            axes[1][col].set_ylabel(METRIC_LABEL[metric])
            _legend(axes[0][col], fontsize=6)
            _empty_note(axes[0][col])
            _empty_note(axes[1][col])
        paths += save(fig, out, f"real_vary_additional_{ds}_{task}_{metric}")
    return paths


# ---------------------------------------------------------------------------------------------- ablation
def draw_ablation(data, out: Path) -> list[Path]:
    from synthover.simulations.real.data import datasets, stored_ablation

    paths = []
    for ds in datasets(data, "scaling_law"):
        docs = stored_ablation(data, ds)
        if not docs:
            continue
        fig, axes = new_figure(1, 2, figsize=(10, 3.8), squeeze=False)
        for col, task in enumerate(("imb", "spurious")):
            ax = axes[0][col]
            bars = []
            for stem, doc in docs.items():
                if not stem.endswith(f"_ablate_{task}") and not stem.endswith(f"_ablate_{task}_ind"):
                    continue
                for gen, by_clf in doc.items():
                    for clf, metrics in by_clf.items():
                        v = metrics.get("min_cross", {})
                        if "balance_base_mean" in v:
                            bars.append((f"{gen}", v["balance_base_mean"], v["balance_base_std"], v["imbalance_base_mean"]))
            if bars:
                x = np.arange(len(bars))
                ax.bar(x, [b[1] for b in bars], yerr=[b[2] for b in bars], capsize=3, color="C0", label="balanced with the generator")
                ax.axhline(bars[0][3], color="k", ls="--", lw=1, label="raw (no generated rows)")
                ax.set_xticks(x, [b[0] for b in bars], rotation=20, fontsize=7)
            ax.set_title(f"{ds} · {task} · xgb, ratio 5 — authors' stored numbers\n"
                         "(no re-run: the seed-only GReaT rows are not shipped)", fontsize=9)
            ax.set_ylabel("minority log-loss (mean ± std)")
            _legend(ax, fontsize=7)
        paths += save(fig, out, f"real_ablation_{ds}")
    return paths


# ------------------------------------------------------------------------------------------------ OPAL v1
def draw_opal(summary: list[dict], stored: dict | None, out: Path) -> list[Path]:
    paths = []
    gen_key = {"gpt4": "opal_gpt4", "smote": "smote", "dup": "dup"}
    for ds in sorted({s["dataset"] for s in summary if s["setting"] == "imbalanced"}):
        clfs = sorted({s["clf"] for s in summary if s["dataset"] == ds})
        fig, axes = new_figure(len(clfs), 3, figsize=(12, 3.3 * len(clfs)), squeeze=False, sharey="row")
        for row, clf in enumerate(clfs):
            for gi, gen in enumerate(("gpt4", "smote", "dup")):
                color = f"C{gi}"
                theirs = (stored or {}).get("imbalanced", {}).get(ds, {}).get(clf, {}).get(gen_key[gen])
                if theirs:
                    k = np.arange(len(theirs["mean"]))
                    axes[row][0].errorbar(k, theirs["mean"], yerr=theirs["std"], marker="o", ms=3, capsize=2, color=color, label=gen)
                for col, variant in ((1, "as_run"), (2, "corrected")):
                    pts = sorted((s["k"], s["mean"], s["std"]) for s in summary if s["dataset"] == ds and s["clf"] == clf
                                 and s["generator"] == gen and s["variant"] == variant and s["setting"] == "imbalanced")
                    if pts:
                        k, mean, std = np.array(pts).T
                        axes[row][col].errorbar(k, mean, yerr=std, marker="o", ms=3, capsize=2, color=color, label=gen)
            for col, who in enumerate(("authors' stored numbers", "our re-run, as run", "our re-run, corrected")):
                ax = axes[row][col]
                ax.set_title(f"{ds} · imbalanced · {clf} — {who}", fontsize=8)
                ax.set_xlabel("k (generated rows = k · raw / 5)")
                ax.set_ylabel("test error (mean ± std)")
                _legend(ax, fontsize=7)
                _empty_note(ax)
        paths += save(fig, out, f"real_opal_v1_{ds}")
    return paths


# ------------------------------------------------------------------------------------------- entry points
def draw_from_document(doc: dict, out: Path) -> list[Path]:
    """Every figure from a `synthover paper` document (its summaries) and the stored numbers."""
    from synthover.simulations.real.data import datasets, stored_opal_v1, stored_scaling_law

    data = doc["data"]
    stored = [c for ds in datasets(data, "scaling_law") for c in stored_scaling_law(data, ds)]
    paths = []
    if "vary_ratio" in doc:
        paths += draw_vary_ratio(doc["vary_ratio"]["summary"], stored, out)
    if "vary_additional" in doc:
        paths += draw_vary_additional(doc["vary_additional"]["summary"], stored, doc["vary_additional"]["fits"], out)
    if datasets(data, "scaling_law"):
        paths += draw_ablation(data, out)
    if "opal_v1" in doc:
        paths += draw_opal(doc["opal_v1"]["summary"], stored_opal_v1(data), out)
    return paths


def _from_paper(part: str, name: str):
    def draw(out_dir: Path, seed: int = 0, quick: bool = False) -> list[Path]:
        data = data_dir()
        if data is None:
            return _no_data(name)
        import tempfile

        from synthover.paper_checks.real import paper

        with tempfile.TemporaryDirectory() as tmp:
            doc = paper.run(data, Path(tmp), [part], quick, paper.default_cache(), True, None, figures=False)
        from synthover.simulations.real.data import datasets, stored_opal_v1, stored_scaling_law

        stored = [c for ds in datasets(data, "scaling_law") for c in stored_scaling_law(data, ds)]
        if part == "vary-ratio":
            return draw_vary_ratio(doc.get("vary_ratio", {}).get("summary", []), stored, out_dir)
        if part == "vary-additional":
            va = doc.get("vary_additional", {"summary": [], "fits": []})
            return draw_vary_additional(va["summary"], stored, va["fits"], out_dir)
        return draw_opal(doc.get("opal_v1", {}).get("summary", []), stored_opal_v1(data), out_dir)
    return draw


def _ablation(out_dir: Path, seed: int = 0, quick: bool = False) -> list[Path]:
    data = data_dir()
    return _no_data("real_ablation") if data is None else draw_ablation(data, out_dir)


FIGURES = {
    "real_vary_ratio": _from_paper("vary-ratio", "real_vary_ratio"),
    "real_vary_additional": _from_paper("vary-additional", "real_vary_additional"),
    "real_ablation": _ablation,
    "real_opal_v1": _from_paper("opal-v1", "real_opal_v1"),
}
