"""JAX's persistent compilation cache, switched on by a program (the CLI), never by an import."""
from __future__ import annotations

import hashlib
import platform
from pathlib import Path

import jax


def machine_fingerprint() -> str | None:
    """16 hex digits of sha256(jax and jaxlib versions, architecture, CPU model and feature flags) read from
    /proc/cpuinfo; None where that file is missing (not Linux). A compiled program is only valid for the CPU
    features and XLA it was compiled with, so a cache folder named by this can be shared (a cluster home)
    without one machine loading another's programs."""
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return None
    import jaxlib

    wanted = ("model name", "flags", "Features", "CPU implementer", "CPU part")  # x86 and ARM spellings
    cpu = sorted({line.strip() for line in lines if line.split(":")[0].strip() in wanted})
    text = "\n".join([jax.__version__, jaxlib.__version__, platform.machine(), *cpu])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def persistent_cache() -> Path | None:
    """The folder of the persistent cache in use (None: off), for a worker process to use the same."""
    folder = jax.config.jax_compilation_cache_dir
    return Path(folder) if folder else None


def use_persistent_cache(folder: Path) -> None:
    """Keep every compiled XLA program in `folder` (also the quick ones: most of a check's programs compile
    in under a second each, and there are hundreds)."""
    jax.config.update("jax_compilation_cache_dir", str(folder))
    jax.config.update("jax_persistent_cache_min_compile_time_secs", 0.0)
    jax.config.update("jax_persistent_cache_min_entry_size_bytes", 0)
