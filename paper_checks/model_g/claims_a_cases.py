"""Claims A3 (special cases of A2 to leading order) and A4 (when synthetic oversampling beats duplication)."""
from __future__ import annotations

import math

import jax

from synthover.paper_checks.agreement import Comparison
from synthover.paper_checks.claim import Claim, Provenance, require
from synthover.paper_checks.model_g.params import D, N0, N1, S, imbalanced, shift_fits_dimension
from synthover.paper_checks.params import Parameter, nonnegative, real
from synthover.simulations.samplers.generators import Duplication, GShift, Replication
from synthover.simulations.model_g.model import shift_vector
from synthover.simulations.montecarlo import monte_carlo
from synthover.simulations.model_g.oversampling import Design, lda_fast
from synthover.theory.model_g import oversampling
from synthover.theory.model_g import oversampling_cases
from synthover.theory.numeric import evaluate


def _compare_a3(p: dict, key, reps: int) -> list[Comparison]:
    """Each special case against its own simulation; tolerance: the terms the leading order drops."""
    d_, s_, n0_, n1_ = p["d"], p["s"], p["n0"], p["n1"]
    m_bal = n0_ - n1_
    k_raw, k_dup, k_boot, k_syn, k_bias = jax.random.split(key, 5)
    mu_design = Design(d_, s_, n0_, n1_, m_bal)
    base = {"d": d_, "s": s_, "n0": n0_, "n1": n1_, "m": m_bal, "sigma_syn": 1.0}
    eps = evaluate(oversampling.approximation_scales()["epsilon"], {**base, "delta_par": 0, "delta_perp": 0})
    rows = []

    def case(quantity, theory_expr, control_expr, control, generator, k, extra=None, dropped=0.0):
        theory = evaluate(theory_expr, {**base, **(extra or {})})
        sim = monte_carlo(lda_fast(mu_design, generator), k, reps)["excess"]
        rows.append(Comparison(
            quantity=quantity, rule="approximate", theory=theory, simulation=sim.mean, se=sim.se,
            rel_tol=(abs(dropped) + eps * theory) / theory,
            negative_control=evaluate(control_expr, {**base, **(extra or {})}), control=control,
            detail={"dropped_terms": dropped, "epsilon": eps},
        ))

    raw = {**base, "m": 0, "delta_par": 0, "delta_perp": 0}
    raw_sim = monte_carlo(lda_fast(Design(d_, s_, n0_, n1_, 0), Duplication()), k_raw, reps)["excess"]
    raw_theory = evaluate(oversampling_cases.derive_cases()["raw_limit"], {**base, "r": n0_ / n1_})
    # finite-n terms the limit drops: the hybrid form at this n minus its limit, plus the next order
    finite_n = evaluate(oversampling.excess_hybrid(), raw) - raw_theory
    raw_next = evaluate(oversampling.approximation_scales()["epsilon"], raw) * evaluate(
        oversampling.approximation_scales()["fluctuation"], raw)
    rows.append(Comparison(
        quantity="raw data: the ell^2 bias stays (n -> oo limit)", rule="approximate", theory=raw_theory,
        simulation=raw_sim.mean, se=raw_sim.se, rel_tol=(abs(finite_n) + raw_next) / raw_theory,
        negative_control=0.5 * raw_theory, control="bias halved",
        detail={"finite_n_terms": finite_n},
    ))
    dup = oversampling_cases.excess_duplication()
    boot = oversampling_cases.excess_duplication(oversampling_cases.bootstrap_v1())
    # duplication keeps the intercept drift d(v1 - v0)/2 of b_bar, which the leading order drops
    drift = evaluate(oversampling_cases.duplication_dropped_terms(), base)
    case("duplication to balance (deterministic copies)", dup, dup.subs(oversampling_cases.d, oversampling_cases.d + 5),
         "d -> d + 5", Replication(), k_dup, dropped=drift)
    drift_boot = evaluate(oversampling_cases.duplication_dropped_terms(oversampling_cases.bootstrap_v1()), base)
    case("random duplication (bootstrap), toolkit's v1", boot, dup, "v1 = 1/n1 (copies' law)", Duplication(), k_boot,
         dropped=drift_boot)
    mu = mu_design.model.mu
    perfect = oversampling_cases.excess_synthetic_balanced()
    case("perfect synthetic to balance", perfect, dup, "duplication's law", GShift(mu, shift_vector(d_, 0, 0)), k_syn,
         extra={"delta_par": 0, "delta_perp": 0})
    delta = {"delta_par": p["delta_par"], "delta_perp": p["delta_perp"]}
    quad = evaluate(oversampling.excess_quadratic(), {**base, **delta})
    lead = evaluate(perfect, {**base, **delta})
    case("biased synthetic to balance", perfect, perfect.subs(oversampling_cases.delta_par, 0).subs(oversampling_cases.delta_perp, 0),
         "bias term dropped", GShift(mu, shift_vector(d_, **delta)), k_bias, extra=delta, dropped=quad - lead)
    return rows


