"""Neighbouring results E1-E3 (THEORY.md section 7) and the SMOTE point's moments.

The simulations here are JAX (per-replication `stat(key)` functions run by monte_carlo); the theory
values come from theory/neighbouring_*.py and theory/smote_moments.py.
"""
from __future__ import annotations

import math

import jax
import jax.numpy as jnp
import numpy as np

from synthover.paper_checks.agreement import Comparison
from synthover.paper_checks.claim import Claim, Provenance, Study, require
from synthover.paper_checks.model_g.params import D, S
from synthover.paper_checks.params import Parameter, count
from synthover.simulations.montecarlo import monte_carlo
from synthover.simulations.neighbouring.experiments import (OWEN_MU0, OWEN_SIGMA0, bayes_error_stat,
                                      least_squares_stat, owen_stat, rebalancing_stat, smote_versus_bootstrap_stat)
from synthover.theory.neighbouring import ma_zhang
from synthover.theory.neighbouring import oracles
from synthover.theory.neighbouring import results as neighbouring_results
from synthover.theory.numeric import evaluate


def _summary_comparison(quantity, rule, theory, summary, control, control_text, **kw) -> Comparison:
    return Comparison(quantity=quantity, rule=rule, theory=float(theory), simulation=summary.mean, se=summary.se,
                      negative_control=float(control), control=control_text, **kw)


# ---------------------------------------------------------------- E1: Ma & Zhang, biased aligned generator


def _compare_e1(p: dict, key, reps: int) -> list[Comparison]:
    n0, n1 = p["n0"], p["n1"]
    out = []
    k_bal, k_cancel = jax.random.split(key)
    bal = monte_carlo(least_squares_stat(n0, n1, n0 - n1), k_bal, reps, chunk=32)
    out.append(_summary_comparison(
        "theta_1 at balancing (n_syn = n0 - n1)", "exact", evaluate(ma_zhang.theta1(n0 - n1), p), bal["theta1"],
        evaluate(ma_zhang.theta1_dropping_synthetic_second_moment(n0 - n1), p), "a^2 term of the synthetic rows dropped",
        detail={"theta1_14_over_61": 14 / 61, "floor_361_over_22326": 361 / 22326,
                "excess_floor_theory": float(ma_zhang.excess(ma_zhang.theta1(n0 - n1)).subs({ma_zhang.n0: n0, ma_zhang.n1: n1})),
                "excess_simulated": bal["excess"].mean, "excess_se": bal["excess"].se}))
    size = int(evaluate(ma_zhang.cancelling_size(), p))
    cancel = monte_carlo(least_squares_stat(n0, n1, size), k_cancel, reps, chunk=16)
    out.append(_summary_comparison(
        "theta_1 at the bias-cancelling size 4(n0 - n1)", "exact", 1 / 3, cancel["theta1"],
        evaluate(ma_zhang.theta1_dropping_synthetic_second_moment(size), p), "a^2 term of the synthetic rows dropped",
        detail={"n_syn": size}))
    out.append(_summary_comparison(
        "balanced excess risk at 4(n0 - n1) <= 2e-4", "upper_bound", 2e-4, cancel["excess"],
        0.0, "bias term alone (no finite-sample variance): excess 0",
        detail={"n_syn": size}))
    return out


E1 = Claim(
    id="E1",
    title="Ma & Zhang: a biased aligned generator has an exact floor and a bias-cancelling size",
    statement=(
        "Majority N(0, I2), minority N(e1, I2), synthetic N(e1/2, I2), no-intercept least squares, n0 = 20 n1: "
        "theta_1 = (n1 + n_syn/2)/(n0 + 2 n1 + 5 n_syn/4); balancing leaves theta_1 = 14/61 and an excess floor "
        "361/22326; n_syn = 4(n0 - n1) cancels the bias (their size rule reduces to it)."
    ),
    provenance=Provenance('neighbouring paper', added='paper (Ma & Zhang 2026), derived by the toolkit'),
    parameters=(count("n0", 8000, "majority rows", low=3), count("n1", 400, "minority rows", low=2)),
    compare=_compare_e1,
    explain=neighbouring_results.explain_e1,
    grid=({"n0": 8000, "n1": 400}, {"n0": 20000, "n1": 1000}),
    quick_grid=({"n0": 8000, "n1": 400},),
    reps=1000,
    quick_reps=400,
    constraints=lambda p: require(p["n1"] < p["n0"], f"parameter n1: must be < n0 = {p['n0']} (got {p['n1']})"),
)


# ---------------------------------------------------------------- E2: Xia & Klusowski, SMOTE versus bootstrap


