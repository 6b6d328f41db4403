"""Audit of a generator's rows against the real rows: copies, fidelity, detectability (numbers only).

Every table is a :class:`synthover.simulations.real.data.Table` (features ``X``, labels ``y``), so the
data contract (numeric columns, no missing values, labels in {0, 1}) is checked once, by the loader.
All distances are Euclidean on features standardised by the real training table (column mean and
standard deviation; a constant column keeps scale 1).

Copies (the memorisation check; our design after the distance-to-closest-record idea of the
synthetic-data privacy literature, e.g. Zhao et al. 2021, "CTAB-GAN", and SDMetrics' DCR metrics):
  exact copy      a synthetic row equal, in every feature and the label, to a row of the reference
                  table (byte equality of the float64 values, -0.0 = 0.0);
  chance rate     the leave-one-out rate of the reference table itself: the share of its rows equal to
                  another of its rows, p = #{i : x_i in T without i}/|T|. A row drawn like the real
                  rows copies a row of T with probability ~p (a coarse grid, e.g. gender, has p > 0);
  allowance       the 99 % binomial quantile of the chance count, Binomial(n_syn, p);
  leaked row      an exact copy of a test row that is no training row (a copy of a training row that
                  happens to be in the test table too is no leak); its chance rate is the share of
                  test rows equal to another test row and to no training row; the audit flags the
                  rows when the leaked count exceeds the user's K plus that rate's allowance;
  DCR             distance of each synthetic row to its closest reference row;
  baseline        the same distance for real rows that are not in the reference table (test -> train)
                  or, without a test table, leave-one-out within the training table;
  near copy       DCR <= tau, tau = the q-quantile of the baseline (q = 0.05 by default); rows drawn
                  like the real rows are near copies at the baseline's own rate P(baseline <= tau),
                  so the excess over n_syn P(baseline <= tau) is what a generator adds.
Fidelity (the SDMetrics definitions, so the numbers can be checked against it):
  KS       sup_x |F_real(x) - F_syn(x)| for a continuous column (KSComplement = 1 - KS);
  TV       (1/2) sum_v |f_real(v) - f_syn(v)| for a discrete column (<= 10 integer levels in the real
           table; TVComplement = 1 - TV);
  corr gap |r_real(j, k) - r_syn(j, k)| of the Pearson correlations (CorrelationSimilarity = 1 - gap/2).
Label consistency: a logistic regression on the real rows labels the synthetic rows; its agreement with
the generator's labels is read against the same classifier's accuracy on held-out real rows.
Detection: stratified 3-fold cross-validated ROC AUC of a classifier told to separate synthetic from
real rows (logistic regression and a random forest); 0.5 means indistinguishable.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree
from scipy.stats import binom, ks_2samp

from synthover.simulations.real.data import DataError, Table

DISCRETE_LEVELS = 10
NEAR_QUANTILE = 0.05
CHANCE_LEVEL = 0.99
DETECTION_FOLDS = 3
FOREST_TREES = 50


# ---------------------------------------------------------------------------------------------- inputs
def check_compatible(synth: Table, real: Table, test: Table | None = None) -> tuple[Table, Table | None]:
    """Align `synth` and `test` to the real table's columns; one-line DataError on any mismatch."""
    tables = [synth] + ([test] if test is not None else [])
    for t in tables:
        extra = [c for c in t.features if c not in real.features]
        missing = [c for c in real.features if c not in t.features]
        if extra or missing:
            what = f"missing {missing[0]!r}" if missing else f"extra {extra[0]!r}"
            raise DataError(f"{t.path}: columns differ from the real table {real.path} ({what}; "
                            f"real columns: {', '.join(real.features)})")
    for t in [real] + tables:
        if np.max(np.abs(t.X)) > 1e150:
            raise DataError(f"{t.path}: values up to {np.max(np.abs(t.X)):.3g}: too large to standardise (|x| <= 1e150)")
    return synth.aligned(real.features), (test.aligned(real.features) if test is not None else None)


@dataclass(frozen=True)
class Scale:
    """Standardisation by the real training table: z = (x - mean)/sd, sd = 1 for a constant column."""

    mean: np.ndarray
    sd: np.ndarray

    @classmethod
    def of(cls, X: np.ndarray) -> "Scale":
        sd = X.std(axis=0)
        return cls(X.mean(axis=0), np.where(sd > 0, sd, 1.0))

    def __call__(self, X: np.ndarray) -> np.ndarray:
        return (X - self.mean) / self.sd


