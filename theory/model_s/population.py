"""Population logistic ERM in model S by quadrature, for designs where no closed form exists (B4).

Toolkit derivation, solved numerically (numpy/scipy, no simulation). A training design is a list of
*strata*: a stratum has a weight pi (its share of the rows, fixed by the design) and is a mixture of
*components*; a component is a group label (y~, a) and a Gaussian law of x_core, N(center, sd^2 I).
Real rows of group (y~, a) form a one-component stratum with center y~ mu; synthetic misaligned rows from
G-shift are N(y~ mu + delta, sigma_syn^2 I); leakage makes the synthetic stratum of class y~ a mixture of
a = -y~ (prob 1 - eps) and a = y~ (prob eps).

With mu = s sigma e_1 and delta = delta_par e_1 + delta_perp e_2, the population logistic risk
L(theta) = sum_strata pi E[log(1 + exp(-y~ f))], f = w^T x + w_a a + b, is invariant under rotations that
fix e_1 and e_2 and strictly convex, so its minimizer has w in span(e_1, e_2): theta = (w_1, w_2, w_a, b).
Each expectation is a 2-D Gauss-Hermite quadrature over (x_1, x_2); Newton's method solves grad L = 0.
When delta != 0 the model is misspecified (the log-odds is not linear in (x, a)), which is why this is
numerical; at delta = 0 it reproduces the closed form of theory.model_s.attribute_weight (tested).

The same quadrature gives the sandwich covariance of the logistic MLE under the design (rows i.i.d.
within strata, stratum sizes fixed): n Cov(theta_hat) -> I^{-1} J I^{-1}, with
I = sum pi E[sigma'(f) z z^T] and J = sum_strata pi Cov_stratum(score), score = (sigma(f) - 1{y~=1}) z.
Coordinates e_3..e_d are pure noise: each has I_jj = sum pi sd^2 E[sigma'(f)], J_jj = sum pi sd^2 E[(sigma(f) - y)^2].
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.polynomial.hermite_e import hermegauss
from scipy.special import expit
from scipy.special import ndtr

_NODES, _WEIGHTS = hermegauss(120)
_WEIGHTS = _WEIGHTS / np.sqrt(2 * np.pi)
_Z1, _Z2 = np.meshgrid(_NODES, _NODES, indexing="ij")
_W2 = np.outer(_WEIGHTS, _WEIGHTS)


@dataclass(frozen=True)
class Component:
    y: int  # y~ in {+1, -1}
    a: int  # attribute in {+1, -1}
    center: tuple[float, float]  # mean of (x_1, x_2)
    sd: float


@dataclass(frozen=True)
class Stratum:
    weight: float
    parts: tuple[tuple[float, Component], ...]  # (probability within the stratum, component)


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


def _features(comp: Component):
    """Quadrature nodes of z = (x_1, x_2, a, 1) for one component, flattened."""
    x1 = comp.center[0] + comp.sd * _Z1
    x2 = comp.center[1] + comp.sd * _Z2
    ones = np.ones_like(x1)
    return np.stack([x1, x2, comp.a * ones, ones], axis=-1).reshape(-1, 4), _W2.reshape(-1)


def _components(strata):
    for st in strata:
        for prob, comp in st.parts:
            yield st.weight * prob, comp


def population_loss_parts(theta, strata):
    """(L, grad, Hessian) of the population logistic risk at theta = (w_1, w_2, w_a, b)."""
    loss, grad, hess = 0.0, np.zeros(4), np.zeros((4, 4))
    for weight, comp in _components(strata):
        z, qw = _features(comp)
        f = z @ theta
        y01 = 1.0 if comp.y > 0 else 0.0
        loss += weight * qw @ (np.logaddexp(0, f) - y01 * f)
        pr = expit(f)
        grad += weight * z.T @ (qw * (pr - y01))
        hess += weight * (z * (qw * pr * (1 - pr))[:, None]).T @ z
    return loss, grad, hess


def solve_population(strata, tol: float = 1e-12, max_iter: int = 100) -> np.ndarray:
    """theta* = (w_1, w_2, w_a, b) solving grad L = 0 by damped Newton (backtracking on L).

    Accuracy is the quadrature's (120 x 120 Gauss-Hermite nodes): ~1e-9 relative for s <= 1.5, ~1e-6 at s = 3."""
    return _solve(tuple(strata), tol, max_iter).copy()


@lru_cache(maxsize=256)
def _solve(strata, tol, max_iter):
    theta = np.zeros(4)
    for _ in range(max_iter):
        loss, grad, hess = population_loss_parts(theta, strata)
        step = np.linalg.solve(hess, grad)
        t = 1.0
        while population_loss_parts(theta - t * step, strata)[0] > loss + 1e-15 and t > 1e-8:
            t /= 2
        theta = theta - t * step
        if np.max(np.abs(grad)) < tol:
            return theta
    raise RuntimeError(f"population Newton did not converge (|grad| = {np.max(np.abs(grad)):.2e})")


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


def sandwich(theta, strata) -> np.ndarray:
    """n Cov(theta_hat) for the in-plane coordinates (w_1, w_2, w_a, b): I^{-1} J I^{-1}."""
    info, meat = np.zeros((4, 4)), np.zeros((4, 4))
    for st in strata:
        mean_g, second = np.zeros(4), np.zeros((4, 4))
        for prob, comp in st.parts:
            z, qw = _features(comp)
            pr = expit(z @ theta)
            resid = pr - (1.0 if comp.y > 0 else 0.0)
            info += st.weight * prob * (z * (qw * pr * (1 - pr))[:, None]).T @ z
            mean_g += prob * z.T @ (qw * resid)
            second += prob * (z * (qw * resid**2)[:, None]).T @ z
        meat += st.weight * (second - np.outer(mean_g, mean_g))
    inv = np.linalg.inv(info)
    return inv @ meat @ inv


def finite_sample_variance_wa(s, n_al, n_mis, m=0, eps=0.0, delta_par=0.0, delta_perp=0.0, sigma_syn=1.0,
                              sigma=1.0, stratified=True) -> float:
    """Var(w_a_hat) ~ [I^{-1} J I^{-1}]_aa / n for the design; `stratified=False` uses J = I (i.i.d. rows,
    random group sizes), the wrong law for fixed group counts (negative control)."""
    strata = model_s_design(s, n_al, n_mis, m, eps, delta_par, delta_perp, sigma_syn, sigma)
    theta = solve_population(strata)
    if not stratified:
        strata = (Stratum(1.0, tuple((st.weight * pr, c) for st in strata for pr, c in st.parts)),)
    return float(sandwich(theta, strata)[2, 2] / (n_al + n_mis + m))
