"""Predict from a generator's rows with model G, then check the predictions on the same data.

Stage 1, predictions (before any outcome is measured): for every cell dataset x generator x task, the
bridge (simulations/real/bridge.py) estimates d, s, delta_par, ||delta_perp||, sigma_syn from the rows
(with bootstrap replicates), and the theory is evaluated on them:
  A4 (theory/model_g/oversampling_cases.py): the advantage R(duplication) - R(synthetic), both arms
     balanced, to leading order (sigma_syn = 1):
       (s phi(s)/8)[(1/n1 - 1/n0)((d-1)/s^2 + 1) - alpha^2 (delta_perp^2/s^2 + delta_par^2)],
     alpha = (n0 - n1)/n0, at the experiment's n0, n1. Predicted winner: its sign, called only when
     the bootstrap 95 % interval of the advantage excludes 0 ("undecided" otherwise). Every predicted
     number is bootstrap bias-corrected (the plug-in ||delta_perp||^2 carries the rows' noise).
  C1/C2 (theory/model_g/scaling_law.py): the floor F = lim_N E R_bal - Phi(-s), the upturn
     (c1 < 0: the curve approaches its floor from below, so it turns up) and N* (when it turns up).
Stage 2, outcomes (measured, never computed from a formula): the balanced test error of model G's
plug-in LDA in the whitened coordinates (the estimator the theory is about), and of a logistic
regression and a random forest beside it, on each arm, over the data's seeds.
Stage 3, the comparison: predicted vs observed winner, predicted vs fitted floor, the hit rate, and
for every miss the measured departures of the table from model G (bridge.diagnostics).

Cells. opal_v1 (GPT-4 and SMOTE rows, imbalanced setting; our arms, not the authors' flawed dup file):
n1 = 10 real minority rows, n0 = the majority rows of train.csv; duplication = each minority row copied
to balance; synthetic = the generator's first n0 - n1 minority rows in file order, after dropping the
rows that copy a test row of the seed (the audit's leakage; diabetes GPT-4 leaks 14-18 per seed);
test.csv of the seed;
the real reference = source minus that seed's test rows. scaling_law (GReaT rows, imbalanced task):
A4 at ratio 5 (seed + 400 rows of MAJ: n0 = 500, n1 = 100; draws of the authors' protocol, reps
1, 2, 6, 8, 42), and C1 on the vary-additional design (900 vs 100 real rows balanced by 800 generated
minority rows, then N rows, N/2 per class, weight 1/2). The spurious tasks belong to model S, not G.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

import numpy as np

from synthover.simulations.real import bridge
from synthover.simulations.real.audit import exact_copy_mask
from synthover.simulations.real.data import datasets, load_opal_v1, load_scaling_law, pandas_sample

REPS = (1, 2, 6, 8, 42)
A4_RATIO_MAJ = 400  # scaling_law A4 cell: seed (100 + 100) + 400 majority rows -> n0 = 500, n1 = 100
C1_SIZES = (0, 400, 800, 1600, 3200, 6400, 12800)
C1_WEIGHT = 0.5
LEVEL = 0.95


# --------------------------------------------------------------------------------------------- theory
@lru_cache(maxsize=None)
def _a4_expr():
    from synthover.theory.model_g import oversampling_cases

    return oversampling_cases.derive_a4_boundary()["advantage"]


@lru_cache(maxsize=None)
def _a2_sigma_expr():
    """A2's quadratic form, duplication minus G-shift rows with sigma_syn (m = n0 - n1): A4 without
    the leading-order cut and with the generator's variance ratio."""
    from synthover.theory.model_g import oversampling, oversampling_cases

    dup = oversampling_cases.excess_duplication() + oversampling_cases.duplication_dropped_terms()
    return dup - oversampling.excess_quadratic()


@lru_cache(maxsize=None)
def _c1_exprs():
    from synthover.theory.model_g import scaling_law

    return scaling_law.floor(), scaling_law.upturn_coefficient(), scaling_law.optimal_n()


def _evaluate(expr, values: dict):
    from synthover.theory.numeric import evaluate

    return evaluate(expr, values)


def a4_advantage(est: dict, n0: int, n1: int):
    """A4's leading-order advantage R(dup) - R(syn) at the estimates (arrays allowed)."""
    return _evaluate(_a4_expr(), {"d": est["d"], "s": est["s"], "n0": n0, "n1": n1,
                                  "delta_par": est["delta_par"], "delta_perp": est["delta_perp"]})