# ---------------------------------------------------------------------------------------------- copies
def _row_keys(X: np.ndarray, y: np.ndarray) -> list[bytes]:
    full = np.ascontiguousarray(np.column_stack([X, y.astype(np.float64)]) + 0.0)  # -0.0 -> 0.0
    return [row.tobytes() for row in full]


def exact_copy_mask(synth: Table, ref: Table) -> np.ndarray:
    """Row i of `synth` equals (features and label) some row of `ref`."""
    keys = set(_row_keys(ref.X, ref.y))
    return np.array([k in keys for k in _row_keys(synth.X, synth.y)], dtype=bool)


def chance_copy_rate(ref: Table) -> float:
    """Leave-one-out exact-copy rate of `ref`: the share of its rows equal to another of its rows."""
    keys = _row_keys(ref.X, ref.y)
    counts: dict[bytes, int] = {}
    for k in keys:
        counts[k] = counts.get(k, 0) + 1
    return float(np.mean([counts[k] > 1 for k in keys]))


def test_only_chance_rate(test: Table, train: Table) -> float:
    """Leave-one-out rate at which a real row copies a test row that is not a training row:
    the share of test rows equal to another test row and to no training row."""
    keys = _row_keys(test.X, test.y)
    in_train = set(_row_keys(train.X, train.y))
    counts: dict[bytes, int] = {}
    for k in keys:
        counts[k] = counts.get(k, 0) + 1
    return float(np.mean([counts[k] > 1 and k not in in_train for k in keys]))


def closest_distance(query: np.ndarray, ref: np.ndarray, leave_one_out: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """(distance, index) of each query row's closest reference row (exact k-d tree search).

    Cost: building the tree O(n log n), each query ~O(log n) in low dimension (worst case O(n d))."""
    tree = cKDTree(ref)
    k = 2 if leave_one_out else 1
    dist, idx = tree.query(query, k=k, workers=1)
    if leave_one_out:
        return dist[:, 1], idx[:, 1]
    return dist, idx


def copy_summary(synth: Table, ref: Table, scale: Scale, baseline: np.ndarray, near_quantile: float) -> dict:
    """Exact and near copies of `ref`'s rows among `synth`'s rows, with chance levels (see module doc)."""
    n = len(synth)
    exact = exact_copy_mask(synth, ref)
    feature_only = exact_copy_mask(Table(synth.path, synth.features, synth.X, np.zeros_like(synth.y)),
                                   Table(ref.path, ref.features, ref.X, np.zeros_like(ref.y)))
    rate = chance_copy_rate(ref)
    allowance = int(binom.ppf(CHANCE_LEVEL, n, rate)) if rate > 0 else 0
    dcr, nearest = closest_distance(scale(synth.X), scale(ref.X))
    tau = float(np.quantile(baseline, near_quantile))
    base_rate = float(np.mean(baseline <= tau))
    near = dcr <= tau
    expected_near = n * base_rate
    return {
        "reference_rows": len(ref),
        "exact_copies": int(exact.sum()),
        "exact_copies_share": float(exact.mean()),
        "feature_copies": int(feature_only.sum()),
        "chance_rate": rate,
        "expected_by_chance": n * rate,
        "chance_allowance": allowance,
        "excess_exact_copies": int(max(0, exact.sum() - allowance)),
        "near_threshold": tau,
        "near_copies": int(near.sum()),
        "near_expected": expected_near,
        "near_excess": float(near.sum() - expected_near),
        "near_excess_sd": float(np.sqrt(n * base_rate * (1 - base_rate))),
        "nearest_label_agrees": float(np.mean(ref.y[nearest] == synth.y)),
        "dcr_median": float(np.median(dcr)),
        "baseline_median": float(np.median(baseline)),
        "_dcr": dcr,
        "_exact": exact,
    }


# -------------------------------------------------------------------------------------------- fidelity
def is_discrete(values: np.ndarray) -> bool:
    levels = np.unique(values)
    return len(levels) <= DISCRETE_LEVELS and bool(np.all(levels == np.round(levels)))


def ks_distance(real: np.ndarray, synth: np.ndarray) -> float:
    return float(ks_2samp(real, synth).statistic)


def tv_distance(real: np.ndarray, synth: np.ndarray) -> float:
    levels = np.union1d(np.unique(real), np.unique(synth))
    f_real = np.array([np.mean(real == v) for v in levels])
    f_syn = np.array([np.mean(synth == v) for v in levels])
    return float(0.5 * np.abs(f_real - f_syn).sum())


def column_distances(synth: Table, real: Table) -> list[dict]:
    """One row per feature: the kind (discrete/continuous), the metric (TV/KS) and its distance."""
    out = []
    for j, name in enumerate(real.features):
        r, s = real.X[:, j], synth.X[:, j]
        if is_discrete(r):
            out.append({"column": name, "kind": "discrete", "metric": "TV", "distance": tv_distance(r, s)})
        else:
            out.append({"column": name, "kind": "continuous", "metric": "KS", "distance": ks_distance(r, s)})
    return out


def correlation_matrix(X: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.corrcoef(X, rowvar=False) if X.shape[0] > 1 else np.full((X.shape[1],) * 2, np.nan)


def correlation_gap(synth: Table, real: Table) -> dict:
    """|r_real - r_syn| over feature pairs (pairs with a constant column are left out)."""
    gap = np.abs(correlation_matrix(real.X) - correlation_matrix(synth.X))
    upper = gap[np.triu_indices(gap.shape[0], k=1)]
    upper = upper[np.isfinite(upper)]
    if upper.size == 0:
        return {"pairs": 0, "max_gap": float("nan"), "mean_gap": float("nan"), "similarity": float("nan"),
                "_matrix": gap}
    return {"pairs": int(upper.size), "max_gap": float(upper.max()), "mean_gap": float(upper.mean()),
            "similarity": float(np.mean(1 - upper / 2)), "_matrix": gap}


# ------------------------------------------------------------------------------------------ classifiers
def _logistic():
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))


