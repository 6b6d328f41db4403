"""`synthover paper`: the paper's real-data experiments re-run, side by side with the authors' numbers.

    synthover paper --data DIR [--only vary-ratio|vary-additional|opal-v1] [--quick] [--out DIR] [--no-cache]

For every stored cell (``scaling_law/<ds>/results/current/*.json``, ``opal_v1/results_v1.json``) one row:
ours (mean, std over the same reps), theirs, the difference in units of their std, and whether the
ordering of the arms agrees. Differences beyond their std carry the protocol cause that explains them
(docs/real_data.md, with numbers). The scaling law of Experiment B is fitted as F + B m^(-gamma) and shown
beside model G's law (claim family C: gamma = 1, floor set by the generator's bias).
"""
from __future__ import annotations

import json
import math
import os
from pathlib import Path

import numpy as np

from synthover.paper_checks.fitting import weighted_least_squares
from synthover.paper_checks.params import ParameterError

ONLY = ("vary-ratio", "vary-additional", "opal-v1")
DATA_ENV = "SYNTHOVER_DATA"
GAMMA_GRID = np.round(np.arange(0.05, 4.0001, 0.01), 2)
MODEL_G_GAMMA = 1.0
BOOTSTRAP = 200


def default_cache() -> Path:
    return Path(os.environ.get("SYNTHOVER_CACHE", Path.home() / ".cache" / "synthover")) / "real"


# ------------------------------------------------------------------------------------------ scaling fit
def _fit_once(m, y) -> tuple[float, float, float, float]:
    """Least squares of y ~ F + B m^(-gamma): profile over gamma (grid), linear in (F, B) at each gamma.

    The profile's residual sum of squares at every gamma at once is rss = Syy - Sxy^2 / Sxx (centred sums,
    x = m^-gamma); the coefficients at the best gamma come from the toolkit's one fitter."""
    x = m[None, :] ** (-GAMMA_GRID[:, None])
    xc = x - x.mean(axis=1, keepdims=True)
    yc = y - y.mean()
    sxx, sxy = np.sum(xc * xc, axis=1), xc @ yc
    rss = float(yc @ yc) - sxy ** 2 / np.maximum(sxx, 1e-300)
    best = int(np.argmin(rss))
    g = float(GAMMA_GRID[best])
    fit = weighted_least_squares(np.column_stack([np.ones_like(y), m ** (-g)]), y, np.ones_like(y))
    return float(fit.coef[0]), float(fit.coef[1]), g, float(rss[best])


def scaling_fit(m, losses, seed: int = 0, bootstrap: int = BOOTSTRAP, rep_axis_sd=None) -> dict:
    """Fit loss(m) = F + B m^(-gamma) over m > 0 with 95 % intervals by resampling reps.

    losses: array (reps, len(m)) of per-rep losses (not logged); the fit is to the mean over reps. With a
    single row and `rep_axis_sd` (the authors' stored std of each point over their reps), the intervals
    come from a parametric resampling of the means instead (normal, sd / sqrt(reps - 1)).
    """
    m = np.asarray(m, float)
    losses = np.atleast_2d(np.asarray(losses, float))
    keep = m > 0
    m, losses = m[keep], losses[:, keep]
    if len(m) < 4:
        raise ParameterError(f"scaling fit needs at least 4 values of m > 0 (got {len(m)})")
    F, B, gamma, rss = _fit_once(m, losses.mean(axis=0))
    rng = np.random.default_rng(seed)
    draws = []
    for _ in range(bootstrap):
        if rep_axis_sd is None:
            sample = losses[rng.integers(0, len(losses), len(losses))].mean(axis=0)
        else:
            sample = losses[0] + rng.normal(size=len(m)) * np.asarray(rep_axis_sd, float)[keep]
        draws.append(_fit_once(m, sample)[:3])
    draws = np.array(draws)
    lo, hi = np.percentile(draws, [2.5, 97.5], axis=0)
    return {"F": F, "B": B, "gamma": gamma, "rss": rss, "F_ci": [float(lo[0]), float(hi[0])],
            "gamma_ci": [float(lo[2]), float(hi[2])], "gamma_at_bound": bool(gamma in (GAMMA_GRID[0], GAMMA_GRID[-1])),
            "model_g_gamma": MODEL_G_GAMMA,
            "model_g_gamma_in_ci": bool(lo[2] <= MODEL_G_GAMMA <= hi[2]), "m": [float(x) for x in m]}


