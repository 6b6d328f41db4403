"""Model S parameters with THEORY.md names and valid ranges (claim family B)."""
from synthover.paper_checks.claim import require
from synthover.paper_checks.model_g.params import D, DELTA_PAR, DELTA_PERP, S, SIGMA_SYN  # noqa: F401  (shared)
from synthover.paper_checks.params import Parameter, count

P = Parameter("p", 0.9, "P(a = y) in training", low=0.0, high=1.0, low_open=True, high_open=True)
N = count("n", 20000, "training rows (i.i.d. model S)", low=16)
N_AL = count("n_al", 20000, "real aligned rows (a = y)", low=2)
N_MIS = count("n_mis", 2000, "real misaligned rows (a = -y)", low=2)
M = count("m", 18000, "synthetic misaligned rows", low=0)
EPS = Parameter("eps", 0.1, "leakage: fraction of generated misaligned rows that are aligned", low=0.0, high=1.0,
                high_open=True)


def shift_fits_dimension(params: dict) -> None:
    require(params["d"] >= 2 or params.get("delta_perp", 0) == 0,
            f"parameter delta_perp: must be 0 when d = 1 (got {params.get('delta_perp')})")
