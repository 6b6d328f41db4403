"""Model S symbols (claim family B), each declared once; the shared ones come from paper_checks.params.SHARED.

Names follow docs/theory/model_s.md. A claim narrows these to its domain; the validity conditions that tie
several parameters together (the regime of the finite-sample expansion) are `constraints` below.
"""
from synthover.paper_checks.claim import require
from synthover.paper_checks.params import SHARED, Parameter, count

P = Parameter("p", 0.9, "P(a = y) in training", low=0.0, high=1.0, low_open=True, high_open=True)
N_AL = count("n_al", 20000, "real aligned rows (a = y)", low=2)
N_MIS = count("n_mis", 2000, "real misaligned rows (a = -y)", low=2)
EPS = Parameter("eps", 0.1, "leakage: fraction of generated misaligned rows that are aligned", low=0.0, high=1.0,
                high_open=True)

# shared symbols, narrowed to model S's numerically safe region (a logistic fit per replication)
D = SHARED["d"].narrow(high=20)
S = SHARED["s"].narrow(low=0.5, high=2.0, low_open=False)
N = SHARED["n"].narrow(default=20000, low=2000, high=200_000, help="training rows (i.i.d. model S)")
M = SHARED["m"].narrow(default=18000, high=300_000, help="synthetic misaligned rows")
DELTA_PAR = SHARED["delta_par"].narrow(low=-0.5, high=0.5)
DELTA_PERP = SHARED["delta_perp"].narrow(high=0.5)
SIGMA_SYN = SHARED["sigma_syn"].narrow(low=0.5, high=2.0)

MAX_DESIGN_ROWS = 320_000  # rows of one fit (the published B2 design has 310 000)
ASYMPTOTIC_RATIO = 20.0  # regime: the smallest group carries >= 20 (d + 2) / c0 rows (MLE bias <= 5%)


def shift_fits_dimension(params: dict) -> None:
    require(params["d"] >= 2 or params.get("delta_perp", 0) == 0,
            f"parameter delta_perp: must be 0 when d = 1 (got {params.get('delta_perp')})")


def design_fits(params: dict, c0: float) -> None:
    """Rows of one fit <= MAX_DESIGN_ROWS, and every group in the asymptotic regime of the logistic MLE:
    min(n_al, n_mis + m) c0 >= ASYMPTOTIC_RATIO (d + 2) (c0 = information per row at the Bayes rule)."""
    rows = params["n_al"] + params["n_mis"] + params["m"]
    require(rows <= MAX_DESIGN_ROWS, f"parameters n_al + n_mis + m: must be <= {MAX_DESIGN_ROWS} (got {rows})")
    need = ASYMPTOTIC_RATIO * (params["d"] + 2) / c0
    small = min(params["n_al"], params["n_mis"] + params["m"])
    require(small >= need, f"parameters n_al, n_mis + m: the smaller must be >= 20 (d + 2)/c0(s) = {need:.0f} "
                           f"at d = {params['d']}, s = {params['s']} (got {small})")
