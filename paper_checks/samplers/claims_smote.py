"""Claim SMOTE: the moments of the SMOTE point (toolkit derivation, checked against sampled points)."""

from __future__ import annotations


import jax
import jax.numpy as jnp
import numpy as np
from sklearn.neighbors import NearestNeighbors

from synthover.paper_checks.agreement import Comparison
from synthover.paper_checks.claim import Claim, Provenance, require
from synthover.paper_checks.model_g.params import D, N1, S
from synthover.paper_checks.params import Parameter
from synthover.simulations.model_g.model import ModelG
from synthover.simulations.montecarlo import monte_carlo
from synthover.simulations.samplers.smote import Smote
from synthover.theory.samplers import smote_moments
from synthover.theory.numeric import evaluate


def _summary_comparison(quantity, rule, theory, summary, control, control_text, **kw) -> Comparison:
    return Comparison(quantity=quantity, rule=rule, theory=float(theory), simulation=summary.mean, se=summary.se,
                      negative_control=float(control), control=control_text, **kw)


def smote_point_stat(d: int, s: float, n1: int, k: int):
    """One SMOTE point from n1 fresh rows N(mu, I_d): its coordinates minus mu (unconditional law)."""
    model, gen = ModelG(d, s), Smote(k)

    def stat(key):
        k_rows, k_syn = jax.random.split(key)
        z = gen.sample(k_syn, model.sample(k_rows, 1, n1), 1)[0] - model.mu
        return {"along_mu": z[0], "along_mu_sq": z[0] ** 2, "across_sq": z[1] ** 2 if d > 1 else z[0] ** 2}

    return stat


def fixed_rows_stat(rows: jnp.ndarray, k: int):
    """One SMOTE point from fixed rows: its first coordinate and its square (conditional law)."""
    gen = Smote(k)

    def stat(key):
        z = gen.sample(key, rows, 1)[0, 0]
        return {"z": z, "z_sq": z**2}

    return stat


def pair_moments(rows: np.ndarray, k: int, expr) -> float:
    """Average of a conditional moment over SMOTE's (base, neighbour) pairs; neighbours by scikit-learn."""
    nb = NearestNeighbors(n_neighbors=k + 1).fit(rows).kneighbors(rows, return_distance=False)[:, 1:]
    x = np.repeat(rows[:, 0], k)
    diff = rows[nb.ravel(), 0] - x
    return float(np.mean(evaluate(expr, {"x_u": x, "D_u": diff}) * np.ones_like(x)))


def _compare_smote(p: dict, key, reps: int) -> list[Comparison]:
    d, s, n1, k = p["d"], p["s"], p["n1"], p["k"]
    k_unc, k_rows, k_fix = jax.random.split(key, 3)
    unc = monte_carlo(smote_point_stat(d, s, n1, k), k_unc, reps)
    out = [_summary_comparison("E z - mu along mu (0 by symmetry)", "exact", 0.0, unc["along_mu"], 0.1 * s,
                               "mean off by 10% of ||mu||")]
    if k == n1 - 1:  # a uniformly random other row: an exactly independent neighbour
        two_thirds = evaluate(smote_moments.independent_neighbour_variance(), {"Sigma_uu": 1.0})
        for name in ("along_mu_sq", "across_sq"):
            out.append(_summary_comparison(f"Var z {name[:-3].replace('_', ' ')}, independent neighbour (2/3 Sigma)",
                                           "exact", two_thirds, unc[name], 1.0, "no shrinkage (Sigma, a bootstrap row)"))
    rows = ModelG(d, s).sample(k_rows, 1, n1)
    fixed = monte_carlo(fixed_rows_stat(rows, k), k_fix, 10 * reps)
    r = np.asarray(rows)
    midpoint = smote_moments.conditional_second_moment().subs(smote_moments.D_u**2 / 3, smote_moments.D_u**2 / 4)
    out.append(_summary_comparison("E[z_1 | rows] (pairs averaged)", "exact", pair_moments(r, k, smote_moments.conditional_mean()),
                                   fixed["z"], 1.1 * pair_moments(r, k, smote_moments.conditional_mean()), "10% off"))
    out.append(_summary_comparison("E[z_1^2 | rows] = avg x^2 + x D + D^2/3", "exact",
                                   pair_moments(r, k, smote_moments.conditional_second_moment()), fixed["z_sq"],
                                   pair_moments(r, k, midpoint), "Var(lambda) dropped (lambda = 1/2: D^2/4)"))
    return out


SMOTE_CLAIM = Claim(
    id="SMOTE",
    title="The SMOTE point's moments",
    statement=(
        "z = x + lambda (x_nb - x): E[z | pair] = (x + x_nb)/2, Cov[z | pair] = D D^T/12; E z = mu by symmetry; "
        "with an independent neighbour (k = n1 - 1) Cov z = (2/3) Sigma."
    ),
    provenance=Provenance('toolkit', added='toolkit derivation'),
    parameters=(D, S, N1, Parameter("k", 5, "SMOTE neighbours", integer=True, low=1, high=200)),
    compare=_compare_smote,
    explain=smote_moments.derive_smote_point,
    grid=({"d": 5, "s": 1.0, "n1": 30, "k": 5}, {"d": 3, "s": 1.0, "n1": 10, "k": 9}, {"d": 10, "s": 1.0, "n1": 100, "k": 5}),
    quick_grid=({"d": 5, "s": 1.0, "n1": 30, "k": 5}, {"d": 3, "s": 1.0, "n1": 10, "k": 9}),
    reps=20_000,
    quick_reps=5_000,
    constraints=lambda p: require(p["k"] < p["n1"], f"parameter k: must be < n1 = {p['n1']} (got {p['k']})"),
)

CLAIMS = [SMOTE_CLAIM]
