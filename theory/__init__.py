"""Symbolic side of synthover: sympy derivations only (no JAX, no simulation).

Every public result is a function returning a :class:`theory.derivation.Derivation` or a sympy
expression built from the shared symbols in :mod:`theory.symbols`; numbers come from
:func:`theory.numeric.evaluate`.
"""
