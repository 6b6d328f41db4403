"""Claim family D: linear self-attention as an in-context generator of synthetic rows (THEORY.md section 6).

D1  mean generator, E KL = D/(2n)                                     exact
D2  random positional keys of width p, E KL ~ D/(2n) + D(D+1)/4 (1/n+1/p) approximate (+ exact orthonormal keys,
    the order test, and the paper's stated rate c1/sqrt(p) + c2 log p/sqrt(n) tested as a hypothesis)
D3  label by one gradient step, E KL = ((d+1)||beta||^2 + d s^2)/(2 n s^2)  exact
D4  training finds the construction (in-context regression; the D1/D2 generators); layer = gradient step
D5  the generators as A2's oversampler: seed-only does not beat duplication, a structural prior does
"""
from __future__ import annotations

import math
from dataclasses import replace
from functools import lru_cache

import jax
import jax.numpy as jnp
import numpy as np
import sympy as sp

from synthover.paper_checks.agreement import Comparison
from synthover.paper_checks.claim import Claim, Provenance, Study, require
from synthover.paper_checks.model_g.params import imbalanced
from synthover.paper_checks.params import Parameter, count, positive
from synthover.simulations.in_context.generators import d1_kl, d2_kl, d3_kl, oversampling_comparison
from synthover.simulations.in_context.training import (
    TrainConfig,
    cosine,
    key_generator_kl,
    learned_block,
    mean_generator_kl,
    mean_generator_maps,
    regression_risk,
    train_key_generator,
    train_mean_generator,
    train_regression,
)
from synthover.simulations.montecarlo import monte_carlo
from synthover.simulations.model_g.oversampling import Design
from synthover.simulations.in_context.transformer import gradient_step_weights, lsa_regression_prediction
from synthover.theory.in_context import kl_rates as ic
from synthover.theory.in_context import oversampling as ico
from synthover.theory.in_context import regression as icr
from synthover.theory.derivation import Derivation
from synthover.theory.numeric import evaluate

# Replications per compiled chunk for statistics that factor covariances (Cholesky, slogdet): with jax 0.10.1 on
# CPU a vmapped batch of 2000 10x10 factorisations was seen to stall (futex wait, idle CPU); 500 runs reliably.
KL_CHUNK = 500

ROW_DIM = Parameter("D", 4, "row dimension", integer=True, low=1, high=50)
PROMPT = count("n", 20, "prompt length (rows in context)", low=2)
WIDTH = count("p", 64, "width of the positional keys", low=1)


def _plain(rows: list[Comparison]) -> list[Comparison]:
    """Python floats everywhere (numpy scalars would leak numpy bools into the verdicts and the JSON)."""
    def f(v):
        return None if v is None else float(v)

    def detail(d):
        return {k: (float(v) if isinstance(v, (np.floating, np.integer, float)) else v) for k, v in d.items()}

    return [replace(c, theory=f(c.theory), simulation=f(c.simulation), se=f(c.se), negative_control=f(c.negative_control),
                    rel_tol=f(c.rel_tol), detail=detail(c.detail)) for c in rows]


# ---------------------------------------------------------------- D1
def _compare_d1(p: dict, key, reps: int) -> list[Comparison]:
    return _plain(_compare_d1_raw(p, key, reps))


def _compare_d1_raw(p: dict, key, reps: int) -> list[Comparison]:
    sim = monte_carlo(d1_kl(p["D"], p["n"]), key, reps, chunk=KL_CHUNK)["kl"]
    theory = evaluate(ic.expected_kl_d1(), p)
    return [
        Comparison(
            quantity="E KL(N(mu_hat, Sigma) || N(mu, Sigma)) of the D1 layer",
            rule="exact",
            theory=theory,
            simulation=sim.mean,
            se=sim.se,
            negative_control=evaluate(ic.expected_kl_d1().subs(ic.D, ic.D + 1), p),
            control="one coordinate too many: (D+1)/(2n)",
        )
    ]


