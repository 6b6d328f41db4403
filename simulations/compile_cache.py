"""JAX's persistent compilation cache, switched on by a program (the CLI), never by an import."""
from __future__ import annotations

from pathlib import Path

import jax


def use_persistent_cache(folder: Path) -> None:
    """Keep every compiled XLA program in `folder` (also the quick ones: most of a check's programs compile
    in under a second each, and there are hundreds)."""
    jax.config.update("jax_compilation_cache_dir", str(folder))
    jax.config.update("jax_persistent_cache_min_compile_time_secs", 0.0)
    jax.config.update("jax_persistent_cache_min_entry_size_bytes", 0)
