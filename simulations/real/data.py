"""The data contract of the paper's real-data experiments, and its loaders.

Two layouts are read from a directory the user names (``--data DIR``); nothing of the authors' data
ships with the toolkit. Full contract: docs/real_data.md.

``scaling_law/<ds>/`` (paper v2/v3, GReaT rows)::

    source.csv  seed.csv  test.csv  pool_y0.csv  pool_y1.csv  pool_sy_match.csv  pool_sy_mismatch.csv
    great_y0.csv  great_y1.csv  great_sy_match.csv  great_sy_mismatch.csv          (required)
    pool.csv (the "all real data" line), pool_*_used.csv (shortcuts), results/**  (optional)

``opal_v1/<ds>/`` (paper v1, GPT-4 rows)::

    source.csv, seed<r>/test.csv, seed<r>/<setting>/{train,gpt4,smote,dup}.csv
    setting in {imbalanced, spurious, augment_legacy}; a setting absent for every seed is skipped

Column roles (:class:`Roles`) come, in this order of precedence, from the ``roles`` argument (the CLI's
``--roles FILE``), from an optional description file ``<ds>/dataset.json`` (keys ``label``,
``minority``, ``spurious``, ``spurious_reference``), or are inferred: the label is the last column; the
minority label is 1 in ``scaling_law`` (its majority rows are ``pool_y0.csv``) and the rarer label of
``imbalanced/train.csv`` in ``opal_v1``; the spurious attribute is the one column ``a`` for which
``s = 1[a != min a]`` (minimum over ``source.csv``) puts every row of ``pool_sy_match.csv`` in s = y and
every row of ``pool_sy_mismatch.csv`` in s != y (``opal_v1``: every row after the 20-row balanced seed
of ``spurious/train.csv`` has s = y and the seed has 5 rows per (s, y) group).

Every violation of the contract raises :class:`DataError` (a ParameterError: one line naming the file
and the column; the CLI exits 2).
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from synthover.paper_checks.params import ParameterError

LAYOUTS = ("scaling_law", "opal_v1")
TASKS = ("imbalanced", "spurious")
OPAL_SETTINGS = ("imbalanced", "spurious", "augment_legacy")
OPAL_GENERATORS = ("gpt4", "smote", "dup")
SCALING_REQUIRED = (
    "source.csv", "seed.csv", "test.csv", "pool_y0.csv", "pool_y1.csv", "pool_sy_match.csv",
    "pool_sy_mismatch.csv", "great_y0.csv", "great_y1.csv", "great_sy_match.csv", "great_sy_mismatch.csv",
)
DESCRIPTION_FILE = "dataset.json"


class DataError(ParameterError):
    """A violation of the data contract: one line naming the file and the column."""


# ----------------------------------------------------------------------------------------------- tables
@dataclass(frozen=True, eq=False)
class Table:
    """One CSV: features ``X`` (float64, file column order, label removed) and labels ``y`` in {0, 1}."""

    path: Path
    features: tuple[str, ...]
    X: np.ndarray
    y: np.ndarray

    def __len__(self) -> int:
        return len(self.y)

    def column(self, name: str) -> np.ndarray:
        if name not in self.features:
            raise DataError(f"{self.path}: column {name!r} not found (columns: {', '.join(self.features)})")
        return self.X[:, self.features.index(name)]

    def take(self, rows) -> "Table":
        rows = np.asarray(rows, dtype=np.intp)
        return Table(self.path, self.features, self.X[rows], self.y[rows])

    def aligned(self, features: tuple[str, ...]) -> "Table":
        """The same rows with columns in the order of `features` (every one must exist)."""
        if features == self.features:
            return self
        missing = [f for f in features if f not in self.features]
        if missing:
            raise DataError(f"{self.path}: column {missing[0]!r} missing (the dataset's columns: {', '.join(features)})")
        idx = [self.features.index(f) for f in features]
        return Table(self.path, tuple(features), self.X[:, idx], self.y)


def read_table(path, label: str | None = None, require: tuple[int, ...] = (0, 1),
               only: tuple[int, ...] | None = None) -> Table:
    """Read one CSV of the contract.

    label: the label column (default: the last column); columns named ``Unnamed: ...`` (a saved pandas
    index) are dropped. require: the classes that must be present; only: the classes allowed (default
    {0, 1}). Raises DataError naming the file and column for: a missing file, an empty or unreadable
    file, a missing or non-numeric column, a missing value, a label outside {0, 1}, an empty class.
    """
    path = Path(path)
    frame = _read_csv(path)
    frame = frame.loc[:, [c for c in frame.columns if not str(c).startswith("Unnamed:")]]
    if frame.shape[1] < 2:
        raise DataError(f"{path}: needs a label column and at least one feature column (found {frame.shape[1]} column(s))")
    label = frame.columns[-1] if label is None else label
    if label not in frame.columns:
        raise DataError(f"{path}: column {label!r} not found (columns: {', '.join(map(str, frame.columns))})")
    if len(frame) == 0:
        raise DataError(f"{path}: no rows")
    for name in frame.columns:
        column = frame[name]
        if not pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
            bad = next((v for v in column if not _is_number(v)), column.iloc[0])
            raise DataError(f"{path}: column {name!r} is not numeric (found {str(bad)[:20]!r})")
        values = column.to_numpy(dtype=np.float64)
        if not np.all(np.isfinite(values)):
            raise DataError(f"{path}: column {name!r} has missing or infinite values")
    raw = frame[label].to_numpy(dtype=np.float64)
    allowed = set((0, 1) if only is None else only)
    bad = [v for v in np.unique(raw) if v not in allowed]
    if bad:
        raise DataError(f"{path}: column {label!r}: labels must be in {{{', '.join(map(str, sorted(allowed)))}}} (found {bad[0]:g})")
    y = raw.astype(np.int64)
    for c in require:
        if not np.any(y == c):
            raise DataError(f"{path}: column {label!r}: class {c} is empty")
    features = tuple(str(c) for c in frame.columns if c != label)
    X = np.ascontiguousarray(frame[list(features)].to_numpy(dtype=np.float64))
    return Table(path, features, X, y)


@lru_cache(maxsize=256)
def _read_cached(path: Path, mtime: float) -> pd.DataFrame:
    return pd.read_csv(path)


def _read_csv(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise DataError(f"{path}: required file is missing")
    try:
        return _read_cached(path, path.stat().st_mtime).copy()
    except (pd.errors.EmptyDataError, pd.errors.ParserError, UnicodeDecodeError) as err:
        raise DataError(f"{path}: not a readable CSV ({type(err).__name__})") from None


def _is_number(value) -> bool:
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def pandas_sample(n_rows: int, n: int, random_state: int) -> np.ndarray:
    """Row positions of ``frame.sample(n=n, random_state=random_state)`` (pandas' own draw:
    ``RandomState(random_state).permutation(n_rows)[:n]``), so the authors' sub-draws are reproduced."""
    if not 0 <= n <= n_rows:
        raise DataError(f"cannot draw {n} rows from a table of {n_rows}")
    return np.random.RandomState(random_state).permutation(n_rows)[:n]


