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


def test_every_feature_has_one_shape() -> None:
    assert tuple(f.name for f in fields(Features)) == calibration.FEATURES == tuple(calibration.SHAPES)


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


def test_the_fitted_shapes_are_the_trees_and_go_the_way_their_evidence_does() -> None:
    import numpy as np

    from bench import shapes

    rng = np.random.default_rng(0)
    x = rng.random((2000, 3))
    # Right answers when the first signal is high and the second (unknown words, say) low.
    y = (x[:, 0] - x[:, 1] + rng.normal(0, 0.2, 2000) > 0.2).astype(float)
    names = ("semantic", "unknown_share", "log_terms")
    trees = shapes.boosted(x, y, np.ones(2000), names, 100)
    model = shapes.fit(x, y, np.ones(2000), names, 100)
    assert np.allclose(model.log_odds(x), trees.decision_function(x))
    rising, falling = (np.diff(values) for _, values in model.shapes[:2])
    assert (rising >= 0).all() and (falling <= 0).all() and rising.sum() > 1 and falling.sum() < -1
