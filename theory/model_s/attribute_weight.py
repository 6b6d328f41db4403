"""Claim family B (spurious correlation) in model S: exact population logistic ERM (B1, B2, B3).

Model S (paper's setting, made exact here). y in {+1, -1} (written y~), a binary attribute a in {+1, -1},
x_core | y~ ~ N(y~ mu, sigma^2 I_d) independent of a, ||mu|| / sigma = s. The learner sees z = (x_core, a, 1).
The four groups g = (y~, a) carry training weights c_{y~ a} (row counts, or probabilities); the aligned
groups a = y~ are the majority. Because x_core | (y~, a) does not depend on a, the log-odds is

    log P(y~=+1 | x, a) / P(y~=-1 | x, a) = log(c_{+a} / c_{-a}) + 2 mu^T x / sigma^2,

which is linear in (x, a, 1). The model is therefore well specified: sigma(log-odds) is the posterior, the
population first-order conditions E[(P(y~=+1|z) - sigmoid(theta^T z)) z] = 0 hold at theta = the log-odds
coefficients, and the population logistic risk is strictly convex (E[z z^T] > 0), so that is the minimizer:

    w_core = 2 mu / sigma^2,  w_a = (1/2) log(c_{++} c_{--} / (c_{+-} c_{-+})),  b = (1/2) log(c_{++} c_{+-} / (c_{-+} c_{--})).

B1 (paper, exact): c_{++} = c_{--} = p/2, c_{+-} = c_{-+} = (1-p)/2 gives w_a = ell_p = log(p/(1-p)), b = 0 and
the exact group risks of the rule 1{w^T x + w_a a + b > 0} (sigma ||w_core|| = 2s, w_core^T mu/(sigma||w||) = s)

    R^(y~,a) = Phi(-s - y~ (w_a a + b) / (2s)) = Phi(-s - y~ a ell_p / (2s)),
    R_bal = [Phi(-s - ell_p/(2s)) + Phi(-s + ell_p/(2s))] / 2,   R_wg = Phi(-s + |ell_p|/(2s)).

B2 (paper): n_al aligned, n_mis misaligned and m synthetic misaligned rows, each split evenly over y~:
w_a = log(n_al / (n_mis + m)); m = n_al - n_mis gives w_a = 0 and R_bal = R_wg = Phi(-s).

B3 (paper's floor, exact form derived here): a fraction eps of the m rows generated as misaligned are aligned,
so p' = (n_al + eps m) / (n_al + n_mis + m), w_a = log(p'/(1-p')). At balance, with rho = n_mis / n_al,
w_a = log((1 + eps(1-rho)) / (1 - eps(1-rho))) -> log((1+eps)/(1-eps)) = 2 eps + 2 eps^3/3 + O(eps^5) (rho -> 0);
the worst-group excess is phi(s) eps / s + O(eps^2), the balanced excess phi(s) eps^2 / (2s) + O(eps^4).
"""
from __future__ import annotations

from synthover.theory.memo import memo

import sympy as sp

from synthover.theory.derivation import Derivation
from synthover.theory.normal import Phi, phi
from synthover.theory.symbols import m, s, sigma

p = sp.Symbol("p", positive=True)  # P(a = y) in training, in (0, 1)
ell_p = sp.Symbol("ell_p", real=True)  # log(p / (1 - p))
w_a = sp.Symbol("w_a", real=True)  # weight of the attribute
b = sp.Symbol("b", real=True)  # intercept
n_al = sp.Symbol("n_al", positive=True)  # aligned rows (a = y)
n_mis = sp.Symbol("n_mis", positive=True)  # real misaligned rows (a = -y)
epsilon = sp.Symbol("epsilon", nonnegative=True)  # leakage: aligned fraction among generated misaligned rows
rho = sp.Symbol("rho", nonnegative=True)  # n_mis / n_al
x_par = sp.Symbol("x_par", real=True)  # component of x along mu / ||mu||
r2 = sp.Symbol("r^2", nonnegative=True)  # squared norm of the part of x orthogonal to mu

#: group weights c_{y~ a}: keys (y~, a)
GROUPS = ((1, 1), (-1, -1), (1, -1), (-1, 1))
c = {g: sp.Symbol(f"c_{'+' if g[0] > 0 else '-'}{'+' if g[1] > 0 else '-'}", positive=True) for g in GROUPS}