def a2_sigma_advantage(est: dict, n0: int, n1: int):
    """A2's quadratic-form advantage with the estimated sigma_syn (arrays allowed)."""
    return _evaluate(_a2_sigma_expr(), {"d": est["d"], "s": est["s"], "n0": n0, "n1": n1, "m": n0 - n1,
                                        "delta_par": est["delta_par"], "delta_perp": est["delta_perp"],
                                        "sigma_syn": est["sigma_syn"]})


def c1_prediction(est: dict, n0: int, n1: int, w: float) -> dict:
    floor_e, c1_e, nstar_e = _c1_exprs()
    vals = {"d": est["d"], "s": est["s"], "n0": n0, "n1": n1, "w": w, "delta_par": est["delta_par"],
            "delta_perp": est["delta_perp"], "delta0_par": est.get("delta0_par", 0.0),
            "delta0_perp": est.get("delta0_perp", 0.0)}
    return {"floor": _evaluate(floor_e, vals), "c1": _evaluate(c1_e, vals), "n_star": _evaluate(nstar_e, vals)}


def _summary(point: float, reps: np.ndarray) -> dict:
    """Bootstrap bias-corrected value 2 t - mean(t*) with the basic interval [2 t - q_hi, 2 t - q_lo]
    (classic: Efron & Tibshirani 1993, ch. 10 and 13). A plug-in norm ||delta_hat||^2 is biased upward by
    the rows' noise; the correction removes that bias to first order. `plug_in` keeps t itself."""
    reps = np.asarray(reps, float)
    reps = reps[np.isfinite(reps)]
    if not reps.size:
        return {"value": float(point), "low": math.nan, "high": math.nan, "plug_in": float(point)}
    lo, hi = bridge.interval(reps, LEVEL)
    return {"value": float(2 * point - reps.mean()), "low": float(2 * point - hi), "high": float(2 * point - lo),
            "plug_in": float(point)}


def _estimates(real_X, real_y, syn_X, syn_y, minority, reps, seed):
    point = bridge.point_estimate(real_X, real_y, syn_X, syn_y, minority)
    boot = bridge.bootstrap(real_X, real_y, syn_X, syn_y, minority, reps, seed)
    return point, boot


def _winner(summary: dict) -> str:
    if summary["low"] > 0:
        return "synthetic"
    if summary["high"] < 0:
        return "duplication"
    return "undecided"


# ---------------------------------------------------------------------------------------------- cells
def _not_test(source, test):
    keys = {r.tobytes() for r in np.column_stack([test.X, test.y]).astype(float)}
    keep = [i for i, r in enumerate(np.column_stack([source.X, source.y]).astype(float)) if r.tobytes() not in keys]
    return source.take(keep)


def opal_a4_cells(data_dir, generators=("gpt4", "smote"), quick=False, boot=200, seed=0) -> list[dict]:
    cells = []
    for name in datasets(data_dir, "opal_v1"):
        data = load_opal_v1(data_dir, name)
        m = data.roles.minority
        seeds = data.seeds[:2] if quick else data.seeds
        for gen in generators:
            per_seed = []
            for r in seeds:
                setting = data.settings.get((r, "imbalanced"))
                if setting is None or gen not in setting.generated:
                    continue
                train, syn, test = setting.train, setting.generated[gen], data.tests[r]
                syn = syn.take(np.flatnonzero(~exact_copy_mask(syn, test)))  # leaked test rows are dropped
                ref = _not_test(data.source, test)
                n1, n0 = int(np.sum(train.y == m)), int(np.sum(train.y != m))
                used = np.flatnonzero(syn.y == m)[:n0 - n1]
                if len(used) < n0 - n1:
                    continue
                point, reps = _estimates(ref.X, ref.y, syn.X[used], syn.y[used], m, boot, seed + r)
                per_seed.append({"seed": r, "n0": n0, "n1": n1, "point": point, "reps": reps,
                                 "train": train, "syn": syn, "test": test, "ref": ref})
            if per_seed:
                cells.append({"layout": "opal_v1", "dataset": name, "generator": gen, "task": "imbalanced",
                              "minority": m, "runs": per_seed})
    return cells


def _scaling_law_imbalanced(data_dir):
    """Per scaling_law dataset, its imbalanced task: (name, data, minority, (maj, gmin, gmaj), the real reference
    rows = seed + pool)."""
    for name in datasets(data_dir, "scaling_law"):
        data = load_scaling_law(data_dir, name)
        tables = data.task_tables("imbalanced")
        ref = _union(data.seed, data.pool) if data.pool is not None else data.seed
        yield name, data, data.roles.minority, tables, ref


