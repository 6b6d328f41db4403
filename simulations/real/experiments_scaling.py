"""Experiments A ("vary ratio") and B ("vary additional") of paper v2/v3, as the data notes' section 3.3
specifies the draws (source: the authors' scaling-law scripts; the protocol is theirs, the code ours).

Fixed draws (experiment seed 42): U = MAJ.sample(1000, 42); B = GMIN.sample(1000, 42); R = GMIN minus B,
in file order. For rep s in {1, 2, 6, 8, 42} (the classifier's random_state is s too):

A, i = 0..9, n = 100 i (majority:minority ratio i + 1):
    raw     = seed + U.sample(n, s)
    bal     = raw + B.sample(n, s)
    bal+aug = bal + R.sample(300, s) + GMAJ.sample(300, s)      (the 600 extra rows at weight 1/2)
B, i = 0..9, m = 400 i:
    bal = seed + U.sample(800, 42) + B.sample(800, s);  aug = bal + R.sample(m/2, s) + GMAJ.sample(m/2, s)
    (extra rows at weight 1/2); "all real": one fit (random_state 42) on pool.csv, when the file exists.

Metrics: balanced_cross and min_cross (A); ln(metric + 1e-15) per rep (B). Summaries: mean and np.std
(ddof = 0) over reps, as the authors report.
"""
from __future__ import annotations

import math
import threading
from dataclasses import dataclass, replace

import numpy as np

from synthover.simulations.real.data import TASKS, DataError, ScalingLawDataset, datasets, load_scaling_law, pandas_sample
from synthover.simulations.real.experiments import (
    METHODS,
    CellCache,
    ClassifierSpec,
    balanced_cross,
    concat,
    file_digest,
    fit_proba,
    generated_tables,
    min_cross,
    progress,
    xgboost_available,
)

REPS = (1, 2, 6, 8, 42)
LOG_FLOOR = 1e-15


@dataclass(frozen=True)
class ScalingSettings:
    """What to run. quick(): 2 reps, 3 x values, 10 trees: the tests' size."""

    reps: tuple[int, ...] = REPS
    ratio_index: tuple[int, ...] = tuple(range(10))  # A: i, ratio i + 1
    additional_index: tuple[int, ...] = tuple(range(10))  # B: i, m = 400 i
    classifiers_a: tuple[str, ...] = ("rf", "xgb")
    classifiers_b: tuple[str, ...] = ("log", "rf", "xgb")
    methods: tuple[str, ...] = METHODS
    tasks: tuple[str, ...] = TASKS
    trees: int | None = None  # None: the library default (100)
    majority_draw: int = 1000  # |U| = |B|
    augment: int = 300  # A: extra generated rows per side
    base_majority: int = 800  # B: real majority rows in the base
    step: int = 400  # B: m = step * i

    @classmethod
    def quick(cls) -> "ScalingSettings":
        return cls(reps=(1, 2), ratio_index=(0, 4, 9), additional_index=(0, 4, 9), trees=10)

    def spec(self, clf: str) -> ClassifierSpec:
        return ClassifierSpec(clf, None if clf == "log" else self.trees)


@dataclass
class Run:
    """Per-rep records plus notes (skipped arms, with the reason)."""

    records: list
    notes: list

    def summary(self, value: str) -> list[dict]:
        """Mean and np.std (ddof 0) over reps of `value`, per cell (all keys except rep and values)."""
        groups: dict = {}
        for r in self.records:
            key = tuple((k, v) for k, v in r.items() if k not in ("rep", "balanced_cross", "min_cross"))
            groups.setdefault(key, []).append(r[value])
        return [dict(k) | {"metric": value, "mean": float(np.mean(v)), "std": float(np.std(v)), "n": len(v),
                           "values": [float(x) for x in v]} for k, v in groups.items()]


