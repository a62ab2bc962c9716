from __future__ import annotations

import itertools

import pytest

from bot import limits
from bot.knowledge.models import ROLE_ASPECTS, RoleProfile, Source
from bot.ui.comparison_embed import CHART_FILENAME, OVERVIEW, render_comparison_embed
from tests.support.sample_knowledge import ROLES

AI, ML, DS = ROLES


def test_one_aspect_is_a_row_of_one_field_per_role() -> None:
    embed = render_comparison_embed(AI, ML, "skills")
    assert embed.title == "AI engineer vs ML engineer: Skills"
    left, right, spacer = embed.fields
    assert (left.name, left.value, left.inline) == (
        "AI engineer: Skills",
        "AI engineer: skills in a few lines.",
        True,
    )
    assert (right.name, right.value) == ("ML engineer: Skills", "ML engineer: skills in a few lines.")
    assert spacer.inline
    assert embed.footer.text is None  # no figure shown, so no source listed


def test_salary_links_only_the_sources_of_the_figures_it_shows() -> None:
    without_chart = render_comparison_embed(AI, DS, "salary")
    assert without_chart.fields[-1].name == "Sources"
    assert without_chart.fields[-1].value == (
        "• [Levels.fyi end of year pay report](https://www.levels.fyi/2024/) (December 2024)"
    )
    with_chart = render_comparison_embed(AI, ML, "salary", with_chart=True)
    links = with_chart.fields[-1].value or ""
    assert "(https://www.levels.fyi/2024/)" in links and "(https://www.bls.gov/oes/)" in links


def test_overview_has_the_summary_and_every_aspect() -> None:
    embed = render_comparison_embed(AI, DS, OVERVIEW)
    names = [f.name for f in embed.fields if f.name != "\u200b"]
    assert names[:2] == ["AI engineer: Summary", "Data scientist: Summary"]
    assert names[-1] == "Sources"
    assert len(names) == 2 * (1 + len(ROLE_ASPECTS)) + 1
    assert len(embed.fields) <= limits.EMBED_FIELDS


def test_salary_with_chart_points_the_image_at_the_attachment() -> None:
    embed = render_comparison_embed(AI, ML, "salary", with_chart=True)
    assert embed.image.url == f"attachment://{CHART_FILENAME}"


def _largest_role(role_id: str) -> RoleProfile:
    return RoleProfile(
        id=role_id,
        name="N" * 100,
        summary="S " * 512,
        aspects={aspect: "word " * 205 for aspect in ROLE_ASPECTS},
        sources=tuple(Source("T" * 300, "https://example.com", "2024") for _ in range(10)),
    )


@pytest.mark.parametrize("aspect", [OVERVIEW, *ROLE_ASPECTS])
def test_largest_allowed_profiles_fit_in_one_message(aspect: str) -> None:
    embed = render_comparison_embed(_largest_role("a"), _largest_role("b"), aspect, with_chart=True)
    assert len(embed) <= limits.EMBEDS_TOTAL
    assert len(embed.fields) <= limits.EMBED_FIELDS
    assert all(len(f.value or "") <= limits.FIELD_VALUE and f.value for f in embed.fields)
    assert all(len(f.name or "") <= limits.FIELD_NAME for f in embed.fields)
    assert len(embed.footer.text or "") <= limits.FOOTER
    assert len(embed.title or "") <= limits.EMBED_TITLE


@pytest.mark.parametrize(("role_a", "role_b"), list(itertools.permutations(ROLES, 2)))
def test_every_sample_pair_fits(role_a: RoleProfile, role_b: RoleProfile) -> None:
    for aspect in (OVERVIEW, *ROLE_ASPECTS):
        assert len(render_comparison_embed(role_a, role_b, aspect)) <= limits.EMBEDS_TOTAL