# ------------------------------------------------------------------------------------------------ roles
@dataclass(frozen=True)
class Roles:
    """Column roles of one dataset.

    s = 1[spurious != spurious_reference]; groups g = (s, y); sy_match = {s = y} (the paper's minority
    groups in the scaling-law spurious task).
    """

    label: str
    minority: int
    spurious: str | None = None
    spurious_reference: float | None = None
    origin: str = "inferred"  # where the roles came from: "options", "<ds>/dataset.json", "inferred"

    def attribute(self, table: Table) -> np.ndarray:
        if self.spurious is None:
            raise DataError(f"{table.path}: no spurious attribute is known for this dataset (name it in {DESCRIPTION_FILE})")
        return (table.column(self.spurious) != self.spurious_reference).astype(np.int64)


def _description(ds_dir: Path, given: dict | None) -> tuple[dict, str]:
    if given:
        return dict(given), "options"
    path = ds_dir / DESCRIPTION_FILE
    if not path.is_file():
        return {}, "inferred"
    try:
        doc = json.loads(path.read_text())
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise DataError(f"{path}: not valid JSON ({err.msg if hasattr(err, 'msg') else err})") from None
    if not isinstance(doc, dict):
        raise DataError(f"{path}: must hold a JSON object with keys label, minority, spurious, spurious_reference")
    unknown = set(doc) - {"label", "minority", "spurious", "spurious_reference"}
    if unknown:
        raise DataError(f"{path}: unknown key {sorted(unknown)[0]!r} (valid: label, minority, spurious, spurious_reference)")
    return doc, f"{ds_dir.name}/{DESCRIPTION_FILE}"


