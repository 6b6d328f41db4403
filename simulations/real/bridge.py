"""The bridge from a generator's rows to model G: the numbers the theory needs, and the measured outcomes.

Estimation (no theory here: paper_checks/real/predict.py applies the formulas to these numbers).
The real rows (both classes, the largest real table that is not the test table) fix the geometry:
  pooled within-class covariance  Sigma = sum_c sum_{i in c} (x_i - m_c)(x_i - m_c)^T / (n - 2),
  whitening                       z = W (x - m), W = Sigma^{-1/2} (eigen-decomposition; eigenvalues below
                                  1e-9 of the largest are dropped, which lowers d to the rank),
so that model G's sigma = 1 holds on average. With minority class "1" and majority "0" of model G:
  mu     = (zbar_min - zbar_maj)/2,  s = ||mu||  (half the Mahalanobis distance; Bayes error Phi(-s));
  delta  = zbar_syn,min - zbar_real,min (a generator's class-mean shift, whitened);
  delta_par = delta . mu/s,  delta_perp = ||delta - delta_par mu/s||;
  sigma_syn^2 = tr Cov(z_syn,min) / tr Cov(z_real,min) (variance ratio against the real class);
the same for the generator's majority rows (delta0, along the same mu; delta0_perp signed along the
minority shift's orthogonal direction, as model G's two-axis reduction needs, with the remainder kept
as `delta0_perp_rest`). Intervals: percentile bootstrap, rows resampled within class in the real and the
synthetic table, the whole estimate (whitening included) recomputed per resample. ||delta_perp|| from m
synthetic rows carries the noise sqrt((d - 1)(sigma_syn^2/m + 1/n_min)) even for a perfect generator:
it is reported as `perp_noise` (a plug-in norm is biased upward by it).

Assumption diagnostics (what model G assumes and the real table may break; measured on the real rows):
skewness and excess kurtosis of the whitened coordinates within class (Gaussian: 0, 0), the ratio of the
class variances tr Cov(z_1)/tr Cov(z_0) (equal covariances: 1), and the share of discrete columns.

Outcomes (measurements, never formulas): balanced test error R_bal = (err_0 + err_1)/2 of three
classifiers fitted on an arm of the experiment:
  lda_g     model G's plug-in rule in the whitened coordinates: w = mu1_hat - mu0_hat,
            b = log(T1/T0) - (||mu1_hat||^2 - ||mu0_hat||^2)/2 (weighted class means and counts T_k);
  logistic  scikit-learn LogisticRegression on standardised features (sample weights);
  forest    RandomForestClassifier(100 trees).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

EIGEN_FLOOR = 1e-9
CLASSIFIERS = ("lda_g", "logistic", "forest")
FOREST_TREES = 100


# ------------------------------------------------------------------------------------------- geometry
@dataclass(frozen=True)
class Geometry:
    center: np.ndarray
    W: np.ndarray  # (d, rank): z = (x - center) @ W

    def __call__(self, X: np.ndarray) -> np.ndarray:
        return (X - self.center) @ self.W


def geometry(X: np.ndarray, y: np.ndarray) -> Geometry:
    """Whitening by the pooled within-class covariance of the real rows."""
    centered = np.vstack([X[y == c] - X[y == c].mean(axis=0) for c in (0, 1) if np.any(y == c)])
    sigma = centered.T @ centered / max(len(X) - 2, 1)
    vals, vecs = np.linalg.eigh(sigma)
    keep = vals > EIGEN_FLOOR * max(vals.max(), 1e-300)
    W = vecs[:, keep] / np.sqrt(vals[keep])
    return Geometry(X.mean(axis=0), W)


def _shift(delta: np.ndarray, unit: np.ndarray) -> tuple[float, np.ndarray]:
    par = float(delta @ unit)
    return par, delta - par * unit


def point_estimate(real_X, real_y, syn_X, syn_y, minority: int) -> dict:
    """The model-G numbers of one generator (see the module doc)."""
    geo = geometry(real_X, real_y)
    z_real, z_syn = geo(real_X), geo(syn_X)
    maj = 1 - minority
    m_min, m_maj = z_real[real_y == minority].mean(axis=0), z_real[real_y == maj].mean(axis=0)
    mu = (m_min - m_maj) / 2
    s = float(np.linalg.norm(mu))
    unit = mu / s
    out = {"d": int(geo.W.shape[1]), "s": s}
    perp_dir = None
    for name, c, ref in (("", minority, m_min), ("0", maj, m_maj)):
        rows = z_syn[syn_y == c]
        if len(rows) < 2:
            continue
        par, perp = _shift(rows.mean(axis=0) - ref, unit)
        real_c = z_real[real_y == c]
        ratio = np.trace(np.cov(rows, rowvar=False)) / np.trace(np.cov(real_c, rowvar=False))
        out[f"delta{name}_par"] = par
        out[f"sigma_syn{name}"] = float(np.sqrt(ratio))
        out[f"m{name}"] = int(len(rows))
        if name == "":
            norm = float(np.linalg.norm(perp))
            out["delta_perp"] = norm
            perp_dir = perp / norm if norm > 0 else None
            out["perp_noise"] = float(np.sqrt((out["d"] - 1) * (ratio / len(rows) + 1 / len(real_c))))
        else:
            signed = float(perp @ perp_dir) if perp_dir is not None else float(np.linalg.norm(perp))
            out["delta0_perp"] = signed
            out["delta0_perp_rest"] = float(np.sqrt(max(np.linalg.norm(perp) ** 2 - signed**2, 0.0)))
    return out


def bootstrap(real_X, real_y, syn_X, syn_y, minority: int, reps: int, seed: int) -> dict[str, np.ndarray]:
    """`reps` percentile-bootstrap replicates of every number of :func:`point_estimate`."""
    rng = np.random.default_rng(seed)

    def resample(y):
        idx = [rng.choice(np.flatnonzero(y == c), size=int(np.sum(y == c))) for c in (0, 1) if np.any(y == c)]
        return np.concatenate(idx)

    reps_out: dict[str, list] = {}
    for _ in range(reps):
        ri, si = resample(real_y), resample(syn_y)
        est = point_estimate(real_X[ri], real_y[ri], syn_X[si], syn_y[si], minority)
        for k, v in est.items():
            reps_out.setdefault(k, []).append(v)
    return {k: np.asarray(v, dtype=float) for k, v in reps_out.items()}


def interval(values: np.ndarray, level: float = 0.95) -> tuple[float, float]:
    lo, hi = np.quantile(values, [(1 - level) / 2, (1 + level) / 2])
    return float(lo), float(hi)


def diagnostics(real_X, real_y) -> dict:
    """How far the real table is from model G (Gaussian classes with one shared covariance)."""
    from scipy.stats import kurtosis, skew

    geo = geometry(real_X, real_y)
    z = geo(real_X)
    per_class = [z[real_y == c] - z[real_y == c].mean(axis=0) for c in (0, 1)]
    within = np.vstack(per_class)
    levels = [len(np.unique(real_X[:, j])) for j in range(real_X.shape[1])]
    tr = [np.trace(np.cov(p, rowvar=False)) for p in per_class]
    return {
        "mean_abs_skew": float(np.mean(np.abs(skew(within, axis=0)))),
        "mean_abs_excess_kurtosis": float(np.mean(np.abs(kurtosis(within, axis=0)))),
        "variance_ratio_1_to_0": float(tr[1] / tr[0]),
        "discrete_share": float(np.mean([lv <= 10 for lv in levels])),
    }


# ------------------------------------------------------------------------------------------- outcomes
def balanced_error(pred: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean([np.mean(pred[y == c] != c) for c in (0, 1)]))


def lda_g_predict(geo: Geometry, X, y, w, X_test, minority: int) -> np.ndarray:
    """Model G's plug-in rule in the whitened coordinates (class 1 of the model = `minority`)."""
    z, zt = geo(X), geo(X_test)
    pos, neg = y == minority, y != minority
    t1, t0 = w[pos].sum(), w[neg].sum()
    mu1 = (w[pos, None] * z[pos]).sum(axis=0) / t1
    mu0 = (w[neg, None] * z[neg]).sum(axis=0) / t0
    b = np.log(t1 / t0) - (mu1 @ mu1 - mu0 @ mu0) / 2
    score = zt @ (mu1 - mu0) + b
    return np.where(score > 0, minority, 1 - minority)


