"""Simulation side of synthover: JAX only (no sympy, no theory).

Pure functions of ``(key, params)``, jitted and vmapped over replications. Importing this package
changes no global JAX setting: the checks run inside :func:`synthover.simulations.precision.float64`,
and user-facing samplers work under whatever precision the caller has configured.
"""