A3 = Claim(
    id="A3",
    title="Special cases: raw, duplication, perfect and biased synthetic",
    statement=(
        "Duplication to balance: (s phi(s)/8)(1/n1 + 1/n0)((d-1)/s^2 + 1); perfect synthetic: "
        "(s phi(s)/(4 n0))((d-1)/s^2 + 1); a biased generator adds (s phi(s)/8) alpha^2 (delta_perp^2/s^2 + "
        "delta_par^2); raw ERM keeps the ell^2 bias. Random duplication (bootstrap) has the larger "
        "v1 = 1/n1 + m(1 - 1/n1)/(n1 + m)^2."
    ),
    provenance=Provenance('paper, made exact', added='paper (made exact in model G); bootstrap variance: toolkit derivation'),
    parameters=(D, S, N0, N1, real("delta_par", 0.2, "synthetic mean shift along mu"),
                nonnegative("delta_perp", 0.2, "norm of the synthetic mean shift orthogonal to mu")),
    compare=_compare_a3,
    explain=oversampling_cases.derive_cases,
    grid=({"d": 5, "s": 1.0, "n0": 400, "n1": 40, "delta_par": 0.2, "delta_perp": 0.2},
          {"d": 10, "s": 1.5, "n0": 2000, "n1": 200, "delta_par": 0.1, "delta_perp": 0.1},
          {"d": 5, "s": 1.0, "n0": 1000, "n1": 500, "delta_par": 0.0, "delta_perp": 0.3}),
    quick_grid=({"d": 5, "s": 1.0, "n0": 400, "n1": 40, "delta_par": 0.2, "delta_perp": 0.2},),
    reps=200_000,
    quick_reps=40_000,
    constraints=lambda p: (imbalanced(p), shift_fits_dimension(p), _multiple(p)),
)


def _multiple(p):
    require(p["n0"] % p["n1"] == 0, f"parameter n0: must be a multiple of n1 = {p['n1']} for deterministic duplication (got {p['n0']})")


A4_BOUNDARY_MISPLACEMENT = 3.0


def a4_cell(p: dict) -> dict:
    """delta along angle psi from mu with norm ratio x critical norm."""
    crit = evaluate(oversampling_cases.derive_a4_boundary()["critical_norm"], {**p, "||delta||": 0})
    norm = p["ratio"] * crit
    return {"delta_par": norm * math.cos(p["psi"]), "delta_perp": norm * math.sin(p["psi"]), "critical_norm": crit}


def _compare_a4(p: dict, key, reps: int) -> list[Comparison]:
    cell = a4_cell(p)
    base = {"d": p["d"], "s": p["s"], "n0": p["n0"], "n1": p["n1"], "delta_par": cell["delta_par"], "delta_perp": cell["delta_perp"]}
    advantage = oversampling_cases.derive_a4_boundary()["advantage"]
    predicted = evaluate(advantage, base)
    # the negative control moves the boundary by a factor 3 past this cell (bias term x 9 or / 9)
    factor = A4_BOUNDARY_MISPLACEMENT**2 if p["ratio"] < 1 else 1 / A4_BOUNDARY_MISPLACEMENT**2
    bias_term = evaluate(oversampling_cases.excess_synthetic_balanced(), base) - evaluate(
        oversampling_cases.excess_synthetic_balanced(), {**base, "delta_par": 0, "delta_perp": 0})
    control = predicted - (factor - 1) * bias_term
    design = Design(p["d"], p["s"], p["n0"], p["n1"], p["n0"] - p["n1"])
    k_dup, k_syn = jax.random.split(key, 2)
    dup = monte_carlo(lda_fast(design, Replication()), k_dup, reps)["excess"]
    syn = monte_carlo(lda_fast(design, GShift(design.model.mu, shift_vector(p["d"], cell["delta_par"], cell["delta_perp"]))), k_syn, reps)["excess"]
    return [Comparison(
        quantity="winner: duplication excess - synthetic excess",
        rule="sign",
        theory=predicted,
        simulation=dup.mean - syn.mean,
        se=math.hypot(dup.se, syn.se),
        negative_control=control,
        control="boundary misplaced x3 past the cell",
        detail={"critical_norm": cell["critical_norm"], "duplication": dup.mean, "synthetic": syn.mean},
    )]


def _a4_grid(n1s, ratios, psi=math.pi / 4):
    return tuple({"d": 5, "s": 1.0, "n0": 400, "n1": n1, "ratio": r, "psi": psi} for n1 in n1s for r in ratios)


A4 = Claim(
    id="A4",
    title="When synthetic oversampling beats duplication",
    statement=(
        "To leading order synthetic oversampling to balance beats duplication iff "
        "alpha^2 (delta_perp^2/s^2 + delta_par^2) < (1/n1 - 1/n0)((d-1)/s^2 + 1)."
    ),
    provenance=Provenance('paper, made exact', added='paper (made exact in model G)'),
    parameters=(D, S, N0, N1,
                Parameter("ratio", 0.5, "||delta|| / critical norm", low=0.0, low_open=True, high=10.0),
                Parameter("psi", math.pi / 4, "angle of delta from mu (radians)", low=0.0, high=math.pi / 2)),
    compare=_compare_a4,
    explain=oversampling_cases.derive_a4_boundary,
    grid=_a4_grid((20, 40, 100, 200), (0.5, 2.0)) + _a4_grid((40,), (0.5, 2.0), psi=0.0) + _a4_grid((40,), (0.5, 2.0), psi=math.pi / 2),
    quick_grid=_a4_grid((40,), (0.5, 2.0)),
    reps=100_000,
    quick_reps=20_000,
    constraints=lambda p: (imbalanced(p), _multiple(p)),
)

CLAIMS = [A3, A4]
