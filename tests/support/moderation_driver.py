"""Driving /faq through the harness of tests/exts with what its shortcuts lack: command groups,
attachments, the member's roles and permissions, other guilds, and modal submits."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from bot.knowledge.loader import default_knowledge_dir, load_knowledge
from tests.support.fake_discord import payloads
from tests.support.fake_discord.payloads import Payload
from tests.support.harness import (
    ALICE,
    APPLICATION_ID,
    CHANNEL_ID,
    GUILD_ID,
    Harness,
    Sent,
    running_harness,
)

OTHER_GUILD_ID = 1_100_000_000_000_000_020
MODERATOR_ROLE_ID = 1_100_000_000_000_000_030
AUDIT_CHANNEL_ID = 1_100_000_000_000_000_040
MANAGE_GUILD = 1 << 5
OPTION_ATTACHMENT = 11
SUB_COMMAND_GROUP = 2


@asynccontextmanager
async def faq_harness(tmp_path: Path, **settings: Any) -> AsyncIterator[tuple[Harness, Path]]:
    """A harness serving a copy of the shipped knowledge, with GUILD_ID as the editor guild."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(default_knowledge_dir(), knowledge, ignore=shutil.ignore_patterns("*.md"))
    options: dict[str, Any] = {
        "editor_guild_ids": frozenset({GUILD_ID}),
        "moderator_role_ids": frozenset({MODERATOR_ROLE_ID}),
        "knowledge_watch": False,
        "database_path": tmp_path / "careerbot.sqlite3",
        **settings,
    }
    async with running_harness(knowledge, load_knowledge(knowledge), **options) as harness:
        for guild_id in (GUILD_ID, OTHER_GUILD_ID):
            guild = payloads.guild(
                guild_id,
                f"guild {guild_id}",
                owner_id=int(ALICE["id"]) + 1,
                channels=[
                    payloads.text_channel(CHANNEL_ID if guild_id == GUILD_ID else guild_id + 1, guild_id, "c")
                ],
                roles=[
                    payloads.role(MODERATOR_ROLE_ID if guild_id == GUILD_ID else guild_id + 2, "moderator")
                ],
                members=[],
            )
            await harness.run(guild, "parse_guild_create")
        yield harness, knowledge


def _common(
    harness: Harness,
    user: Payload,
    guild_id: int | None,
) -> dict[str, Any]:
    common: dict[str, Any] = {
        "interaction_id": harness.snowflake(),
        "application_id": APPLICATION_ID,
        "token": f"token-{harness.snowflake()}",
        "invoker": user,
    }
    if guild_id is None:
        common["channel"] = payloads.dm_channel(harness.snowflake(), user)
    else:
        channel_id = CHANNEL_ID if guild_id == GUILD_ID else guild_id + 1
        common["channel"] = payloads.text_channel(channel_id, guild_id, "c")
        common["guild_id"] = guild_id
    return common


def _as_member(payload: Payload, roles: Sequence[int], permissions: int) -> Payload:
    if "member" in payload:
        payload["member"]["roles"] = [str(role) for role in roles]
        payload["member"]["permissions"] = str(permissions)
    return payload


async def faq(
    harness: Harness,
    command: str,
    options: Mapping[str, str | int] | None = None,
    *,
    user: Payload = ALICE,
    roles: Sequence[int] = (MODERATOR_ROLE_ID,),
    permissions: int = 0,
    guild_id: int | None = GUILD_ID,
    attachment: Payload | None = None,
) -> list[Sent]:
    """``/faq <command>`` ("synonym add" for the nested group), by default from a moderator."""
    option_list = [payloads.option(name, value) for name, value in (options or {}).items()]
    if attachment is not None:
        option_list.append({"name": "attachment", "type": OPTION_ATTACHMENT, "value": attachment["id"]})
    *group, sub = command.split()
    payload = payloads.slash_command_interaction(
        "faq", option_list, subcommand=sub, command_id=harness.snowflake(), **_common(harness, user, guild_id)
    )
    if group:
        payload["data"]["options"] = [
            {"name": group[0], "type": SUB_COMMAND_GROUP, "options": payload["data"]["options"]}
        ]
    if attachment is not None:
        payload["data"]["resolved"] = {"attachments": {attachment["id"]: attachment}}
    return await harness.run(_as_member(payload, roles, permissions), "parse_interaction_create")


async def submit_modal(
    harness: Harness, modal: Sent, values: Mapping[str, str], *, roles: Sequence[int] = (MODERATOR_ROLE_ID,)
) -> list[Sent]:
    """Submit a modal the bot opened: ``values`` by input label prefix, other inputs keep their default."""
    data = modal.body["data"]
    fields = {}
    for row in data["components"]:
        for text_input in row["components"]:
            chosen = next((v for label, v in values.items() if text_input["label"].startswith(label)), None)
            fields[text_input["custom_id"]] = chosen if chosen is not None else text_input.get("value") or ""
    payload = payloads.modal_submit_interaction(
        data["custom_id"], fields, **_common(harness, ALICE, GUILD_ID)
    )
    return await harness.run(_as_member(payload, roles, 0), "parse_interaction_create")


async def click(
    harness: Harness, sent: Sent, custom_id: str, *, values: Sequence[str] | None = None
) -> list[Sent]:
    """Click a component of a message the bot sent (a response or a follow-up), as a moderator."""
    message_id = sent.response.get("id") or harness.snowflake()
    message = payloads.message(
        int(message_id),
        CHANNEL_ID,
        payloads.user(APPLICATION_ID, "careerbot", bot=True),
        sent.content,
        guild_id=GUILD_ID,
        components=sent.message.get("components") or [],
        flags=64,
    )
    payload = payloads.component_interaction(
        custom_id, message=message, values=values, **_common(harness, ALICE, GUILD_ID)
    )
    return await harness.run(_as_member(payload, (MODERATOR_ROLE_ID,), 0), "parse_interaction_create")


def attachment_payload(harness: Harness, filename: str, data: bytes) -> Payload:
    attachment_id = str(harness.snowflake())
    return {
        "id": attachment_id,
        "filename": filename,
        "size": len(data),
        "url": f"https://cdn.example/attachments/{attachment_id}/{filename}",
        "proxy_url": f"https://media.example/attachments/{attachment_id}/{filename}",
        "content_type": "application/x-yaml",
    }


def serve_attachments(harness: Harness, files: dict[str, bytes]) -> None:
    """Answer the CDN downloads (``Attachment.read``) from ``files`` by URL: outgoing HTTP, captured."""

    async def get_from_cdn(url: str) -> bytes:
        return files[url]

    harness.bot.http.get_from_cdn = get_from_cdn  # type: ignore[method-assign]


async def log_question(harness: Harness, question: str, status: str = "unsure") -> None:
    """A question in the bot's log as if someone had asked it (unanswered unless ``status`` says so)."""
    await harness.bot.storage.record_question(
        user_id=1,
        guild_id=None,
        channel_id=None,
        via="dm",
        question=question,
        status=status,
        entry_id=None,
        score=0.1,
    )
