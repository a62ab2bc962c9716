"""A follow-up that changes one slot (a role, a place, pay) and leaves the rest implied: where it moves.

"and in banking?" after healthcare moves to the neighbouring entry its new word names, and the
earlier words that told the last entry from that neighbour are dropped; "which of those pays best?"
after an entry not about pay moves among the entries about pay.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import cached_property

from bot.knowledge.models import Entry
from bot.matching.features import Reading
from bot.matching.followup.cues import ABSENCE
from bot.matching.followup.form import Form
from bot.matching.followup.phrasings import Phrasings
from bot.matching.followup.reader import Reader
from bot.matching.followup.turns import Turn, are_near, ranked_entries
from bot.matching.result import MatchResult
from bot.matching.tuning import (
    CARRIED_SHARE,
    CONTEXT_SCALE,
    KEPT_SHARE,
    MOVE_GAP,
    MOVE_RATIO,
    MOVE_SHARE,
    RIVAL_SHARE,
    SLOT_SHARE,
    TOPIC_SHARE,
)


class SlotChanges:
    """Slot changes over one matcher's knowledge (built with it, immutable once built)."""

    def __init__(self, reader: Reader, phrasings: Phrasings) -> None:
        self._reader = reader
        self._phrasings = phrasings

    @cached_property
    def absence(self) -> frozenset[str]:
        return frozenset(self._reader.analyzer.analyze(" ".join(ABSENCE)).terms)

    @cached_property
    def making(self) -> frozenset[str]:
        return frozenset(self._reader.analyzer.analyze("make making").terms)

    def neighbour(self, new: Mapping[str, float], last: Entry, alone: MatchResult) -> Entry | None:
        """The neighbour of the last entry the new words move the question to, if they change a slot.

        A neighbour (same category, or related either way) that the new words alone point to,
        when the last entry's phrasings hardly use them ("finance" after healthcare, "Brazil"
        after NYC, "juniors" after a city). When the last entry's phrasings use them too ("and
        for entry level?" after the job market, "and reinforcement learning specifically?" after
        the field's future), they narrow the question rather than move it: no neighbour. Every entry the
        message's reading ranked is looked at, not only its suggestions: the classifier's scores fall
        off steeply behind the best ("and AI engineers?" alone: the AI engineer's skills fourth, 0.31).
        When several neighbours would move it, the one holding most of what the last question kept is it.
        """
        total = sum(new.values())
        ranked = ranked_entries(self._reader.snapshot, alone)
        if not total or not ranked:
            return None
        ours = self._phrasings.holds(last, new) / total
        best = ranked[0][1]
        movers = []
        for neighbour, score in ranked:
            if neighbour.id == last.id or not are_near(last, neighbour):
                continue
            theirs = self._phrasings.holds(neighbour, new) / total
            # Close behind the message's own best reading, or naming the new words as a slot does.
            named = best - score <= MOVE_GAP or theirs >= SLOT_SHARE
            # "and without a phd?" after AI safety jobs: the slot is the absence, which an entry on
            # doctorates, never saying "without", does not name.
            absent = all(self._phrasings.share(neighbour, term) > 0 for term in self.absence & new.keys())
            if ours <= MOVE_SHARE and theirs > MOVE_RATIO * ours and named and absent:
                movers.append(neighbour)
            elif not movers:  # the message's best neighbour does not move it: no slot change
                return None
        # "same for ai engineers" after an ML engineer's skills: languages for AI come first alone, but
        # the AI engineer's skills keep what the last question asked besides its thing ("skills").
        if len(movers) < 2:
            return movers[0] if movers else None
        kept = self._phrasings.kept(new, last)
        return max(movers, key=lambda neighbour: self._phrasings.holds(neighbour, kept))

    def without_rivals(
        self, context: dict[str, float], new: Mapping[str, float], last: Entry, neighbour: Entry
    ) -> dict[str, float]:
        """The context less the slot being changed: earlier words the neighbour rarely uses."""
        return {
            t: w
            for t, w in context.items()
            if t in new or self._phrasings.share(neighbour, t) >= RIVAL_SHARE * self._phrasings.share(last, t)
        }

    def carried(
        self,
        context: dict[str, float],
        own: Mapping[str, float],
        alone: MatchResult,
        last: Entry,
        turns: Sequence[Turn],
    ) -> dict[str, float]:
        """The context with the earlier words that name a slot of what the message asks at full weight.

        "and how much do they make there?" after a visa for Germany asks pay, a category the visa entry
        is not in: the place said before ("germany": abroad) is a slot of the pay entries (CARRIED_SHARE
        of pay abroad's phrasings name it), which the message leaves implied; read at the context's
        third, the message's own words ("how much", "make") would take it to what pay depends on. Only
        words the person typed are carried: the visa entry's own question names places abroad too.
        """
        snapshot = self._reader.snapshot
        best = snapshot.entry(alone.candidates[0].entry_id) if alone.candidates else None
        if best is None or best.category == last.category or snapshot.is_small_talk(best):
            return context
        # Among the entries the message's reading ranked, not the whole category (bounded at any size).
        siblings = [
            e for e, _ in ranked_entries(snapshot, alone) if e.category == best.category and e.id != best.id
        ]
        typed = {term for turn in turns for term in self._reader.analyzer.analyze(turn.question).terms}
        carried = dict(context)
        for term, weight in context.items():
            if term in own or term not in typed or self._phrasings.share(best, term) >= SLOT_SHARE:
                continue
            if any(self._phrasings.share(sibling, term) >= CARRIED_SHARE for sibling in siblings):
                carried[term] = weight / CONTEXT_SCALE
        return carried

    def moved(
        self, form: Form, reading: Reading, own: Mapping[str, float], last: Entry
    ) -> tuple[Reading, bool] | None:
        """The reading of a message that points back to ask something new about what it points at.

        "would a masters help with that?" after new-grad jobs: the last entry's phrasings hardly use
        the message's own words (at most MOVE_SHARE of them), so what it points at is context and its
        own words the topic: only the entries whose phrasings hold TOPIC_SHARE of them are ranked (no
        small talk). "which of those pays best?" after the industries that hire asks about pay after
        an entry not about pay (fewer than SLOT_SHARE of its phrasings name it): only the entries
        about pay are ranked, however many of the message's other words the last entry uses.
        A continuation that asks about pay ("and how much do seniors make?" after career progression)
        moves to pay the same way, pointing back or not. "and the tensorflow developer one?" after
        certifications names a kind of what was said (one more certification): no move. The reading,
        and whether the move is to pay; None: no move.
        """
        if not (form.reference or form.cue) or form.kind:
            return None
        total = sum(own.values())
        snapshot = self._reader.snapshot
        ranked = [
            (s, entry)
            for s in reading.ranking
            if not snapshot.is_small_talk(entry := snapshot.entries[s.entry])
        ]
        if (
            form.pay
            and not self._phrasings.about_pay(last)
            and (self._phrasings.pay | self.making) & own.keys()
        ):
            kept = tuple(s for s, entry in ranked if self._phrasings.about_pay(entry))
            return (replace(reading, ranking=kept), True) if kept else None
        if not form.reference or not total or self._phrasings.holds(last, own) > MOVE_SHARE * total:
            return None
        kept = tuple(s for s, entry in ranked if self._phrasings.holds(entry, own) >= TOPIC_SHARE * total)
        return (replace(reading, ranking=kept), False) if kept else None

    def drops_the_question(self, followed: MatchResult, own: Mapping[str, float], last: Entry) -> bool:
        """Whether a qualifier that changes no slot is answered with an entry that drops the last question.

        "and for ai engineers building agents?" after the ML engineer's tech stack asks the tech stack
        again for them, but with the conversation it still reads best as what a generative-AI engineer
        does, whose phrasings hold little of what the last question kept ("tools", "stack"): less than
        KEPT_SHARE of what the last entry holds of it. The last entry (for AI and ML engineers) answers.
        """
        entry = self._reader.snapshot.entry(followed.entry_id) if followed.entry_id else None
        if entry is None or entry.id == last.id or self._reader.snapshot.is_small_talk(entry):
            return False
        kept = self._phrasings.kept(own, last)
        return self._phrasings.holds(entry, kept) < KEPT_SHARE * self._phrasings.holds(last, kept)
