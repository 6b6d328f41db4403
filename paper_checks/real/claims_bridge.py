"""Claim family R: model G's predictions from a generator's rows, checked on the real tables.

R1  A4's predicted winner (synthetic oversampling vs duplication, both to balance, at the data's n0, n1;
    leading order, sigma_syn = 1), made from the generator's rows before any outcome is measured, has
    the sign of the advantage R_bal(dup) - R_bal(syn) observed with model G's plug-in LDA.
R2  The same with A2's quadratic form at the measured variance ratio sigma_syn.
Rule "sign" per cell whose predicted margin's 95 % bootstrap interval excludes 0 (undecided cells are
listed in the prediction report and make no row); effect = the predicted advantage, so a cell whose
seeds cannot resolve it is "inconclusive", never a failure. Negative control: the opposite prediction.

Data: these claims need the authors' tables (``needs_data``): the runner runs them only when
SYNTHOVER_DATA (``synthover check --data DIR``) names the folder (opal_v1/ and/or scaling_law/ inside);
without it `compare` also returns no rows, so the claims are skipped cleanly either way. The grid's "reps" are the bootstrap resamples of the estimates.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from synthover.paper_checks.agreement import Comparison
from synthover.paper_checks.claim import Claim, Provenance
from synthover.theory.derivation import Derivation

DATA_ENV = "SYNTHOVER_DATA"


def data_dir() -> Path | None:
    value = os.environ.get(DATA_ENV, "")
    return Path(value) if value and Path(value).is_dir() else None


@lru_cache(maxsize=4)
def _table(data: str, bootstrap: int) -> dict:
    from synthover.paper_checks.real.predict import prediction_table

    return prediction_table(data, seed=0, bootstrap=bootstrap)


def _rows(key: str, winner_key: str, control_text: str):
    def compare(p: dict, key_, reps: int) -> list[Comparison]:
        data = data_dir()
        if data is None:
            return []
        table = _table(str(data), int(reps))
        out = []
        for row in table["a4"]:
            pred = row["prediction"]
            if pred[winner_key] == "undecided":
                continue
            obs = row["observed"]["lda_g"]
            theory = pred[key]["value"]
            out.append(Comparison(
                quantity=f"{row['layout']}/{row['dataset']}/{row['generator']}: sign of R(dup) - R(syn), plug-in LDA",
                rule="sign", theory=theory, simulation=obs["advantage"], se=obs["se"],
                negative_control=-theory, control=control_text, effect=theory, dof=len(obs["per_seed"]) - 1,
                detail={"interval": [pred[key]["low"], pred[key]["high"]], "per_seed": obs["per_seed"],
                        "n0": pred["n0"], "n1": pred["n1"]},
            ))
        return out
    return compare


def _explain_a4() -> Derivation:
    from synthover.theory.model_g import oversampling_cases

    return oversampling_cases.derive_a4_boundary()


def _bridge_claim(cid: str, title: str, statement: str, form: str, value_key: str, winner_key: str) -> Claim:
    """R1 and R2: the same bridge (estimates with bootstrap intervals, then the measured winner), each with
    its own form of the prediction (value_key, winner_key of the prediction table)."""
    return Claim(
        id=cid,
        title=title,
        statement=statement,
        provenance=Provenance("toolkit", where=f"{form} of arXiv:2406.03628 applied to real tables",
                              added="the bridge: estimates with bootstrap intervals, prediction before measurement"),
        parameters=(),
        compare=_rows(value_key, winner_key, "opposite winner"),
        explain=_explain_a4,
        grid=({},),
        quick_grid=({},),
        reps=200,
        quick_reps=50,
        needs_data=True,
    )


R1 = _bridge_claim(
    "R1", "A4 from a generator's rows predicts the winner on the real table",
    ("With d, s, delta_par, ||delta_perp|| estimated from the generator's rows and the real rows, "
     "the sign of A4's advantage (s phi(s)/8)[(1/n1 - 1/n0)((d-1)/s^2 + 1) - alpha^2(delta_perp^2/s^2 + "
     "delta_par^2)] is the sign of R_bal(duplication) - R_bal(synthetic) measured with plug-in LDA."),
    "A4", "advantage", "winner")

R2 = _bridge_claim(
    "R2", "A2's quadratic form with the measured sigma_syn predicts the winner on the real table",
    ("As R1, with A2's quadratic form (no leading-order cut) at the generator's measured variance "
     "ratio sigma_syn in place of A4's sigma_syn = 1."),
    "A2", "advantage_sigma", "winner_sigma")

CLAIMS = [R1, R2]
