"""Shared sympy symbols, each carrying its assumptions, and the map from the parameter names of docs/theory/.

Model G: x | y=1 ~ N(mu, sigma^2 I_d), x | y=0 ~ N(-mu, sigma^2 I_d), separation s = ||mu|| / sigma.
The synthetic minority rows come from N(mu + delta, sigma_syn^2 I_d); delta splits into
delta_par = mu^T delta / ||mu|| and delta_perp = ||delta - delta_par mu/||mu|| ||.
"""
import sympy as sp

d = sp.Symbol("d", positive=True, integer=True)
s = sp.Symbol("s", positive=True)
sigma = sp.Symbol("sigma", positive=True)
n0 = sp.Symbol("n_0", positive=True, integer=True)
n1 = sp.Symbol("n_1", positive=True, integer=True)
m = sp.Symbol("m", nonnegative=True, integer=True)
delta_par = sp.Symbol("delta_par", real=True)
delta_perp = sp.Symbol("delta_perp", nonnegative=True)
sigma_syn = sp.Symbol("sigma_syn", positive=True)
N = sp.Symbol("N", nonnegative=True)
w_aug = sp.Symbol("w", positive=True)

# derived quantities of A2, kept as symbols inside derivations
alpha = sp.Symbol("alpha", nonnegative=True)
ell = sp.Symbol("ell", real=True)
v0 = sp.Symbol("v_0", positive=True)
v1 = sp.Symbol("v_1", positive=True)

# local coordinates of a linear rule around the Bayes rule
angle = sp.Symbol("theta", real=True)
beta = sp.Symbol("beta", real=True)
t = sp.Symbol("t", real=True)  # bookkeeping scale for series expansions
x = sp.Symbol("x", real=True)

#: parameter name (as in docs/theory/ and the CLI) -> symbol, for numeric evaluation and the CLI.
BY_NAME = {
    "d": d,
    "s": s,
    "sigma": sigma,
    "n0": n0,
    "n1": n1,
    "m": m,
    "delta_par": delta_par,
    "delta_perp": delta_perp,
    "sigma_syn": sigma_syn,
    "N": N,
    "w": w_aug,
    "alpha": alpha,
    "ell": ell,
    "v0": v0,
    "v1": v1,
}