def _scaling_law_cell(name: str, m, **fields) -> dict:
    return {"layout": "scaling_law", "dataset": name, "generator": "great", "task": "imbalanced", "minority": m,
            **fields}


def scaling_a4_cells(data_dir, quick=False, boot=200, seed=0) -> list[dict]:
    cells = []
    for name, data, m, (maj, gmin, _), ref in _scaling_law_imbalanced(data_dir):
        U = maj.take(pandas_sample(len(maj), 1000, 42))
        B = gmin.take(pandas_sample(len(gmin), 1000, 42))
        runs = []
        for r in (REPS[:2] if quick else REPS):
            train = _union(data.seed, U.take(pandas_sample(len(U), A4_RATIO_MAJ, r)))
            n1, n0 = int(np.sum(train.y == m)), int(np.sum(train.y != m))
            syn = B.take(pandas_sample(len(B), n0 - n1, r))
            point, reps = _estimates(ref.X, ref.y, syn.X, syn.y, m, boot, seed + r)
            runs.append({"seed": r, "n0": n0, "n1": n1, "point": point, "reps": reps, "train": train, "syn": syn,
                         "test": data.test, "ref": ref})
        cells.append(_scaling_law_cell(name, m, runs=runs))
    return cells


def _union(a, b):
    from synthover.simulations.real.data import Table

    return Table(a.path, a.features, np.vstack([a.X, b.X]), np.r_[a.y, b.y])


def predict_a4(cell: dict) -> dict:
    """Stage 1 for an A4 cell: the mean over seeds of the predicted advantage, with its interval."""
    points = [a4_advantage(run["point"], run["n0"], run["n1"]) for run in cell["runs"]]
    reps = np.mean([a4_advantage(run["reps"], run["n0"], run["n1"]) for run in cell["runs"]], axis=0)
    adv = _summary(float(np.mean(points)), reps)
    sig_points = [a2_sigma_advantage(run["point"], run["n0"], run["n1"]) for run in cell["runs"]]
    sig_reps = np.mean([a2_sigma_advantage(run["reps"], run["n0"], run["n1"]) for run in cell["runs"]], axis=0)
    adv_sigma = _summary(float(np.mean(sig_points)), sig_reps)
    est = {k: _summary(np.mean([run["point"][k] for run in cell["runs"]]),
                       np.mean([run["reps"][k] for run in cell["runs"]], axis=0))
           for k in ("s", "delta_par", "delta_perp", "sigma_syn")}
    est["d"] = cell["runs"][0]["point"]["d"]
    est["perp_noise"] = float(np.mean([run["point"]["perp_noise"] for run in cell["runs"]]))
    return {"advantage": adv, "winner": _winner(adv), "advantage_sigma": adv_sigma, "winner_sigma": _winner(adv_sigma),
            "estimates": est,
            "n0": cell["runs"][0]["n0"], "n1": cell["runs"][0]["n1"]}


def observe_a4(cell: dict, seed: int, classifiers=bridge.CLASSIFIERS) -> dict:
    """Stage 2 for an A4 cell: per classifier, the mean advantage over seeds and its SE."""
    per = {c: [] for c in classifiers}
    m = cell["minority"]
    for run in cell["runs"]:
        geo = bridge.geometry(run["ref"].X, run["ref"].y)
        out = bridge.a4_outcome(run["train"].X, run["train"].y, run["syn"].X, run["syn"].y, run["test"].X,
                                run["test"].y, geo, m, seed + run["seed"], classifiers)
        for c in classifiers:
            per[c].append(out[c]["advantage"])
    return {c: {"advantage": float(np.mean(v)), "se": float(np.std(v, ddof=1) / np.sqrt(len(v))) if len(v) > 1 else math.nan,
                "per_seed": [float(x) for x in v]} for c, v in per.items()}