# ------------------------------------------------------------------------------------------ side by side
CAUSES = {
    "gini": "the stored file was made with a gini forest (criterion left at its default), ours uses entropy as the protocol says",
    "weighted_rf": "sample-weighted random forest: scikit-learn >= 1.4 changed how weights enter the forest (the authors ran 1.3.2)",
    "baseline_rows": "SMOTE/ADASYN/ROS rows regenerated with this imbalanced-learn from seed.csv (the authors' files are not shipped)",
    "xgb_base_score": "XGBoost >= 3 estimates base_score from the imbalanced labels differently (balanced arms are unaffected)",
    "forest_version": "random-forest draws differ across scikit-learn versions (the v1 runs predate 1.3)",
    "logistic": "statsmodels' GLM vs the exact Newton fit: identical except on (quasi-)separated seeds",
}


def _cause(row: dict) -> str | None:
    if row["experiment"] == "opal_v1":
        return "forest_version" if row["clf"] == "randomForest" else "logistic"
    if row["experiment"] == "vary_additional" and row["clf"] == "rf" and row["task"] == "imbalanced" \
            and row["metric"] == "balanced_log_cross":
        return "gini"
    if row["clf"] == "rf" and (row["arm"] == "bal+aug" or row["experiment"] == "vary_additional"):
        return "weighted_rf"
    if row["method"] in ("smote", "adasyn", "ros") and row["arm"] != "raw":
        return "baseline_rows"
    if row["clf"] == "xgb" and row["arm"] == "raw":
        return "xgb_base_score"
    return None


SOLVER_PRECISION = 1e-5  # relative


def _compare(ours_mean, ours_std, theirs_mean, theirs_std) -> dict:
    diff = ours_mean - theirs_mean
    scale = SOLVER_PRECISION * max(1.0, abs(theirs_mean))
    solver_equal = abs(diff) <= scale
    if theirs_std is None:
        units = None
    elif theirs_std > scale:
        units = diff / theirs_std
    else:
        units = 0.0 if solver_equal else math.copysign(math.inf, diff)
    # a single stored value (no std, e.g. the all-real line, or a std of 0 up to rounding: ratio 0 adds no
    # drawn rows, so every rep fits the same rows): agreement to the solvers' precision (xgboost works in float32; lbfgs
    # stops at tol 1e-4 on the gradient), 1e-5 relative
    within = units is None and solver_equal or units is not None and abs(units) <= 1
    return {"ours": ours_mean, "ours_std": ours_std, "theirs": theirs_mean, "theirs_std": theirs_std,
            "difference": diff, "difference_in_their_std": units, "within_their_std": bool(within)}


def scaling_side_by_side(data_dir, summaries: dict, names, experiment: str) -> list[dict]:
    """One row per stored cell of results/current of `experiment` (vary_ratio or vary_additional)."""
    from synthover.simulations.real.data import stored_scaling_law

    rows = []
    for name in names:
        for cell in stored_scaling_law(data_dir, name):
            if cell.experiment != experiment:
                continue
            method = "none" if cell.arm == "raw" else cell.method
            metric = cell.metric.replace("_log", "")
            key = (cell.experiment, name, cell.task, cell.clf, method, cell.arm, cell.index, metric)
            ours = summaries.get(key)
            row = dict(experiment=cell.experiment, dataset=name, task=cell.task, clf=cell.clf, method=cell.method,
                       arm=cell.arm, index=cell.index, metric=cell.metric)
            if ours is None:
                rows.append(row | {"status": "not re-run"})
                continue
            row |= _compare(ours["mean"], ours["std"] if cell.std is not None else None, cell.mean, cell.std)
            row["status"] = "compared"
            row["cause"] = None if row["within_their_std"] else _cause(row)
            rows.append(row)
    return rows


