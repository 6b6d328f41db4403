"""The toolkit's generators as imbalanced-learn over-samplers, for users with real tables.

Every class is a `BaseOverSampler`: `fit_resample(X, y)` returns the original rows followed by the new
ones, `sampling_strategy` has imbalanced-learn's meaning (the default 'auto' brings every class but the
majority up to the majority's size; a dict gives the target size of each class), `random_state` fixes
the draws, and the samplers work inside `imblearn.pipeline.Pipeline`.

    GShiftOverSampler(delta=0.0, sigma_syn=1.0, scale="std")  the theory's generator, fitted to a class:
        new rows center + sd * (delta + sigma_syn xi), xi ~ N(0, I), with center the class mean and sd
        its per-feature standard deviation (scale="std") or 1 (scale="none")
    DuplicationOverSampler()                 random oversampling (a bootstrap of the class rows)
    SMOTEOverSampler(k_neighbors=5)          the law of samplers.smote.Smote
    ADASYNOverSampler(n_neighbors=5)         the law of samplers.adasyn.Adasyn (exactly the requested count)
    GeneratorOverSampler(generator)          any object with `sample(key, rows, m) -> (m, d)`; when it
                                             also has `with_context(other_rows)`, it is given the rows
                                             of the other classes first (as ADASYN is); an object with
                                             `sample_with_context(key, rows, other_rows, m)` also works

Sparse input is densified for the generator and the result returned in the input's sparse format.

Two paths draw the rows (see docs/real_tables.md):

* the table path (tables.py): SMOTE, ADASYN, duplication and G-shift, and GeneratorOverSampler given one of
  Smote, Adasyn, Duplication, GShift, draw with scikit-learn's exact neighbour search and NumPy in float64:
  no JAX compilation, no n x n matrix, new rows written straight into the output (memory O(n d)), the
  same result whatever JAX's precision setting;
* the JAX path: any other generator (the in-context generators) runs `generator.sample` jitted, once per
  (generator, shape), at the precision the caller configured for JAX (float32 unless x64 is enabled).

`random_state` seeds both: an integer gives the same bytes on every call. The table path and the JAX
path draw the same law from different random streams, so their bytes differ.
"""
from __future__ import annotations

import dataclasses
import numbers
from functools import partial

import jax
import jax.numpy as jnp
import numpy as np
from imblearn.over_sampling.base import BaseOverSampler
from scipy import sparse
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions

from synthover.simulations.samplers import tables
from synthover.simulations.samplers.adasyn import Adasyn, WithContext, bind_context
from synthover.simulations.samplers.generators import Duplication, GShift
from synthover.simulations.samplers.smote import Smote

_MAX_SEED = np.iinfo(np.int32).max


@partial(jax.jit, static_argnums=(0, 3))
def _sample(generator, key, rows, m):
    """Compiled once per (generator, shape, m); only for generators whose fields are all static."""
    return generator.sample(key, rows, m)


@partial(jax.jit, static_argnums=(0, 1, 5))
def _sample_with_context(how, generator, key, rows, others, m):
    return how(generator, key, rows, others, m)


def _paired(generator, key, rows, others, m):
    return generator.sample_with_context(key, rows, others, m)


def _static(generator) -> bool:
    """A frozen dataclass whose fields are plain scalars: safe as a static jit argument (cache key)."""
    if not (dataclasses.is_dataclass(generator) and generator.__dataclass_params__.frozen):
        return False
    return all(f.hash is not False and f.compare and isinstance(getattr(generator, f.name), (int, float, bool, str, type(None)))
               for f in dataclasses.fields(generator))


def table_draw(generator, out, rng, X, in_class) -> bool:
    """Fill `out` with the generator's rows for the class X[in_class] on the table path; False when the
    generator has no table path (then the JAX path draws)."""
    kind = type(generator)
    if kind is Duplication:
        tables.duplicate_rows(rng, X[in_class], len(out), out=out)
    elif kind is Smote:
        tables.smote_rows(rng, X[in_class], len(out), generator.k, out=out)
    elif kind is Adasyn:
        tables.adasyn_rows(rng, X, in_class, len(out), generator.k, generator.k_density, out=out)
    elif kind is GShift:
        center = np.asarray(generator.center + generator.delta, dtype=np.float64)
        tables.gaussian_rows(rng, center, np.full(len(center), float(generator.sigma_syn)), len(out), out=out)
    else:
        return False
    return True


