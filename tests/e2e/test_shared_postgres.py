"""Two `python -m bot` processes, each running half of the shards, sharing one real PostgreSQL and one
knowledge folder (file watching off, as on a shared volume that sends no events), against the fake
Discord: votes from both land in one table, a change made through one is answered by the other after
its NOTIFY reload, and stopping PostgreSQL mid-run keeps answers coming until it is back."""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import re
import shutil
import signal
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import pytest

from bot.knowledge.loader import default_knowledge_dir, load_knowledge
from tests.support import edit_worker
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


@contextlib.asynccontextmanager
async def _two_shard_bots(
    fake: FakeDiscord, tmp_path: Path, url: str, knowledge: Path
) -> AsyncIterator[None]:
    """``python -m bot`` for shard 0 and for shard 1, both connected and past their start; on leaving,
    each stopped with SIGTERM and checked to exit cleanly without having written SQLite."""
    bots = [await _start_bot(fake, tmp_path, url, knowledge, shard) for shard in (0, 1)]
    try:
        await fake.wait_until(
            lambda: fake.is_connected(0) and fake.is_connected(1),
            timeout=LIMIT,
            describe="both shards",
        )
        await asyncio.sleep(3.0)  # each process past its guild_ready_timeout
        yield
    finally:
        for bot in bots:
            if bot.returncode is None:
                bot.send_signal(signal.SIGTERM)
        for bot in bots:
            await asyncio.wait_for(bot.wait(), LIMIT)
    assert [bot.returncode for bot in bots] == [0, 0], _logs(tmp_path)
    assert not list(tmp_path.glob("must-not-exist-*")), "SQLite was written with DATABASE_URL set"


def _logs(tmp_path: Path) -> list[str]:
    return [(tmp_path / f"bot-{shard}.log").read_text() for shard in (0, 1)]


async def test_two_shard_processes_share_postgres_and_ride_out_losing_it(
    cluster: PostgresCluster, tmp_path: Path
) -> None:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(default_knowledge_dir(), knowledge, ignore=shutil.ignore_patterns("*.md"))
    async with FakeDiscord(shard_count=2) as fake:
        async for url in fresh_database(cluster.url):
            guild_shard = fake.shard_for(fake.guild_id)
            other_shard = 1 - guild_shard
            async with _two_shard_bots(fake, tmp_path, url, knowledge):
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
            assert all("PostgreSQL is back" in log for log in _logs(tmp_path) if "out of reach" in log)


# ---------------------------------------------------------------------------------------------- edits

EDITS = 50
BURST, BURST_EVERY = 10, 0.4  # ten moderators at once, a new ten before the last have all been answered
SHARED_ENTRY, SHARED_FILE = edit_worker.SHARED_ENTRY, edit_worker.SHARED_FILE
SHARED_CATEGORY = "roles"  # new entries of this category go to SHARED_FILE
CALLBACK_MODAL = 9
#: A moderator's time to fill in the form. discord.py files the form away only once Discord has
#: acknowledged it, so a submit sent the moment the fake sees the form could find no form to submit.
TYPING = 0.5
SAVED = re.compile(r"Saved as change #(\d+): ")
#: What a moderator whose edit form was opened on an older version of the entry is told.
CHANGED_MEANWHILE = "was changed by someone else while you were editing it"
TRIES, AGAIN_WITHIN = 20, 1.5  # told so, a moderator opens it again within 1.5 s, 20 tries at most
#: One word of its own in each new entry's question, so that /ask answers it rather than asking
#: "did you mean" among two dozen questions alike.
HOBBIES = (
    "astronomy", "baking", "chess", "diving", "embroidery", "fencing", "gardening", "hiking",
    "juggling", "kayaking", "knitting", "lacrosse", "mosaics", "opera", "origami", "pottery",
    "quilting", "rowing", "sailing", "tennis", "ukulele", "volleyball", "woodwork", "yodelling",
)  # fmt: skip


