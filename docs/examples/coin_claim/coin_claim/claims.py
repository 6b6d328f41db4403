"""A claim from outside the toolkit: the sample mean of n Bernoulli(p) draws is unbiased.

Theory: E[mean] = p (exact). Simulation: draws under the runner's PRNG key (JAX, as the toolkit's own
simulations do). Rule "exact": |sim - p| <= z SE, z Bonferroni over the run. Negative control: p + 0.05,
which must be judged "disagree" — a check that cannot fail verifies nothing.
"""
from __future__ import annotations

import jax
import numpy as np
import sympy as sp

from synthover.paper_checks.agreement import Comparison, mean_and_se
from synthover.paper_checks.claim import Claim, Provenance
from synthover.paper_checks.params import N, Parameter
from synthover.theory.derivation import Derivation


def derive() -> Derivation:
    """What `synthover explain COIN` prints: linearity of expectation, done by sympy."""
    p, n = sp.symbols("p n", positive=True)
    i = sp.Symbol("i", integer=True, positive=True)
    d = Derivation("Bernoulli sample mean", "classic")
    mean = d.step("expectation of the sample mean", sp.Sum(p, (i, 1, n)) / n, text="E[x_i] = p for every i")
    d.step("sum of n equal terms", sp.simplify(mean.doit()))
    return d


P = Parameter("p", 0.3, "success probability", low=0.01, high=0.99)
ROWS = N.narrow(default=50, low=1, high=10_000, help="draws per replication")


def compare(params: dict, key, reps: int) -> list[Comparison]:
    p, n = params["p"], params["n"]
    draws = jax.random.bernoulli(key, p, (reps, n))
    mean, se = mean_and_se(np.asarray(draws, dtype=float).mean(axis=1))
    return [Comparison("E sample mean", "exact", p, mean, se, negative_control=p + 0.05, control="p + 0.05")]


CLAIMS = [
    Claim(
        id="COIN",
        title="The sample mean of Bernoulli draws is unbiased",
        statement="E[(1/n) sum x_i] = p for x_i ~ Bernoulli(p).",
        provenance=Provenance("classic", where="linearity of expectation", added="worked plug-in example"),
        parameters=(P, ROWS),
        compare=compare,
        explain=derive,
        grid=({"p": 0.3, "n": 50}, {"p": 0.8, "n": 20}),
        quick_grid=({"p": 0.3, "n": 50},),
        reps=20_000,
        quick_reps=4_000,
    )
]