def jax_draw(generator, key, rows, others, m: int) -> np.ndarray:
    """The generator's rows from JAX, jitted where the generator can be a static argument."""
    rows = jnp.asarray(rows)
    generator = bind_context(generator, jnp.asarray(others))
    if isinstance(generator, WithContext) and _static(generator.generator):
        return np.asarray(_sample_with_context(_paired, generator.generator, key, rows, generator.others, m))
    if _static(generator):
        return np.asarray(_sample(generator, key, rows, m))
    return np.asarray(generator.sample(key, rows, m))


class _OverSampler(BaseOverSampler):
    """Shared `_fit_resample`: the output table allocated once, each resampled class's new rows written
    into it by `_draw(out, rng, key, X, in_class)` (rng: NumPy's, seeded by (random_state, class index);
    key(): the JAX key of the same pair)."""

    def __init__(self, *, sampling_strategy="auto", random_state=None):
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state

    def _draw(self, out, rng, key, X, in_class):
        """Write the class's new rows into `out`; `key()` makes its JAX key when a JAX path needs one."""
        raise NotImplementedError

    def _fit_resample(self, X, y):
        is_sparse = sparse.issparse(X)
        dense = np.asarray(X.toarray() if is_sparse else X, dtype=np.float64)  # no copy when float64
        seed = _seed(self.random_state)
        todo = [(i, label, int(n)) for i, (label, n) in enumerate(self.sampling_strategy_.items()) if n > 0]
        if not todo:
            return X.copy(), y.copy()
        n, d = X.shape
        at = 0 if is_sparse else n  # dense: one output table, the originals first; sparse: the new rows only
        X_res = np.empty((at + sum(count for *_, count in todo), d), dtype=np.float64 if is_sparse else X.dtype)
        if not is_sparse:
            X_res[:n] = X
        y_res = np.concatenate([y, np.empty(X_res.shape[0] - at, dtype=y.dtype)])
        done = 0
        for index, label, count in todo:
            part = X_res[at:at + count]
            out = part if part.dtype == np.float64 else np.empty((count, d))
            self._draw(out, np.random.default_rng([seed, index]), partial(_class_key, seed, index), dense, y == label)
            if out is not part:
                part[...] = out  # cast to X's dtype
            y_res[n + done:n + done + count] = label
            at, done = at + count, done + count
        if is_sparse:
            return sparse.vstack([X, type(X)(X_res.astype(X.dtype, copy=False))], format=X.format), y_res
        return X_res, y_res


def _seed(random_state) -> int:
    """The run's seed: an integer random_state is the seed itself (making a RandomState to draw it costs
    0.14 ms, a tenth of a small table's whole resampling); None or a RandomState draws one."""
    if isinstance(random_state, numbers.Integral):
        return int(random_state)
    return int(check_random_state(random_state).randint(_MAX_SEED))


def _with_neighbour_count(name: str) -> dict:
    """imbalanced-learn's constraints plus one neighbour count `name` (an integer >= 1)."""
    return {**BaseOverSampler._parameter_constraints, name: [Interval(numbers.Integral, 1, None, closed="left")]}


def _class_key(seed: int, index: int):
    """The JAX key of one class, made only when the JAX path draws."""
    return jax.random.fold_in(jax.random.PRNGKey(seed), index)


