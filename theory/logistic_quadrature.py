"""Population logistic ERM on Gaussian mixtures in a plane, by quadrature (toolkit; numpy/scipy, no simulation).

A training design is a list of *strata*: a stratum has a weight pi (its share of the rows, fixed by the design)
and is a mixture of *components*; a component has a label y~ in {+1, -1}, optionally a binary attribute a
(model S; None in model G, where the rule has no attribute weight), and a Gaussian law of x, N(center, sd^2 I)
with its center in span(e_1, e_2).

The population logistic risk L(theta) = sum_strata pi E[log(1 + exp(-y~ f))], f = w^T x (+ w_a a) + b, is
invariant under rotations that fix e_1 and e_2 and strictly convex, so its minimizer has w in span(e_1, e_2):
theta = (w_1, w_2, [w_a,] b). Each expectation is a 2-D Gauss-Hermite quadrature over (x_1, x_2) with
120 x 120 nodes; Newton's method solves grad L = 0. Where a component's law is a mixture the model is
misspecified (the log-odds is not linear in x), which is why this is numerical.

The same quadrature gives the sandwich covariance of the logistic MLE under the design (rows i.i.d. within
strata, stratum sizes fixed): n Cov(theta_hat) -> I^{-1} J I^{-1}, with I = sum pi E[sigma'(f) z z^T] and
J = sum_strata pi Cov_stratum(score), score = (sigma(f) - 1{y~=1}) z (White 1982).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.polynomial.hermite_e import hermegauss
from scipy.special import expit

#: documented accuracy of a solved rule's risks, relative: ~1e-9 for s <= 1.5, ~1e-6 at s = 3 (120 nodes)
RELATIVE_ERROR = 1e-6

_NODES, _WEIGHTS = hermegauss(120)
_WEIGHTS = _WEIGHTS / np.sqrt(2 * np.pi)
_Z1, _Z2 = np.meshgrid(_NODES, _NODES, indexing="ij")
_W2 = np.outer(_WEIGHTS, _WEIGHTS)


@dataclass(frozen=True)
class Component:
    y: int  # y~ in {+1, -1}
    a: int | None  # attribute in {+1, -1}; None: the rule has no attribute weight (model G)
    center: tuple[float, float]  # mean of (x_1, x_2)
    sd: float


@dataclass(frozen=True)
class Stratum:
    weight: float
    parts: tuple[tuple[float, Component], ...]  # (probability within the stratum, component)


def _features(comp: Component):
    """Quadrature nodes of z = (x_1, x_2, [a,] 1) for one component, flattened (a point mass, sd = 0: one node)."""
    z1, z2, w2 = (np.zeros((1, 1)), np.zeros((1, 1)), np.ones((1, 1))) if comp.sd == 0 else (_Z1, _Z2, _W2)
    x1 = comp.center[0] + comp.sd * z1
    x2 = comp.center[1] + comp.sd * z2
    ones = np.ones_like(x1)
    columns = [x1, x2, ones] if comp.a is None else [x1, x2, comp.a * ones, ones]
    return np.stack(columns, axis=-1).reshape(-1, len(columns)), w2.reshape(-1)


def _size(strata) -> int:
    """Number of rule coordinates: 3 without an attribute, 4 with one (every component the same way)."""
    without = {comp.a is None for st in strata for _, comp in st.parts}
    if len(without) != 1:
        raise ValueError("strata: every component has an attribute (model S) or none has (model G)")
    return 3 if without == {True} else 4


def _components(strata):
    for st in strata:
        for prob, comp in st.parts:
            yield st.weight * prob, comp


def population_loss_parts(theta, strata):
    """(L, grad, Hessian) of the population logistic risk at theta = (w_1, w_2, [w_a,] b)."""
    k = _size(strata)
    loss, grad, hess = 0.0, np.zeros(k), np.zeros((k, k))
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
    """theta* = (w_1, w_2, [w_a,] b) solving grad L = 0 by damped Newton (backtracking on L).

    Accuracy is the quadrature's: RELATIVE_ERROR."""
    return _solve(tuple(strata), tol, max_iter).copy()