def _half_sq(center):
    """||x - center e_1||^2 / (2 sigma^2) in the coordinates (x_par, r^2)."""
    return ((x_par - center) ** 2 + r2) / (2 * sigma**2)


@memo
def derive_population_rule() -> Derivation:
    """Population logistic ERM in model S with arbitrary group weights; B1's (w, b) as the special case."""
    der = Derivation("B1: population logistic ERM in model S", "paper (made exact by the toolkit)")
    mu_len = s * sigma
    dens = {yt: sp.exp(-_half_sq(yt * mu_len)) for yt in (1, -1)}  # unnormalised N(y~ mu, sigma^2 I)
    log_odds = {}
    for a_ in (1, -1):
        lo = sp.log(c[(1, a_)]) - sp.log(c[(-1, a_)]) - _half_sq(mu_len) + _half_sq(-mu_len)
        log_odds[a_] = der.step(f"Log-odds at a = {a_:+d} (x | y~ does not depend on a)", sp.expand(lo))
        posterior = c[(1, a_)] * dens[1] / (c[(1, a_)] * dens[1] + c[(-1, a_)] * dens[-1])
        gap = sp.simplify(1 / (1 + sp.exp(-log_odds[a_])) - posterior)
        assert gap == 0, gap
        der.step(
            f"sigmoid(log-odds) - posterior at a = {a_:+d} (so the model is well specified)",
            sp.Eq(sp.Symbol("gap"), gap),
            text="Hence E[(P(y~=+1|z) - sigmoid(theta^T z)) z] = E[0 z] = 0: the first-order conditions hold, and "
            "the population logistic risk is strictly convex, so this theta is the minimizer.",
        )
    slope = sp.diff(log_odds[1], x_par)
    assert sp.simplify(slope - sp.diff(log_odds[-1], x_par)) == 0
    der.step("Core slope along mu: ||w_core|| = 2 s / sigma, i.e. w_core = 2 mu / sigma^2",
             sp.Eq(sp.Symbol("||w_core||"), slope))
    intercepts = {a_: log_odds[a_].subs(x_par, 0) for a_ in (1, -1)}
    sol = sp.solve([sp.Eq(w_a + b, intercepts[1]), sp.Eq(-w_a + b, intercepts[-1])], [w_a, b], dict=True)[0]
    wa_general = der.step("Attribute weight: solve w_a a + b = intercept(a) for a = +-1", sp.expand_log(sol[w_a], force=True), name="w_a")
    b_general = der.step("Intercept", sp.expand_log(sol[b], force=True), name="b")
    model_s = {c[(1, 1)]: p / 2, c[(-1, -1)]: p / 2, c[(1, -1)]: (1 - p) / 2, c[(-1, 1)]: (1 - p) / 2}
    wa_p = der.step("Model S training weights (P(a=y)=p, y balanced): w_a = ell_p", sp.simplify(sp.logcombine(wa_general.subs(model_s), force=True)), name="w_a_p")
    b_p = der.step("... and b = 0", sp.simplify(b_general.subs(model_s)), name="b_p")
    assert sp.simplify(wa_p - sp.log(p / (1 - p))) == 0 and b_p == 0
    margin = sp.simplify(slope * mu_len / (sigma * slope))
    der.step("Normalised core margin w_core^T mu / (sigma ||w_core||)", sp.Eq(sp.Symbol("margin"), margin))
    yt, at = sp.symbols("y_tilde a", real=True)
    risk = Phi(-margin - yt * (w_a * at + b) / (sigma * slope))
    der.step("Group risk of 1{w^T x + w_a a + b > 0} on group (y~, a): x ~ N(y~ mu, sigma^2 I)",
             sp.Eq(sp.Symbol("R^(y~,a)"), risk), name="group_risk")
    return der


def group_risk(y_tilde: int, a: int, wa=ell_p, intercept=0) -> sp.Expr:
    """R^(y~,a) = Phi(-s - y~ (w_a a + b) / (2s)) of the population rule (exact)."""
    yt, at = sp.symbols("y_tilde a", real=True)
    expr = derive_population_rule()["group_risk"].rhs
    return expr.subs({yt: y_tilde, at: a, w_a: wa, b: intercept})


