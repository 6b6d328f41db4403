"""Claim family F: what the paper says about its real-data experiments, checked on the authors' rows.

F1  Balancing with the LLM's (GReaT) rows gives a lower minority log-loss than balancing with SMOTE,
    ADASYN or ROS rows (Experiment A, ratios 2..10).
F2  Adding generated rows (at weight 1/2) lowers the loss: ln L(m = 0) - ln L(m = 3600) > 0 (Experiment B).
F3  ... with diminishing returns: the gain of the first four steps of 400 rows exceeds that of the last four.
F4  ... down to a floor set by the generator: even with 3600 extra rows the loss stays above the loss of
    the same classifier fitted on all the real rows (the "all real data" line).

Every row is one (dataset, task, classifier[, baseline]) cell; its statistic is a difference paired over
the reps {1, 2, 6, 8, 42} (the same draws for both arms), mean and SE = sd / sqrt(reps); rule "sign" with
theory +1 (the paper's direction). Negative control: the opposite direction (-1), which the same rule
must reject. The row's effect is the same statistic computed from the authors' stored means (when the
results files are present): a row whose five reps cannot resolve the authors' own effect size at the
run's z (power < 99 %) is "inconclusive", not a failure. The numbers come from simulations/real (cached cells, shared with `synthover paper`).

Needs the data: ``needs_data=True``; without SYNTHOVER_DATA (``synthover check --data DIR``) the runner
skips these claims with a note.
"""
from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np

from synthover.paper_checks.agreement import Comparison
from synthover.paper_checks.claim import Claim, Provenance, Study
from synthover.theory.derivation import Derivation

DATA_ENV = "SYNTHOVER_DATA"
BASELINES = ("smote", "adasyn", "ros")
WHERE = "arXiv:2406.03628, real-data experiments (vary ratio / vary additional figures)"
PROVENANCE = Provenance("paper", where=WHERE,
                        added="re-run from the authors' rows; paired over reps, with a negative control",
                        published="the authors' stored result files (results/current/*.json)")


def _data() -> Path | None:
    value = os.environ.get(DATA_ENV, "")
    return Path(value) if value and Path(value).is_dir() else None


def _settings(quick: bool):
    from synthover.simulations.real.experiments_scaling import ScalingSettings

    if quick:  # all five reps (the pairing needs them), fewer x values; the forest of B left out
        return ScalingSettings(ratio_index=(1, 9), additional_index=(0, 4, 5, 9), classifiers_b=("log", "xgb"))
    return ScalingSettings()


def _cache():
    from synthover.paper_checks.real.paper import default_cache
    from synthover.simulations.real.experiments import CellCache

    return CellCache(default_cache())


def _paired(values: dict, reps) -> tuple[float, float, list[float]]:
    d = np.array([values[s] for s in reps], float)
    return float(d.mean()), float(d.std(ddof=1) / math.sqrt(len(d))), [float(x) for x in d]


def _row(quantity: str, mean: float, se: float, per_rep, detail=None, effect=None) -> Comparison:
    """effect: the same statistic from the authors' stored means (their published size of the effect), which
    sets the row's power; a row whose reps cannot resolve that size is "inconclusive", not a failure. The SE
    is estimated from the five reps, so the row is judged with Student's t on 4 degrees of freedom
    (agreement.critical: z = 3.9 becomes 15.1), not the normal z."""
    return Comparison(quantity=quantity, rule="sign", theory=1.0, simulation=mean, se=se, negative_control=-1.0,
                      control="the opposite direction", effect=effect, dof=len(per_rep) - 1,
                      detail={"per_rep": per_rep, "authors_effect": effect, **(detail or {})})


def _stored(data: Path, ds: str) -> dict:
    """The authors' stored means: (experiment, task, clf, method, metric, arm, index) -> mean."""
    from synthover.simulations.real.data import stored_scaling_law

    return {(c.experiment, c.task, c.clf, c.method, c.metric, c.arm, c.index): c.mean for c in stored_scaling_law(data, ds)}


def _effect(fn):
    try:
        value = fn()
    except KeyError:
        return None
    return None if value is None or not math.isfinite(value) else float(value)


