"""Learning from use: what askers' clicks say a question means, kept as labels for moderators.

A did-you-mean pick says "this question means that entry" (``CHOSEN``), a "Not helpful" vote says "this
question is not answered by that entry" (``NOT_THIS``). Only the asker's own clicks count: someone else
may be reading the answer for a question of their own. Nothing here changes the knowledge; ``/faq gaps``
offers the labels to moderators (``LabelOffer``), and only a moderator's click adds a wording.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from bot.knowledge.models import KnowledgeSnapshot
from bot.matching.analyzer import TextAnalyzer
from bot.moderation.gaps import GapGroup, question_key, same_question
from bot.storage import Label, LabelVerdict, Storage

log = logging.getLogger(__name__)


async def learn(
    storage: Storage, question_id: int, *, user_id: int, entry_id: str, verdict: LabelVerdict
) -> bool:
    """Record what the asker of logged question ``question_id`` said about ``entry_id``; False when the
    question is no longer logged or ``user_id`` did not ask it."""
    asked = await storage.logged_question(question_id)
    if asked is None or asked.user_id != user_id:
        return False
    await storage.record_label(asked.question, entry_id, verdict, user_id=user_id)
    log.info("Label %s: entry=%s question_id=%d", verdict, entry_id, question_id)
    return True


@dataclass(frozen=True, slots=True)
class LabelOffer:
    """An open label as /faq gaps shows it."""

    label: Label
    entry_question: str | None  # the entry's question; None when the entry is no longer in the knowledge
    gap: int | None = None  # the number (1-based) of the gap group the question falls in, if any

    @property
    def acceptable(self) -> bool:
        """A pick can be added as a wording of its entry while the entry exists; "not this" only informs."""
        return self.label.verdict is LabelVerdict.CHOSEN and self.entry_question is not None


def label_offers(
    labels: Sequence[Label], snapshot: KnowledgeSnapshot, groups: Sequence[GapGroup], analyzer: TextAnalyzer
) -> list[LabelOffer]:
    """The labels to show, ready alternates (picks) first, each with the gap group it belongs to."""
    keys = [[question_key(wording, analyzer) for wording in group.wordings] for group in groups]

    def gap_of(question: str) -> int | None:
        key = question_key(question, analyzer)
        return next((n for n, group in enumerate(keys, 1) if any(same_question(key, k) for k in group)), None)

    offers = []
    for label in labels:
        entry = snapshot.entry(label.entry_id)
        offers.append(LabelOffer(label, entry.question if entry else None, gap_of(label.question)))
    # Picks first; sorting is stable, so each kind keeps the storage order (most said, then newest).
    offers.sort(key=lambda offer: offer.label.verdict is not LabelVerdict.CHOSEN)
    return offers
