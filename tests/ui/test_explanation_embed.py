from __future__ import annotations

from pathlib import Path

from bot import limits
from bot.service import AnswerService
from bot.ui.explanation_embed import render_explanation_embed
from tests.support.harness import check_message_payload
from tests.support.matching_sample import SNAPSHOT


def test_a_long_question_is_explained_within_discords_limits(tmp_path: Path) -> None:
    words = " ".join(f"word{n}" * 5 for n in range(400))
    why = AnswerService(tmp_path, SNAPSHOT).explain(f"ml engineer salary in new york {words}"[:1000])
    embed = render_explanation_embed(why, note="n" * 3000)
    check_message_payload({"embeds": [embed.to_dict()]})
    assert len(embed) <= limits.EMBEDS_TOTAL