@lru_cache(maxsize=256)
def _solve(strata, tol, max_iter):
    theta = np.zeros(_size(strata))
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


def _stratum_nodes(st: Stratum) -> tuple[float, np.ndarray, np.ndarray, np.ndarray]:
    """(pi, z, node weights, 0/1 labels) of a stratum: its components' quadrature nodes, weighted by their
    probabilities within the stratum."""
    parts = [(_features(comp), prob, 1.0 if comp.y > 0 else 0.0) for prob, comp in st.parts]
    return (st.weight, np.concatenate([z for (z, _), _, _ in parts]),
            np.concatenate([prob * qw for (_, qw), prob, _ in parts]),
            np.concatenate([np.full(len(qw), y) for (_, qw), _, y in parts]))


def score_moments(theta, strata_nodes) -> tuple[np.ndarray, np.ndarray]:
    """Per-row H = sum pi E[sigma'(f) z z^T] and J = sum pi Cov_stratum(psi), psi = (sigma(f) - y) z, for strata
    given as (pi, z nodes, node weights, 0/1 labels): the logistic fit's information and score covariance."""
    k = len(theta)
    info, meat = np.zeros((k, k)), np.zeros((k, k))
    for pi, z, qw, y in strata_nodes:
        pr = expit(z @ theta)
        resid = pr - y
        info += pi * (z * (qw * pr * (1 - pr))[:, None]).T @ z
        mean = z.T @ (qw * resid)
        meat += pi * ((z * (qw * resid**2)[:, None]).T @ z - np.outer(mean, mean))
    return info, meat


def second_order_bias(theta, strata_nodes, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(E theta_hat - theta* to order 1/n, the per-row covariance H^-1 J H^-1) of the logistic MLE on n rows,
    strata as in `score_moments` (rows i.i.d. within a stratum, stratum sizes fixed).

    Second-order expansion of the estimating equation sum_i psi_i(theta_hat) = 0, grad psi = sigma'(f) z z^T,
    grad^2 psi = sigma''(f) z z z (toolkit derivation; Rilstone, Srivastava and Ullah 1996 for M-estimators):
    theta_hat - theta* = -H^-1 S + H^-1 dH H^-1 S - (1/2) H^-1 T[H^-1 S, H^-1 S] + ..., whose expectation is
    (1/n) H^-1 [B - (1/2) T[H^-1 J H^-1]], T[C]_i = sum pi E[sigma'' z_i z^T C z] and
    B = sum pi Cov_stratum(grad psi, H^-1 psi) (zero when the labels are drawn from a well-specified model)."""
    info, meat = score_moments(theta, strata_nodes)
    inv = np.linalg.inv(info)
    cov = inv @ meat @ inv
    cross, third = np.zeros(len(theta)), np.zeros(len(theta))
    for pi, z, qw, y in strata_nodes:
        pr = expit(z @ theta)
        resid = pr - y
        d1, d2 = pr * (1 - pr), pr * (1 - pr) * (1 - 2 * pr)
        mean_psi, mean_dpsi = z.T @ (qw * resid), (z * (qw * d1)[:, None]).T @ z
        cross += pi * (z.T @ (qw * d1 * resid * np.einsum("ir,rt,it->i", z, inv, z)) - mean_dpsi @ inv @ mean_psi)
        third += pi * z.T @ (qw * d2 * np.einsum("ir,rt,it->i", z, cov, z))
    return inv @ (cross - 0.5 * third) / n, cov


def sandwich(theta, strata) -> np.ndarray:
    """n Cov(theta_hat) for the in-plane coordinates (w_1, w_2, [w_a,] b): I^{-1} J I^{-1}."""
    info, meat = score_moments(theta, [_stratum_nodes(st) for st in strata])
    inv = np.linalg.inv(info)
    return inv @ meat @ inv


def mle_bias(theta, strata, n: int) -> tuple[np.ndarray, np.ndarray]:
    """`second_order_bias` of the logistic MLE on n rows of the design: (E theta_hat - theta* to order 1/n, the
    per-row covariance H^-1 J H^-1); a stratum of one point mass is a fixed row."""
    return second_order_bias(theta, [_stratum_nodes(st) for st in strata], n)
