"""Claims D1-D3: linear self-attention as an in-context generator; the KL of what it generates.

Prompt: n rows z_i ~ N(mu, Sigma) in R^D. KL is invariant under x -> A x + c applied to both laws and every
construction below is equivariant, so Sigma = I, mu = 0 without loss of generality.

D1 (mean generator, exact; the paper's setting made exact, docs/theory/in_context.md). The layer outputs mu_hat + xi,
xi ~ N(0, Sigma) carried by the query, so its law given the prompt is N(mu_hat, Sigma) and
    KL = (mu_hat - mu)^T Sigma^{-1} (mu_hat - mu) / 2,   E KL = D / (2n).

D2 (random positional keys of width p; toolkit derivation). Output mu_hat + n^{-1/2} sum_i (xi^T r_i) z_i
with centred keys r_i (rows of R, i.i.d. N(0, I_p/p) before centring), xi ~ N(0, I_p). Given the prompt and
keys it is N(mu_hat, C), C = n^{-1} Z_c^T R R^T Z_c. Writing Z_c = Q^T W (Q: orthonormal basis of 1-perp,
W: (n-1) x D standard Gaussian) and K = Q R ((n-1) x p, entries N(0, 1/p)), C = n^{-1} G^T Lambda G with
Lambda = eig(K^T K) and G a p x D standard Gaussian, independent of mu_hat. Exact moments:
    E tr C = D (n-1)/n,   E tr C^2 = [(D^2 + D) E sum lambda^2 + D E (sum lambda)^2] / n^2,
    E sum lambda = n - 1,  E sum lambda^2 = (n-1)(n+p)/p,  E (sum lambda)^2 = (n-1)^2 + 2(n-1)/p.
With E = C - I, KL_cov = sum_k [e_k - log(1 + e_k)]/2 = tr(E^2)/4 + O(E^3), and to leading order
    E KL = D/(2n) + D(D+1)/4 (1/n + 1/p).
The rate is 1/n + 1/p, not the stated 1/sqrt(p) + log p/sqrt(n). With orthonormal keys (p -> infinity,
R R^T = the centring projector) C is the MLE covariance, n C ~ Wishart_D(n-1, I), and by Bartlett's
decomposition E log det(n C) = sum_{i=1..D} [psi((n-i)/2) + log 2], so E KL is exact:
    E KL_orth = D/(2n) + [D(n-1)/n - D - sum_i psi((n-i)/2) - D log(2/n)] / 2.

D3 (label by one gradient step; the paper's setting made exact, docs/theory/in_context.md). x ~ N(0, I_d),
y = beta^T x + eps, eps ~ N(0, sigma_eps^2); beta_hat = n^{-1} sum y_i x_i; the generated label is
N(beta_hat^T x, sigma_eps^2). Averaged over a fresh x, KL = ||beta_hat - beta||^2 / (2 sigma_eps^2) and
    E KL = ((d+1)||beta||^2 + d sigma_eps^2) / (2 n sigma_eps^2).
"""
from __future__ import annotations

from synthover.theory.memo import memo

import sympy as sp

from synthover.theory.derivation import Derivation
from synthover.theory.in_context.gaussian_kl import kl_univariate_formula
from synthover.theory.symbols import d

D = sp.Symbol("D", positive=True, integer=True)  # row dimension (d + 1 when the label travels with the row)
n = sp.Symbol("n", positive=True, integer=True)  # prompt length
p = sp.Symbol("p", positive=True, integer=True)  # width of the positional keys
beta_norm = sp.Symbol("beta_norm", nonnegative=True)  # ||beta||
sigma_eps = sp.Symbol("sigma_eps", positive=True)
i_ = sp.Symbol("i", positive=True, integer=True)
t = sp.Symbol("t", positive=True)  # bookkeeping scale for 1/n, 1/p expansions

_x = sp.Symbol("x", real=True)
_nu = sp.Symbol("nu", positive=True)


def _std_normal_moment(k: int) -> sp.Expr:
    """E x^k for x ~ N(0, 1), by integration."""
    return sp.integrate(_x**k * sp.exp(-(_x**2) / 2) / sp.sqrt(2 * sp.pi), (_x, -sp.oo, sp.oo))


