"""Driving the real CareerBot in-process: real Interaction objects through the real CommandTree and
ViewStore, with only the outgoing HTTP replaced, so nothing leaves the process.

Every interaction payload built here is checked against the Discord API shape it claims to be, and
every outgoing message payload is checked against Discord's limits; a violation fails the test.
"""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
import json
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import discord
from discord.webhook.async_ import async_context

from bot import limits
from bot.client import CareerBot
from bot.config import Settings
from bot.knowledge.models import KnowledgeSnapshot
from bot.service import AnswerService
from tests.support.fake_discord import payloads
from tests.support.fake_discord.payloads import Payload

APPLICATION_ID = 1_100_000_000_000_000_001
GUILD_ID = 1_100_000_000_000_000_002
CHANNEL_ID = 1_100_000_000_000_000_003
ASK_CHANNEL_ID = 1_100_000_000_000_000_004
BOT_USER = payloads.user(1_100_000_000_000_000_010, "careerbot", bot=True)
OWNER = payloads.user(1_100_000_000_000_000_011, "owner")
ALICE = payloads.user(1_100_000_000_000_000_012, "alice")
BOB = payloads.user(1_100_000_000_000_000_013, "bob")
OTHER_BOT = payloads.user(1_100_000_000_000_000_014, "otherbot", bot=True)

CALLBACK_REPLY = 4
CALLBACK_DEFER = 5
CALLBACK_UPDATE = 7
CALLBACK_AUTOCOMPLETE = 8
EPHEMERAL = 64


# ------------------------------------------------------------------------------------------- spec


class SpecViolation(AssertionError):
    pass


_INTERACTION_KEYS = {"id", "application_id", "type", "token", "version", "channel_id", "data"}
#: Discord's limits on a modal and its text inputs.
MODAL_TITLE = 45
TEXT_INPUT_LABEL = 45
TEXT_INPUT_LENGTH = 4000
TEXT_INPUT = 4
_OPTION_TYPES = {3: str, 4: int, 5: bool, 10: float}


def check_interaction(payload: Payload) -> Payload:
    """The parts of INTERACTION_CREATE that Discord always sends and discord.py reads."""
    missing = _INTERACTION_KEYS - payload.keys()
    if missing:
        raise SpecViolation(f"interaction lacks {sorted(missing)}")
    if ("member" in payload) == ("user" in payload):
        raise SpecViolation("an interaction has either member (in a guild) or user (in a DM)")
    if "member" in payload and ("guild_id" not in payload or "user" not in payload["member"]):
        raise SpecViolation("a guild interaction has guild_id and member.user")
    data = payload["data"]
    if payload["type"] in (2, 4):
        if not {"id", "name", "type"} <= data.keys():
            raise SpecViolation("command data has id, name and type")
        for option in data.get("options", []):
            expected = _OPTION_TYPES.get(option["type"])
            if expected is None or not isinstance(option["value"], expected):
                raise SpecViolation(f"option {option['name']!r} has a value of the wrong type")
        if payload["type"] == 4 and sum(bool(o.get("focused")) for o in data.get("options", [])) != 1:
            raise SpecViolation("an autocomplete interaction has exactly one focused option")
    elif payload["type"] == 3:
        if not {"custom_id", "component_type"} <= data.keys() or "message" not in payload:
            raise SpecViolation("a component interaction has data.custom_id, data.component_type and message")
        if (data["component_type"] == 3) != ("values" in data):
            raise SpecViolation("select interactions (and only they) carry values")
        if not _has_component(payload["message"].get("components", []), data["custom_id"]):
            raise SpecViolation(f"the message has no component {data['custom_id']!r}")
    return payload


def _has_component(rows: Sequence[Payload], custom_id: str) -> bool:
    return any(child.get("custom_id") == custom_id for row in rows for child in row.get("components", []))


def check_message_payload(body: Payload) -> None:
    """Discord's limits on a message (or an interaction response's data): what it would reject."""
    content = body.get("content") or ""
    problems = []
    if len(content) > limits.CONTENT:
        problems.append(f"content has {len(content)} characters")
    embeds = [discord.Embed.from_dict(e) for e in body.get("embeds") or []]
    problems += [p for e in embeds for p in _embed_problems(e)]
    if sum(map(len, embeds)) > limits.EMBEDS_TOTAL:
        problems.append(f"embeds total {sum(map(len, embeds))} characters")
    if "title" in body and len(body["title"]) > MODAL_TITLE:
        problems.append(f"modal title has {len(body['title'])} characters")
    rows = body.get("components") or []
    if len(rows) > 5:
        problems.append(f"{len(rows)} component rows")
    for row in rows:
        problems += _row_problems(row)
    if "allowed_mentions" in body and body["allowed_mentions"].get("parse") != []:
        problems.append(f"allowed_mentions {body['allowed_mentions']} may ping")
    if problems:
        raise SpecViolation("; ".join(problems))


