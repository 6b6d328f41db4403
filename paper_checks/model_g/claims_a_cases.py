"""Claims A3 (special cases of A2 to leading order) and A4 (when synthetic oversampling beats duplication).

A3: each data set's simulation is judged against its exact E R_bal (theory/model_g/balancing_exact.py:
quadrature over the law of the class means; the bootstrap as a scale mixture), declared error the
quadrature's. The leading-order forms (theory/model_g/oversampling_cases.py) are judged by the order of
their error against the exact value (claims_a.error_order): O(1/n) for the raw limit, O(1/n^2) for
duplication, the bootstrap and perfect synthetic rows, and O(n^-3/2) for biased rows with a shift scaled as
1/sqrt(n) (the bias term is then of the fluctuation's order; the dropped terms are the third order in delta
and the delta/n cross terms). At a point the leading value and its gap to the exact value are reported.
The domain (parameters narrowed + constraints) is the regime where the leading orders are asserted
(fourth-order fluctuation terms and higher delta terms small) and each control is separable.
"""
from __future__ import annotations

import math

from synthover.paper_checks.agreement import Comparison
from synthover.paper_checks.claim import Claim, Provenance, Study, require
from synthover.paper_checks.model_g.claims_a import HEADROOM, error_order
from synthover.paper_checks.model_g.params import (D, DELTA_PAR, DELTA_PERP, N0, N1, NORM_RATIO, PSI, S,
                                                    imbalanced, shift_fits_dimension)
from synthover.simulations.model_g.experiments import balancing_cases, duplication_and_synthetic
from synthover.theory.model_g import balancing_exact, oversampling, oversampling_cases
from synthover.theory.model_g.balancing_exact import balanced_point
from synthover.theory.numeric import evaluate

EPSILON_MAX = 0.05  # fourth-order fluctuation terms at most 5% of the second-order ones
RATIO_RANGE = (2, 10)  # n0/n1: balance needs m = n0 - n1 >= n1 rows for the bootstrap's extra variance to show
DUPLICATION_CONTROL_EXTRA_D = 5
RAW_CONTROL_FACTOR = 0.5


def _multiple(p: dict) -> None:
    require(p["n0"] % p["n1"] == 0,
            f"parameter n0: must be a multiple of n1 = {p['n1']} for deterministic duplication (got {p['n0']})")


def a3_leading(p: dict) -> dict[str, float]:
    """The leading-order forms of A3 at p (oversampling_cases), one per case."""
    base, zero = balanced_point(p), balanced_point(p, delta_par=0.0, delta_perp=0.0)
    synthetic = oversampling_cases.excess_synthetic_balanced()
    return {
        "raw": evaluate(oversampling_cases.derive_cases()["raw_limit"], {**base, "r": p["n0"] / p["n1"]}),
        "duplication": evaluate(oversampling_cases.excess_duplication(), base),
        "bootstrap": evaluate(oversampling_cases.excess_duplication(oversampling_cases.bootstrap_v1()), base),
        "perfect": evaluate(synthetic, zero),
        "biased": evaluate(synthetic, base),
    }


def a3_regime(p: dict) -> dict:
    """The leading orders' regime at p: epsilon (fourth-order fluctuation terms) and the biased case's second-order
    bias term T2, the higher delta terms it drops and their leading part T3 (no quadrature: cheap)."""
    leading = a3_leading(p)
    shifted, zero = balanced_point(p), balanced_point(p, delta_par=0.0, delta_perp=0.0)
    t3 = oversampling_cases.derive_bias_series()["T3"].subs(
        oversampling_cases.alpha, (oversampling_cases.n0 - oversampling_cases.n1) / oversampling_cases.n0)
    return {"leading": leading, "epsilon": evaluate(oversampling.approximation_scales()["epsilon"], zero),
            "bias_T2": leading["biased"] - leading["perfect"],
            "dropped_delta_terms": evaluate(oversampling_cases.bias_dropped_terms(), shifted),
            "T3": evaluate(t3, shifted)}


def a3_theory(p: dict) -> dict:
    """Per case: exact value, its declared (quadrature) error, the control's value and the leading order."""
    exact = balancing_exact.a3_exact(p)
    wider = balancing_exact.duplication_excess({**p, "d": p["d"] + DUPLICATION_CONTROL_EXTRA_D})
    controls = {"raw": RAW_CONTROL_FACTOR * exact.raw.excess, "duplication": wider.excess,
                "bootstrap": exact.duplication.excess, "perfect": exact.duplication.excess,
                "biased": exact.perfect.excess}
    regime = a3_regime(p)
    leading = regime["leading"]
    cases = {case: {"theory": getattr(exact, case).excess, "error": getattr(exact, case).error,
                    "control": controls[case], "leading": leading[case],
                    "leading_relative_gap": leading[case] / getattr(exact, case).excess - 1}
             for case in A3_QUANTITIES}
    cases["biased"].update({k: regime[k] for k in ("bias_T2", "dropped_delta_terms", "T3")})
    cases["bootstrap"]["jensen"] = exact.bootstrap_jensen
    return {**cases, "epsilon": regime["epsilon"]}


