"""Reading a message in the light of the turns before it: follow-ups, references, the answer itself.

People leave out what they said a moment ago. A follow-up can

- change one slot and leave the rest implied ("and in banking?" after healthcare, "and in
  Brazil?" after a U.S. salary, "same for data scientists"): the earlier questions' words are read
  again, weaker than the new ones, less the words of the slot being changed, so the new word
  moves the question to the neighbouring entry and the old ones keep the rest (a value with no
  entry of its own moves to the neighbour naming it: "what about retail?" after banking, the
  industries that hire; "and a data engineer?" after data scientists against ML engineers, the
  other roles);
- point back ("can I use *it* for deep learning?", "do employers care about *them*?"): the words
  it points at weigh more;
- name one option of a choice another entry weighs ("and at a startup?" after how interviews go,
  which alone reads as choosing between big tech and startups): it stays on that answer;
- name a sibling of the last answer as what "it" is asked about ("can it run on pytorch too?" after
  Keras): it stays on that answer, as does "who made it?" after TensorFlow (alone: who made the bot);
- ask about the previous answer itself ("is that base or TC?", "where's that number from?", "how
  old is that data?"): it stays on that answer;
- say nothing new but a number ("at 40?", "what about 50?"): it stays on that answer too;
- qualify the same question ("and for NLP specifically?" after portfolio projects): when the
  qualifier alone is about another part of the knowledge (another category, not related), or
  about nothing, the question stays near the last entry; and when, changing no slot, it reads best
  as an entry holding little of what the last question asked ("and for ai engineers building
  agents?" after the tech stack: what a generative-AI engineer does), it stays on the last entry;
- narrow the last answer in words the knowledge barely uses ("does it still need tensorflow
  underneath?" after Keras): read with the conversation, its own entry at a "did you mean"
  level of confidence is answered;
- ask for more of it ("why?", "why is that?", "examples?"): it stays on that answer;
- add a bare detail that changes no slot ("senior level?" after pay in India): it stays on that
  answer while the conversation still ranks it among its best two;
- continue the last question with a circumstance nothing answers ("and without a PhD?", "even with
  ten years of experience?"): it stays on that answer too;
- ask about a neighbour of the last answer without being sure of it ("can you say more about the
  statistics part?" after an ML engineer's skills): when the message alone and with the conversation
  put the same neighbour first, surer with the conversation and in the knowledge's words only, it is
  answered at a "did you mean" level of confidence;
- choose among what was said ("which one should I learn?" after two tools): each turn weighs alike;
- ask something new about what it points at, in words the last entry hardly uses ("would a PhD help
  with that?"), or ask about pay after an entry not about pay ("which of those pays best?"): only
  the entries using those words (those about pay) are ranked.

A continuation that goes on to ask a whole question ("also, what does a senior ML engineer make?")
and is answered surely alone is answered alone. When nothing is answered, alone or with the
conversation, the closest topics offered are those of the surer of the two readings.

A message that stands on its own is answered on its own (a question answered confidently alone
is read with the context only when it opens or points like a follow-up). The words that mark a
follow-up are English function words and the vocabulary of sources, dates and pay bases; what
moves between entries comes from the knowledge itself, through the matcher.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Protocol

import numpy as np

from bot.knowledge.models import Entry, KnowledgeSnapshot
from bot.matching.analyzer import Analysis, TextAnalyzer, english_zipf, wording_of
from bot.matching.decision import Thresholds
from bot.matching.features import Reading
from bot.matching.index import PhraseIndex
from bot.matching.normalize import clean, tokenize
from bot.matching.result import Candidate, MatchResult, MatchStatus
from bot.matching.semantic import combined
from bot.matching.stopwords import STOPWORDS
from bot.matching.tuning import (
    CARRIED_SHARE,
    CONTEXT_DECAY,
    CONTEXT_SCALE,
    EVERYDAY_ZIPF_RANGE,
    FOREIGN_SHARE,
    FRAGMENT_RANKS,
    KEPT_SHARE,
    MOVE_GAP,
    MOVE_RATIO,
    MOVE_SHARE,
    NAME_SHARE,
    OPTION_WORDS,
    OWN_QUESTION_CONFIDENCE,
    REFERENCE_SCALE,
    RIVAL_SHARE,
    SHORT_REPLY_WORDS,
    SLOT_SHARE,
    STAY_CONFIDENCE,
    STAY_LEAD,
    TOPIC_SHARE,
    TYPED_SHARE,
)
from bot.matching.weighting import weigh

#: The decision rule recorded when a follow-up is answered with the entry the conversation is on.
ON_TOPIC_RULE = "conversation-topic"
#: What it means, for explanations.
ON_TOPIC_TEXT = "read with the conversation, its best candidate is the entry the conversation is on"


@dataclass(frozen=True, slots=True)
class Turn:
    """One earlier turn of a conversation: what was asked, and the entry that answered it (or None)."""

    question: str
    entry_id: str | None


#: Openings of a message that continues the previous one ("and for seniors?", "what about AI
#: engineers?", "same for data scientists", "at a startup?", "in banking?").
_CUE = re.compile(
    r"\W*(?:and|also|but|so|then|or|plus|ok(?:ay)?|what about|how about|what if|same|vs|versus|"
    r"compared to|instead|any|in|at|for|with|without|as|even)\b"
)
#: The words that only open a continuation ("and", "ok so what about"): no topic of the message's own.
_OPENING = re.compile(
    r"(?:\W*\b(?:and|also|but|so|then|or|plus|ok(?:ay)?|what about|how about|same(?: question| thing)?)\b)+"
)
#: A continuation that states a condition: "and if i want to do computer vision?", "what if i hate math".
_CONDITION = re.compile(r"\W*(?:(?:and|so|but|ok(?:ay)?)\W+)?(?:what |even )?if\b")
#: A question that asks to choose between alternatives: "Should I learn TensorFlow or PyTorch?".
_CHOICE_QUESTION = re.compile(r"\W*(?:should|which)\b.*\b(?:or|vs|versus)\b")
#: ... and a message that names alternatives of its own ("ml masters or data science masters?").
_ALTERNATIVES = re.compile(r"\b(?:or|vs|versus|between)\b")
#: ... and "it" set beside another thing as one of the alternatives ("it or pytorch?", "keras vs it"), or
#: asked about again as the other one ("does it work or is it cringe?": "it" is the message's own thing).
_IT_AS_AN_ALTERNATIVE = re.compile(
    r"\b(?:it|its)\s+(?:or|vs|versus|and)\b|\b(?:or|vs|versus|between)\s+(?:it|its)\b"
    r"|\bor (?:is|was|does|do|will|would|can) (?:it|that|this)\b"
)
#: Words that ask a question of a clause's own ("and if i get the offer, how do i negotiate it?").
_ASKING = frozenset("what which who whom whose how why where when should".split())
#: Words that mark a message as a reply to what was just said wherever they stand ("how deep tho?").
_THOUGH = re.compile(r"(?<!\beven )\b(?:tho|though)\b")
#: A continuation that adds a qualifier to the same question: "and for X?", "what about in X?", "at X?".
_QUALIFIER = re.compile(
    r"\W*(?:(?:and|also|but|so|then|or|plus|ok(?:ay)?|what about|how about|what if|same(?: question| thing)?)"
    r"\W+)?(?:for|in|at|on|with|without|as)\b"
)
#: Words that make a clause of their own ("in which industries do ML engineers work?"): not a qualifier.
_CLAUSE = frozenset(
    """
    what which who whom whose how why where when do does did is are was were am be can could should would
    will shall may might must have has had
    """.split()
)
#: ... and those words run together with "is" in chat ("whats 17 times 23").
_CONTRACTED_CLAUSE = frozenset("whats hows whos wheres whys whens thats".split())
#: Words that point back at what was said.
_REFERENCES = frozenset(
    "it its itself that thats this those these them they their theirs there one ones both either".split()
)
#: The words that point back at a thing, not at the bot ("who made it?"), and those that address the bot.
_IT = frozenset("it its itself they them their".split())
_ADDRESSED = frozenset("you u your ur yourself bot".split())
#: ... and those that point at one thing, but for an "it" that points at nothing ("is it worth it?", "is it
#: possible to move later?", "how long does it take?").
_IT_WORD = re.compile(r"\b(?:it|its|itself)\b")
_WORTH_IT = re.compile(r"\bworth it\b")
#: "Itself" that stresses the thing just named ("the framework itself", "the deep learning knowledge
#: itself"): that names it, it does not point back.
_NAMED_ITSELF = re.compile(r"\b(?:the|a|an|this|that) (?:\w+ ){1,3}(?:itself|themselves)\b")
_EMPTY_IT = re.compile(
    rf"{_WORTH_IT.pattern}|\bit (?:takes?|took)\b"
    r"|\b(?:is|was|isnt|wasnt|would|will|does|did) it (?:be |even |still |really )?"
    r"(?:possible|posible|realistic|hard|easy|too|ok|okay|normal|late|worth|true|better|necessary|take"
    r"|make sense)\b"
)
#: Numbers that point back: "which of the two should I learn?".
_REFERENCE_PHRASE = re.compile(r"\b(?:the|these|those|both) (?:two|2|three|3)\b")
#: The answer itself, asked again under a new condition: "does the answer change if I want an industry
#: job?", "would your advice be different at a startup?" (no topic: "change" is a career change's word).
_ANSWER_AGAIN = re.compile(
    r"(?<!what )(?<!how )\b(?:does|do|would|will|is|could)(?:nt)? (?:the|your|ur|that|this)"
    r" (?:answer|advice|recommendation)"
    r"(?: (?:change|be different|still hold|differ))?\b"
)
#: "There" that points nowhere: "is there demand?", "there are many roles".
_THERE_IS = re.compile(
    r"\b(?:(?:is|are|was|were|be|been|isnt|arent) there|there (?:is|are|was|were|will|be|s))\b"
)
#: "That" that joins a clause ("the jobs that I should consider", "is it true that you need a phd"):
#: followed by who does something, it points at nothing said.
_THAT_CLAUSE = re.compile(r"\bthat (?=(?:i|im|ive|you|u|we|they|he|she|people|ppl)\b)")
#: "This" that points at the calendar, not at what was said: "this year", "next month".
_THIS_TIME = re.compile(
    r"\b(?:this|these) (?:year|years|month|months|week|weeks|summer|spring|fall|autumn|winter)\b"
)
#: Words about where an answer's figures come from and how old they are: any sourced answer has those.
_ABOUT_THE_SOURCES = frozenset(
    """
    source sources sourced cite cited citation reference references number numbers figure figures data
    stat stats statistic statistics survey study old date dated recent current updated outdated
    accurate accuracy reliable legit
    """.split()
)
#: Words about what a figure counts (its pay basis, its period): only an answer that uses them has those.
_ABOUT_THE_FIGURES = frozenset(
    """
    base gross net tax taxes pretax pre before after total tc ctc yearly annual annually monthly hourly
    year month hour currency usd dollars median average mean bonus include includes including
    """.split()
)
_ABOUT_THE_ANSWER = _ABOUT_THE_SOURCES | _ABOUT_THE_FIGURES
#: Words that ask about pay: "which of those pays best?", "what would they earn?".
_PAY = frozenset("pay pays paid salary salaries earn earns earning compensation".split())
#: ... and the phrase that does: "how much would I make there?" (the word "make" alone asks nothing).
_PAY_PHRASE = re.compile(r"\bhow much (?:\w+ ){0,4}(?:make|making)\b")
#: "paid" as an attribute of a thing bought ("one of those paid 12 week programs", "free or paid courses"):
#: what it costs, not what it pays.
_PAID_THING = re.compile(
    r"\b(?:a|an|the|those|these|some|any|or) paid\b(?! (?:more|less|well|better|best|worse)\b)"
)
#: An amount of money in an answer ("$206,000", "€65k", "₹25 lakh"): the answer states pay.
_MONEY = re.compile(r"[$€£₹]\s?\d|\b\d+(?:[.,]\d+)?\s?(?:k|lpa|lakhs?)\b", re.IGNORECASE)
#: Two-word versions: "where's that number from?", "is that per year?".
_ABOUT_THE_ANSWER_PHRASE = re.compile(r"\b(?:where\w* .*\bfrom|per (?:year|month|hour|annum)|up to date)\b")
#: Words that change a slot to its absence ("and without a phd?").
_ABSENCE = frozenset("without".split())
#: Ages and years a follow-up may change alone ("at 40?", "what about 2030?"): the topic stays.
_NUMBER = re.compile(r"\b\d+(?:s|k)?\b")
#: Words that ask for more of what was just said ("why?", "examples?", "how so?"), not for a new topic.
_MORE_OF_IT = frozenset(
    "why how come so example examples eg instance explain elaborate detail details more meaning mean".split()
)
#: Asking words among them, one of which a request for more must name ("so?" or "more" alone is no request).
_ASKING_MORE = frozenset("why come example examples eg instance explain elaborate detail details".split())
#: ... and the phrase that asks it: "how so?" ("so" alone asks nothing).
_HOW_SO = re.compile(r"\bhow so\b")
#: "the tensorflow developer one", "the free ones": a kind of what was just said, not a new topic.
_KIND_OF_IT = re.compile(r"\b(?:the|a|that|this) (?:\w+ ){1,3}ones?\b")
#: A choice between the things said before: "which one should I learn?", "which of the two pays more?".
_CHOICE = re.compile(r"\b(?:which|what) (?:one|ones|of)\b|\b(?:both|either)\b")


#: A message that points at one of two things just named: "who made the second one?", "the former"
#: (not "the first step", "the second year": those name a thing of their own).
_ORDINAL = re.compile(
    r"\bthe (?:(?P<first>(?:first|1st) (?:one|option|choice)|former)"
    r"|(?:second|2nd) (?:one|option|choice)|latter)\b"
)
#: What sets two alternatives side by side: "tensorflow or pytorch", "research scientist vs ml engineer",
#: and after "between", "and" ("the difference between a research scientist and a research engineer").
_CONNECTOR = re.compile(r"\s+(?:or|vs|versus)\s+")
_BETWEEN = re.compile(r"\bbetween\s+")
_BETWEEN_CONNECTOR = re.compile(r"\s+(?:and|or|vs|versus)\s+")
_ARTICLES = frozenset("a an the".split())
#: Punctuation that ends a run of words naming one alternative.
_BREAK = re.compile(r"[,.;:!?()\[\]]")


def _pointers_removed(text: str) -> str:
    """The text less the phrases that point back and name no topic ("the two", "does the answer change")."""
    return _ANSWER_AGAIN.sub(" ", _REFERENCE_PHRASE.sub(" ", text))


def spelled_out(text: str, earlier: str) -> str:
    """Cleaned ``text`` with "the first one" or "the second one" ("the former", "the latter") replaced
    by what the ``earlier`` question named first or second; as it was when that named no two things.

    "who made the second one?" after "tensorflow or pytorch for a beginner?" asks who made PyTorch:
    read as it is, "who made" is a question about the bot.
    """
    pointed = _ORDINAL.search(text)
    options = _alternatives(clean(earlier)) if pointed is not None else None
    if pointed is None or options is None:
        return text
    named = options[0] if pointed.group("first") else options[1]
    return f"{text[: pointed.start()]}{named}{text[pointed.end() :]}"


def _alternatives(text: str) -> tuple[str, str] | None:
    """The two things cleaned ``text`` sets side by side, each in as many words as the shorter one."""
    for part in _BREAK.split(text):
        between = _BETWEEN.search(part)
        connector = _BETWEEN_CONNECTOR if between else _CONNECTOR
        sides = connector.split(part[between.end() :] if between else part, maxsplit=1)
        if len(sides) != 2:
            continue
        before, after = _run(reversed(sides[0].split())), _run(sides[1].split())
        words = min(len(before), len(after))
        if words:
            return " ".join(reversed(before[:words])), " ".join(after[:words])
    return None


def _run(words: Iterable[str]) -> list[str]:
    """The words up to the first function word (past an article), at most OPTION_WORDS of them."""
    run: list[str] = []
    for word in words:
        if not run and word in _ARTICLES:
            continue
        if word in STOPWORDS or len(run) == OPTION_WORDS:
            break
        run.append(word)
    return run


@dataclass(frozen=True, slots=True)
class Form:
    """How a message is put, as far as following up goes."""

    cue: bool  # opens like a continuation
    reference: bool  # points back ("it", "that", "them")
    about_answer: bool  # asks about the previous answer's figures, sources or date
    number: bool  # names a number (an age, a year)
    qualifier: bool = False  # adds a qualifier to the same question ("and for X?", "in X?")
    more: bool = False  # asks for more of the last answer and nothing else ("why?", "why is that?")
    choice: bool = False  # chooses among what was said ("which one should I learn?")
    clause: bool = False  # after its opening, a clause of its own ("also, what does a senior make?")
    kind: bool = False  # names a kind of what was said ("and the tensorflow developer one?")
    pay: bool = False  # asks about pay in so many words ("which of those pays best?")
    again: bool = False  # asks the last answer again under a condition ("does the answer change if...")


def form_of(text: str) -> Form:
    """The follow-up marks of cleaned ``text``."""
    tokens = tokenize(_THAT_CLAUSE.sub(" ", _THIS_TIME.sub(" ", _THERE_IS.sub(" ", text))))
    # "law school worth it?" and "the framework itself" point at nothing.
    pointing = [
        t
        for t in tokenize(_WORTH_IT.sub(" ", " ".join(tokens)))
        if t not in ("itself", "themselves") or not _NAMED_ITSELF.search(text)
    ]
    again = bool(_ANSWER_AGAIN.search(text))
    reference = not _REFERENCES.isdisjoint(pointing) or bool(_REFERENCE_PHRASE.search(text)) or again
    # "source?", "base or tc?": nothing but words about an answer points back at it too.
    bare = all(t in _ABOUT_THE_ANSWER or t in STOPWORDS or t.isdigit() for t in tokens)
    about = (reference or bare) and (
        not _ABOUT_THE_ANSWER.isdisjoint(tokens) or bool(_ABOUT_THE_ANSWER_PHRASE.search(text))
    )
    qualifier = _QUALIFIER.match(text)
    fragment = qualifier is not None and _CLAUSE.isdisjoint(tokenize(text[qualifier.end() :]))
    asks_more = not _ASKING_MORE.isdisjoint(tokens) or bool(_HOW_SO.search(text))
    more = asks_more and all(t in STOPWORDS or t in _REFERENCES or t in _MORE_OF_IT for t in tokens)
    cue = _CUE.match(text)
    clause = cue is not None and not _CLAUSE.isdisjoint(tokenize(text[cue.end() :]))
    choice = bool(_CHOICE.search(text) or _REFERENCE_PHRASE.search(text))
    kind = bool(_KIND_OF_IT.search(text))
    number = bool(_NUMBER.search(text))
    asked = tokenize(_PAID_THING.sub(" ", text))
    pay = not _PAY.isdisjoint(asked) or bool(_PAY_PHRASE.search(text))
    # "how deep tho?", "ok, how deep tho?" and "how deep tho, like do i need proofs?": "tho" in a short
    # message or in its short first clause.
    opening = _BREAK.split(text, maxsplit=1)[0]
    continues = cue is not None or any(
        len(tokenize(part)) <= SHORT_REPLY_WORDS and _THOUGH.search(part) for part in (text, opening)
    )
    return Form(continues, reference, about, number, fragment, more, choice, clause, kind, pay, again)


class Reader(Protocol):
    """What following up needs of the matcher."""

    snapshot: KnowledgeSnapshot
    index: PhraseIndex
    thresholds: Thresholds

    @property
    def analyzer(self) -> TextAnalyzer: ...

    def reading_of(
        self,
        weights: Mapping[str, float],
        category: str | None = None,
        vector: np.ndarray | None = None,
        wording: Mapping[str, float] | None = None,
    ) -> Reading: ...

    def vector_of(self, analysis: Analysis) -> np.ndarray: ...

    def decide(self, question: str, reading: Reading) -> MatchResult: ...


class FollowUps:
    """Follow-up reading over one matcher's knowledge (built with it, immutable once built)."""

    def __init__(self, reader: Reader) -> None:
        self._reader = reader
        self._numbers = {entry_id: n for n, entry_id in enumerate(reader.index.entry_ids)}

    # Read on first use: spell-correcting them loads wordfreq's English list (a third of a second), which
    # a question that is no follow-up never needs (a one-question `python -m bot ask`).
    @cached_property
    def _about_sources(self) -> frozenset[str]:
        return frozenset(self._reader.analyzer.analyze(" ".join(_ABOUT_THE_SOURCES)).terms)

    @cached_property
    def _pointing(self) -> frozenset[str]:
        return frozenset(self._reader.analyzer.analyze(" ".join(_REFERENCES)).terms)

    @cached_property
    def _pay(self) -> frozenset[str]:
        return frozenset(self._reader.analyzer.analyze(" ".join(sorted(_PAY))).terms)

    @cached_property
    def _absence(self) -> frozenset[str]:
        return frozenset(self._reader.analyzer.analyze(" ".join(_ABSENCE)).terms)

    @cached_property
    def _making(self) -> frozenset[str]:
        return frozenset(self._reader.analyzer.analyze("make making").terms)

    @cached_property
    def _about_figures(self) -> frozenset[str]:
        return frozenset(self._reader.analyzer.analyze(" ".join(_ABOUT_THE_FIGURES)).terms)

    def read(self, question: str, text: str, alone: MatchResult, turns: Sequence[Turn]) -> MatchResult:
        """The result for ``question`` (cleaned: ``text``) after ``turns``, given how it reads alone."""
        # Off topic alone (another career named, a task asked of the bot) is off topic after any turn:
        # "what about dentists in canada?" after AI engineers' pay asks a dentist's, which the
        # conversation's topic does not answer.
        if not turns or (alone.decision is not None and alone.decision.reading.off_topic):
            return alone
        reader = self._reader
        form = form_of(text)
        analysis = reader.analyzer.analyze(_pointers_removed(text))  # "the two" is no topic
        last = _last_entry(reader.snapshot, turns)
        # The words that point back ("those ones") are no topic of the message's own.
        own = {t: w for t, w in weigh(reader.index, analysis).items() if t not in self._pointing}
        if last is not None and not self._own_question(alone) and self._stays(form, analysis, last):
            return _stay_on(question, last)
        continues = form.cue or form.reference or self._detail(form, text, alone, last)
        small_talk = self._small_talk(alone) and not _about_a_thing_not_the_bot(text, last)
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
            return _stay_on(question, last)
        # A choice among what was said ("which one should I learn?" after two tools) weighs each turn alike.
        decay = 1.0 if form.choice else CONTEXT_DECAY
        weights = self._context(turns, REFERENCE_SCALE if form.reference else CONTEXT_SCALE, decay)
        neighbour = None
        if last is not None and (form.again or not form.reference):
            # What changes a slot is what the last answered turn did not say ("ai" in "and for the ai
            # engineer version?" after an ML engineer's skills: "engineer" was said).
            said = self._context([next(t for t in reversed(turns) if t.entry_id == last.id)], 1.0)
            fresh = {t: w for t, w in own.items() if t not in said} or own
            neighbour = self._neighbour(fresh, last, alone)
        if last is not None and form.again and neighbour is None and not self._own_question(alone):
            # "would your advice be different at a startup?": the last question under a condition that
            # moves it to no neighbour ("...for germany?" after U.S. pay does: pay outside the U.S.).
            # "what is your advice for switching at 35?" asks a question of its own.
            return _stay_on(question, last)
        if neighbour is not None and last is not None:
            weights = self._without_rivals(weights, own, last, neighbour)
        if last is not None and form.pay:  # pay asked after another topic keeps the place said before
            weights = self._carried(weights, own, alone, last, turns)
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
            return _stay_on(question, last)
        if qualified and last is not None and _CHOICE_QUESTION.match(clean(last.question)):
            # A detail added to a choice ("and for deployment?" after TensorFlow or PyTorch) asks the
            # choice again under it, not about one of the things chosen between.
            return _stay_on(question, last)
        if qualified:
            reading = self._around(reading, last)
        followed = self._on_topic(reader.decide(question, reading), turns)
        if neighbour is not None and last is not None and followed.status is MatchStatus.AMBIGUOUS:
            followed = self._slot_changed(question, reading, last, neighbour, followed)
        move = None if qualified or last is None else self._moved(form, reading, own, last)
        if move is not None and move[1] and form.choice:
            # Pay asked as a choice among what was said ("ok which one pays more?" after the difference
            # between AI and ML engineers) asks the pay of those things: the entries about pay are told
            # apart by what was said, which the classifier reads through the meaning. There each answered
            # turn means as much as the message (alone, "which one pays more" is what pay depends on).
            chosen = self._pointed_at(turns, reader.vector_of(analysis), decay, 1.0)
            among = reader.reading_of(weights, last.category, chosen, wording)
            move = self._moved(form, among, own, last) or move
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
            and _fragment(form, text)
            and not (alone.decision is not None and alone.decision.reading.off_topic)
            and not self._sure_neighbour(alone, last)
            and followed.entry_id != last.id
            and last.id in [e.id for e, _ in _ranked(reader.snapshot, followed)[:FRAGMENT_RANKS]]
        ):
            return _stay_on(question, last)
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
            return _stay_on(question, last)
        # A qualifier that changes no slot asks the last question again ("and for X?", "same for X", not
        # "in X, ...?", which may go on to ask its own): an answer that drops it is not it.
        if (
            last is not None
            and neighbour is None
            and form.qualifier
            and _OPENING.match(text)
            and self._drops_the_question(followed, own, last)
        ):
            return _stay_on(question, last)
        if followed.status is MatchStatus.ANSWERED and (form.cue or not self._less_sure(followed, alone)):
            return replace(followed, used_context=True)  # keeps its decision, for explanations
        if last is not None and (qualified or self._narrows(form, alone, last)):
            return _stay_on(question, last)
        agreed = last is not None and self._agreed(followed, alone, last)
        if last is not None and not agreed and self._everyday_question_about_it(form, text, followed, alone):
            return _stay_on(question, last)
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
            named = not (_CONDITION.match(text) or self._holds(last, own))
            return _stay_on(question, neighbour if neighbour is not None and named else last)
        if agreed:
            return replace(followed, status=MatchStatus.ANSWERED, used_context=True)
        # Nothing is sure either way: the closest topics offered are those of the surer reading, so
        # "and the pay there?" after "planning a move to berlin" offers pay abroad first.
        if unanswered and _surer(followed, alone):
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
        return len(tokenize(text)) <= SHORT_REPLY_WORDS and form.reference

    def _names_a_sibling(self, text: str, followed: MatchResult, alone: MatchResult, last: Entry) -> bool:
        """Whether the message asks about "it", the last entry's thing, naming a sibling of it as an object.

        "can it run on top of pytorch too?" after Keras, "when would I use it instead of pytorch?" after
        scikit-learn: alone the message reads best as PyTorch (it names it), an entry of the last one's
        category, and with the conversation as PyTorch or the last entry; but "it" is the thing just
        answered, and PyTorch what it is asked about, though the message sets alternatives for it ("can it
        run on pytorch or only tf?"). Not when "it" is one of them ("it or pytorch?"): that asks a choice.
        """
        pointer = _IT_WORD.search(_EMPTY_IT.sub(" ", text))
        if pointer is None or _IT_AS_AN_ALTERNATIVE.search(text) or not alone.candidates:
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
            if self._share(sibling, t) >= max(SLOT_SHARE, self._share(last, t))
        ]
        return (
            bool(naming)
            and before.isdisjoint(naming)
            and all(self._share(last, t) >= MOVE_SHARE for t in naming)
        )

    def _detail(self, form: Form, text: str, alone: MatchResult, last: Entry | None) -> bool:
        """Whether a bare fragment that opens like nothing ("senior level?") details the last question.

        Alone it is answered, not surely, with the last entry or one next to it, or that is its second
        suggestion (pay by experience after pay in India): it asks the last question with that detail.
        A fragment about something else ("refreshers worth negotiating?" after a master's) stands alone.
        """
        if last is None or not _fragment(form, text) or self._own_question(alone):
            return False
        snapshot = self._reader.snapshot
        suggested = [snapshot.entry(entry_id) for entry_id in alone.suggestions[:2]]
        return any(e is not None and (e.id == last.id or _near(last, e)) for e in suggested)

    @staticmethod
    def _same_choice(text: str, last: Entry) -> bool:
        """Whether the message asks the last entry's choice again under a condition of its own.

        "and if i want to do computer vision?" after TensorFlow or PyTorch, "what if i hate math" after
        which role fits: the condition names another entry (specialisations, the math for ML), which the
        classifier reads surely, but what is asked is still the choice. Not when the message names
        alternatives of its own ("ok if i do one, ml masters or data science masters?") or asks a
        question of its own past the condition ("and if i get the offer, how do i negotiate it?").
        """
        condition = _CONDITION.match(text)
        if condition is None or _ALTERNATIVES.search(text):
            return False
        if not _ASKING.isdisjoint(tokenize(text[condition.end() :])):
            return False
        return bool(_CHOICE_QUESTION.match(clean(last.question)))

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
        opening = _OPENING.match(text)
        rest = text[opening.end() :] if opening else text
        return wording_of(self._reader.analyzer.analyze(_pointers_removed(rest or text)))

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
        if best is None or best.id == last.id or not _near(last, best) or decision.reading.off_topic:
            return False
        # ... in words the knowledge uses, all of them (a question about the GRE's quant section after
        # healthcare reads best as finance, alone and with the turn), and surer with the conversation's.
        known = alone.decision is not None and not alone.decision.reading.unknown_share
        surer = _surer(followed, alone)
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
        return named is not None and named.id != last.id and not _near(last, named)

    def _carried(
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
        siblings = [e for e, _ in _ranked(snapshot, alone) if e.category == best.category and e.id != best.id]
        typed = {term for turn in turns for term in self._reader.analyzer.analyze(turn.question).terms}
        carried = dict(context)
        for term, weight in context.items():
            if term in own or term not in typed or self._share(best, term) >= SLOT_SHARE:
                continue
            if any(self._share(sibling, term) >= CARRIED_SHARE for sibling in siblings):
                carried[term] = weight / CONTEXT_SCALE
        return carried

    def _sure_neighbour(self, alone: MatchResult, last: Entry) -> bool:
        """Whether the message alone is surely answered with a neighbour of the last entry.

        "and a data engineer?" after a data scientist against an ML engineer names a role the last entry
        does not weigh, in words it uses ("data", "engineer"): alone it is the neighbour on other roles,
        read as surely as a question of its own.
        """
        named = self._reader.snapshot.entry(alone.entry_id) if alone.entry_id else None
        return named is not None and self._own_question(alone) and _near(last, named)

    def _one_option(self, form: Form, alone: MatchResult, last: Entry) -> bool:
        """Whether a qualifier names one option of a choice that another entry weighs ("and at a startup?").

        After how interviews go, "at a startup?" alone reads best as the choice between big tech, startups
        and labs: it asks the last question at a startup, not which kind of company to choose.
        """
        if not form.qualifier or form.reference or not alone.candidates:
            return False
        named = self._reader.snapshot.entry(alone.candidates[0].entry_id)
        if named is None or named.id == last.id or _CHOICE_QUESTION.match(clean(last.question)):
            return False
        return bool(_CHOICE_QUESTION.match(clean(named.question)))

    def _around(self, reading: Reading, last: Entry) -> Reading:
        """The reading with only the last entry and its neighbours ranked."""
        entries = self._reader.snapshot.entries
        kept = tuple(
            s for s in reading.ranking if entries[s.entry].id == last.id or _near(last, entries[s.entry])
        )
        return replace(reading, ranking=kept)

    def _moved(
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
        if form.pay and not self._about_pay(last) and (self._pay | self._making) & own.keys():
            kept = tuple(s for s, entry in ranked if self._about_pay(entry))
            return (replace(reading, ranking=kept), True) if kept else None
        if not form.reference or not total or self._holds(last, own) > MOVE_SHARE * total:
            return None
        kept = tuple(s for s, entry in ranked if self._holds(entry, own) >= TOPIC_SHARE * total)
        return (replace(reading, ranking=kept), False) if kept else None

    def _about_pay(self, entry: Entry) -> bool:
        """Whether the entry is about pay: at least SLOT_SHARE of its phrasings name it."""
        return any(self._share(entry, term) >= SLOT_SHARE for term in self._pay)

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
        return best is not None and best.id != last.id and not _near(last, best)

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
    def _own_question(alone: MatchResult) -> bool:
        """Whether the message, read alone, is a question of its own, however it points back.

        "data engineer vs ML engineer, both work with data, no?" reads like a question about the
        last answer's data; alone it is answered as surely as few questions about an answer are.
        """
        decision = alone.decision
        sure = decision is not None and decision.confidence >= OWN_QUESTION_CONFIDENCE
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
        number = self._numbers[last.id]
        everyday = EVERYDAY_ZIPF_RANGE[1]
        return all(
            english_zipf(word) >= everyday
            or (term in self._about_sources and bool(last.sources))
            or (term in self._about_figures and bool(_MONEY.search(last.answer)))
            or index.term_count(number, index.term_ids[term]) > 0
            for term, word in known
        )

    def _neighbour(self, new: Mapping[str, float], last: Entry, alone: MatchResult) -> Entry | None:
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
        ranked = _ranked(self._reader.snapshot, alone)
        if not total or not ranked:
            return None
        ours = self._holds(last, new) / total
        best = ranked[0][1]
        movers = []
        for neighbour, score in ranked:
            if neighbour.id == last.id or not _near(last, neighbour):
                continue
            theirs = self._holds(neighbour, new) / total
            # Close behind the message's own best reading, or naming the new words as a slot does.
            named = best - score <= MOVE_GAP or theirs >= SLOT_SHARE
            # "and without a phd?" after AI safety jobs: the slot is the absence, which an entry on
            # doctorates, never saying "without", does not name.
            absent = all(self._share(neighbour, term) > 0 for term in self._absence & new.keys())
            if ours <= MOVE_SHARE and theirs > MOVE_RATIO * ours and named and absent:
                movers.append(neighbour)
            elif not movers:  # the message's best neighbour does not move it: no slot change
                return None
        # "same for ai engineers" after an ML engineer's skills: languages for AI come first alone, but
        # the AI engineer's skills keep what the last question asked besides its thing ("skills").
        if len(movers) < 2:
            return movers[0] if movers else None
        kept = self._kept(new, last)
        return max(movers, key=lambda neighbour: self._holds(neighbour, kept))

    def _drops_the_question(self, followed: MatchResult, own: Mapping[str, float], last: Entry) -> bool:
        """Whether a qualifier that changes no slot is answered with an entry that drops the last question.

        "and for ai engineers building agents?" after the ML engineer's tech stack asks the tech stack
        again for them, but with the conversation it still reads best as what a generative-AI engineer
        does, whose phrasings hold little of what the last question kept ("tools", "stack"): less than
        KEPT_SHARE of what the last entry holds of it. The last entry (for AI and ML engineers) answers.
        """
        entry = self._reader.snapshot.entry(followed.entry_id) if followed.entry_id else None
        if entry is None or entry.id == last.id or self._reader.snapshot.is_small_talk(entry):
            return False
        kept = self._kept(own, last)
        return self._holds(entry, kept) < KEPT_SHARE * self._holds(last, kept)

    def _kept(self, new: Mapping[str, float], last: Entry) -> dict[str, float]:
        """The last entry's question less the new words and the words naming its thing (NAME_SHARE)."""
        said = self._reader.analyzer.analyze(last.question, correct_spelling=False)
        return {
            t: w
            for t, w in weigh(self._reader.index, said).items()
            if t not in new and self._share(last, t) < NAME_SHARE
        }

    def _without_rivals(
        self, context: dict[str, float], new: Mapping[str, float], last: Entry, neighbour: Entry
    ) -> dict[str, float]:
        """The context less the slot being changed: earlier words the neighbour rarely uses."""
        return {
            t: w
            for t, w in context.items()
            if t in new or self._share(neighbour, t) >= RIVAL_SHARE * self._share(last, t)
        }

    def _holds(self, entry: Entry, weights: Mapping[str, float]) -> float:
        """The weight of ``weights`` the entry's phrasings hold, each term by the share using it."""
        return sum(w * self._share(entry, t) for t, w in weights.items())

    def _share(self, entry: Entry, term: str) -> float:
        """The share of the entry's phrasings (its keywords counting as one) that use the term."""
        known = self._reader.index.term_ids.get(term)
        if known is None:
            return 0.0
        return self._reader.index.term_count(self._numbers[entry.id], known) / (len(entry.phrasings) + 1)

    def _context(self, turns: Sequence[Turn], scale: float, decay: float = CONTEXT_DECAY) -> dict[str, float]:
        """The earlier turns' words (as typed, and the answering entry's question), newest strongest."""
        reader = self._reader
        weights: dict[str, float] = {}
        for age, turn in enumerate(reversed(turns)):
            entry = reader.snapshot.entry(turn.entry_id) if turn.entry_id else None
            said = (
                [(turn.question, 1.0)]
                if entry is None
                else [(turn.question, TYPED_SHARE), (entry.question, 1.0)]
            )
            for words, share in said:
                analysis = reader.analyzer.analyze(
                    words, correct_spelling=entry is None or words != entry.question
                )
                for term, weight in weigh(reader.index, analysis, share * scale * decay**age).items():
                    weights[term] = max(weights.get(term, 0.0), weight)
        return weights

    def _small_talk(self, result: MatchResult) -> bool:
        snapshot = self._reader.snapshot
        entry = snapshot.entry(result.entry_id) if result.entry_id else None
        return entry is not None and snapshot.is_small_talk(entry)


def _about_a_thing_not_the_bot(text: str, last: Entry | None) -> bool:
    """Whether a message that reads alone as small talk asks about what the last answer was about.

    "who made it?" after TensorFlow reads alone as who made the bot: it asks about "it", not "you".
    """
    if last is None:
        return False
    tokens = frozenset(tokenize(text))
    return bool(tokens & _IT and tokens & _ASKING) and not tokens & _ADDRESSED


def _fragment(form: Form, text: str) -> bool:
    """Whether the message is a bare fragment: no clause, nothing pointed at, a word or three."""
    tokens = tokenize(text)
    words = [t for t in tokens if t not in STOPWORDS]
    asks = not (_CLAUSE.isdisjoint(tokens) and _CONTRACTED_CLAUSE.isdisjoint(tokens))
    return not (form.reference or form.about_answer or form.pay or asks) and len(words) <= 3


def _ranked(snapshot: KnowledgeSnapshot, result: MatchResult) -> list[tuple[Entry, float]]:
    """The entries the result's reading ranked, with their scores, best first (below the suggestions too)."""
    if result.decision is None:
        return []
    entries = snapshot.entries
    return [(entries[s.entry], s.score) for s in result.decision.reading.ranking]


def _surer(one: MatchResult, other: MatchResult) -> bool:
    """Whether ``one`` was decided with more confidence than ``other``."""
    if one.decision is None or other.decision is None:
        return False
    return one.decision.confidence > other.decision.confidence


def _stay_on(question: str, last: Entry) -> MatchResult:
    """``question`` answered with the conversation's last entry."""
    return MatchResult(question, MatchStatus.ANSWERED, (Candidate(last.id, 1.0),), used_context=True)


def _near(entry: Entry, other: Entry) -> bool:
    return entry.category == other.category or other.id in entry.related or entry.id in other.related


def _last_entry(snapshot: KnowledgeSnapshot, turns: Sequence[Turn]) -> Entry | None:
    for turn in reversed(turns):
        entry = snapshot.entry(turn.entry_id) if turn.entry_id else None
        if entry is not None:
            return entry
    return None
