"""Claim D4: one linear attention layer on in-context linear regression (Zhang, Frei & Bartlett 2023).

x_i ~ N(0, Lambda), w ~ N(0, I_d), y_i = w^T x_i (noiseless), prompt of n pairs, query x_q. The layer predicts
y_hat = x_q^T A S_hat w with S_hat = n^{-1} sum x_i x_i^T, A the key-query block. Its risk
(derived below from Gaussian moments)

    R(A) = E (y_hat - w^T x_q)^2 = tr(Lambda A M A^T) - 2 tr(Lambda A Lambda) + tr Lambda,
    M = E S_hat^2 = (1 + 1/n) Lambda^2 + tr(Lambda) Lambda / n = Gamma Lambda,  Gamma = (1 + 1/n) Lambda + tr(Lambda)/n I,

is minimised by A* = Gamma^{-1} (stationarity solved by sympy for a general d x d block at d = 3, diagonal
Lambda), with R* = tr Lambda - tr(Lambda Gamma^{-1} Lambda); for Lambda = s I (symbolic d),
R* = d s (d+1)/(n+d+1).
Identity: with W_KQ = [[eta I, 0], [0, 0]], W_PV = e_y e_y^T, the layer's output equals the prediction
x_q^T w_1 of one gradient step w_1 = -eta grad L(0), L(w) = (1/2n) sum (w^T x_i - y_i)^2 (sympy: difference 0).
Source: the paper's setting (docs/theory/in_context.md, D4), results derived by the toolkit.
"""
from __future__ import annotations

from synthover.theory.memo import memo

import sympy as sp

from synthover.theory.derivation import Derivation
from synthover.theory.in_context.kl_rates import gaussian_moment_lemmas, n
from synthover.theory.symbols import d, s

c = sp.Symbol("c", real=True)  # scalar block A = c I
eta = sp.Symbol("eta", positive=True)


@memo
def derive_isotropic() -> Derivation:
    """Lambda = s I: the best A = c I and the optimal risk d s (d+1)/(n+d+1)."""
    der = Derivation("D4: optimal one-layer linear attention, isotropic inputs", "paper's setting (toolkit derivation)")
    lem = gaussian_moment_lemmas()
    norm4 = lem["norm4"].subs(sp.Symbol("D", positive=True, integer=True), d) * s**2
    cross = lem["cross2"].subs(sp.Symbol("D", positive=True, integer=True), d) * s**2
    tr_s2 = der.step("E tr S_hat^2 = [n E||x||^4 + n(n-1) E (x^T x')^2] / n^2", sp.factor((n * norm4 + n * (n - 1) * cross) / n**2))
    risk = der.step(
        "R(c I) = s E||c S_hat - I||_F^2 = s [c^2 E tr S_hat^2 - 2 c s d + d]",
        s * (c**2 * tr_s2 - 2 * c * s * d + d),
        name="risk_c",
    )
    c_star = der.step("dR/dc = 0", sp.solve(sp.diff(risk, c), c)[0], name="c_star")
    gamma = (1 + 1 / n) * s + d * s / n
    assert sp.simplify(c_star - 1 / gamma) == 0
    der.step("c* = 1 / Gamma with Gamma = (1 + 1/n) s + d s / n", 1 / gamma)
    r_star = der.step("Optimal risk", sp.factor(sp.simplify(risk.subs(c, c_star))), name="risk_star")
    assert sp.simplify(r_star - stated_optimal_risk()) == 0, r_star
    return der


def stated_optimal_risk() -> sp.Expr:
    """As stated in docs/theory/in_context.md: d s (d+1)/(n+d+1)."""
    return d * s * (d + 1) / (n + d + 1)


def optimal_risk_isotropic() -> sp.Expr:
    return derive_isotropic()["risk_star"]


def _lams(k: int):
    return sp.symbols(f"lambda_1:{k + 1}", positive=True)


def second_moment_diag(lams) -> list:
    """Diagonal of E S_hat^2 for x ~ N(0, diag(lams)) (off-diagonals vanish), from E x^4 = 3 lambda^2:
    E[(x x^T)^2]_aa = lambda_a (3 lambda_a + sum_{c != a} lambda_c) = 2 lambda_a^2 + lambda_a tr Lambda."""
    lem = gaussian_moment_lemmas()
    tr = sum(lams)
    out = []
    for a in lams:
        fourth = a * (lem["m4"] * a + (tr - a) * lem["m2"] ** 2)
        out.append(sp.expand(fourth / n + (1 - 1 / n) * a**2))
    return out