def _embed_problems(embed: discord.Embed) -> list[str]:
    checks = [
        ("title", len(embed.title or ""), limits.EMBED_TITLE),
        ("description", len(embed.description or ""), limits.EMBED_DESCRIPTION),
        ("fields", len(embed.fields), limits.EMBED_FIELDS),
        ("footer", len(embed.footer.text or ""), limits.FOOTER),
    ]
    for field in embed.fields:
        checks += [("field name", len(field.name or ""), limits.FIELD_NAME)]
        checks += [("field value", len(field.value or ""), limits.FIELD_VALUE)]
        if not field.name or not field.value:
            checks += [("empty field", 1, 0)]
    return [f"embed {what} {size} > {limit}" for what, size, limit in checks if size > limit]


def _row_problems(row: Payload) -> list[str]:
    children = row.get("components", [])
    problems = [] if row.get("type") == 1 and 1 <= len(children) <= 5 else [f"bad action row {row}"]
    for child in children:
        if len(child.get("custom_id", "")) > limits.CUSTOM_ID:
            problems.append(f"custom_id {child['custom_id']!r} too long")
        if child["type"] == 2 and not 0 < len(child.get("label") or "x") <= limits.BUTTON_LABEL:
            problems.append(f"button label {child.get('label')!r}")
        if child["type"] == 3:
            options = child.get("options", [])
            if not 1 <= len(options) <= limits.SELECT_OPTIONS or len(children) != 1:
                problems.append(f"select with {len(options)} options in a row of {len(children)}")
            for option in options:
                if not 0 < len(option["label"]) <= limits.SELECT_OPTION_LABEL:
                    problems.append(f"option label {option['label']!r}")
                if not 0 < len(option["value"]) <= limits.SELECT_OPTION_VALUE:
                    problems.append(f"option value {option['value']!r}")
        if child["type"] == TEXT_INPUT:
            problems += _text_input_problems(child)
    return problems


def _text_input_problems(text_input: Payload) -> list[str]:
    label = text_input.get("label") or ""
    max_length = text_input.get("max_length", TEXT_INPUT_LENGTH)
    value = text_input.get("value") or ""
    checks = [
        ("label", len(label), TEXT_INPUT_LABEL),
        ("max_length", max_length, TEXT_INPUT_LENGTH),
        ("value", len(value), max_length),
    ]
    return [f"text input {label!r}: {what} {size} > {limit}" for what, size, limit in checks if size > limit]


def check_choices(body: Payload) -> None:
    choices = body["data"]["choices"]
    if len(choices) > limits.CHOICES:
        raise SpecViolation(f"{len(choices)} autocomplete choices")
    for choice in choices:
        if not 1 <= len(choice["name"]) <= limits.CHOICE_NAME or not 1 <= len(choice["value"]) <= 100:
            raise SpecViolation(f"bad choice {choice}")


# -------------------------------------------------------------------------------------- capture


@dataclasses.dataclass
class Sent:
    """One outgoing request: the route template (``/channels/{channel_id}/messages``), its body, files."""

    method: str
    path: str
    url: str
    body: Payload
    files: list[tuple[str, bytes]]
    response: Payload

    @property
    def is_callback(self) -> bool:
        return self.path.endswith("/callback")

    @property
    def callback_type(self) -> int:
        assert self.is_callback, self
        return int(self.body["type"])

    @property
    def message(self) -> Payload:
        """The message part: a callback's data, otherwise the body itself."""
        return (self.body.get("data") or {}) if self.is_callback else self.body

    @property
    def content(self) -> str:
        return self.message.get("content") or ""

    @property
    def embeds(self) -> list[Payload]:
        return self.message.get("embeds") or []

    @property
    def ephemeral(self) -> bool:
        return bool(int(self.message.get("flags") or 0) & EPHEMERAL)

    def custom_ids(self) -> list[str]:
        return [c["custom_id"] for row in self.message.get("components") or [] for c in row["components"]]

    def component(self, custom_id: str) -> Payload:
        rows = self.message.get("components") or []
        return next(c for row in rows for c in row["components"] if c.get("custom_id") == custom_id)


