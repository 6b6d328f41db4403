"""Shared machinery of the real-data experiments: classifiers, losses, baseline generators, the cell cache.

Losses (the authors' ``utils.loss``; p = ``predict_proba``, clipped to [eps, 1 - eps] with
eps = 2.2e-16 as scikit-learn's ``log_loss`` does):

    balanced_cross = 1/2 (mean_{y=0} -ln(1 - p) + mean_{y=1} -ln p)
    min_cross      = mean over minority test rows of the log-loss
                     (imbalanced: rows y = minority; spurious: rows with s = y, groups 00 and 11)

Baselines (SMOTE, ADASYN, ROS; section 3.2 of the data notes): imbalanced-learn fitted on ``seed.csv``
with ``sampling_strategy={0: 25000, 1: 25000}``, ``random_state=42``; only the new rows are kept,
shuffled (``random_state=42``) and split by label or by s = y like the GReaT rows, each part shuffled again.
"""
from __future__ import annotations

import hashlib
import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from synthover.simulations.real.data import DataError, ScalingLawDataset, Table, pandas_sample

CODE_VERSION = "real-1"  # bump when a change alters any cached number
EPS = float(np.finfo(np.float64).eps)
CLASSIFIERS = ("rf", "xgb", "log")


def xgboost_available() -> bool:
    try:
        import xgboost  # noqa: F401
    except ImportError:
        return False
    return True


FORESTS = ("rf", "rf_gini", "opal_rf")
#: Forests grow their trees on every core: the trees depend only on random_state (scikit-learn draws every
#: tree's seed before growing them), so the fitted forest is the same with any number of threads.
FIT_JOBS = -1
CELL_WORKERS = os.cpu_count() or 1  # cells computed at once (threads), when a run has several to compute


@dataclass(frozen=True)
class ClassifierSpec:
    """A classifier of the protocol. ``trees`` None = the library default (quick mode sets fewer)."""

    name: str  # rf | rf_gini | xgb | log | opal_rf | opal_logistic
    trees: int | None = None
    options: tuple = ()  # extra keyword arguments, as sorted (key, value) pairs

    def make(self, random_state: int):
        kwargs = dict(self.options)
        if self.name in ("rf", "rf_gini"):
            from sklearn.ensemble import RandomForestClassifier

            if self.trees is not None:
                kwargs["n_estimators"] = self.trees
            crit = "entropy" if self.name == "rf" else "gini"
            return RandomForestClassifier(random_state=random_state, criterion=crit, n_jobs=FIT_JOBS, **kwargs)
        if self.name == "xgb":
            if not xgboost_available():
                raise DataError("xgb: xgboost is not installed (pip install 'synthover[xgboost]')")
            from xgboost import XGBClassifier

            if self.trees is not None:
                kwargs["n_estimators"] = self.trees
            return XGBClassifier(random_state=random_state, n_jobs=1, **kwargs)
        if self.name == "log":
            from sklearn.linear_model import LogisticRegression

            return LogisticRegression(max_iter=1000, random_state=random_state, **kwargs)
        if self.name == "opal_logistic":  # statsmodels GLM, binomial, unpenalised: the exact Newton MLE
            from sklearn.linear_model import LogisticRegression

            return LogisticRegression(penalty=None, solver="newton-cholesky", max_iter=200)
        if self.name == "opal_rf":
            from sklearn.ensemble import RandomForestClassifier

            if self.trees is not None:
                kwargs["n_estimators"] = self.trees
            return RandomForestClassifier(random_state=random_state, n_jobs=FIT_JOBS, **kwargs)
        raise DataError(f"classifier must be one of {', '.join(CLASSIFIERS)} (got {self.name!r})")


def fit_proba(spec: ClassifierSpec, random_state: int, X, y, weight, X_test) -> np.ndarray:
    """p(y = 1 | x) on the test rows after fitting (with sample weights when `weight` is not None)."""
    import warnings

    model = spec.make(random_state)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence notes of the unscaled logistic fits (as the authors ran)
        if weight is None:
            model.fit(X, y)
        else:
            model.fit(X, y, sample_weight=weight)
        if spec.name in FORESTS:
            model.set_params(n_jobs=1)  # threads would add the trees' votes in a varying order: bytes would differ
        proba = model.predict_proba(X_test)
    classes = list(model.classes_)
    return proba[:, classes.index(1)] if 1 in classes else np.zeros(len(X_test))