def _resolve_roles(ds_dir: Path, source: Path, given: dict | None, infer_minority, infer_spurious) -> Roles:
    doc, origin = _description(ds_dir, given)
    head = _read_csv(source)
    columns = [str(c) for c in head.columns if not str(c).startswith("Unnamed:")]
    label = doc.get("label", columns[-1] if columns else None)
    if label not in columns:
        raise DataError(f"{source}: column {label!r} (the label) not found (columns: {', '.join(columns)})")
    minority = doc.get("minority")
    if minority is None:
        minority = infer_minority(label)
    if minority not in (0, 1):
        raise DataError(f"{ds_dir / DESCRIPTION_FILE}: minority must be 0 or 1 (got {minority!r})")
    source_table = read_table(source, label=label)
    spurious = doc.get("spurious")
    if spurious is not None:
        reference = doc.get("spurious_reference")
        column = source_table.column(spurious)
        reference = float(column.min()) if reference is None else float(reference)
    else:
        spurious, reference = infer_spurious(label, source_table)
    return Roles(label, int(minority), spurious, reference, origin)


def _infer_attribute(source: Table, check) -> tuple[str | None, float | None]:
    found = []
    for name in source.features:
        reference = float(source.column(name).min())
        if check(name, reference):
            found.append((name, reference))
    return found[0] if len(found) == 1 else (None, None)


# ------------------------------------------------------------------------------------ scaling-law layout
@dataclass(frozen=True, eq=False)
class ScalingLawDataset:
    """``scaling_law/<name>``: the real seed/pool/test splits and the generated (GReaT) rows.

    ``task_tables(task)`` gives (MAJ, GMIN, GMAJ) of section 3.3: the real majority rows added to the seed,
    the generated minority rows, the generated majority rows.
    """

    name: str
    root: Path
    roles: Roles
    features: tuple[str, ...]
    seed: Table
    test: Table
    pool: Table | None  # optional: the "all real data" line
    tables: dict = field(repr=False)  # file stem -> Table

    def task_tables(self, task: str) -> tuple[Table, Table, Table]:
        if task == "imbalanced":
            m = self.roles.minority
            return self.tables[f"pool_y{1 - m}"], self.tables[f"great_y{m}"], self.tables[f"great_y{1 - m}"]
        if task == "spurious":
            if self.roles.spurious is None:
                raise DataError(f"{self.root}: spurious task needs a spurious attribute (name it in {DESCRIPTION_FILE})")
            return self.tables["pool_sy_mismatch"], self.tables["great_sy_match"], self.tables["great_sy_mismatch"]
        raise DataError(f"task must be one of {', '.join(TASKS)} (got {task!r})")

    def minority_rows(self, task: str, table: Table) -> np.ndarray:
        """Boolean mask of the minority rows: y = minority (imbalanced) or s = y, groups 00 and 11 (spurious)."""
        if task == "imbalanced":
            return table.y == self.roles.minority
        return self.roles.attribute(table) == table.y


def load_scaling_law(data_dir, name: str, roles: dict | None = None) -> ScalingLawDataset:
    root = _dataset_dir(data_dir, "scaling_law", name)
    for stem in SCALING_REQUIRED:
        if not (root / stem).is_file():
            raise DataError(f"{root / stem}: required file is missing")

    def infer_spurious(label, source):
        match = read_table(root / "pool_sy_match.csv", label=label, require=())
        mismatch = read_table(root / "pool_sy_mismatch.csv", label=label, require=())

        def check(col, ref):
            if col not in match.features or col not in mismatch.features:
                return False
            return bool(np.all((match.column(col) != ref) == (match.y == 1))
                        and np.all((mismatch.column(col) != ref) != (mismatch.y == 1)))
        return _infer_attribute(source, check)

    roles = _resolve_roles(root, root / "source.csv", roles, lambda label: 1, infer_spurious)
    features = read_table(root / "seed.csv", label=roles.label).features
    m = roles.minority
    spec = {  # stem -> (required classes, allowed classes)
        "seed": ((0, 1), None), "test": ((0, 1), None),
        f"pool_y{1 - m}": ((1 - m,), (1 - m,)), f"pool_y{m}": ((m,), (m,)),
        "pool_sy_match": ((), None), "pool_sy_mismatch": ((), None),
        f"great_y{m}": ((m,), (m,)), f"great_y{1 - m}": ((1 - m,), (1 - m,)),
        "great_sy_match": ((), None), "great_sy_mismatch": ((), None),
    }
    tables = {stem: read_table(root / f"{stem}.csv", roles.label, req, only).aligned(features)
              for stem, (req, only) in spec.items()}
    for stem in ("pool", "pool_y0_used", "pool_sy_mismatch_used"):
        if (root / f"{stem}.csv").is_file():
            tables[stem] = read_table(root / f"{stem}.csv", roles.label, require=()).aligned(features)
    if roles.spurious is not None:
        for stem in ("pool_sy_match", "great_sy_match", "pool_sy_mismatch", "great_sy_mismatch"):
            t = tables[stem]
            want = stem.endswith("_match")
            if not np.all((roles.attribute(t) == t.y) == want):
                raise DataError(f"{t.path}: column {roles.spurious!r}: rows outside the "
                                f"{'s = y' if want else 's != y'} groups (spurious reference {roles.spurious_reference:g})")
    return ScalingLawDataset(name, root, roles, features, tables["seed"], tables["test"], tables.get("pool"), tables)