def _compare_e2(p: dict, key, reps: int) -> list[Comparison]:
    res = monte_carlo(smote_versus_bootstrap_stat(p["d"], p["n0"], p["n1"], p["k"]), key, reps, chunk=32)
    diff = res["diff"]
    return [Comparison(
        quantity="E[excess SMOTE - excess bootstrap] > 0 (bootstrap better)", rule="sign", theory=1.0,
        simulation=diff.mean, se=diff.se, negative_control=-1.0, control="sign reversed (SMOTE better)",
        detail={"excess_smote": res["smote"].mean, "excess_bootstrap": res["boot"].mean,
                "ratio": res["smote"].mean / res["boot"].mean, "diff_in_se": diff.mean / diff.se})]


def log_ratio(res) -> tuple[float, float]:
    """log(E smote / E boot) and its delta-method SE, with the paired covariance from Var(diff)."""
    a, b = res["smote"], res["boot"]
    cov = (a.var + b.var - res["diff"].var) / 2 / a.reps
    var = a.se**2 / a.mean**2 + b.se**2 / b.mean**2 - 2 * cov / (a.mean * b.mean)
    return math.log(a.mean / b.mean), math.sqrt(max(var, 0.0))


def ratio_slope_study(d: int, n1s: tuple[int, ...], reps: int, quick_reps: int, k: int = 5) -> Study:
    def run(key, quick: bool) -> list[Comparison]:
        xs, ys, ses, ratios = [], [], [], {}
        for i, n1 in enumerate(n1s):
            res = monte_carlo(smote_versus_bootstrap_stat(d, 9 * n1, n1, k), jax.random.fold_in(key, i),
                              quick_reps if quick else reps, chunk=16)
            lr, se = log_ratio(res)
            xs.append(math.log(n1)), ys.append(lr), ses.append(se)
            ratios[f"ratio_n1_{n1}"] = math.exp(lr)
        w = 1 / np.asarray(ses) ** 2
        x, yv = np.asarray(xs), np.asarray(ys)
        xbar = np.sum(w * x) / np.sum(w)
        sxx = np.sum(w * (x - xbar) ** 2)
        slope = float(np.sum(w * (x - xbar) * yv) / sxx)
        return [Comparison(
            quantity="slope of log(SMOTE/bootstrap excess) on log n1 > 0 (ratio grows)", rule="sign",
            theory=1.0, simulation=slope, se=float(1 / math.sqrt(sxx)), negative_control=-1.0,
            control="sign reversed (ratio shrinks)", detail=ratios)]

    return Study(name=f"E2 ratio slope, d = {d}", params={"d": d, "n1": list(n1s), "n0": "9 n1", "k": k}, run=run)


E2 = Claim(
    id="E2",
    title="Xia & Klusowski: the bootstrap beats SMOTE in moderate dimension, more so as n1 grows",
    statement=(
        "Classes N(0, I_d) and N(1_d/sqrt d, I_d) (model G with s = 1/2), pi0 = 0.9, logistic regression after "
        "balancing by SMOTE (k = 5) or by the bootstrap: the bootstrap's excess balanced risk is lower for d >= 10, "
        "and the SMOTE/bootstrap ratio grows with n1 (slope of log ratio on log n1 reported)."
    ),
    provenance=Provenance('neighbouring paper', added='paper (Xia & Klusowski 2026, qualitative); simulation design by the toolkit'),
    parameters=(Parameter("d", 10, "dimension", integer=True, low=1, high=200), count("n0", 900, "majority rows", low=3),
                count("n1", 100, "minority rows", low=7), Parameter("k", 5, "SMOTE neighbours", integer=True, low=1, high=50)),
    compare=_compare_e2,
    explain=neighbouring_results.explain_e2,
    grid=({"d": 20, "n0": 1800, "n1": 200, "k": 5}, {"d": 30, "n0": 1800, "n1": 200, "k": 5}),
    quick_grid=({"d": 30, "n0": 450, "n1": 50, "k": 5},),
    studies=(ratio_slope_study(30, (25, 50, 100, 200), reps=400, quick_reps=150),),
    quick_studies=(ratio_slope_study(30, (25, 100), reps=400, quick_reps=150),),
    reps=400,
    quick_reps=400,
    constraints=lambda p: (require(p["n1"] < p["n0"], f"parameter n1: must be < n0 = {p['n0']} (got {p['n1']})"),
                           require(p["k"] < p["n1"], f"parameter k: must be < n1 = {p['n1']} (got {p['k']})")),
)


# ---------------------------------------------------------------- E3: classic oracles
def _e3_rows(p: dict) -> tuple[int, int]:
    n1 = max(2, int(round(p["pi1"] * p["n"])))
    return p["n"] - n1, n1