def log_losses(p1: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Per-row log-loss -ln p(y | x), probabilities clipped to [eps, 1 - eps]."""
    p = np.clip(p1, EPS, 1 - EPS)
    return np.where(y == 1, -np.log(p), -np.log1p(-p))


def balanced_cross(p1, y) -> float:
    ll = log_losses(p1, y)
    return float(0.5 * (ll[y == 0].mean() + ll[y == 1].mean()))


def min_cross(p1, y, minority_mask) -> float:
    return float(log_losses(p1[minority_mask], y[minority_mask]).mean())


# --------------------------------------------------------------------------------------------- baselines
BASELINES = ("smote", "adasyn", "ros")
METHODS = ("great",) + BASELINES


def baseline_rows(data: ScalingLawDataset, method: str, per_class: int = 25_000) -> dict[str, Table]:
    """Generated rows of a baseline, split like the GReaT files: {y0, y1, sy_match, sy_mismatch}."""
    from imblearn.over_sampling import ADASYN, SMOTE, RandomOverSampler

    sampler = {"smote": SMOTE, "adasyn": ADASYN, "ros": RandomOverSampler}[method]
    seed = data.seed
    Xr, yr = sampler(sampling_strategy={0: per_class, 1: per_class}, random_state=42).fit_resample(seed.X, seed.y)
    new = Table(seed.path.with_name(f"{method}_rows"), seed.features, np.asarray(Xr[len(seed):], float),
                np.asarray(yr[len(seed):], np.int64))
    new = new.take(pandas_sample(len(new), len(new), 42))
    parts = {"y0": new.y == 0, "y1": new.y == 1}
    if data.roles.spurious is not None:
        match = data.roles.attribute(new) == new.y
        parts.update(sy_match=match, sy_mismatch=~match)
    out = {}
    for name, mask in parts.items():
        part = new.take(np.flatnonzero(mask))
        out[name] = part.take(pandas_sample(len(part), len(part), 42))
    return out


def generated_tables(data: ScalingLawDataset, task: str, method: str, cache: dict | None = None) -> tuple[Table, Table, Table]:
    """(MAJ, GMIN, GMAJ) for a method: GReaT's files, or a baseline's rows made from seed.csv."""
    maj, gmin, gmaj = data.task_tables(task)
    if method == "great":
        return maj, gmin, gmaj
    if method not in BASELINES:
        raise DataError(f"method must be one of {', '.join(METHODS)} (got {method!r})")
    key = (str(data.root), method)
    rows = cache.get(key) if cache is not None else None
    if rows is None:
        rows = baseline_rows(data, method)
        if cache is not None:
            cache[key] = rows
    m = data.roles.minority
    if task == "imbalanced":
        return maj, rows[f"y{m}"], rows[f"y{1 - m}"]
    return maj, rows["sy_match"], rows["sy_mismatch"]


def concat(tables, weights=None) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Row-bind tables in order; `weights` gives one weight per table (None: all 1, no weight array)."""
    X = np.concatenate([t.X for t in tables])
    y = np.concatenate([t.y for t in tables])
    if weights is None or all(w == 1 for w in weights):
        return X, y, None
    return X, y, np.concatenate([np.full(len(t), float(w)) for t, w in zip(tables, weights)])


# ------------------------------------------------------------------------------------------------ cache
def file_digest(paths) -> str:
    """md5 over the bytes of the input files (cached per path, size and mtime)."""
    h = hashlib.md5()
    for p in sorted(map(str, paths)):
        h.update(_one_digest(p, *_stat(p)).encode())
    return h.hexdigest()


def _stat(p: str):
    st = os.stat(p)
    return st.st_size, st.st_mtime_ns


_DIGESTS: dict = {}


def _one_digest(path: str, size: int, mtime: int) -> str:
    key = (path, size, mtime)
    if key not in _DIGESTS:
        _DIGESTS[key] = hashlib.md5(Path(path).read_bytes()).hexdigest()
    return _DIGESTS[key]


class CellCache:
    """One JSON file per cell under `folder`, named by the hash of (inputs, code version, settings).

    folder None: no caching. A re-run of a finished cell reads its file instead of fitting."""

    def __init__(self, folder: Path | None):
        self.folder = None if folder is None else Path(folder)
        self.hits = 0
        self.misses = 0

    @staticmethod
    def key(**parts) -> str:
        text = json.dumps({"code": CODE_VERSION, **parts}, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:32]

    def _path(self, key: str) -> Path | None:
        return None if self.folder is None else self.folder / key[:2] / f"{key}.json"

    def _read(self, key: str):
        path = self._path(key)
        if path is not None and path.is_file():
            try:
                return json.loads(path.read_text())
            except json.JSONDecodeError:
                pass
        return None

    def _write(self, key: str, value) -> None:
        path = self._path(key)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{threading.get_ident()}.tmp")
            tmp.write_text(json.dumps(value, sort_keys=True))
            tmp.replace(path)

    def get_or_compute(self, key: str, compute):
        return self.get_or_compute_all([(key, compute)], workers=1)[0]

    def get_or_compute_all(self, jobs, workers: int = CELL_WORKERS, bar=None) -> list:
        """The values of jobs [(key, compute)], in order: read from the cache, or computed in `workers` threads
        (a cell is a pure function of its inputs and seeds, so values do not depend on the order; the fits
        release the GIL). `bar` (tqdm) advances once per job."""
        values, todo = [None] * len(jobs), []
        for i, (key, _) in enumerate(jobs):
            values[i] = self._read(key)
            if values[i] is None:
                todo.append(i)
            else:
                self.hits += 1
                if bar is not None:
                    bar.update(1)
        if not todo:
            return values
        with ThreadPoolExecutor(max(1, min(workers, len(todo)))) as pool:
            running = {pool.submit(jobs[i][1]): i for i in todo}
            for done in as_completed(running):
                i = running[done]
                values[i] = done.result()
                self._write(jobs[i][0], values[i])
                self.misses += 1
                if bar is not None:
                    bar.update(1)
        return values


def progress(total: int, desc: str, enabled: bool = True):
    import sys

    from tqdm import tqdm

    return tqdm(total=total, desc=desc, file=sys.stderr, disable=not enabled, leave=False, unit="cell")
