"""/compare through the real client against the fake Discord, with the salary chart uploaded."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.client import CareerBot
from bot.ui.comparison_embed import CHART_FILENAME
from tests.support.fake_discord import FakeDiscord
from tests.support.fake_discord.server import CALLBACK_CHANNEL_MESSAGE, CALLBACK_DEFERRED_CHANNEL_MESSAGE

StartBot = Callable[..., Awaitable[CareerBot]]


async def test_compare_salary_uploads_the_chart(
    fake: FakeDiscord, start_careerbot: StartBot, tmp_path: Path
) -> None:
    await start_careerbot(database_path=tmp_path / "careerbot.sqlite3")
    callback = await fake.interact(fake.slash_command("compare", {"aspect": "salary"}))
    assert callback.json["type"] == CALLBACK_DEFERRED_CHANNEL_MESSAGE
    followup = await fake.wait_for_request("POST", "/webhooks/{application_id}/{token}", since=callback.index)
    (chart,) = followup.files
    assert chart.filename == CHART_FILENAME
    assert chart.data.startswith(b"\x89PNG")
    (embed,) = followup.embeds
    assert embed["title"] == "AI engineer vs ML engineer: Salary"
    assert embed["image"]["url"] == f"attachment://{CHART_FILENAME}"
    assert followup.json["allowed_mentions"] == {"parse": []}


async def test_compare_overview_is_one_embed(
    fake: FakeDiscord, start_careerbot: StartBot, tmp_path: Path
) -> None:
    await start_careerbot(database_path=tmp_path / "careerbot.sqlite3")
    callback = await fake.interact(fake.slash_command("compare"))
    assert callback.json["type"] == CALLBACK_CHANNEL_MESSAGE
    (embed,) = callback.callback_data["embeds"]
    assert embed["title"] == "AI engineer vs ML engineer: Overview"
    assert len(embed["fields"]) <= 25