def _a3_constraints(p: dict) -> None:
    imbalanced(p)
    _multiple(p)
    shift_fits_dimension(p)
    lo, hi = RATIO_RANGE
    require(lo * p["n1"] <= p["n0"] <= hi * p["n1"],
            f"parameter n0: must be in [{lo} n1, {hi} n1] = [{lo * p['n1']}, {hi * p['n1']}] for A3 (got {p['n0']})")
    regime = a3_regime(p)
    require(regime["epsilon"] <= EPSILON_MAX, f"parameters n0, d, s: A3's leading order needs epsilon = "
                                              f"(d-1+s^2)(v0+v1)/(4s^2) <= {EPSILON_MAX} (got {regime['epsilon']:.3g})")
    require(regime["dropped_delta_terms"] <= regime["bias_T2"] / 2,
            f"parameters delta_par, delta_perp: the second-order bias term needs the higher-order delta terms <= T2/2 "
            f"(got {regime['dropped_delta_terms']:.3g} vs T2 = {regime['bias_T2']:.3g}); lower the shift")
    t = a3_theory(p)
    for case in A3_QUANTITIES:
        row = t[case]
        require(abs(row["control"] - row["theory"]) >= 2 * row["error"] + HEADROOM * abs(row["theory"]),
                f"parameters: A3's {case} case cannot separate its negative control from its declared error here "
                f"(control {row['control']:.3g}, theory {row['theory']:.3g}, declared error {row['error']:.3g})"
                + ("; raise delta_par or delta_perp" if case == "biased" else ""))


A3_QUANTITIES = {
    "raw": ("raw data (m = 0): the ell^2 bias stays", f"exact x {RAW_CONTROL_FACTOR}"),
    "duplication": ("duplication to balance (deterministic copies)", f"d -> d + {DUPLICATION_CONTROL_EXTRA_D}"),
    "bootstrap": ("random duplication (bootstrap), a scale mixture", "v1 = 1/n1 (copies' law)"),
    "perfect": ("perfect synthetic to balance", "duplication's law"),
    "biased": ("biased synthetic to balance", "bias dropped (perfect synthetic)"),
}


def compare_a3(p: dict, key, reps: int) -> list[Comparison]:
    """Each data set's simulation against its exact value; declared error: the quadrature's."""
    t = a3_theory(p)
    sims = balancing_cases(p, key, reps)
    rows = []
    for case, (quantity, control) in A3_QUANTITIES.items():
        row = t[case]
        detail = {k: v for k, v in row.items() if k not in ("theory", "control")}
        detail.update(declared_error=row["error"], epsilon=t["epsilon"])
        rows.append(Comparison(
            quantity=f"{quantity}: exact E R_bal - Phi(-s)", rule="approximate", theory=row["theory"],
            simulation=sims[case].mean, se=sims[case].se, rel_tol=row["error"] / abs(row["theory"]),
            negative_control=row["control"], control=control, detail=detail))
    return rows


#: the order studies' design (s != 1, unequal classes: n0 = 4 n1), n1 along claims_a.ORDER_N1; the biased
#: study's shift is ORDER_SHIFT at n1 = 40, scaled as sqrt(40 / n1)
ORDER_D, ORDER_S, ORDER_RATIO = 5, 1.3, 4
ORDER_SHIFT = (0.2, 0.3)


def _order_point(n1: int, shift_scale: float = 0.0) -> dict:
    return {"d": ORDER_D, "s": ORDER_S, "n0": ORDER_RATIO * n1, "n1": n1, "delta_par": ORDER_SHIFT[0] * shift_scale,
            "delta_perp": ORDER_SHIFT[1] * shift_scale}


def _case_form(case: str):
    return lambda q: a3_leading(q)[case]


def _case_exact(case: str):
    return lambda q: getattr(balancing_exact.a3_exact(q), case)


def leading_orders(key, quick: bool) -> list[Comparison]:  # noqa: ARG001  (deterministic: quadrature, no draws)
    """The leading forms' errors against the exact values: the raw limit drops O(1/n) (the fluctuation), the
    balanced forms drop the O(1/n^2) terms. A wrong first-order coefficient would leave O(1/n)."""
    orders = {"raw": (1, "the n -> oo limit"), "duplication": (2, "leading order in 1/n"),
              "bootstrap": (2, "leading order in 1/n"), "perfect": (2, "leading order in 1/n")}
    return [row for case, (k, meaning) in orders.items()
            for row in error_order({f"{case} form": (_case_form(case), k, meaning)}, _order_point,
                                   exact=_case_exact(case))]