@memo
def gaussian_moment_lemmas() -> dict:
    """E||g||^4 = D^2 + 2D and E(g^T h)^2 = D for independent g, h ~ N(0, I_D); E log chi2_nu = psi(nu/2) + log 2."""
    m2, m4 = _std_normal_moment(2), _std_normal_moment(4)
    norm4 = sp.expand(D * m4 + D * (D - 1) * m2**2)  # sum_j E g_j^4 + sum_{j != k} E g_j^2 E g_k^2
    cross2 = sp.expand(D * m2 * m2)  # sum_j E g_j^2 h_j^2 (cross terms vanish)
    u = sp.Symbol("u", positive=True)
    chi2 = u ** (_nu / 2 - 1) * sp.exp(-u / 2) / (2 ** (_nu / 2) * sp.gamma(_nu / 2))
    elog = sp.simplify(sp.integrate(sp.log(u) * chi2, (u, 0, sp.oo)))
    return {"m2": m2, "m4": m4, "norm4": norm4, "cross2": cross2, "elog_chi2": elog}


@memo
def derive_d1() -> Derivation:
    """E KL(N(mu_hat, Sigma) || N(mu, Sigma)) = D/(2n), exactly."""
    der = Derivation("D1: the mean generator's expected KL", "paper's setting, made exact (toolkit derivation)")
    err = sp.Symbol("e", real=True)
    kl_coord = der.step(
        "Per whitened coordinate the output law is N(mu_hat_j, 1) against N(mu_j, 1)",
        kl_univariate_formula(mu_hat := sp.Symbol("mu_hat_j"), 1, mu_hat - err, 1),
    )
    kl_coord = der.step("= e^2 / 2 with e = mu_hat_j - mu_j ~ N(0, 1/n)", sp.simplify(kl_coord))
    e_sq = sp.integrate(err**2 * sp.exp(-n * err**2 / 2) * sp.sqrt(n / (2 * sp.pi)), (err, -sp.oo, sp.oo))
    per_coord = der.step("E over e ~ N(0, 1/n)", sp.simplify(kl_coord.subs(err**2, e_sq)))
    return der.step("Sum over the D coordinates: E KL", sp.simplify(D * per_coord), name="ekl") and der


def expected_kl_d1(dimension_offset: int = 0) -> sp.Expr:
    """D / (2n); `dimension_offset` = 1 gives (D+1)/(2n), one coordinate too many (a negative control)."""
    return derive_d1()["ekl"].subs(D, D + dimension_offset)


@memo
def derive_d2() -> Derivation:
    """E KL of the positional-key generator: exact second moments, leading order in (1/n, 1/p)."""
    der = Derivation("D2: generator with random positional keys of width p", "toolkit derivation")
    lem = gaussian_moment_lemmas()
    k = n - 1  # rows of K = Q R
    sum_lam = der.step("E sum lambda = E tr K^T K = (n-1) p / p", k * p * lem["m2"] / p, name="e_sum_lambda")
    # E tr (K^T K)^2 = sum_{a,b} E (k_a^T k_b)^2 over the n-1 rows of K (each N(0, I_p/p))
    sum_lam2 = der.step(
        "E sum lambda^2 = E tr(K^T K)^2 = [(n-1) E||g_p||^4 + (n-1)(n-2) E(g_p^T h_p)^2] / p^2",
        sp.factor((k * lem["norm4"].subs(D, p) + k * (k - 1) * lem["cross2"].subs(D, p)) / p**2),
        name="e_sum_lambda2",
    )
    sq_sum_lam = der.step(
        "E (sum lambda)^2 = E ||vec K||^4 = E||g_{(n-1)p}||^4 / p^2",
        sp.expand(lem["norm4"].subs(D, k * p) / p**2),
        name="e_sq_sum_lambda",
    )
    tr_c = der.step("E tr C = D E sum lambda / n", D * sum_lam / n, name="e_tr_c")
    tr_c2 = der.step(
        "E tr C^2 = n^-2 [E||g||^4 E sum lambda^2 + E(g^T h)^2 (E(sum lambda)^2 - E sum lambda^2)]",
        sp.expand((lem["norm4"] * sum_lam2 + lem["cross2"] * (sq_sum_lam - sum_lam2)) / n**2),
        name="e_tr_c2",
    )
    err2 = der.step("E tr (C - I)^2", sp.expand(tr_c2 - 2 * tr_c + D), name="e_tr_err2")
    e = sp.Symbol("e", real=True)
    f_series = sp.series(e - sp.log(1 + e), e, 0, 3).removeO()
    der.step("Per eigenvalue of C: e - log(1+e) = e^2/2 + O(e^3), so KL_cov = tr(C-I)^2/4 + O(3)", f_series)
    mean_part = expected_kl_d1()
    second = der.step("E KL to second order in C - I: D/(2n) + E tr(C-I)^2 / 4", mean_part + err2 / 4, name="second")
    scaled = second.subs({n: n / t, p: p / t}, simultaneous=True)
    lead = sp.series(scaled, t, 0, 2).removeO().subs(t, 1)
    lead = der.step("Leading order in (1/n, 1/p)", sp.factor(sp.expand(lead)), name="leading")
    target = D / (2 * n) + D * (D + 1) / 4 * (1 / n + 1 / p)
    assert sp.simplify(lead - target) == 0, lead
    der.step("E KL ~ D/(2n) + D(D+1)/4 (1/n + 1/p)", target, name="ekl")
    return der


