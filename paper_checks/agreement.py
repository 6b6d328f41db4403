"""What "theory and simulation agree" means (THEORY.md section 9), as code.

A claim's `compare` returns raw :class:`Comparison` objects; :func:`judge` turns each into a
:class:`Row` once the whole run is known, because the z of the exact and bound rules is Bonferroni
over every comparison in the run: z = Phi^{-1}(1 - FWER / (2K)).

Rules (tolerance, agree):
  identity     tol = 1e-10 max(1, |theory|)          agree iff |sim - theory| <= tol
  exact        tol = z SE                            agree iff |sim - theory| <= tol
  approximate  tol = z SE + rel_tol |theory|         agree iff |sim - theory| <= tol
               (rel_tol is the declared approximation order for the regime, computed by the claim)
  reference    tol = z_ref sqrt(2) SE + half_unit    a published Monte Carlo value (THEORY.md tables):
               two independent MC means, each with SE, and the published rounding (half a unit in
               the last printed digit); z_ref = 3 as the issues ask.
  upper_bound  tol = z SE                            agree iff sim + z SE <= theory
  lower_bound  tol = z SE                            agree iff sim - z SE >= theory
  sign         tol = z SE                            agree iff sign(sim) == sign(theory) and |sim| > z SE

The negative control is a deliberately wrong theory value judged by the same rule; it must come out
"disagree" (negative_control_rejected = True).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Mapping

from scipy.stats import norm

FAMILY_WISE_ERROR = 0.01
IDENTITY_RTOL = 1e-10
REFERENCE_Z = 3.0
RULES = ("identity", "exact", "approximate", "reference", "upper_bound", "lower_bound", "sign")


@dataclass(frozen=True)
class Comparison:
    """One theory-versus-simulation number, before judgement."""

    quantity: str
    rule: str
    theory: float
    simulation: float
    se: float
    negative_control: float | None
    control: str = ""  # what the negative control perturbs
    rel_tol: float = 0.0  # approximate: declared relative approximation error
    half_unit: float = 0.0  # reference: rounding of the published value
    detail: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self):
        if self.rule not in RULES:
            raise ValueError(f"rule must be one of {RULES}, got {self.rule!r}")


@dataclass(frozen=True)
class Row:
    claim: str
    params: Mapping[str, Any]
    quantity: str
    rule: str
    theory: float
    simulation: float
    se: float
    tolerance: float
    agree: bool
    negative_control: float | None
    negative_control_rejected: bool | None
    control: str
    detail: Mapping[str, Any]

    def to_json(self) -> dict:
        return {
            "claim": self.claim,
            "params": dict(self.params),
            "quantity": self.quantity,
            "rule": self.rule,
            "theory": _finite(self.theory),
            "simulation": _finite(self.simulation),
            "se": _finite(self.se),
            "tolerance": _finite(self.tolerance),
            "agree": self.agree,
            "negative_control": _finite(self.negative_control),
            "negative_control_rejected": self.negative_control_rejected,
            "control": self.control,
            "detail": {k: _finite(v) if isinstance(v, float) else v for k, v in self.detail.items()},
        }


def _finite(v):
    if v is None:
        return None
    v = float(v)
    return v if math.isfinite(v) else str(v)


def bonferroni_z(n_comparisons: int, family_wise_error: float = FAMILY_WISE_ERROR) -> float:
    """Two-sided z controlling the family-wise error over `n_comparisons` checks."""
    return float(norm.ppf(1 - family_wise_error / (2 * max(1, n_comparisons))))


def tolerance(c: Comparison, z: float) -> float:
    if c.rule == "identity":
        return IDENTITY_RTOL * max(1.0, abs(c.theory))
    if c.rule == "approximate":
        return z * c.se + c.rel_tol * abs(c.theory)
    if c.rule == "reference":
        return REFERENCE_Z * math.sqrt(2.0) * c.se + c.half_unit
    return z * c.se


def agrees(c: Comparison, theory: float, z: float) -> bool:
    """The rule of `c` applied to a theory value (the claim's or the negative control's)."""
    tol = tolerance(c, z)
    sim = c.simulation
    if not (math.isfinite(sim) and math.isfinite(theory)):
        return False
    sim, theory = float(sim), float(theory)
    if c.rule == "upper_bound":
        return sim + tol <= theory
    if c.rule == "lower_bound":
        return sim - tol >= theory
    if c.rule == "sign":
        return math.copysign(1, sim) == math.copysign(1, theory) and abs(sim) > tol and theory != 0
    return abs(sim - theory) <= tol


def judge(claim_id: str, params: Mapping[str, Any], c: Comparison, z: float) -> Row:
    nc = None if c.negative_control is None else float(c.negative_control)
    return Row(
        claim=claim_id,
        params=params,
        quantity=c.quantity,
        rule=c.rule,
        theory=float(c.theory),
        simulation=float(c.simulation),
        se=float(c.se),
        tolerance=float(tolerance(c, z)),
        agree=bool(agrees(c, c.theory, z)),
        negative_control=nc,
        negative_control_rejected=None if nc is None else not agrees(c, nc, z),
        control=c.control,
        detail=c.detail,
    )
