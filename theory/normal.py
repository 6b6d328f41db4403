"""The standard normal cdf Phi and density phi as sympy expressions.

Phi(x) = (1 + erf(x / sqrt 2)) / 2,   phi(x) = exp(-x^2 / 2) / sqrt(2 pi),   Phi' = phi.
"""
import sympy as sp


def Phi(z):
    """Standard normal cdf."""
    return (1 + sp.erf(z / sp.sqrt(2))) / 2


def phi(z):
    """Standard normal density."""
    return sp.exp(-z**2 / 2) / sp.sqrt(2 * sp.pi)
