"""Replications of one grid point sharded over local JAX devices (jax.sharding) give the same bytes."""
import os
import subprocess
import sys


_SHARDED_RUN = ("import hashlib, jax; from synthover.paper_checks import registry; "
                "from synthover.paper_checks.report import to_json; from synthover.paper_checks.runner import run_claims; "
                "report = run_claims([registry.get(c) for c in ('A4', 'B2')], seed=3, quick=True, progress=False); "
                "print(jax.local_device_count(), hashlib.sha256(to_json(report).encode()).hexdigest())")


def test_replications_sharded_over_devices_give_the_same_bytes():
    """With four host devices (XLA_FLAGS) a chunk's replications run sharded (jax.sharding); the report is
    byte-identical to the one-device run."""
    outputs = []
    for count in (1, 4):
        env = {**os.environ, "XLA_FLAGS": f"--xla_force_host_platform_device_count={count}", "JAX_PLATFORMS": "cpu"}
        done = subprocess.run([sys.executable, "-c", _SHARDED_RUN], capture_output=True, text=True, env=env, timeout=600)
        assert done.returncode == 0, done.stderr[-2000:]
        outputs.append(done.stdout.split())
    assert [o[0] for o in outputs] == ["1", "4"]
    assert outputs[0][1] == outputs[1][1]

