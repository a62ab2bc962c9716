"""How a message is put, as far as following up goes: whether it continues, points back, asks about
the answer itself, names a number, a qualifier, a choice or pay."""

from __future__ import annotations

from dataclasses import dataclass

from bot.knowledge.models import Entry
from bot.matching.followup.cues import (
    ABOUT_THE_ANSWER,
    ABOUT_THE_ANSWER_PHRASE,
    ADDRESSED,
    ANSWER_AGAIN,
    ASKING,
    ASKING_MORE,
    BREAK,
    CHOICE,
    CLAUSE,
    CONTRACTED_CLAUSE,
    CUE,
    HOW_SO,
    IT,
    KIND_OF_IT,
    MORE_OF_IT,
    NAMED_ITSELF,
    NUMBER,
    PAID_THING,
    PAY,
    PAY_PHRASE,
    QUALIFIER,
    REFERENCE_PHRASE,
    REFERENCES,
    THAT_CLAUSE,
    THERE_IS,
    THIS_TIME,
    THOUGH,
    WORTH_IT,
)
from bot.matching.normalize import tokenize
from bot.matching.stopwords import STOPWORDS
from bot.matching.tuning import SHORT_REPLY_WORDS


def pointers_removed(text: str) -> str:
    """The text less the phrases that point back and name no topic ("the two", "does the answer change")."""
    return ANSWER_AGAIN.sub(" ", REFERENCE_PHRASE.sub(" ", text))


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
    tokens = tokenize(THAT_CLAUSE.sub(" ", THIS_TIME.sub(" ", THERE_IS.sub(" ", text))))
    # "law school worth it?" and "the framework itself" point at nothing.
    pointing = [
        t
        for t in tokenize(WORTH_IT.sub(" ", " ".join(tokens)))
        if t not in ("itself", "themselves") or not NAMED_ITSELF.search(text)
    ]
    again = bool(ANSWER_AGAIN.search(text))
    reference = not REFERENCES.isdisjoint(pointing) or bool(REFERENCE_PHRASE.search(text)) or again
    # "source?", "base or tc?": nothing but words about an answer points back at it too.
    bare = all(t in ABOUT_THE_ANSWER or t in STOPWORDS or t.isdigit() for t in tokens)
    about = (reference or bare) and (
        not ABOUT_THE_ANSWER.isdisjoint(tokens) or bool(ABOUT_THE_ANSWER_PHRASE.search(text))
    )
    qualifier = QUALIFIER.match(text)
    fragment = qualifier is not None and CLAUSE.isdisjoint(tokenize(text[qualifier.end() :]))
    asks_more = not ASKING_MORE.isdisjoint(tokens) or bool(HOW_SO.search(text))
    more = asks_more and all(t in STOPWORDS or t in REFERENCES or t in MORE_OF_IT for t in tokens)
    cue = CUE.match(text)
    clause = cue is not None and not CLAUSE.isdisjoint(tokenize(text[cue.end() :]))
    choice = bool(CHOICE.search(text) or REFERENCE_PHRASE.search(text))
    kind = bool(KIND_OF_IT.search(text))
    number = bool(NUMBER.search(text))
    asked = tokenize(PAID_THING.sub(" ", text))
    pay = not PAY.isdisjoint(asked) or bool(PAY_PHRASE.search(text))
    # "how deep tho?", "ok, how deep tho?" and "how deep tho, like do i need proofs?": "tho" in a short
    # message or in its short first clause.
    opening = BREAK.split(text, maxsplit=1)[0]
    continues = cue is not None or any(
        len(tokenize(part)) <= SHORT_REPLY_WORDS and THOUGH.search(part) for part in (text, opening)
    )
    return Form(continues, reference, about, number, fragment, more, choice, clause, kind, pay, again)


def about_a_thing_not_the_bot(text: str, last: Entry | None) -> bool:
    """Whether a message that reads alone as small talk asks about what the last answer was about.

    "who made it?" after TensorFlow reads alone as who made the bot: it asks about "it", not "you".
    """
    if last is None:
        return False
    tokens = frozenset(tokenize(text))
    return bool(tokens & IT and tokens & ASKING) and not tokens & ADDRESSED


def is_fragment(form: Form, text: str) -> bool:
    """Whether the message is a bare fragment: no clause, nothing pointed at, a word or three."""
    tokens = tokenize(text)
    words = [t for t in tokens if t not in STOPWORDS]
    asks = not (CLAUSE.isdisjoint(tokens) and CONTRACTED_CLAUSE.isdisjoint(tokens))
    return not (form.reference or form.about_answer or form.pay or asks) and len(words) <= 3