class _Draws:
    """The fixed draws U, B, R of one (dataset, task, method), made once, when a cell that needs them is
    computed (never for a cached run); cells run in threads, so one lock guards the making."""

    def __init__(self, data: ScalingLawDataset, settings: ScalingSettings):
        self.data, self.s = data, settings
        self._memo: dict = {}
        self._baselines: dict = {}
        self._lock = threading.Lock()

    def get(self, task: str, method: str):
        with self._lock:
            return self._get(task, method)

    def _get(self, task: str, method: str):
        key = (task, method)
        if key not in self._memo:
            maj, gmin, gmaj = generated_tables(self.data, task, method, self._baselines)
            n = self.s.majority_draw
            for t in (maj, gmin):
                if len(t) < n:
                    raise DataError(f"{t.path}: needs at least {n} rows for the fixed draws (found {len(t)})")
            u = maj.take(pandas_sample(len(maj), n, 42))
            b_idx = pandas_sample(len(gmin), n, 42)
            rest = np.setdiff1d(np.arange(len(gmin)), b_idx)  # R: GMIN without B, in file order
            self._memo[key] = (u, gmin.take(b_idx), gmin.take(rest), gmaj)
        return self._memo[key]


def _score(data, task, spec, rs, tables, weights):
    X, y, w = concat(tables, weights)
    test = data.test
    p = fit_proba(spec, rs, X, y, w, test.X)
    return {"balanced_cross": balanced_cross(p, test.y), "min_cross": min_cross(p, test.y, data.minority_rows(task, test))}


def _sample(t, n, rs):
    if n > len(t):
        raise DataError(f"{t.path}: needs {n} rows for this draw (found {len(t)})")
    return t.take(pandas_sample(len(t), n, rs))


def _inputs(data: ScalingLawDataset, task: str, method: str) -> str:
    stems = ["seed", "test"] + (["pool_y0", "pool_y1", "great_y0", "great_y1"] if task == "imbalanced"
                                else ["pool_sy_mismatch", "great_sy_match", "great_sy_mismatch"])
    if method != "great":
        stems = [s for s in stems if not s.startswith("great")]
    return file_digest(data.root / f"{s}.csv" for s in stems) + repr(data.roles)


def _classifiers(wanted, notes):
    out = []
    for clf in wanted:
        if clf == "xgb" and not xgboost_available():
            note = "xgb skipped: xgboost is not installed (pip install 'synthover[xgboost]')"
            if note not in notes:
                notes.append(note)
            continue
        out.append(clf)
    return out


def _datasets(data_dir, names, roles):
    names = names or datasets(data_dir, "scaling_law")
    return [load_scaling_law(data_dir, n, (roles or {}).get(n)) for n in names]


def vary_ratio(data_dir, names=None, settings: ScalingSettings = ScalingSettings(), cache: CellCache | None = None,
               show_progress: bool = True, roles: dict | None = None) -> Run:
    """Experiment A: records {experiment, dataset, task, clf, method, arm, index, rep, balanced_cross, min_cross}."""
    cache = cache or CellCache(None)
    notes: list = []
    clfs = _classifiers(settings.classifiers_a, notes)
    loaded = _datasets(data_dir, names, roles)
    tasks = [(d, t) for d in loaded for t in settings.tasks if t == "imbalanced" or d.roles.spurious is not None]
    for d in loaded:
        if "spurious" in settings.tasks and d.roles.spurious is None:
            notes.append(f"{d.name}: spurious task skipped (no spurious attribute; name it in dataset.json)")
    cells = [(d, t, c, i, s) for d, t in tasks for c in clfs for i in settings.ratio_index for s in settings.reps]
    draws_of = {d.name: _Draws(d, settings) for d in loaded}
    jobs, labels = [], []
    for d, task, clf, i, rep in cells:
        draws, spec, n = draws_of[d.name], settings.spec(clf), 100 * i
        base = dict(experiment="vary_ratio", dataset=d.name, task=task, clf=clf, index=i, rep=rep)

        def raw_cell(d=d, task=task, spec=spec, rep=rep, n=n, draws=draws):
            u, *_ = draws.get(task, "great")
            return _score(d, task, spec, rep, [d.seed, _sample(u, n, rep)], None)

        jobs.append((cache.key(cell="A-raw", inputs=_inputs(d, task, "none"), spec=repr(spec), i=i, rep=rep, task=task,
                               draw=settings.majority_draw), raw_cell))
        labels.append(base | {"method": "none"})
        for method in settings.methods:
            def method_cell(d=d, task=task, spec=spec, rep=rep, n=n, draws=draws, method=method):
                u, b, r, gmaj = draws.get(task, method)
                raw = [d.seed, _sample(u, n, rep)]
                bal = raw + [_sample(b, n, rep)]
                aug = bal + [_sample(r, settings.augment, rep), _sample(gmaj, settings.augment, rep)]
                return {"bal": _score(d, task, spec, rep, bal, None),
                        "bal+aug": _score(d, task, spec, rep, aug, [1] * len(bal) + [0.5, 0.5])}

            jobs.append((cache.key(cell="A-method", inputs=_inputs(d, task, method), method=method, spec=repr(spec),
                                   i=i, rep=rep, task=task, draw=settings.majority_draw, augment=settings.augment),
                         method_cell))
            labels.append(base | {"method": method})
    bar = progress(len(jobs), "vary ratio", show_progress)
    values = cache.get_or_compute_all(jobs, bar=bar)
    bar.close()
    records = []
    for label, value in zip(labels, values):
        arms = {"raw": value} if label["method"] == "none" else value  # (the cache's formats of the two cells)
        records += [label | {"arm": arm} | scores for arm, scores in arms.items()]
    return Run(records, notes)


