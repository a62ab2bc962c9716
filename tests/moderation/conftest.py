from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.knowledge.loader import default_knowledge_dir
from bot.moderation.audit import AuditLog
from bot.moderation.changes import Actor
from bot.moderation.editor import KnowledgeEditor
from bot.service import AnswerService
from bot.storage import Storage

MODERATOR = Actor(user_id=42, name="mod#0", guild_id=7)


@pytest.fixture
def knowledge_dir(tmp_path: Path) -> Path:
    """A copy of the shipped knowledge folder, so tests edit realistic files."""
    target = tmp_path / "knowledge"
    shutil.copytree(default_knowledge_dir(), target, ignore=shutil.ignore_patterns("*.md"))
    return target


@pytest.fixture
async def storage(tmp_path: Path) -> AsyncIterator[Storage]:
    opened = await Storage.open(tmp_path / "careerbot.sqlite3")
    yield opened
    await opened.close()


@pytest.fixture
async def editor(knowledge_dir: Path, storage: Storage) -> KnowledgeEditor:
    return KnowledgeEditor(AnswerService.load(knowledge_dir), await AuditLog.open(storage))
