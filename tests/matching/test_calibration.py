"""The confidence weights were fitted on the knowledge and held-out data as they are now."""

from __future__ import annotations

from dataclasses import fields

from bench.calibrate import fingerprint
from bot.matching import calibration
from bot.matching.features import Features


def test_the_weights_were_fitted_on_the_current_knowledge_and_data() -> None:
    assert fingerprint() == calibration.FINGERPRINT, (
        "the knowledge or the tuning data (bench/data/heldout.yaml, bench/blind/dev) changed since the "
        "weights were fitted: "
        "run `python -m bench.calibrate --write` and commit bot/matching/calibration.py"
    )


def test_every_feature_has_one_weight() -> None:
    assert tuple(f.name for f in fields(Features)) == calibration.FEATURES
    assert len(calibration.WEIGHTS) == len(calibration.FEATURES)


def test_the_fingerprint_changes_with_any_knowledge_file(tmp_path) -> None:
    (tmp_path / "faq").mkdir()
    (tmp_path / "faq" / "roles.yaml").write_text("entries: []\n", encoding="utf-8")
    before = fingerprint(tmp_path)
    (tmp_path / "synonyms.yaml").write_text("{}\n", encoding="utf-8")
    assert fingerprint(tmp_path) != before


def test_the_fit_reads_the_current_rounds_dev_half_and_never_its_test_half() -> None:
    import pytest

    from bench.calibrate import DATA_FILES
    from bench.evaluation import BLIND_ROUNDS, CURRENT_ROUND, load_blind

    current = BLIND_ROUNDS[CURRENT_ROUND].name
    assert f"{current}/dev/inscope.yaml" in DATA_FILES
    assert not any(name.startswith(f"{current}/test") for name in DATA_FILES)
    with pytest.raises(PermissionError):
        load_blind("test", blind_round=CURRENT_ROUND)