D1 = Claim(
    id="D1",
    title="The mean generator: E KL = D/(2n), exactly",
    statement="One linear self-attention layer outputs mu_hat + Sigma^{1/2} xi; its law given the prompt is "
    "N(mu_hat, Sigma) and E KL(N(mu_hat, Sigma) || N(mu, Sigma)) = D/(2n).",
    provenance=Provenance('paper, made exact', added="paper's setting, made exact (toolkit derivation)"),
    parameters=(ROW_DIM, PROMPT),
    compare=_compare_d1,
    explain=ic.derive_d1,
    grid=({"D": 1, "n": 5}, {"D": 4, "n": 20}, {"D": 8, "n": 40}),
    quick_grid=({"D": 4, "n": 20},),
    reps=10_000,
    quick_reps=2_000,
)


# ---------------------------------------------------------------- D2
def _d2_constraints(p: dict) -> None:
    require(p["n"] >= p["D"] + 2, f"parameter n: must be >= D + 2 = {p['D'] + 2} (got {p['n']})")
    require(p["p"] >= p["D"], f"parameter p: must be >= D = {p['D']} (got {p['p']})")


def _d2_point(p: dict, key, reps: int) -> tuple[Comparison, object]:
    sim = monte_carlo(d2_kl(p["D"], p["n"], p["p"]), key, reps, chunk=KL_CHUNK)["kl"]
    theory = evaluate(ic.expected_kl_d2(), p)
    rel_tol = evaluate(ic.d2_declared_relative_error(), p)
    return Comparison(
        quantity="E KL of the random-key generator (leading order)",
        rule="approximate",
        theory=theory,
        simulation=sim.mean,
        se=sim.se,
        rel_tol=rel_tol,
        negative_control=evaluate(ic.expected_kl_d2(drop_key_term=True), p),
        control="key cross-talk term D(D+1)/(4p) dropped",
        detail={"relative_gap": sim.mean / theory - 1},
    ), sim


def _compare_d2(p: dict, key, reps: int) -> list[Comparison]:
    return _plain([_d2_point(p, key, reps)[0]])


def _orthonormal_study(key, quick: bool) -> list[Comparison]:
    """Orthonormal keys: the exact digamma formula; the leading order is the negative control."""
    D, out = 3, []
    for i, n in enumerate((8, 16) if quick else (8, 16, 32)):
        sim = monte_carlo(d2_kl(D, n, n, orthonormal=True), jax.random.fold_in(key, i), 4000 if quick else 20000, chunk=KL_CHUNK)["kl"]
        params = {"D": D, "n": n}
        out.append(
            Comparison(
                quantity=f"E KL, orthonormal keys (MLE covariance), D={D}, n={n}",
                rule="exact",
                theory=ic.evaluate_exact(ic.expected_kl_d2_orthonormal(), params),
                simulation=sim.mean,
                se=sim.se,
                negative_control=evaluate(ic.expected_kl_d2(drop_key_term=True), params),
                control="leading order only (the 1/n^2 terms dropped)",
            )
        )
    return out


def _wls(design: np.ndarray, y: np.ndarray, se: np.ndarray):
    """Weighted least squares: coefficients, their SE, chi^2 / dof."""
    w = 1 / se
    coef, *_ = np.linalg.lstsq(design * w[:, None], y * w, rcond=None)
    resid = (y - design @ coef) / se
    dof = max(1, len(y) - design.shape[1])
    cov = np.linalg.inv((design * w[:, None]).T @ (design * w[:, None]))
    return coef, np.sqrt(np.diag(cov)), float(resid @ resid / dof)


RATE_D = 3


def rate_grid(quick: bool):
    ns = (16, 256) if quick else (16, 32, 64, 128, 256)
    ps = (8, 16, 32, 64, 128)  # the p-slope needs every p, also in --quick
    return ns, ps


def simulate_rate_grid(key, quick: bool):
    """Simulated E KL (mean, SE) of the random-key generator over the (n, p) grid, D = 3."""
    ns, ps = rate_grid(quick)
    reps = 1000
    table = {}
    for i, n in enumerate(ns):
        for j, p_ in enumerate(ps):
            s = monte_carlo(d2_kl(RATE_D, n, p_), jax.random.fold_in(key, 100 * i + j), reps, chunk=KL_CHUNK)["kl"]
            table[(n, p_)] = (s.mean, s.se)
    return table