# ------------------------------------------------------------------------------------------------- F1
def f1_rows(key, quick: bool) -> list[Comparison]:
    from synthover.simulations.real.experiments_scaling import vary_ratio

    data = _data()
    if data is None:
        return []
    s = _settings(quick)
    run = vary_ratio(data, None, s, _cache(), show_progress=False)
    table = {}
    for r in run.records:
        if r["arm"] == "bal" and r["index"] >= 1:
            table.setdefault((r["dataset"], r["task"], r["clf"], r["method"], r["rep"]), []).append(r["min_cross"])
    out = []
    for ds, task, clf in sorted({k[:3] for k in table}):
        for base in BASELINES:
            if (ds, task, clf, base, s.reps[0]) not in table:
                continue
            diff = {rep: np.mean(table[(ds, task, clf, base, rep)]) - np.mean(table[(ds, task, clf, "great", rep)])
                    for rep in s.reps}
            mean, se, per = _paired(diff, s.reps)
            st = _stored(data, ds)
            idx = [i for i in s.ratio_index if i >= 1]
            eff = _effect(lambda: np.mean([st[("vary_ratio", task, clf, base, "min_cross", "bal", i)]
                                           - st[("vary_ratio", task, clf, "great", "min_cross", "bal", i)] for i in idx]))
            out.append(_row(f"{ds}/{task}/{clf}: minority loss, {base} balance - LLM balance (mean over ratios "
                            f"{', '.join(str(i + 1) for i in idx)})", mean, se, per, effect=eff))
    return out


# ---------------------------------------------------------------------------------------------- F2-F4
def _additional(quick: bool):
    from synthover.simulations.real.experiments_scaling import vary_additional

    data = _data()
    if data is None:
        return None, None
    s = _settings(quick)
    return vary_additional(data, None, s, _cache(), show_progress=False), s


def _by_cell(run):
    cells: dict = {}
    for r in run.records:
        cells.setdefault((r["dataset"], r["task"], r["clf"]), []).append(r)
    return cells


def _b_rows(quick: bool, row) -> list[Comparison]:
    """F2-F4: row(settings, (dataset, task, classifier), records, metric) per experiment-B cell and metric
    (None: no row); no rows without the data."""
    run, s = _additional(quick)
    if run is None:
        return []
    rows = (row(s, cell, recs, metric) for cell, recs in sorted(_by_cell(run).items())
            for metric in ("balanced_cross", "min_cross"))
    return [r for r in rows if r is not None]


def _bal_aug(recs, metric: str) -> dict:
    return {(r["rep"], r["index"]): r[metric] for r in recs if r["arm"] == "bal+aug"}


def _stored_b(ds: str, task: str, clf: str, metric: str):
    """The authors' stored mean (log scale) of this experiment-B cell and metric, as a function of (arm, index)."""
    st = _stored(_data(), ds)
    prefix = ("vary_additional", task, clf, "great", metric.replace("_cross", "_log_cross"))
    return lambda arm, index: st[prefix + (arm, index)]


def _paired_row(quantity: str, diff: dict, s, effect, detail=None) -> Comparison:
    """A row from per-rep differences paired over s.reps; effect: a function giving the same statistic from the
    authors' stored means."""
    mean, se, per = _paired(diff, s.reps)
    return _row(quantity, mean, se, per, detail, effect=_effect(effect))


def f2_rows(key, quick: bool) -> list[Comparison]:
    def row(s, cell, recs, metric):
        lo, hi = min(s.additional_index), max(s.additional_index)
        v, at = _bal_aug(recs, metric), _stored_b(*cell, metric)
        return _paired_row(f"{'/'.join(cell)}: ln {metric}(m={s.step * lo}) - ln {metric}(m={s.step * hi})",
                           {rep: v[(rep, lo)] - v[(rep, hi)] for rep in s.reps}, s,
                           lambda: at("bal+aug", lo) - at("bal+aug", hi))
    return _b_rows(quick, row)


