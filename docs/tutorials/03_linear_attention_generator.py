# %% [markdown]
# # Tutorial 3: a linear-attention layer as a generator (claims D1 and D4)
#
# One linear self-attention layer can read a prompt of n rows from N(μ, Σ) and output μ̂ + Σ^{1/2}ξ:
# a generator whose law given the prompt is N(μ̂, Σ), with expected KL to the truth exactly D/(2n)
# (D1). We construct it, measure its KL by Monte Carlo, then train a layer on in-context linear
# regression and compare its risk with the derived optimum (D4).

# %%
import os

from synthover.simulations.in_context.generators import d1_kl
from synthover.simulations.in_context.training import TrainConfig, regression_risk, train_regression
from synthover.simulations.keys import seed_key
from synthover.simulations.montecarlo import monte_carlo
from synthover.simulations.precision import float64
from synthover.theory.in_context import regression
from synthover.theory.numeric import evaluate

SMALL = os.environ.get("SYNTHOVER_TUTORIAL_SIZE", "small") == "small"
KL_REPS = 2000 if SMALL else 50_000
TRAIN = TrainConfig(500, 128, 0.02) if SMALL else TrainConfig(2000, 512, 0.01)

# %% [markdown]
# ## D1: the constructed mean generator, KL against D/(2n)

# %%
with float64():
    for D, n in ((2, 10), (4, 40)):
        kl = monte_carlo(d1_kl(D, n), seed_key(2), KL_REPS)["kl"]
        print(f"D = {D}, n = {n}: MC KL {kl.mean:.5f} ± {kl.se:.5f}   theory D/(2n) = {D / (2 * n):.5f}")

# %% [markdown]
# ## D4: train one layer on in-context regression
# x ~ N(0, Λ), w ~ N(0, I), noiseless labels, prompt length n. The optimum over the layer's parameters
# is tr Λ − tr(Λ Γ⁻¹ Λ). The small run (500 steps) gets part of the way; the full run (2000 steps,
# larger batches) comes within a few percent, and claim D4 checks 2% with its own schedule. Training follows
# Zhang, Frei & Bartlett: only the key-query block and the value scalar move, the cross blocks stay zero;
# `train_regression(..., full=True)` frees every block instead, and from some random starts it then stalls at
# a spurious stationary point (claim D4's finding).

# %%
d, n, lam = 3, 10, [0.25, 1.0, 4.0]
optimum = evaluate(regression.optimal_risk(lam), {"n": n})
with float64():
    params, losses = train_regression(seed_key(3), d, n, lam, TRAIN)
    risk = monte_carlo(regression_risk(params, n, lam), seed_key(4), KL_REPS)["risk"]
print(f"training loss: first {float(losses[0]):.3f}, last {float(losses[-1]):.3f}")
print(f"trained risk {risk.mean:.4f} ± {risk.se:.4f}; derived optimum {optimum:.4f}")
