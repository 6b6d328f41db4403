"""C1-C3 curves as numbers: the scaling-law expressions evaluated along N and along a budget line.

The one place where the claims (paper_checks/model_g/claims_c.py) and the figures (figures/model_g/scaling.py)
turn C's sympy results (scaling_law, scaling_allocation) into arrays, so neither retypes them. Parameters use
the claim names: delta_1 = (delta, delta, 0, ...), delta_0 = (0, -delta0, 0, ...) (docs/theory/model_g.md, C1).
"""
from __future__ import annotations

import math
from synthover.theory.memo import memo

import numpy as np

from synthover.theory.model_g import scaling_allocation, scaling_law
from synthover.theory.model_g.oversampling import derive_delta_method
from synthover.theory.numeric import evaluate

#: the setting of the spec's C1 Monte Carlo table (docs/theory/model_g.md, C1)
TABLE_SETTING = {"d": 10, "s": 1.0, "n0": 400, "n1": 100, "w": 0.5, "sigma_syn": 1.0}


def theory_params(p: dict, n_aug=None) -> dict:
    """Claim parameters -> theory symbol values (delta_1 = (delta, delta), delta_0 = (0, -delta0))."""
    out = {k: p[k] for k in ("d", "s", "n0", "n1", "w", "sigma_syn")}
    out.update(delta_par=p["delta"], delta_perp=p["delta"], delta0_par=0.0, delta0_perp=-p["delta0"])
    out["N"] = p.get("N", 0) if n_aug is None else n_aug
    return out


@memo
def _mean_rule_curve():
    return derive_delta_method()["mean_excess"].subs(scaling_law.augmentation_substitution())


def curves(p: dict, n_values) -> dict:
    """Hybrid H, delta-method D, mean-rule part, large-N expansion F + B/N, leading-order law, and the
    fluctuation size rho, each as an array over `n_values`."""
    tp = theory_params(p)
    n = np.asarray(n_values, dtype=float)
    ev = lambda e: np.broadcast_to(np.asarray(evaluate(e, {**tp, "N": n}), float), n.shape)  # noqa: E731
    return {
        "hybrid": ev(scaling_law.hybrid_curve()),
        "delta": ev(scaling_law.delta_method_curve()),
        "mean_rule": ev(_mean_rule_curve()),
        "expansion": ev(scaling_law.large_n_expansion()) if n.min() > 0 else None,
        "leading": ev(scaling_law.leading_order_law()),
        "rho": ev(scaling_law.fluctuation_size()),
    }


def smoothing_remainder(c: dict) -> np.ndarray:
    """Declared size of what the delta method drops: rho |D - mean rule| (see scaling_law.fluctuation_size)."""
    return c["rho"] * np.abs(c["delta"] - c["mean_rule"])


def delta_method_argmin(p: dict) -> float:
    """N minimising the delta-method curve D(N) (numerically, on a fine log grid from 1 to 10^6, and 0)."""
    fine = np.concatenate([[0.0], np.geomspace(1, 1e6, 2000)])
    return float(fine[int(np.argmin(curves(p, fine)["delta"]))])


def grid_position(grid, value: float) -> int:
    """1-based position of the grid point nearest to `value` (in log N; value <= 0 -> the N = 0 point)."""
    grid = np.asarray(grid, float)
    if value <= 0 or not math.isfinite(value):
        return 1
    positive_ = np.where(grid > 0, grid, np.nan)
    return int(np.nanargmin(np.abs(np.log(positive_) - math.log(value)))) + 1


# ---------------------------------------------------------------- C3: the budget line

def rows_per_minority_row(p: dict) -> float:
    """Cost of one real minority row with its r majority rows and r - 1 balancing synthetic rows."""
    return (p["r"] + 1) * p["c_r"] + (p["r"] - 1) * p["c_s"]


def allocation_grid(p: dict) -> list[tuple[int, int, int]]:
    """(N, n1, n0) on the budget line for N = 0, 18, 36, 72, ... (factor 2) while n1 >= 2."""
    per_n1 = rows_per_minority_row(p)
    rows = []
    for n_aug in [0] + [18 * 2**k for k in range(20)]:
        n1 = round((p["C"] - p["c_s"] * n_aug) / per_n1)
        if n1 < 2:
            break
        rows.append((n_aug, n1, max(n1, round(p["r"] * n1))))
    return rows


def allocation_params(p: dict) -> dict:
    return {"d": p["d"], "s": p["s"], "w": p["w"], "sigma_syn": 1.0, "delta_par": p["delta"],
            "delta_perp": p["delta"], "delta0_par": 0.0, "delta0_perp": -p["delta0"], "r": p["r"],
            "c_r": p["c_r"], "c_s": p["c_s"], "C": p["C"]}


def predicted_allocation(p: dict, bias: bool = True) -> float:
    """N* of the leading-order law on the budget line (scaling_allocation's module doc): the stationary point
    x* clipped to the feasible shares [x at the grid's largest N, 1/r] when the law is convex in x, the
    better end when it is concave; bias=False: the allocation a user ignoring the generator's bias would
    choose (C3's negative control)."""
    ap = allocation_params(p)
    grid = allocation_grid(p)
    der = scaling_allocation.derive_allocation()
    if bias:
        n_most, n1_most, n0_most = grid[-1]
        x_low, x_high = n1_most / (n0_most + p["w"] * n_most / 2), 1 / p["r"]
        if evaluate(der["curvature"], ap) > 0:
            x = min(max(evaluate(der["x_star"], ap), x_low), x_high)
        else:
            risk = [evaluate(der["risk"], {**ap, "x": x}) for x in (x_low, x_high)]
            x = x_low if risk[0] < risk[1] else x_high
        return 0.0 if x >= x_high else float(evaluate(der["n_aug_of_x"], {**ap, "x": x}))
    ap.update(delta_par=0.0, delta_perp=0.0, delta0_perp=0.0)
    x_values = [n1 / (n0 + p["w"] * n_aug / 2) for n_aug, n1, n0 in grid]
    risk = [evaluate(scaling_allocation.allocation_risk(), {**ap, "x": x}) for x in x_values]
    return float(grid[int(np.argmin(risk))][0])


def budget_curve(p: dict, n_aug) -> dict:
    """Delta-method and leading-order excess along the budget line at (real-valued) augmentation sizes."""
    n_aug = np.asarray(n_aug, float)
    n1 = (p["C"] - p["c_s"] * n_aug) / rows_per_minority_row(p)
    tp = {**allocation_params(p), "n0": p["r"] * n1, "n1": n1, "N": n_aug}
    return {"delta": evaluate(scaling_law.delta_method_curve(), tp),
            "leading": evaluate(scaling_law.leading_order_law(), tp)}
