"""Suite-wide numerics and hypothesis profiles.

x64 is enabled by importing simulations; hypothesis runs without deadlines (JAX compiles take
0.1-0.5 s per new shape) and with a fixed derandomised profile on CI.
"""
import os

from hypothesis import HealthCheck, settings

import simulations  # noqa: F401  (enables float64)

settings.register_profile(
    "ci", deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))
