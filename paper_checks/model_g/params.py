"""Model G parameters with THEORY.md names and valid ranges, shared by the claims on model G."""
from synthover.paper_checks.claim import require
from synthover.paper_checks.params import Parameter, count, nonnegative, positive, real

D = Parameter("d", 5, "dimension", integer=True, low=1, high=500)
S = Parameter("s", 1.0, "separation ||mu|| / sigma", low=0.0, high=6.0, low_open=True)
N0 = count("n0", 400, "majority rows", low=2)
N1 = count("n1", 40, "minority rows", low=2)
M = count("m", 360, "synthetic minority rows", low=0)
DELTA_PAR = real("delta_par", 0.0, "synthetic mean shift along mu")
DELTA_PERP = nonnegative("delta_perp", 0.0, "norm of the synthetic mean shift orthogonal to mu")
SIGMA_SYN = positive("sigma_syn", 1.0, "standard deviation of the synthetic rows")


def imbalanced(params: dict) -> None:
    require(params["n1"] <= params["n0"], f"parameter n1: must be <= n0 = {params['n0']} (got {params['n1']})")


def shift_fits_dimension(params: dict) -> None:
    require(
        params["d"] >= 2 or params.get("delta_perp", 0) == 0,
        f"parameter delta_perp: must be 0 when d = 1 (got {params.get('delta_perp')})",
    )
