from __future__ import annotations

import discord
from hypothesis import given
from hypothesis import strategies as st

from bot import limits
from bot.answers.compose import UNSURE_TITLE, Answer, Link, answer_from_entry, compose_answer
from bot.knowledge.models import Source
from bot.matching.matcher import Matcher
from bot.matching.result import MatchStatus
from bot.ui.answer_embed import SOURCES_FIELD, fit_embed, format_sources, render_answer_embed
from tests.support.sample_knowledge import SNAPSHOT


def _answer(entry_id: str) -> Answer:
    entry = SNAPSHOT.entry(entry_id)
    assert entry is not None
    return answer_from_entry(entry, SNAPSHOT)


def test_answer_embed_has_question_answer_and_dated_sources() -> None:
    embed = render_answer_embed(_answer("salary-comparison"))
    assert embed.title == "Which role has a higher salary, AI engineer or machine learning engineer?"
    assert embed.description is not None and "curated answer about salary-comparison" in embed.description
    (sources,) = [f for f in embed.fields if f.name == SOURCES_FIELD]
    assert "[U.S. Bureau of Labor Statistics, OEWS](https://www.bls.gov/oes/) (May 2024)" in (
        sources.value or ""
    )
    assert "(December 2024)" in (sources.value or "")
    assert embed.footer.text == "Topic: salary"


def test_unsure_embed_leaves_its_suggestions_to_the_buttons_and_has_no_answer() -> None:
    answer = compose_answer(Matcher(SNAPSHOT).match("lawyer salary in nyc?"), SNAPSHOT)
    assert "How does salary differ by location?" in [link.question for link in answer.suggestions]
    embed = render_answer_embed(answer)
    assert embed.title == UNSURE_TITLE
    assert "How does salary differ by location?" not in (embed.description or "")
    assert not embed.fields


def test_oversized_answer_is_trimmed_to_every_limit() -> None:
    huge = Answer(
        MatchStatus.ANSWERED,
        "Q" * 300,
        "word " * 2000,
        entry_id="x",
        category="c" * 3000,
        sources=tuple(Source("T" * 200, "https://example.com/" + "p" * 100, "2024") for _ in range(20)),
        related=(Link("y", "related"),),
    )
    embed = render_answer_embed(huge)
    assert len(embed.title or "") <= limits.EMBED_TITLE
    assert len(embed.description or "") <= limits.EMBED_DESCRIPTION
    assert all(len(f.value or "") <= limits.FIELD_VALUE for f in embed.fields)
    assert len(embed.footer.text or "") <= limits.FOOTER
    assert len(embed) <= limits.EMBEDS_TOTAL


def test_source_titles_cannot_break_the_link_markup() -> None:
    text = format_sources([Source("Report [draft] *2024*", "https://example.com", "2024")], 1024)
    assert text == "• [Report (draft) \\*2024\\*](https://example.com) (2024)"


def test_fit_embed_trims_the_longest_fields_first() -> None:
    embed = discord.Embed(title="t", description="d" * 100)
    embed.add_field(name="short", value="kept as is")
    for n in range(7):
        embed.add_field(name=f"long {n}", value="word " * 204)
    fitted = fit_embed(embed)
    assert len(fitted) <= limits.EMBEDS_TOTAL
    assert fitted.fields[0].value == "kept as is"
    assert fitted.description == "d" * 100
    assert all((f.value or "").endswith(limits.ELLIPSIS) for f in fitted.fields[1:])


@given(
    st.text(min_size=1, max_size=400),
    st.text(max_size=6000),
    st.sampled_from(list(MatchStatus)),
)
def test_any_answer_renders_within_limits(title: str, body: str, status: MatchStatus) -> None:
    answer = Answer(status, title, body, entry_id="e", category="c", suggestions=(Link("a", title),))
    embed = render_answer_embed(answer)
    assert len(embed) <= limits.EMBEDS_TOTAL
    assert len(embed.description or "") <= limits.EMBED_DESCRIPTION
    assert len(embed.title or "") <= limits.EMBED_TITLE
