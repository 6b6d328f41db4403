"""Model G parameters: the shared symbols (paper_checks.params.SHARED) and model G's own, each declared once.

Claims on model G narrow these with ``Parameter.narrow`` to the region where they are asserted; no claim
declares a symbol again. Names follow docs/theory/model_g.md. Cross-parameter validity conditions used by
several claims are the functions at the end (each raises a one-line ParameterError).
"""
import math

from synthover.paper_checks.claim import require
from synthover.paper_checks.params import SHARED, Parameter, count, nonnegative, positive

# shared symbols (declared in paper_checks/params.py), re-exported for the model G claims and their users
D, S, N0, N1, M = SHARED["d"], SHARED["s"], SHARED["n0"], SHARED["n1"], SHARED["m"]
DELTA_PAR, DELTA_PERP, SIGMA_SYN = SHARED["delta_par"], SHARED["delta_perp"], SHARED["sigma_syn"]

# model G's own symbols
W = positive("w", 0.5, "sample weight of the augmentation rows")
DELTA = nonnegative("delta", 0.15, "class-1 synthetic shift: delta_1 = (delta, delta, 0, ...)")
DELTA0 = nonnegative("delta0", 0.15, "class-0 augmentation shift: delta_0 = (0, -delta0, 0, ...)")
N_AUG = count("N", 400, "augmentation rows (N/2 per class), even", low=0)
RATIO_R = Parameter("r", 1.0, "imbalance ratio n0/n1 of the real rows", low=1.0, high=100.0)
COST_REAL = positive("c_r", 1.0, "cost of one real row", high=1000.0)
COST_SYN = positive("c_s", 0.1, "cost of one synthetic row", high=1000.0)
BUDGET = positive("C", 400.0, "budget", high=1e7)
NORM_RATIO = positive("ratio", 0.5, "||delta|| / critical norm of A4")
PSI = Parameter("psi", math.pi / 4, "angle of delta from mu (radians)", low=0.0, high=math.pi / 2)


def imbalanced(params: dict) -> None:
    require(params["n1"] <= params["n0"], f"parameter n1: must be <= n0 = {params['n0']} (got {params['n1']})")


def shift_fits_dimension(params: dict) -> None:
    require(
        params["d"] >= 2 or params.get("delta_perp", 0) == 0,
        f"parameter delta_perp: must be 0 when d = 1 (got {params.get('delta_perp')})",
    )
