"""The toolkit's generators as imbalanced-learn over-samplers, for users with real tables.

Every class is a `BaseOverSampler`: `fit_resample(X, y)` returns the original rows followed by the new
ones, `sampling_strategy` has imbalanced-learn's meaning (the default 'auto' brings every class but the
majority up to the majority's size; a dict gives the target size of each class), `random_state` fixes
the draws (it seeds a JAX PRNG key), and the samplers work inside `imblearn.pipeline.Pipeline`.

    GShiftOverSampler(delta=0.0, sigma_syn=1.0, scale="std")  the theory's generator, fitted to a class:
        new rows center + sd * (delta + sigma_syn xi), xi ~ N(0, I), with center the class mean and sd
        its per-feature standard deviation (scale="std") or 1 (scale="none")
    DuplicationOverSampler()                 random oversampling (a bootstrap of the class rows)
    SMOTEOverSampler(k_neighbors=5)          simulations.smote.Smote
    ADASYNOverSampler(n_neighbors=5)         simulations.adasyn.Adasyn (exactly the requested count)
    GeneratorOverSampler(generator)          any object with `sample(key, rows, m) -> (m, d)`; when it
                                             also has `with_context(other_rows)`, it is given the rows
                                             of the other classes first (as ADASYN is); an object with
                                             `sample_with_context(key, rows, other_rows, m)` also works

Sparse input is densified for the generator and the result returned in the input's sparse format.
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


def _bound(generator, key, rows, others, m):
    return generator.with_context(others).sample(key, rows, m)


def _paired(generator, key, rows, others, m):
    return generator.sample_with_context(key, rows, others, m)


def _static(generator) -> bool:
    """A frozen dataclass whose fields are plain scalars: safe as a static jit argument (cache key)."""
    if not (dataclasses.is_dataclass(generator) and generator.__dataclass_params__.frozen):
        return False
    return all(f.hash is not False and f.compare and isinstance(getattr(generator, f.name), (int, float, bool, str, type(None)))
               for f in dataclasses.fields(generator))


class _JaxOverSampler(BaseOverSampler):
    """Shared `_fit_resample`: one generator per resampled class, rows drawn under a JAX key."""

    def _generator(self, rows: np.ndarray, other: np.ndarray):
        raise NotImplementedError

    def _draw(self, generator, key, rows: np.ndarray, n_new: int) -> np.ndarray:
        rows = jnp.asarray(rows)
        if isinstance(generator, Adasyn):
            bare = Adasyn(k=generator.k, k_density=generator.k_density)
            return np.asarray(_sample_with_context(_bound, bare, key, rows, generator.others, n_new))
        if isinstance(generator, WithContext) and _static(generator.generator):
            return np.asarray(_sample_with_context(_paired, generator.generator, key, rows, generator.others, n_new))
        if _static(generator):
            return np.asarray(_sample(generator, key, rows, n_new))
        return np.asarray(generator.sample(key, rows, n_new))

    def _fit_resample(self, X, y):
        dense = X.toarray() if sparse.issparse(X) else np.asarray(X)
        dense = dense.astype(np.float64)
        seed = check_random_state(self.random_state).randint(_MAX_SEED)
        key = jax.random.PRNGKey(seed)
        new_X, new_y = [], []
        for index, (label, n_new) in enumerate(self.sampling_strategy_.items()):
            if n_new == 0:
                continue
            in_class = y == label
            generator = self._generator(dense[in_class], dense[~in_class])
            rows = self._draw(generator, jax.random.fold_in(key, index), dense[in_class], int(n_new))
            new_X.append(rows.astype(X.dtype, copy=False))
            new_y.append(np.full(int(n_new), label, dtype=y.dtype))
        if not new_X:
            return X.copy(), y.copy()
        if sparse.issparse(X):
            X_res = sparse.vstack([X, *(type(X)(part) for part in new_X)], format=X.format)
        else:
            X_res = np.vstack([X, *new_X])
        return X_res, np.concatenate([y, *new_y])


class GShiftOverSampler(_JaxOverSampler):
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
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state
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

    def _generator(self, rows, other):
        return GShift(center=jnp.zeros(rows.shape[1]), delta=jnp.asarray(self._shift(rows.shape[1])), sigma_syn=float(self.sigma_syn))

    def _draw(self, generator, key, rows, n_new):
        center = rows.mean(axis=0)
        sd = rows.std(axis=0) if self.scale == "std" else np.ones(rows.shape[1])
        standard = generator.sample(key, jnp.asarray(rows), n_new)
        return center + sd * np.asarray(standard)


class DuplicationOverSampler(_JaxOverSampler):
    """Random oversampling: new rows drawn with replacement from the class rows."""

    def __init__(self, *, sampling_strategy="auto", random_state=None):
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state

    def _generator(self, rows, other):
        return Duplication()


class SMOTEOverSampler(_JaxOverSampler):
    """SMOTE with exact k nearest neighbours inside the class (JAX)."""

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "k_neighbors": [Interval(numbers.Integral, 1, None, closed="left")],
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, k_neighbors=5):
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state
        self.k_neighbors = k_neighbors

    def _generator(self, rows, other):
        return Smote(k=int(self.k_neighbors))


class ADASYNOverSampler(_JaxOverSampler):
    """ADASYN (JAX): SMOTE steps based on rows in proportion to their share of other-class neighbours."""

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "n_neighbors": [Interval(numbers.Integral, 1, None, closed="left")],
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, n_neighbors=5):
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state
        self.n_neighbors = n_neighbors

    def _generator(self, rows, other):
        k = int(self.n_neighbors)
        return Adasyn(k=k, k_density=k, others=jnp.asarray(other))


class GeneratorOverSampler(_JaxOverSampler):
    """Any generator with `sample(key, rows, m)` (None: duplication), e.g. the in-context generators."""

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "generator": [HasMethods(["sample"]), HasMethods(["sample_with_context"]), None],
    }

    def __init__(self, generator=None, *, sampling_strategy="auto", random_state=None):
        super().__init__(sampling_strategy=sampling_strategy)
        self.generator = generator
        self.random_state = random_state

    def _generator(self, rows, other):
        generator = Duplication() if self.generator is None else self.generator
        return bind_context(generator, jnp.asarray(other))


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
