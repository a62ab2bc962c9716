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
from typing import overload

from bot.answers.compose import Answer, answer_from_entry, compose_answer
from bot.answers.conversation import ConversationMemory
from bot.knowledge.folder import DEFAULT_MAX_FILE_BYTES
from bot.knowledge.loader import default_knowledge_dir, load_knowledge
from bot.knowledge.models import KnowledgeSnapshot
from bot.matching.artefacts import ArtefactCache
from bot.matching.explain import Explanation, explain
from bot.matching.heap import keep_settled
from bot.matching.matcher import Matcher
from bot.matching.result import MatchResult
from bot.question_choices import ChoiceIndex

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Question:
    """Something a person typed: a mention, a DM, `/ask`, a line in the console or the CLI."""

    text: str


@dataclass(frozen=True, slots=True)
class EntryChoice:
    """An entry a person picked: a related question, a "did you mean" choice, a numbered line."""

    entry_id: str


Request = Question | EntryChoice


def conversation_key(place: int | str | None, person: int | str) -> str:
    """One person in one place (a channel, a DM, the console): the unit follow-ups are read in."""
    return f"{place}:{person}"


@dataclass(frozen=True, slots=True)
class KnowledgeState:
    snapshot: KnowledgeSnapshot
    matcher: Matcher
    choices: ChoiceIndex  # the /ask autocomplete's index, built with the matcher


def _prepare(snapshot: KnowledgeSnapshot, cache: ArtefactCache | None) -> tuple[Matcher, ChoiceIndex]:
    return Matcher(snapshot, cache=cache), ChoiceIndex(snapshot)


class AnswerService:
    def __init__(
        self,
        directory: Path,
        snapshot: KnowledgeSnapshot,
        *,
        max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
        cache_dir: Path | None = None,
    ) -> None:
        """``cache_dir`` (MATCHER_CACHE_DIR) keeps what matchers build between runs; None builds all."""
        self.directory = directory
        #: KNOWLEDGE_MAX_FILE_BYTES: every later read of ``directory`` (reloads, edits) keeps to it.
        self.max_file_bytes = max_file_bytes
        self._cache = ArtefactCache(cache_dir) if cache_dir is not None else None
        self._state = KnowledgeState(snapshot, *_prepare(snapshot, self._cache))
        self.conversations = ConversationMemory()

    @classmethod
    def load(
        cls,
        directory: Path | None = None,
        *,
        max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
        cache_dir: Path | None = None,
    ) -> AnswerService:
        """Load and validate the knowledge; raises KnowledgeInvalid listing every error."""
        directory = directory or default_knowledge_dir()
        snapshot = load_knowledge(directory, max_file_bytes=max_file_bytes)
        return cls(directory, snapshot, max_file_bytes=max_file_bytes, cache_dir=cache_dir)

    @property
    def state(self) -> KnowledgeState:
        return self._state

    @property
    def snapshot(self) -> KnowledgeSnapshot:
        return self._state.snapshot

    def match(self, question: str, previous: str | None = None) -> MatchResult:
        """The matcher's decision alone, for moderators' tools (/faq gaps); people get ``respond``."""
        return self._state.matcher.match(question, previous)

    def explain(self, question: str) -> Explanation:
        """What decides the answer to ``question`` read on its own: `ask --explain`, "Why this answer?"."""
        return explain(self._state.matcher, question)

    @overload
    def respond(
        self, request: Question, *, conversation: str | None = None, conversation_ttl: float | None = None
    ) -> Answer: ...
    @overload
    def respond(
        self, request: EntryChoice, *, conversation: str | None = None, conversation_ttl: float | None = None
    ) -> Answer | None: ...

    def respond(
        self, request: Request, *, conversation: str | None = None, conversation_ttl: float | None = None
    ) -> Answer | None:
        """The answer to a typed question or to a chosen entry: the one entrance for every caller.

        ``conversation`` (see ``conversation_key``) lets a follow-up use the last few turns; every
        question and whatever answered it, typed or chosen (a related question, a "did you mean"
        pick), becomes one of them (small talk excepted). ``conversation_ttl`` keeps this turn longer
        than the memory's few minutes (a forum thread keeps its context for days). None only when a
        chosen entry is no longer in the knowledge.
        """
        started = time.perf_counter()
        state = self._state
        if isinstance(request, EntryChoice):
            entry = state.snapshot.entry(request.entry_id)
            answer = answer_from_entry(entry, state.snapshot) if entry is not None else None
        else:
            turns = self.conversations.recent(conversation) if conversation else ()
            answer = compose_answer(state.matcher.match(request.text, turns), state.snapshot)
            log.debug("question=%r", request.text)
        if answer is None:
            return None
        if conversation:
            self._remember(conversation, request, answer, conversation_ttl)
        log.info(
            "answer entry=%s outcome=%s score=%.3f took=%.2fms",
            answer.entry_id,
            answer.status,
            answer.score,
            (time.perf_counter() - started) * 1000,
        )
        return answer

    def _remember(
        self, conversation: str, request: Request, answer: Answer, ttl_seconds: float | None
    ) -> None:
        """Every turn but small talk: what was asked (a chosen entry's question), and what answered it."""
        snapshot = self._state.snapshot
        entry = snapshot.entry(answer.entry_id) if answer.entry_id else None
        if entry is not None and snapshot.is_small_talk(entry):
            return
        asked = request.text if isinstance(request, Question) else answer.title
        offered = tuple(link.entry_id for link in answer.suggestions)
        self.conversations.remember(
            conversation, asked, entry.id if entry else None, offered, ttl_seconds=ttl_seconds
        )

    def replace(self, snapshot: KnowledgeSnapshot) -> None:
        """Swap in a validated snapshot and a matcher built for it."""
        self._swap(snapshot, *_prepare(snapshot, self._cache))

    async def replace_in_background(self, snapshot: KnowledgeSnapshot) -> None:
        """replace(), with the matcher (its index and classifier) and the autocomplete's index built in
        a worker thread, so the
        event loop keeps answering from the previous knowledge meanwhile (bot.moderation.editor)."""
        self._swap(snapshot, *await asyncio.to_thread(_prepare, snapshot, self._cache))

    def _swap(self, snapshot: KnowledgeSnapshot, matcher: Matcher, choices: ChoiceIndex) -> None:
        self._state = KnowledgeState(snapshot, matcher, choices)
        keep_settled()  # the old knowledge's cycles collected, the new one out of later collections
        log.info("Knowledge loaded: %d entries", len(snapshot.entries))