def balanced_risk(wa=ell_p, intercept=0) -> sp.Expr:
    """R_bal = mean of the four group risks."""
    return sum(group_risk(yt, at, wa, intercept) for yt, at in GROUPS) / 4


def worst_group_risk_b0(wa=ell_p) -> sp.Expr:
    """R_wg = Phi(-s + |w_a| / (2s)) when b = 0 (the misaligned groups when w_a > 0)."""
    return Phi(-s + sp.Abs(wa) / (2 * s))


def worst_group_risk(wa=ell_p, intercept=0) -> sp.Expr:
    """R_wg = max over the four groups of R^(y~,a)."""
    return sp.Max(*(group_risk(yt, at, wa, intercept) for yt, at in GROUPS))


@memo
def derive_b1() -> Derivation:
    """B1: population rule (w_core, w_a, b) = (2 mu/sigma^2, ell_p, 0) and its group risks."""
    base = derive_population_rule()
    der = Derivation("B1: exact population ERM in model S", base.source, list(base.steps))
    for g in GROUPS:
        der.step(f"R^{g} with w_a = ell_p, b = 0", group_risk(*g))
    r_bal = der.step("R_bal = mean over the four groups", sp.simplify(balanced_risk()), name="R_bal")
    stated_bal = (Phi(-s - ell_p / (2 * s)) + Phi(-s + ell_p / (2 * s))) / 2
    assert sp.simplify(r_bal - stated_bal) == 0
    pos = sp.Symbol("ell_+", positive=True)
    for sign in (1, -1):  # Phi is increasing: the worst group has the largest argument -s - y~ a ell_p/(2s)
        args = {g: -s - g[0] * g[1] * sign * pos / (2 * s) for g in GROUPS}
        top = max(args.values(), key=lambda e: e.subs({pos: 1, s: 1}))
        assert all((top - v).is_nonnegative for v in args.values())
        assert sp.simplify(top - (-s + pos / (2 * s))) == 0
    der.step("R_wg = Phi(-s + |ell_p|/(2s)) (Phi increasing; misaligned groups when p > 1/2)",
             worst_group_risk_b0(), name="R_wg")
    der.step("in terms of p", worst_group_risk_b0(sp.log(p / (1 - p))))
    return der


def counts_weights(aligned, misaligned) -> dict:
    """Group weights when `aligned` and `misaligned` rows are each split evenly over y~."""
    return {c[(1, 1)]: aligned / 2, c[(-1, -1)]: aligned / 2, c[(1, -1)]: misaligned / 2, c[(-1, 1)]: misaligned / 2}


@memo
def derive_b2() -> Derivation:
    """B2: w_a = log(n_al / (n_mis + m)); balance m = n_al - n_mis gives R_bal = R_wg = Phi(-s)."""
    base = derive_population_rule()
    der = Derivation("B2: oversampling the misaligned groups", "paper (made exact by the toolkit)")
    weights = counts_weights(n_al, n_mis + m)
    wa = der.step("w_a with n_al aligned and n_mis + m misaligned rows",
                  sp.logcombine(sp.simplify(base["w_a"].subs(weights)), force=True), name="w_a")
    assert sp.simplify(wa - sp.log(n_al / (n_mis + m))) == 0
    der.step("b", sp.simplify(base["b"].subs(weights)))
    der.step("R_bal", balanced_risk(wa), name="R_bal")
    der.step("R_wg", worst_group_risk_b0(wa), name="R_wg")
    m_bal = der.step("Solve w_a = 0 for m (balance)", sp.solve(sp.Eq(wa, 0), m)[0], name="m_balance")
    at_bal = [sp.simplify(balanced_risk(wa.subs(m, m_bal))), sp.simplify(worst_group_risk_b0(wa.subs(m, m_bal)))]
    assert all(sp.simplify(v - Phi(-s)) == 0 for v in at_bal)
    der.step("At balance R_bal = R_wg = Phi(-s), the Bayes risk of every group", Phi(-s))
    return der


def b2_attribute_weight() -> sp.Expr:
    return derive_b2()["w_a"]