def orderings(rows: list[dict]) -> list[dict]:
    """Per (experiment, dataset, task, clf, metric, index): do ours and theirs order the arms the same way?"""
    groups: dict = {}
    for r in rows:
        if r.get("status") != "compared" or r["experiment"] != "vary_ratio":
            continue
        arm = "raw" if r["arm"] == "raw" else f"{r['arm']} {r['method']}"
        key = (r["experiment"], r["dataset"], r["task"], r["clf"], r["metric"], r["index"])
        groups.setdefault(key, {})[arm] = (r["ours"], r["theirs"])
    out = []
    for key, arms in sorted(groups.items(), key=lambda kv: tuple(map(str, kv[0]))):
        names = sorted(arms)
        ours = [n for n in sorted(names, key=lambda a: arms[a][0])]
        theirs = [n for n in sorted(names, key=lambda a: arms[a][1])]
        best_ours, best_theirs = ours[0], theirs[0]
        out.append(dict(zip(("experiment", "dataset", "task", "clf", "metric", "index"), key))
                   | {"ours": ours, "theirs": theirs, "same_order": ours == theirs, "same_best": best_ours == best_theirs,
                      "kendall_tau": _kendall(ours, theirs)})
    return out


def _kendall(a: list, b: list) -> float:
    pos = {x: i for i, x in enumerate(b)}
    r = [pos[x] for x in a]
    n = len(r)
    if n < 2:
        return 1.0
    s = sum(np.sign(r[j] - r[i]) for i in range(n) for j in range(i + 1, n))
    return float(s / (n * (n - 1) / 2))


# ------------------------------------------------------------------------------------------------ OPAL v1
_GEN = {"gpt4": "opal_gpt4", "smote": "smote", "dup": "dup"}


def opal_side_by_side(stored: dict | None, summary: list[dict]) -> list[dict]:
    """One row per stored cell of results_v1.json: compared with our as-run summary, or marked "not re-run"
    with the reason (CatBoost is not a dependency; a dataset or setting absent from the data folder)."""
    rows = []
    if not stored:
        return rows
    seen = set()
    for s in summary:
        if s["variant"] != "as_run":
            continue
        try:
            if s["setting"] == "imbalanced":
                where = ("imbalanced", s["dataset"], s["clf"], _GEN[s["generator"]])
            elif s["generator"] == "gpt4":
                where = ("spurious_opal_only", s["dataset"], s["clf"], s["metric"])
            else:
                continue
            theirs = stored[where[0]][where[1]][where[2]][where[3]]
        except KeyError:
            continue
        seen.add(where + (s["k"],))
        row = dict(experiment="opal_v1", dataset=s["dataset"], setting=s["setting"], generator=s["generator"],
                   clf=s["clf"], k=s["k"], metric=s["metric"], arm=s["generator"], method=s["generator"], task=s["setting"])
        row |= _compare(s["mean"], s["std"], float(theirs["mean"][s["k"]]), float(theirs["std"][s["k"]]))
        row["status"] = "compared"
        row["cause"] = None if row["within_their_std"] else _cause(row)
        rows.append(row)
    for part in ("imbalanced", "spurious_opal_only"):
        for dataset, by_clf in stored.get(part, {}).items():
            for clf, by_key in by_clf.items():
                for key, cell in by_key.items():
                    for k in range(len(cell["mean"])):
                        if (part, dataset, clf, key, k) in seen:
                            continue
                        reason = ("CatBoost is not a dependency of the toolkit" if clf == "catBoost"
                                  else "not in the data folder or the run's settings")
                        rows.append(dict(experiment="opal_v1", dataset=dataset, clf=clf, k=k, status="not re-run",
                                         setting="imbalanced" if part == "imbalanced" else "spurious",
                                         key=key, reason=reason))
    return rows


CORRECTION_STEPS = (("as_run", "all_features", "all features (flaw 1)"),
                    ("all_features", "corrected", "test copies removed / minority duplication (flaws 2-3)"),
                    ("as_run", "corrected", "all three corrections"))


