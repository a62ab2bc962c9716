"""Reading a message with the turns before it (the rules are listed in the package's docstring)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import cached_property

import numpy as np

from bot.knowledge.models import Entry
from bot.matching.analyzer import Analysis, english_zipf, wording_of
from bot.matching.features import Reading
from bot.matching.followup.cues import (
    ABOUT_THE_FIGURES,
    ABOUT_THE_SOURCES,
    ADDRESSED,
    ALTERNATIVES,
    ASKING,
    CHOICE_QUESTION,
    CONDITION,
    EMPTY_IT,
    HOW_MUCH,
    IS_IT_A_JOB,
    IT_AS_AN_ALTERNATIVE,
    IT_WORD,
    MONEY,
    OPENING,
    REFERENCES,
)
from bot.matching.followup.form import Form, about_a_thing_not_the_bot, form_of, is_fragment, pointers_removed
from bot.matching.followup.phrasings import Phrasings
from bot.matching.followup.reader import Reader
from bot.matching.followup.slots import SlotChanges
from bot.matching.followup.turns import (
    ON_TOPIC_RULE,
    Turn,
    are_near,
    decided_surer,
    last_entry,
    ranked_entries,
    stay_on,
)
from bot.matching.normalize import clean, tokenize
from bot.matching.result import MatchResult, MatchStatus
from bot.matching.semantic import combined
from bot.matching.tuning import (
    CONTEXT_DECAY,
    CONTEXT_SCALE,
    EVERYDAY_ZIPF_RANGE,
    FOREIGN_SHARE,
    FRAGMENT_RANKS,
    MOVE_SHARE,
    OWN_QUESTION_CONFIDENCE,
    REFERENCE_SCALE,
    SHORT_REPLY_WORDS,
    SLOT_SHARE,
    STAY_CONFIDENCE,
    STAY_LEAD,
    SURE_NEIGHBOUR_CONFIDENCE,
)
from bot.matching.weighting import weigh


class FollowUps:
    def __init__(self, reader: Reader) -> None:
        self._reader = reader
        self._phrasings = Phrasings(reader)
        self._slots = SlotChanges(reader, self._phrasings)

    # Read on first use: spell-correcting them loads wordfreq's English list (a third of a second), which
    # a question that is no follow-up never needs (a one-question `python -m bot ask`).
    @cached_property
    def _about_sources(self) -> frozenset[str]:
        return frozenset(self._reader.analyzer.analyze(" ".join(ABOUT_THE_SOURCES)).terms)

    @cached_property
    def _pointing(self) -> frozenset[str]:
        return frozenset(self._reader.analyzer.analyze(" ".join(REFERENCES)).terms)

    @cached_property
    def _about_figures(self) -> frozenset[str]:
        return frozenset(self._reader.analyzer.analyze(" ".join(ABOUT_THE_FIGURES)).terms)

    def read(self, question: str, text: str, alone: MatchResult, turns: Sequence[Turn]) -> MatchResult:
        """The result for ``question`` (cleaned: ``text``) after ``turns``, given how it reads alone."""
        # Off topic alone (another career named, a task asked of the bot) is off topic after any turn:
        # "what about dentists in canada?" after AI engineers' pay asks a dentist's, which the
        # conversation's topic does not answer.
        if not turns or (alone.decision is not None and alone.decision.reading.off_topic):
            return alone
        reader = self._reader
        form = form_of(text)
        analysis = reader.analyzer.analyze(pointers_removed(text))  # "the two" is no topic
        last = last_entry(reader.snapshot, turns)
        # The words that point back ("those ones") are no topic of the message's own.
        own = {t: w for t, w in weigh(reader.index, analysis).items() if t not in self._pointing}
        if last is not None and not self._own_question(alone) and self._stays(form, analysis, last):
            return stay_on(question, last)
        continues = form.cue or form.reference or self._detail(form, text, alone, last)
        # "who made it?" after Keras reads alone as who made the bot; it asks about "it", not the bot.
        read_as_small_talk = self._small_talk(alone)
        about_it_not_the_bot = read_as_small_talk and about_a_thing_not_the_bot(text, last)
        small_talk = read_as_small_talk and not about_it_not_the_bot
        if alone.status is MatchStatus.ANSWERED and (
            not continues or small_talk or self._new_question(form, alone)
        ):
            return alone
        # Largely in words the knowledge never uses, a message is read alone, unless it continues the last
        # question, which its known words still point to ("and what if its a tiny seed stage startup?"
        # after negotiating an offer: "seed" and "stage" are no words of the knowledge).
        if self._foreign(alone) and not (form.cue and last is not None and last.id in alone.suggestions):
            return alone
        if last is not None and self._same_choice(text, last):
            return stay_on(question, last)
        # "is that its own job or just part of being an mle?" asks what the last answer's thing is: the
        # role it is set beside (ML engineering) is no new topic.
        if last is not None and IS_IT_A_JOB.match(text):
            return stay_on(question, last)
        # A choice among what was said ("which one should I learn?" after two tools) weighs each turn alike.
        decay = 1.0 if form.choice else CONTEXT_DECAY
        weights = self._phrasings.context(turns, REFERENCE_SCALE if form.reference else CONTEXT_SCALE, decay)
        neighbour = None
        if last is not None and (form.again or not form.reference):
            # What changes a slot is what the last answered turn did not say ("ai" in "and for the ai
            # engineer version?" after an ML engineer's skills: "engineer" was said).
            said = self._phrasings.context([next(t for t in reversed(turns) if t.entry_id == last.id)], 1.0)
            fresh = {t: w for t, w in own.items() if t not in said} or own
            neighbour = self._slots.neighbour(fresh, last, alone)
        if last is not None and form.again and neighbour is None and not self._own_question(alone):
            # "would your advice be different at a startup?": the last question under a condition that
            # moves it to no neighbour ("...for germany?" after U.S. pay does: pay outside the U.S.).
            # "what is your advice for switching at 35?" asks a question of its own.
            return stay_on(question, last)
        if neighbour is not None and last is not None:
            weights = self._slots.without_rivals(weights, own, last, neighbour)
        if last is not None and form.pay:  # pay asked after another topic keeps the place said before
            weights = self._slots.carried(weights, own, alone, last, turns)
        weights.update(own)
        # The message's own meaning; answered turns count through their words only, but for a message
        # that points back, whose referent's meaning is part of its own (mixing the last entry's meaning
        # into every follow-up ranked fewer blind dev follow-ups right, 94.3% against 96.2%; into those
        # that point back, with each answered turn's at CONTEXT_DECAY, as many on dev, one more on the
        # seen set and on the first round's test half). So is one that changes a slot: "and for seniors?"
        # alone means little, and its meaning is the last question's with the new slot.
        vector = reader.vector_of(analysis)
        if last is None:  # nothing answered yet: what was asked is all the meaning there is
            said = reader.analyzer.analyze(turns[-1].question)
            vector = combined([reader.vector_of(said), vector], [CONTEXT_SCALE, 1.0])
        elif form.reference or neighbour is not None:
            vector = self._pointed_at(turns, vector, decay)
        wording = self._wording(text)
        reading = reader.reading_of(weights, last.category if last else None, vector, wording)
        qualified = last is not None and self._qualifies(form, alone, last)
        if last is not None and self._one_option(form, alone, last):
            return stay_on(question, last)
        if qualified and last is not None and CHOICE_QUESTION.match(clean(last.question)):
            # A detail added to a choice ("and for deployment?" after TensorFlow or PyTorch) asks the
            # choice again under it, not about one of the things chosen between.
            return stay_on(question, last)
        if qualified:
            reading = self._around(reading, last)
        followed = self._on_topic(reader.decide(question, reading), turns)
        if neighbour is not None and last is not None and followed.status is MatchStatus.AMBIGUOUS:
            followed = self._slot_changed(question, reading, last, neighbour, followed)
        move = None if qualified or last is None else self._slots.moved(form, reading, own, last)
        if move is not None and move[1] and form.choice:
            # Pay asked as a choice among what was said ("ok which one pays more?" after the difference
            # between AI and ML engineers) asks the pay of those things: the entries about pay are told
            # apart by what was said, which the classifier reads through the meaning. There each answered
            # turn means as much as the message (alone, "which one pays more" is what pay depends on).
            chosen = self._pointed_at(turns, reader.vector_of(analysis), decay, 1.0)
            among = reader.reading_of(weights, last.category, chosen, wording)
            move = self._slots.moved(form, among, own, last) or move
        if move is not None:
            # Its own words' topic, unless only the conversation's reading is sure of an answer (pay asked
            # after an entry not about pay: a "did you mean" among pay entries beats the last answer).
            moved = self._on_topic(reader.decide(question, move[0]), turns)
            if move[1] or moved.status is MatchStatus.ANSWERED or followed.status is not MatchStatus.ANSWERED:
                followed = moved
        # A bare fragment that changes no slot ("senior level?" after pay in India, "and for entry level?"
        # after the job market) asks the last question again with a detail: when the last entry is still
        # among the FRAGMENT_RANKS best readings with the conversation, it stays there, though the fragment
        # alone names a neighbour (pay by experience, U.S. figures only) the context's words cannot outweigh.
        if (
            last is not None
            and neighbour is None
            and move is None
            and not qualified
            and is_fragment(form, text)
            and not (alone.decision is not None and alone.decision.reading.off_topic)
            and not self._sure_neighbour(alone, last)
            and followed.entry_id != last.id
            and last.id in [e.id for e, _ in ranked_entries(reader.snapshot, followed)[:FRAGMENT_RANKS]]
        ):
            return stay_on(question, last)
        # A slot change asks the last question of the neighbour its new words name: when the message
        # alone is answered with that neighbour, an entry that mixes the old slot and the new ("and an ML
        # engineer?" after what an AI engineer does: the difference between the two) is not what it asks.
        # (When the conversation's reading answers that neighbour too, it is kept: it explains the answer
        # with the earlier words it read.)
        if (
            neighbour is not None
            and alone.status is MatchStatus.ANSWERED
            and alone.entry_id == neighbour.id
            and not (followed.status is MatchStatus.ANSWERED and followed.entry_id == neighbour.id)
        ):
            return replace(alone, used_context=True)
        if last is not None and self._names_a_sibling(text, followed, alone, last):
            return stay_on(question, last)
        # A qualifier that changes no slot asks the last question again ("and for X?", "same for X", not
        # "in X, ...?", which may go on to ask its own): an answer that drops it is not it.
        if (
            last is not None
            and neighbour is None
            and form.qualifier
            and OPENING.match(text)
            and self._slots.drops_the_question(followed, own, last)
        ):
            return stay_on(question, last)
        # Read alone as the bot's small talk, a question about "it" is no rival to the conversation's reading.
        rival = not about_it_not_the_bot and self._less_sure(followed, alone)
        if followed.status is MatchStatus.ANSWERED and (form.cue or not rival):
            return replace(followed, used_context=True)  # keeps its decision, for explanations
        if last is not None and (qualified or self._narrows(form, alone, last)):
            return stay_on(question, last)
        agreed = last is not None and self._agreed(followed, alone, last)
        if last is not None and not agreed and self._everyday_question_about_it(form, text, followed, alone):
            return stay_on(question, last)
        # A "did you mean" among the conversation's neighbours beats one among the message's alone.
        if followed.status is MatchStatus.AMBIGUOUS and alone.status is not MatchStatus.ANSWERED:
            status = MatchStatus.ANSWERED if agreed else followed.status
            return replace(followed, status=status, used_context=True)
        # A continuation nothing answers, alone or with the conversation ("and from zero, no coding at
        # all?", "even if i already have a degree?"), is read as the last question with a new circumstance:
        # it stays on the last entry. A slot value the last entry never names ("what about retail?" after
        # banking: retail has no entry of its own) moves to the neighbour naming it (industries that hire).
        unanswered = followed.status is MatchStatus.UNSURE and alone.status is MatchStatus.UNSURE
        if last is not None and form.cue and unanswered:
            named = not (CONDITION.match(text) or self._phrasings.holds(last, own))
            return stay_on(question, neighbour if neighbour is not None and named else last)
        if agreed:
            return replace(followed, status=MatchStatus.ANSWERED, used_context=True)
        # Nothing is sure either way: the closest topics offered are those of the surer reading, so
        # "and the pay there?" after "planning a move to berlin" offers pay abroad first.
        if unanswered and decided_surer(followed, alone):
            return replace(followed, used_context=True)
        return alone

    def _everyday_question_about_it(
        self, form: Form, text: str, followed: MatchResult, alone: MatchResult
    ) -> bool:
        """Whether a short message asks about what was just answered in words no entry is about.

        "is it hard to learn?" after MLOps: alone and with the conversation nothing is answered (its words
        are everyone's), so "it" is the last answer's thing. Not a question of pay ("what do they pay
        there?" moves to pay); "worth it" points at nothing (form_of: "law school worth it?").
        """
        if MatchStatus.ANSWERED in (followed.status, alone.status) or form.pay:
            return False
        tokens = tokenize(text)
        if len(tokens) > SHORT_REPLY_WORDS:
            return False
        # "how many do i need?" after portfolio projects: a question of how much, in nothing but everyday
        # words and not of the bot ("how old are you?"), asks it of the thing just answered.
        everyday = EVERYDAY_ZIPF_RANGE[1]
        return form.reference or (
            bool(HOW_MUCH.match(text))
            and ADDRESSED.isdisjoint(tokens)
            and all(english_zipf(t) >= everyday for t in tokens)
        )

    def _names_a_sibling(self, text: str, followed: MatchResult, alone: MatchResult, last: Entry) -> bool:
        """Whether the message asks about "it", the last entry's thing, naming a sibling of it as an object.

        "can it run on top of pytorch too?" after Keras, "when would I use it instead of pytorch?" after
        scikit-learn: alone the message reads best as PyTorch (it names it), an entry of the last one's
        category, and with the conversation as PyTorch or the last entry; but "it" is the thing just
        answered, and PyTorch what it is asked about, though the message sets alternatives for it ("can it
        run on pytorch or only tf?"). Not when "it" is one of them ("it or pytorch?"): that asks a choice.
        """
        pointer = IT_WORD.search(EMPTY_IT.sub(" ", text))
        if pointer is None or IT_AS_AN_ALTERNATIVE.search(text) or not alone.candidates:
            return False
        named = alone.candidates[0].entry_id
        best = followed.candidates[0].entry_id if followed.candidates else None
        if named == last.id or best not in (named, last.id):
            return False
        sibling = self._reader.snapshot.entry(named)
        if sibling is None or sibling.category != last.category:
            return False
        # What names the sibling: words of the message its phrasings use as a slot, more than the last
        # entry's, which still use them (Keras's phrasings name TensorFlow). Named before "it", the
        # sibling is what "it" points at ("what does TensorFlow do and who made it?").
        analyzer = self._reader.analyzer
        before = frozenset(analyzer.analyze(text[: pointer.start()]).terms)
        naming = [
            t
            for t in analyzer.analyze(text).terms
            if self._phrasings.share(sibling, t) >= max(SLOT_SHARE, self._phrasings.share(last, t))
        ]
        return (
            bool(naming)
            and before.isdisjoint(naming)
            and all(self._phrasings.share(last, t) >= MOVE_SHARE for t in naming)
        )

    def _detail(self, form: Form, text: str, alone: MatchResult, last: Entry | None) -> bool:
        """Whether a bare fragment that opens like nothing ("senior level?") details the last question.

        Alone it is answered, not surely, with the last entry or one next to it, or that is its second
        suggestion (pay by experience after pay in India): it asks the last question with that detail.
        A fragment about something else ("refreshers worth negotiating?" after a master's) stands alone.
        """
        if last is None or not is_fragment(form, text) or self._own_question(alone):
            return False
        snapshot = self._reader.snapshot
        suggested = [snapshot.entry(entry_id) for entry_id in alone.suggestions[:2]]
        return any(e is not None and (e.id == last.id or are_near(last, e)) for e in suggested)

    @staticmethod
    def _same_choice(text: str, last: Entry) -> bool:
        """Whether the message asks the last entry's choice again under a condition of its own.

        "and if i want to do computer vision?" after TensorFlow or PyTorch, "what if i hate math" after
        which role fits: the condition names another entry (specialisations, the math for ML), which the
        classifier reads surely, but what is asked is still the choice. Not when the message names
        alternatives of its own ("ok if i do one, ml masters or data science masters?") or asks a
        question of its own past the condition ("and if i get the offer, how do i negotiate it?").
        """
        condition = CONDITION.match(text)
        if condition is None or ALTERNATIVES.search(text):
            return False
        if not ASKING.isdisjoint(tokenize(text[condition.end() :])):
            return False
        return bool(CHOICE_QUESTION.match(clean(last.question)))

    def _slot_changed(
        self, question: str, reading: Reading, last: Entry, neighbour: Entry, followed: MatchResult
    ) -> MatchResult:
        """A slot change the conversation's reading cannot decide, read among the last entry's neighbours.

        "and for the ai engineer version" after an ML engineer's skills: with the conversation, the AI
        engineer's skills and the difference between the two roles come close (a "did you mean"). The
        neighbour the new words name is among them: ranked with only the last entry and its neighbours,
        it is answered when it leads as a follow-up on the conversation's entry does (STAY_CONFIDENCE,
        STAY_LEAD).
        """
        if neighbour.id not in followed.suggestions:
            return followed
        around = self._reader.decide(question, self._around(reading, last))
        decision = around.decision
        if decision is None or not around.candidates or around.candidates[0].entry_id != neighbour.id:
            return followed
        if decision.confidence < STAY_CONFIDENCE or decision.lead < STAY_LEAD:
            return followed
        return replace(around, status=MatchStatus.ANSWERED, decision=replace(decision, rule=ON_TOPIC_RULE))

    def _wording(self, text: str) -> dict[str, float]:
        """The classifier's input for a follow-up: its wording past the words that only open it.

        The classifier reads function words too, so "and AI engineers?" alone reads best as how AI and ML
        engineers work together (phrasings with "and"): the opening says it continues, not what it asks.
        """
        opening = OPENING.match(text)
        rest = text[opening.end() :] if opening else text
        return wording_of(self._reader.analyzer.analyze(pointers_removed(rest or text)))

    def _agreed(self, followed: MatchResult, alone: MatchResult, last: Entry) -> bool:
        """Whether the message alone and with the conversation read best as one neighbour of the last entry.

        Neither is sure, but two readings that agree on an entry next to what was just answered ("would
        he need a degree eventually anyway" after bootcamps: the degree entry) at a "did you mean" level
        of confidence make it the answer.
        """
        decision = followed.decision
        if alone.status is MatchStatus.ANSWERED or decision is None or not followed.candidates:
            return False
        if not alone.candidates or alone.candidates[0].entry_id != followed.candidates[0].entry_id:
            return False
        best = self._reader.snapshot.entry(followed.candidates[0].entry_id)
        if best is None or best.id == last.id or not are_near(last, best) or decision.reading.off_topic:
            return False
        # ... in words the knowledge uses, all of them (a question about the GRE's quant section after
        # healthcare reads best as finance, alone and with the turn), and surer with the conversation's.
        known = alone.decision is not None and not alone.decision.reading.unknown_share
        surer = decided_surer(followed, alone)
        return known and surer and decision.confidence >= STAY_CONFIDENCE and decision.lead >= STAY_LEAD

    def _qualifies(self, form: Form, alone: MatchResult, last: Entry) -> bool:
        """Whether a qualifier ("and for X?") names what another part of the knowledge is about.

        Alone, "and for NLP specifically?" after portfolio projects is the entry on specialisations,
        far from the last one (another category, not related): the person asks the same question
        for NLP, not about NLP. Only the last entry and its neighbours are ranked then: a neighbour
        read confidently is a slot change ("what about for AI engineers?" after ML engineers' skills),
        anything less the last entry qualified.
        """
        if not form.qualifier or form.reference or alone.entry_id is None:
            return False
        named = self._reader.snapshot.entry(alone.entry_id)
        return named is not None and named.id != last.id and not are_near(last, named)

    def _sure_neighbour(self, alone: MatchResult, last: Entry) -> bool:
        """Whether the message alone is surely answered with a neighbour of the last entry (at
        SURE_NEIGHBOUR_CONFIDENCE).

        "and a data engineer?" after a data scientist against an ML engineer names a role the last entry
        does not weigh, in words it uses ("data", "engineer"): alone it is the neighbour on other roles,
        read surely.
        """
        named = self._reader.snapshot.entry(alone.entry_id) if alone.entry_id else None
        sure = self._own_question(alone, SURE_NEIGHBOUR_CONFIDENCE)
        return named is not None and sure and are_near(last, named)

    def _one_option(self, form: Form, alone: MatchResult, last: Entry) -> bool:
        """Whether a qualifier names one option of a choice that another entry weighs ("and at a startup?").

        After how interviews go, "at a startup?" alone reads best as the choice between big tech, startups
        and labs: it asks the last question at a startup, not which kind of company to choose.
        """
        if not form.qualifier or form.reference or not alone.candidates:
            return False
        named = self._reader.snapshot.entry(alone.candidates[0].entry_id)
        if named is None or named.id == last.id or CHOICE_QUESTION.match(clean(last.question)):
            return False
        return bool(CHOICE_QUESTION.match(clean(named.question)))

    def _around(self, reading: Reading, last: Entry) -> Reading:
        """The reading with only the last entry and its neighbours ranked."""
        entries = self._reader.snapshot.entries
        kept = tuple(
            s for s in reading.ranking if entries[s.entry].id == last.id or are_near(last, entries[s.entry])
        )
        return replace(reading, ranking=kept)

    def _narrows(self, form: Form, alone: MatchResult, last: Entry) -> bool:
        """Whether a continuation that nothing answers narrows the last answer ("and for X?").

        It opens like one ("and for computer vision specifically?", "what about in 5 years?"),
        points at nothing earlier, and its own words find no answer, not even near the last entry
        (the same category or a related entry, where a slot change would go): what it adds is a
        detail of the last answer. A question about the referent ("which framework for that?")
        is another question, and one naming something the bot does not cover is out of scope.
        """
        if not form.qualifier or form.reference or alone.status is MatchStatus.ANSWERED:
            return False
        if not alone.candidates:
            return False
        if alone.decision is not None and alone.decision.reading.off_topic:
            return False
        best = self._reader.snapshot.entry(alone.candidates[0].entry_id)
        return best is not None and best.id != last.id and not are_near(last, best)

    @staticmethod
    def _foreign(alone: MatchResult) -> bool:
        """Whether the message, unanswered alone, is largely in words the knowledge never uses.

        "any good restaurants there?" or "is it hard to learn guitar" after a question about pay points
        back in form, but what it asks is nothing the bot covers: the conversation must not lend it the
        last answer's topic. Follow-ups the conversation answers right use the knowledge's own words.
        """
        decision = alone.decision
        if alone.status is MatchStatus.ANSWERED or decision is None:
            return False
        return decision.reading.unknown_share > FOREIGN_SHARE

    @staticmethod
    def _own_question(alone: MatchResult, at: float = OWN_QUESTION_CONFIDENCE) -> bool:
        """Whether the message, read alone, is a question of its own (answered ``at`` this confidence),
        however it points back.

        "data engineer vs ML engineer, both work with data, no?" reads like a question about the
        last answer's data; alone it is answered as surely as few questions about an answer are.
        """
        decision = alone.decision
        sure = decision is not None and decision.confidence >= at
        return alone.status is MatchStatus.ANSWERED and sure

    @classmethod
    def _new_question(cls, form: Form, alone: MatchResult) -> bool:
        """Whether a message that opens like a continuation goes on to ask a whole question of its own.

        "also, what does a senior ML engineer make in the US?" or "and is AI safety an actual career
        path?" open like follow-ups but say everything they ask, and alone they are answered as
        surely as a question of its own is: the conversation lends them nothing.
        """
        return form.cue and form.clause and not form.reference and cls._own_question(alone)

    @staticmethod
    def _less_sure(followed: MatchResult, alone: MatchResult) -> bool:
        """Whether the conversation's answer is another entry, less sure than the message's own answer.

        "What is MLOps and why do companies need it?" points back in words only: alone it is
        answered surely, and a reading with the conversation's words, less sure, is no reason to
        answer it otherwise. (One that opens like a continuation, "what about AI engineers?", is
        read with the conversation however sure its own reading is.)
        """
        if alone.status is not MatchStatus.ANSWERED or followed.entry_id == alone.entry_id:
            return False
        if followed.decision is None or alone.decision is None:
            return False
        return followed.decision.confidence < alone.decision.confidence

    def _pointed_at(
        self,
        turns: Sequence[Turn],
        own: np.ndarray,
        decay: float = CONTEXT_DECAY,
        share: float = REFERENCE_SCALE,
    ) -> np.ndarray:
        """The meaning of a message that points back: its own, and the answered turns' entries' questions
        (each at ``share`` of its own, less ``decay`` a turn further back)."""
        reader = self._reader
        vectors, shares = [own], [1.0]
        for age, turn in enumerate(reversed(turns)):
            entry = reader.snapshot.entry(turn.entry_id) if turn.entry_id else None
            if entry is not None:
                said = reader.analyzer.analyze(entry.question, correct_spelling=False)
                vectors.append(reader.vector_of(said))
                shares.append(share * decay**age)
        return combined(vectors, shares)

    def _on_topic(self, followed: MatchResult, turns: Sequence[Turn]) -> MatchResult:
        """``followed`` answered when its best candidate is an entry the conversation is already on.

        Read with the conversation, a follow-up that narrows the last answer ("does it still need
        tensorflow underneath?" after Keras) carries words the knowledge barely uses, so its
        confidence falls short of answering; when the best candidate is an entry of the
        conversation's own turns, a "did you mean" level of confidence and a runner-up not too close
        (a lead of at least STAY_LEAD, a little under the width of a "did you mean") answer it.
        """
        decision = followed.decision
        if followed.status is MatchStatus.ANSWERED or decision is None or not followed.candidates:
            return followed
        best = followed.candidates[0].entry_id
        on_topic = any(turn.entry_id == best for turn in turns)
        if not (on_topic and decision.confidence >= STAY_CONFIDENCE and decision.lead >= STAY_LEAD):
            return followed
        return replace(followed, status=MatchStatus.ANSWERED, decision=replace(decision, rule=ON_TOPIC_RULE))

    def _stays(self, form: Form, analysis: Analysis, last: Entry) -> bool:
        """Whether the message asks about the last answer itself, or changes nothing but a number."""
        index = self._reader.index
        known = [(t, w) for t, w in zip(analysis.terms, analysis.words, strict=True) if index.is_known(t)]
        if form.more:  # "why?", "why is that?", "examples?": more of the last answer
            return True
        if not form.about_answer:
            return not known and form.number and (form.cue or form.reference)
        # Words the last entry's phrasings do not use mean another question ("is that true for data
        # scientists?", "is that base pay?" after TensorFlow), even when its answer mentions them in
        # passing ("and a data scientist, how is that different?" after what an ML engineer does);
        # everyday ones ("where does that figure *come* from?") none; a sourced answer also tells
        # where its figures come from and how old they are, one stating pay what it counts.
        everyday = EVERYDAY_ZIPF_RANGE[1]
        return all(
            english_zipf(word) >= everyday
            or (term in self._about_sources and bool(last.sources))
            or (term in self._about_figures and bool(MONEY.search(last.answer)))
            or self._phrasings.share(last, term) > 0
            for term, word in known
        )

    def _small_talk(self, result: MatchResult) -> bool:
        snapshot = self._reader.snapshot
        entry = snapshot.entry(result.entry_id) if result.entry_id else None
        return entry is not None and snapshot.is_small_talk(entry)