def fit_predict(name: str, geo: Geometry, X, y, w, X_test, minority: int, seed: int) -> np.ndarray:
    if name == "lda_g":
        return lda_g_predict(geo, X, y, w, X_test, minority)
    if name == "logistic":
        from sklearn.linear_model import LogisticRegression
        from sklearn.preprocessing import StandardScaler

        scaler = StandardScaler().fit(X)
        clf = LogisticRegression(max_iter=2000).fit(scaler.transform(X), y, sample_weight=w)
        return clf.predict(scaler.transform(X_test))
    if name == "forest":
        from sklearn.ensemble import RandomForestClassifier

        clf = RandomForestClassifier(FOREST_TREES, random_state=seed, n_jobs=1).fit(X, y, sample_weight=w)
        return clf.predict(X_test)
    raise ValueError(f"classifier must be one of {CLASSIFIERS} (got {name!r})")


def arm_errors(geo: Geometry, X, y, w, X_test, y_test, minority: int, seed: int, classifiers=CLASSIFIERS) -> dict:
    """Balanced test error of each classifier fitted on one arm (rows X, labels y, weights w)."""
    return {name: balanced_error(fit_predict(name, geo, X, y, w, X_test, minority, seed), y_test)
            for name in classifiers}


def duplication_arm(X, y, minority: int) -> tuple[np.ndarray, np.ndarray]:
    """Deterministic duplication to balance: each minority row copied until n1 = n0 (n0/n1 copies each,
    the remainder n0 mod n1 taken in row order), the design of A4 (v1 = 1/n1)."""
    pos = np.flatnonzero(y == minority)
    need = int(np.sum(y != minority)) - len(pos)
    extra = np.resize(pos, need) if need > 0 else np.array([], dtype=int)
    idx = np.r_[np.arange(len(y)), extra]
    return X[idx], y[idx]


