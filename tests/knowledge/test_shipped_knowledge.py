from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge.loader import validate_knowledge

SHIPPED = Path(__file__).resolve().parents[2] / "knowledge"


@pytest.mark.skipif(not any(SHIPPED.glob("faq/*.yaml")), reason="the shipped knowledge has no FAQ files yet")
def test_the_shipped_knowledge_base_is_valid() -> None:
    assert [str(error) for error in validate_knowledge(SHIPPED)] == []
