"""A5: the general excess-risk bound of oversampled ERM, with explicit constants for linear rules in model G.

Toolkit's statement and proof (the paper states the rate with unspecified constants, and 2 B alpha TV where
this proof gets B alpha TV).

Setting. Loss l in [0, B] (here the 0-1 loss, B = 1). Class-0 rows X_1..X_{n0} ~ P0; class-1 rows: n1 from P1
and m synthetic from G (all independent); N1 = n1 + m, alpha = m / N1. F is a class of rules fixed before the
data (any F contained in the halfspaces H_d = {x -> 1{w^T x + b > 0}} of R^d). Oversampled balanced
empirical risk R^(theta) = (1/2)[mean over class-0 rows + mean over class-1 rows (real and synthetic)];
theta_hat minimises it over F; theta_o minimises the true R_bal = (R^(0) + R^(1))/2 over F.

Theorem. With probability at least 1 - eta,
    R_bal(theta_hat) - min_F R_bal <= Rad_{n0} + Rad_{N1} + B sqrt(log(4/eta)/(2 n0)) + B sqrt(log(4/eta)/(2 N1))
                                      + alpha B TV(G, P1),
and in expectation  E R_bal(theta_hat) - min_F R_bal <= Rad_{n0} + Rad_{N1} + alpha B TV(G, P1), where
    Rad_n <= B sqrt(2 log Pi(n) / n),   Pi(n) <= min(|F|, 2^n, (e n/(d+1))^(d+1) [n >= d+1])     (all constants shown).
In model G with G = N(mu + delta, I) and P1 = N(mu, I):  TV = 2 Phi(||delta||/2) - 1 (derived below).

Proof. Let R~ = (1/2)(R^(0) + R1~), R1~ = (1-alpha) R^(1) + alpha R^(G) the mean of the class-1 term.
(i) ERM: R^(theta_hat) <= R^(theta_o). So R_bal(theta_hat) - R_bal(theta_o) <= [R_bal - R^](theta_hat) + [R^ - R_bal](theta_o).
(ii) Bias: R_bal - R~ = (alpha/2)(R^(1) - R^(G)) and |R^(1) - R^(G)| <= B TV(G, P1) for a loss in [0, B];
     the two brackets carry (alpha/2)[(R1 - RG)(theta_hat) - (R1 - RG)(theta_o)] <= alpha B TV.
(iii) theta_hat side: [R~ - R^](theta_hat) <= (1/2)(Z0 + Z1), Z_k = sup_F (population - empirical mean of class k).
     Symmetrisation (independent, not necessarily identical rows): E Z_k <= 2 Rad_{n_k}; McDiarmid (one row moves
     Z_k by <= B/n_k): Z_k <= E Z_k + B sqrt(log(4/eta)/(2 n_k)) with probability >= 1 - eta/4.
(iv) theta_o side (fixed rule): Hoeffding, [R^ - R~](theta_o) <= (1/2) sum_k B sqrt(log(4/eta)/(2 n_k)), each w.p. >= 1 - eta/4.
(v) Union bound over the four events; (1/2)(2 Rad + c) + (1/2) c = Rad + c per class. In expectation the terms of (iv)
     vanish and (iii) gives Rad_{n0} + Rad_{N1}.
(vi) Massart: for a finite set A of {0,1}^n loss patterns, E max_A (1/n) sum eps_i a_i <= sqrt(2 log|A| / n);
     |A| <= |F| and |A| <= Pi_{H_d}(n) <= sum_{i<=d+1} C(n, i) <= (e n/(d+1))^(d+1) (Sauer, VC dim of H_d is d+1).
"""
from __future__ import annotations

from synthover.theory.memo import memo

import sympy as sp

from synthover.theory.derivation import Derivation
from synthover.theory.normal import Phi, phi
from synthover.theory.symbols import d, delta_par, delta_perp, m, n0, n1

eta = sp.Symbol("eta", positive=True)  # failure probability
K = sp.Symbol("K", positive=True)  # |F| (oo for all halfspaces)
B = sp.Symbol("B", positive=True)  # loss bound
tv = sp.Symbol("TV", nonnegative=True)
nn = sp.Symbol("n", positive=True)
r = sp.Symbol("r", nonnegative=True)  # ||delta||
tt = sp.Symbol("t", real=True)


def log_growth(n_, dim=d, size=K):
    """log Pi(n) <= min(log|F|, n log 2, (d+1)(1 + log(n/(d+1))) when n >= d+1)."""
    sauer = sp.Piecewise(((dim + 1) * (1 + sp.log(n_ / (dim + 1))), n_ >= dim + 1), (n_ * sp.log(2), True))
    return sp.Min(sp.log(size), n_ * sp.log(2), sauer)


