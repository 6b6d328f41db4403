"""What "theory and simulation agree" means, as code (docs/theory/agreement.md states the rules).

A claim's `compare` returns raw :class:`Comparison` objects; :func:`judge` turns each into a
:class:`Row` once the whole run is known, because the z of the exact and bound rules is Bonferroni
over every comparison in the run: z = Phi^{-1}(1 - FWER / (2K)).

Rules (tolerance, agree):
  identity     tol = 1e-10 max(1, |theory|)          agree iff |sim - theory| <= tol
  exact        tol = z SE                            agree iff |sim - theory| <= tol
  approximate  tol = z SE + rel_tol |theory|         agree iff |sim - theory| <= tol
               (rel_tol is the declared approximation order for the regime, computed by the claim)
  reference    tol = max(3, z) sqrt(2) SE + half_unit    a published Monte Carlo value (docs/theory tables):
               two independent MC means, each with SE, and the published rounding (half a unit in
               the last printed digit); at least 3 SE, and the run's Bonferroni z when larger, so the
               row obeys the same family-wise error as every other row.
  upper_bound  tol = z SE                            agree iff sim + z SE <= theory
  lower_bound  tol = z SE                            agree iff sim - z SE >= theory
  sign         tol = z SE                            agree iff sign(sim) == sign(theory) and |sim| > z SE

The negative control is a deliberately wrong theory value judged by the same rule; it must come out
"disagree" (negative_control_rejected = True). Where the variance of one replication is known exactly, a
claim can raise its replications to ``reps_for_control(gap, variance)``: enough that a control ``gap`` away
is rejected with probability >= MIN_POWER in any run of up to 1000 rows (gap >= (z + z_0.99) SE). D3 does,
because at prompts of 2 to 4 rows one replication's KL has a coefficient of variation near 1.

Where a row's SE is estimated from few replications (``dof`` = n - 1; A6 fits 8 to 16 logistic regressions on
up to 8e5 rows each, B1-B4 100 to 1000, the real-data rows F and R pair 5 reps or seeds), z is replaced by the
Student-t quantile of the same tail probability (``critical``; at 4 degrees of freedom z = 3.9 becomes 15.1).

Three verdicts. A qualitative row (sign, bounds) may declare ``effect``, the size of the effect the theory
predicts at this point; its power at the run's z is Phi(|effect|/SE - z). When that power is below
:data:`MIN_POWER` the row is "inconclusive": shown and counted, never a failure, because a sample too
small to see the effect says nothing about the claim. A row whose simulation *contradicts* the theory beyond
its tolerance (the opposite sign, or past the bound, by more than the critical value's SE: ``contradicts``) is
"disagree" whatever its power: were the theory right, that happens with at most the row's error rate. Every
other row is "agree" or "disagree".
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Mapping

from scipy.special import ndtr, ndtri, stdtrit

FAMILY_WISE_ERROR = 0.01
IDENTITY_RTOL = 1e-10
REFERENCE_Z = 3.0
MIN_POWER = 0.99
VERDICTS = ("agree", "disagree", "inconclusive")
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
    effect: float | None = None  # qualitative rules: predicted effect size, for the power (see module doc)
    dof: int | None = None  # degrees of freedom of an SE estimated from few replications (n - 1); see critical()

    def __post_init__(self):
        if self.rule not in RULES:
            raise ValueError(f"rule must be one of {RULES}, got {self.rule!r}")
        # The one coercion: numpy / JAX scalars become plain floats, so verdicts are plain bools and the
        # JSON is the same bytes whatever array library produced the numbers.
        for name in ("theory", "simulation", "se", "rel_tol", "half_unit"):
            object.__setattr__(self, name, float(getattr(self, name)))
        for name in ("negative_control", "effect"):
            if getattr(self, name) is not None:
                object.__setattr__(self, name, float(getattr(self, name)))


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
    verdict: str = "agree"  # one of VERDICTS; "inconclusive" only for an underpowered qualitative row
    power: float | None = None

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
            "verdict": self.verdict,
            "power": _finite(self.power),
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


def mean_and_se(values) -> tuple[float, float]:
    """Sample mean and its standard error sd/sqrt(n) (ddof = 1) of per-replication values."""
    import numpy as np

    values = np.asarray(values, dtype=float)
    return float(values.mean()), float(values.std(ddof=1) / math.sqrt(values.size))


def bonferroni_z(n_comparisons: int, family_wise_error: float = FAMILY_WISE_ERROR) -> float:
    """Two-sided z controlling the family-wise error over `n_comparisons` checks."""
    return float(ndtri(1 - family_wise_error / (2 * max(1, n_comparisons))))


def critical(c: Comparison, z: float) -> float:
    """The row's critical value: z, or where its SE is estimated from n replications (dof = n - 1) the Student-t
    quantile of the same tail probability, so that a row of 8 replications keeps the run's error rate
    (at z = 2.576, t_7 = 3.499; the normal z would reject a true value 3.7% of the time, not 1%)."""
    if c.dof is None:
        return z
    return float(-stdtrit(c.dof, ndtr(-z)))


def tolerance(c: Comparison, z: float) -> float:
    if c.rule == "identity":
        return IDENTITY_RTOL * max(1.0, abs(c.theory))
    z = critical(c, z)
    if c.rule == "approximate":
        return z * c.se + c.rel_tol * abs(c.theory)
    if c.rule == "reference":
        return max(REFERENCE_Z, z) * math.sqrt(2.0) * c.se + c.half_unit
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


def contradicts(c: Comparison, z: float) -> bool:
    """A qualitative row's simulation lies beyond its tolerance on the wrong side: the opposite sign (sign), above
    the upper bound or below the lower one by more than tol. Were the theory right this has probability <= the
    row's one-sided error, so the row disagrees whatever its power."""
    tol, sim, theory = tolerance(c, z), float(c.simulation), float(c.theory)
    if not math.isfinite(sim):
        return False
    if c.rule == "sign":
        return theory != 0 and math.copysign(1, sim) != math.copysign(1, theory) and abs(sim) > tol
    if c.rule == "upper_bound":
        return sim - tol > theory
    if c.rule == "lower_bound":
        return sim + tol < theory
    return False