def label_consistency(synth: Table, real: Table, test: Table | None, seed: int) -> dict:
    """Agreement of a real-trained logistic regression with the synthetic labels, per class.

    Reference: the same classifier's accuracy on the test rows, or its 5-fold cross-validated accuracy
    on the real rows when no test table is given."""
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    clf = _logistic().fit(real.X, real.y)
    pred = clf.predict(synth.X)
    per_class = {str(c): float(np.mean(pred[synth.y == c] == c)) if np.any(synth.y == c) else None for c in (0, 1)}
    if test is not None:
        reference, how = float(np.mean(clf.predict(test.X) == test.y)), "test accuracy"
    else:
        folds = min(5, int(np.bincount(real.y, minlength=2).min()))
        if folds >= 2:
            cv = StratifiedKFold(folds, shuffle=True, random_state=seed)
            reference, how = float(cross_val_score(_logistic(), real.X, real.y, cv=cv).mean()), f"{folds}-fold CV accuracy"
        else:
            reference, how = float("nan"), "too few rows per class"
    return {"agreement": float(np.mean(pred == synth.y)), "per_class": per_class,
            "real_reference": reference, "reference_kind": how}


def detection_auc(synth: Table, real: Table, seed: int) -> dict:
    """Cross-validated ROC AUC of separating synthetic (1) from real (0) rows; 0.5 = indistinguishable."""
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import StratifiedKFold

    X = np.vstack([real.X, synth.X])
    z = np.r_[np.zeros(len(real)), np.ones(len(synth))].astype(int)
    folds = min(DETECTION_FOLDS, len(real), len(synth))
    if folds < 2:
        return {"logistic": float("nan"), "forest": float("nan"), "folds": folds}
    cv = StratifiedKFold(folds, shuffle=True, random_state=seed)
    out = {}
    for name, make in (("logistic", _logistic),
                       ("forest", lambda: RandomForestClassifier(FOREST_TREES, random_state=seed, n_jobs=1))):
        aucs = []
        for train, held in cv.split(X, z):
            model = make().fit(X[train], z[train])
            aucs.append(roc_auc_score(z[held], model.predict_proba(X[held])[:, 1]))
        out[name] = float(np.mean(aucs))
    out["folds"] = folds
    return out


# ------------------------------------------------------------------------------------------- the audit
def binary_attribute(values: np.ndarray, reference: float) -> np.ndarray:
    """s = 1[a > min a] with the minimum taken over the real table (the data contract's rule)."""
    return (values > reference).astype(np.int64)


def _mask(t: Table, m: np.ndarray) -> Table:
    return t.take(np.flatnonzero(m))