def f3_rows(key, quick: bool) -> list[Comparison]:
    def row(s, cell, recs, metric):
        idx = sorted(s.additional_index)
        first, last = (idx[0], idx[len(idx) // 2 - 1]), (idx[len(idx) // 2], idx[-1])
        v, at = _bal_aug(recs, metric), _stored_b(*cell, metric)
        return _paired_row(
            f"{'/'.join(cell)}: gain of m {s.step * first[0]}->{s.step * first[1]} minus gain of "
            f"{s.step * last[0]}->{s.step * last[1]} ({metric}, log scale)",
            {rep: (v[(rep, first[0])] - v[(rep, first[1])]) - (v[(rep, last[0])] - v[(rep, last[1])]) for rep in s.reps},
            s, lambda: (at("bal+aug", first[0]) - at("bal+aug", first[1])) - (at("bal+aug", last[0]) - at("bal+aug", last[1])))
    return _b_rows(quick, row)


def f4_rows(key, quick: bool) -> list[Comparison]:
    def row(s, cell, recs, metric):
        real = [r for r in recs if r["arm"] == "all_real"]
        if not real:
            return None
        hi = max(s.additional_index)
        v, at = _bal_aug(recs, metric), _stored_b(*cell, metric)
        return _paired_row(f"{'/'.join(cell)}: ln {metric}(m={s.step * hi}) - ln {metric}(all real rows)",
                           {rep: v[(rep, hi)] - real[0][metric] for rep in s.reps}, s,
                           lambda: at("bal+aug", hi) - at("all_real", 10), {"all_real": real[0][metric]})
    return _b_rows(quick, row)


# ------------------------------------------------------------------------------------------------ claims
def _explain(title: str, steps: list[tuple[str, str]]):
    def explain() -> Derivation:
        d = Derivation(title, "paper")
        for head, text in steps:
            d.step(head, text=text)
        return d
    return explain


def _no_point(claim_id: str):
    def compare(p, key, reps):
        from synthover.paper_checks.params import ParameterError

        raise ParameterError(f"{claim_id} is checked on the authors' data, not at a parameter point: "
                             f"synthover check --claim {claim_id} --data DIR")
    return compare


_PAIRED = ("Paired statistic", "For each rep s in {1, 2, 6, 8, 42} both arms use the same draws (seed rows, real majority "
           "rows, classifier seed); d_s is their difference. Mean and SE = sd(d) / sqrt(5); rule 'sign' at the run's "
           "Bonferroni z; the negative control asserts the opposite direction.")


def _claim(cid, title, statement, rows, steps):
    return Claim(
        id=cid, title=title, statement=statement, provenance=PROVENANCE, parameters=(), compare=_no_point(cid),
        explain=_explain(title, steps + [_PAIRED]),
        studies=(Study(f"{cid} over datasets x tasks x classifiers", {"reps": "1,2,6,8,42"}, rows),),
        needs_data=True,
    )


F1 = _claim("F1", "LLM balancing beats SMOTE, ADASYN and ROS on minority loss",
            "Balancing an imbalanced (or spurious) table with the LLM's generated minority rows gives a lower minority "
            "log-loss than balancing with SMOTE, ADASYN or ROS rows, at majority:minority ratios 2 to 10.",
            f1_rows, [("Experiment A", "bal = seed + n real majority rows + n generated minority rows, n = 100 i; the "
                                       "statistic is min_cross(baseline) - min_cross(LLM), averaged over i = 1..9.")])
F2 = _claim("F2", "More synthetic rows lower the loss",
            "Adding generated rows (half minority, half majority, weight 1/2) to the balanced table lowers the test "
            "log-loss: ln L(m = 0) > ln L(m = 3600).",
            f2_rows, [("Experiment B", "aug = balanced base + m/2 generated minority + m/2 generated majority rows at "
                                       "weight 1/2; the statistic is ln L(0) - ln L(3600).")])
F3 = _claim("F3", "Diminishing returns of synthetic rows",
            "The loss decreases with diminishing returns: the gain of the first 1600 extra rows exceeds the gain of "
            "the last 1600 (2000 to 3600).",
            f3_rows, [("Experiment B", "statistic: [ln L(0) - ln L(1600)] - [ln L(2000) - ln L(3600)]; model G's law "
                                       "L = F + B/m (claim family C) predicts it positive.")])
F4 = _claim("F4", "A floor set by the generator",
            "Even 3600 extra generated rows leave the loss above that of the same classifier fitted on all the real "
            "rows: the generator's quality sets a floor (model G: the floor is the generator's bias term).",
            f4_rows, [("Experiment B", "statistic: ln L(m = 3600) - ln L(all real rows); the all-real fit uses "
                                       "random_state 42, once (the authors' reference line).")])

CLAIMS = [F1, F2, F3, F4]