def power(c: Comparison, z: float) -> float | None:
    """P(the row can show the predicted effect) = Phi(|effect|/SE - z); None without a declared effect."""
    if c.effect is None:
        return None
    if c.se <= 0:
        return 1.0
    return float(ndtr(abs(c.effect) / c.se - critical(c, z)))


#: the largest run the replication floor of `reps_for_control` is sized for (the full check has ~300 rows)
CONTROL_POWER_ROWS = 1000


def reps_for_control(gap: float, variance: float, rows: int = CONTROL_POWER_ROWS) -> int:
    """Replications that tell a negative control `gap` away from the theory apart with probability >= MIN_POWER,
    for a mean whose single replication has variance `variance`, in any run of <= `rows` rows: the control is
    rejected when |sim - control| > z SE, which holds with that probability once gap >= (z + z_MIN_POWER) SE."""
    z = bonferroni_z(rows) + float(ndtri(MIN_POWER))
    return math.ceil(variance * (z / gap) ** 2)


def judge(claim_id: str, params: Mapping[str, Any], c: Comparison, z: float) -> Row:
    nc = None if c.negative_control is None else float(c.negative_control)
    agree = bool(agrees(c, c.theory, z))
    pw = power(c, z)
    underpowered = pw is not None and pw < MIN_POWER and not contradicts(c, z)
    verdict = "agree" if agree else ("inconclusive" if underpowered else "disagree")
    return Row(
        claim=claim_id,
        params=params,
        quantity=c.quantity,
        rule=c.rule,
        theory=float(c.theory),
        simulation=float(c.simulation),
        se=float(c.se),
        tolerance=float(tolerance(c, z)),
        agree=agree,
        negative_control=nc,
        negative_control_rejected=None if nc is None else not agrees(c, nc, z),
        control=c.control,
        detail=c.detail,
        verdict=verdict,
        power=pw,
    )
