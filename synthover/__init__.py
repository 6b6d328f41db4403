"""synthover: a theory-first verification toolkit for synthetic oversampling.

Layers (each a subpackage, with one subpackage per model inside):

- :mod:`synthover.theory` — sympy derivations only;
- :mod:`synthover.simulations` — JAX simulations, samplers and estimators only;
- :mod:`synthover.paper_checks` — claims, agreement rules, runner, reports, CLI;
- :mod:`synthover.figures` — one function per figure.

Importing the package has no side effects: JAX precision is chosen by the caller (the CLI and the
checks run in float64 inside :func:`synthover.simulations.precision.float64`).

Reference: Nakada, Xu, Li, Zhang, *Synthetic Oversampling: Theory and A Practical Approach Using LLMs
to Address Data Imbalance*, arXiv:2406.03628.
"""
__version__ = "0.2.0"
