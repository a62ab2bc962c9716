"""Two `python -m bot` processes, each running half of the shards, sharing one real PostgreSQL and one
knowledge folder (file watching off, as on a shared volume that sends no events), against the fake
Discord: votes from both land in one table, a change made through one is answered by the other after
its NOTIFY reload, and stopping PostgreSQL mid-run keeps answers coming until it is back."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from bot.knowledge.loader import default_knowledge_dir
from tests.support.fake_discord import FakeDiscord, payloads
from tests.support.postgres import PostgresCluster, fresh_database, new_cluster_or_skip

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 60.0
REMOVED = "offer-negotiation"  # no other entry lists it as related, so removing it is valid
REMOVED_QUESTION = "How do I negotiate an AI or ML job offer?"


@pytest.fixture
def cluster() -> AsyncIterator[PostgresCluster]:
    own = new_cluster_or_skip()
    yield own
    own.remove()


async def _start_bot(fake: FakeDiscord, tmp_path: Path, url: str, knowledge: Path, shard: int):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "KNOWLEDGE_"))}
    log = (tmp_path / f"bot-{shard}.log").open("wb")
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=tmp_path,
        stdout=log,
        stderr=log,
        env={
            **environment,
            "PYTHONPATH": str(ROOT),
            "DISCORD_TOKEN": fake.token,
            "DISCORD_API_BASE": fake.api_base,
            "DISCORD_GATEWAY_URL": fake.gateway_url,
            "DATABASE_URL": url,
            "DATABASE_PATH": str(tmp_path / f"must-not-exist-{shard}.sqlite3"),
            "KNOWLEDGE_DIR": str(knowledge),
            "KNOWLEDGE_WATCH": "off",
            "SHARD_COUNT": "2",
            "SHARD_IDS": str(shard),
            "EDITOR_GUILD_IDS": str(fake.guild_id),
            "MODERATOR_ROLE_IDS": str(fake.moderator_role_id),
            "LOG_LEVEL": "INFO",
            "COOLDOWN_RATE": "10000",
        },
    )


async def _interact_on(fake: FakeDiscord, shard: int, interaction: dict):
    cursor = await fake.dispatch("INTERACTION_CREATE", interaction, shard_id=shard)
    return await fake.wait_for_request(
        "POST",
        "/interactions/{interaction_id}/{token}/callback",
        since=cursor,
        where=lambda request: request.params["interaction_id"] == interaction["id"],
        timeout=LIMIT,
    )


async def _reply_text(fake: FakeDiscord, callback) -> str:
    """What the user was told: the callback's own message, or, after a defer, the follow-up or the
    edited original response."""
    if callback.callback_data and ("content" in callback.callback_data or "embeds" in callback.callback_data):
        return str(callback.callback_data)
    token = callback.params["token"]

    def followed():
        return next(
            (
                request
                for request in fake.requests[callback.index :]
                if request.method in ("POST", "PATCH")
                and request.path.startswith("/webhooks/")
                and token in request.path
            ),
            None,
        )

    return str((await fake.wait_until(followed, timeout=LIMIT, describe="the deferred reply")).json)


async def _ask(fake: FakeDiscord, shard: int, text: str) -> str:
    reply = await _interact_on(fake, shard, fake.slash_command("ask", {"question": text}))
    assert reply.callback_data.get("embeds"), reply.json
    return reply.callback_data["embeds"][0]["title"]


async def _vote(fake: FakeDiscord, shard: int, message_id: int, voter: dict) -> str:
    """A click on the Helpful button of an answer message (as if either process had sent it)."""
    custom_id = f"careerbot:vote:{REMOVED}:up"
    button = {"type": 2, "style": 3, "label": "Helpful", "custom_id": custom_id}
    message = payloads.message(
        message_id,
        fake.channel_id,
        fake.bot_user,
        "an answer",
        guild_id=fake.guild_id,
        components=[{"type": 1, "components": [button]}],
    )
    click = fake.component(custom_id, message=message, invoker=voter)
    return (await _interact_on(fake, shard, click)).callback_data["content"]


async def _votes(url: str) -> list[tuple[int, int]]:
    connection = await asyncpg.connect(url)
    try:
        return [
            tuple(row)
            for row in await connection.fetch("SELECT message_id, user_id FROM feedback ORDER BY 1")
        ]
    finally:
        await connection.close()


async def test_two_shard_processes_share_postgres_and_ride_out_losing_it(
    cluster: PostgresCluster, tmp_path: Path
) -> None:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(default_knowledge_dir(), knowledge, ignore=shutil.ignore_patterns("*.md"))
    async with FakeDiscord(shard_count=2) as fake:
        async for url in fresh_database(cluster.url):
            guild_shard = fake.shard_for(fake.guild_id)
            other_shard = 1 - guild_shard
            bots = [await _start_bot(fake, tmp_path, url, knowledge, shard) for shard in (0, 1)]
            try:
                await fake.wait_until(
                    lambda: fake.is_connected(0) and fake.is_connected(1),
                    timeout=LIMIT,
                    describe="both shards",
                )
                await asyncio.sleep(3.0)  # each process past its guild_ready_timeout

                # Votes from both processes land in the one table.
                assert "Thanks" in await _vote(fake, 0, 1001, fake.user)
                assert "Thanks" in await _vote(fake, 1, 1002, fake.user)
                assert await _votes(url) == [(1001, int(fake.user["id"])), (1002, int(fake.user["id"]))]

                # A change through one process is answered by the other after its NOTIFY reload.
                assert await _ask(fake, other_shard, REMOVED_QUESTION) == REMOVED_QUESTION
                asked = await _interact_on(
                    fake,
                    guild_shard,
                    fake.slash_command("faq", {"id": REMOVED}, subcommand="remove", invoker=fake.other_user),
                )
                confirm = asked.callback_data["components"][0]["components"][0]["custom_id"]
                message = fake.messages[fake.interaction_messages[asked.params["token"]]]
                saved = await _interact_on(
                    fake, guild_shard, fake.component(confirm, message=message, invoker=fake.other_user)
                )
                assert "Saved" in await _reply_text(fake, saved)
                changed_at = time.monotonic()
                while await _ask(fake, other_shard, REMOVED_QUESTION) == REMOVED_QUESTION:
                    assert time.monotonic() - changed_at < 10, "the other process never reloaded"
                    await asyncio.sleep(0.1)
                print(f"reloaded by the other process within {time.monotonic() - changed_at:.2f} s")

                # PostgreSQL stops: answers go on, votes are kept, reports say storage is unavailable.
                cluster.stop()
                for shard in (0, 1):
                    assert await _ask(fake, shard, "What does an MLOps engineer do?")
                assert "Thanks" in await _vote(fake, other_shard, 1003, fake.other_user)
                stats = await _interact_on(
                    fake,
                    guild_shard,
                    fake.slash_command("faq", {}, subcommand="stats", invoker=fake.other_user),
                )
                assert "storage is unavailable" in await _reply_text(fake, stats)

                # Back: the kept vote is written, with nothing done by hand.
                cluster.start()
                async with asyncio.timeout(LIMIT):
                    while len(await _votes(url)) < 3:
                        await asyncio.sleep(0.2)
                assert (1003, int(fake.other_user["id"])) in await _votes(url)
            finally:
                for bot in bots:
                    if bot.returncode is None:
                        bot.send_signal(signal.SIGTERM)
                for bot in bots:
                    await asyncio.wait_for(bot.wait(), LIMIT)
            logs = [(tmp_path / f"bot-{shard}.log").read_text() for shard in (0, 1)]
            assert [bot.returncode for bot in bots] == [0, 0], logs
            assert not list(tmp_path.glob("must-not-exist-*")), "SQLite was written with DATABASE_URL set"
            assert all("PostgreSQL is back" in log for log in logs if "out of reach" in log)
