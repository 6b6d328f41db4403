"""Exact E R_bal of plug-in LDA in model G, by quadrature over the law of the class means (toolkit derivation).

Setting of theory/model_g/oversampling.py (sigma = 1, mu = s e_1): mu1_hat ~ N(mu + a1, v1 I), mu0_hat ~
N(-mu + a0, v0 I), independent, offsets a1, a0 in span(e_1, e_2); w = mu1_hat - mu0_hat,
b = ell - (||mu1_hat||^2 - ||mu0_hat||^2)/2. The rule's risks depend on the class means through

  * their coordinates along e_1 and e_2: u1, p1 (class 1), u0, p0 (class 0), four independent Gaussians;
  * their other d - 2 coordinates xi1 ~ N(0, v1 I), xi0 ~ N(0, v0 I), through A = xi1 - xi0 and
    B = (v0 xi1 + v1 xi0)/(v0 + v1), independent: ||w||^2 gains ||A||^2 ~ (v0 + v1) chi^2_{d-2}, and
    ||xi1||^2 - ||xi0||^2 = 2 B^T A + (v1 - v0)/(v0 + v1) ||A||^2 (verified below by sympy), with
    C = B^T A | A ~ N(0, tau^2), tau^2 = ||A||^2 v0 v1/(v0 + v1).

C enters only the intercept, b = b' - C, and E_C Phi((x - C)/W) = Phi(x/sqrt(W^2 + tau^2)) (a Gaussian
convolution of Phi), so given (u1, p1, u0, p0, ||A||^2) the expected balanced risk is the balanced risk of a
rule with margin s (u1 - u0)/N and intercept b'/N, N^2 = ||w||^2 + tau^2 (derived below). What is left is a
5-dimensional integral: a tensor Gauss-Hermite rule in the four in-plane coordinates and a generalized
Gauss-Laguerre rule in ||A||^2 / (2 (v0 + v1)) ~ Gamma((d - 2)/2). The rules are refined until two successive
resolutions agree; their difference is the declared quadrature error (the finer value is returned).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import sympy as sp
from numpy.polynomial.hermite_e import hermegauss
from scipy.special import roots_genlaguerre

from synthover.theory.derivation import Derivation
from synthover.theory.memo import memo
from synthover.theory.model_g import oversampling
from synthover.theory.model_g.linear_rule_risk import balanced_risk
from synthover.theory.model_g.oversampling import p0, p1, u0, u1
from synthover.theory.normal import Phi
from synthover.theory.numeric import evaluate
from synthover.theory.symbols import ell, s, v0, v1

a_sq = sp.Symbol("a_sq", nonnegative=True)  # ||A||^2

#: (Gauss-Hermite nodes per in-plane coordinate, Gauss-Laguerre nodes in ||A||^2), coarse to fine
RESOLUTIONS = ((6, 8), (10, 12), (16, 20), (24, 28))
#: stop refining once two resolutions agree to this (absolute, in R_bal)
TARGET_ERROR = 1e-11


@memo
def derive_reduced_risk() -> Derivation:
    """The expected balanced risk given the in-plane coordinates and ||A||^2 (the C integral done)."""
    der = Derivation("Exact E R_bal of plug-in LDA: reduction of the law of the class means", "toolkit derivation")
    x1, x0 = sp.symbols("xi1_i xi0_i")  # one orthogonal coordinate of xi1, xi0: the identities are coordinatewise
    a_i, b_i = x1 - x0, (v0 * x1 + v1 * x0) / (v0 + v1)
    variance = {x1: v1, x0: v0}

    def cov(f, g):
        return sp.factor(sum(sp.diff(f, x) * sp.diff(g, x) * v for x, v in variance.items()))

    a_vec, b_vec = sp.symbols("A B")
    xi1, xi0 = (sp.solve([a_vec - a_i, b_vec - b_i], [x1, x0])[x] for x in (x1, x0))
    der.step("Solve A = xi1 - xi0, B = (v0 xi1 + v1 xi0)/(v0+v1) for (xi1, xi0)", sp.Matrix([xi1, xi0]))
    identity = sp.simplify(xi1**2 - xi0**2 - (2 * b_vec * a_vec + (v1 - v0) / (v0 + v1) * a_vec**2))
    der.step("||xi1||^2 - ||xi0||^2 - [2 B.A + (v1-v0)/(v0+v1) ||A||^2] (coordinatewise)", identity)
    assert identity == 0
    der.step("Var A_i = v0 + v1", cov(a_i, a_i))
    der.step("Cov(A_i, B_i) = 0: A and B independent (jointly Gaussian)", cov(a_i, b_i))
    assert cov(a_i, b_i) == 0 and sp.simplify(cov(a_i, a_i) - (v0 + v1)) == 0
    var_b = der.step("Var B_i", cov(b_i, b_i))
    tau_sq = der.step("tau^2 = Var(B.A | A) = ||A||^2 Var B_i", a_sq * var_b, name="tau_sq")
    w_sq = der.step("||w||^2 = (u1-u0)^2 + (p1-p0)^2 + ||A||^2", (u1 - u0) ** 2 + (p1 - p0) ** 2 + a_sq)
    b_rest = der.step("b' = b + B.A = ell - (u1^2 + p1^2 - u0^2 - p0^2)/2 - (v1-v0)/(v0+v1) ||A||^2/2",
                      ell - (u1**2 + p1**2 - u0**2 - p0**2) / 2 - (v1 - v0) / (v0 + v1) * a_sq / 2)
    norm = sp.sqrt(w_sq + tau_sq)
    der.step("E_C R_bal - Phi(-s) = R_bal(margin s(u1-u0)/N, intercept b'/N) - Phi(-s), N^2 = ||w||^2 + tau^2",
             balanced_risk(s * (u1 - u0) / norm, b_rest / norm) - Phi(-s), name="excess_given")
    return der


@dataclass(frozen=True)
class Exact:
    """E R_bal - Phi(-s) and the declared error of the quadrature that computed it."""

    excess: float
    error: float
    resolution: tuple[int, int]


def _hermite(k: int, var: float):
    nodes, weights = hermegauss(k)
    return np.sqrt(var) * nodes, weights / weights.sum()


def _laguerre(k: int, dof: int, scale: float):
    """Nodes and weights of ||A||^2 = scale chi^2_dof = 2 scale Gamma(dof/2); dof <= 0: ||A|| = 0."""
    if dof <= 0:
        return np.zeros(1), np.ones(1)
    nodes, weights = roots_genlaguerre(k, dof / 2 - 1)
    return 2 * scale * nodes, weights / weights.sum()


def _integrate(d, s_, ell_, a1, a0, v1_, v0_, k: int, k_chi: int) -> float:
    z1, w1 = _hermite(k, v1_)
    z0, w0 = _hermite(k, v0_)
    zp1, wp1 = _hermite(k, v1_) if d >= 2 else (np.zeros(1), np.ones(1))
    zp0, wp0 = _hermite(k, v0_) if d >= 2 else (np.zeros(1), np.ones(1))
    grid = np.meshgrid(s_ + a1[0] + z1, a1[1] + zp1, -s_ + a0[0] + z0, a0[1] + zp0, indexing="ij", sparse=True)
    weight = np.einsum("i,j,k,l->ijkl", w1, wp1, w0, wp0)
    values = {"u1": grid[0], "p1": grid[1], "u0": grid[2], "p0": grid[3], "s": s_, "ell": ell_, "v1": v1_, "v0": v0_}
    excess = derive_reduced_risk()["excess_given"]
    total = 0.0
    for a, wa in zip(*_laguerre(k_chi, d - 2, v0_ + v1_)):
        total += wa * float(np.sum(weight * evaluate(excess, {**values, "a_sq": a})))
    return total


@lru_cache(maxsize=256)
def expected_excess(d: int, s_: float, ell_: float, a1: tuple[float, float], a0: tuple[float, float],
                    v1_: float, v0_: float) -> Exact:
    """E R_bal(w, b) - Phi(-s) of plug-in LDA with class-mean offsets a1, a0 (along e_1, e_2) and variances
    v1, v0 per coordinate, refined through RESOLUTIONS until two agree to TARGET_ERROR."""
    if d == 1 and (a1[1] or a0[1]):
        raise ValueError("offsets along e_2 need d >= 2")
    values = []
    for k, k_chi in RESOLUTIONS:
        values.append(_integrate(d, s_, ell_, a1, a0, v1_, v0_, k, k_chi))
        if len(values) >= 2 and abs(values[-1] - values[-2]) <= TARGET_ERROR:
            break
    return Exact(values[-1], abs(values[-1] - values[-2]), (k, k_chi))


def g_shift_excess(p: dict) -> Exact:
    """expected_excess for n0 real majority rows, n1 real and m G-shift minority rows N(mu + delta, sigma_syn^2 I)
    (the offsets, variances and ell of oversampling.g_shift_substitution)."""
    sub = {k: evaluate(v, p) for k, v in oversampling.g_shift_substitution().items()}
    o = oversampling
    return expected_excess(int(p["d"]), float(p["s"]), sub[ell], (sub[o.a1_par], sub[o.a1_perp]),
                           (sub[o.a0_par], sub[o.a0_perp]), sub[v1], sub[v0])


def explain_a2() -> Derivation:
    """A2's derivation: the paper's forms (oversampling.explain_a2) with the exact value's reduction inserted
    before the substitution of G-shift rows."""
    forms, exact = oversampling.explain_a2(), derive_reduced_risk()
    at = next(i for i, step in enumerate(forms.steps) if step.title.startswith("Substitute G-shift rows"))
    return Derivation(forms.title, forms.source, forms.steps[:at] + exact.prefixed("Exact value") + forms.steps[at:])
