"""The desk's own duties beyond the editor's: here, that every change it makes is announced to the
other processes sharing the database (a real PostgreSQL: the notice travels through it)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.moderation.desk import ModerationDesk
from bot.service import AnswerService
from bot.storage import LabelVerdict
from bot.storage.postgres import PostgresStorage
from tests.moderation.conftest import MODERATOR
from tests.support import edit_worker
from tests.support.postgres import postgres_server, postgres_url  # noqa: F401

WAIT = 10.0


async def test_a_label_accepted_as_a_wording_is_announced_to_the_other_processes(
    postgres_url: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    folder = edit_worker.write_small_knowledge(tmp_path / "knowledge")
    here, other = await PostgresStorage.open(postgres_url), await PostgresStorage.open(postgres_url)
    desk = await ModerationDesk.open(AnswerService.load(folder), here)
    changes = other.knowledge_changes()
    try:
        heard = asyncio.ensure_future(anext(changes))
        await asyncio.sleep(1.0)  # the other process is listening
        question = "do ai engineers write code all day"
        await here.record_label(question, edit_worker.SHARED_ENTRY, LabelVerdict.CHOSEN, user_id=1)
        [label] = await here.open_labels()

        await desk.accept_label(label, MODERATOR)

        assert question in desk.entry(edit_worker.SHARED_ENTRY).alternates
        await asyncio.wait_for(heard, WAIT)  # the other process reloads the new wording
    finally:
        await changes.aclose()
        await desk.close()
        await here.close()
        await other.close()
