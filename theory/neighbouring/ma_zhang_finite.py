"""E1 at finite sizes: the O(1/N) variance term of the excess and the size of the O(1/N^2) term next to it.

Our derivation (not in Ma & Zhang, whose statement is about the population). Rows are stratified: n0 rows
N(0, I_2) with y = 0, n1 rows N(mu e1, I_2) and n_syn rows N(a e1, I_2) with y = 1; theta is the population
least-squares coefficient (docs/theory/neighbouring.md). With per-row terms u_i = x_i x_i^T - M_k and
v_i = x_i e_i - m_k (e = y - theta^T x, M_k, m_k the group moments), U = sum u_i, V = sum v_i, A = sum_k n_k M_k:

    theta_hat - theta = (A + U)^{-1} V = A^{-1} V - A^{-1} U A^{-1} V + A^{-1} U A^{-1} U A^{-1} V - ...

(sum_k n_k m_k = 0 is the population normal equation). The excess is the quadratic
(1/2) gap^T h gap with h the Hessian of the balanced risk, gap = theta_hat - theta*, so

    E excess = excess(theta) + (1/2) tr(h A^{-1} B A^{-1}) + O(N^{-2}),   B = sum_k n_k Cov_k(x e)

(the sandwich, first term, exact in sympy). The O(N^{-2}) term comes from the next terms of the series:
third cumulants sum_k n_k E_k[w w~u] and products of two pair covariances (w = A^{-1} v, u~ = A^{-1} u);
:func:`second_order_term` computes it from the exact Gaussian moments of each group. Its size relative to
the first term is the tolerance's approximation part in claim E1 (the remainder after it is O(N^{-3})).
"""
from __future__ import annotations

from synthover.theory.memo import memo

import numpy as np
import sympy as sp

from synthover.theory.derivation import Derivation
from synthover.theory.neighbouring import ma_zhang as mz
from synthover.theory.symbols import n0, n1

g1, g2 = sp.symbols("g_1 g_2", real=True)  # the standard normal part of a row, x = c e1 + g


def _normal_moment(power: int) -> int:
    """E g^p for g ~ N(0, 1): (p - 1)!! for even p, 0 for odd p."""
    return 0 if power % 2 else int(sp.factorial2(power - 1)) if power else 1


def gaussian_expectation(expr: sp.Expr) -> sp.Expr:
    """E over independent g_1, g_2 ~ N(0, 1) of a polynomial in them (Isserlis, monomial by monomial)."""
    poly = sp.Poly(sp.expand(expr), g1, g2)
    return sp.expand(sum(coef * _normal_moment(i) * _normal_moment(j) for (i, j), coef in poly.terms()))


def _row(center):
    return sp.Matrix([center + g1, g2])


@memo
def derive_variance_term() -> Derivation:
    """(1/2) tr(h A^{-1} B A^{-1}) at general n0, n1, n_syn (mu = 1, a = 1/2)."""
    der = Derivation("E1 at finite N: the O(1/N) variance term of the excess", "toolkit derivation")
    theta = sp.Matrix([mz.theta1(), 0])
    groups = ((n0, 0, 0), (n1, mz.E1_VALUES[mz.mu_min], 1), (mz.n_syn, mz.E1_VALUES[mz.a_syn], 1))
    A = sp.zeros(2, 2)
    B = sp.zeros(2, 2)
    for count, center, label in groups:
        x = _row(center)
        e = label - (theta.T * x)[0]
        A += count * (x * x.T).applyfunc(gaussian_expectation)
        mean = (x * e).applyfunc(gaussian_expectation)
        B += count * ((x * x.T) * e**2).applyfunc(gaussian_expectation) - count * mean * mean.T
    der.step("A = sum_k n_k E_k[x x^T]", A, name="A")
    der.step("B = sum_k n_k Cov_k(x e), e = y - theta^T x", B.applyfunc(sp.factor), name="B")
    excess = mz.derive_e1()["excess"].subs(mz.E1_VALUES)
    h = sp.hessian(excess, (mz.th1, mz.th2))
    der.step("h = Hessian of the balanced risk", h, name="h")
    Ainv = A.inv()
    term = sp.factor(sp.simplify((h * Ainv * B * Ainv).trace() / 2))
    der.step("E excess - excess(theta) = (1/2) tr(h A^-1 B A^-1) + O(N^-2)", term, name="variance_term")
    cancel = mz.cancelling_size()
    der.step("At the bias-cancelling size 4(n0 - n1) (excess(theta) = 0)", sp.factor(sp.simplify(term.subs(mz.n_syn, cancel))),
             name="variance_term_cancelling")
    return der


