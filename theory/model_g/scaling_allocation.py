"""C3: the best split of a budget between real and synthetic rows (toolkit derivation from C1's law).

Real rows come with a fixed imbalance ratio r = n0/n1 and cost c_r each; synthetic rows (the
m1 = n0 - n1 oversampling rows and the N augmentation rows) cost c_s each. A budget C buys
    c_r (n0 + n1) + c_s (m1 + N) = C,   n0 = r n1.
With tau = 1/(n0 + wN/2) and x = n1 tau (the real minority rows' share of a class's effective count),
C1's leading-order law reads alpha_1 = 1 - x, alpha_0 = 1 - r x, v = ((1 - w) r x + w) tau, and the
budget gives tau = (2 c_s (1 - r x) + w x A)/(w C), A = (r + 1) c_r + (r - 1) c_s. So the risk along
the budget line is a quadratic polynomial in x. When its x^2 coefficient is positive, its stationary
point x* (sympy solve) is the optimal allocation if it lies in the feasible range [x_min, 1/r] (x = 1/r
means N = 0: no augmentation; x_min is the share at the most augmentation the budget buys), else the
nearer end. When the coefficient is negative the stationary point is a *maximum* and the optimum is the
better of the two ends (calibration found this case at 24 of 30 random points of C3's domain, where the
stationary point had been taken for the optimum). Then n1* = x*/tau(x*), n0* = r n1*,
N* = 2(1/tau(x*) - n0*)/w.
"""
from __future__ import annotations

from synthover.theory.memo import memo

import sympy as sp

from synthover.theory.derivation import Derivation
from synthover.theory.model_g.scaling_law import leading_order_in_tau, tau
from synthover.theory.symbols import n0, n1, w_aug

ratio = sp.Symbol("r", positive=True)  # n0 / n1
cost_real = sp.Symbol("c_r", positive=True)
cost_syn = sp.Symbol("c_s", positive=True)
budget = sp.Symbol("C", positive=True)
share = sp.Symbol("x", positive=True)  # n1 / (n0 + w N / 2)


def tau_on_budget() -> sp.Expr:
    """tau as a function of the share x on the budget line (derived by solving the budget for tau)."""
    t_eff = sp.Symbol("T", positive=True)
    n1_ = share * t_eff
    n_aug = 2 * (t_eff - ratio * n1_) / w_aug
    spent = cost_real * (ratio + 1) * n1_ + cost_syn * ((ratio - 1) * n1_ + n_aug)
    (t_solution,) = sp.solve(sp.Eq(spent, budget), t_eff)
    return sp.simplify(1 / t_solution)


@memo
def derive_allocation() -> Derivation:
    der = Derivation("C3: optimal split of a budget between real and synthetic rows", "toolkit derivation")
    law = leading_order_in_tau().as_expr()
    tau_x = der.step("tau on the budget line, in the share x = n1 tau", tau_on_budget(), name="tau")
    along = law.subs({n1: share / tau, n0: ratio * share / tau}).subs(tau, tau_x)
    risk = der.step("Leading-order excess along the budget line (quadratic in x)",
                    sp.collect(sp.expand(sp.cancel(along)), share), name="risk")
    der.step("Its x^2 coefficient (the stationary point is a minimum only when it is > 0)",
             sp.factor(sp.Poly(risk, share).coeff_monomial(share**2)), name="curvature")
    (x_star,) = sp.solve(sp.diff(risk, share), share)
    der.step("Stationary share x*", sp.factor(x_star), name="x_star")
    n_aug_of_x = der.step("Augmentation rows at share x: N = 2 (1/tau(x)) (1 - r x)/w",
                          2 * (1 - ratio * share) / (w_aug * tau_x), name="n_aug_of_x")
    t_star = 1 / tau_x.subs(share, x_star)
    der.step("Real minority rows at x*: n1* = x* / tau(x*)", x_star * t_star, name="n1_star")
    der.step("Augmentation rows at x*: N* = 2 (1/tau(x*) - r n1*)/w", n_aug_of_x.subs(share, x_star), name="n_aug_star")
    return der


def allocation_risk() -> sp.Expr:
    """Leading-order excess as a function of the share x on the budget line."""
    return derive_allocation()["risk"]


def optimal_share() -> sp.Expr:
    return derive_allocation()["x_star"]


def budget_rows(n1_value, params: dict) -> tuple[float, float]:
    """(n0, N) bought with the rest of the budget when n1 real minority rows are bought (numbers)."""
    r, cr, cs, c = params["r"], params["c_r"], params["c_s"], params["C"]
    n0_value = r * n1_value
    n_aug = (c - cr * (n0_value + n1_value) - cs * (n0_value - n1_value)) / cs
    return n0_value, n_aug


__all__ = ["allocation_risk", "budget_rows", "derive_allocation", "optimal_share", "tau_on_budget"]
