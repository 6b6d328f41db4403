"""Suite-wide numerics and hypothesis profiles.

The suite runs in float64, as the checks do (diffrax-style: the test configuration fixes the numerics;
the library never switches precision on import). Hypothesis runs without deadlines (JAX compiles take
0.1-0.5 s per new shape) and with a fixed derandomised profile on CI.
"""
import os

import jax
import pytest
from hypothesis import HealthCheck, settings

jax.config.update("jax_enable_x64", True)

settings.register_profile(
    "ci", deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(scope="session")
def plant_tables(tmp_path_factory):
    """plant_tables(n_generated): a fresh folder with dataset "planted" in both real-data layouts."""
    from synthover.simulations.real.experiments_planted import plant_opal_v1, plant_scaling_law

    def plant(n_generated: int):
        root = tmp_path_factory.mktemp("planted")
        plant_scaling_law(root, "planted", n_source=4000, n_generated=n_generated)
        plant_opal_v1(root, "planted")
        return root
    return plant
