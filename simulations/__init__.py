"""Simulation side of synthover: JAX only (no sympy, no theory).

Pure functions of (key, params), jitted and vmapped over replications; float64 is enabled here because
several checks resolve excess risks of order 1e-5.
"""
import jax

jax.config.update("jax_enable_x64", True)