# ---------------------------------------------------------------------------------------- OPAL v1 layout
@dataclass(frozen=True, eq=False)
class OpalSetting:
    """One seed's setting: the raw training table and the generated rows of each generator (file order)."""

    train: Table
    generated: dict  # generator name -> Table (absent generators are left out)


@dataclass(frozen=True, eq=False)
class OpalDataset:
    """``opal_v1/<name>``: the source table and, per seed r, the test table and the settings present."""

    name: str
    root: Path
    roles: Roles
    features: tuple[str, ...]
    source: Table
    tests: dict  # seed -> Table
    settings: dict  # (seed, setting) -> OpalSetting

    @property
    def seeds(self) -> tuple[int, ...]:
        return tuple(sorted(self.tests))

    def setting_names(self) -> tuple[str, ...]:
        return tuple(s for s in OPAL_SETTINGS if any(k[1] == s for k in self.settings))


def load_opal_v1(data_dir, name: str, roles: dict | None = None) -> OpalDataset:
    root = _dataset_dir(data_dir, "opal_v1", name)
    seeds = sorted(int(m.group(1)) for p in root.iterdir() if (m := re.fullmatch(r"seed(\d+)", p.name)) and p.is_dir())
    if not seeds:
        raise DataError(f"{root}: no seed<r>/ folders (the opal_v1 layout needs seed<r>/test.csv)")

    def infer_minority(label):
        train = root / f"seed{seeds[0]}" / "imbalanced" / "train.csv"
        if not train.is_file():
            return 0
        y = read_table(train, label=label).y
        return int(np.sum(y == 1) < np.sum(y == 0))

    def infer_spurious(label, source):
        trains = [read_table(p, label=label) for r in seeds if (p := root / f"seed{r}" / "spurious" / "train.csv").is_file()]
        if not trains:
            return None, None

        def check(col, ref):
            for t in trains:
                if col not in t.features or len(t) <= 20:
                    return False
                s = (t.column(col) != ref).astype(int)
                if not np.all(s[20:] == t.y[20:]):
                    return False
                counts = [np.sum((s[:20] == a) & (t.y[:20] == b)) for a in (0, 1) for b in (0, 1)]
                if counts != [5, 5, 5, 5]:
                    return False
            return True
        return _infer_attribute(source, check)

    roles = _resolve_roles(root, root / "source.csv", roles, infer_minority, infer_spurious)
    source = read_table(root / "source.csv", label=roles.label)
    features = source.features
    tests, settings = {}, {}
    for r in seeds:
        tests[r] = read_table(root / f"seed{r}" / "test.csv", label=roles.label).aligned(features)
        for setting in OPAL_SETTINGS:
            folder = root / f"seed{r}" / setting
            if not folder.is_dir():
                continue
            train = read_table(folder / "train.csv", label=roles.label).aligned(features)
            generated = {g: read_table(folder / f"{g}.csv", label=roles.label, require=()).aligned(features)
                         for g in OPAL_GENERATORS if (folder / f"{g}.csv").is_file()}
            if not generated:
                raise DataError(f"{folder / 'gpt4.csv'}: required file is missing (a setting needs at least one generated file)")
            settings[(r, setting)] = OpalSetting(train, generated)
    return OpalDataset(name, root, roles, features, source, tests, settings)


# ------------------------------------------------------------------------------------- discovery, cells
def _check_dir(data_dir) -> Path:
    if data_dir is None or str(data_dir).strip() == "":
        raise DataError("--data: name the data directory (it holds scaling_law/ and/or opal_v1/)")
    root = Path(data_dir)
    if not root.is_dir():
        raise DataError(f"--data {root}: not a directory")
    return root


def _dataset_dir(data_dir, layout: str, name: str) -> Path:
    root = _check_dir(data_dir) / layout / name
    if not root.is_dir():
        have = datasets(data_dir, layout)
        raise DataError(f"{root}: dataset folder is missing (found: {', '.join(have) or 'none'})")
    return root