@dataclass
class _Edit:
    """One moderator's /faq change: an alternate wording of the shared entry, through its edit form
    (read-modify-write of one entry), or a new entry in the shared file (the add form)."""

    number: int
    shard: int
    adding: bool
    replies: list[str] = field(default_factory=list)  # what the moderator was told, each try

    @property
    def marker(self) -> str:
        """The text that is in the knowledge files exactly when this change landed."""
        if self.adding:  # the numbers 2, 3, 6, 7, 10, ...: the 0th, 1st, 2nd, 3rd, 4th, ... new entry
            return f"Does a {HOBBIES[self.number // 4 * 2 + self.number % 2]} hobby help in interviews?"
        return f"shard {self.shard} wording number {self.number}"

    @property
    def change_id(self) -> int | None:
        saved = SAVED.search(self.replies[-1]) if self.replies else None
        return int(saved[1]) if saved else None


async def _open_form(fake: FakeDiscord, shard: int, command: dict) -> tuple[str, dict[str, str]]:
    """The modal the bot answered ``command`` with: its custom id, and each input's id and prefill."""
    callback = await _interact_on(fake, shard, command)
    assert callback.json["type"] == CALLBACK_MODAL, callback.json
    modal = callback.json["data"]
    inputs = {
        item["custom_id"]: item.get("value") or ""
        for row in modal["components"]
        for item in row["components"]
    }
    return modal["custom_id"], inputs


async def _try(fake: FakeDiscord, edit: _Edit) -> str:
    """Open the form through the edit's shard, fill it in as a moderator would (the edit form shows
    the entry as it is now; one more wording is typed under the others) and submit it there (the form
    lives in that process): what the moderator is told."""
    moderator = fake.other_user
    if edit.adding:
        command = fake.slash_command("faq", subcommand="add", invoker=moderator)
    else:
        command = fake.slash_command("faq", {"id": SHARED_ENTRY}, subcommand="edit", invoker=moderator)
    custom_id, inputs = await _open_form(fake, edit.shard, command)
    await asyncio.sleep(TYPING)
    if edit.adding:
        typed = [edit.marker, "", "A plain answer.", SHARED_CATEGORY, ""]
    else:
        typed = list(inputs.values())
        typed[1] = f"{typed[1]}\n{edit.marker}".strip()
    submit = fake.modal_submit(custom_id, dict(zip(inputs, typed, strict=True)), invoker=moderator)
    return await _reply_text(fake, await _interact_on(fake, edit.shard, submit))