def fit_rates(table: dict) -> dict:
    """Fit the derived form a/n + b/p and the stated form c1/sqrt(p) + c2 log(p)/sqrt(n) by WLS."""
    pts = sorted(table)
    n_ = np.array([k[0] for k in pts], float)
    p_ = np.array([k[1] for k in pts], float)
    y = np.array([table[k][0] for k in pts])
    se = np.array([table[k][1] for k in pts])
    derived, derived_se, chi_derived = _wls(np.column_stack([1 / n_, 1 / p_]), y, se)
    stated, stated_se, chi_stated = _wls(np.column_stack([1 / np.sqrt(p_), np.log(p_) / np.sqrt(n_)]), y, se)
    return {
        "derived_a": derived[0], "derived_a_se": derived_se[0], "derived_b": derived[1], "derived_b_se": derived_se[1],
        "derived_chi2_per_dof": chi_derived,
        "stated_c1": stated[0], "stated_c1_se": stated_se[0], "stated_c2": stated[1], "stated_c2_se": stated_se[1],
        "stated_chi2_per_dof": chi_stated,
        "points": len(pts),
    }


def _slope(x, y, se):
    """Log-log slope of y on x by WLS with SE of log y = se / y."""
    coef, coef_se, _ = _wls(np.column_stack([np.ones(len(x)), np.log(x)]), np.log(y), np.asarray(se) / np.asarray(y))
    return coef[1], coef_se[1]


