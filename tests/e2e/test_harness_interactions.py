"""The fake's interaction round trips, driven through the real CommandTree with commands made here.

These pin down what cog tests rely on: slash commands with options, defer + edit, followups with
files, buttons, selects and modals all reach the bot and come back as recorded requests.
"""

from __future__ import annotations

import asyncio
import io

import discord
from discord import app_commands

from bot.client import CareerBot
from tests.support.fake_discord import FakeDiscord
from tests.support.fake_discord.server import (
    CALLBACK_CHANNEL_MESSAGE,
    CALLBACK_DEFERRED_CHANNEL_MESSAGE,
    CALLBACK_MODAL,
    CALLBACK_UPDATE_MESSAGE,
)

LIMIT = 30.0


class EchoModal(discord.ui.Modal, title="Suggest a question"):
    question = discord.ui.TextInput(label="Question", custom_id="question")

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"Thanks for: {self.question.value}", ephemeral=True)


class VoteView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="Helpful", custom_id="test:vote:up")
    async def up(self, interaction: discord.Interaction, button: discord.ui.Button[VoteView]) -> None:
        await interaction.response.edit_message(content="Thanks for the vote", view=None)

    @discord.ui.select(
        custom_id="test:topic", options=[discord.SelectOption(label=t) for t in ("mlops", "llm")]
    )
    async def topic(self, interaction: discord.Interaction, select: discord.ui.Select[VoteView]) -> None:
        await interaction.response.send_message(f"Topic: {select.values[0]}")


def add_test_commands(bot: CareerBot) -> None:
    @bot.tree.command(name="echo", description="Repeat the text")
    async def echo(interaction: discord.Interaction, text: str, times: int = 1) -> None:
        embed = discord.Embed(title="Echo", description=text * times)
        await interaction.response.send_message(embed=embed, view=VoteView())

    @bot.tree.command(name="slow", description="Defer, then answer")
    async def slow(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        await interaction.edit_original_response(content="done")
        sent = await interaction.followup.send(
            "sources attached", file=discord.File(io.BytesIO(b"a,b\n1,2\n"), "sources.csv"), wait=True
        )
        await interaction.edit_original_response(content=f"done, {len(sent.attachments)} file")

    @bot.tree.command(name="suggest", description="Open a modal")
    async def suggest(interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(EchoModal())

    @bot.tree.command(name="topic", description="Autocomplete a topic")
    async def topic(interaction: discord.Interaction, name: str) -> None:
        await interaction.response.send_message(name)

    @topic.autocomplete("name")
    async def topic_choices(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=t, value=t) for t in ("mlops", "llm-ops") if current in t]

    bot.add_view(VoteView())


async def test_slash_command_with_options_replies_with_embed_and_buttons(
    fake: FakeDiscord, careerbot: CareerBot
) -> None:
    add_test_commands(careerbot)

    callback = await fake.interact(fake.slash_command("echo", {"text": "ab", "times": 2}))

    assert callback.json["type"] == CALLBACK_CHANNEL_MESSAGE
    assert callback.callback_data["embeds"][0]["description"] == "abab"
    assert callback.callback_data["allowed_mentions"] == {"parse": []}
    custom_ids = [c["custom_id"] for row in callback.callback_data["components"] for c in row["components"]]
    assert custom_ids == ["test:vote:up", "test:topic"]


async def test_button_and_select_on_the_bots_message(fake: FakeDiscord, careerbot: CareerBot) -> None:
    add_test_commands(careerbot)
    await fake.interact(fake.slash_command("echo", {"text": "hi"}))

    click = await fake.interact(fake.component("test:vote:up", invoker=fake.other_user))
    choice = await fake.interact(fake.component("test:topic", values=["llm"]))

    assert click.json["type"] == CALLBACK_UPDATE_MESSAGE
    assert click.callback_data["content"] == "Thanks for the vote"
    assert choice.callback_data["content"] == "Topic: llm"


async def test_defer_then_edit_original_and_followup_with_a_file(
    fake: FakeDiscord, careerbot: CareerBot
) -> None:
    add_test_commands(careerbot)
    interaction = fake.slash_command("slow")

    callback = await fake.interact(interaction)
    edit = await fake.wait_for_request(
        "PATCH", "/webhooks/{application_id}/{token}/messages/@original", since=callback.index, timeout=LIMIT
    )
    followup = await fake.wait_for_request(
        "POST", "/webhooks/{application_id}/{token}", since=callback.index, timeout=LIMIT
    )

    assert callback.json["type"] == CALLBACK_DEFERRED_CHANNEL_MESSAGE
    assert edit.params["token"] == interaction["token"]
    assert edit.content == "done"
    assert followup.content == "sources attached"
    assert [(f.filename, f.data) for f in followup.files] == [("sources.csv", b"a,b\n1,2\n")]
    last_edit = await fake.wait_for_request(
        "PATCH",
        "/webhooks/{application_id}/{token}/messages/@original",
        since=followup.index,
        timeout=LIMIT,
    )
    assert last_edit.content == "done, 1 file"


async def test_modal_open_and_submit(fake: FakeDiscord, careerbot: CareerBot) -> None:
    add_test_commands(careerbot)

    opened = await fake.interact(fake.slash_command("suggest"))
    submitted = await fake.interact(
        fake.modal_submit(opened.callback_data["custom_id"], {"question": "Is MLOps AI?"})
    )

    assert opened.json["type"] == CALLBACK_MODAL
    assert submitted.callback_data["content"] == "Thanks for: Is MLOps AI?"
    assert submitted.callback_data["flags"] & discord.MessageFlags(ephemeral=True).value


async def test_autocomplete_returns_choices(fake: FakeDiscord, careerbot: CareerBot) -> None:
    add_test_commands(careerbot)

    callback = await fake.interact(fake.slash_command("topic", {"name": "ops"}, focused="name"))

    assert [choice["value"] for choice in callback.callback_data["choices"]] == ["mlops", "llm-ops"]


async def test_rate_limited_interaction_followup_is_retried(fake: FakeDiscord, careerbot: CareerBot) -> None:
    add_test_commands(careerbot)
    fake.rate_limit("POST", "/webhooks/{application_id}/{token}", retry_after=0.05)

    callback = await fake.interact(fake.slash_command("slow"))
    followup = await fake.wait_for_request(
        "POST", "/webhooks/{application_id}/{token}", since=callback.index, timeout=LIMIT
    )

    statuses = [r.status for r in fake.find_requests("POST", "/webhooks/{application_id}/{token}")]
    assert statuses == [429, 200]
    assert followup.content == "sources attached"


async def test_message_in_dm_reaches_the_bot_with_its_text(fake: FakeDiscord, careerbot: CareerBot) -> None:
    received = asyncio.ensure_future(careerbot.wait_for("message", timeout=LIMIT))

    await fake.dispatch("MESSAGE_CREATE", fake.message_from("what is MLOps?", in_dm=True))
    message = await asyncio.wait_for(received, LIMIT)

    assert message.content == "what is MLOps?"
    assert message.guild is None
