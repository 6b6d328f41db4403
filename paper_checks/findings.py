"""What the checks found beyond "agree": the findings, as data.

Each :class:`Finding` names the claim it belongs to, a one-line title and a Markdown paragraph. The
README's "Findings so far" block, the theory pages (docs/theory/) and the HTML guide (`synthover docs`)
all render this list, so a finding is written once. Numbers quoted here come from full
`synthover check` runs (recorded verdicts in paper_checks/verdicts.json) and the studies named in the
claims; when a re-run moves them, edit them here and regenerate (`synthover docs --pages`).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    claim: str  # claim id in the registry
    title: str  # one line, no trailing period
    text: str  # Markdown, one paragraph

    @property
    def slug(self) -> str:
        return f"finding-{self.claim.lower()}-{FINDINGS.index(self) + 1}"


FINDINGS: list[Finding] = [
    Finding("A2", "A2's hybrid form is first-order accurate in the bias, not second",
            "Against the exact E R_bal of plug-in LDA (quadrature over the law of the class means, "
            "`theory/model_g/plugin_lda_exact.py`; it reproduces the published A2 table to its rounding), the "
            "hybrid form evaluates the fluctuation term at the Bayes rule, so when the mean rule is biased "
            "(raw data, or δ along μ) its error is O(offset/n): 2.7% at the first row of the published table "
            "(n1 = 40), 7.4% at the d = 50 row, log-log slope −1.000 in n with synthetic rows (−2.01 at "
            "balance, where the mean rule is the Bayes rule). The toolkit's delta method at the mean rule "
            "(`derive_delta_method`) is second order (slope −2.000) and within 0.4% of the exact value on every "
            "row of that table, 1% at 200 random points of the domain (median 5e-6)."),
    Finding("A2", "A2's second-order forms have no error bound of the size the toolkit first declared",
            "The toolkit first judged the hybrid and the delta method against simulation with declared errors "
            "(offset + ε) × fluctuation and ε × fluctuation (next-term sizes with unit constants). Against the "
            "exact value at the 200 random domain points of the calibration, the delta method's error exceeds "
            "ε × fluctuation at 105 of them (up to 28×: the fourth-order terms at a mean rule far from the "
            "Bayes rule, s > 2, offsets 2-3) and the hybrid's exceeds its bound at 10 (up to 4.7×); 13 of the "
            "200 calibration runs disagreed for that reason. The check now judges simulation against the "
            "exact value (declared error: the quadrature's, below 1e-11) and each form by its order in n."),
    Finding("A3", "Random duplication is not v1 = 1/n1",
            "A bootstrap of m minority rows has v1 = 1/n1 + m(1 − 1/n1)/(n1 + m)² (derived by summation in "
            "`theory/model_g/oversampling_cases.py`), 9% more than copies at n0/n1 = 10; A3's 1/n1 holds "
            "for deterministic copies. The check uses both."),
    Finding("A6", "A6's first-order formula is third order jointly in (ℓ, αδ), O(δ³) only at balance",
            "Against the exact population rule of the mixture (quadrature; logistic fits land on it within "
            "1.6 SE at 7 random points), the form's error has log-log slope 3.06 in δ at balance (ℓ = 0; "
            "0.2% relative at δ0 = 0.1) and 2.89 when ℓ and αδ shrink together. At fixed ℓ ≠ 0 it does not "
            "vanish as δ → 0 (the quadratic form's own error in ℓ), and the cross terms make it large at "
            "random designs: 0.00246 against an exact 0.00114 at d = 4, s = 1.42, ℓ = 0.98, δ = (0.49, 0.34)."),
    Finding("C1", "C1's printed large-N law has n0 where n1 belongs",
            "Expanding the hybrid in 1/N, the bias term's 1/N coefficient is (sφ(s)/2)·n1·q/w (because "
            "1 − α1 = n1/(n0 + wN/2)), and the upturn condition is q > w(d − 1 + s²)/(s² n1). The published "
            "C1 table, the derivation and the simulation all agree on n1; the printed law (0.000870 against "
            "a simulated 0.001388 at N = 6400, δ = 0.15) is the C1 negative control. The closed-form N* is "
            "first order in δ: 395 against 400 simulated in the published case."),
    Finding("C2", "The scaling exponent is 1 and the floor is where the derivation puts it",
            "The fitted decay exponent is 1.001 (95% CI [0.999, 1.003]) for a perfect generator; with "
            "δ = 0.15 the floor is found at 0.0029996 against 0.0029997 derived."),
    Finding("B2", "B2's published w_a values sit below converged logistic fits",
            "The published 2.287 and 0.587 compare with 2.307 ± 0.0015 (16 fits, per-fit SD 0.0062; full "
            "check, seed 0) and 0.595 ± 0.003 from converged fits at the same sizes. Read as single fits they "
            "sit 3.1 and 2.7 per-fit SDs below: within the run's Bonferroni z (4.1), outside a fixed 3 — "
            "which suggests a penalty or early stopping in the authors' fit. The reference rule uses "
            "max(3, z) so that it obeys the run's family-wise error like every other row."),
    Finding("B3", "B3's floor log((1+ε)/(1−ε)) holds only as n_mis/n_al → 0",
            "0.1805 against 0.2007 at ratio 0.1; the exact p′ form matches the simulation."),
    Finding("A5", "A5 with explicit constants is 45–117× loose",
            "For a finite class of linear rules the bound is 45–117× the simulated excess (79–276× with the "
            "VC bound for all halfspaces), and the proof gives α·TV where the paper writes 2Bα·TV."),
    Finding("D2", "The paper's transformer KL rate has the wrong shape here",
            "For the keyed linear-attention generator the simulated KL falls like 1/n + 1/p (derived "
            "leading order D/(2n) + D(D+1)/4·(1/n + 1/p); free fit χ²/dof 8.9), not c1/√p + c2·log p/√n "
            "(χ²/dof 881). The stated form does bound it, loosely (KL/bound 0.019–0.25 over n = 16…256, "
            "p = 8…128)."),
    Finding("D4", "Trained with every block free from a random start, the layer sometimes misses the construction",
            "With both (d+1) x (d+1) matrices trained from a small random start (value scalar 0.5), 4 of 193 "
            "training keys of the calibration (D4's full size: d = 4, n = 10, 2000 Adam steps) stopped at a "
            "spurious stationary point: risk 2.549 against the optimum 1.641 (+55%), cosine of the learned block "
            "with Gamma^-1 0.13: the rank-one path (at one of them the value scalar fell to 0.005 while the value's y-row read "
            "the largest-variance coordinate at 0.58 and the key's y-row at 0.35). Zhang, Frei & Bartlett's convergence "
            "theorem starts from the cross blocks at zero, which gradient flow keeps; trained that way "
            "(`train_regression`, the default; `full=True` reproduces the other) the same four keys reach the "
            "optimum within 1.9% with cosine >= 0.9999, and the claim is stated for that setting."),
    Finding("D5", "A seed-only in-context generator does not beat duplication; a structural prior does",
            "Excess 0.004568 against duplication's 0.004547 (difference consistent with the derived "
            "+9e-6); a generator that pools both classes wins by about 3× (0.001489), and its "
            "anti-correlated class means cost 25% of the fluctuation term, which the A2 law with a "
            "correlation term captures."),
    Finding("F2", "On craft (spurious task, logistic regression) more synthetic rows raise the minority loss",
            "Quick run with the authors' data (`synthover check --claim F2 --data DIR --quick`, reps 1, 2, 6, "
            "8, 42): ln min-class cross-entropy at m = 0 minus at m = 3600 is −0.037 ± 0.004, the opposite "
            "sign of the paper's statement in all five reps and in the authors' own stored means (−0.037). "
            "With the SE estimated from five reps the row is judged with Student's t on 4 degrees of freedom: "
            "9.4 SE is short of the run's critical 15.1 (z = 3.86), so the row is inconclusive, not a "
            "disagreement; the direction is the paper's opposite wherever it was measured."),
    Finding("F4", "On craft (imbalanced task, logistic regression) 3600 synthetic rows beat all real rows",
            "Quick run with the authors' data: ln min-class cross-entropy at m = 3600 minus with all real rows "
            "is −0.056 ± 0.003 (16.5 SE, past Student's t_4 critical 15.1 at the run's z = 3.86), so the "
            "synthetic floor sits below the all-real reference there, where the paper places it above "
            "(generator quality sets a floor above real data)."),
    Finding("E2", "SMOTE against the bootstrap is resolved at d = 20 and 30, not at d = 10",
            "The bootstrap is better by 6.4 and 9.6 SE at d = 20 and 30; at d = 10 the suite's budget "
            "(400 replications) leaves ratio 1.016, 1.3 SE."),
]


def for_claim(claim_id: str) -> list[Finding]:
    return [f for f in FINDINGS if f.claim == claim_id]


def render_markdown(findings: list[Finding] | None = None) -> str:
    """The README's bullet list: bold title, then the paragraph."""
    findings = FINDINGS if findings is None else findings
    return "\n".join(f"- **{f.claim}: {f.title}.** {f.text}" for f in findings)