def vary_additional(data_dir, names=None, settings: ScalingSettings = ScalingSettings(),
                    cache: CellCache | None = None, show_progress: bool = True, roles: dict | None = None) -> Run:
    """Experiment B (GReaT rows): records with ln(loss + 1e-15); arm "bal+aug" per i, "all_real" once."""
    cache = cache or CellCache(None)
    notes: list = []
    clfs = _classifiers(settings.classifiers_b, notes)
    loaded = _datasets(data_dir, names, roles)
    tasks = [(d, t) for d in loaded for t in settings.tasks if t == "imbalanced" or d.roles.spurious is not None]
    cells = [(d, t, c, i, s) for d, t in tasks for c in clfs for i in settings.additional_index for s in settings.reps]
    cells += [(d, t, c, "all", 42) for d, t in tasks for c in clfs]
    draws_of = {d.name: _Draws(d, settings) for d in loaded}
    jobs, labels = [], []
    for d, task, clf, i, rep in cells:
        spec = settings.spec(clf)
        base = dict(experiment="vary_additional", dataset=d.name, task=task, clf=clf, method="great", rep=rep)
        if i == "all":
            if d.pool is None:
                note = f"{d.name}: 'all real data' line skipped (optional file {d.root / 'pool.csv'} is absent)"
                if note not in notes:
                    notes.append(note)
                continue

            def all_cell(d=d, task=task, spec=spec):
                return _score(d, task, spec, 42, [d.pool], None)

            key = cache.key(cell="B-all", inputs=file_digest([d.pool.path, d.test.path]) + repr(d.roles), spec=repr(spec), task=task)
            jobs.append((key, all_cell))
            labels.append(base | {"arm": "all_real", "index": 10})
            continue
        draws, m = draws_of[d.name], settings.step * i

        def cell(d=d, task=task, spec=spec, rep=rep, m=m, draws=draws):
            u, b, r, gmaj = draws.get(task, "great")
            bal = [d.seed, _sample(u, settings.base_majority, 42), _sample(b, settings.base_majority, rep)]
            extra = [_sample(r, m // 2, rep), _sample(gmaj, m // 2, rep)] if m else []
            return _score(d, task, spec, rep, bal + extra, [1, 1, 1] + [0.5] * len(extra))

        key = cache.key(cell="B", inputs=_inputs(d, task, "great"), spec=repr(spec), i=i, rep=rep, task=task,
                        step=settings.step, base=settings.base_majority, draw=settings.majority_draw)
        jobs.append((key, cell))
        labels.append(base | {"arm": "bal+aug", "index": i, "extra_rows": m})
    bar = progress(len(jobs), "vary additional", show_progress)
    values = cache.get_or_compute_all(jobs, bar=bar)
    bar.close()
    return Run([label | _logged(value) for label, value in zip(labels, values)], notes)


def _logged(values: dict) -> dict:
    return {k: math.log(v + LOG_FLOOR) for k, v in values.items()}


def with_reps(settings: ScalingSettings, reps) -> ScalingSettings:
    return replace(settings, reps=tuple(reps))