def rademacher(n_, dim=d, size=K, loss_bound=B):
    """Rad_n <= B sqrt(2 log Pi(n) / n) (Massart + Sauer)."""
    return loss_bound * sp.sqrt(2 * log_growth(n_, dim, size) / n_)


@memo
def derive_tv_gaussian_shift() -> Derivation:
    """TV(N(mu + delta, I), N(mu, I)) = 2 Phi(||delta||/2) - 1, by integration along delta."""
    der = Derivation("TV between unit-variance Gaussians shifted by delta", "toolkit derivation")
    der.step("Only the coordinate along delta differs; the densities cross at t = ||delta||/2",
             phi(tt) - phi(tt - r))
    value = sp.simplify(sp.integrate(phi(tt) - phi(tt - r), (tt, -sp.oo, r / 2)).rewrite(sp.erf))
    der.step("TV = integral over {phi(t) > phi(t - r)} of the difference", value)
    assert sp.simplify(value - (2 * Phi(r / 2) - 1)) == 0
    der.step("= 2 Phi(||delta||/2) - 1", 2 * Phi(r / 2) - 1, name="tv")
    return der


def tv_gaussian_shift():
    """TV as a function of (delta_par, delta_perp)."""
    return derive_tv_gaussian_shift()["tv"].subs(r, sp.sqrt(delta_par**2 + delta_perp**2))


@memo
def derive_a5() -> Derivation:
    der = Derivation("A5: excess-risk bound of oversampled ERM, explicit constants (linear rules, model G)",
                     "toolkit derivation (paper's rate with constants made explicit)")
    N1 = n1 + m
    alpha = m / N1
    der.step("(i) ERM: R_bal(theta_hat) - R_bal(theta_o) <= [R_bal - R^](theta_hat) + [R^ - R_bal](theta_o)",
             text="R^ is the oversampled balanced empirical risk; theta_o = argmin_F R_bal, fixed.")
    bias = der.step("(ii) Generator bias: |R^(1) - R^(G)| <= B TV for a loss in [0, B]; both brackets together",
                    alpha * B * tv, text="R_bal - R~ = (alpha/2)(R^(1) - R^(G)), alpha = m/(n1 + m).", name="bias")
    conc = lambda n_: B * sp.sqrt(sp.log(4 / eta) / (2 * n_))  # noqa: E731
    der.step("(iii) Uniform deviation at theta_hat, per class: (1/2)(2 Rad_n + B sqrt(log(4/eta)/(2n)))",
             (2 * sp.Symbol("Rad_n") + conc(nn)) / 2,
             text="Symmetrisation (E sup <= 2 Rad_n) and McDiarmid (bounded differences B/n), prob. 1 - eta/4 each.")
    der.step("(iv) Fixed rule theta_o, per class (Hoeffding)", conc(nn) / 2)
    der.step("(vi) Massart + Sauer: Rad_n <= B sqrt(2 log Pi(n)/n)", rademacher(nn))
    bound_mean = der.step("Expectation bound", rademacher(n0) + rademacher(N1) + bias, name="expectation")
    bound_hp = der.step("(v) Union bound: with probability >= 1 - eta",
                        bound_mean + conc(n0) + conc(N1), name="high_probability")
    der.step("Model G, G = N(mu + delta, I): TV = 2 Phi(||delta||/2) - 1 (derived by integration)",
             tv_gaussian_shift())
    der.step("0-1 loss: B = 1; all halfspaces: |F| = oo", bound_hp.subs({B: 1, tv: tv_gaussian_shift()}))
    return der


def bound(kind: str = "expectation", drop: str = "") -> sp.Expr:
    """The A5 bound for the 0-1 loss in model G as a function of (d, n0, n1, m, delta_par, delta_perp, K[, eta]).

    kind: "expectation" or "high_probability". drop (negative controls): "estimation" keeps only alpha TV;
    "bias" drops the alpha TV term."""
    if kind not in ("expectation", "high_probability"):
        raise ValueError(f"kind must be 'expectation' or 'high_probability' (got {kind!r})")
    expr = derive_a5()[kind]
    alpha_tv = derive_a5()["bias"]
    if drop == "estimation":
        expr = alpha_tv
    elif drop == "bias":
        expr = expr - alpha_tv
    elif drop:
        raise ValueError(f"drop must be '', 'estimation' or 'bias' (got {drop!r})")
    return expr.subs({B: 1, tv: tv_gaussian_shift()})
