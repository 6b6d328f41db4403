"""Symbols of the neighbouring results (E1-E3), each declared once; the shared ones come from params.SHARED.

Names follow docs/theory/neighbouring.md. Each claim narrows these to its domain (the region where its
check is asserted and its negative controls are rejected); cross-parameter conditions are `constraints`.
"""
from synthover.paper_checks.params import Parameter

PI1 = Parameter("pi1", 0.1, "minority prior", low=0.0, high=0.5, low_open=True)
