"""Turning raw chat text into comparable lower-case tokens.

Discord messages carry mentions, custom emoji, markdown, links and invisible
characters; none of them says anything about the question, so they go first.
"""

from __future__ import annotations

import re
import unicodedata

from bot.matching.tuning import MAX_MATCH_CHARS

_DISCORD_MARKUP = re.compile(
    r"<a?:\w+:\d+>"  # custom emoji
    r"|<(?:@[!&]?|#|/[\w -]+:)\d+>"  # user, role, channel and slash-command mentions
    r"|<t:\d+(?::\w)?>"  # timestamps
    r"|@(?:everyone|here)\b"
)
# Unicode format characters (category Cf): zero-width spaces and joiners, bidi marks, soft hyphens...
_INVISIBLE = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
_APOSTROPHES = str.maketrans("", "", "'\u2019\u2018`´")
_TOKEN = re.compile(r"\$+|[^\W_]+(?:\+\+|#)?", re.UNICODE)
_SENTENCE = re.compile(r"[^.!?;\n]+(?:[.!?;\n]+|$)")
_SALUTATION = re.compile(
    r"\W*(?:hi+|hello+|hey+a?|hiya|yo+|sup|howdy|greetings|gm|good (?:morning|afternoon|evening))"
    r"(?: (?:there|all|everyone|everybody|guys|folks|team|bot|friends|yall|people)){0,2}\b[\W_]*"
)


def strip_invisible(text: str) -> str:
    """Drop format characters, e.g. zero-width spaces used to dodge filters."""
    return _INVISIBLE.sub("", text)


def clean(text: str) -> str:
    """Normalise unicode, remove Discord markup, links and invisible characters; lower-case."""
    text = text[: MAX_MATCH_CHARS * 2]
    ascii_only = text.isascii()
    if not ascii_only:  # ASCII is already NFKC and has no invisible characters
        text = strip_invisible(unicodedata.normalize("NFKC", text))
    text = text.casefold()
    # The substring tests skip the regexes for the many texts (all the knowledge) without markup.
    if "<" in text or "@" in text:
        text = _DISCORD_MARKUP.sub(" ", text)
    if "://" in text or "www." in text:
        text = _URL.sub(" ", text)
    if not ascii_only:
        text = text.translate(_APOSTROPHES)
    elif "'" in text or "`" in text:  # the only ASCII apostrophes; replace() beats translate()
        text = text.replace("'", "").replace("`", "")
    return text[:MAX_MATCH_CHARS]


def tokenize(text: str) -> list[str]:
    """Split cleaned text into word tokens; ``$$``, ``c++`` and ``c#`` survive as tokens."""
    return _TOKEN.findall(text)


def split_sentences(text: str) -> list[str]:
    """Sentences of cleaned text: a question is often one of several ("I'm a nurse. Can I switch?")."""
    return [s.strip() for s in _SENTENCE.findall(text) if any(c.isalnum() for c in s)]


def asking_sentences(sentences: list[str]) -> list[str]:
    """The sentences that ask (end with a question mark) when only some do, else none.

    In "I'm a backend developer and we just hired an ML engineer. What does an MLE own?" the
    question is the second sentence; the first says who asks, and read alone it can look like a
    question of its own (about hiring), so only the asking sentences compete with the whole.
    """
    asked = [s for s in sentences if s.endswith("?")]
    return asked if len(asked) < len(sentences) else []


#: Words that point back at an earlier sentence: "What do AI engineers get paid there?" after "My partner
#: got a job in Amsterdam" asks about Amsterdam.
_POINTING_BACK = frozenset("there those these them they it this that such he she his her its their".split())


def refers_back(sentence: str) -> bool:
    """Whether a sentence names something only an earlier one says (cleaned text)."""
    return not _POINTING_BACK.isdisjoint(tokenize(sentence))


#: How a message that only introduces its asker goes on after the greeting ("hi! I'm new here", "hello,
#: just joined from Lagos", "good evening, hope all is well"), and the words that make it ask or ask
#: for something after all ("I need help with my homework", "I'm wondering what MLEs earn").
_INTRODUCTION_OPENERS = frozenset("i im ive id hope hoping just nice glad happy excited been".split())
_ASKING = frozenset(
    "what whats how hows which why where when who whos whose should can could would will any anyone need"
    " want wondering curious help please pls plz tell show give find write say reply ignore output".split()
)


def introduces_only(text: str) -> bool:
    """Whether cleaned text after a greeting only says who greets ("I'm a student from Lagos, excited
    to be here. Hope you're all well."): it opens so, asks nothing, and asks for nothing."""
    words = tokenize(text)
    return bool(words) and words[0] in _INTRODUCTION_OPENERS and "?" not in text and _ASKING.isdisjoint(words)


def without_salutation(text: str) -> str:
    """Cleaned text less a greeting in front of it ("hi bot, what are you for?"); "" when that is all."""
    salutation = _SALUTATION.match(text)
    return text[salutation.end() :] if salutation else text