def biased_order(key, quick: bool) -> list[Comparison]:  # noqa: ARG001  (deterministic: quadrature, no draws)
    """Biased rows with delta ~ 1/sqrt(n): perfect + T2 is the whole first order, what it drops is the third order
    in delta and the delta/n cross term, O(n^-3/2). A wrong T2 coefficient would leave O(1/n)."""
    return error_order({"biased form": (_case_form("biased"), 3, "shift ~ 1/sqrt(n): order n^-3/2")},
                       lambda n1: _order_point(n1, math.sqrt(40 / n1)), exact=_case_exact("biased"), root_n=True)


A3 = Claim(
    id="A3",
    title="Special cases: raw, duplication, perfect and biased synthetic",
    statement=(
        "Duplication to balance: (s phi(s)/8)(1/n1 + 1/n0)((d-1)/s^2 + 1); perfect synthetic: "
        "(s phi(s)/(4 n0))((d-1)/s^2 + 1); a biased generator adds (s phi(s)/8) alpha^2 (delta_perp^2/s^2 + "
        "delta_par^2); raw ERM keeps the ell^2 bias. Random duplication (bootstrap) has the larger "
        "v1 = 1/n1 + m(1 - 1/n1)/(n1 + m)^2. The check compares each simulation with the exact E R_bal and each "
        "leading form's error order with it."
    ),
    provenance=Provenance(
        "paper, made exact", where="paper, claim A3 (special cases of A2); docs/theory/model_g.md, A3",
        added="leading orders derived by series from A2's quadratic form; the bootstrap's v1 and the spread of its "
              "minority-mean variance; the exact E R_bal of each data set (theory/model_g/balancing_exact.py); the "
              "order in n of each leading form's error",
        published=""),
    # n1 <= 2000: the bootstrap draws a count per minority row in every replication (memory of a chunk)
    parameters=(D.narrow(high=50), S.narrow(low=0.25, high=3.0), N0.narrow(low=4, high=20_000),
                N1.narrow(default=80, low=2, high=2_000), DELTA_PAR.narrow(default=0.2, low=-0.5, high=0.5),
                DELTA_PERP.narrow(default=0.2, high=0.5)),
    compare=compare_a3,
    explain=balancing_exact.explain_a3,
    grid=({"d": 5, "s": 1.0, "n0": 400, "n1": 80, "delta_par": 0.2, "delta_perp": 0.2},
          {"d": 10, "s": 1.5, "n0": 2000, "n1": 200, "delta_par": 0.1, "delta_perp": 0.1},
          {"d": 5, "s": 1.0, "n0": 1000, "n1": 500, "delta_par": 0.0, "delta_perp": 0.3},
          {"d": 9, "s": 0.8, "n0": 750, "n1": 125, "delta_par": -0.05, "delta_perp": 0.45},
          {"d": 9, "s": 0.8, "n0": 750, "n1": 125, "delta_par": -0.10, "delta_perp": 0.45}),
    quick_grid=({"d": 5, "s": 1.0, "n0": 400, "n1": 80, "delta_par": 0.2, "delta_perp": 0.2},
                {"d": 9, "s": 0.8, "n0": 750, "n1": 125, "delta_par": -0.05, "delta_perp": 0.45}),
    studies=(Study("error orders of the leading forms", {"d": ORDER_D, "s": ORDER_S, "n0": f"{ORDER_RATIO} n1",
                                                         "delta": 0}, leading_orders),
             Study("error order of the biased form", {"d": ORDER_D, "s": ORDER_S, "n0": f"{ORDER_RATIO} n1",
                                                      "delta": "(0.2, 0.3) sqrt(40/n1)"}, biased_order)),
    reps=200_000,
    quick_reps=40_000,
    constraints=_a3_constraints,
    derived=(("n0", lambda p: p["n1"] * min(10, max(2, round(p["n0"] / p["n1"])))),),  # duplication: k n1, k <= 10
)

# ---------------------------------------------------------------- A4

A4_BOUNDARY_MISPLACEMENT = 3.0


def a4_cell(p: dict) -> dict:
    """delta along angle psi from mu with norm ratio x the critical norm of the leading-order boundary."""
    crit = evaluate(oversampling_cases.derive_a4_boundary()["critical_norm"], {**p, "||delta||": 0})
    norm = p["ratio"] * crit
    return {"delta_par": norm * math.cos(p["psi"]), "delta_perp": norm * math.sin(p["psi"]), "critical_norm": crit}


