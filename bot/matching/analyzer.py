"""From cleaned tokens to comparable terms: spelling, synonyms, stems.

The same analyser turns knowledge phrasings and user questions into terms, so
"ML eng comp", "machine learning engineer salary" and "mashine lerning
enginer salaries" meet on the same stems. Only questions are spell-corrected.
"""

from __future__ import annotations

import bisect
import re
import threading
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import Stemmer
from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.matching import tuning
from bot.matching.normalize import clean, tokenize
from bot.matching.stopwords import STOPWORDS

_local = threading.local()
_Word = tuple[str, str]  # (word, its stem)
#: A letter typed three times or more ("sooo", "plsss", "yooo"): no English word has that.
_ELONGATED = re.compile(r"([a-z])\1{2,}")
#: A number glued to its unit ("100k", "6yoe", "3hrs", "8gb"): the unit is a word, the number is not.
_NUMBER_UNIT = re.compile(r"(\d+)(k|m|yoe|yrs|yr|hrs|hr|wks|wk|mos|gb|tb|yo)")
#: Units that only scale the number in front of them: "100k" is a number, as "100000" is.
_SCALES = frozenset({"k", "m"})
#: A grown-up's age, which no number alone says: "at 40", "im 45", "aged 50", "35 yo", "in my late 40s".
#: Each is read with the word "age" after it, so "what about at 40?" names what "is age a problem?"
#: does (changing careers later in life), while "at 40k" or "40 hours" stay mere numbers. A teenager's
#: ("i'm 15") is left a number: what a school pupil asks is where to start, not whether it is too late.
_AGE = re.compile(r"2[5-9]|[3-7]\d")
_DECADE = re.compile(r"[3-7]0s")
_BEFORE_AGE = frozenset("at im am youre aged age turning turned".split())
#: ... but not a number of something: "at 40 hours a week", "at 50 people".
_COUNTED = frozenset(
    "hours hrs hr h minutes mins days weeks months years yrs percent pct k people employees per a an".split()
)
_BEFORE_DECADE = frozenset("my late early mid their your his her".split())
_AGE_WORD = "age"


def _unglued(token: str) -> list[str]:
    """A token as words: "6yoe" -> ["6", "yoe"], "100k" -> ["100"], anything else -> [token]."""
    glued = _NUMBER_UNIT.fullmatch(token)
    if glued is None:
        return [token]
    number, unit = glued.groups()
    return [number] if unit in _SCALES else [number, unit]


def _with_ages(tokens: list[str]) -> list[str]:
    """The tokens, each age followed by the word "age" ("at 40" -> "at 40 age")."""
    marked = []
    for at, token in enumerate(tokens):
        marked.append(token)
        if _is_age(tokens, at):
            marked.append(_AGE_WORD)
    return marked


def _is_age(tokens: list[str], at: int) -> bool:
    token = tokens[at]
    before = tokens[at - 1] if at else ""
    after = tokens[at + 1] if at + 1 < len(tokens) else ""
    if _DECADE.fullmatch(token):
        return before in _BEFORE_DECADE
    if token.endswith("yo"):
        return bool(_AGE.fullmatch(token[:-2]))
    if not _AGE.fullmatch(token):
        return False
    if after == "yo" or (after in ("years", "yrs") and tokens[at + 2 : at + 3] == ["old"]):
        return True
    return before in _BEFORE_AGE and not after.isdigit() and after not in _COUNTED


