"""Right decisions on a fixed held-out sample stay right (regenerate with `python -m bench.pin`)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.knowledge.loader import default_knowledge_dir, load_knowledge
from bot.matching.matcher import Matcher
from bot.matching.result import MatchStatus

PINNED = yaml.safe_load((Path(__file__).parent / "pinned_decisions.yaml").read_text(encoding="utf-8"))
_MATCHER = Matcher(load_knowledge(default_knowledge_dir()))


@pytest.mark.parametrize(("question", "entry_id"), [(p["q"], p["id"]) for p in PINNED["answered"]])
def test_pinned_answer(question: str, entry_id: str) -> None:
    assert _MATCHER.match(question).entry_id == entry_id


@pytest.mark.parametrize("question", PINNED["not_answered"])
def test_pinned_abstention(question: str) -> None:
    assert _MATCHER.match(question).status is not MatchStatus.ANSWERED