def opal_corrections(summary: list[dict]) -> list[dict]:
    """Each correction's size, paired over seeds, per (dataset, setting, generator, clf, metric, k)."""
    index = {(s["dataset"], s["setting"], s["generator"], s["clf"], s["metric"], s["k"], s["variant"]): s for s in summary}
    out = []
    for (ds, setting, gen, clf, metric, k, variant), s in sorted(index.items(), key=lambda kv: tuple(map(str, kv[0]))):
        for before, after, what in CORRECTION_STEPS:
            if variant != before or (ds, setting, gen, clf, metric, k, after) not in index:
                continue
            c = index[(ds, setting, gen, clf, metric, k, after)]
            d = np.array(c["values"]) - np.array(s["values"])
            se = float(d.std(ddof=1) / math.sqrt(len(d))) if len(d) > 1 else float("nan")
            out.append(dict(dataset=ds, setting=setting, generator=gen, clf=clf, metric=metric, k=k, correction=what,
                            before=s["mean"], after=c["mean"], difference=float(d.mean()), se=se,
                            z=float(d.mean() / se) if se and se > 0 else None))
    return out


# ------------------------------------------------------------------------------------------------- run
def run(data_dir, out: Path, only=None, quick: bool = False, cache_dir: Path | None = None, show_progress: bool = True,
        roles: dict | None = None, figures: bool = True, scaling_settings=None, opal_settings=None) -> dict:
    """Run the requested parts, write paper.json and paper.md (and the figures) into `out`.

    scaling_settings / opal_settings (API only) override the full or quick settings, e.g. a subset of ratios."""
    from synthover.simulations.real import experiments_opal as opal
    from synthover.simulations.real import experiments_scaling as sc
    from synthover.simulations.real.data import datasets, stored_opal_v1
    from synthover.simulations.real.experiments import CellCache, xgboost_available

    only = list(only or ONLY)
    for part in only:
        if part not in ONLY:
            raise ParameterError(f"--only must be one of {', '.join(ONLY)} (got {part!r})")
    cache = CellCache(cache_dir)
    settings = scaling_settings or (sc.ScalingSettings.quick() if quick else sc.ScalingSettings())
    opal_settings = opal_settings or (opal.OpalSettings.quick() if quick else opal.OpalSettings())
    doc = {"data": str(data_dir), "quick": quick, "notes": [], "xgboost": xgboost_available(),
           "settings": {"scaling": repr(settings), "opal": repr(opal_settings)}}
    names = datasets(data_dir, "scaling_law")
    if not names and any(p in only for p in ("vary-ratio", "vary-additional")):
        doc["notes"].append(f"{Path(data_dir) / 'scaling_law'}: no datasets; vary-ratio and vary-additional skipped")
    side = []
    if "vary-ratio" in only and names:
        a = sc.vary_ratio(data_dir, names, settings, cache, show_progress, roles)
        doc["notes"] += a.notes
        summ = _summaries(a, ("balanced_cross", "min_cross"))
        doc["vary_ratio"] = {"summary": list(summ.values())}
        side += scaling_side_by_side(data_dir, summ, names, "vary_ratio")
    if "vary-additional" in only and names:
        b = sc.vary_additional(data_dir, names, settings, cache, show_progress, roles)
        doc["notes"] += b.notes
        summ = _summaries(b, ("balanced_cross", "min_cross"))
        doc["vary_additional"] = {"summary": list(summ.values()), "fits": additional_fits(data_dir, b, names)}
        side += scaling_side_by_side(data_dir, summ, names, "vary_additional")
    if side:
        doc["side_by_side"] = side
        doc["orderings"] = orderings(side)
    if "opal-v1" in only:
        if not datasets(data_dir, "opal_v1"):
            doc["notes"].append(f"{Path(data_dir) / 'opal_v1'}: no datasets; opal-v1 skipped")
        else:
            records, notes = opal.opal_v1(data_dir, None, opal_settings, cache, show_progress, roles)
            doc["notes"] += notes
            summary = opal.summarise(records)
            doc["opal_v1"] = {"summary": summary, "side_by_side": opal_side_by_side(stored_opal_v1(data_dir), summary),
                              "corrections": opal_corrections(summary),
                              "test_copies_removed": _copies(records)}
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "paper.json").write_text(json.dumps(_clean(doc), indent=1, sort_keys=True) + "\n")  # same bytes, cold or cached
    (out / "paper.md").write_text(to_markdown(doc))
    (out / "exceptions.md").write_text(exceptions_markdown(doc))
    doc["cache"] = {"hits": cache.hits, "computed": cache.misses, "folder": None if cache_dir is None else str(cache_dir)}
    if figures:
        from synthover.figures.real import paper_figures

        doc["figures"] = [str(p) for p in paper_figures.draw_from_document(doc, out / "figures")]
    return doc