def synthetic_arm(X, y, syn_X, syn_y, minority: int) -> tuple[np.ndarray, np.ndarray]:
    """Balance with the generator's minority rows, the first ones in file order."""
    need = int(np.sum(y != minority) - np.sum(y == minority))
    rows = np.flatnonzero(syn_y == minority)[:max(need, 0)]
    if len(rows) < need:
        raise ValueError(f"the generator has {len(rows)} minority rows; balancing needs {need}")
    return np.vstack([X, syn_X[rows]]), np.r_[y, syn_y[rows]]


def a4_outcome(train_X, train_y, syn_X, syn_y, test_X, test_y, geo: Geometry, minority: int, seed: int,
               classifiers=CLASSIFIERS) -> dict:
    """R_bal(duplication) - R_bal(synthetic) per classifier, both arms balanced (A4's comparison)."""
    dX, dy = duplication_arm(train_X, train_y, minority)
    sX, sy = synthetic_arm(train_X, train_y, syn_X, syn_y, minority)
    dup = arm_errors(geo, dX, dy, np.ones(len(dy)), test_X, test_y, minority, seed, classifiers)
    syn = arm_errors(geo, sX, sy, np.ones(len(sy)), test_X, test_y, minority, seed, classifiers)
    return {name: {"duplication": dup[name], "synthetic": syn[name], "advantage": dup[name] - syn[name]}
            for name in classifiers}


def augmentation_curve(base_X, base_y, extra_min, extra_maj, test_X, test_y, geo: Geometry, minority: int,
                       sizes, weight: float, rng_seed: int, classifiers=("lda_g",)) -> dict:
    """R_bal after adding N rows (N/2 per class, weight `weight`) to a balanced base, for each N in sizes
    (C1's design); rows drawn without replacement with numpy's generator seeded by `rng_seed`."""
    rng = np.random.default_rng(rng_seed)
    order_min, order_maj = rng.permutation(len(extra_min)), rng.permutation(len(extra_maj))
    out = {name: [] for name in classifiers}
    for n in sizes:
        half = int(n) // 2
        X = np.vstack([base_X, extra_min[order_min[:half]], extra_maj[order_maj[:half]]])
        y = np.r_[base_y, np.full(half, minority), np.full(half, 1 - minority)]
        w = np.r_[np.ones(len(base_y)), np.full(2 * half, weight)]
        errs = arm_errors(geo, X, y, w, test_X, test_y, minority, rng_seed, classifiers)
        for name in classifiers:
            out[name].append(errs[name])
    return {name: np.asarray(v) for name, v in out.items()}