def _rate_study(key, quick: bool) -> list[Comparison]:
    table = simulate_rate_grid(key, quick)
    fits = fit_rates(table)
    ns, ps = rate_grid(quick)
    D = RATE_D
    out = []
    # (1) the n-slope at the largest p, against the leading order's slope over the same points
    p_max = ps[-1]
    y = [table[(n, p_max)][0] for n in ns]
    se = [table[(n, p_max)][1] for n in ns]
    slope, slope_se = _slope(ns, y, se)
    lead = [evaluate(ic.expected_kl_d2(), {"D": D, "n": n, "p": p_max}) for n in ns]
    theory_slope, _ = _slope(ns, lead, [1e-9] * len(ns))
    stated = [math.log(p_max) / math.sqrt(n) + 1 / math.sqrt(p_max) for n in ns]
    out.append(Comparison(
        quantity=f"log-log slope of E KL in n at p={p_max}",
        rule="approximate",
        theory=theory_slope,
        simulation=slope,
        se=slope_se,
        rel_tol=evaluate(ic.d2_declared_relative_error(), {"D": D, "n": ns[0], "p": p_max}),
        negative_control=_slope(ns, stated, [1e-9] * len(ns))[0],
        control="slope of the stated form log p/sqrt(n) + 1/sqrt(p)",
        detail=fits,
    ))
    # (2) the p-slope of the key term at the largest n: E KL(n, p) - E KL(n, p_max) ~ D(D+1)/4 (1/p - 1/p_max)
    n_max = ns[-1]
    ps_small = [p_ for p_ in ps if p_ <= ps[-1] // 4]
    base_mean, base_se = table[(n_max, ps[-1])]
    y = [table[(n_max, p_)][0] - base_mean for p_ in ps_small]
    se = [math.hypot(table[(n_max, p_)][1], base_se) for p_ in ps_small]
    lead_key = [D * (D + 1) / 4 * (1 / p_ - 1 / ps[-1]) for p_ in ps_small]
    stated_key = [1 / math.sqrt(p_) - 1 / math.sqrt(ps[-1]) for p_ in ps_small]  # the stated form's 1/sqrt(p) term
    slope, slope_se = _slope(ps_small, y, se)
    out.append(Comparison(
        quantity=f"log-log slope in p of E KL(p) - E KL(p_max) at n={n_max}",
        rule="approximate",
        theory=_slope(ps_small, lead_key, [1e-9] * len(ps_small))[0],
        simulation=slope,
        se=slope_se,
        rel_tol=evaluate(ic.d2_declared_relative_error(), {"D": D, "n": n_max, "p": ps_small[0]}),
        negative_control=_slope(ps_small, stated_key, [1e-9] * len(ps_small))[0],
        control="slope of the stated form's p-dependence",
        detail=fits,
    ))
    # (3) the stated form as an upper bound, with the constants the derivation implies
    c1, c2 = D * (D + 1) / 4, D * (D + 3) / 4 / math.log(2)
    ratios = {k: table[k][0] / (c1 / math.sqrt(k[1]) + c2 * math.log(k[1]) / math.sqrt(k[0])) for k in table}
    worst = max(ratios, key=ratios.get)
    n_w, p_w = worst
    bound = c1 / math.sqrt(p_w) + c2 * math.log(p_w) / math.sqrt(n_w)
    best = min(ratios, key=ratios.get)
    out.append(Comparison(
        quantity=f"stated form c1/sqrt(p) + c2 log p/sqrt(n) as an upper bound (worst point n={n_w}, p={p_w})",
        rule="upper_bound",
        theory=bound,
        simulation=table[worst][0],
        se=table[worst][1],
        negative_control=evaluate(ic.expected_kl_d2(drop_key_term=True), {"D": D, "n": n_w, "p": p_w}),
        control="leading order without the key term",
        detail={"c1": c1, "c2": c2, "largest_kl_over_bound": ratios[worst],
                "smallest_kl_over_bound": ratios[best], "smallest_at": f"n={best[0]}, p={best[1]}"},
    ))
    # (4) the fitted stated form as a description: its chi^2/dof against the derived form's
    out.append(Comparison(
        quantity="chi^2/dof of the best stated-form fit minus that of the derived-form fit (> 0: derived describes better)",
        rule="sign",
        theory=1.0,
        simulation=fits["stated_chi2_per_dof"] - fits["derived_chi2_per_dof"],
        se=math.sqrt(2 / max(1, fits["points"] - 2)) * 2,
        negative_control=-1.0,
        control="the stated form describes the grid better",
        detail=fits,
    ))
    return out


D2_GRID = tuple({"D": 3, "n": n, "p": p_} for n in (32, 128) for p_ in (32, 128)) + ({"D": 5, "n": 100, "p": 100},)

D2 = Claim(
    id="D2",
    title="Random positional keys of width p: E KL ~ D/(2n) + D(D+1)/4 (1/n + 1/p)",
    statement="Output mu_hat + n^{-1/2} sum (xi^T r_i) z_i is N(mu_hat, n^-1 Z_c^T R R^T Z_c) given the prompt; to leading "
    "order E KL = D/(2n) + D(D+1)/4 (1/n + 1/p) (orthonormal keys: exact digamma formula). The stated rate "
    "1/sqrt(p) + log p/sqrt(n) is tested as a hypothesis: slopes, fits, and as an upper bound.",
    provenance=Provenance('toolkit', added="toolkit derivation (the stated rate is the paper's)"),
    parameters=(Parameter("D", 3, "row dimension", integer=True, low=1, high=20), count("n", 64, "prompt length", low=3), WIDTH),
    compare=_compare_d2,
    explain=ic.derive_d2,
    grid=D2_GRID,
    quick_grid=({"D": 3, "n": 64, "p": 64},),
    studies=(Study("orthonormal keys, exact", {"D": 3}, lambda k, q: _plain(_orthonormal_study(k, q))),
             Study("stated rate vs derived rate", {"D": RATE_D}, lambda k, q: _plain(_rate_study(k, q)))),
    reps=3_000,
    quick_reps=1_500,
    constraints=_d2_constraints,
)


# ---------------------------------------------------------------- D3
def _compare_d3(p: dict, key, reps: int) -> list[Comparison]:
    return _plain(_compare_d3_raw(p, key, reps))


def _compare_d3_raw(p: dict, key, reps: int) -> list[Comparison]:
    sim = monte_carlo(d3_kl(p["d"], p["n"], p["beta_norm"], p["sigma_eps"]), key, reps, chunk=KL_CHUNK)["kl"]
    return [
        Comparison(
            quantity="E KL of (x, generated label) against (x, true label)",
            rule="exact",
            theory=evaluate(ic.expected_kl_d3(), p),
            simulation=sim.mean,
            se=sim.se,
            negative_control=evaluate(ic.expected_kl_d3(drop_signal=True), p),
            control="signal term (d+1)||beta||^2 dropped",
        )
    ]


D3 = Claim(
    id="D3",
    title="Labels by one gradient step: E KL = ((d+1)||beta||^2 + d sigma_eps^2)/(2 n sigma_eps^2)",
    statement="beta_hat = n^-1 sum y_i x_i (one linear attention layer); the generated label N(beta_hat^T x, sigma_eps^2) "
    "has E KL = ((d+1)||beta||^2 + d sigma_eps^2)/(2 n sigma_eps^2) for x ~ N(0, I_d).",
    provenance=Provenance('paper, made exact', added="paper's setting, made exact (toolkit derivation)"),
    parameters=(
        Parameter("d", 5, "input dimension", integer=True, low=1, high=100),
        PROMPT,
        Parameter("beta_norm", 1.0, "||beta||", low=0.0),
        positive("sigma_eps", 0.5, "label noise standard deviation"),
    ),
    compare=_compare_d3,
    explain=ic.derive_d3,
    grid=({"d": 5, "n": 20, "beta_norm": 1.0, "sigma_eps": 0.5}, {"d": 2, "n": 10, "beta_norm": 2.0, "sigma_eps": 1.0},
          {"d": 8, "n": 60, "beta_norm": 0.5, "sigma_eps": 0.3}),
    quick_grid=({"d": 5, "n": 20, "beta_norm": 1.0, "sigma_eps": 0.5},),
    reps=10_000,
    quick_reps=2_000,
)


# ---------------------------------------------------------------- D4
# Full and quick training sizes. Full: under ~1 minute of training on 2 cores.
D4_FULL = {"d": 4, "n": 10, "lam": (0.25, 0.5, 1.0, 4.0), "reg": TrainConfig(2000, 512, 0.01), "gen": TrainConfig(800, 256, 0.02),
           "D": 3, "p": 8, "tau": 1.0, "eval_reps": 200_000, "gen_eval_reps": 20_000}
D4_QUICK = {"d": 3, "n": 10, "lam": (0.25, 1.0, 4.0), "reg": TrainConfig(500, 128, 0.02), "gen": TrainConfig(300, 64, 0.03),
            "D": 3, "p": 4, "tau": 1.0, "eval_reps": 40_000, "gen_eval_reps": 5_000}
TRAINING_TOLERANCE = 0.02  # the "within 2% of the optimum"
COSINE_TOLERANCE = 0.01  # the "cosine >= 0.99"


def d4_regression_checks(key, size: dict) -> list[Comparison]:
    d, n, lam = size["d"], size["n"], list(size["lam"])
    k_train, k_eval = jax.random.split(key)
    params, losses = train_regression(k_train, d, n, jnp.array(lam), size["reg"])
    risk = monte_carlo(regression_risk(params, n, jnp.array(lam)), k_eval, size["eval_reps"], chunk=20_000)["risk"]
    A = np.asarray(learned_block(params))
    g_inv = np.array([float(v.subs(icr.n, n)) for v in icr.gamma_inverse_diag(lam)])
    lam_inv = 1 / np.array(lam)
    opt = float(icr.optimal_risk(lam).subs(icr.n, n))
    plain = float(icr.risk_of_diagonal_block(lam, list(lam_inv)).subs(icr.n, n))
    cos_gamma = float(cosine(jnp.asarray(A), jnp.diag(g_inv)))
    return [
        Comparison("population risk of the trained layer vs the optimum tr L - tr(L G^-1 L)", "approximate", opt, risk.mean, risk.se,
                   rel_tol=TRAINING_TOLERANCE, negative_control=plain, control="risk of the unpreconditioned step A = Lambda^-1",
                   detail={"final_training_loss": float(np.mean(losses[-50:])), "relative_gap": risk.mean / opt - 1,
                           "isotropic_formula": "d s (d+1)/(n+d+1)"}),
        Comparison("cosine(learned key-query block, Gamma^-1)", "approximate", 1.0, cos_gamma, 0.0, rel_tol=COSINE_TOLERANCE,
                   negative_control=float(cosine(jnp.diag(lam_inv), jnp.diag(g_inv))),
                   control="a block proportional to Lambda^-1 instead", detail={"learned_block": A.round(4).tolist()}),
    ]


def d4_identity_checks(key, count_: int = 3) -> list[Comparison]:
    """Layer output vs the sympy gradient-step prediction on random prompts (n = 4, d = 3)."""
    n_rows, dim, eta = 4, 3, 0.7
    expr = icr.gradient_step_prediction(n_rows, dim)
    wrong = icr.gradient_step_prediction(n_rows, dim, eta_scale=1.1)
    syms = sorted(expr.free_symbols, key=lambda s_: s_.name)
    fn, fn_wrong = sp.lambdify(syms, expr), sp.lambdify(syms, wrong)
    w_kq, w_pv = gradient_step_weights(dim, eta * jnp.eye(dim))
    out = []
    for k in jax.random.split(key, count_):
        kx, ky, kq = jax.random.split(k, 3)
        X, y, xq = jax.random.normal(kx, (n_rows, dim)), jax.random.normal(ky, (n_rows,)), jax.random.normal(kq, (1, dim))
        values = {f"x_{i}{j}": float(X[i, j]) for i in range(n_rows) for j in range(dim)}
        values.update({f"y_{i}": float(y[i]) for i in range(n_rows)}, **{f"xq_{j}": float(xq[0, j]) for j in range(dim)}, eta=eta)
        args = [values[s_.name] for s_ in syms]
        out.append(Comparison("linear attention output = one gradient step prediction", "identity", float(fn(*args)),
                              float(lsa_regression_prediction(w_kq, w_pv, X, y, xq)[0]), 0.0,
                              negative_control=float(fn_wrong(*args)), control="step size off by 10%"))
    return out


def d4_generator_checks(key, size: dict) -> list[Comparison]:
    D, n, p_, tau, cfg = size["D"], size["n"], size["p"], size["tau"], size["gen"]
    k1, k2, k3, k4 = jax.random.split(key, 4)
    shrink = tau**2 / (tau**2 + 1 / n)  # derived optimum of the training objective (theory/in_context_training docs)
    out = []
    params, _ = train_mean_generator(k1, D, n, tau, cfg)
    maps = mean_generator_maps(params, D)
    B = np.asarray(maps["B"])
    kl = monte_carlo(mean_generator_kl(params, D, n, tau), k2, size["gen_eval_reps"], chunk=KL_CHUNK)["kl"]
    opt_kl = evaluate(optimal_generator_kl(), {"D": D, "n": n, "tau": tau})
    out += [
        Comparison("D1 generator trained: mean map trace(B)/D vs the optimum tau^2/(tau^2 + 1/n)", "approximate", shrink,
                   float(np.trace(B) / D), 0.0, rel_tol=TRAINING_TOLERANCE, negative_control=1.0,
                   control="the construction without the prior's shrinkage (B = I)",
                   detail={"cosine_B_identity": float(cosine(jnp.asarray(B), jnp.eye(D))), "noise_path_norm": float(maps["noise_path"]),
                           "second_moment_leak": float(maps["second_moment_leak"]), "constant": float(maps["constant"])}),
        Comparison("D1 generator trained: cosine(B, I)", "approximate", 1.0, float(cosine(jnp.asarray(B), jnp.eye(D))), 0.0,
                   rel_tol=COSINE_TOLERANCE, negative_control=float(cosine(jnp.ones((D, D)), jnp.eye(D))), control="B = all-ones (pure averaging of coordinates)"),
        Comparison("D1 generator trained: E KL vs the optimum D/(2(n + 1/tau^2))", "approximate", opt_kl, kl.mean, kl.se,
                   rel_tol=TRAINING_TOLERANCE, negative_control=evaluate(ic.expected_kl_d1(), {"D": D, "n": n}),
                   control="D/(2n), the unshrunk construction's KL"),
    ]
    blocks, _ = train_key_generator(k3, D, n, p_, tau, cfg)
    K, V, b = (np.asarray(x) for x in blocks)
    v = np.trace(V) / D
    gamma = v**2 * np.trace(K @ K.T) / p_ / n
    out += [
        Comparison("D2 generator trained: noise scale gamma vs the optimum n/(n-1)", "approximate", n / (n - 1), float(gamma), 0.0,
                   rel_tol=TRAINING_TOLERANCE, negative_control=1.0, control="gamma = 1 (the construction's MLE scale)"),
        Comparison("D2 generator trained: mean coefficient b tr(V)/D vs tau^2/(tau^2 + 1/n)", "approximate", shrink, float(b * v), 0.0,
                   rel_tol=TRAINING_TOLERANCE, negative_control=1.0, control="no shrinkage"),
        Comparison("D2 generator trained: cosine(K K^T, I_p)", "approximate", 1.0, float(cosine(jnp.asarray(K @ K.T), jnp.eye(p_))), 0.0,
                   rel_tol=COSINE_TOLERANCE, negative_control=float(cosine(jnp.diag(jnp.arange(1.0, p_ + 1)), jnp.eye(p_))),
                   control="keys weighted 1..p", detail={"cosine_V_identity": float(cosine(jnp.asarray(V), jnp.eye(D)))}),
    ]
    return out


def optimal_generator_kl() -> sp.Expr:
    """Optimum of the D1 training objective: posterior variance per coordinate D/(2(n + 1/tau^2)) (see below)."""
    return derive_generator_optimum()["kl_star"]


@lru_cache(maxsize=None)
def derive_generator_optimum() -> Derivation:
    """min over c of E KL with mean c mu_hat, mu ~ N(0, tau^2 I), Sigma = I (J = I is optimal for the covariance)."""
    c, tau = sp.Symbol("c", real=True), sp.Symbol("tau", positive=True)
    der = Derivation("D4: optimum of the generator's training objective", "toolkit derivation")
    risk = der.step("E ||c mu_hat - mu||^2 / 2 = D [(c-1)^2 tau^2 + c^2/n] / 2", ic.D * ((c - 1) ** 2 * tau**2 + c**2 / ic.n) / 2)
    c_star = der.step("c* = tau^2 / (tau^2 + 1/n)", sp.solve(sp.diff(risk, c), c)[0], name="c_star")
    der.step("E KL* = D / (2 (n + 1/tau^2))", sp.simplify(risk.subs(c, c_star)), name="kl_star")
    return der


def _d4_compare(p: dict, key, reps: int) -> list[Comparison]:
    size = D4_QUICK if reps < 1000 else D4_FULL
    k1, k2, k3 = jax.random.split(key, 3)
    return _plain(d4_regression_checks(k1, size) + d4_identity_checks(k2) + d4_generator_checks(k3, size))


def _d4_explain() -> Derivation:
    der = icr.derive_isotropic()
    out = Derivation("D4: training one linear attention layer finds the construction", der.source, list(der.steps))
    out.steps += icr.derive_general(3).steps + icr.derive_gradient_step_identity().steps + derive_generator_optimum().steps
    return out


D4 = Claim(
    id="D4",
    title="Training finds the construction",
    statement="Trained on in-context linear regression, one linear attention layer reaches the risk "
    "tr L - tr(L Gamma^-1 L) (= d s (d+1)/(n+d+1) for L = s I) within 2% with key-query block ~ Gamma^-1 (cosine >= 0.99); "
    "the layer with W_KQ = [[eta I, 0], [0, 0]] is one gradient step (1e-10); trained as generators, the D1/D2 "
    "layers recover the constructions (with the training prior's derived shrinkage and noise scale).",
    provenance=Provenance('paper, made exact', added="paper's setting (toolkit derivation)"),
    parameters=(),
    compare=_d4_compare,
    explain=_d4_explain,
    grid=({},),
    quick_grid=({},),
    reps=1000,
    quick_reps=100,
)


# ---------------------------------------------------------------- D5
def _compare_d5(p: dict, key, reps: int) -> list[Comparison]:
    return _plain(_compare_d5_raw(p, key, reps))


def _compare_d5_raw(p: dict, key, reps: int) -> list[Comparison]:
    design = Design(p["d"], p["s"], p["n0"], p["n1"], p["m"])
    sim = monte_carlo(oversampling_comparison(design), key, reps, chunk=1000)
    val = lambda expr: evaluate(expr, p)  # noqa: E731
    def rel_tol(law: dict) -> float:
        """Declared size of the neglected terms: (1 + s^2) E[theta^2 + beta^2] (see ico.second_order_size)."""
        return (1 + p["s"] ** 2) * val(ico.second_order_size().subs({ico.v1: law["v1"], ico.v0: law["v0"], ico.cov01: law["c01"]}))

    theory = {g: val(ico.excess(g)) for g in ico.GENERATORS}
    laws = {g: {k: val(v) for k, v in ico.effective_law(g).items()} for g in ico.GENERATORS}
    rows = [
        Comparison("v1 of the seed-only generator (pooled minority mean variance per coordinate)", "exact", laws["seed_only"]["v1"],
                   sim["v1_seed"].mean, sim["v1_seed"].se, negative_control=laws["independent"]["v1"], control="independent-rows v1 = 1/(n1+m)"),
        Comparison("v1 of duplication", "exact", laws["duplication"]["v1"], sim["v1_dup"].mean, sim["v1_dup"].se,
                   negative_control=laws["independent"]["v1"], control="independent-rows v1 = 1/(n1+m)"),
        Comparison("v1 of the structural-prior generator", "exact", laws["structural"]["v1"], sim["v1_struct"].mean, sim["v1_struct"].se,
                   negative_control=laws["independent"]["v1"], control="independent-rows v1"),
        Comparison("Cov(e1, e0) of the structural-prior generator", "exact", laws["structural"]["c01"], sim["c01_struct"].mean,
                   sim["c01_struct"].se, negative_control=0.0, control="no correlation"),
        Comparison("excess R_bal, raw (m = 0)", "approximate", val(ico.excess_raw()), sim["excess_raw"].mean, sim["excess_raw"].se,
                   rel_tol=rel_tol({"v1": 1 / p["n1"], "v0": 1 / p["n0"], "c01": 0.0}),
                   negative_control=val(ico.excess("duplication")), control="duplication's excess (bias removed)"),
    ]
    for gen, name in (("duplication", "dup"), ("seed_only", "seed"), ("structural", "struct")):
        control_law = "independent" if gen != "structural" else "seed_only"
        rows.append(Comparison(f"excess R_bal, {gen}", "approximate", theory[gen], sim[f"excess_{name}"].mean, sim[f"excess_{name}"].se,
                               rel_tol=rel_tol(laws[gen]), negative_control=val(ico.excess(gen, law_of=control_law)),
                               control=f"{gen} with the {control_law} law"))
    rows += [
        Comparison("seed-only minus duplication (does not beat duplication)", "approximate", theory["seed_only"] - theory["duplication"],
                   sim["diff_seed"].mean, sim["diff_seed"].se, rel_tol=rel_tol(laws["seed_only"]),
                   negative_control=theory["independent"] - theory["duplication"],
                   control="seed-only treated as independent rows (A2 with sigma_syn = 1)"),
        Comparison("structural prior minus duplication (beats duplication)", "approximate", theory["structural"] - theory["duplication"],
                   sim["diff_struct"].mean, sim["diff_struct"].se, rel_tol=rel_tol(laws["duplication"]),
                   negative_control=theory["seed_only"] - theory["duplication"], control="no gain from pooling (seed-only's difference)"),
    ]
    return rows


D5 = Claim(
    id="D5",
    title="In-context generators as the oversampler: a structural prior beats duplication, the seed alone does not",
    statement="Seed-only in-context rows mu1_hat + xi have pooled-mean variance v1 = 1/n1 + m/(n1+m)^2 (> duplication's by "
    "m/(n1(n1+m)^2)); a generator that knows mu1 = -mu0 pools both classes: v1 = [n1(1+m/N)^2 + m^2 n0/N^2 + m]/(n1+m)^2, "
    "Cov(e1, e0) = -m/(N(n1+m)); A2's hybrid form with these laws gives the balanced risk.",
    provenance=Provenance('toolkit', added='toolkit derivation'),
    parameters=(
        Parameter("d", 5, "dimension", integer=True, low=1, high=200),
        Parameter("s", 1.0, "separation", low=0.0, high=6.0, low_open=True),
        count("n0", 400, "majority rows", low=2),
        count("n1", 40, "minority rows", low=2),
        count("m", 360, "synthetic minority rows", low=1),
    ),
    compare=_compare_d5,
    explain=ico.derive_effective_laws,
    grid=({"d": 5, "s": 1.0, "n0": 400, "n1": 40, "m": 360},),
    quick_grid=({"d": 3, "s": 1.0, "n0": 200, "n1": 20, "m": 180},),
    reps=6_000,
    quick_reps=2_000,
    constraints=imbalanced,
)

CLAIMS = [D1, D2, D3, D4, D5]
