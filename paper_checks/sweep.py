"""`synthover sweep`: augmentation sweeps over a user grid, cached by a hash of what determines the numbers.

A grid is the product of lists of d, s, n0, n1, w, delta, delta0, sigma_syn and N (flags or a TOML/JSON
file with the same keys; scalars count as one-element lists), run on one path: "fast" (plug-in LDA from
class means drawn in distribution), "lda" (plug-in LDA from rows) or "logistic" (weighted logistic ERM
from rows). Each point is one cache entry under the cache folder, keyed by
sha256(point parameters, path, seed, reps, code version), where the code version hashes the source of the
simulation modules. Points already cached are served from disk; figures read the same cache.
The theory column is the delta-method curve of C1 (plug-in LDA), shown for comparison only.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import sys
from pathlib import Path

from synthover.paper_checks.model_g.params import D, DELTA, DELTA0, N0, N1, N_AUG, S, SIGMA_SYN, W
from synthover.paper_checks.params import Parameter, ParameterError, count

PATHS = ("fast", "lda", "logistic")
GRID_KEYS = {p.name: p for p in (
    D.narrow(default=10), S, N0.narrow(default=400, low=2), N1.narrow(default=100, low=2), W,
    DELTA.narrow(default=0.0), DELTA0.narrow(default=0.0), SIGMA_SYN, N_AUG.narrow(default=0))}
DEFAULT_CACHE = Path("results/cache")
MAX_ROW_DRAWS = 10**8  # rows x reps per point on the row paths, to keep a sweep interactive


def code_version() -> str:
    """Hash of the sources that determine a simulated number."""
    from synthover.simulations import exact_risk, lda, logistic
    from synthover.simulations.model_g import augmentation, experiments, model, oversampling

    digest = hashlib.sha256()
    for module in (augmentation, experiments, lda, logistic, exact_risk, model, oversampling):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:16]


def load_grid_file(path: Path) -> dict:
    if not path.exists():
        raise ParameterError(f"--config: no such file {str(path)!r}")
    text = path.read_text()
    try:
        if path.suffix.lower() == ".toml":
            import tomllib

            data = tomllib.loads(text)
        else:
            data = json.loads(text)
    except Exception as err:  # noqa: BLE001  (any parse error becomes one line)
        raise ParameterError(f"--config: cannot parse {path.name}: {str(err).splitlines()[0]}") from None
    if not isinstance(data, dict):
        raise ParameterError("--config: the file must hold a table/object of grid keys")
    return data


def normalise_grid(raw: dict) -> tuple[dict, dict]:
    """(grid of checked value lists, run settings {path, reps, seed}); one-line ParameterError on bad input."""
    raw = dict(raw)
    settings = {"path": raw.pop("path", "fast"), "reps": raw.pop("reps", 4096), "seed": raw.pop("seed", 0)}
    unknown = sorted(set(raw) - set(GRID_KEYS))
    if unknown:
        raise ParameterError(f"unknown sweep key {unknown[0]!r}; valid: {', '.join(GRID_KEYS)}, path, reps, seed")
    if settings["path"] not in PATHS:
        raise ParameterError(f"parameter path: must be one of {', '.join(PATHS)} (got {settings['path']!r})")
    settings["reps"] = count("reps", 4096, "replications", low=2).check(settings["reps"])
    settings["seed"] = Parameter("seed", 0, "seed", integer=True, low=0, high=2**32 - 1).check(settings["seed"])
    grid = {}
    for name, param in GRID_KEYS.items():
        values = raw.get(name, [param.default])
        values = values if isinstance(values, (list, tuple)) else [values]
        if not values:
            raise ParameterError(f"parameter {name}: needs at least one value")
        grid[name] = [param.check(v) for v in values]
    for n_aug in grid["N"]:
        if n_aug % 2:
            raise ParameterError(f"parameter N: must be an even integer >= 0 (got {n_aug})")
    return grid, settings


def points(grid: dict) -> list[dict]:
    names = list(grid)
    out = []
    for combo in itertools.product(*(grid[n] for n in names)):
        point = dict(zip(names, combo))
        if point["n1"] > point["n0"]:
            raise ParameterError(f"parameter n1: must be <= n0 = {point['n0']} (got {point['n1']})")
        if point["d"] == 1 and (point["delta"] or point["delta0"]):
            raise ParameterError(f"parameter delta: must be 0 when d = 1 (got {point['delta']})")
        out.append(point)
    return out


def cache_key(point: dict, path: str, seed: int, reps: int) -> str:
    doc = {"point": point, "path": path, "seed": seed, "reps": reps, "code": code_version()}
    return hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()[:24]


def simulate_point(point: dict, path: str, seed: int, reps: int) -> dict:
    """Mean and SE of the excess balanced risk at one point (the key folds in a hash of the point)."""
    from synthover.simulations.model_g.augmentation import PATHS as SIM_PATHS
    from synthover.simulations.model_g.augmentation import curve_summary
    from synthover.simulations.model_g.experiments import augmentation_design
    from synthover.simulations.keys import label_key
    from synthover.simulations.montecarlo import monte_carlo

    dsg = augmentation_design(point, point["N"])
    rows = dsg.n0 + dsg.n1 + dsg.m1 + dsg.n_aug
    if path != "fast" and rows * reps > MAX_ROW_DRAWS:
        raise ParameterError(f"parameter reps: rows x reps = {rows * reps} is too large for the {path} path "
                             f"(at most {MAX_ROW_DRAWS}); lower reps or N")
    key = label_key(seed, json.dumps(point, sort_keys=True))
    if path == "fast":  # shares one compilation across all points of the same d
        mean, se = curve_summary([dsg], key, reps)
        return {"mean": float(mean[0]), "se": float(se[0])}
    stat = SIM_PATHS[path](dsg)
    chunk = max(1, min(256, 2_000_000 // max(rows * dsg.d, 1)))
    summary = monte_carlo(stat, key, reps, chunk=chunk)["excess"]
    return {"mean": summary.mean, "se": summary.se}


def theory_value(point: dict) -> float:
    from synthover.theory.model_g.scaling_curves import theory_params
    from synthover.theory.model_g import scaling_law
    from synthover.theory.numeric import evaluate

    return float(evaluate(scaling_law.delta_method_curve(), theory_params(point)))


def run_sweep(grid: dict, settings: dict, cache: Path | None = DEFAULT_CACHE, progress: bool = True,
              dask: str | None = None) -> list[dict]:
    """Every grid point's result, from the cache when present (`cache=None`: always simulate, store nothing).

    dask: a Dask scheduler address or scheduler file; the points not cached run there as tasks. Each point's
    key is a function of the point and the seed alone, so the numbers are those of a local run."""
    from tqdm import tqdm

    todo = points(grid)
    keys = [cache_key(point, settings["path"], settings["seed"], settings["reps"]) for point in todo]
    files = [None if cache is None else Path(cache) / f"{key}.json" for key in keys]
    missing = [i for i, file in enumerate(files) if file is None or not file.exists()]
    args = [(todo[i], settings["path"], settings["seed"], settings["reps"]) for i in missing]
    if dask:
        from synthover.paper_checks.runner import dask_gather

        simulated = dask_gather(dask, [(simulate_point_float64, a, f"sweep-{keys[i]}") for i, a in zip(missing, args)],
                                progress)
    else:
        simulated = [simulate_point_float64(*a) for a in tqdm(args, file=sys.stderr, disable=not progress,
                                                                unit="point", leave=False)]
    fresh = dict(zip(missing, simulated))
    results = []
    for i, (point, key, file) in enumerate(zip(todo, keys, files)):
        if i not in fresh:
            results.append({**json.loads(file.read_text()), "cached": True})
            continue
        entry = {"point": point, **{k: settings[k] for k in ("path", "seed", "reps")}, **fresh[i],
                 "theory_delta_method": theory_value(point), "code": code_version(), "key": key}
        if file is not None:
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(json.dumps(entry, sort_keys=True, indent=1))
        results.append({**entry, "cached": False})
    return results


def simulate_point_float64(point: dict, path: str, seed: int, reps: int) -> dict:
    """simulate_point in float64 (a pure function of its arguments: it runs the same in any process)."""
    from synthover.simulations.precision import float64

    with float64():
        return simulate_point(point, path, seed, reps)


def format_table(results: list[dict]) -> str:
    head = f"{'d':>3} {'s':>4} {'n0':>6} {'n1':>6} {'w':>5} {'delta':>6} {'delta0':>6} {'N':>8}  " \
           f"{'excess (sim)':>13} {'SE':>9} {'theory (LDA)':>13}  cached"
    lines = [head]
    for r in results:
        p = r["point"]
        lines.append(f"{p['d']:>3} {p['s']:>4g} {p['n0']:>6} {p['n1']:>6} {p['w']:>5g} {p['delta']:>6g} "
                     f"{p['delta0']:>6g} {p['N']:>8}  {r['mean']:>13.6g} {r['se']:>9.2g} "
                     f"{r['theory_delta_method']:>13.6g}  {'yes' if r['cached'] else 'no'}")
    return "\n".join(lines) + "\n"


def add_parser(sub) -> None:
    """The `sweep` subcommand's flags (called from paper_checks/cli.py)."""
    sw = sub.add_parser("sweep", help="augmentation sweep over a grid (cached by a hash of the parameters)")
    for name in GRID_KEYS:
        sw.add_argument(f"--{name}", nargs="+", metavar="V", help=f"values of {name} ({GRID_KEYS[name].help})")
    sw.add_argument("--config", type=Path, help="TOML or JSON file with the grid keys (flags override it)")
    sw.add_argument("--path", choices=PATHS, help="simulation path (default fast)")
    sw.add_argument("--reps", help="replications per point (default 4096)")
    sw.add_argument("--seed", help="PRNG seed (default 0)")
    sw.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="cache folder (default results/cache/)")
    sw.add_argument("--no-cache", action="store_true", help="simulate every point, read and write no cache")
    sw.add_argument("--json", action="store_true", help="print JSON instead of the table")
    sw.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    sw.add_argument("--dask", metavar="ADDRESS", help="run the points not cached as tasks on a Dask distributed "
                                                       "scheduler (address or scheduler file); same numbers")


def command(args) -> int:
    raw = load_grid_file(args.config) if args.config else {}
    for name in list(GRID_KEYS) + ["path", "reps", "seed"]:
        value = getattr(args, name, None)
        if value is not None:
            raw[name] = value
    grid, settings = normalise_grid(raw)
    results = run_sweep(grid, settings, cache=None if args.no_cache else args.cache, progress=not args.no_progress,
                        dask=args.dask)
    print(json.dumps(results, indent=1, sort_keys=True) if args.json else format_table(results), end="")
    return 0
