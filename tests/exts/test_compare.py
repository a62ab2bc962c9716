from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from bot.exts.compare import SAME_ROLE, TOO_FEW_ROLES
from bot.knowledge.loader import default_knowledge_dir, load_knowledge
from bot.knowledge.models import ROLE_ASPECTS, KnowledgeSnapshot
from bot.ui.comparison_embed import CHART_FILENAME, OVERVIEW
from tests.support.harness import CALLBACK_DEFER, CALLBACK_REPLY, Harness, running_harness
from tests.support.sample_knowledge import ENTRIES

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


async def test_defaults_to_ai_engineer_vs_ml_engineer_overview(harness: Harness) -> None:
    (reply,) = await harness.slash("compare")
    assert reply.callback_type == CALLBACK_REPLY
    (embed,) = reply.embeds
    assert embed["title"] == "AI engineer vs ML engineer: Overview"
    names = [f["name"] for f in embed["fields"] if f["name"] != "\u200b"]
    assert names[:4] == [
        "AI engineer: Summary",
        "ML engineer: Summary",
        "AI engineer: Responsibilities",
        "ML engineer: Responsibilities",
    ]
    *rows, sources = embed["fields"]
    assert all(f["inline"] for f in rows)
    assert sources["name"] == "Sources" and "(https://www.levels.fyi/2024/)" in sources["value"]
    assert "footer" not in embed
    assert reply.message["allowed_mentions"] == {"parse": []}


async def test_one_aspect_of_a_chosen_pair(harness: Harness) -> None:
    (reply,) = await harness.slash(
        "compare", {"role_a": "data-scientist", "role_b": "Ai Engineer", "aspect": "tools"}
    )
    fields = reply.embeds[0]["fields"]
    assert [f["name"] for f in fields[:2]] == ["Data scientist: Tools", "AI engineer: Tools"]


async def test_salary_defers_then_sends_the_chart_as_the_embed_image(harness: Harness) -> None:
    defer, followup = await harness.slash("compare", {"aspect": "salary"})
    assert defer.callback_type == CALLBACK_DEFER
    assert (followup.method, followup.path) == ("POST", "/webhooks/{webhook_id}/{webhook_token}")
    ((filename, data),) = followup.files
    assert filename == CHART_FILENAME and data.startswith(PNG_MAGIC)
    assert followup.embeds[0]["image"]["url"] == f"attachment://{CHART_FILENAME}"


async def test_the_same_role_twice_is_refused_kindly(harness: Harness) -> None:
    (reply,) = await harness.slash("compare", {"role_a": "ml-engineer", "role_b": "ML engineer"})
    assert reply.ephemeral and reply.content == SAME_ROLE


async def test_an_unknown_role_is_named_escaped_with_the_known_ones(harness: Harness) -> None:
    (reply,) = await harness.slash("compare", {"role_a": "@everyone **boss**"})
    assert reply.ephemeral
    assert "@everyone" not in reply.content and "**boss**" not in reply.content
    assert "AI engineer, ML engineer, Data scientist" in reply.content


async def test_an_aspect_outside_the_choices_is_refused(harness: Harness) -> None:
    (reply,) = await harness.slash("compare", {"aspect": "vibes"})
    assert reply.ephemeral and "aspects" in reply.content


async def test_without_two_roles_it_says_so(tmp_path: Path) -> None:
    async with running_harness(tmp_path, KnowledgeSnapshot(entries=ENTRIES)) as harness:
        (reply,) = await harness.slash("compare")
    assert reply.content == TOO_FEW_ROLES


async def test_role_autocomplete_filters_by_name(harness: Harness) -> None:
    choices = await harness.autocomplete("compare", {"role_b": "sci"}, focused="role_b")
    assert choices == [{"name": "Data scientist", "value": "data-scientist"}]


SHIPPED = load_knowledge(default_knowledge_dir())


@pytest.mark.parametrize("aspect", [OVERVIEW, *ROLE_ASPECTS])
async def test_every_shipped_role_pair_renders_within_limits(tmp_path: Path, aspect: str) -> None:
    """The capture rejects any payload over a Discord limit, so reaching the asserts means they all fit."""
    assert len(SHIPPED.roles) >= 2
    async with running_harness(tmp_path, SHIPPED) as harness:
        for role_a, role_b in itertools.permutations(SHIPPED.roles, 2):
            sent = await harness.slash(
                "compare", {"role_a": role_a.id, "role_b": role_b.id, "aspect": aspect}
            )
            answer = sent[-1]
            assert answer.embeds[0]["title"].startswith(f"{role_a.name} vs {role_b.name}")
            has_figures = bool(role_a.salary_figures or role_b.salary_figures)
            assert bool(answer.files) == (aspect == "salary" and has_figures)