class Capture:
    """Replaces ``bot.http.request`` and the webhook adapter's ``request`` (interaction callbacks,
    follow-ups); records each request and answers it as Discord would."""

    def __init__(self) -> None:
        self.sent: list[Sent] = []
        self.violations: list[SpecViolation] = []
        self._ids = itertools.count(1_200_000_000_000_000_000)

    async def http_request(
        self, route: discord.http.Route, *, files: Any = None, form: Any = None, **kwargs: Any
    ):
        body = kwargs.get("json") or {}
        if form:
            body = json.loads(next(part["value"] for part in form if part["name"] == "payload_json"))
        return self._record(route, body, files)

    async def webhook_request(
        self,
        route: Any,
        session: Any,
        *,
        payload: Any = None,
        multipart: Any = None,
        files: Any = None,
        **_: Any,
    ):
        body = payload or {}
        if multipart:
            body = json.loads(next(part["value"] for part in multipart if part["name"] == "payload_json"))
        return self._record(route, body, files)

    def _record(self, route: Any, body: Payload, files: Any) -> Payload:
        recorded_files = [
            (f.filename, f.fp.getvalue() if hasattr(f.fp, "getvalue") else b"") for f in files or []
        ]
        path = route.path
        message = body.get("data") if path.endswith("/callback") else body
        try:
            if message and route.method in ("POST", "PATCH") and "choices" not in message:
                check_message_payload(message)
            if path.endswith("/callback") and body.get("type") == CALLBACK_AUTOCOMPLETE:
                check_choices(body)
        except SpecViolation as violation:
            self.violations.append(violation)
            raise
        response = self._response(route, body)
        self.sent.append(Sent(route.method, path, route.url, body, recorded_files, response))
        return response

    def _response(self, route: Any, body: Payload) -> Payload:
        if route.path.endswith("/callback"):
            return {"interaction": {"id": str(route.webhook_id), "type": 2}}
        if route.method in ("POST", "PATCH") and ("messages" in route.path or "webhooks" in route.path):
            channel_id = getattr(route, "channel_id", None) or CHANNEL_ID
            return {
                **payloads.message(next(self._ids), channel_id, BOT_USER, body.get("content") or ""),
                "embeds": body.get("embeds") or [],
                "components": body.get("components") or [],
                "flags": body.get("flags") or 0,
            }
        return {}


# ------------------------------------------------------------------------------------------ bot


def settings_for(tmp_path: Path, **overrides: Any) -> Settings:
    base: dict[str, Any] = {
        "database_path": tmp_path / "careerbot.sqlite3",
        "owner_ids": frozenset({int(OWNER["id"])}),
        "ask_channel_ids": frozenset({ASK_CHANNEL_ID}),
    }
    return Settings(**(base | overrides))