def datasets(data_dir, layout: str) -> list[str]:
    """Dataset folders of one layout (those with a source.csv), sorted; [] if the layout is absent."""
    if layout not in LAYOUTS:
        raise DataError(f"layout must be one of {', '.join(LAYOUTS)} (got {layout!r})")
    folder = _check_dir(data_dir) / layout
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and (p / "source.csv").is_file())


def load_dataset(data_dir, layout: str, name: str, roles: dict | None = None):
    """The dataset `name` of `layout` ("scaling_law" or "opal_v1")."""
    if layout == "scaling_law":
        return load_scaling_law(data_dir, name, roles)
    if layout == "opal_v1":
        return load_opal_v1(data_dir, name, roles)
    raise DataError(f"layout must be one of {', '.join(LAYOUTS)} (got {layout!r})")


def scaling_law_cells(data_dir) -> list[tuple[str, str]]:
    """(dataset, task) pairs of the scaling-law layout."""
    return [(ds, task) for ds in datasets(data_dir, "scaling_law") for task in TASKS]


def opal_v1_cells(data_dir) -> list[tuple[str, int, str]]:
    """(dataset, seed, setting) triples present in the OPAL v1 layout (folders only; no table is read)."""
    cells = []
    for ds in datasets(data_dir, "opal_v1"):
        root = Path(data_dir) / "opal_v1" / ds
        for p in sorted(root.glob("seed*")):
            if re.fullmatch(r"seed\d+", p.name):
                cells += [(ds, int(p.name[4:]), s) for s in OPAL_SETTINGS if (p / s).is_dir()]
    return sorted(cells)


# -------------------------------------------------------------------------------- the authors' numbers
STORED_NAME = re.compile(
    r"(imbalanced_class|spurious_corr)_(vary_ratio|vary_additional)_([a-z0-9]+)_"
    r"(synthetic_allseed|smote|adasyn|ros)_(balanced_log_cross|min_log_cross|balanced_cross|min_cross)"
)
TASK_OF_STORED = {"imbalanced_class": "imbalanced", "spurious_corr": "spurious"}
METHOD_OF_STORED = {"synthetic_allseed": "great", "smote": "smote", "adasyn": "adasyn", "ros": "ros"}


@dataclass(frozen=True)
class StoredCell:
    """One stored number: mean and std over reps of one arm at one x (ratio index or extra-row index)."""

    dataset: str
    task: str  # imbalanced | spurious
    experiment: str  # vary_ratio | vary_additional
    clf: str
    method: str  # great | smote | adasyn | ros
    metric: str  # balanced_cross | min_cross | balanced_log_cross | min_log_cross
    index: int
    arm: str  # raw | bal | bal+aug | all_real
    mean: float
    std: float | None


_ARMS = {"imbalance_base": "raw", "balance_base": "bal", "balance_augment": "bal+aug"}


def stored_scaling_law(data_dir, name: str) -> list[StoredCell]:
    """Every cell of ``scaling_law/<name>/results/current/*.json`` ([] if the folder is absent)."""
    folder = _dataset_dir(data_dir, "scaling_law", name) / "results" / "current"
    cells = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        m = STORED_NAME.fullmatch(path.stem)
        if not m:
            continue
        doc = _read_json(path)
        task, experiment, clf, method, metric = m.groups()
        for key, entry in doc.items():
            for prefix, arm in _ARMS.items():
                if f"{prefix}_mean" in entry:
                    cells.append(StoredCell(name, TASK_OF_STORED[task], experiment, clf, METHOD_OF_STORED[method],
                                            metric, int(key), arm, float(entry[f"{prefix}_mean"]),
                                            float(entry[f"{prefix}_std"])))
            if "train_all_augment" in entry:
                cells.append(StoredCell(name, TASK_OF_STORED[task], experiment, clf, METHOD_OF_STORED[method],
                                        metric, int(key), "all_real", float(entry["train_all_augment"]), None))
    return cells


def stored_ablation(data_dir, name: str) -> dict:
    """``results/ablation/*.json`` as {file stem: document} ({} if absent)."""
    folder = _dataset_dir(data_dir, "scaling_law", name) / "results" / "ablation"
    return {p.stem: _read_json(p) for p in sorted(folder.glob("*.json"))} if folder.is_dir() else {}


def stored_opal_v1(data_dir) -> dict | None:
    """``opal_v1/results_v1.json`` (None if absent)."""
    path = _check_dir(data_dir) / "opal_v1" / "results_v1.json"
    return _read_json(path) if path.is_file() else None


def _read_json(path: Path):
    try:
        return json.loads(path.read_text())
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise DataError(f"{path}: not valid JSON ({err})") from None
