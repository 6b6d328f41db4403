"""PRNG keys for named, indexed tasks: the same (seed, label, index) gives the same key in any process.

key = fold_in(fold_in(PRNGKey(seed), crc32(label)), index), so a claim's numbers do not depend on which
other claims run with it, and a grid point run on a remote worker draws exactly what it draws locally.
"""
from __future__ import annotations

import zlib

import jax


def label_key(seed: int, label: str):
    """fold_in(PRNGKey(seed), crc32(label))."""
    return jax.random.fold_in(jax.random.PRNGKey(seed), zlib.crc32(label.encode()))


def task_key(seed: int, label: str, index: int):
    return jax.random.fold_in(label_key(seed, label), index)


def seed_key(seed: int):
    """The root key of a run with this integer seed."""
    return jax.random.PRNGKey(seed)


def split(key, num: int = 2):
    return jax.random.split(key, num)
