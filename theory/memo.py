"""Derivation results kept once computed: in memory always, on disk when a program asks for it.

A derivation (sympy diff, solve, series, simplify) gives the same expression in every process, and some
take seconds (A2's delta method, A3, C1). `@memo` keeps each result in memory, like
``functools.lru_cache(maxsize=None)``; after ``use_disk(folder)`` it also keeps it as a pickle in
folder/<version>/, where version hashes every source file of theory/ with the sympy and Python versions,
so any edit of a derivation starts a new folder and a stale result is never read. The CLI calls
``use_disk`` (SYNTHOVER_CACHE, default ~/.cache/synthover); importing the library writes nothing.
A result that cannot be pickled is kept in memory only.
"""
from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import Callable

_MISSING = object()
_disk: Path | None = None
_base: Path | None = None


def use_disk(folder: Path | str | None) -> None:
    """Keep derivation results under `folder` (None: memory only)."""
    global _disk, _base
    _base = None if folder is None else Path(folder)
    _disk = None if folder is None else _base / "derivations" / source_version()


def disk() -> Path | None:
    """The folder given to `use_disk` (None: memory only), for a worker process to use the same."""
    return _base


@functools.lru_cache(maxsize=1)
def source_version() -> str:
    """sha256 of theory/'s sources, sympy's version and Python's (major.minor), 16 hex digits."""
    import sympy

    root = Path(__file__).resolve().parent
    digest = hashlib.sha256(f"{sympy.__version__} {sys.version_info[:2]}".encode())
    for path in sorted(root.rglob("*.py")):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def memo(fn: Callable) -> Callable:
    """Memoise `fn` (hashable arguments) in memory, and on disk after `use_disk`."""
    store: dict = {}

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        key = (args, tuple(sorted(kwargs.items())))
        value = store.get(key, _MISSING)
        if value is _MISSING:
            file = _file(fn, key)
            value = _load(file)
            if value is _MISSING:
                value = fn(*args, **kwargs)
                _save(file, value)
            store[key] = value
        return value

    wrapper.cache_clear = store.clear
    return wrapper


def _file(fn: Callable, key) -> Path | None:
    if _disk is None:
        return None
    digest = hashlib.sha256(repr(key).encode()).hexdigest()[:16]
    return _disk / f"{fn.__module__}.{fn.__qualname__}.{digest}.pkl"


def _load(file: Path | None):
    if file is None or not file.is_file():
        return _MISSING
    try:
        return pickle.loads(file.read_bytes())
    except Exception:  # noqa: BLE001  (an unreadable entry is recomputed and rewritten)
        return _MISSING


def _save(file: Path | None, value) -> None:
    if file is None:
        return
    try:
        data = pickle.dumps(value)
    except Exception:  # noqa: BLE001  (kept in memory only)
        return
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        partial = file.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(data)
        os.replace(partial, file)  # atomic: concurrent processes write the same bytes
    except OSError:
        return