def variance_term(n_syn_value=None) -> sp.Expr:
    """The O(1/N) term in n0, n1 (and n_syn unless given)."""
    expr = derive_variance_term()["variance_term"]
    return expr if n_syn_value is None else expr.subs(mz.n_syn, n_syn_value)


@memo
def _group_tensors():
    """Per-row moment tensors of each group as numpy functions of (theta_1, center, label)."""
    t1, c, y = sp.symbols("t_1 c y", real=True)
    x = _row(c)
    e = y - t1 * x[0]
    M = (x * x.T).applyfunc(gaussian_expectation)
    m = (x * e).applyfunc(gaussian_expectation)
    u = [[x[a] * x[b] - M[a, b] for b in range(2)] for a in range(2)]
    v = [x[a] * e - m[a] for a in range(2)]
    E = gaussian_expectation
    uv = [[[E(u[a][b] * v[k]) for k in range(2)] for b in range(2)] for a in range(2)]
    uu = [[[[E(u[a][b] * u[k][l]) for l in range(2)] for k in range(2)] for b in range(2)] for a in range(2)]
    vv = [[E(v[a] * v[b]) for b in range(2)] for a in range(2)]
    uvv = [[[[E(u[a][b] * v[k] * v[l]) for l in range(2)] for k in range(2)] for b in range(2)] for a in range(2)]
    return tuple(sp.lambdify((t1, c, y), sp.Array(T), "numpy") for T in (M, uv, uu, vv, uvv))


def second_order_term(n0_value: int, n1_value: int, n_syn_value: int) -> float:
    """The O(N^{-2}) term of E excess (the next term after :func:`variance_term`), from the series above."""
    theta1 = float(mz.theta1(n_syn_value).subs({n0: n0_value, n1: n1_value}))
    counts = ((n0_value, 0.0, 0.0), (n1_value, 1.0, 1.0), (n_syn_value, 0.5, 1.0))
    fM, fuv, fuu, fvv, fuvv = _group_tensors()
    A = sum(n * np.asarray(fM(theta1, c, y), float) for n, c, y in counts)
    P = np.linalg.inv(A)
    tensors = [sum(n * np.asarray(f(theta1, c, y), float) for n, c, y in counts) for f in (fuv, fuu, fvv, fuvv)]
    # in the coordinates w = P v, u~ = P u
    UW = np.einsum("ap,pbk,ck->abc", P, tensors[0], P)  # E[U~_ab W_c]
    UU = np.einsum("ap,pbqd,cq->abcd", P, tensors[1], P)  # E[U~_ab U~_cd]
    WW = P @ tensors[2] @ P.T  # E[W W^T]
    UWW = np.einsum("ap,pbkl,ck,dl->abcd", P, tensors[3], P, P)  # E[U~_ab W_c W_d]
    # gap = g1 + g2 + g3 + ...: g1 = W, g2 = -U~ W, g3 = U~ U~ W
    g12 = -np.einsum("bcca->ab", UWW)  # E[g1 g2^T], a third cumulant
    # E[g2 g2^T] and E[g1 g3^T]: the three pairings of four zero-mean sums (their fourth cumulant is O(N))
    g22 = (np.einsum("acc,bdd->ab", UW, UW) + np.einsum("acbd,cd->ab", UU, WW) + np.einsum("acd,bdc->ab", UW, UW))
    g13 = (np.einsum("bca,cdd->ab", UW, UW) + np.einsum("cda,bcd->ab", UW, UW) + np.einsum("ad,bccd->ab", WW, UU))
    second = g12 + g12.T + g22 + g13 + g13.T
    h = np.asarray(derive_variance_term()["h"], dtype=float)  # the balanced risk's Hessian, 2 I + mu mu^T
    return float(np.trace(h @ second) / 2)


def theta_bias(n0_value: int, n1_value: int, n_syn_value: int) -> np.ndarray:
    """The O(1/N) bias E theta_hat - theta = -E[U~ W] (the first term of the series with a nonzero mean)."""
    theta1 = float(mz.theta1(n_syn_value).subs({n0: n0_value, n1: n1_value}))
    counts = ((n0_value, 0.0, 0.0), (n1_value, 1.0, 1.0), (n_syn_value, 0.5, 1.0))
    fM, fuv = _group_tensors()[:2]
    P = np.linalg.inv(sum(n * np.asarray(fM(theta1, c, y), float) for n, c, y in counts))
    uv = sum(n * np.asarray(fuv(theta1, c, y), float) for n, c, y in counts)
    return -np.einsum("acc->a", np.einsum("ap,pbk,ck->abc", P, uv, P))
