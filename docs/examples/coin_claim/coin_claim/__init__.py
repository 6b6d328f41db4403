"""An outside claim for synthover: the mean of a Bernoulli(p) sample (see claims.py)."""
