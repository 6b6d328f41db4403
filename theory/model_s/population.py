"""Population logistic ERM in model S by quadrature, for designs where no closed form exists (B4).

Toolkit derivation, solved numerically by theory.logistic_quadrature (numpy/scipy, no simulation). Real rows
of group (y~, a) form a one-component stratum with center y~ mu; synthetic misaligned rows from G-shift are
N(y~ mu + delta, sigma_syn^2 I); leakage makes the synthetic stratum of class y~ a mixture of a = -y~
(prob 1 - eps) and a = y~ (prob eps). With mu = s sigma e_1 and delta = delta_par e_1 + delta_perp e_2 the
minimizer is theta = (w_1, w_2, w_a, b). When delta != 0 the model is misspecified; at delta = 0 the solve
reproduces the closed form of theory.model_s.attribute_weight (tested).

Coordinates e_3..e_d are pure noise: each has I_jj = sum pi sd^2 E[sigma'(f)], J_jj = sum pi sd^2 E[(sigma(f) - y)^2].
"""
from __future__ import annotations

import numpy as np
from scipy.special import ndtr

from synthover.theory.logistic_quadrature import Component, Stratum, sandwich, solve_population

__all__ = ["Component", "Stratum", "finite_sample_variance_wa", "group_risks", "model_s_design", "risks",
           "sandwich", "solve_population"]


def model_s_design(s, n_al, n_mis, m=0, eps=0.0, delta_par=0.0, delta_perp=0.0, sigma_syn=1.0, sigma=1.0):
    """Strata of model S: aligned / misaligned real rows split over y~ (ceil / floor), plus m synthetic misaligned
    rows from N(y~ mu + delta, sigma_syn^2 I) of which a fraction eps is labelled aligned (leakage)."""
    total = n_al + n_mis + m
    split = lambda k, yt: k - k // 2 if yt > 0 else k // 2  # noqa: E731  (as the simulation splits rows)
    strata = []
    for yt in (1, -1):
        real = (yt * s * sigma, 0.0)
        strata.append(Stratum(split(n_al, yt) / total, ((1.0, Component(yt, yt, real, sigma)),)))
        strata.append(Stratum(split(n_mis, yt) / total, ((1.0, Component(yt, -yt, real, sigma)),)))
        if m:
            syn = (yt * s * sigma + delta_par, delta_perp)
            parts = ((1 - eps, Component(yt, -yt, syn, sigma_syn)), (eps, Component(yt, yt, syn, sigma_syn)))
            strata.append(Stratum(split(m, yt) / total, tuple(pt for pt in parts if pt[0] > 0)))
    return tuple(st for st in strata if st.weight > 0)


def group_risks(theta, s, sigma=1.0) -> dict:
    """Exact R^(y~,a) of the rule theta = (w_1, w_2, w_a, b) on the real groups x ~ N(y~ mu, sigma^2 I)."""
    w1, w2, wa, b = theta
    scale = sigma * np.hypot(w1, w2)
    return {(yt, a): float(ndtr(-yt * (yt * w1 * s * sigma + wa * a + b) / scale))
            for yt in (1, -1) for a in (1, -1)}


def risks(theta, s, sigma=1.0) -> dict:
    """{'balanced', 'worst', 'w_a', ...} of a population rule."""
    g = group_risks(theta, s, sigma)
    return {"balanced": float(np.mean(list(g.values()))), "worst": max(g.values()), "w_a": float(theta[2]),
            "b": float(theta[3]), "groups": g}


def finite_sample_variance_wa(s, n_al, n_mis, m=0, eps=0.0, delta_par=0.0, delta_perp=0.0, sigma_syn=1.0,
                              sigma=1.0, stratified=True) -> float:
    """Var(w_a_hat) ~ [I^{-1} J I^{-1}]_aa / n for the design; `stratified=False` uses J = I (i.i.d. rows,
    random group sizes), the wrong law for fixed group counts (negative control)."""
    strata = model_s_design(s, n_al, n_mis, m, eps, delta_par, delta_perp, sigma_syn, sigma)
    theta = solve_population(strata)
    if not stratified:
        strata = (Stratum(1.0, tuple((st.weight * pr, c) for st in strata for pr, c in st.parts)),)
    return float(sandwich(theta, strata)[2, 2] / (n_al + n_mis + m))
