from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.matching.matcher import Matcher
from bot.matching.result import MatchStatus
from bot.moderation.gaps import GapGroup
from bot.moderation.labels import label_offers, learn
from bot.storage import Label, LabelVerdict, Storage
from tests.support.matching_sample import SNAPSHOT

CHOSEN, NOT_THIS = LabelVerdict.CHOSEN, LabelVerdict.NOT_THIS


@pytest.fixture
async def storage(tmp_path: Path) -> AsyncIterator[Storage]:
    opened = await Storage.open(tmp_path / "careerbot.sqlite3")
    yield opened
    await opened.close()


async def _logged(storage: Storage, question: str, user_id: int) -> int:
    return await storage.record_question(
        user_id=user_id,
        guild_id=None,
        channel_id=5,
        via="mention",
        question=question,
        status=MatchStatus.AMBIGUOUS,
        entry_id=None,
        score=0.5,
    )


async def test_only_the_askers_click_is_learned(storage: Storage) -> None:
    question_id = await _logged(storage, "tf or torch", user_id=1)
    assert not await learn(storage, question_id, user_id=2, entry_id="tool-pytorch", verdict=CHOSEN)
    assert not await learn(storage, question_id + 1, user_id=1, entry_id="tool-pytorch", verdict=CHOSEN)
    assert await learn(storage, question_id, user_id=1, entry_id="tool-pytorch", verdict=CHOSEN)
    (label,) = await storage.open_labels()
    assert (label.question, label.entry_id, label.verdict) == ("tf or torch", "tool-pytorch", CHOSEN)


def _label(number: int, question: str, entry_id: str, verdict: LabelVerdict) -> Label:
    return Label(number, question, entry_id, verdict, times=1, last_at=0.0)


def test_offers_put_picks_first_and_find_their_gap_group() -> None:
    analyzer = Matcher(SNAPSHOT).analyzer
    groups = [
        GapGroup(("Can I become an astronaut?",), 1, (("unsure", 1),), 0.0),
        GapGroup(("tf or torch?", "TF vs torch"), 2, (("ambiguous", 2),), 0.0),
    ]
    labels = [
        _label(1, "is a phd worth it", "masters-or-phd", NOT_THIS),
        _label(2, "tf versus torch", "tensorflow-vs-pytorch", CHOSEN),
        _label(3, "what about rust", "no-such-entry", CHOSEN),
    ]

    offers = label_offers(labels, SNAPSHOT, groups, analyzer)

    assert [o.label.id for o in offers] == [2, 3, 1]
    assert [o.gap for o in offers] == [2, None, None]
    assert [o.acceptable for o in offers] == [True, False, False]  # a gone entry, a "not this"
    assert offers[0].entry_question == "Should I learn TensorFlow or PyTorch?"
    assert offers[1].entry_question is None