# ------------------------------------------------------------------------------------------------- C1
def c1_cells(data_dir, quick=False, boot=200, seed=0) -> list[dict]:
    cells = []
    for name, data, m, (maj, gmin, gmaj), ref in _scaling_law_imbalanced(data_dir):
        b_rows = pandas_sample(len(gmin), 1000, 42)
        B = gmin.take(b_rows)
        R = gmin.take(np.setdiff1d(np.arange(len(gmin)), b_rows))
        GM = gmaj.take(pandas_sample(len(gmaj), 1000, 42))
        syn = _union(B, GM)
        point, reps = _estimates(ref.X, ref.y, syn.X, syn.y, m, boot, seed)
        base = _union(data.seed, maj.take(pandas_sample(len(maj), 1000, 42)).take(np.arange(800)))
        cells.append(_scaling_law_cell(name, m, point=point, reps=reps, base=base, B=B, R=R, gmaj=gmaj, test=data.test,
                                       ref=ref, n0=int(np.sum(base.y != m)), n1=int(np.sum(base.y == m))))
    return cells


def predict_c1(cell: dict) -> dict:
    p = c1_prediction(cell["point"], cell["n0"], cell["n1"], C1_WEIGHT)
    r = c1_prediction(cell["reps"], cell["n0"], cell["n1"], C1_WEIGHT)
    floor = _summary(p["floor"], r["floor"])
    c1 = _summary(p["c1"], r["c1"])
    upturn = "yes" if c1["high"] < 0 else ("no" if c1["low"] > 0 else "undecided")
    return {"floor": floor, "c1": c1, "upturn": upturn,
            "n_star": float(p["n_star"]) if p["c1"] < 0 else None,
            "estimates": {k: _summary(cell["point"][k], cell["reps"][k])
                          for k in ("s", "delta_par", "delta_perp", "delta0_par", "delta0_perp", "sigma_syn")}}


def observe_c1(cell: dict, seed: int, quick=False) -> dict:
    """The LDA-G curve over N (mean and SE over reps), the all-real reference and the fitted floor."""
    from synthover.paper_checks.fitting import weighted_least_squares

    m = cell["minority"]
    geo = bridge.geometry(cell["ref"].X, cell["ref"].y)
    curves = []
    for r in (REPS[:2] if quick else REPS):
        bal = _union(cell["base"], cell["B"].take(pandas_sample(len(cell["B"]), 800, r)))
        curves.append(bridge.augmentation_curve(bal.X, bal.y, cell["R"].X, cell["gmaj"].X, cell["test"].X,
                                                cell["test"].y, geo, m, C1_SIZES, C1_WEIGHT, seed + r)["lda_g"])
    curves = np.asarray(curves)
    mean, se = curves.mean(axis=0), curves.std(axis=0, ddof=1) / np.sqrt(len(curves))
    all_real = bridge.arm_errors(geo, cell["ref"].X, cell["ref"].y, np.ones(len(cell["ref"])), cell["test"].X,
                                 cell["test"].y, m, seed, ("lda_g",))["lda_g"]
    n = np.asarray(C1_SIZES, float)
    big = n > 0
    fit = weighted_least_squares(np.column_stack([np.ones(big.sum()), 1 / n[big]]), mean[big],
                                 np.maximum(se[big], 1e-4))
    lo = int(np.argmin(mean))
    turns_up = bool(lo < len(mean) - 1 and mean[-1] - mean[lo] > 2 * math.hypot(se[-1], se[lo]))
    return {"sizes": list(C1_SIZES), "mean": mean.tolist(), "se": se.tolist(), "all_real": all_real,
            "fitted_limit": float(fit.coef[0]), "fitted_limit_se": float(fit.se[0]),
            "floor": float(fit.coef[0] - all_real), "turns_up": "yes" if turns_up else "no",
            "best_n": int(C1_SIZES[lo])}


# -------------------------------------------------------------------------------------------- the table
def diagnose(cell: dict) -> dict:
    run = cell["runs"][0] if "runs" in cell else cell
    return bridge.diagnostics(run["ref"].X, run["ref"].y)


def _copy_share(cell: dict) -> float:
    """Share of the generator's rows (as used) that exactly copy a row of the real reference table."""
    m = cell["minority"]
    shares = []
    for run in cell["runs"]:
        used = np.flatnonzero(run["syn"].y == m)[:run["n0"] - run["n1"]]
        shares.append(exact_copy_mask(run["syn"].take(used), run["ref"]).mean())
    return float(np.mean(shares))


