"""In-context symbols (claim family D), each declared once; the shared ones come from paper_checks.params.SHARED.

Names follow docs/theory/in_context.md. Every claim narrows these to its domain (`Parameter.narrow`).
"""
from synthover.paper_checks.params import SHARED, Parameter, count, nonnegative

ROW_DIM = Parameter("D", 4, "row dimension", integer=True, low=1, high=50)
PROMPT = SHARED["n"].narrow(default=20, low=2, high=100_000, help="prompt length (rows in context)")
WIDTH = count("p", 64, "width of the positional keys", low=1, high=100_000)
INPUT_DIM = SHARED["d"].narrow(high=100, help="input dimension")
BETA_NORM = nonnegative("beta_norm", 1.0, "||beta||", high=10.0)
SIGMA_EPS = Parameter("sigma_eps", 0.5, "label noise standard deviation", low=0.05, high=10.0)
