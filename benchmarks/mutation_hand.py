"""Planted errors in the theory code added after the cosmic-ray run (benchmarks/mutation.md): are they caught?

Each mutant is one edit of one line that a plausible slip would make (a factor, a sign, a degree of freedom, a
transpose). For each: apply it, run the new code's tests and the quick checks of the claims that use it, record
whether each failed, restore the file. Writes benchmarks/mutation_hand.md. About 6 minutes on 2 cores:

    python benchmarks/mutation_hand.py
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ["tests/test_plugin_lda_exact.py", "tests/test_mle_bias.py", "tests/test_logistic_mle.py",
         "tests/test_balancing_exact.py", "tests/test_theory_model_g.py"]
CLAIMS = ["A1", "A2", "E3", "A3"]
E = "theory/model_g/plugin_lda_exact.py"
Q = "theory/logistic_quadrature.py"
O = "theory/neighbouring/owen_finite.py"
B = "theory/model_g/balancing_exact.py"
C = "theory/model_g/oversampling_cases.py"
#: (file, text, replacement, what the slip means)
MUTANTS = [
    (E, 'a_sq * var_b, name="tau_sq"', '2 * a_sq * var_b, name="tau_sq"', "tau^2 doubled"),
    (E, "p0**2) / 2 - (v1 - v0) / (v0 + v1) * a_sq / 2)", "p0**2) / 2 + (v1 - v0) / (v0 + v1) * a_sq / 2)",
     "sign of the ||A||^2 term in the intercept"),
    (E, "_laguerre(k_chi, d - 2, v0_ + v1_)", "_laguerre(k_chi, d - 1, v0_ + v1_)", "chi^2 with d - 1 degrees of freedom"),
    (E, "zp1, wp1 = _hermite(k, v1_)", "zp1, wp1 = _hermite(k, v0_)", "class 0's variance on class 1's e_2 axis"),
    (E, "return 2 * scale * nodes", "return scale * nodes", "chi^2 = Gamma without the factor 2"),
    (E, "norm = sp.sqrt(w_sq + tau_sq)", "norm = sp.sqrt(w_sq)", "the C integral dropped"),
    (Q, "cross - 0.5 * third", "cross - 1.0 * third", "third-derivative term doubled"),
    (Q, "inv @ (cross - 0.5", "inv @ (-cross - 0.5", "sign of the covariance term B"),
    (Q, "pr * (1 - pr) * (1 - 2 * pr)", "pr * (1 - pr) * (2 * pr - 1)", "sign of sigma''"),
    (O, "back = np.linalg.inv(chol.T)", "back = np.linalg.inv(chol)", "whitening transposed"),
    (O, '"expected": back @ (theta[:2] + bias[:2])', '"expected": back @ (theta[:2] - bias[:2])', "bias subtracted"),
    (B, "jensen = curvature * var_v / 2", "jensen = -curvature * var_v / 2", "sign of the Jensen term"),
    (B, "n1 * var_one + n1 * (n1 - 1) * (two - one**2)", "n1 * var_one", "covariance of the counts dropped"),
    (B, 'v1_ = 1 / p["n1"] if v1_ is None', 'v1_ = 1 / p["n0"] if v1_ is None', "copies' variance 1/n0"),
    (B, "raw=g_shift_excess(balanced_point(p, m=0,", 'raw=g_shift_excess(balanced_point(p, m=p["n1"],',
     "raw data with n1 rows added"),
    (C, "biased = _quadratic({a1_par: t * alpha * delta_par", "biased = _quadratic({a1_par: t * delta_par",
     "alpha dropped from the offset along mu"),
    (C, "perfect = _quadratic({**no_offset, v1: 1 / n0, v0: 1 / n0, ell: 0})",
     "perfect = _quadratic({**no_offset, v1: 1 / n0, v0: 1 / n1, ell: 0})", "majority variance 1/n1 for perfect rows"),
]


def _fails(cmd: list[str], env: dict) -> bool:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env).returncode != 0


def main() -> int:
    env = dict(os.environ, SYNTHOVER_CACHE="off")
    with tempfile.TemporaryDirectory(prefix="synthover-mutants-") as out:
        rows = _run_all(env, out)
    return _report(rows)


def _run_all(env: dict, out: str) -> list[tuple]:
    rows, start = [], time.perf_counter()
    for path, old, new, meaning in MUTANTS:
        file = ROOT / path
        source = file.read_text()
        if source.count(old) != 1:
            raise SystemExit(f"{path}: the text to mutate is not there once: {old!r}")
        file.write_text(source.replace(old, new))
        try:
            tests = _fails([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *TESTS], env)
            check = _fails([sys.executable, "-m", "synthover.paper_checks.cli", "check", "--quick", "--claim", *CLAIMS,
                            "--out", out], env)
        finally:
            file.write_text(source)
        rows.append((path, meaning, f"`{old}` -> `{new}`", tests, check))
        print(f"{path}: {meaning}: tests {'caught' if tests else 'missed'}, checks {'caught' if check else 'missed'}",
              flush=True)
    _run_all.seconds = time.perf_counter() - start
    return rows


def _report(rows: list[tuple]) -> int:
    caught = sum(t or c for *_, t, c in rows)
    lines = ["# Planted errors in the newer theory code (`python benchmarks/mutation_hand.py`)", "",
             f"{len(rows)} one-line mutants of the code added after the cosmic-ray run; caught: {caught} of {len(rows)} "
             f"({_run_all.seconds:.0f} s on this machine). Tests: {', '.join(TESTS)}; checks: "
             f"`synthover check --quick --claim {' '.join(CLAIMS)}`.", "",
             "| file | slip | edit | tests | quick checks |", "|---|---|---|---|---|"]
    lines += [f"| {p} | {m} | {e} | {'caught' if t else 'missed'} | {'caught' if c else 'missed'} |"
              for p, m, e, t, c in rows]
    (ROOT / "benchmarks" / "mutation_hand.md").write_text("\n".join(lines) + "\n")
    return 0 if caught == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