def _explain_miss(row: dict) -> str:
    d = row["diagnostics"]
    reasons = []
    if d["mean_abs_skew"] > 0.5 or d["mean_abs_excess_kurtosis"] > 1:
        reasons.append(f"non-Gaussian marginals (mean |skew| {d['mean_abs_skew']:.2f}, |excess kurtosis| "
                       f"{d['mean_abs_excess_kurtosis']:.2f})")
    if abs(math.log(d["variance_ratio_1_to_0"])) > math.log(1.25):
        reasons.append(f"unequal class covariances (variance ratio {d['variance_ratio_1_to_0']:.2f})")
    if d["discrete_share"] > 0:
        reasons.append(f"{d['discrete_share']:.0%} discrete columns")
    est = row["prediction"]["estimates"]
    if abs(est["sigma_syn"]["value"] - 1) > 0.2:
        reasons.append(f"sigma_syn = {est['sigma_syn']['value']:.2f}, not 1 (A4 is stated at sigma_syn = 1)")
    if row.get("copy_share", 0) > 0.05:
        reasons.append(f"the generator copies real rows ({row['copy_share']:.0%} exact copies of the real reference): "
                       "its rows are not independent draws with a mean shift")
    if row["generator"] == "smote":
        reasons.append("SMOTE rows depend on the training rows (model G's generator is independent of them)")
    return "; ".join(reasons) or "no measured departure stands out"


def prediction_table(data_dir, seed: int = 0, bootstrap: int = 200, quick: bool = False) -> dict:
    """Stage 1 for every cell, then stage 2, then the comparison (see the module doc)."""
    a4 = opal_a4_cells(data_dir, quick=quick, boot=bootstrap, seed=seed) + scaling_a4_cells(
        data_dir, quick=quick, boot=bootstrap, seed=seed)
    c1 = c1_cells(data_dir, quick=quick, boot=bootstrap, seed=seed)
    predictions = [predict_a4(c) for c in a4]  # stage 1: no outcome has been measured yet
    c1_predictions = [predict_c1(c) for c in c1]
    rows = []
    for cell, pred in zip(a4, predictions):
        obs = observe_a4(cell, seed)
        observed = {c: ("synthetic" if o["advantage"] > 0 else "duplication" if o["advantage"] < 0 else "tie")
                    for c, o in obs.items()}
        row = {"layout": cell["layout"], "dataset": cell["dataset"], "generator": cell["generator"],
               "task": cell["task"], "prediction": pred, "observed": obs, "observed_winner": observed,
               "hit": {c: pred["winner"] == w for c, w in observed.items()} if pred["winner"] != "undecided" else None,
               "hit_sigma": (pred["winner_sigma"] == observed["lda_g"]) if pred["winner_sigma"] != "undecided" else None,
               "diagnostics": diagnose(cell), "copy_share": _copy_share(cell)}
        row["miss_analysis"] = _explain_miss(row) if row["hit"] is not None and not row["hit"]["lda_g"] else ""
        rows.append(row)
    c1_rows = []
    for cell, pred in zip(c1, c1_predictions):
        obs = observe_c1(cell, seed, quick)
        c1_rows.append({"layout": cell["layout"], "dataset": cell["dataset"], "generator": cell["generator"],
                        "task": cell["task"], "n0": cell["n0"], "n1": cell["n1"], "prediction": pred,
                        "observed": obs, "upturn_hit": None if pred["upturn"] == "undecided" else pred["upturn"] == obs["turns_up"],
                        "diagnostics": diagnose(cell)})
    decided = [r for r in rows if r["hit"] is not None]
    hits = {c: sum(r["hit"][c] for r in decided) for c in bridge.CLASSIFIERS}
    resolved = sum(r["hit"]["lda_g"] and abs(r["observed"]["lda_g"]["advantage"]) > 2 * r["observed"]["lda_g"]["se"]
                   for r in decided)
    decided_sigma = [r for r in rows if r["hit_sigma"] is not None]
    return {"a4": rows, "c1": c1_rows, "decided": len(decided), "cells": len(rows), "hits": hits,
            "decided_sigma": len(decided_sigma), "resolved_hits": int(resolved), "hits_sigma": sum(r["hit_sigma"] for r in decided_sigma),
            "seed": seed, "bootstrap": bootstrap, "quick": quick}


# ------------------------------------------------------------------------------------------- the report
def _nstar(value) -> str:
    return "–" if value is None else f"{value:.0f}"


def _ci(s: dict, digits=3) -> str:
    return f"{s['value']:.{digits}f} [{s['low']:.{digits}f}, {s['high']:.{digits}f}]"