def _copies(records):
    seen = {}
    for r in records:
        if r["variant"] == "corrected" and r["generator"] != "dup":
            seen[(r["dataset"], r["setting"], r["generator"], r["seed"])] = r["test_copies_removed"]
    return [dict(zip(("dataset", "setting", "generator", "seed"), k)) | {"removed": v} for k, v in sorted(seen.items(), key=str)]


def _summaries(run, metrics) -> dict:
    out = {}
    for metric in metrics:
        for s in run.summary(metric):
            key = (s["experiment"], s["dataset"], s["task"], s["clf"], s["method"], s["arm"], s["index"], metric)
            out[key] = s
    return out


def additional_fits(data_dir, run, names) -> list[dict]:
    """The scaling fit of Experiment B per (dataset, task, clf, metric), ours and the authors'."""
    from synthover.simulations.real.data import stored_scaling_law

    fits = []
    by_cell: dict = {}
    for r in run.records:
        if r["arm"] == "bal+aug":
            by_cell.setdefault((r["dataset"], r["task"], r["clf"]), []).append(r)
    for (ds, task, clf), recs in sorted(by_cell.items()):
        m = sorted({r["extra_rows"] for r in recs})
        reps = sorted({r["rep"] for r in recs})
        for metric in ("balanced_cross", "min_cross"):
            table = {(r["rep"], r["extra_rows"]): math.exp(r[metric]) for r in recs}
            if any((s, x) not in table for s in reps for x in m) or sum(x > 0 for x in m) < 4:
                continue
            losses = np.array([[table[(s, x)] for x in m] for s in reps])
            ours = scaling_fit(m, losses)
            stored = [c for c in stored_scaling_law(data_dir, ds) if c.experiment == "vary_additional"
                      and c.task == task and c.clf == clf and c.metric == metric.replace("_cross", "_log_cross")
                      and c.arm == "bal+aug"]
            theirs = None
            if len(stored) >= 5:
                stored.sort(key=lambda c: c.index)
                sm = [400 * c.index for c in stored]
                mean = np.exp([c.mean for c in stored])
                sd = mean * np.array([c.std for c in stored]) / math.sqrt(max(len(reps) - 1, 1))
                theirs = scaling_fit(sm, mean[None, :], rep_axis_sd=sd)
            fits.append(dict(dataset=ds, task=task, clf=clf, metric=metric, ours=ours, theirs=theirs))
    return fits


def _clean(obj):
    if isinstance(obj, dict):
        return {str(k): _clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_clean(v) for v in obj]
    if isinstance(obj, float) and not math.isfinite(obj):
        return str(obj)
    if isinstance(obj, (np.floating, np.integer)):
        return _clean(obj.item())
    return obj


# -------------------------------------------------------------------------------------------- markdown
def _f(x, digits=3):
    if x is None:
        return "–"
    if isinstance(x, str):
        return x
    return "inf" if math.isinf(x) else f"{x:.{digits}f}"