@lru_cache(maxsize=tuning.STEM_CACHE_SIZE)
def stem(word: str) -> str:
    """English Snowball stem; PyStemmer objects are not thread-safe, so one per thread."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = Stemmer.Stemmer("english")
    return stemmer.stemWord(word)


@dataclass(frozen=True, slots=True)
class Analysis:
    """A text seen by the matcher: content terms (stemmed, deduplicated, in order)."""

    terms: tuple[str, ...]
    tokens: tuple[str, ...] = ()  # the cleaned words before synonyms and stemming
    words: tuple[str, ...] = ()  # for each term, the word it was stemmed from
    corrections: tuple[tuple[str, str], ...] = ()
    rewritten: tuple[str, ...] = ()  # the cleaned words after spelling and synonyms, stopwords kept
    #: Every word's stem in order, function words included (deduplicated, no digits): what the
    #: classifier reads, since "who made you" and "what is your name" differ in little else.
    wording: tuple[str, ...] = ()


def wording_of(analysis: Analysis) -> dict[str, float]:
    """The analysed text's wording (function words too), each word at its full share: the classifier's
    input for a message read on its own."""
    return dict.fromkeys(analysis.wording, 1.0)


@lru_cache(maxsize=tuning.ZIPF_CACHE_SIZE)
def english_zipf(word: str) -> float:
    """How common a word is in English: 7 for "the", 3 for rare words, 0 for unknown ones."""
    # Imported on first use: wordfreq and its English list take a third of a second to load, and a
    # question whose words the knowledge all uses never needs them.
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def _max_typo_distance(word: str) -> int:
    """One edit more for each of tuning.TYPO_LENGTHS the word is longer than."""
    return 1 + bisect.bisect_left(tuning.TYPO_LENGTHS, len(word))


class TextAnalyzer:
    """Spelling correction against the knowledge vocabulary, synonym rewriting and stemming."""

    def __init__(
        self, synonyms: Mapping[str, Iterable[str]], vocabulary: Iterable[str] | Mapping[str, int] = ()
    ) -> None:
        rewrites: dict[str, list[tuple[tuple[str, ...], tuple[_Word, ...]]]] = {}
        counts = Counter(vocabulary)
        for canonical, variants in synonyms.items():
            words = tokenize(clean(canonical))
            target = tuple((word, stem(word)) for word in words)
            counts.update(words)
            for variant in variants:
                source = tokenize(clean(variant))
                stems = tuple(stem(word) for word in source)
                if stems and stems != tuple(t for _, t in target):
                    rewrites.setdefault(stems[0], []).append((stems, target))
                    counts.update(source)
        # By first stem, longest first: most words cost one dict lookup, and "pays" meets "pay".
        self._rewrites = {first: sorted(r, key=lambda st: -len(st[0])) for first, r in rewrites.items()}
        self._word_counts = counts
        # Typos rarely change the first letter, so candidates are grouped by it.
        self._correctable_by_initial: dict[str, list[str]] = {}
        for word in sorted(w for w in counts if len(w) >= 3 and w.isalpha()):
            self._correctable_by_initial.setdefault(word[0], []).append(word)
        self._corrections: dict[str, str | None] = {}

    def analyze(self, text: str, *, correct_spelling: bool = True) -> Analysis:
        tokens = self._chat_words(tokenize(clean(text)))
        corrections: list[tuple[str, str]] = []
        if correct_spelling:
            for i, token in enumerate(tokens):
                fixed = self.correct(token)
                if fixed is not None:
                    corrections.append((token, fixed))
                    tokens[i] = fixed
        stems = list(map(stem, tokens))
        words = list(zip(tokens, stems, strict=True))
        if not self._rewrites.keys().isdisjoint(stems):  # most texts hold no synonym at all
            words = self._rewrite(words)
        by_term: dict[str, str] = {}
        wording: dict[str, None] = {}
        for word, term in words:
            if not word.isdigit():
                wording.setdefault(term)
                if word not in STOPWORDS:
                    by_term.setdefault(term, word)
        rewritten = tuple(word for word, _ in words)
        return Analysis(
            tuple(by_term),
            tuple(tokens),
            tuple(by_term.values()),
            tuple(corrections),
            rewritten,
            tuple(wording),
        )

    def _chat_words(self, tokens: list[str]) -> list[str]:
        """Ages marked (``_AGE``), numbers unglued from their units, letters typed over and over
        typed once or twice, and a dropped g put back."""
        if any(c.isdigit() for token in tokens for c in token[:1]):
            tokens = [word for token in _with_ages(tokens) for word in _unglued(token)]
        tokens = [self._unstretched(t) if _ELONGATED.search(t) else t for t in tokens]
        return [self._with_g(t) if t.endswith("in") else t for t in tokens]

    def _with_g(self, token: str) -> str:
        """ "lookin" -> "looking", "codin" -> "coding": chat drops the g of -ing. Only where the -ing
        word is the knowledge's and the token is not ("within", "begin", "plugin" stay), since
        "lookin" is English enough (Zipf 3.8) to escape spelling correction yet weighs as an unknown
        word."""
        if len(token) < tuning.MIN_CORRECTABLE_LENGTH + 1 or token in self._word_counts:
            return token
        with_g = token + "g"
        return with_g if with_g in self._word_counts else token

    def _unstretched(self, token: str) -> str:
        """ "sooo" -> "so", "helllo" -> "hello": the run cut to one letter or two, whichever is a word
        (the knowledge's first, then a function word, then the commoner in English)."""
        once, twice = _ELONGATED.sub(r"\1", token), _ELONGATED.sub(r"\1\1", token)
        for form in (once, twice):
            if form in self._word_counts or form in STOPWORDS:
                return form
        return max((twice, once), key=english_zipf)

    def _rewrite(self, words: list[_Word]) -> list[_Word]:
        """Replace synonym variants (whole words compared by stem, longest first) with canonical terms."""
        out: list[_Word] = []
        stems = [term for _, term in words]
        i = 0
        while i < len(words):
            for source, target in self._rewrites.get(stems[i], ()):
                if tuple(stems[i : i + len(source)]) == source:
                    out.extend(target)
                    i += len(source)
                    break
            else:
                out.append(words[i])
                i += 1
        return out

    def correct(self, token: str) -> str | None:
        """The vocabulary word a misspelt token stands for, or None to leave it as it is."""
        if token in self._word_counts or token in STOPWORDS:
            return None
        if len(token) < tuning.MIN_CORRECTABLE_LENGTH or not token.isalpha():
            return None
        if token in self._corrections:
            return self._corrections[token]
        fixed = self._closest_word(token)
        if len(self._corrections) >= tuning.CORRECTION_CACHE_SIZE:
            self._corrections.clear()
        self._corrections[token] = fixed
        return fixed

    def _closest_word(self, token: str) -> str | None:
        if english_zipf(token) >= tuning.COMMON_WORD_ZIPF:
            return None
        limit = _max_typo_distance(token)
        candidates = self._correctable_by_initial.get(token[0], ())
        matches = process.extract(
            token, candidates, scorer=OSA.distance, score_cutoff=limit, limit=tuning.CORRECTION_CANDIDATES
        )
        # Among equally close words prefer the commoner one.
        plausible = [(dist, -self._word_counts[word], word) for word, dist, _ in matches]
        return min(plausible)[2] if plausible else None