class Harness:
    """A CareerBot with every extension loaded, its outgoing HTTP captured."""

    def __init__(self, bot: CareerBot, capture: Capture) -> None:
        self.bot = bot
        self.capture = capture
        self._snowflakes = itertools.count(1_300_000_000_000_000_000)

    def snowflake(self) -> int:
        return next(self._snowflakes)

    async def run(self, payload: Payload, parse: str) -> list[Sent]:
        """Dispatch a gateway event as discord.py does and wait for everything it started to finish."""
        before = len(self.capture.sent)
        baseline = asyncio.all_tasks()
        getattr(self.bot._connection, parse)(payload)
        while pending := [
            t for t in asyncio.all_tasks() - baseline if not t.done() and not _is_view_timer(t)
        ]:
            await asyncio.wait(pending)
        return self.capture.sent[before:]

    def _interaction(self, kind: str, user: Payload, in_dm: bool, **fields: Any) -> Payload:
        common: dict[str, Any] = {
            "interaction_id": self.snowflake(),
            "application_id": APPLICATION_ID,
            "token": f"token-{self.snowflake()}",
            "invoker": user,
        }
        if in_dm:
            common["channel"] = payloads.dm_channel(self.snowflake(), user)
        else:
            common["channel"] = payloads.text_channel(CHANNEL_ID, GUILD_ID, "careers")
            common["guild_id"] = GUILD_ID
        builder = getattr(payloads, kind)
        return check_interaction(builder(**fields, **common))

    async def slash(
        self,
        name: str,
        options: Mapping[str, str | int | bool] | None = None,
        *,
        user: Payload = ALICE,
        in_dm: bool = False,
        focused: str | None = None,
    ) -> list[Sent]:
        payload = self._interaction(
            "slash_command_interaction",
            user,
            in_dm,
            name=name,
            options=options or {},
            command_id=self.snowflake(),
            focused=focused,
        )
        return await self.run(payload, "parse_interaction_create")

    async def autocomplete(self, name: str, options: Mapping[str, str], focused: str) -> list[Payload]:
        (sent,) = await self.slash(name, options, focused=focused)
        assert sent.callback_type == CALLBACK_AUTOCOMPLETE
        return sent.body["data"]["choices"]

    async def click(
        self,
        custom_id: str,
        message: Payload,
        *,
        values: Sequence[str] | None = None,
        user: Payload = ALICE,
        in_dm: bool = False,
    ) -> list[Sent]:
        payload = self._interaction(
            "component_interaction", user, in_dm, custom_id=custom_id, message=message, values=values
        )
        return await self.run(payload, "parse_interaction_create")

    async def say(
        self,
        content: str,
        *,
        author: Payload = ALICE,
        mention: bool = True,
        in_dm: bool = False,
        channel_id: int = CHANNEL_ID,
    ) -> list[Sent]:
        """A MESSAGE_CREATE; ``mention`` prefixes the bot's mention as Discord's client does."""
        mentions = [BOT_USER] if mention else []
        text = f"<@{BOT_USER['id']}> {content}" if mention else content
        message_id = self.snowflake()
        if in_dm:
            payload = payloads.message(message_id, self.snowflake(), author, text, mentions=mentions)
        else:
            payload = payloads.message(
                message_id,
                channel_id,
                author,
                text,
                guild_id=GUILD_ID,
                author_member=payloads.member(author),
                mentions=mentions,
            )
        return await self.run(payload, "parse_message_create")

    def message_for(self, sent: Sent, *, asker: Payload | None = ALICE) -> Payload:
        """The message a reply created, as a component interaction carries it, with who asked: the
        slash invoker (interaction_metadata) or the author of the message it replies to."""
        body = sent.message
        message = payloads.message(
            self.snowflake(),
            CHANNEL_ID,
            BOT_USER,
            body.get("content") or "",
            guild_id=GUILD_ID,
            embeds=body.get("embeds") or [],
            components=body.get("components") or [],
            flags=int(body.get("flags") or 0),
        )
        if asker is not None and sent.is_callback:
            message["interaction_metadata"] = {
                "id": str(self.snowflake()),
                "type": 2,
                "user": asker,
                "authorizing_integration_owners": {"0": str(GUILD_ID)},
            }
        elif asker is not None:
            message["type"] = 19
            asked = payloads.message(self.snowflake(), CHANNEL_ID, asker, "question", guild_id=GUILD_ID)
            message["message_reference"] = {"message_id": asked["id"], "channel_id": str(CHANNEL_ID)}
            message["referenced_message"] = asked
        return message


def _is_view_timer(task: asyncio.Task[Any]) -> bool:
    """discord.py gives the view of an ephemeral response a 15-minute timer (the token's lifetime)."""
    return task.get_coro().__qualname__.endswith("__timeout_task_impl")


@asynccontextmanager
async def running_harness(
    tmp_path: Path, snapshot: KnowledgeSnapshot, **settings: Any
) -> AsyncIterator[Harness]:
    capture = Capture()
    adapter = async_context.get()
    original_webhook_request = adapter.request
    adapter.request = capture.webhook_request  # type: ignore[method-assign]
    try:
        service = AnswerService(tmp_path, snapshot)
        async with CareerBot(settings_for(tmp_path, **settings), service, sync_dev_guild=False) as bot:
            bot.http.request = capture.http_request  # type: ignore[method-assign]
            bot._connection.user = discord.ClientUser(state=bot._connection, data=BOT_USER)
            bot._connection.application_id = APPLICATION_ID
            await bot.setup_hook()
            yield Harness(bot, capture)
        assert not capture.violations, capture.violations
    finally:
        adapter.request = original_webhook_request  # type: ignore[method-assign]