@memo
def derive_general(k: int = 3) -> Derivation:
    """General symmetric... any k x k block A at diagonal Lambda: stationarity gives A* = Gamma^{-1}."""
    der = Derivation(f"D4: optimal key-query block for Lambda = diag(lambda_1..lambda_{k})", "paper's setting (toolkit derivation)")
    lams = _lams(k)
    Lam = sp.diag(*lams)
    M = der.step("M = E S_hat^2 (Gaussian fourth moments)", sp.diag(*second_moment_diag(lams)))
    A = sp.Matrix(k, k, lambda i, j: sp.Symbol(f"a_{i}{j}", real=True))
    risk = der.step("R(A) = tr(Lambda A M A^T) - 2 tr(Lambda A Lambda) + tr Lambda", (Lam * A * M * A.T).trace() - 2 * (Lam * A * Lam).trace() + Lam.trace())
    sol = sp.solve([sp.diff(risk, a) for a in A], list(A), dict=True)[0]
    A_star = der.step("Stationary point (R is convex in A)", A.subs(sol), name="A_star")
    Gamma = (1 + 1 / n) * Lam + Lam.trace() / n * sp.eye(k)
    assert sp.simplify(A_star - Gamma.inv()) == sp.zeros(k, k)
    der.step("A* = Gamma^{-1}, Gamma = (1 + 1/n) Lambda + tr(Lambda)/n I", Gamma.inv(), name="gamma_inv")
    der.step("Optimal risk tr Lambda - tr(Lambda Gamma^{-1} Lambda)", sp.simplify(risk.subs(sol)), name="risk_star")
    return der


def risk_of_diagonal_block(lam: list, a: list):
    """R(diag(a)) for numeric Lambda = diag(lam): sum_j [lambda_j m_j a_j^2 - 2 lambda_j^2 a_j + lambda_j] (sympy number)."""
    lams = _lams(len(lam))
    M = second_moment_diag(lams)
    expr = sum(l_ * m_ * a_**2 - 2 * l_**2 * a_ + l_ for l_, m_, a_ in zip(lams, M, a))
    return expr.subs(dict(zip(lams, lam)))


def gamma_inverse_diag(lam: list):
    """Diagonal of Gamma^{-1} for numeric Lambda (sympy expressions in n)."""
    tr = sum(lam)
    return [1 / ((1 + 1 / n) * l_ + tr / n) for l_ in lam]


def optimal_risk(lam: list):
    """tr Lambda - tr(Lambda Gamma^{-1} Lambda) = R(Gamma^{-1})."""
    return sp.simplify(risk_of_diagonal_block(lam, gamma_inverse_diag(lam)))


@memo
def derive_gradient_step_identity(n_rows: int = 4, dim: int = 3) -> Derivation:
    """Linear attention with W_KQ = [[eta I, 0], [0, 0]], W_PV = e_y e_y^T equals one gradient step, symbolically."""
    der = Derivation("D4: one linear attention layer = one gradient step", "paper's setting (toolkit derivation)")
    X = sp.Matrix(n_rows, dim, lambda i, j: sp.Symbol(f"x_{i}{j}", real=True))
    y = sp.Matrix(n_rows, 1, lambda i, _: sp.Symbol(f"y_{i}", real=True))
    xq = sp.Matrix(dim, 1, lambda i, _: sp.Symbol(f"xq_{i}", real=True))
    w = sp.Matrix(dim, 1, lambda i, _: sp.Symbol(f"w_{i}", real=True))
    loss = der.step("L(w) = (1/2n) sum (w^T x_i - y_i)^2", ((X * w - y).T * (X * w - y))[0, 0] / (2 * n_rows))
    grad0 = sp.Matrix([sp.diff(loss, wi) for wi in w]).subs({wi: 0 for wi in w})
    gd = der.step("One step from w = 0: y_hat = x_q^T (-eta grad L(0))", sp.expand((xq.T * (-eta * grad0))[0, 0]), name="gd")
    P = X.row_join(y)  # prompt tokens (x_i, y_i)
    q = xq.col_join(sp.Matrix([[0]]))
    W_kq = sp.diag(eta * sp.eye(dim), 0)
    W_pv = sp.zeros(dim + 1, dim + 1)
    W_pv[dim, dim] = 1
    out = q + W_pv * (P.T * P / n_rows) * W_kq * q
    lsa = der.step("Layer output at the query, y-slot", sp.expand(out[dim, 0]), name="lsa")
    der.step("Difference (simplifies to 0)", sp.simplify(lsa - gd), name="difference")
    assert sp.simplify(lsa - gd) == 0
    return der


def gradient_step_prediction(n_rows: int, dim: int, eta_scale: float = 1.0):
    """(symbols X, y, xq, eta) and the sympy GD-step prediction, for lambdify (eta_scale != 1: a control)."""
    der = derive_gradient_step_identity(n_rows, dim)
    return der["gd"].subs(eta, eta_scale * eta)