def to_markdown(table: dict) -> str:
    lines = ["# Predictions from the generators' rows, checked on the data", "",
             "Predicted before any outcome was measured (model G, A4 at the data's n0, n1; C1/C2), then checked "
             "with model G's plug-in LDA in whitened coordinates (lda_g), with a logistic regression and a random "
             "forest beside it. Advantage = R_bal(duplication) - R_bal(synthetic), mean over seeds; "
             "intervals: 95 % bootstrap (predictions) and ± SE over seeds (observations).", "",
             f"**Hit rate (lda_g): {table['hits']['lda_g']} of {table['decided']} decided cells** "
             f"({table['cells'] - table['decided']} of {table['cells']} cells undecided: the predicted margin's interval "
             f"contains 0); a hit is the sign of the mean over seeds, and {table['resolved_hits']} of the hits are "
             f"resolved beyond 2 SE. Logistic: {table['hits']['logistic']}/{table['decided']}; forest: "
             f"{table['hits']['forest']}/{table['decided']}. With A2's quadratic form at the measured sigma_syn "
             f"(no leading-order cut): {table['hits_sigma']} of {table['decided_sigma']} decided cells (lda_g).", "",
             "| dataset | generator | n0/n1 | s | delta_par | delta_perp | sigma_syn | predicted advantage (A4) | winner | "
             "A2 with sigma_syn | observed lda_g | logistic | forest | hit |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in table["a4"]:
        p, o, e = r["prediction"], r["observed"], r["prediction"]["estimates"]
        hit = "–" if r["hit"] is None else ("yes" if r["hit"]["lda_g"] else "**no**")
        lines.append(f"| {r['dataset']} | {r['generator']} | {p['n0']}/{p['n1']} | {e['s']['value']:.2f} | "
                     f"{e['delta_par']['value']:.2f} | {e['delta_perp']['value']:.2f} | {e['sigma_syn']['value']:.2f} | "
                     f"{_ci(p['advantage'])} | {p['winner']} | {_ci(p['advantage_sigma'])} ({p['winner_sigma']}) | "
                     + " | ".join(f"{o[c]['advantage']:+.3f} ± {o[c]['se']:.3f}" for c in bridge.CLASSIFIERS)
                     + f" | {hit} |")
    misses = [r for r in table["a4"] if r["miss_analysis"]]
    lines += ["", "## Misses", ""] + ([f"- {r['dataset']} / {r['generator']}: {r['miss_analysis']}." for r in misses]
                                     or ["- none among the decided cells."])
    lines += ["", "## C1/C2: floor, upturn, N* (GReaT rows, vary-additional design, weight 1/2)", "",
              "| dataset | n0/n1 | predicted floor | fitted floor (lim - all real) | predicted upturn | observed | N* | best observed N |",
              "|---|---|---|---|---|---|---|---|"]
    for r in table["c1"]:
        p, o = r["prediction"], r["observed"]
        lines.append(f"| {r['dataset']} | {r['n0']}/{r['n1']} | {_ci(p['floor'], 4)} | {o['floor']:.4f} ± "
                     f"{o['fitted_limit_se']:.4f} | {p['upturn']} | {o['turns_up']} | "
                     f"{_nstar(p['n_star'])} | {o['best_n']} |")
    lines += ["", "Departures from model G measured on the real rows (mean |skew|, |excess kurtosis| of whitened "
              "coordinates, class variance ratio, share of discrete columns):", ""]
    seen = set()
    for r in table["a4"] + table["c1"]:
        key = (r["layout"], r["dataset"])
        if key in seen:
            continue
        seen.add(key)
        d = r["diagnostics"]
        lines.append(f"- {r['layout']}/{r['dataset']}: skew {d['mean_abs_skew']:.2f}, kurtosis "
                     f"{d['mean_abs_excess_kurtosis']:.2f}, variance ratio {d['variance_ratio_1_to_0']:.2f}, "
                     f"discrete {d['discrete_share']:.0%}")
    return "\n".join(lines) + "\n"


def _jsonable(x):
    if isinstance(x, dict):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_jsonable(v) for v in x]
    if isinstance(x, (np.floating, np.integer, np.bool_)):
        return x.item()
    return x


def write_prediction_report(data_dir, out, seed: int = 0, bootstrap: int = 200, quick: bool = False) -> list[Path]:
    from synthover.figures.real.bridge import draw_predicted_vs_observed

    table = prediction_table(data_dir, seed=seed, bootstrap=bootstrap, quick=quick)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "predictions.json").write_text(json.dumps(_jsonable(table), indent=1, sort_keys=True) + "\n")
    (out / "predictions.md").write_text(to_markdown(table))
    return [out / "predictions.md", out / "predictions.json"] + draw_predicted_vs_observed(table, out)