def to_markdown(doc: dict) -> str:
    lines = ["# The paper's real-data experiments, re-run beside the authors' numbers", "",
             f"Data: `{doc['data']}`; quick: {doc['quick']}; xgboost installed: {doc['xgboost']}.", ""]
    lines += [f"- note: {n}" for n in doc["notes"]] + ([""] if doc["notes"] else [])
    side = doc.get("side_by_side", [])
    compared = [r for r in side if r.get("status") == "compared"]
    if side:
        lines += ["## Vary ratio and vary additional: every stored cell", "",
                  f"{len(side)} stored cells; {len(compared)} re-run; {sum(r['within_their_std'] for r in compared)} "
                  f"within one of their std; {len(side) - len(compared)} not re-run (quick mode or a skipped arm).", "",
                  "| experiment | dataset | task | clf | metric | cells | within their std | max abs(diff)/std | causes of the rest |",
                  "|---|---|---|---|---|---|---|---|---|"]
        groups: dict = {}
        for r in compared:
            groups.setdefault((r["experiment"], r["dataset"], r["task"], r["clf"], r["metric"]), []).append(r)
        for key, rs in sorted(groups.items()):
            units = [abs(r["difference_in_their_std"]) for r in rs if r["difference_in_their_std"] is not None]
            causes = sorted({r["cause"] or "unexplained" for r in rs if not r["within_their_std"]})
            lines.append("| " + " | ".join(key) + f" | {len(rs)} | {sum(r['within_their_std'] for r in rs)} | "
                         f"{_f(max(units) if units else None, 2)} | {', '.join(causes) or '–'} |")
        lines += ["", "Causes:", ""] + [f"- **{k}**: {v}" for k, v in CAUSES.items()] + [""]
        orders = doc.get("orderings", [])
        if orders:
            lines += [f"Arm ordering (vary ratio, {len(orders)} (cell, ratio) groups): same best arm in "
                      f"{sum(o['same_best'] for o in orders)}, same full order in {sum(o['same_order'] for o in orders)}, "
                      f"mean Kendall tau {np.mean([o['kendall_tau'] for o in orders]):.3f}.", ""]
    fits = doc.get("vary_additional", {}).get("fits", [])
    if fits:
        lines += ["## Scaling law of Experiment B: loss = F + B m^(-gamma)", "",
                  "Model G (claim family C): gamma = 1, floor F set by the generator's bias.", "",
                  "| dataset | task | clf | metric | gamma ours [95 % CI] | F ours [CI] | gamma theirs [CI] | F theirs | gamma = 1 in our CI |",
                  "|---|---|---|---|---|---|---|---|---|"]
        for f in fits:
            o, t = f["ours"], f["theirs"]
            lines.append(f"| {f['dataset']} | {f['task']} | {f['clf']} | {f['metric']} | {_f(o['gamma'], 2)} "
                         f"[{_f(o['gamma_ci'][0], 2)}, {_f(o['gamma_ci'][1], 2)}] | {_f(o['F'])} [{_f(o['F_ci'][0])}, {_f(o['F_ci'][1])}] | "
                         + (f"{_f(t['gamma'], 2)} [{_f(t['gamma_ci'][0], 2)}, {_f(t['gamma_ci'][1], 2)}] | {_f(t['F'])}" if t else "– | –")
                         + f" | {'yes' if o['model_g_gamma_in_ci'] else 'no'} |")
        lines.append("")
    opal = doc.get("opal_v1")
    if opal:
        rows = [r for r in opal["side_by_side"] if r["status"] == "compared"]
        skipped = [r for r in opal["side_by_side"] if r["status"] != "compared"]
        reasons = sorted({f"{r['clf']}: {r['reason']}" for r in skipped})
        lines += ["## OPAL v1 (as run) beside results_v1.json", "",
                  f"{len(opal['side_by_side'])} stored cells; {len(rows)} compared, "
                  f"{sum(r['within_their_std'] for r in rows)} within one of their std; {len(skipped)} not re-run"
                  + (f" ({'; '.join(reasons)})" if reasons else "") + ".", "",
                  "| dataset | setting | clf | cells | within their std | max abs(diff)/std |", "|---|---|---|---|---|---|"]
        groups = {}
        for r in rows:
            groups.setdefault((r["dataset"], r["setting"], r["clf"]), []).append(r)
        for key, rs in sorted(groups.items()):
            units = [abs(r["difference_in_their_std"]) for r in rs if r["difference_in_their_std"] is not None]
            lines.append("| " + " | ".join(key) + f" | {len(rs)} | {sum(r['within_their_std'] for r in rs)} | {_f(max(units) if units else None, 2)} |")
        last = [c for c in opal["corrections"] if c["k"] == max(x["k"] for x in opal["corrections"])] if opal["corrections"] else []
        if last:
            lines += ["", "### Each correction of the known flaws, at the last step k (error metric; spurious: minority)",
                      "", "| dataset | setting | generator | clf | correction | before | after | "
                      "difference (paired over seeds) | z |", "|---|---|---|---|---|---|---|---|---|"]
            for c in last:
                if c["metric"] not in ("error", "minority"):
                    continue
                lines.append(f"| {c['dataset']} | {c['setting']} | {c['generator']} | {c['clf']} | {c['correction']} | "
                             f"{_f(c['before'])} | {_f(c['after'])} | {_f(c['difference'])} ± {_f(c['se'])} | {_f(c['z'], 1)} |")
        copies = [c for c in opal["test_copies_removed"] if c["removed"]]
        if copies:
            lines += ["", "Generated rows removed as copies of the seed's test rows: " + "; ".join(
                f"{c['dataset']}/{c['setting']}/{c['generator']}/seed{c['seed']}: {c['removed']}" for c in copies) + "."]
        lines.append("")
    return "\n".join(lines) + "\n"