def expected_kl_d2(drop_key_term: bool = False) -> sp.Expr:
    """Leading order D/(2n) + D(D+1)/4 (1/n + 1/p).

    `drop_key_term` removes the 1/p cross-talk term (the orthonormal-key answer): a negative control."""
    expr = derive_d2()["ekl"]
    return expr.subs(p, sp.oo) if drop_key_term else expr


@memo
def derive_d2_orthonormal() -> Derivation:
    """Exact E KL with orthonormal keys (C = MLE covariance), and its 1/n expansion to second order."""
    der = Derivation("D2 with orthonormal keys: the MLE-covariance generator, exact", "toolkit derivation")
    lem = gaussian_moment_lemmas()
    elog_det = der.step(
        "Bartlett: n C ~ Wishart_D(n-1, I), det = prod_i chi2_{n-i}, so E log det(nC) = sum_i [psi((n-i)/2) + log 2]",
        sp.Sum(lem["elog_chi2"].subs(_nu, n - i_), (i_, 1, D)),
        name="elog_det",
    )
    der.step(
        "E KL = D/(2n) + [E tr C - D - (E log det(nC) - D log n)]/2",
        expected_kl_d1() + (D * (n - 1) / n - D - (elog_det - D * sp.log(n))) / 2,
        name="ekl",
    )
    # expansion: psi((n-i)/2) + log 2 - log n = log(1 - i/n) + [psi((n-i)/2) - log((n-i)/2)], psi(x) - log x ~ -1/(2x) - 1/(12x^2)
    xx = (n - i_) / 2
    psi_asym = sp.log(xx) - 1 / (2 * xx) - 1 / (12 * xx**2)
    term = (psi_asym + sp.log(2) - sp.log(n)).subs(n, 1 / t)
    term_series = sp.series(term, t, 0, 3).removeO()
    summed = sp.expand(sp.summation(sp.expand(term_series), (i_, 1, D)))
    kl_series = sp.expand(sp.series((expected_kl_d1() + (D * (n - 1) / n - D) / 2).subs(n, 1 / t), t, 0, 3).removeO() - summed / 2)
    first = sp.factor(kl_series.coeff(t, 1))
    second = sp.factor(kl_series.coeff(t, 2))
    der.step("Leading coefficient of 1/n", first, name="first_order")
    der.step("Coefficient of 1/n^2 (psi expanded to 1/x^2)", second, name="second_order")
    assert sp.simplify(first - (D / 2 + D * (D + 1) / 4)) == 0, first
    return der


def expected_kl_d2_orthonormal() -> sp.Expr:
    return derive_d2_orthonormal()["ekl"]


