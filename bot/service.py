"""The answering service: the current knowledge, and questions in, answers out.

The snapshot and the matcher built from it are swapped together in one
assignment, so a question never sees half of an old knowledge base and half of
a new one.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from bot.answers.compose import Answer, answer_from_entry, compose_answer
from bot.answers.conversation import ConversationMemory
from bot.knowledge.loader import default_knowledge_dir, load_knowledge
from bot.knowledge.models import KnowledgeSnapshot
from bot.matching.matcher import SMALL_TALK_CATEGORY, Matcher
from bot.matching.result import MatchResult

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class KnowledgeState:
    snapshot: KnowledgeSnapshot
    matcher: Matcher


class AnswerService:
    def __init__(self, directory: Path, snapshot: KnowledgeSnapshot) -> None:
        self.directory = directory
        self._state = KnowledgeState(snapshot, Matcher(snapshot))
        self.conversations = ConversationMemory()

    @classmethod
    def load(cls, directory: Path | None = None) -> AnswerService:
        """Load and validate the knowledge; raises KnowledgeInvalid listing every error."""
        directory = directory or default_knowledge_dir()
        return cls(directory, load_knowledge(directory))

    @property
    def state(self) -> KnowledgeState:
        return self._state

    @property
    def snapshot(self) -> KnowledgeSnapshot:
        return self._state.snapshot

    def match(self, question: str, previous: str | None = None) -> MatchResult:
        return self._state.matcher.match(question, previous)

    def ask(self, question: str, *, conversation: str | None = None) -> Answer:
        """Answer a question; ``conversation`` ("channel:user") lets a follow-up use the previous turn."""
        started = time.perf_counter()
        state = self._state
        previous = self.conversations.recall(conversation) if conversation else None
        result = state.matcher.match(question, previous)
        answer = compose_answer(result, state.snapshot)
        if conversation and answer.entry_id and answer.category != SMALL_TALK_CATEGORY:
            self.conversations.remember(conversation, answer.entry_id)
        log.info(
            "answer entry=%s outcome=%s score=%.3f took=%.2fms",
            answer.entry_id,
            answer.status,
            answer.score,
            (time.perf_counter() - started) * 1000,
        )
        log.debug("question=%r", question)
        return answer

    def answer_entry(self, entry_id: str, *, conversation: str | None = None) -> Answer | None:
        """The answer of one entry, e.g. a clicked related question; None when it no longer exists."""
        snapshot = self._state.snapshot
        entry = snapshot.entry(entry_id)
        if entry is None:
            return None
        if conversation:
            self.conversations.remember(conversation, entry.id)
        return answer_from_entry(entry, snapshot)

    def replace(self, snapshot: KnowledgeSnapshot) -> None:
        """Swap in a validated snapshot and a matcher built for it."""
        self._swap(snapshot, Matcher(snapshot))

    async def replace_in_background(self, snapshot: KnowledgeSnapshot) -> None:
        """replace(), with the matcher (its index and classifier) built in a worker thread, so the
        event loop keeps answering from the previous knowledge meanwhile (bot.moderation.editor)."""
        self._swap(snapshot, await asyncio.to_thread(Matcher, snapshot))

    def _swap(self, snapshot: KnowledgeSnapshot, matcher: Matcher) -> None:
        self._state = KnowledgeState(snapshot, matcher)
        log.info("Knowledge loaded: %d entries", len(snapshot.entries))