def exceptions_markdown(doc: dict) -> str:
    """Every re-run cell beyond one of the authors' std, one line each, with the difference and its cause
    (the authors' own values stay in their files: only differences are listed)."""
    rows = [r for r in doc.get("side_by_side", []) + doc.get("opal_v1", {}).get("side_by_side", [])
            if r.get("status") == "compared" and not r["within_their_std"]]
    lines = ["# Every cell beyond one of the authors' std, with its cause", "",
             f"Written by `synthover paper --data DATA` (`exceptions.md` beside `paper.md`); data `{doc['data']}`, "
             f"quick: {doc['quick']}. {len(rows)} cells; the difference is ours minus theirs, also in units of their std.",
             "", "Causes:", ""] + [f"- **{k}**: {v}" for k, v in CAUSES.items()] + [
             "", "| experiment | dataset | task | clf | method | arm | step | metric | difference | in their std | cause |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in sorted(rows, key=lambda r: (r["experiment"], r["dataset"], r["task"], r["clf"], str(r.get("method")),
                                         str(r.get("arm")), str(r.get("index", r.get("k"))), r["metric"])):
        units = r["difference_in_their_std"]
        lines.append(f"| {r['experiment']} | {r['dataset']} | {r['task']} | {r['clf']} | {r.get('method', '')} | "
                     f"{r.get('arm', '')} | {r.get('index', r.get('k'))} | {r['metric']} | {r['difference']:+.4f} | "
                     f"{'–' if units is None else f'{units:+.2f}'} | {r['cause'] or 'unexplained'} |")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------------------------- CLI
def add_parser(sub) -> None:
    p = sub.add_parser("paper", help="re-run the paper's real-data experiments beside the authors' numbers")
    p.add_argument("--data", type=Path, required=True, help="folder holding scaling_law/ and/or opal_v1/")
    p.add_argument("--only", nargs="+", choices=ONLY, metavar="PART", help=f"parts to run: {', '.join(ONLY)} (default all)")
    p.add_argument("--quick", action="store_true", help="2 reps, 3 x values, 10 trees")
    p.add_argument("--out", type=Path, default=Path("results") / "paper", help="output folder (default results/paper)")
    p.add_argument("--cache", type=Path, help=f"cell cache folder (default $SYNTHOVER_CACHE/real or {default_cache()})")
    p.add_argument("--no-cache", action="store_true", help="recompute every cell")
    p.add_argument("--roles", type=Path, help="JSON file {dataset: {label, minority, spurious, spurious_reference}}")
    p.add_argument("--no-figures", action="store_true", help="skip the figures")
    p.add_argument("--no-progress", action="store_true", help="hide the progress bar")


def command(args) -> int:
    roles = None
    if args.roles is not None:
        try:
            roles = json.loads(Path(args.roles).read_text())
        except (OSError, json.JSONDecodeError) as err:
            raise ParameterError(f"--roles {args.roles}: cannot be read as JSON ({type(err).__name__})") from None
        if not isinstance(roles, dict) or not all(isinstance(v, dict) for v in roles.values()):
            raise ParameterError(f"--roles {args.roles}: must map dataset names to objects of column roles")
    if not Path(args.data).is_dir():
        raise ParameterError(f"--data {args.data}: not a directory")
    os.environ[DATA_ENV] = str(args.data)
    cache = None if args.no_cache else (args.cache or default_cache())
    doc = run(args.data, args.out, args.only, args.quick, cache, not args.no_progress, roles, not args.no_figures)
    for note in doc["notes"]:
        print(f"note: {note}")
    print(f"cells computed: {doc['cache']['computed']}, read from the cache: {doc['cache']['hits']}")
    print(f"reports: {Path(args.out) / 'paper.json'}, {Path(args.out) / 'paper.md'}")
    return 0
