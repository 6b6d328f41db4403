"""Claim family F (the paper's real-data experiments) and the `paper` command; R (the bridge) and `audit`."""
