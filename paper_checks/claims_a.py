"""Claim family A on model G: the imbalance bias and the benefit of synthetic oversampling."""
from __future__ import annotations

import math

from paper_checks.agreement import Comparison
from paper_checks.claim import Claim
from paper_checks.model_g_params import D, N0, N1, S, imbalanced
from simulations.generators import Duplication
from simulations.montecarlo import monte_carlo
from simulations.oversampling import Design, logistic_full
from theory import imbalance_bias
from theory.numeric import evaluate

# Efron (1975): logistic regression's asymptotic efficiency relative to LDA in model G is >= 1/2 for
# separations s <= 2, so its finite-sample variance term is at most twice plug-in LDA's.
LOGISTIC_VARIANCE_FACTOR = 2.0


def lda_fluctuation_term(p: dict) -> float:
    """(s phi(s)/8)[(d-1)(1/n0 + 1/n1)/s^2 + (1/n0 + 1/n1)]: the finite-sample part of A2 at m = 0."""
    v = 1 / p["n0"] + 1 / p["n1"]
    s = p["s"]
    return s * math.exp(-s * s / 2) / math.sqrt(2 * math.pi) / 8 * ((p["d"] - 1) * v / s**2 + v)


def _compare_a1(p: dict, key, reps: int) -> list[Comparison]:
    theory = evaluate(imbalance_bias.excess_population(), p)
    quadratic = evaluate(imbalance_bias.excess_population_quadratic(), p)
    wrong = evaluate(imbalance_bias.excess_population(ell_scale=2), p)
    design = Design(p["d"], p["s"], p["n0"], p["n1"], 0)
    sim = monte_carlo(logistic_full(design, Duplication()), key, reps, chunk=64)["excess"]
    finite_n = LOGISTIC_VARIANCE_FACTOR * lda_fluctuation_term(p)
    return [
        Comparison(
            quantity="excess R_bal of raw logistic ERM",
            rule="approximate",
            theory=theory,
            simulation=sim.mean,
            se=sim.se,
            rel_tol=finite_n / theory,
            negative_control=wrong,
            control="intercept ell doubled",
            detail={"quadratic_approximation": quadratic, "quadratic_rel_gap": quadratic / theory - 1,
                    "declared_finite_n_term": finite_n},
        )
    ]


A1 = Claim(
    id="A1",
    title="Raw ERM on imbalanced data is biased",
    statement=(
        "Population logistic ERM gives w = 2mu/sigma^2, b = ell = log(n1/n0), so "
        "R_bal - Phi(-s) = [Phi(-s - ell/2s) + Phi(-s + ell/2s)]/2 - Phi(-s) ~ phi(s) ell^2/(8s), "
        "which does not vanish as n grows."
    ),
    source="paper (made exact in model G)",
    parameters=(D, S, N0, N1),
    compare=_compare_a1,
    explain=imbalance_bias.derive_population_logistic,
    grid=tuple({"d": 5, "s": 1.0, "n1": 1000, "n0": r * 1000} for r in (2, 5, 10))
    + ({"d": 5, "s": 1.0, "n1": 4000, "n0": 20000},),
    quick_grid=({"d": 5, "s": 1.0, "n1": 500, "n0": 2500},),
    reps=400,
    quick_reps=400,
    constraints=imbalanced,
)

CLAIMS = [A1]