class GShiftOverSampler(_OverSampler):
    """G-shift fitted to each resampled class: center + sd * (delta + sigma_syn xi), xi ~ N(0, I).

    `delta` (a number, applied to every feature, or one value per feature) and `sigma_syn` are in units
    of the class's per-feature standard deviation when scale="std", in raw units when scale="none".
    delta = 0, sigma_syn = 1 is the seed-only Gaussian fit of the class."""

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "delta": [numbers.Real, "array-like"],
        "sigma_syn": [Interval(numbers.Real, 0, None, closed="neither")],
        "scale": [StrOptions({"std", "none"})],
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, delta=0.0, sigma_syn=1.0, scale="std"):
        super().__init__(sampling_strategy=sampling_strategy, random_state=random_state)
        self.delta = delta
        self.sigma_syn = sigma_syn
        self.scale = scale

    def _shift(self, d: int) -> np.ndarray:
        delta = np.asarray(self.delta, dtype=np.float64)
        if delta.ndim == 0:
            return np.full(d, float(delta))
        if delta.shape != (d,) or not np.all(np.isfinite(delta)):
            raise ValueError(f"delta must be a finite number or have one value per feature ({d}), got shape {delta.shape}")
        return delta

    def _draw(self, out, rng, key, X, in_class):
        rows = X[in_class]
        center = rows.mean(axis=0)
        sd = rows.std(axis=0) if self.scale == "std" else np.ones(rows.shape[1])
        tables.gaussian_rows(rng, center + sd * self._shift(rows.shape[1]), sd * float(self.sigma_syn), len(out), out=out)


class DuplicationOverSampler(_OverSampler):
    """Random oversampling: new rows drawn with replacement from the class rows."""

    def _draw(self, out, rng, key, X, in_class):
        tables.duplicate_rows(rng, X[in_class], len(out), out=out)


class SMOTEOverSampler(_OverSampler):
    """SMOTE with exact k nearest neighbours inside the class (the law of smote.Smote)."""

    _parameter_constraints: dict = _with_neighbour_count("k_neighbors")

    def __init__(self, *, sampling_strategy="auto", random_state=None, k_neighbors=5):
        super().__init__(sampling_strategy=sampling_strategy, random_state=random_state)
        self.k_neighbors = k_neighbors

    def _draw(self, out, rng, key, X, in_class):
        tables.smote_rows(rng, X[in_class], len(out), int(self.k_neighbors), out=out)


class ADASYNOverSampler(_OverSampler):
    """ADASYN: SMOTE steps based on rows in proportion to their share of other-class neighbours
    (the law of adasyn.Adasyn: exactly the requested number of rows)."""

    _parameter_constraints: dict = _with_neighbour_count("n_neighbors")

    def __init__(self, *, sampling_strategy="auto", random_state=None, n_neighbors=5):
        super().__init__(sampling_strategy=sampling_strategy, random_state=random_state)
        self.n_neighbors = n_neighbors

    def _draw(self, out, rng, key, X, in_class):
        k = int(self.n_neighbors)
        tables.adasyn_rows(rng, X, in_class, len(out), k, k, out=out)


class GeneratorOverSampler(_OverSampler):
    """Any generator with `sample(key, rows, m)` (None: duplication), e.g. the in-context generators."""

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "generator": [HasMethods(["sample"]), HasMethods(["sample_with_context"]), None],
    }

    def __init__(self, generator=None, *, sampling_strategy="auto", random_state=None):
        super().__init__(sampling_strategy=sampling_strategy, random_state=random_state)
        self.generator = generator

    def _draw(self, out, rng, key, X, in_class):
        generator = Duplication() if self.generator is None else self.generator
        if not table_draw(generator, out, rng, X, in_class):
            out[...] = jax_draw(generator, key(), X[in_class], X[~in_class], len(out))


def all_samplers(random_state=0) -> list[BaseOverSampler]:
    """One instance of every sampler of the toolkit (and one per in-context generator when available)."""
    samplers = [
        GShiftOverSampler(random_state=random_state),
        DuplicationOverSampler(random_state=random_state),
        SMOTEOverSampler(random_state=random_state),
        ADASYNOverSampler(random_state=random_state),
    ]
    wrapped = [GeneratorOverSampler(g, random_state=random_state) for g in in_context_generators()]
    return samplers + (wrapped or [GeneratorOverSampler(random_state=random_state)])


def in_context_generators() -> list:
    """The in-context generators (simulations/in_context_generators.py) that make rows of one class:
    the seed-only mean generator (D1), the key generator (D2, empirical covariance) and the
    structural-prior generator (D5, pools the other classes, assuming mu1 = -mu0: centre the table).
    (D3's LabelGenerator makes (x, y) rows for regression prompts, not class rows.)"""
    try:
        from synthover.simulations.in_context.generators import KeyGenerator, MeanGenerator, StructuralPriorGenerator
    except ImportError:
        return []
    return [MeanGenerator(), KeyGenerator(p=64), StructuralPriorGenerator()]
