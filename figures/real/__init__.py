"""Figures of the real-data experiments (claim family F) and of the bridge (claim family R)."""