@memo
def derive_d3() -> Derivation:
    """E KL of the one-gradient-step label generator."""
    der = Derivation("D3: labels generated in context by one gradient step", "paper's setting, made exact (toolkit derivation)")
    lem = gaussian_moment_lemmas()
    b, err_sq = sp.Symbol("b", nonnegative=True), sp.Symbol("E2", nonnegative=True)
    der.step(
        "Given beta_hat and x, KL(N(beta_hat^T x, s^2) || N(beta^T x, s^2)) = ((beta_hat - beta)^T x)^2/(2 s^2); "
        "averaged over x ~ N(0, I): ||beta_hat - beta||^2 / (2 s^2)",
        err_sq / (2 * sigma_eps**2),
    )
    # beta along e1 (rotation invariance): (x x^T - I) beta = b (x1 x - e1)
    signal = der.step(
        "E||(x x^T - I) beta||^2 = b^2 [E x1^4 - 2 E x1^2 + 1 + (d-1) E x1^2 E x_j^2]",
        sp.expand(b**2 * (lem["m4"] - 2 * lem["m2"] + 1 + (d - 1) * lem["m2"] ** 2)),
    )
    noise = der.step("E||eps x||^2 = sigma_eps^2 d", sigma_eps**2 * d * lem["m2"])
    e_err = der.step("E||beta_hat - beta||^2 = (signal + noise)/n", (signal + noise) / n)
    ekl = der.step("E KL", sp.factor(e_err / (2 * sigma_eps**2)).subs(b, beta_norm), name="ekl")
    stated = ((d + 1) * beta_norm**2 + d * sigma_eps**2) / (2 * n * sigma_eps**2)
    assert sp.simplify(ekl - stated) == 0, ekl
    return der


def expected_kl_d3(drop_signal: bool = False, dimension_offset: int = 0) -> sp.Expr:
    """((d+1)||beta||^2 + d sigma_eps^2)/(2 n sigma_eps^2). Negative controls: `drop_signal` keeps only the
    noise part; `dimension_offset` = 1 evaluates it at d + 1 (one input coordinate too many)."""
    expr = derive_d3()["ekl"].subs(d, d + dimension_offset)
    return expr.subs(beta_norm, 0) if drop_signal else expr


@memo
def derive_d3_variance() -> Derivation:
    """Var KL of the one-gradient-step label generator, exactly (toolkit derivation): what sets how many
    replications tell D3's negative control apart from its theory.

    With beta = b e1 (rotation invariance), beta_hat - beta = n^-1 sum_i a_i, a = t x - b e1, t = b x1 + eps,
    the a_i i.i.d. with mean 0 and covariance S; pairing the indices of E||sum a_i||^4,
        Var ||beta_hat - beta||^2 = [E||a||^4 - (tr S)^2 + 2 (n - 1) tr S^2] / n^3,
    and KL = ||beta_hat - beta||^2 / (2 sigma_eps^2)."""
    der = Derivation("D3: variance of the label generator's KL", "toolkit derivation")
    x1, x2, eps = sp.symbols("x1 x2 eps", real=True)
    rest = sp.Symbol("R", nonnegative=True)  # ||x||^2 - x1^2 ~ chi2_{d-1}
    b = sp.Symbol("b", nonnegative=True)
    m = lambda k: _std_normal_moment(k)  # noqa: E731
    moments = {x1: m, x2: m, eps: lambda k: sigma_eps**k * m(k),
               rest: lambda k: sp.prod([d - 1 + 2 * j for j in range(k)])}  # E chi2_nu^k = nu (nu+2)...(nu+2k-2)

    def expect(expr):
        poly = sp.Poly(sp.expand(expr), *moments)
        return sp.expand(sum(c * sp.prod([moments[v](k) for v, k in zip(moments, mon)]) for mon, c in poly.terms()))

    t_ = b * x1 + eps
    s_along = der.step("S along beta: E (t x1 - b)^2", expect((t_ * x1 - b) ** 2))
    s_across = der.step("S across beta (each of d - 1 coordinates): E (t x2)^2", expect((t_ * x2) ** 2))
    tr_s = der.step("tr S (n E KL 2 sigma_eps^2, as in D3)", s_along + (d - 1) * s_across)
    tr_s2 = der.step("tr S^2", s_along**2 + (d - 1) * s_across**2)
    norm4 = der.step("E||a||^4, ||a||^2 = t^2 (x1^2 + R) - 2 b t x1 + b^2",
                     expect((t_**2 * (x1**2 + rest) - 2 * b * t_ * x1 + b**2) ** 2))
    var_err = (norm4 - tr_s**2 + 2 * (n - 1) * tr_s2) / n**3
    assert sp.simplify(tr_s.subs(b, beta_norm) / (2 * n * sigma_eps**2) - derive_d3()["ekl"]) == 0
    der.step("Var KL = Var||beta_hat - beta||^2 / (4 sigma_eps^4)",
             sp.factor(var_err / (4 * sigma_eps**4)).subs(b, beta_norm), name="var_kl")
    return der