def _compare_e3(p: dict, key, reps: int) -> list[Comparison]:
    k_err, k_fit = jax.random.split(key)
    values = {"pi_1": p["pi1"], "Delta": 2 * p["s"]}
    err = monte_carlo(bayes_error_stat(p["d"], p["s"], p["pi1"]), k_err, reps)["error"]
    out = [_summary_comparison(
        "Bayes error with unequal priors", "exact", evaluate(oracles.bayes_error(), values), err,
        evaluate(oracles.bayes_error_ignoring_priors(), values), "priors ignored (threshold at L = 0)",
        detail={"batch_per_replication": 512})]
    n0, n1 = _e3_rows(p)
    fits = monte_carlo(rebalancing_stat(p["d"], p["s"], n0, n1), k_fit, max(2, reps // 10), chunk=32)
    shift = evaluate(oracles.intercept_shift(), {"pi_1": n1 / (n0 + n1)})
    out.append(_summary_comparison(
        "intercept shift of the rebalanced logistic fit", "exact", shift, fits["intercept_shift"], 1.1 * shift,
        "log(pi0/pi1) off by 10%", detail={"n0": n0, "n1": n1}))
    out.append(_summary_comparison(
        "slope ratio (rebalanced / raw) along mu", "exact", 1.0, fits["slope_ratio"], 1.1, "slope scaled by 1.1",
        detail={"n0": n0, "n1": n1}))
    return out




def owen_study(n1: int, n0: int, reps: int, quick_reps: int) -> Study:
    def run(key, quick: bool) -> list[Comparison]:
        k_min, k_sim = jax.random.split(key)
        minority = jnp.asarray([0.8, -0.4]) + jax.random.normal(k_min, (n1, 2))
        xbar = np.asarray(jnp.mean(minority, axis=0))
        res = monte_carlo(owen_stat(minority, n0), k_sim, quick_reps if quick else reps, chunk=8)
        values = {"S_11": OWEN_SIGMA0[0, 0], "S_12": OWEN_SIGMA0[0, 1], "S_22": OWEN_SIGMA0[1, 1],
                  "m0_1": OWEN_MU0[0], "m0_2": OWEN_MU0[1], "xbar_1": xbar[0], "xbar_2": xbar[1]}
        limit = oracles.owen_slope()
        no_cov = {**values, "S_11": 1.0, "S_12": 0.0, "S_22": 1.0}
        # Owen's limit is n0 -> infinity with the minority fixed; at finite n0 the fitted probabilities of
        # the minority rows are O(n1/n0) from 1, which perturbs the score equations at relative order
        # n1/n0 times the spread of e^{beta^T x}; declared as 20 n1/n0.
        rel = 20 * n1 / n0
        return [_summary_comparison(
            f"slope component {j + 1} -> [Sigma0^-1 (xbar1 - mu0)]_{j + 1}", "approximate",
            evaluate(limit[j], values), res[f"beta{j + 1}"], evaluate(limit[j], no_cov),
            "Sigma0 replaced by I", rel_tol=rel, detail={"xbar1": [float(v) for v in xbar], "n0": n0, "n1": n1})
            for j in range(2)]

    return Study(name="E3 Owen's infinitely imbalanced limit", params={"n1": n1, "n0": n0, "d": 2}, run=run)


E3 = Claim(
    id="E3",
    title="Classic oracles: Bayes error with priors, rebalancing moves the intercept, Owen's limit",
    statement=(
        "Bayes error pi1 Phi(-Delta/2 + L/Delta) + pi0 Phi(-Delta/2 - L/Delta), L = log(pi0/pi1); rebalancing a "
        "well-specified logistic model moves only its intercept, by log(pi0/pi1); with the minority fixed and "
        "n0 -> infinity the logistic slope tends to Sigma0^{-1}(xbar1 - mu0) (Owen 2007)."
    ),
    provenance=Provenance('classic', added='classic results, derived by the toolkit'),
    parameters=(D, S, Parameter("pi1", 0.1, "minority prior", low=0.0, high=0.5, low_open=True),
                count("n", 20000, "rows of the rebalancing fit", low=20)),
    compare=_compare_e3,
    explain=neighbouring_results.explain_e3,
    grid=({"d": 2, "s": 1.0, "pi1": 0.1, "n": 20000}, {"d": 5, "s": 0.5, "pi1": 0.3, "n": 20000}),
    quick_grid=({"d": 2, "s": 1.0, "pi1": 0.1, "n": 10000},),
    studies=(owen_study(n1=5, n0=100_000, reps=400, quick_reps=200),),
    reps=4000,
    quick_reps=2000,
)


CLAIMS = [E1, E2, E3]
