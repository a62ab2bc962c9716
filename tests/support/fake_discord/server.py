"""A fake Discord on 127.0.0.1 that the real discord.py client can log in to.

It serves REST under `/api/v10` and a gateway websocket at `/gateway`, records every REST request,
and lets a test push gateway events, inject 429s and errors, and drop the gateway connection.
See README.md beside this file for a walkthrough.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import secrets
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Self

from aiohttp import BodyPartReader, WSMsgType, web

from tests.support.fake_discord import payloads
from tests.support.fake_discord.payloads import Payload

API_PREFIX = "/api/v10"
DEFAULT_TIMEOUT = 10.0

# Interaction callback types, https://discord.com/developers/docs/interactions/receiving-and-responding
CALLBACK_CHANNEL_MESSAGE = 4
CALLBACK_DEFERRED_CHANNEL_MESSAGE = 5
CALLBACK_DEFERRED_UPDATE_MESSAGE = 6
CALLBACK_UPDATE_MESSAGE = 7
CALLBACK_AUTOCOMPLETE_RESULT = 8
CALLBACK_MODAL = 9

# Gateway opcodes
OP_DISPATCH = 0
OP_HEARTBEAT = 1
OP_IDENTIFY = 2
OP_RESUME = 6
OP_RECONNECT = 7
OP_INVALID_SESSION = 9
OP_HELLO = 10
OP_HEARTBEAT_ACK = 11


@dataclass(frozen=True)
class RecordedFile:
    field_name: str
    filename: str | None
    content_type: str
    data: bytes


@dataclass
class RecordedRequest:
    """One REST call as the fake received it. `path` excludes `/api/v10` and the query string;
    `json` is the JSON body, or the `payload_json` part of a multipart upload (files in `files`)."""

    index: int
    method: str
    path: str
    query: dict[str, str]
    json: Any
    files: list[RecordedFile]
    headers: dict[str, str]
    route: str | None = None
    params: dict[str, str] = field(default_factory=dict)
    status: int = 0

    @property
    def content(self) -> str | None:
        return self.json.get("content") if isinstance(self.json, dict) else None

    @property
    def embeds(self) -> list[Payload]:
        if not isinstance(self.json, dict):
            return []
        return list(self.json.get("embeds") or [])

    @property
    def callback_data(self) -> Payload:
        """For an interaction callback, the message data inside it (empty for a bare defer)."""
        if not isinstance(self.json, dict):
            return {}
        return self.json.get("data") or {}

    def __str__(self) -> str:
        return f"#{self.index} {self.method} {self.path} -> {self.status}"


@dataclass
class _Injection:
    method: str
    pattern: re.Pattern[str]
    remaining: int
    status: int
    body: Payload
    headers: dict[str, str]


@dataclass
class _Session:
    session_id: str
    shard_id: int
    shard_count: int
    sequence: int = 0
    events: list[Payload] = field(default_factory=list)
    socket: web.WebSocketResponse | None = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


Handler = Callable[[RecordedRequest], Awaitable[tuple[int, Any]]]


def _compile(pattern: str) -> re.Pattern[str]:
    """`/channels/{channel_id}/messages` -> a regex capturing channel_id; `{name}` matches one segment."""
    parts = re.split(r"\{(\w+)\}", pattern)
    regex = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>[^/]+)" for i, part in enumerate(parts))
    return re.compile(f"^{regex}$")


def _json_response(status: int, body: Any, headers: Mapping[str, str] | None = None) -> web.Response:
    # Exactly "application/json": with "; charset=utf-8" discord.py reads the body as text.
    if status == 204:
        return web.Response(status=204, headers=dict(headers or {}))
    return web.Response(
        status=status,
        body=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", **(headers or {})},
    )


def _error(status: int, code: int, message: str) -> tuple[int, Payload]:
    return status, {"code": code, "message": message}


def _interaction_metadata(interaction: Payload) -> Payload:
    """What Discord attaches to a message sent in response to `interaction`: who invoked it."""
    invoker = interaction["member"]["user"] if "member" in interaction else interaction["user"]
    owners = {"0": interaction["guild_id"]} if "guild_id" in interaction else {"1": invoker["id"]}
    return {
        "id": interaction["id"],
        "type": interaction["type"],
        "user": invoker,
        "authorizing_integration_owners": owners,
    }


class FakeDiscord:
    """An in-process Discord: `async with FakeDiscord() as fake:` serves it on a free local port.

    The world is one guild (`guild_id`) with a text channel (`channel_id`), the bot (`bot_user`),
    a member `user` ("alice"), a second member `other_user` ("bob") and the `owner` of the
    application, each also a guild member. Point the client at it with `fake.api_base` and
    `fake.gateway_url` (see `bot.client.discord_endpoints`).
    """

    token = "fake-token.for-tests.only"

    def __init__(self, *, shard_count: int = 1, heartbeat_interval_ms: int = 41_250) -> None:
        self.snowflake = payloads.SnowflakeFactory()
        self.shard_count = shard_count
        self.heartbeat_interval_ms = heartbeat_interval_ms

        self.application_id = self.snowflake()
        self.bot_user = payloads.user(self.application_id, "careerbot", bot=True)
        self.owner = payloads.user(self.snowflake(), "owner")
        self.user = payloads.user(self.snowflake(), "alice")
        self.other_user = payloads.user(self.snowflake(), "bob")
        self.guild_id = self.snowflake()
        self.channel_id = self.snowflake()
        self.moderator_role_id = self.snowflake()
        self.bot_role_id = self.snowflake()
        self.channel = payloads.text_channel(self.channel_id, self.guild_id, "career-advice")
        # Two forums: `forum_id` ("questions", with a Solved tag) and `other_forum_id` ("showcase").
        self.forum_id = self.snowflake()
        self.other_forum_id = self.snowflake()
        self.solved_tag_id = self.snowflake()
        self.forums = {
            self.forum_id: payloads.forum_channel(
                self.forum_id,
                self.guild_id,
                "questions",
                tags=[
                    payloads.forum_tag(self.snowflake(), "Career"),
                    payloads.forum_tag(self.solved_tag_id, "Solved"),
                ],
                position=1,
            ),
            self.other_forum_id: payloads.forum_channel(
                self.other_forum_id, self.guild_id, "showcase", position=2
            ),
        }
        #: Forum posts (public threads) by id, as `open_forum_post` created them and PATCHes changed them.
        self.threads: dict[int, Payload] = {}
        self.members = {
            int(self.bot_user["id"]): payloads.member(self.bot_user, roles=[self.bot_role_id]),
            int(self.owner["id"]): payloads.member(self.owner),
            int(self.user["id"]): payloads.member(self.user),
            int(self.other_user["id"]): payloads.member(self.other_user, roles=[self.moderator_role_id]),
        }
        self.roles = [
            payloads.role(self.moderator_role_id, "moderator", position=1),
            payloads.role(self.bot_role_id, "careerbot", position=2, bot_id=self.application_id),
        ]

        self.requests: list[RecordedRequest] = []
        self.unhandled: list[RecordedRequest] = []
        self.identifies: list[Payload] = []
        self.resumes: list[Payload] = []
        self.gateway_connections = 0
        self.messages: dict[int, Payload] = {}
        self.global_commands: list[Payload] = []
        self.guild_commands: dict[int, list[Payload]] = {}
        self.interaction_messages: dict[str, int] = {}
        self._interactions: dict[str, Payload] = {}
        #: Discord's rule that an interaction is answered (reply, defer or modal) within 3 seconds of
        #: being sent, enforced when set: a later callback gets 404 "Unknown interaction" (10062), as
        #: it does from Discord, and is kept in `late_callbacks`. A second callback gets 400 (40060).
        self.interaction_deadline: float | None = None
        self.late_callbacks: list[RecordedRequest] = []
        self._dispatched_at: dict[str, float] = {}
        self._acknowledged: set[str] = set()

        self._dm_channels: dict[int, int] = {}
        self._sessions: dict[str, _Session] = {}
        self._live: dict[int, _Session] = {}
        self._injections: list[_Injection] = []
        self._overrides: list[tuple[str, re.Pattern[str], Handler]] = []
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = []
        self._changed: asyncio.Condition | None = None
        self._runner: web.AppRunner | None = None
        self._sockets: set[web.WebSocketResponse] = set()
        self._tokens = itertools.count(1)
        self._install_routes()
        self.port = 0

    # ----------------------------------------------------------------- lifecycle

    async def __aenter__(self) -> Self:
        self._changed = asyncio.Condition()
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None and server.sockets
        self.port = server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        for socket in list(self._sockets):
            await socket.close(code=1001)
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    # ----------------------------------------------------------------- waiting

    async def _notify(self) -> None:
        assert self._changed is not None
        async with self._changed:
            self._changed.notify_all()

    async def wait_until(
        self, predicate: Callable[[], Any], *, timeout: float = DEFAULT_TIMEOUT, describe: str = "condition"
    ) -> Any:
        """Wait until `predicate()` is truthy (re-checked whenever the fake sees traffic) and return it."""
        assert self._changed is not None
        try:
            async with asyncio.timeout(timeout):
                async with self._changed:
                    return await self._changed.wait_for(predicate)
        except TimeoutError:
            seen = "\n".join(f"  {request}" for request in self.requests[-20:]) or "  (none)"
            raise AssertionError(
                f"Timed out after {timeout}s waiting for {describe}. Requests:\n{seen}"
            ) from None

    def find_requests(
        self,
        method: str,
        path: str,
        *,
        since: int = 0,
        where: Callable[[RecordedRequest], bool] | None = None,
    ) -> list[RecordedRequest]:
        """Recorded requests matching `method` and `path` (a `{name}` pattern), from index `since`."""
        pattern = _compile(path)
        return [
            request
            for request in self.requests[since:]
            if request.method == method.upper()
            and pattern.match(request.path)
            and (where is None or where(request))
        ]

    async def wait_for_request(
        self,
        method: str,
        path: str,
        *,
        since: int = 0,
        where: Callable[[RecordedRequest], bool] | None = None,
        status: int | None = 200,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> RecordedRequest:
        """The first request matching `method`/`path` from index `since` (wait for it if needed).

        By default only a request the fake answered with 200/204 counts, so a 429 that discord.py
        will retry is skipped; pass `status=None` for any status or a code to match exactly.
        """

        def accepted(request: RecordedRequest) -> bool:
            if status == 200 and request.status not in (200, 204):
                return False
            if status not in (None, 200) and request.status != status:
                return False
            return where is None or where(request)

        def first() -> RecordedRequest | None:
            found = self.find_requests(method, path, since=since, where=accepted)
            return found[0] if found else None

        return await self.wait_until(first, timeout=timeout, describe=f"{method} {path} (since #{since})")

    @property
    def cursor(self) -> int:
        """The index the next recorded request will have; pass it as `since=` to ignore older ones."""
        return len(self.requests)

    # ----------------------------------------------------------------- REST control

    def rate_limit(
        self, method: str, path: str, *, times: int = 1, retry_after: float = 0.05, is_global: bool = False
    ) -> None:
        """Answer the next `times` requests matching `method`/`path` with a 429 carrying `retry_after`.

        The response has a `Via` header like Discord's (discord.py treats a 429 without it as a
        Cloudflare ban and gives up) and `X-RateLimit-Scope`."""
        self.fail(
            method,
            path,
            times=times,
            status=429,
            body={"message": "You are being rate limited.", "retry_after": retry_after, "global": is_global},
            headers={
                "Via": "1.1 google",
                "Retry-After": str(max(1, round(retry_after))),
                "X-RateLimit-Scope": "global" if is_global else "user",
            },
        )

    def fail(
        self,
        method: str,
        path: str,
        *,
        times: int = 1,
        status: int = 500,
        body: Payload | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        """Answer the next `times` requests matching `method`/`path` with `status` and `body`.

        For example `fake.fail("POST", "/channels/{channel_id}/messages", status=403,
        body={"code": 50013, "message": "Missing Permissions"})`."""
        self._injections.append(
            _Injection(
                method.upper(),
                _compile(path),
                times,
                status,
                body if body is not None else {"code": 0, "message": f"Injected {status}"},
                dict(headers or {}),
            )
        )

    def respond(self, method: str, path: str, handler: Handler) -> None:
        """Serve `method`/`path` with `handler(request) -> (status, json_body)`, ahead of built-in routes."""
        self._overrides.append((method.upper(), _compile(path), handler))

    # ----------------------------------------------------------------- gateway control

    def shard_for(self, guild_id: int | None) -> int:
        if guild_id is None:
            return 0
        return (guild_id >> 22) % self.shard_count

    def is_connected(self, shard_id: int = 0) -> bool:
        session = self._live.get(shard_id)
        return session is not None and session.socket is not None and not session.socket.closed

    async def wait_for_connection(self, shard_id: int = 0, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        await self.wait_until(
            lambda: self.is_connected(shard_id), timeout=timeout, describe=f"shard {shard_id} to be connected"
        )

    async def dispatch(
        self, event: str, data: Payload, *, shard_id: int | None = None, timeout: float = DEFAULT_TIMEOUT
    ) -> int:
        """Send a gateway DISPATCH to the bot and return `cursor` as it was just before.

        Waits (up to `timeout`) for the shard to be connected, so it is safe right after a reconnect.
        The shard defaults to the one owning `data["guild_id"]`."""
        if shard_id is None:
            guild_id = data.get("guild_id")
            shard_id = self.shard_for(int(guild_id) if guild_id is not None else None)
        await self.wait_for_connection(shard_id, timeout=timeout)
        session = self._live[shard_id]
        cursor = self.cursor
        if event == "INTERACTION_CREATE":
            self._interactions[data["token"]] = data
            self._dispatched_at[str(data["id"])] = asyncio.get_running_loop().time()
        await self._send_dispatch(session, event, data)
        return cursor

    async def close_gateway(self, shard_id: int = 0, *, code: int = 4000) -> None:
        """Close the shard's socket with `code`; the session stays resumable (4000 = unknown error,
        which discord.py answers with RESUME). Codes 4004 and 4010-4014 are fatal for discord.py."""
        session = self._live.get(shard_id)
        if session is not None and session.socket is not None:
            socket, session.socket = session.socket, None
            await socket.close(code=code)
            await self._notify()

    async def invalidate_session(self, shard_id: int = 0, *, resumable: bool = False) -> None:
        """Send INVALID_SESSION; unless `resumable`, the session is forgotten and the bot must IDENTIFY."""
        session = self._live.get(shard_id)
        if session is None or session.socket is None:
            return
        if not resumable:
            self._sessions.pop(session.session_id, None)
        await session.socket.send_str(json.dumps({"op": OP_INVALID_SESSION, "d": resumable}))

    async def request_reconnect(self, shard_id: int = 0) -> None:
        """Send RECONNECT (op 7): the bot closes the socket and resumes."""
        session = self._live.get(shard_id)
        if session is not None and session.socket is not None:
            await session.socket.send_str(json.dumps({"op": OP_RECONNECT, "d": None}))

    # ----------------------------------------------------------------- payload shortcuts

    def guild_payload(self) -> Payload:
        return payloads.guild(
            self.guild_id,
            "AI Careers",
            owner_id=int(self.owner["id"]),
            channels=[self.channel, *self.forums.values()],
            roles=self.roles,
            members=list(self.members.values()),
        )

    def message_from(
        self,
        content: str,
        *,
        author: Payload | None = None,
        mention_bot: bool = False,
        mention_bot_role: bool = False,
        mentions: Sequence[Payload] = (),
        in_dm: bool = False,
        channel_id: int | None = None,
    ) -> Payload:
        """A MESSAGE_CREATE from `author` (default `user`) in the guild channel, or a DM with `in_dm`.
        `mention_bot` prefixes `<@bot>` to the content and lists the bot in mentions, like a real
        mention; then discord.py delivers the text even without the message-content intent.
        `mention_bot_role` prefixes a mention of the bot's managed role `<@&bot_role_id>` instead."""
        author = author if author is not None else self.user
        mentioned = list(mentions)
        mentioned_roles = [self.bot_role_id] if mention_bot_role else []
        if mention_bot:
            content = f"<@{self.bot_user['id']}> {content}"
            mentioned.insert(0, self.bot_user)
        if mention_bot_role:
            content = f"<@&{self.bot_role_id}> {content}"
        if in_dm:
            return payloads.message(
                self.snowflake(),
                channel_id or self.dm_channel_id(author),
                author,
                content,
                mentions=mentioned,
            )
        return payloads.message(
            self.snowflake(),
            channel_id or self.channel_id,
            author,
            content,
            guild_id=self.guild_id,
            author_member=self.members.get(int(author["id"])),
            mentions=[payloads.mention(u, self.members.get(int(u["id"]))) for u in mentioned],
            mention_roles=mentioned_roles,
        )

    def forum_post(
        self, title: str, content: str, *, author: Payload | None = None, forum_id: int | None = None
    ) -> tuple[Payload, Payload]:
        """A new post in a forum (default `forum_id`): the THREAD_CREATE payload of its public thread and
        the MESSAGE_CREATE of its starter message, which has the thread's id. Not dispatched yet."""
        author = author if author is not None else self.user
        thread_id = self.snowflake()
        thread = payloads.public_thread(
            thread_id, self.guild_id, forum_id or self.forum_id, int(author["id"]), title
        )
        self.threads[thread_id] = thread
        starter = payloads.message(
            thread_id,
            thread_id,
            author,
            content,
            guild_id=self.guild_id,
            author_member=self.members.get(int(author["id"])),
        )
        return thread, starter

    async def open_forum_post(
        self, title: str, content: str, *, author: Payload | None = None, forum_id: int | None = None
    ) -> tuple[int, int]:
        """Post in a forum as Discord delivers it: THREAD_CREATE (newly created), then the starter
        message. Returns (the cursor before, the thread's id)."""
        thread, starter = self.forum_post(title, content, author=author, forum_id=forum_id)
        cursor = await self.dispatch("THREAD_CREATE", {**thread, "newly_created": True})
        await self.dispatch("MESSAGE_CREATE", starter)
        return cursor, int(thread["id"])

    def dm_channel_id(self, recipient: Payload) -> int:
        """The DM channel id between the bot and `recipient`, the same on every call."""
        user_id = int(recipient["id"])
        if user_id not in self._dm_channels:
            self._dm_channels[user_id] = self.snowflake()
        return self._dm_channels[user_id]

    def _interaction_common(
        self, invoker: Payload | None, in_dm: bool, channel_id: int | None = None
    ) -> dict[str, Any]:
        invoker = invoker if invoker is not None else self.user
        token = f"interaction-token-{next(self._tokens)}"
        common: dict[str, Any] = {
            "interaction_id": self.snowflake(),
            "application_id": self.application_id,
            "token": token,
            "invoker": invoker,
        }
        if in_dm:
            common["channel"] = payloads.dm_channel(self.dm_channel_id(invoker), invoker)
        else:
            common["channel"] = self._channel_payload(channel_id or self.channel_id) or self.channel
            common["guild_id"] = self.guild_id
            common["invoker_member"] = self.members.get(int(invoker["id"]))
        return common

    def slash_command(
        self,
        name: str,
        options: Mapping[str, str | int | float | bool] | Sequence[Payload] = (),
        *,
        invoker: Payload | None = None,
        in_dm: bool = False,
        subcommand: str | None = None,
        focused: str | None = None,
    ) -> Payload:
        """An INTERACTION_CREATE for `/name option:value ...` (autocomplete when `focused` is set)."""
        return payloads.slash_command_interaction(
            name,
            options,
            command_id=self._command_id(name),
            subcommand=subcommand,
            focused=focused,
            **self._interaction_common(invoker, in_dm),
        )

    def component(
        self,
        custom_id: str,
        *,
        message: Payload | None = None,
        values: Sequence[str] | None = None,
        invoker: Payload | None = None,
        in_dm: bool = False,
    ) -> Payload:
        """A button click (or select choice with `values`) on `message` (default: the last message the
        bot sent), in the channel (or thread) the message is in."""
        if message is None:
            if not self.messages:
                raise AssertionError("component() needs a message: the bot has sent none yet")
            message = self.messages[max(self.messages)]
        channel_id = int(message["channel_id"]) if not in_dm else None
        return payloads.component_interaction(
            custom_id, message=message, values=values, **self._interaction_common(invoker, in_dm, channel_id)
        )

    def modal_submit(
        self,
        custom_id: str,
        fields: Mapping[str, str],
        *,
        invoker: Payload | None = None,
        in_dm: bool = False,
    ) -> Payload:
        return payloads.modal_submit_interaction(
            custom_id, fields, **self._interaction_common(invoker, in_dm)
        )

    async def interact(self, interaction: Payload, *, timeout: float = DEFAULT_TIMEOUT) -> RecordedRequest:
        """Dispatch an INTERACTION_CREATE and return the bot's callback request (reply, defer, modal...)."""
        cursor = await self.dispatch("INTERACTION_CREATE", interaction, timeout=timeout)
        return await self.wait_for_request(
            "POST",
            "/interactions/{interaction_id}/{token}/callback",
            since=cursor,
            where=lambda request: request.params["interaction_id"] == interaction["id"],
            timeout=timeout,
        )

    def _command_id(self, name: str) -> int:
        synced = self.global_commands + [c for cs in self.guild_commands.values() for c in cs]
        for command in synced:
            if command["name"] == name:
                return int(command["id"])
        return self.snowflake()

    # ----------------------------------------------------------------- gateway server

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await socket.prepare(request)
        self._sockets.add(socket)
        self.gateway_connections += 1
        session: _Session | None = None
        try:
            await socket.send_str(
                json.dumps({"op": OP_HELLO, "d": {"heartbeat_interval": self.heartbeat_interval_ms}})
            )
            async for message in socket:
                if message.type is not WSMsgType.TEXT:
                    continue
                packet = json.loads(message.data)
                op = packet.get("op")
                if op == OP_HEARTBEAT:
                    await socket.send_str(json.dumps({"op": OP_HEARTBEAT_ACK}))
                elif op == OP_IDENTIFY:
                    session = await self._identify(socket, packet["d"])
                elif op == OP_RESUME:
                    session = await self._resume(socket, packet["d"])
        finally:
            self._sockets.discard(socket)
            if session is not None and session.socket is socket:
                session.socket = None
            await self._notify()
        return socket

    async def _identify(self, socket: web.WebSocketResponse, data: Payload) -> _Session | None:
        self.identifies.append(data)
        if data.get("token") != self.token:
            await socket.close(code=4004, message=b"Authentication failed.")
            return None
        shard_id, shard_count = data.get("shard", [0, 1])
        session = _Session(secrets.token_hex(16), shard_id, shard_count)
        self._sessions[session.session_id] = session
        self._live[shard_id] = session
        owns_guild = self.shard_for(self.guild_id) == shard_id
        ready = {
            "v": 10,
            "user": {**self.bot_user, "verified": True, "mfa_enabled": False, "flags": 0},
            "guilds": [{"id": str(self.guild_id), "unavailable": True}] if owns_guild else [],
            "session_id": session.session_id,
            "resume_gateway_url": self.gateway_url,
            "shard": [shard_id, shard_count],
            "application": {"id": str(self.application_id), "flags": 0},
        }
        async with session.lock:
            session.socket = socket
        await self._send_dispatch(session, "READY", ready)
        if owns_guild:
            await self._send_dispatch(session, "GUILD_CREATE", self.guild_payload())
        await self._notify()
        return session

    async def _resume(self, socket: web.WebSocketResponse, data: Payload) -> _Session | None:
        self.resumes.append(data)
        session = self._sessions.get(data.get("session_id", ""))
        if session is None or data.get("token") != self.token:
            await socket.send_str(json.dumps({"op": OP_INVALID_SESSION, "d": False}))
            return None
        async with session.lock:
            session.socket = socket
            last_seen = data.get("seq") or 0
            for packet in session.events:
                if packet["s"] > last_seen:
                    await socket.send_str(json.dumps(packet))
        await self._send_dispatch(session, "RESUMED", {})
        self._live[session.shard_id] = session
        await self._notify()
        return session

    async def _send_dispatch(self, session: _Session, event: str, data: Payload) -> None:
        async with session.lock:
            session.sequence += 1
            packet = {"op": OP_DISPATCH, "t": event, "s": session.sequence, "d": data}
            session.events.append(packet)
            if session.socket is not None and not session.socket.closed:
                await session.socket.send_str(json.dumps(packet))

    # ----------------------------------------------------------------- REST server

    async def _rest(self, request: web.Request) -> web.Response:
        body, files = await self._read_body(request)
        recorded = RecordedRequest(
            index=len(self.requests),
            method=request.method,
            path="/" + request.match_info["tail"],
            query=dict(request.query),
            json=body,
            files=files,
            headers=dict(request.headers),
        )
        status, response_body, headers = await self._answer(recorded)
        recorded.status = status
        self.requests.append(recorded)
        await self._notify()
        return _json_response(status, response_body, headers)

    async def _answer(self, recorded: RecordedRequest) -> tuple[int, Any, dict[str, str]]:
        for injection in self._injections:
            matches = injection.method == recorded.method and injection.pattern.match(recorded.path)
            if injection.remaining > 0 and matches:
                injection.remaining -= 1
                return injection.status, injection.body, injection.headers
        if not recorded.path.startswith(("/interactions/", "/webhooks/")):
            authorization = recorded.headers.get("Authorization")
            if authorization != f"Bot {self.token}":
                return 401, {"code": 0, "message": "401: Unauthorized"}, {}
        for method, pattern, handler in [*self._overrides, *self._routes]:
            match = pattern.match(recorded.path)
            if match and method == recorded.method:
                recorded.route = pattern.pattern
                recorded.params = match.groupdict()
                status, response_body = await handler(recorded)
                return status, response_body, {}
        self.unhandled.append(recorded)
        status, body = _error(404, 0, f"404: Not Found (the fake has no {recorded.method} {recorded.path})")
        return status, body, {}

    @staticmethod
    async def _read_body(request: web.Request) -> tuple[Any, list[RecordedFile]]:
        if request.content_type == "multipart/form-data":
            body: Any = None
            files: list[RecordedFile] = []
            reader = await request.multipart()
            async for part in reader:
                if not isinstance(part, BodyPartReader):
                    continue
                if part.name == "payload_json":
                    body = json.loads(await part.text())
                else:
                    data = await part.read()
                    files.append(
                        RecordedFile(
                            part.name or "",
                            part.filename,
                            part.headers.get("Content-Type", "application/octet-stream"),
                            bytes(data),
                        )
                    )
            return body, files
        raw = await request.read()
        if not raw:
            return None, []
        if request.content_type == "application/json":
            return json.loads(raw), []
        return raw.decode(errors="replace"), []

    def _install_routes(self) -> None:
        reaction = "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me"
        routes: list[tuple[str, str, Handler]] = [
            ("GET", "/users/@me", self._get_me),
            ("GET", "/users/{user_id}", self._get_user),
            ("POST", "/users/@me/channels", self._create_dm),
            ("GET", "/gateway/bot", self._get_gateway_bot),
            ("GET", "/gateway", self._get_gateway),
            ("GET", "/oauth2/applications/@me", self._get_application),
            ("GET", "/applications/@me", self._get_application),
            ("GET", "/applications/{application_id}/commands", self._get_global_commands),
            ("PUT", "/applications/{application_id}/commands", self._put_global_commands),
            ("GET", "/applications/{application_id}/guilds/{guild_id}/commands", self._get_guild_commands),
            ("PUT", "/applications/{application_id}/guilds/{guild_id}/commands", self._put_guild_commands),
            ("GET", "/guilds/{guild_id}", self._get_guild),
            ("GET", "/guilds/{guild_id}/members/{user_id}", self._get_member),
            ("GET", "/channels/{channel_id}", self._get_channel),
            ("PATCH", "/channels/{channel_id}", self._edit_channel),
            ("POST", "/channels/{channel_id}/typing", self._no_content),
            ("POST", "/channels/{channel_id}/messages", self._create_message),
            ("GET", "/channels/{channel_id}/messages/{message_id}", self._get_message),
            ("PATCH", "/channels/{channel_id}/messages/{message_id}", self._edit_message),
            ("DELETE", "/channels/{channel_id}/messages/{message_id}", self._delete_message),
            ("PUT", reaction, self._no_content),
            ("DELETE", reaction, self._no_content),
            ("POST", "/interactions/{interaction_id}/{token}/callback", self._interaction_callback),
            ("POST", "/webhooks/{application_id}/{token}", self._create_followup),
            ("GET", "/webhooks/{application_id}/{token}/messages/@original", self._get_original),
            ("PATCH", "/webhooks/{application_id}/{token}/messages/@original", self._edit_original),
            ("DELETE", "/webhooks/{application_id}/{token}/messages/@original", self._delete_original),
            ("GET", "/webhooks/{application_id}/{token}/messages/{message_id}", self._get_message),
            ("PATCH", "/webhooks/{application_id}/{token}/messages/{message_id}", self._edit_message),
            ("DELETE", "/webhooks/{application_id}/{token}/messages/{message_id}", self._delete_message),
        ]
        self._routes = [(method, _compile(path), handler) for method, path, handler in routes]

    # ----------------------------------------------------------------- REST handlers

    async def _no_content(self, request: RecordedRequest) -> tuple[int, Any]:
        return 204, None

    async def _get_me(self, request: RecordedRequest) -> tuple[int, Any]:
        return 200, {**self.bot_user, "verified": True, "mfa_enabled": False, "flags": 0}

    async def _get_user(self, request: RecordedRequest) -> tuple[int, Any]:
        member = self.members.get(int(request.params["user_id"]))
        return (200, member["user"]) if member else _error(404, 10013, "Unknown User")

    async def _create_dm(self, request: RecordedRequest) -> tuple[int, Any]:
        member = self.members.get(int(request.json["recipient_id"]))
        if member is None:
            return _error(400, 50007, "Cannot send messages to this user")
        return 200, payloads.dm_channel(self.dm_channel_id(member["user"]), member["user"])

    async def _get_gateway_bot(self, request: RecordedRequest) -> tuple[int, Any]:
        limit = {"total": 1000, "remaining": 999, "reset_after": 86_400_000, "max_concurrency": 1}
        return 200, {"url": self.gateway_url, "shards": self.shard_count, "session_start_limit": limit}

    async def _get_gateway(self, request: RecordedRequest) -> tuple[int, Any]:
        return 200, {"url": self.gateway_url}

    async def _get_application(self, request: RecordedRequest) -> tuple[int, Any]:
        return 200, {
            "id": str(self.application_id),
            "name": "careerbot",
            "icon": None,
            "description": "Career advice on AI and ML engineering.",
            "rpc_origins": [],
            "bot_public": False,
            "bot_require_code_grant": False,
            "bot": self.bot_user,
            "owner": self.owner,
            "team": None,
            "verify_key": "0" * 64,
            "flags": 0,
            "summary": "",
        }

    def _stored_commands(self, body: Any, guild_id: str | None) -> list[Payload]:
        commands = []
        for command in body or []:
            stored = {
                "id": str(self._command_id(command["name"])),
                "application_id": str(self.application_id),
                "version": str(self.snowflake()),
                "type": 1,
                "default_member_permissions": None,
                **command,
            }
            if guild_id is not None:
                stored["guild_id"] = guild_id
            commands.append(stored)
        return commands

    async def _get_global_commands(self, request: RecordedRequest) -> tuple[int, Any]:
        return 200, self.global_commands

    async def _put_global_commands(self, request: RecordedRequest) -> tuple[int, Any]:
        self.global_commands = self._stored_commands(request.json, None)
        return 200, self.global_commands

    async def _get_guild_commands(self, request: RecordedRequest) -> tuple[int, Any]:
        return 200, self.guild_commands.get(int(request.params["guild_id"]), [])

    async def _put_guild_commands(self, request: RecordedRequest) -> tuple[int, Any]:
        guild_id = request.params["guild_id"]
        self.guild_commands[int(guild_id)] = self._stored_commands(request.json, guild_id)
        return 200, self.guild_commands[int(guild_id)]

    async def _get_guild(self, request: RecordedRequest) -> tuple[int, Any]:
        if int(request.params["guild_id"]) != self.guild_id:
            return _error(404, 10004, "Unknown Guild")
        return 200, self.guild_payload()

    async def _get_member(self, request: RecordedRequest) -> tuple[int, Any]:
        member = self.members.get(int(request.params["user_id"]))
        if member is None or int(request.params["guild_id"]) != self.guild_id:
            return _error(404, 10007, "Unknown Member")
        return 200, member

    def _channel_payload(self, channel_id: int) -> Payload | None:
        if channel_id == self.channel_id:
            return self.channel
        return self.forums.get(channel_id) or self.threads.get(channel_id)

    async def _get_channel(self, request: RecordedRequest) -> tuple[int, Any]:
        channel = self._channel_payload(int(request.params["channel_id"]))
        return (200, channel) if channel is not None else _error(404, 10003, "Unknown Channel")

    async def _edit_channel(self, request: RecordedRequest) -> tuple[int, Any]:
        """Only a thread's tags, name and archived state; the change reaches the bot as THREAD_UPDATE."""
        thread = self.threads.get(int(request.params["channel_id"]))
        if thread is None:
            return _error(404, 10003, "Unknown Channel")
        changes = request.json if isinstance(request.json, dict) else {}
        if "applied_tags" in changes:
            available = {tag["id"] for tag in self.forums[int(thread["parent_id"])]["available_tags"]}
            if len(changes["applied_tags"]) > 5 or not set(changes["applied_tags"]) <= available:
                return _error(400, 50035, "Invalid Form Body")
            thread["applied_tags"] = [str(tag) for tag in changes["applied_tags"]]
        if "name" in changes:
            thread["name"] = changes["name"]
        if "archived" in changes:
            thread["thread_metadata"]["archived"] = bool(changes["archived"])
        session = self._live.get(self.shard_for(self.guild_id))
        if session is not None:
            await self._send_dispatch(session, "THREAD_UPDATE", thread)
        return 200, thread

    def _store_message(
        self,
        channel_id: int,
        body: Any,
        files: Sequence[RecordedFile] = (),
        *,
        message_id: int | None = None,
    ) -> Payload:
        body = body if isinstance(body, dict) else {}
        guild_id = self.guild_id if self._channel_payload(channel_id) is not None else None
        stored = payloads.message(
            message_id or self.snowflake(),
            channel_id,
            self.bot_user,
            body.get("content") or "",
            guild_id=guild_id,
            embeds=body.get("embeds") or [],
            components=body.get("components") or [],
            attachments=[self._attachment(file) for file in files],
            flags=body.get("flags") or 0,
            message_reference=body.get("message_reference"),
        )
        self.messages[int(stored["id"])] = stored
        return stored

    def _attachment(self, file: RecordedFile) -> Payload:
        attachment_id = self.snowflake()
        url = f"http://127.0.0.1:{self.port}/attachments/{attachment_id}/{file.filename}"
        return {
            "id": str(attachment_id),
            "filename": file.filename or "file",
            "size": len(file.data),
            "url": url,
            "proxy_url": url,
            "content_type": file.content_type,
        }

    async def _create_message(self, request: RecordedRequest) -> tuple[int, Any]:
        return 200, self._store_message(int(request.params["channel_id"]), request.json, request.files)

    async def _get_message(self, request: RecordedRequest) -> tuple[int, Any]:
        stored = self.messages.get(int(request.params["message_id"]))
        return (200, stored) if stored else _error(404, 10008, "Unknown Message")

    async def _edit_message(self, request: RecordedRequest) -> tuple[int, Any]:
        stored = self.messages.get(int(request.params["message_id"]))
        if stored is None:
            return _error(404, 10008, "Unknown Message")
        changes = request.json if isinstance(request.json, dict) else {}
        for key in ("content", "embeds", "components", "flags"):
            if key in changes:
                stored[key] = changes[key]
        if "attachments" in changes:
            kept = {str(attachment.get("id")) for attachment in changes["attachments"]}
            stored["attachments"] = [a for a in stored["attachments"] if a["id"] in kept]
        stored["attachments"] += [self._attachment(file) for file in request.files]
        stored["edited_timestamp"] = payloads.TIMESTAMP
        return 200, stored

    async def _delete_message(self, request: RecordedRequest) -> tuple[int, Any]:
        if self.messages.pop(int(request.params["message_id"]), None) is None:
            return _error(404, 10008, "Unknown Message")
        return 204, None

    async def _interaction_callback(self, request: RecordedRequest) -> tuple[int, Any]:
        body = request.json or {}
        callback_type = body.get("type")
        token = request.params["token"]
        late = self._late(request)
        if late is not None:
            return late
        interaction: Payload = {"id": request.params["interaction_id"], "type": callback_type}
        response: Payload = {"interaction": interaction}
        if callback_type in (CALLBACK_CHANNEL_MESSAGE, CALLBACK_DEFERRED_CHANNEL_MESSAGE):
            data = body.get("data") or {}
            stored = self._store_message(self._interaction_channel(token), data, request.files)
            if token in self._interactions:
                stored["interaction_metadata"] = _interaction_metadata(self._interactions[token])
            self.interaction_messages[token] = int(stored["id"])
            interaction["response_message_id"] = stored["id"]
            interaction["response_message_loading"] = callback_type == CALLBACK_DEFERRED_CHANNEL_MESSAGE
            interaction["response_message_ephemeral"] = bool((data.get("flags") or 0) & 64)
            response["resource"] = {"type": callback_type, "message": stored}
        return 200, response

    def _interaction_channel(self, token: str) -> int:
        interaction = self._interactions.get(token)
        return int(interaction["channel_id"]) if interaction is not None else self.channel_id

    def _late(self, request: RecordedRequest) -> tuple[int, Any] | None:
        """The error Discord gives a callback past the deadline, or a second one; None when fine."""
        interaction_id = request.params["interaction_id"]
        if interaction_id in self._acknowledged:
            return _error(400, 40060, "Interaction has already been acknowledged.")
        sent_at = self._dispatched_at.get(interaction_id)
        now = asyncio.get_running_loop().time()
        deadline = self.interaction_deadline
        if deadline is not None and sent_at is not None and now - sent_at > deadline:
            self.late_callbacks.append(request)
            return _error(404, 10062, "Unknown interaction")
        self._acknowledged.add(interaction_id)
        return None

    async def _create_followup(self, request: RecordedRequest) -> tuple[int, Any]:
        stored = self._store_message(
            self._interaction_channel(request.params["token"]), request.json, request.files
        )
        if request.params["token"] in self._interactions:
            stored["interaction_metadata"] = _interaction_metadata(
                self._interactions[request.params["token"]]
            )
        return 200, stored

    def _original(self, request: RecordedRequest) -> Payload | None:
        message_id = self.interaction_messages.get(request.params["token"])
        return self.messages.get(message_id) if message_id is not None else None

    async def _get_original(self, request: RecordedRequest) -> tuple[int, Any]:
        stored = self._original(request)
        return (200, stored) if stored else _error(404, 10008, "Unknown Message")

    async def _edit_original(self, request: RecordedRequest) -> tuple[int, Any]:
        stored = self._original(request)
        if stored is None:
            stored = self._store_message(self.channel_id, request.json, request.files)
            self.interaction_messages[request.params["token"]] = int(stored["id"])
            return 200, stored
        request.params["message_id"] = stored["id"]
        return await self._edit_message(request)

    async def _delete_original(self, request: RecordedRequest) -> tuple[int, Any]:
        stored = self._original(request)
        if stored is None:
            return _error(404, 10008, "Unknown Message")
        self.messages.pop(int(stored["id"]), None)
        return 204, None