def a4_theory(p: dict) -> dict:
    """Predicted advantage (duplication - synthetic), its control and the size of the dropped terms."""
    cell = a4_cell(p)
    base = {"d": p["d"], "s": p["s"], "n0": p["n0"], "n1": p["n1"], "m": p["n0"] - p["n1"], "sigma_syn": 1.0}
    shifted = {**base, "delta_par": cell["delta_par"], "delta_perp": cell["delta_perp"]}
    zero = {**base, "delta_par": 0.0, "delta_perp": 0.0}
    predicted = evaluate(oversampling_cases.derive_a4_boundary()["advantage"], shifted)
    synthetic = oversampling_cases.excess_synthetic_balanced()
    bias_term = evaluate(synthetic, shifted) - evaluate(synthetic, zero)
    # the control moves the boundary by a factor 3 past this cell (bias term x 9 or / 9)
    factor = A4_BOUNDARY_MISPLACEMENT**2 if p["ratio"] < 1 else 1 / A4_BOUNDARY_MISPLACEMENT**2
    eps = evaluate(oversampling.approximation_scales()["epsilon"], zero)
    dup = evaluate(oversampling_cases.excess_duplication(), base)
    dropped = (evaluate(oversampling_cases.duplication_dropped_terms(), base)
               + evaluate(oversampling_cases.bias_dropped_terms(), shifted)
               + eps * (dup + evaluate(synthetic, shifted)))
    return {**cell, "predicted": predicted, "control": predicted - (factor - 1) * bias_term, "dropped": dropped}


def _a4_constraints(p: dict) -> None:
    imbalanced(p)
    _multiple(p)
    require(p["n0"] >= 2 * p["n1"], f"parameter n0: must be >= 2 n1 = {2 * p['n1']} for A4 (got {p['n0']})")
    require(p["d"] >= 2 or p["psi"] == 0, f"parameter psi: must be 0 when d = 1 (got {p['psi']})")
    t = a4_theory(p)
    require(abs(t["predicted"]) >= 2 * t["dropped"],
            f"parameter ratio: A4's leading-order winner is asserted where |advantage| ({abs(t['predicted']):.3g}) "
            f">= 2 x the dropped terms ({t['dropped']:.3g}); move ratio away from 1")
    require(t["control"] * t["predicted"] < 0,
            f"parameter ratio: must be in (1/{A4_BOUNDARY_MISPLACEMENT:g}, {A4_BOUNDARY_MISPLACEMENT:g}) so that the "
            f"misplaced boundary predicts the other winner (got {p['ratio']})")


def compare_a4(p: dict, key, reps: int) -> list[Comparison]:
    t = a4_theory(p)
    dup, syn = duplication_and_synthetic({**p, "delta_par": t["delta_par"], "delta_perp": t["delta_perp"]}, key, reps)
    return [Comparison(
        quantity="winner: duplication excess - synthetic excess", rule="sign",
        theory=t["predicted"], simulation=dup.mean - syn.mean, se=math.hypot(dup.se, syn.se),
        negative_control=t["control"], control="boundary misplaced x3 past the cell", effect=t["predicted"],
        detail={"critical_norm": t["critical_norm"], "duplication": dup.mean, "synthetic": syn.mean,
                "dropped_terms": t["dropped"]},
    )]


def _a4_grid(n1s, ratios, psi=math.pi / 4, n0=400, d=5, s=1.0):
    return tuple({"d": d, "s": s, "n0": n0, "n1": n1, "ratio": r, "psi": psi} for n1 in n1s for r in ratios)


A4 = Claim(
    id="A4",
    title="When synthetic oversampling beats duplication",
    statement=(
        "To leading order synthetic oversampling to balance beats duplication iff "
        "alpha^2 (delta_perp^2/s^2 + delta_par^2) < (1/n1 - 1/n0)((d-1)/s^2 + 1)."
    ),
    provenance=Provenance(
        "paper, made exact", where="paper, claim A4 (synthetic versus duplication); docs/theory/model_g.md, A4",
        added="the critical norm solved along each direction psi; the winner checked on both sides of the boundary",
        published=""),
    parameters=(D.narrow(high=50), S.narrow(low=0.25, high=3.0), N0.narrow(low=4, high=100_000),
                N1.narrow(low=2, high=50_000), NORM_RATIO.narrow(low=0.35, high=2.9), PSI),
    compare=compare_a4,
    explain=oversampling_cases.derive_a4_boundary,
    grid=_a4_grid((20, 40, 100, 200), (0.5, 2.0)) + _a4_grid((40,), (0.5, 2.0), psi=0.0)
    + _a4_grid((40,), (0.5, 2.0), psi=math.pi / 2) + _a4_grid((33,), (0.5, 2.0), n0=495, d=8, s=1.3),
    quick_grid=_a4_grid((40,), (0.5, 2.0)),
    reps=100_000,
    quick_reps=20_000,
    constraints=_a4_constraints,
    derived=(("n0", lambda p: p["n1"] * max(2, round(p["n0"] / p["n1"]))),),  # a multiple of n1 (duplication)
)

CLAIMS = [A3, A4]
