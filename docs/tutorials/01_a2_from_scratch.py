# %% [markdown]
# # Tutorial 1: derive and simulate A2, and watch them meet
#
# Claim A2: plug-in LDA trained on n0 majority rows, n1 minority rows and m synthetic minority rows
# from N(μ + δ, σ_syn² I) has an expected excess balanced risk given by a closed form (the hybrid
# form), refined by the toolkit's delta method. Both are second-order approximations; the toolkit also
# computes the expectation exactly, by quadrature over the law of the class means. We derive them with
# sympy, simulate with JAX, and see the Monte Carlo mean settle on the exact value as the number of
# replications grows: the gap stays within a few standard errors while the standard error shrinks like
# 1/√reps, and the hybrid form's 3% error (first order in the mean rule's bias) comes into view.
#
# Size: `SYNTHOVER_TUTORIAL_SIZE=small` (tests, the guide) or `full`.

# %%
import os

import matplotlib.pyplot as plt
import numpy as np

from synthover.simulations.keys import seed_key
from synthover.simulations.model_g.experiments import oversampled_lda
from synthover.simulations.precision import float64
from synthover.theory.model_g import oversampling, plugin_lda_exact
from synthover.theory.numeric import evaluate

SMALL = os.environ.get("SYNTHOVER_TUTORIAL_SIZE", "small") == "small"
REPS = [250, 1000, 4000] if SMALL else [1000, 4000, 16000, 64000, 256000]

# %% [markdown]
# ## The derivation, step by step
# `plugin_lda_exact.explain_a2()` is the derivation `synthover explain A2` prints: the paper's forms, the
# reduction behind the exact value, and, last, the hybrid form in the claim's parameters.

# %%
derivation = plugin_lda_exact.explain_a2()
for i, step in enumerate(derivation.steps, 1):
    print(f"({i}) {step.title}")

# %% [markdown]
# ## Theory at one point
# The fourth row of the published A2 table: d = 5, s = 1, n0 = 400, n1 = 40, m = 360, δ = (0.3, 0.3, 0, ...).

# %%
point = {"d": 5, "s": 1.0, "n0": 400, "n1": 40, "m": 360, "delta_par": 0.3, "delta_perp": 0.3, "sigma_syn": 1.0}
hybrid = evaluate(oversampling.excess_hybrid(), point)
refined = evaluate(oversampling.excess_delta_method(), point)
exact = plugin_lda_exact.g_shift_excess(point)
print(f"hybrid form   {hybrid:.6f}")
print(f"delta method  {refined:.6f}")
print(f"exact         {exact.excess:.6f}  (quadrature, resolution {exact.resolution}, error {exact.error:.1e})")

# %% [markdown]
# ## Simulation, as replications grow
# Each replication draws the class means in distribution, fits plug-in LDA and scores it with the exact
# risk; the simulation never calls the formula.

# %%
means, ses = [], []
with float64():
    for reps in REPS:
        summary = oversampled_lda(point, seed_key(0), reps)
        means.append(summary.mean)
        ses.append(summary.se)
        print(f"reps {reps:7d}  MC {summary.mean:.6f} ± {summary.se:.6f}  "
              f"(MC - exact) / SE = {(summary.mean - exact.excess) / summary.se:+.2f}")

# %%
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.errorbar(REPS, means, yerr=2 * np.array(ses), fmt="o", label="Monte Carlo ± 2 SE")
ax.axhline(exact.excess, color="C0", label="exact (quadrature)")
ax.axhline(refined, color="C1", linestyle=":", label="delta method (theory)")
ax.axhline(hybrid, color="C2", linestyle="--", label="hybrid form (theory)")
ax.set_xscale("log")
ax.set_xlabel("replications")
ax.set_ylabel("excess balanced risk")
ax.legend()
fig.tight_layout()