def _group_stats(synth: Table, real: Table, test: Table | None, scale: Scale, baseline: np.ndarray,
                 near_quantile: float) -> dict:
    out = {"synthetic_rows": len(synth), "real_rows": len(real)}
    if len(synth) == 0 or len(real) == 0:
        return out
    tr = copy_summary(synth, real, scale, baseline, near_quantile)
    out.update(exact_copies_train=tr["exact_copies"], near_copies_train=tr["near_copies"])
    if test is not None and len(test):
        out["exact_copies_test"] = int(exact_copy_mask(synth, test).sum())
    cols = column_distances(synth, real) if len(real) > 1 and len(synth) > 1 else []
    out["mean_column_distance"] = float(np.mean([c["distance"] for c in cols])) if cols else float("nan")
    return out


def audit(synth: Table, real: Table, test: Table | None = None, attribute: str | None = None,
          near_quantile: float = NEAR_QUANTILE, seed: int = 0, detection: bool = True) -> dict:
    """The whole audit as a plain dict (JSON-ready once keys starting with "_" are dropped)."""
    if not 0 < near_quantile < 1:
        raise DataError(f"near quantile must be in (0, 1) (got {near_quantile!r})")
    synth, test = check_compatible(synth, real, test)
    if attribute is not None and attribute not in real.features:
        raise DataError(f"--attribute {attribute!r}: not a column of {real.path} (columns: {', '.join(real.features)})")
    scale = Scale.of(real.X)
    if test is not None:
        baseline, _ = closest_distance(scale(test.X), scale(real.X))
        baseline_kind = "test rows to training rows"
    else:
        baseline, _ = closest_distance(scale(real.X), scale(real.X), leave_one_out=True)
        baseline_kind = "training rows to the other training rows (leave-one-out)"
    result = {
        "rows": {"synthetic": len(synth), "real": len(real), "test": len(test) if test is not None else 0,
                 "features": len(real.features)},
        "baseline": {"kind": baseline_kind, "median": float(np.median(baseline)), "_values": baseline},
        "copies_of_train": copy_summary(synth, real, scale, baseline, near_quantile),
        "near_quantile": near_quantile,
        "columns": column_distances(synth, real),
        "correlation": correlation_gap(synth, real),
        "labels": label_consistency(synth, real, test, seed),
        "detection": detection_auc(synth, real, seed) if detection else None,
    }
    if test is not None:
        # baseline for test copies: training rows to the test rows (the symmetric holdout distance)
        test_base, _ = closest_distance(scale(real.X), scale(test.X))
        result["copies_of_test"] = copy_summary(synth, test, scale, test_base, near_quantile)
        leaked = result["copies_of_test"]["_exact"] & ~result["copies_of_train"]["_exact"]
        rate = test_only_chance_rate(test, real)
        result["copies_of_test"].update(
            test_only_copies=int(leaked.sum()), test_only_chance_rate=rate,
            test_only_allowance=int(binom.ppf(CHANCE_LEVEL, len(synth), rate)) if rate > 0 else 0)
    groups = {}
    for c in (0, 1):
        groups[f"y={c}"] = _group_stats(_mask(synth, synth.y == c), _mask(real, real.y == c),
                                        _mask(test, test.y == c) if test is not None else None,
                                        scale, baseline, near_quantile)
    if attribute is not None:
        ref = float(real.column(attribute).min())
        s_syn, s_real = binary_attribute(synth.column(attribute), ref), binary_attribute(real.column(attribute), ref)
        s_test = binary_attribute(test.column(attribute), ref) if test is not None else None
        for a in (0, 1):
            for c in (0, 1):
                groups[f"s={a},y={c}"] = _group_stats(
                    _mask(synth, (s_syn == a) & (synth.y == c)), _mask(real, (s_real == a) & (real.y == c)),
                    _mask(test, (s_test == a) & (test.y == c)) if test is not None else None,
                    scale, baseline, near_quantile)
        result["attribute"] = {"column": attribute, "reference": ref, "rule": f"s = 1[{attribute} > {ref:g}]"}
    result["groups"] = groups
    return result


def test_copies_exceed(result: dict, max_test_copies: int) -> bool:
    """True when the leaked rows (exact copies of test rows that are no training row) exceed
    max_test_copies plus their chance allowance (99 % binomial quantile at the test-only chance rate)."""
    test = result.get("copies_of_test")
    if test is None:
        return False
    return test["test_only_copies"] > max_test_copies + test["test_only_allowance"]


def public(result):
    """The result without the private arrays (keys starting with "_"), NaN as None, for strict JSON."""
    if isinstance(result, dict):
        return {k: public(v) for k, v in result.items() if not str(k).startswith("_")}
    if isinstance(result, list):
        return [public(v) for v in result]
    if isinstance(result, float) and not np.isfinite(result):
        return None
    return result
