"""What only PostgreSQL gives: change notices, the edit lock across processes, and riding out a server
that goes away and comes back (a real server, stopped and started again)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterator

import pytest

from bot.matching.result import MatchStatus
from bot.storage import StorageUnavailable, VoteOutcome
from bot.storage.postgres import PostgresStorage
from tests.support.postgres import PostgresCluster, fresh_database, new_cluster_or_skip

QUESTION = {"user_id": 1, "guild_id": None, "channel_id": None, "via": "dm", "entry_id": None, "score": 0.0}
WAIT = 20.0


@pytest.fixture
async def two(postgres_url: str) -> AsyncIterator[tuple[PostgresStorage, PostgresStorage]]:
    first, second = await PostgresStorage.open(postgres_url), await PostgresStorage.open(postgres_url)
    yield first, second
    await first.close()
    await second.close()


async def _next(changes: AsyncIterator[None]) -> None:
    await asyncio.wait_for(anext(changes), WAIT)


async def test_an_announcement_reaches_the_other_process_not_the_announcer(
    two: tuple[PostgresStorage, PostgresStorage],
) -> None:
    first, second = two
    heard_by_second, heard_by_first = second.knowledge_changes(), first.knowledge_changes()
    waiting_second = asyncio.ensure_future(_next(heard_by_second))
    waiting_first = asyncio.ensure_future(_next(heard_by_first))
    await asyncio.sleep(1.0)  # both listening

    await first.announce_knowledge_change()

    await waiting_second
    await asyncio.sleep(1.0)
    assert not waiting_first.done()
    waiting_first.cancel()
    await asyncio.gather(waiting_first, return_exceptions=True)
    await heard_by_first.aclose()
    await heard_by_second.aclose()


async def test_a_listener_stops_when_cancelled_with_a_notice_waiting(
    two: tuple[PostgresStorage, PostgresStorage],
) -> None:
    """The bot stopping while another process's notice waits to be read (its reload of the previous
    one just done): cancelling the listener ends it, instead of the notice swallowing the cancel and
    the listener, and with it the shutdown, going on forever."""
    first, second = two
    reloading, reloaded, heard = asyncio.Event(), asyncio.Event(), []

    async def listen() -> None:
        async for _ in second.knowledge_changes():
            heard.append(None)
            reloading.set()
            await reloaded.wait()  # a reload, while the next notice arrives

    listener = asyncio.create_task(listen())
    await asyncio.sleep(1.0)  # listening
    await first.announce_knowledge_change()
    await asyncio.wait_for(reloading.wait(), WAIT)
    await first.announce_knowledge_change()
    await asyncio.sleep(1.0)  # the second notice has arrived and waits

    reloaded.set()
    await asyncio.sleep(0)  # the listener goes back for the waiting notice...
    listener.cancel()  # ...as the bot stops

    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(listener, 5.0)  # it went on forever: a TimeoutError here
    assert len(heard) in (1, 2)  # the waiting notice may be taken before the cancel lands


async def test_the_edit_lock_lets_one_holder_at_a_time_across_connections(
    two: tuple[PostgresStorage, PostgresStorage],
) -> None:
    first, second = two
    order: list[str] = []

    async def edit(storage: PostgresStorage, name: str) -> None:
        async with storage.edit_lock().hold():
            order.append(f"{name} in")
            await asyncio.sleep(0.3)
            order.append(f"{name} out")

    await asyncio.gather(edit(first, "a"), edit(second, "b"), edit(first, "c"), edit(second, "d"))

    assert len(order) == 8
    assert all(order[i].split()[0] == order[i + 1].split()[0] for i in range(0, 8, 2)), order


@pytest.fixture
def own_cluster() -> Iterator[PostgresCluster]:
    """A server of the test's own, since the test stops it."""
    cluster = new_cluster_or_skip()
    yield cluster
    cluster.remove()


async def test_losing_the_server_keeps_votes_and_questions_and_recovers_by_itself(
    own_cluster: PostgresCluster, caplog: pytest.LogCaptureFixture
) -> None:
    async for url in fresh_database(own_cluster.url):
        storage = await PostgresStorage.open(url, buffer_rows=3)
        changes = storage.knowledge_changes()
        try:
            await storage.record_question(question="before", status=MatchStatus.UNSURE, **QUESTION)
            reconnected = asyncio.ensure_future(_next(changes))
            await asyncio.sleep(1.0)  # listening
            own_cluster.stop()

            with caplog.at_level(logging.INFO, logger="bot.storage.postgres"):
                assert (
                    await storage.record_question(question="during 1", status=MatchStatus.UNSURE, **QUESTION)
                    == 0
                )
                vote = await storage.record_feedback(message_id=1, user_id=2, entry_id="e", helpful=False)
                assert vote is VoteOutcome.RECORDED
                for n in range(2, 5):
                    await storage.record_question(
                        question=f"during {n}", status=MatchStatus.UNSURE, **QUESTION
                    )
                with pytest.raises(StorageUnavailable, match=r"storage is unavailable.*answers still work"):
                    await storage.gap_questions(0.0)
                with pytest.raises(StorageUnavailable):
                    async with storage.edit_lock().hold():
                        pass
                assert not storage.available and storage.kept_rows == 3 and storage.lost_rows == 2
                assert any("buffer of 3 rows is full" in r.getMessage() for r in caplog.records)

                own_cluster.start()
                async with asyncio.timeout(WAIT):
                    while not storage.available:
                        await asyncio.sleep(0.1)
                await reconnected  # the listener reconnected and says a change may have been missed
            assert any("PostgreSQL is back" in r.getMessage() for r in caplog.records)
            texts = sorted(gap.text for gap in await storage.gap_questions(0.0))
            assert texts == ["before", "during 1", "during 2"]  # the vote names no asked question
            stats = await storage.question_stats(1)
            assert (stats.questions, stats.not_helpful) == (3, 1)
        finally:
            await changes.aclose()
            await storage.close()