async def _make(fake: FakeDiscord, edit: _Edit) -> None:
    """Try; told that someone else changed the entry meanwhile, open it again a moment later, as the
    reply says (each moderator's moments drawn from a seed of their own: the same in every run)."""
    moments = random.Random(edit.number)
    await asyncio.sleep(edit.number // BURST * BURST_EVERY)
    while len(edit.replies) < TRIES:
        edit.replies.append(await _try(fake, edit))
        if edit.change_id is not None or CHANGED_MEANWHILE not in edit.replies[-1]:
            return
        await asyncio.sleep(moments.uniform(0, AGAIN_WITHIN))


async def _audit_rows(url: str) -> list[tuple[int, str, str]]:
    connection = await asyncpg.connect(url)
    try:
        rows = await connection.fetch("SELECT id, action, summary FROM faq_changes ORDER BY id")
        return [tuple(row) for row in rows]
    finally:
        await connection.close()


async def _answered_by_both(fake: FakeDiscord, question: str, title: str) -> float:
    """Seconds until both processes answer ``question`` with the entry titled ``title``."""
    started = time.monotonic()
    for shard in (0, 1):
        while await _ask(fake, shard, question) != title:
            assert time.monotonic() - started < 10, f"shard {shard} never reloaded: {question!r}"
            await asyncio.sleep(0.1)
    return time.monotonic() - started


async def test_fifty_edits_through_both_shard_processes_at_once_lose_nothing(
    postgres_server: str, tmp_path: Path
) -> None:
    """Overlapping bursts of /faq edits, alternately through shard 0 and shard 1, all of one file and
    half of them of one entry: each moderator is told "Saved" exactly for the changes that are in the
    files afterwards (and in the audit log, once each), or plainly why not; nothing saved is lost;
    both processes answer the newest. One more change lands right as both processes are told to
    stop: both stop cleanly all the same (the race of a notice with the listener's cancel that once
    kept a process from stopping is pinned down in tests/storage/test_postgres.py).

    Discord sends a guild's interactions to the shard of the guild; the fake sends them to either
    process, standing in for editor servers on both shards (the moderator is admitted by the
    interaction's Manage Server permission where the guild is not cached)."""
    knowledge = edit_worker.write_small_knowledge(tmp_path / "knowledge")  # a save costs milliseconds
    shared_before = load_knowledge(knowledge).entry(SHARED_ENTRY)
    assert shared_before is not None
    edits = [_Edit(number, number % 2, adding=number % 4 >= 2) for number in range(EDITS)]
    last = _Edit(EDITS, 0, adding=False)
    async with FakeDiscord(shard_count=2) as fake:
        async for url in fresh_database(postgres_server):
            async with _two_shard_bots(fake, tmp_path, url, knowledge):
                started = time.monotonic()
                await asyncio.wait_for(asyncio.gather(*(_make(fake, edit) for edit in edits)), LIMIT)
                took = time.monotonic() - started
                saved = [edit for edit in edits if edit.change_id is not None]

                # Both processes answer the newest change (each reloads on the other's NOTIFY).
                newest_add = max((e for e in saved if e.adding), key=lambda e: e.change_id or 0)
                newest_wording = max((e for e in saved if not e.adding), key=lambda e: e.change_id or 0)
                reload_add = await _answered_by_both(fake, newest_add.marker, newest_add.marker)
                reload_wording = await _answered_by_both(fake, newest_wording.marker, shared_before.question)

                last.replies.append(await _try(fake, last))
                assert last.change_id is not None, last.replies
            rows = await _audit_rows(url)

    # Each reply says "Saved as change #n" or plainly why not; a new entry never conflicts.
    replies = [reply for edit in edits for reply in edit.replies]
    refusals = [reply for reply in replies if not SAVED.search(reply)]
    assert all(CHANGED_MEANWHILE in reply for reply in refusals), refusals
    unsaved = [edit for edit in edits if edit.change_id is None]
    assert all(not edit.adding and len(edit.replies) == TRIES for edit in unsaved)
    saved.append(last)

    # What was said to be saved is in the files, which load; nothing else is.
    snapshot = load_knowledge(knowledge)
    in_file = {
        text
        for entry in snapshot.entries
        if entry.origin.file.endswith(SHARED_FILE)
        for text in (entry.question, *entry.alternates)
    }
    lost = [edit.marker for edit in saved if edit.marker not in in_file]
    assert lost == []
    assert [edit.marker for edit in unsaved if edit.marker in in_file] == []
    shared = snapshot.entry(SHARED_ENTRY)
    assert shared is not None
    wordings = [edit.marker for edit in saved if not edit.adding]
    assert sorted(shared.alternates) == sorted([*shared_before.alternates, *wordings])

    # The audit log: one row per saved change, with the change number the moderator was told.
    assert sorted(edit.change_id for edit in saved) == [row[0] for row in rows]
    actions = {edit.change_id: "add" if edit.adding else "edit" for edit in saved}
    assert {row[0]: row[1] for row in rows} == actions
    print(
        f"{EDITS} /faq changes through two shard processes in {took:.1f} s, {len(replies)} forms "
        f"submitted: {len(saved) - 1} saved ({len(wordings) - 1} wordings of one entry, "
        f"{len(saved) - len(wordings)} new entries in its file), {len(refusals)} submits refused as "
        f"changed meanwhile, {len(unsaved)} given up after {TRIES} tries, {len(lost)} lost (of "
        f"{len(saved)} with the last); both answer the newest within {max(reload_add, reload_wording):.2f} s"
    )
