"""Exact E R_bal of plug-in LDA for A3's five data sets (toolkit derivation).

Four of A3's cases leave the class means Gaussian, so plugin_lda_exact.expected_excess gives their exact
E R_bal - Phi(-s) (sigma = 1, m = n0 - n1 added rows, n = n1 + m = n0 at balance):
  raw (m = 0):        ell = log(n1/n0), v1 = 1/n1, v0 = 1/n0;
  duplication:        every minority row copied n0/n1 times: ell = 0, v1 = 1/n1, v0 = 1/n0;
  perfect synthetic:  G-shift rows with delta = 0: ell = 0, v1 = v0 = 1/n0;
  biased synthetic:   G-shift rows: a1 = alpha delta, alpha = m/n0, v1 = v0 = 1/n0.
Random duplication (a bootstrap of m rows) is a scale mixture: given the counts c_i = 1 + K_i,
K ~ Multinomial(m, 1/n1), the pooled minority mean is Gaussian with variance V = sum c_i^2 / n0^2 per
coordinate, so E R_bal = E f(V), f(v) the Gaussian case at v1 = v. Its value here is
f(E V) + f''(E V) Var V / 2 (E V: oversampling_cases.bootstrap_v1; Var V derived below from the multinomial's
moments; f'' by central differences of f). The declared error adds the Var V term's own size: the skewness term
after it is smaller by about the relative spread of V, O(1/sqrt(n1)) (an estimate, checked at n1 = 6 by summing
the mixture over every count vector in tests/test_balancing_exact.py).
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp
from sympy.functions.combinatorial.numbers import stirling

from synthover.theory.derivation import Derivation
from synthover.theory.memo import memo
from synthover.theory.model_g import oversampling_cases
from synthover.theory.model_g.plugin_lda_exact import Exact, derive_reduced_risk, expected_excess, g_shift_excess
from synthover.theory.numeric import evaluate
from synthover.theory.symbols import m, n1

#: relative step of the central difference for f''(E V)
CURVATURE_STEP = 0.05


@memo
def derive_bootstrap_variance() -> Derivation:
    """Var V, V = sum_i (1 + K_i)^2 / (n1 + m)^2, K ~ Multinomial(m; 1/n1, ..., 1/n1), from the joint
    moments of two cells."""
    der = Derivation("A3: the spread of the bootstrap's minority-mean variance", "toolkit derivation")
    p, k_ = 1 / n1, sp.Symbol("K")

    def moment(i: int, j: int) -> sp.Expr:
        """E[K_1^i K_2^j]: powers in falling factorials (Stirling numbers of the second kind) and the
        multinomial's factorial moments E[K_1^(r) K_2^(q)] = m^(r+q) p^(r+q) (falling factorials)."""
        return sum(stirling(i, r) * stirling(j, q) * sp.ff(m, r + q) * p ** (r + q)
                   for r in range(i + 1) for q in range(j + 1))

    square = sp.expand((1 + k_) ** 2)  # c^2 = 1 + 2 K + K^2

    def mean_of(poly_a: sp.Expr, poly_b: sp.Expr = sp.Integer(1)) -> sp.Expr:
        """E[P(K_1) Q(K_2)] for polynomials P, Q in K."""
        return sum(ca * cb * moment(ia, ib) for (ia,), ca in sp.Poly(poly_a, k_).terms()
                   for (ib,), cb in sp.Poly(poly_b, k_).terms())

    one, two = mean_of(square), mean_of(square, square)
    var_one = mean_of(sp.expand(square**2)) - one**2
    var_sum = der.step("Var sum c_i^2 = n1 Var c_1^2 + n1 (n1 - 1) Cov(c_1^2, c_2^2)",
                       sp.simplify(n1 * var_one + n1 * (n1 - 1) * (two - one**2)), name="var_sum")
    mean_v = der.step("E V (= oversampling_cases.bootstrap_v1)", sp.simplify(n1 * one / (n1 + m) ** 2), name="mean_v")
    assert sp.simplify(mean_v - oversampling_cases.bootstrap_v1()) == 0
    der.step("Var V", sp.simplify(var_sum / (n1 + m) ** 4), name="var_v")
    return der


@dataclass(frozen=True)
class Cases:
    """A3's exact values, one per case, and the bootstrap's Jensen term (reported)."""

    raw: Exact
    duplication: Exact
    bootstrap: Exact
    perfect: Exact
    biased: Exact
    bootstrap_jensen: float


def balanced_point(p: dict, **change) -> dict:
    """A3's design at p with m = n0 - n1 G-shift rows (sigma_syn = 1; delta from p, 0 if absent), `change` applied."""
    return {"d": p["d"], "s": p["s"], "n0": p["n0"], "n1": p["n1"], "m": p["n0"] - p["n1"], "sigma_syn": 1.0,
            "delta_par": p.get("delta_par", 0.0), "delta_perp": p.get("delta_perp", 0.0), **change}


def duplication_excess(p: dict, v1_: float | None = None) -> Exact:
    """Exact E R_bal - Phi(-s) of duplication to balance: ell = 0, v0 = 1/n0, v1 = 1/n1 (copies) unless given."""
    v1_ = 1 / p["n1"] if v1_ is None else v1_
    return expected_excess(int(p["d"]), float(p["s"]), 0.0, (0.0, 0.0), (0.0, 0.0), float(v1_), 1 / p["n0"])


def bootstrap_excess(p: dict) -> tuple[Exact, float]:
    """E f(V) for the bootstrap to balance: f(E V) + f''(E V) Var V/2; returns (value, the Jensen term)."""
    values = {"n1": p["n1"], "m": p["n0"] - p["n1"]}
    mean_v = evaluate(oversampling_cases.bootstrap_v1(), values)
    var_v = evaluate(derive_bootstrap_variance()["var_v"], values)
    h = CURVATURE_STEP * mean_v
    lo, mid, hi = (duplication_excess(p, mean_v + k * h) for k in (-1, 0, 1))
    curvature = (hi.excess - 2 * mid.excess + lo.excess) / h**2
    jensen = curvature * var_v / 2
    # the difference quotient's rounding (3 quadrature errors / h^2) scaled by Var V / 2, and the skewness term
    error = mid.error + 4 * max(lo.error, mid.error, hi.error) / h**2 * var_v / 2 + abs(jensen)
    return Exact(mid.excess + jensen, error, mid.resolution), jensen


def a3_exact(p: dict) -> Cases:
    """The exact E R_bal - Phi(-s) of each of A3's data sets at p (d, s, n0, n1, delta_par, delta_perp)."""
    boot, jensen = bootstrap_excess(p)
    return Cases(
        raw=g_shift_excess(balanced_point(p, m=0, delta_par=0.0, delta_perp=0.0)),
        duplication=duplication_excess(p),
        bootstrap=boot,
        perfect=g_shift_excess(balanced_point(p, delta_par=0.0, delta_perp=0.0)),
        biased=g_shift_excess(balanced_point(p)),
        bootstrap_jensen=jensen,
    )


def explain_a3() -> Derivation:
    """A3's derivation: the leading orders (oversampling_cases.derive_cases), then what the exact values add: the
    reduction of the class means' law (plugin_lda_exact) and the spread of the bootstrap's variance."""
    cases = oversampling_cases.derive_cases()
    return Derivation(cases.title, cases.source, cases.steps + derive_reduced_risk().prefixed("Exact value")
                      + derive_bootstrap_variance().prefixed("Bootstrap mixture"))
