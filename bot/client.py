"""The Discord client: `CareerBot`, the endpoint overrides, `run_bot` to serve and `sync_commands`.

Features live in extensions under `bot/exts/` and reach shared state through the bot:
`bot.settings` (validated `Settings`), `bot.service` (the `AnswerService` that answers questions),
`bot.storage` (the open `Storage`) and `bot.desk` (the `ModerationDesk` behind /faq); the last two
only in a bot that serves, not in one that only syncs commands.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import aiohttp
import discord
import yarl
from discord.ext import commands

from bot.command_sync import sync_tree
from bot.config import Settings, SettingsError
from bot.exts import discover_extensions
from bot.logging_setup import configure_logging, quiet_intent_warning
from bot.moderation.desk import ModerationDesk
from bot.storage import ChannelKind, Storage, StorageFailed, open_storage
from bot.ui.registry import PERSISTENT_ITEMS

if TYPE_CHECKING:
    from bot.service import AnswerService

log = logging.getLogger(__name__)

OWNER_PREFIX = "!"


class StartFailed(Exception):
    """Discord or the database could not be reached; the message says which and what to check."""


@contextmanager
def explained_failures(settings: Settings) -> Iterator[None]:
    """Turn the errors a deployment meets at start into one sentence each (the CLI prints it)."""
    try:
        yield
    except discord.LoginFailure:
        raise StartFailed(
            "Discord refused the token: check DISCORD_TOKEN (reset it in the Portal)."
        ) from None
    except discord.PrivilegedIntentsRequired:
        raise StartFailed(
            "Discord refused the message-content intent that ASK_CHANNEL_IDS and FORUM_CHANNEL_IDS need: "
            "enable Message Content Intent on the Bot page of the Developer Portal, or unset them."
        ) from None
    except discord.HTTPException as error:
        raise StartFailed(f"Discord answered {error.status}: {error.text or error}") from None
    except (aiohttp.ClientError, discord.GatewayNotFound, TimeoutError) as error:
        raise StartFailed(
            f"could not reach Discord at {settings.discord_api_base} ({type(error).__name__}: {error}); "
            "check the network and DISCORD_API_BASE."
        ) from None
    except StorageFailed as error:
        raise StartFailed(str(error)) from None
    except sqlite3.Error as error:
        raise StartFailed(f"could not open the database {settings.database_path}: {error}") from None
    except OSError as error:
        raise StartFailed(f"{error.strerror or error}: {error.filename or settings.database_path}") from None


def intents_for(settings: Settings) -> discord.Intents:
    """Guilds, guild messages and DMs; message content only when there are ask channels or forums to read.

    Message content is privileged: without it the bot still sees the text of DMs and of messages that
    mention it, which is all mentions and slash commands need.
    """
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.dm_messages = True
    intents.message_content = settings.needs_message_content
    return intents


@contextmanager
def discord_endpoints(settings: Settings) -> Iterator[None]:
    """Point discord.py at `settings.discord_api_base` and `discord_gateway_url`, restoring on exit.

    discord.py has no official option for either, so this sets the two class attributes it reads:
    `discord.http.Route.BASE` (every REST call, including interaction callbacks and webhooks, is built
    from it) and `discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY` (used when SHARD_COUNT is fixed and
    for every fresh IDENTIFY after a session is lost; otherwise the URL comes from GET /gateway/bot).
    They are process-wide, which is why this is a context manager rather than a constructor effect.
    """
    previous_base = discord.http.Route.BASE
    previous_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = settings.discord_api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)
    try:
        yield
    finally:
        discord.http.Route.BASE = previous_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = previous_gateway


async def _command_prefix(bot: commands.Bot, message: discord.Message) -> list[str]:
    """A mention always; `!` too for the owners, whose prefix commands are the only prefix commands.

    Without the message-content intent a guild message's text is empty unless it mentions the bot, so
    in guilds the owner writes `@careerbot sync`; `!sync` works in DMs and in ask channels.
    """
    prefixes = commands.when_mentioned(bot, message)
    if await bot.is_owner(message.author):
        prefixes.append(OWNER_PREFIX)
    return prefixes


class CareerBot(commands.AutoShardedBot):
    """The bot. One process runs every shard of `settings.shard_ids` (all shards when unset).

    Guarantees extensions can rely on:
    - No message ever pings anyone unless the sender opts in (`AllowedMentions.none()` bot-wide).
    - `message` events from bots, this bot included, are never dispatched, so no listener can answer
      a bot or loop on its own replies.
    - A mention that is not a prefix command (a question like "@careerbot what does an AI engineer
      do?") does not raise an error; message listeners should answer it and skip messages for which
      `(await bot.get_context(message)).valid` is true (those are commands).

    - When serving, `storage` and `desk` are open before any extension loads and stay open until
      every extension has unloaded, so a cog may use them in `cog_load` and `cog_unload`. A bot made
      with `serving=False` (command sync) opens neither and loads no background extension.

    `options` are passed to `commands.AutoShardedBot` (tests use `guild_ready_timeout`).
    """

    storage: Storage | None = None
    desk: ModerationDesk | None = None
    #: The shutdown a signal started, kept so the task is not collected before it ends.
    stopping: asyncio.Future[None] | None = None

    def __init__(
        self,
        settings: Settings,
        service: AnswerService,
        *,
        serving: bool = True,
        sync_dev_guild: bool = True,
        **options: Any,
    ) -> None:
        super().__init__(
            command_prefix=_command_prefix,
            intents=intents_for(settings),
            allowed_mentions=discord.AllowedMentions.none(),
            shard_count=settings.shard_count,
            shard_ids=list(settings.shard_ids) if settings.shard_ids is not None else None,
            owner_ids=set(settings.owner_ids) or None,
            help_command=None,
            **options,
        )
        self.settings = settings
        self.service = service
        self.serving = serving
        self._sync_dev_guild = sync_dev_guild
        self._shutdown: asyncio.Future[None] | None = None
        if not settings.needs_message_content:
            quiet_intent_warning()

    async def setup_hook(self) -> None:
        for item in PERSISTENT_ITEMS:
            self.add_dynamic_items(item)
        if self.serving:
            self.storage = await open_storage(self.settings)
            log.info("Database open: %s", self.storage.description)
            self.desk = await ModerationDesk.open(
                self.service,
                self.storage,
                channel_defaults={
                    ChannelKind.ASK: self.settings.ask_channel_ids,
                    ChannelKind.FORUM: self.settings.forum_channel_ids,
                },
            )
        await self.load_all_extensions()
        if self._sync_dev_guild and self.settings.dev_guild_id is not None:
            await self._sync_dev_guild_commands(self.settings.dev_guild_id)

    async def load_all_extensions(self) -> None:
        for name in discover_extensions(background=self.serving):
            await self.load_extension(name)
            log.debug("Loaded extension %s", name)
        log.info("Loaded %d extensions", len(self.extensions))

    async def _sync_dev_guild_commands(self, guild_id: int) -> None:
        try:
            synced = await sync_tree(self.tree, guild_id)
        except discord.HTTPException as error:
            log.error(
                "Could not sync commands to DEV_GUILD_ID=%s (%s). Is the bot in that guild, invited with "
                "the applications.commands scope?",
                guild_id,
                error,
            )
            return
        log.info("Synced %d commands to the dev guild %s", len(synced), guild_id)

    async def close(self) -> None:
        """Stop: refuse new knowledge edits once one under way is written, then close the database.

        Idempotent and not cancellable half-way: a signal, discord.py's own exit and ``run_bot`` may
        all call it, and every caller waits for the same shutdown to finish.
        """
        if self._shutdown is None:
            self._shutdown = asyncio.ensure_future(self._close_everything())
        await asyncio.shield(self._shutdown)

    async def _close_everything(self) -> None:
        if self.desk is not None:
            await self.desk.close()
        await super().close()
        if self.storage is not None:
            await self.storage.close()
            log.info("Database closed")

    def dispatch(self, event_name: str, /, *args: Any, **kwargs: Any) -> None:
        if event_name == "message" and args and args[0].author.bot:
            return
        super().dispatch(event_name, *args, **kwargs)

    async def on_command_error(
        self, context: commands.Context[Any], exception: commands.CommandError, /
    ) -> None:
        if isinstance(exception, commands.CommandNotFound | commands.CheckFailure):
            return
        if context.command is not None and context.command.has_error_handler():
            return
        if context.cog is not None and context.cog.has_error_handler():
            return
        log.error("Command %s failed", context.command, exc_info=exception)


async def run_bot(settings: Settings, service: AnswerService) -> None:
    """Connect to Discord and serve until Ctrl-C or SIGTERM, then close cleanly. Needs DISCORD_TOKEN."""
    if settings.discord_token is None:
        raise SettingsError(["DISCORD_TOKEN must be set to connect to Discord; without it, use console mode"])
    configure_logging(settings.log_level, secrets=[settings.discord_token])
    log.info("Starting with %r", settings)
    with explained_failures(settings), discord_endpoints(settings):
        async with CareerBot(settings, service) as bot:
            stop_on_signals(bot)
            await bot.start(settings.discord_token)
            await bot.close()  # waits for a shutdown a signal started: the database closes before exit
    log.info("Stopped")


def stop_on_signals(bot: CareerBot) -> None:
    """SIGINT (Ctrl-C) and SIGTERM close the bot instead of interrupting whatever is running.

    The first signal starts the clean shutdown; a second one gets the default behaviour back, so a
    stuck shutdown can still be interrupted. Where the loop has no signal handlers (Windows), Ctrl-C
    keeps its default.
    """
    loop = asyncio.get_running_loop()
    numbers = (signal.SIGINT, signal.SIGTERM)

    def stop() -> None:
        for number in numbers:
            loop.remove_signal_handler(number)
        bot.stopping = asyncio.ensure_future(bot.close())

    for number in numbers:
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(number, stop)


async def sync_commands(settings: Settings, service: AnswerService, guild_id: int | None) -> list[str]:
    """Log in over REST only (no gateway, no database), load every extension, sync, return the names."""
    if settings.discord_token is None:
        raise SettingsError(["DISCORD_TOKEN must be set to sync commands with Discord"])
    with explained_failures(settings), discord_endpoints(settings):
        async with CareerBot(settings, service, serving=False, sync_dev_guild=False) as bot:
            await bot.login(settings.discord_token)
            synced = await sync_tree(bot.tree, guild_id)
    where = "globally" if guild_id is None else f"to guild {guild_id}"
    log.info("Synced %d commands %s", len(synced), where)
    return [command.name for command in synced]
