"""Sizes of the terms the B-claims neglect (toolkit derivation): the declared tolerances of family B.

A simulation fits logistic ERM on n rows; the theory is the population rule (B1-B3) or the first finite-n
term (B4). What separates them is the next term of the expansion of the logistic MLE, whose size is:

  * w_a, b, sigma ||w_core||: relative (d + 2)/(n c0), the O(p/n_eff) bias of the logistic MLE with p = d + 2
    parameters and n_eff = n c0 rows' worth of information (c0 = E[sigma'(eta)] at the Bayes rule);
  * R_bal: 2 x B4's balanced law phi(s)[(d-1) + 2(1-4c0)]/(8 s n c0) (the variance term plus an MLE bias of
    the same order);
  * R_wg: the first-order effect of fluctuations on the max over tied groups, phi(z_wg)/(2s) E(|b| + |w_a|)
    with the design's sandwich variances, plus 2 x the balanced law.

Slopes (B4's rate study, D2's rate study). If E y(n) = A n^k (1 + r(n)) with a correction r(n) = r1 (n1/n)^j
(j = 1 for R_bal, j = 1/2 for R_wg) and |r1| <= the declared relative size at the smallest n, a fitted slope of
log E y on log n differs from k by at most :func:`slope_bias_bound` (the steepest chord of log(1 + r)).
"""
from __future__ import annotations

import math
from functools import lru_cache

from synthover.theory.model_s import finite_sample, population
from synthover.theory.numeric import evaluate


@lru_cache(maxsize=256)
def c0(s: float) -> float:
    """c0(s) = E[sigma'(2 s t)], t ~ N(s, 1) (quadrature, theory.model_s.finite_sample)."""
    return finite_sample.c0_value(float(s))


def law_balanced(d: int, s: float, n: float) -> float:
    """B4's balanced law phi(s)[(d-1) + 2(1-4c0)]/(8 s n c0)."""
    return evaluate(finite_sample.law_balanced(), {"d": d, "s": s, "n": n, "c_0": c0(s)})


def law_worst(d: int, s: float, n: float) -> float:
    """B4's worst-group law (phi(s)/s) sqrt(2(1-4c0)/(pi n c0))."""
    return evaluate(finite_sample.law_worst(), {"d": d, "s": s, "n": n, "c_0": c0(s)})


def mle_relative(d: int, s: float, n: float) -> float:
    """(d + 2)/(n c0): relative size of the O(1/n) bias of the logistic MLE."""
    return (d + 2) / (n * c0(s))


def declared_sizes(d: int, s: float, n: int, strata, worst_arg: float) -> dict:
    """{'rel_w', 'bal', 'worst'}: the declared next-term sizes of a design (see the module docstring).

    worst_arg: the argument z_wg of the worst group's risk Phi(z_wg) at the population rule."""
    theta = population.solve_population(strata)
    cov = population.sandwich(theta, strata)
    # only coordinates whose fluctuation can swap the worst group (|value| < 3 SD) contribute E|N(0, var)|
    e_abs = sum(math.sqrt(2 * cov[i, i] / (math.pi * n)) for i in (2, 3)
                if abs(theta[i]) < 3 * math.sqrt(cov[i, i] / n))
    bal = 2 * law_balanced(d, s, n)
    density = math.exp(-worst_arg**2 / 2) / math.sqrt(2 * math.pi)  # phi(z_wg)
    return {"rel_w": mle_relative(d, s, n), "bal": bal, "worst": density / (2 * s) * e_abs + bal}


def slope_bias_bound(r1: float, power: float, ns) -> float:
    """Bound on |fitted slope - k| when E y(n) = A n^k (1 + r(n)), r(n) = r1 (n1/n)^power, n1 = min(ns), |r1| < 1.

    A (weighted) least-squares slope of log y on log n over the points ns is a weighted average, with weights
    w_i w_j (log n_j - log n_i)^2 >= 0, of the chord slopes of the pairs of points; the correction adds
    [log(1 + r(n_j)) - log(1 + r(n_i))] / log(n_j/n_i) to the chord of (i, j). The bound is the largest such
    chord over the pairs and the sign of r1, whatever the weights."""
    r1 = abs(r1)
    if not r1 < 1:
        raise ValueError(f"the relative correction must be < 1 for a slope bound (got {r1})")
    ns = sorted(float(v) for v in ns)
    r = [r1 * (ns[0] / v) ** power for v in ns]
    return max(abs(math.log1p(sign * r[j]) - math.log1p(sign * r[i])) / math.log(ns[j] / ns[i])
               for sign in (1, -1) for i in range(len(ns)) for j in range(i + 1, len(ns)) if ns[j] > ns[i])
