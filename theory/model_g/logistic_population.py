"""A6: population logistic ERM with synthetic rows, first order in delta (paper's claim, model G, sigma = 1).

The minority class is the mixture (1 - alpha) N(mu, I) + alpha N(mu + delta, I), alpha = m/(n1 + m).
To first order in delta this mixture equals N(mu + alpha delta, I) (both densities are
N(x; mu)(1 + alpha delta^T (x - mu)) + O(delta^2), checked by a series below), so the model is
well specified to that order and the population minimizer is the log-odds of two Gaussians:

    w ~ 2 mu + alpha delta,   b ~ ell - (||mu + alpha delta||^2 - ||mu||^2)/2,
    excess ~ (s phi(s)/8)[alpha^2 delta_perp^2 / s^2 + (ell/s - alpha delta_par)^2],

the last from the quadratic expansion with b linearised in delta. Its error is O(delta^3), i.e. a relative
error O(delta): the O(delta^2) misspecification moves (w, b) at second order.
"""
from __future__ import annotations

from functools import lru_cache

import sympy as sp

from synthover.theory.derivation import Derivation
from synthover.theory.normal import phi
from synthover.theory.symbols import alpha, delta_par, delta_perp, ell, s, t

x1, x2 = sp.symbols("x1 x2", real=True)


def _gauss(c1, c2):
    return sp.exp(-((x1 - c1) ** 2 + (x2 - c2) ** 2) / 2) / (2 * sp.pi)


@lru_cache(maxsize=None)
def derive_a6() -> Derivation:
    der = Derivation("A6: population logistic ERM with synthetic rows, first order in delta", "paper (made exact in model G)")
    dp, dq = t * delta_par, t * delta_perp
    mixture = (1 - alpha) * _gauss(s, 0) + alpha * _gauss(s + dp, dq)
    shifted = _gauss(s + alpha * dp, alpha * dq)
    gap = sp.simplify(sp.series(mixture - shifted, t, 0, 2).removeO())
    der.step("Mixture minus N(mu + alpha delta, I), to first order in delta (t is the delta scale)", gap)
    assert gap == 0
    log_odds = sp.expand(ell + sp.log(shifted / _gauss(-s, 0)).expand(force=True))
    log_odds = der.step("Log-odds against N(-mu, I): linear in x", sp.simplify(log_odds))
    w1, w2 = sp.diff(log_odds, x1), sp.diff(log_odds, x2)
    b = sp.simplify(log_odds.subs({x1: 0, x2: 0}))
    der.step("w = (2s + alpha delta_par, alpha delta_perp) = 2 mu + alpha delta", sp.Matrix([w1, w2]))
    der.step("b = ell - (||mu + alpha delta||^2 - ||mu||^2)/2", b)
    b_first = sp.series(b, t, 0, 2).removeO()
    theta_bar = w2 / (2 * s)
    beta_bar = b_first / (2 * s)
    excess = sp.expand(s * phi(s) / 2 * (theta_bar**2 + beta_bar**2)).subs(t, 1)
    stated = s * phi(s) / 8 * (alpha**2 * delta_perp**2 / s**2 + (ell / s - alpha * delta_par) ** 2)
    assert sp.simplify(excess - stated) == 0
    der.step("Excess with b to first order in delta: (s phi(s)/2)(theta_bar^2 + beta_bar^2)", stated, name="excess")
    return der


def excess_first_order() -> sp.Expr:
    """In d, s, n0, n1, m, delta_par, delta_perp: alpha = m/(n1 + m), ell = log((n1 + m)/n0)."""
    from synthover.theory.symbols import m, n0, n1

    return derive_a6()["excess"].subs({alpha: m / (n1 + m), ell: sp.log((n1 + m) / n0)})
