"""Matching a question: reading it in a few ways, ranking each reading, deciding on the best.

The stages: analyse and weigh the question's terms (analyzer.py, weighting.py), rank every
entry by its best phrasing (overlap.py), re-rank the best few (rerank.py), read the result's
signals (features.py) and decide (decision.py). This module chooses what to read: the whole
message or one sentence, past a greeting, and a follow-up with the previous question.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np

from bot.knowledge.models import KnowledgeSnapshot
from bot.matching.analyzer import Analysis, TextAnalyzer, wording_of
from bot.matching.artefacts import ArtefactCache
from bot.matching.calibration import SEMANTIC_BLEND
from bot.matching.confidence import confidence
from bot.matching.decision import Thresholds, decide
from bot.matching.features import Reading
from bot.matching.followup import FollowUps, Turn, spelled_out
from bot.matching.heap import release_freed_memory
from bot.matching.index import build_index, phrase_wordings
from bot.matching.normalize import (
    asking_sentences,
    clean,
    introduces_only,
    refers_back,
    split_sentences,
    without_salutation,
)
from bot.matching.off_topic import OffTopicPhrases, asks_for_a_task, without_self_description
from bot.matching.overlap import PhraseOverlap
from bot.matching.rerank import Reranker, ScoredEntry
from bot.matching.result import MatchResult
from bot.matching.self_calibration import own_shift
from bot.matching.semantic import SemanticIndex, combined, embedder, embedding_text
from bot.matching.tuning import (
    RANKED,
    READ_TEXT_CACHE_SIZE,
    RELEASE_AFTER_PHRASINGS,
    SAME_CATEGORY_BONUS,
    SENTENCE_CONTEXT_SCALE,
    SMALL_TALK_COVERAGE,
    SURE_WITHOUT_SENTENCES,
)
from bot.matching.weighting import weigh


def _same_top(reading: Reading, other: Reading) -> bool:
    """Whether two readings rank the same entry first."""
    return bool(reading.ranking and other.ranking) and reading.ranking[0].entry == other.ranking[0].entry


class Matcher:
    """Matches questions against one knowledge snapshot; immutable and shareable (but for caches of
    what it read lately, which change no answer)."""

    def __init__(
        self,
        snapshot: KnowledgeSnapshot,
        thresholds: Thresholds | None = None,
        *,
        semantic_blend: float = SEMANTIC_BLEND,
        cache: ArtefactCache | None = None,
        dense: bool = True,
        calibrate_self: bool = True,
    ) -> None:
        """``semantic_blend`` is the share of meaning in the ranking score (bench/calibrate.py fits it);
        ``cache`` keeps the dearest built parts between runs (artefacts.py).

        ``dense=False`` leaves the embeddings out (no semantic index, no question vectors), for
        benchmarks that measure what dense scoring costs: the confidence model still expects them.

        ``calibrate_self`` reads the knowledge's own log-odds shift from held-out phrasings
        (self_calibration.py) into ``thresholds``; without it (or without dense), theirs is kept.
        """
        self.snapshot = snapshot
        self.thresholds = thresholds or Thresholds()
        self.index, self._analyzer = build_index(snapshot, cache)
        self._overlap = PhraseOverlap(self.index.postings, self.index.phrase_weight, self.index.phrase_entry)
        self._semantic = SemanticIndex.of(snapshot, self._analyzer, cache) if dense else None
        self._reranker = Reranker(
            self.index,
            self._semantic,
            semantic_blend,
            cache,
            wordings=lambda: phrase_wordings(snapshot, self._analyzer, cache),
        )
        self._off_topic = OffTopicPhrases(snapshot.off_topic, self._analyzer, self.index)
        self._follow_ups = FollowUps(self)
        # Texts read lately, with their analysis and vector: a message's asking sentence is read alone
        # and inside the focused reading, and a question is often asked again. Cleared whole when full.
        self._read_texts: dict[str, tuple[Analysis, np.ndarray]] = {}
        if len(self.index.phrase_entry) > RELEASE_AFTER_PHRASINGS:  # the build's temporaries are gone
            release_freed_memory()
        if calibrate_self and dense:
            unshifted = replace(self.thresholds, log_odds_shift=0.0)

            def build(kept: KnowledgeSnapshot) -> Matcher:
                return Matcher(kept, unshifted, semantic_blend=semantic_blend, calibrate_self=False)

            shift = own_shift(snapshot, build, cache, settings=(unshifted, semantic_blend))
            self.thresholds = replace(self.thresholds, log_odds_shift=shift)

    @property
    def analyzer(self) -> TextAnalyzer:
        """The question analyzer: it spell-corrects against the words the knowledge uses."""
        return self._analyzer

    def match(self, question: str, previous: str | Sequence[Turn] | None = None) -> MatchResult:
        """Match one question; ``previous`` is the conversation so far: its turns, oldest first, or
        just the entry the same person was last answered with.

        A message that stands alone is answered alone; a follow-up is read with the earlier turns
        (bot/matching/followup/).
        """
        if isinstance(previous, str):
            earlier = self.snapshot.entry(previous)
            previous = [Turn(earlier.question, earlier.id)] if earlier is not None else []
        turns = previous or ()
        # "the second one" is what the last question named second: read alone, the message names it.
        text = spelled_out(clean(question), turns[-1].question) if turns else clean(question)
        alone = self.decide(question, self.best_reading(text))
        return self._follow_ups.read(question, text, alone, turns)

    def best_reading(self, text: str) -> Reading:
        """The most telling reading of cleaned text (``_most_telling_reading``); a message asking the
        bot to do a task ("can you write my cover letter?") names nothing it covers, whatever it is
        about (off_topic.asks_for_a_task)."""
        best = self._most_telling_reading(text)
        if not best.off_topic and asks_for_a_task(self._read(text)[0].rewritten):
            return replace(best, off_topic=True)
        return best

    def _most_telling_reading(self, text: str) -> Reading:
        """The most telling reading of cleaned text: the whole message or one of its sentences.

        A question is often buried in context ("I'm a nurse. Can I switch into ML?"), and a
        real question outranks the greeting in front of it ("hello! what does an MLE do?").
        When only some sentences ask, only they compete with the whole, and so does a focused
        reading of them with the rest as context: a sentence that tells who asks ("we just hired
        our first ML engineer") reads confidently as a question of its own (about hiring). Each
        asking sentence is read alone too, unless the whole or the focused reading is already sure
        (SURE_WITHOUT_SENTENCES).
        A greeting that opens the message is left out of the whole-message reading when what
        follows it reads as anything at all ("hi bot, what are you for?" asks for help).
        """
        read: dict[str, Reading] = {}  # "hi! what does an MLE do?" reads "what does an MLE do?" twice

        def reading(part: str) -> Reading:
            if part not in read:
                read[part] = self._text_reading(part)
            return read[part]

        question = without_salutation(text)
        rest = reading(question) if question and question != text else None
        # The whole message is read only when what follows its greeting ranks nothing.
        whole = rest if rest is not None and rest.ranking else reading(text)
        sentences = split_sentences(text)
        readings = [whole]
        if asked := asking_sentences(sentences):
            # What is asked outranks the sentences around it, which still tell what it is about.
            # One that points back ("how much do those skills matter?") stands alone only where it
            # reads as the focused reading does: alone, it may name another topic.
            focused = self._focused_reading(sentences, asked)
            readings.append(focused)
            # Already sure of a real question, the message is not read sentence by sentence as well: an
            # asking sentence without the context it stands in mostly reads the same topic less surely,
            # and sometimes another one more surely (the skills of the role named, where the context
            # asked about presenting to managers).
            real, sure = self._preference(max(readings, key=self._preference))
            if not (real and sure >= SURE_WITHOUT_SENTENCES):
                alone = [reading(sentence) for sentence in asked]
                readings += [
                    one
                    for sentence, one in zip(asked, alone, strict=True)
                    if not refers_back(sentence) or _same_top(one, focused)
                ]
        elif len(sentences) > 1:
            readings += map(reading, sentences)
        best = max(readings, key=self._preference)
        if rest is not None and introduces_only(question):
            # A greeting and who is greeting ("hi all! I'm a student from Lagos, excited to be here")
            # asks nothing: unless what follows the greeting reads as something with confidence, the
            # message is the greeting.
            salutation = reading(text[: len(text) - len(question)])
            real, _ = self._preference(best)
            sure = confidence(best, self.thresholds.log_odds_shift) >= self.thresholds.answer
            if self._small_talk(salutation) and not (real and sure):
                return salutation
        # A greeting in front of a question is not the answer to it: "hi! why does my Node server
        # crash?" is read by what follows the greeting, even when that is nothing the bot covers.
        if rest is not None and rest.term_count and self._small_talk(best):
            # Small talk of its own after the greeting ("hi bot, good morning. wanted to thank you for the
            # advice"), read surely in a sentence of its own, in a message of nothing else, is what the
            # message says: the thanks. (The greeting opens the first sentence; the others read alone.)
            later = [read[part] for part in sentences[1:] if part in read]
            shift = self.thresholds.log_odds_shift
            if later and all(
                self._small_talk(one) and confidence(one, shift) >= self.thresholds.answer for one in later
            ):
                other = [one for one in later if one.ranking[0].entry != best.ranking[0].entry]
                if other:
                    return max(other, key=self._preference)
            # The rest is small talk if it reads so with confidence, or names the same small talk
            # in words that small talk mostly uses itself ("hey there! how's it going?").
            # Without embeddings (``dense=False``) the rest may rank nothing at all.
            top = rest.ranking[0] if rest.ranking else None
            same = (
                top is not None and top.entry == best.ranking[0].entry and top.coverage >= SMALL_TALK_COVERAGE
            )
            sure_small_talk = self._small_talk(rest) and (
                same or confidence(rest, shift) >= self.thresholds.answer
            )
            return best if sure_small_talk else rest
        return best

    def _focused_reading(self, sentences: list[str], asked: list[str]) -> Reading:
        """The asking sentences at full weight and the others as context (SENTENCE_CONTEXT_SCALE)."""
        weights: dict[str, float] = {}
        wording: dict[str, float] = {}
        vectors, shares = [], []
        for sentence in sentences:
            share = 1.0 if sentence in asked else SENTENCE_CONTEXT_SCALE
            analysis, vector = self._read(sentence)
            for term, weight in weigh(self.index, analysis, share).items():
                weights[term] = max(weights.get(term, 0.0), weight)
            for term in analysis.wording:
                wording[term] = max(wording.get(term, 0.0), share)
            vectors.append(vector)
            shares.append(share)
        return self.reading_of(weights, vector=combined(vectors, shares), wording=wording)

    def _small_talk(self, reading: Reading) -> bool:
        if not reading.ranking:
            return False
        entry = self.snapshot.entry(self.index.entry_ids[reading.ranking[0].entry])
        return entry is not None and self.snapshot.is_small_talk(entry)

    def _text_reading(self, text: str) -> Reading:
        analysis, vector = self._read(text)
        reading = self.reading_of(weigh(self.index, analysis), vector=vector, wording=wording_of(analysis))
        # "I'm a nurse, can I move into ML?" names another job as the asker's own: no veto for it.
        if reading.off_topic and (own := without_self_description(text)) != text:
            terms = self._analyzer.analyze(own).terms
            reading = replace(reading, off_topic=self._off_topic.named_in(frozenset(terms)))
        return reading

    def _read(self, text: str) -> tuple[Analysis, np.ndarray]:
        """The text's analysis and vector (read only), remembered for the texts read lately."""
        known = self._read_texts.get(text)
        if known is not None:
            return known
        analysis = self._analyzer.analyze(text)
        vector = self.vector_of(analysis)
        vector.flags.writeable = False  # shared by every reading of the text
        if len(self._read_texts) >= READ_TEXT_CACHE_SIZE:
            self._read_texts.clear()
        self._read_texts[text] = analysis, vector
        return analysis, vector

    @property
    def semantic(self) -> SemanticIndex | None:
        """The entries' embeddings (semantic.py); None when built with ``dense=False``."""
        return self._semantic

    def vector_of(self, analysis: Analysis) -> np.ndarray:
        """The embedding of analysed text (its words as the analyzer corrected them); zeros without dense."""
        if self._semantic is None:
            return np.zeros(embedder().dimensions, dtype=np.float32)
        return embedder().embed(embedding_text(analysis))

    def reading_of(
        self,
        weights: Mapping[str, float],
        category: str | None = None,
        vector: np.ndarray | None = None,
        wording: Mapping[str, float] | None = None,
    ) -> Reading:
        """Rank the weighted terms and the embedding ``vector``; a follow-up favours ``category``.

        ``wording`` is the message's own words as the classifier reads them (``analyzer.wording_of``).
        """
        total = sum(weights.values())
        unknown = sum(w for t, w in weights.items() if not self.index.is_known(t))
        off_topic = self._off_topic.named_in(weights.keys())
        ranking = self._rank(weights, vector, wording)
        if category is not None:
            entries = self.snapshot.entries
            ranking = [
                replace(s, score=min(s.score * SAME_CATEGORY_BONUS, 1.0))
                if entries[s.entry].category == category
                else s
                for s in ranking
            ]
            ranking.sort(key=lambda s: (s.score, s.coverage), reverse=True)
        return Reading(tuple(ranking), unknown / total if total else 1.0, len(weights), off_topic, weights)

    def decide(self, question: str, reading: Reading) -> MatchResult:
        return decide(question, reading, self.index.entry_ids, self.thresholds)

    def _rank(
        self, weights: Mapping[str, float], vector: np.ndarray | None, wording: Mapping[str, float] | None
    ) -> list[ScoredEntry]:
        """The best RANKED entries by their best phrasings' F1 and those nearest by meaning, re-ranked."""
        total = sum(weights.values())
        if not total:
            return []
        known = self.index.known(weights)
        matches = self._overlap.best(known, total, RANKED)
        return self._reranker.rerank(weights, known, matches, vector, wording)

    def _preference(self, reading: Reading) -> tuple[bool, float]:
        if not reading.ranking:
            return False, 0.0
        top = reading.ranking[0]
        entry = self.snapshot.entry(self.index.entry_ids[top.entry])
        real = (
            entry is not None
            and not self.snapshot.is_small_talk(entry)
            and top.score >= self.thresholds.real_question
        )
        return real, confidence(reading)
