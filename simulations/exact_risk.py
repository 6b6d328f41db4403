"""Exact 0-1 risks of a fitted linear rule in model G (no test set).

x | y=1 ~ N(mu, sigma^2 I), x | y=0 ~ N(-mu, sigma^2 I). The rule 1{w^T x + b > 0} misclassifies
class 1 with probability P(w^T x + b < 0) = Phi((-w^T mu - b) / (sigma ||w||)), and class 0 with
Phi((-w^T mu + b) / (sigma ||w||)). Scoring every fitted rule with these makes the training sample the
only randomness of a simulation.
"""
import jax.numpy as jnp
from jax.scipy.stats import norm


def group_risks(w, b, mu, sigma=1.0):
    """(R^(0), R^(1)) of the rule (w, b)."""
    scale = sigma * jnp.linalg.norm(w)
    margin = jnp.dot(w, mu)
    return norm.cdf((-margin + b) / scale), norm.cdf((-margin - b) / scale)


def balanced_risk(w, b, mu, sigma=1.0):
    r0, r1 = group_risks(w, b, mu, sigma)
    return 0.5 * (r0 + r1)


def worst_group_risk(w, b, mu, sigma=1.0):
    return jnp.maximum(*group_risks(w, b, mu, sigma))


def excess_balanced_risk(w, b, mu, sigma=1.0):
    """R_bal(w, b) minus the balanced risk of the Bayes rule (w = mu, b = 0), both scored exactly."""
    return balanced_risk(w, b, mu, sigma) - balanced_risk(mu, 0.0, mu, sigma)
