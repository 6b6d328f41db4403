"""Neighbouring results E1-E3 (docs/theory/neighbouring.md): the derivations `synthover explain` prints.

E1 lives in theory/neighbouring/ma_zhang.py (finite N: ma_zhang_finite.py), E3 in theory/neighbouring/oracles.py. E2 (Xia & Klusowski
2026, SMOTE versus bootstrap) is qualitative in docs/theory/neighbouring.md; its derivation here fixes the model the check
runs on and the SMOTE moments that explain the effect:

* Classes N(0, I_d) and N(1_d/sqrt(d), I_d): a translation by -1_d/(2 sqrt d) and a rotation of
  1_d/sqrt(d) onto e1 turn them into model G with mu = e1/2, i.e. s = ||mu1 - mu0|| / 2 = 1/2. Logistic
  regression with intercept, the bootstrap and SMOTE (Euclidean neighbours) are all equivariant under
  rigid motions, and the exact risks are invariant, so the check runs in model G with s = 1/2.
* A bootstrap row has the law of a real row. A SMOTE row is pulled towards its neighbour: its covariance
  is Sigma - E[D D^T]/6 for an exchangeable pair (theory/samplers/smote_moments.py), below Sigma, so the
  rebalanced minority class looks tighter than it is and its rows are correlated with the real ones.
  The shrinkage E[D D^T]/6 follows the squared nearest-neighbour distance, which falls only like
  n1^(-2/d) (and is near 2 Sigma, the (2/3) Sigma limit, when d is large), while the bootstrap's cost is
  a variance of order 1/n1: for d large enough the SMOTE/bootstrap ratio of excess risks should grow
  with n1 (heuristically like n1^(1 - 4/d); the check reports the measured slope, it does not assume it).
"""
from __future__ import annotations

from synthover.theory.memo import memo

import sympy as sp

from synthover.theory.neighbouring import ma_zhang as neighbouring_ma_zhang
from synthover.theory.neighbouring import ma_zhang_finite
from synthover.theory.neighbouring import oracles as neighbouring_oracles
from synthover.theory.samplers import smote_moments
from synthover.theory.derivation import Derivation

@memo
def explain_e1() -> Derivation:
    """Ma & Zhang's population statement, then the toolkit's finite-N variance term that the check uses."""
    der = Derivation("E1: biased aligned generator (population and finite N)", "paper (Ma & Zhang), derived by the toolkit")
    for part in (neighbouring_ma_zhang.derive_e1(), ma_zhang_finite.derive_variance_term()):
        der.step(part.title, text=f"[{part.source}]")
        der.steps.extend(part.steps)
    return der


@memo
def explain_e2() -> Derivation:
    der = Derivation("E2: SMOTE versus bootstrap (Xia & Klusowski)", "paper (qualitative); model mapping by the toolkit")
    dim = sp.Symbol("d", positive=True, integer=True)
    sep = sp.sqrt(dim * (1 / sp.sqrt(dim)) ** 2)
    der.step("||mu1 - mu0|| = ||1_d / sqrt d||", sp.simplify(sep))
    der.step("Model G separation s = ||mu1 - mu0|| / 2", sp.simplify(sep / 2), name="s")
    smote = smote_moments.derive_smote_point()
    der.step("SMOTE point variance along u, exchangeable pair", smote["exchangeable_var"],
             text="q_uu = u^T E[D D^T] u; a bootstrap row has variance Sigma_uu")
    der.step("Far neighbours (high d): (2/3) Sigma", smote["independent_var"],
             text="the shrinkage fades like n1^(-2/d); the bootstrap's variance cost is O(1/n1)")
    return der


@memo
def explain_e3() -> Derivation:
    der = Derivation("E3: classic oracles", "classic results, derived by the toolkit")
    for part in (neighbouring_oracles.derive_bayes_error(), neighbouring_oracles.derive_intercept_shift(),
                 neighbouring_oracles.derive_owen_limit()):
        der.step(part.title, text=f"[{part.source}]")
        der.steps.extend(part.steps)
    return der