def variance_kl_d3() -> sp.Expr:
    """Var KL of one replication of D3 (derive_d3_variance)."""
    return derive_d3_variance()["var_kl"]


def stated_d3() -> sp.Expr:
    """The D3 formula as stated in docs/theory/in_context.md (compared with the derivation in the tests)."""
    return ((d + 1) * beta_norm**2 + d * sigma_eps**2) / (2 * n * sigma_eps**2)


def stated_rate(c1=sp.Symbol("c1"), c2=sp.Symbol("c2")) -> sp.Expr:
    """The paper's stated shape with the width p in place of its d: c1/sqrt(p) + c2 log(p)/sqrt(n)."""
    return c1 / sp.sqrt(p) + c2 * sp.log(p) / sp.sqrt(n)


def stated_rate_constants() -> tuple[sp.Expr, sp.Expr]:
    """(c1, c2) with which the stated shape bounds the leading order for p >= 2, n >= 1:
    D(D+1)/(4p) <= c1/sqrt(p) with c1 = D(D+1)/4, and (D/2 + D(D+1)/4)/n <= c2 log(p)/sqrt(n) with
    c2 = D(D+3)/(4 log 2) (since 1/n <= 1/sqrt(n) and log p >= log 2). Toolkit derivation."""
    lead = sp.expand(expected_kl_d2() * n * p)  # = (D/2 + D(D+1)/4) p + D(D+1)/4 n
    c1 = sp.factor(lead.coeff(n))
    c2 = sp.factor(lead.coeff(p) / sp.log(2))
    assert sp.simplify(c1 - D * (D + 1) / 4) == 0 and sp.simplify(c2 - D * (D + 3) / (4 * sp.log(2))) == 0
    return c1, c2


def evaluate_exact(expr: sp.Expr, params: dict) -> float:
    """Numeric value of an expression holding a Sum of digammas (theory.numeric's lambdify has no polygamma):
    substitute the parameters by name, expand the finite sum, evaluate to 30 digits."""
    subs = {sym: params[sym.name] for sym in expr.free_symbols if sym.name in params}
    missing = [sym.name for sym in expr.free_symbols if sym.name not in params]
    if missing:
        raise KeyError(f"no value for symbol {missing[0]!r}")
    return float(sp.N(expr.subs(subs).doit(), 30))


@memo
def derive_d2_declared_error() -> Derivation:
    """Declared relative size of the terms the D2 leading order neglects: 2 (r_n/n + r_p/p).

    r_n: the exact relative 1/n^2 coefficient of the orthonormal-key generator (p -> infinity);
    r_p: the same on the key side, from n -> infinity where C -> Wishart_D(p, I)/p, whose
    E KL = -(1/2) sum_{i=1..D} [psi((p-i+1)/2) + log 2 - log p] = D(D+1)/(4p) + D(2D^2+3D-1)/(24 p^2) + ...
    The factor 2 covers the unknown cross terms 1/(n p) (the same order)."""
    der = Derivation("D2: declared size of the neglected second-order terms", "toolkit derivation")
    xx = (p - i_ + 1) / 2
    term = (sp.log(xx) - 1 / (2 * xx) - 1 / (12 * xx**2) + sp.log(2) - sp.log(p)).subs(p, 1 / t)
    summed = sp.expand(sp.summation(sp.expand(sp.series(term, t, 0, 3).removeO()), (i_, 1, D)))
    first, second = sp.factor(-summed.coeff(t, 1) / 2), sp.factor(-summed.coeff(t, 2) / 2)
    assert sp.simplify(first - D * (D + 1) / 4) == 0
    r_p = der.step("Key side: relative 1/p^2 coefficient", sp.factor(second / first), name="r_p")
    orth = derive_d2_orthonormal()
    r_n = der.step("Prompt side: relative 1/n^2 coefficient", sp.factor(orth["second_order"] / orth["first_order"]), name="r_n")
    der.step("Declared relative error", 2 * (r_n / n + r_p / p), name="rel_tol")
    return der


def d2_declared_relative_error() -> sp.Expr:
    return derive_d2_declared_error()["rel_tol"]