def b2_risks(wa_scale=1) -> tuple[sp.Expr, sp.Expr]:
    """(R_bal, R_wg) as functions of (s, n_al, n_mis, m); `wa_scale` != 1 is a negative control."""
    wa = wa_scale * b2_attribute_weight()
    return balanced_risk(wa), worst_group_risk_b0(wa)


def b2_group_counts_rule(cpp, cmm, cpm, cmp_) -> tuple[sp.Expr, sp.Expr]:
    """(w_a, b) for arbitrary group counts, e.g. odd totals split as evenly as integers allow."""
    base = derive_population_rule()
    subs = {c[(1, 1)]: cpp, c[(-1, -1)]: cmm, c[(1, -1)]: cpm, c[(-1, 1)]: cmp_}
    return base["w_a"].subs(subs), base["b"].subs(subs)


@memo
def derive_b3() -> Derivation:
    """B3: leakage eps of aligned rows among the m generated misaligned ones; the floor at balance."""
    base = derive_population_rule()
    der = Derivation("B3: generator leakage keeps a spurious weight", "paper (exact form: toolkit derivation)")
    weights = counts_weights(n_al + epsilon * m, n_mis + (1 - epsilon) * m)
    wa = der.step("w_a with eps m of the m generated rows aligned",
                  sp.logcombine(sp.simplify(base["w_a"].subs(weights)), force=True), name="w_a")
    p_prime = (n_al + epsilon * m) / (n_al + n_mis + m)
    log_odds = sp.log(p_prime / (1 - p_prime))
    assert sp.simplify(sp.exp(wa) - sp.exp(log_odds)) == 0
    der.step("= log(p'/(1-p')) with p' = (n_al + eps m)/(n_al + n_mis + m)", log_odds)
    at_bal = der.step("At balance m = n_al - n_mis, with n_mis = rho n_al",
                      sp.simplify(wa.subs(m, n_al - n_mis).subs(n_mis, rho * n_al)), name="w_a_balance")
    floor = der.step("Floor as n_mis / n_al -> 0", sp.limit(at_bal, rho, 0), name="floor")
    assert sp.simplify(floor - sp.log((1 + epsilon) / (1 - epsilon))) == 0
    series = der.step("Small-eps expansion of the floor", sp.series(floor, epsilon, 0, 6).removeO(), name="floor_series")
    der.step("Leading term", sp.series(floor, epsilon, 0, 2).removeO(), name="floor_leading")
    wg_ex = sp.series(Phi(-s + floor / (2 * s)) - Phi(-s), epsilon, 0, 2).removeO()  # floor >= 0
    der.step("Worst-group excess at the floor, first order", sp.simplify(wg_ex), name="wg_excess_leading")
    assert sp.simplify(wg_ex - phi(s) * epsilon / s) == 0
    bal_ex = sp.series(balanced_risk(floor) - Phi(-s), epsilon, 0, 3).removeO()
    der.step("Balanced excess at the floor, second order", sp.simplify(bal_ex), name="bal_excess_leading")
    assert sp.simplify(bal_ex - phi(s) * epsilon**2 / (2 * s)) == 0
    assert sp.simplify(series - (2 * epsilon + 2 * epsilon**3 / 3 + 2 * epsilon**5 / 5)) == 0
    return der


def b3_attribute_weight(eps_scale=1) -> sp.Expr:
    """w_a(n_al, n_mis, m, eps); `eps_scale` != 1 perturbs the leakage (negative control)."""
    return derive_b3()["w_a"].subs(epsilon, eps_scale * epsilon)


def b3_risks(eps_scale=1) -> tuple[sp.Expr, sp.Expr]:
    wa = b3_attribute_weight(eps_scale)
    return balanced_risk(wa), worst_group_risk_b0(wa)


__all__ = [
    "p", "ell_p", "w_a", "b", "n_al", "n_mis", "epsilon", "rho", "GROUPS", "derive_population_rule",
    "derive_b1", "derive_b2", "derive_b3", "group_risk", "balanced_risk", "worst_group_risk",
    "worst_group_risk_b0", "b2_attribute_weight", "b2_risks", "b3_attribute_weight", "b3_risks", "phi",
]
