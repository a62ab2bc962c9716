"""The evaluation sets and the figures every matcher is judged by.

Two kinds of set. `bench/data/` (seen: tuning has looked at it; a regression set) is split in two halves
by a hash of each question. The blind rounds (`bench/blind/`, `bench/blind2/` to `bench/blind9/`, each
written blind for all 64 topics) are split into `dev/`, which tuning may read, and `test/`, which is
read only when a caller passes ``allow_test=True`` (the `--test` flag of bench/compare.py), once, at the
end of that round's matcher work. A round whose test half has been read and reported is spent: tuning
may read all of it (``tuning_blind``), and the next round judges.
"""

from __future__ import annotations

import re
import statistics
import time
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.knowledge.models import KnowledgeSnapshot

DATA = Path(__file__).parent / "data"
BLIND = Path(__file__).parent / "blind"
#: Each blind round's folder (its README says who wrote it and when its test half was read).
BLIND_ROUNDS = {1: BLIND, **{n: Path(__file__).parent / f"blind{n}" for n in range(2, 12)}}
#: The round that judges the matcher now: tuning reads its ``dev`` half only.
CURRENT_ROUND = 11
#: The blind set's halves: ``dev`` may be read while tuning; ``test`` only when a script is told ``--test``.
BLIND_PARTS = ("dev", "test")


@dataclass(frozen=True, slots=True)
class Question:
    text: str
    accept: frozenset[str]
    style: str


@dataclass(frozen=True, slots=True)
class OutOfScope:
    text: str
    kind: str  # near (the domain's neighbours: other jobs' pay, debugging, GPUs) or far


#: In-scope questions and out-of-scope messages of one set.
Part = tuple[list[Question], list[OutOfScope]]


@dataclass(frozen=True, slots=True)
class Conversation:
    first: str
    second: str
    expect: str
    kind: str


@dataclass(frozen=True, slots=True)
class Turn:
    """One message of a conversation; an empty ``accept`` is not scored (the seen set's first turns)."""

    text: str
    accept: frozenset[str]


@dataclass(frozen=True, slots=True)
class Dialogue:
    """Two or three messages from one person in one place; every turn after the first is scored.

    ``kind`` is ``followup`` (the later turns need the earlier ones) or ``control`` (they stand alone).
    """

    turns: tuple[Turn, ...]
    kind: str


@dataclass(frozen=True, slots=True)
class Decision:
    """What a matcher did with one question: answered (with ranked ids) or not."""

    answered: bool
    ranked: tuple[str, ...]
    ambiguous: bool = False


Decide = Callable[[str], Decision]


def half(text: str) -> str:
    return "dev" if zlib.crc32(text.encode()) % 2 == 0 else "test"


def load_heldout(part: str = "all") -> Part:
    data = yaml.safe_load((DATA / "heldout.yaml").read_text(encoding="utf-8"))
    questions = [Question(q["q"], frozenset(q["accept"]), q["style"]) for q in data["questions"]]
    out = [OutOfScope(o["q"], o["kind"]) for o in data["out_of_scope"]]
    if part != "all":
        questions = [q for q in questions if half(q.text) == part]
        out = [o for o in out if half(o.text) == part]
    return questions, out


def _check_part(part: str, allow_test: bool, blind_round: int) -> Path:
    """The round's folder of ``part``; its unspent test half only with ``allow_test``."""
    if part not in BLIND_PARTS:
        raise ValueError(f"the blind set has the halves {BLIND_PARTS}, not {part!r}")
    if part == "test" and blind_round >= CURRENT_ROUND and not allow_test:
        raise PermissionError("the blind test half is read once, at the end: pass allow_test (--test)")
    return BLIND_ROUNDS[blind_round] / part


def tuning_halves() -> list[tuple[int, str]]:
    """The (round, half) pairs tuning may read: the spent rounds whole, the current round's ``dev`` half."""
    return [
        (blind_round, part)
        for blind_round in BLIND_ROUNDS
        for part in (("dev",) if blind_round >= CURRENT_ROUND else BLIND_PARTS)
    ]


def joined(parts: Iterable[Part]) -> Part:
    """Several sets of questions as one."""
    questions: list[Question] = []
    out: list[OutOfScope] = []
    for more in parts:
        questions += more[0]
        out += more[1]
    return questions, out


def tuning_blind() -> Part:
    """Every blind question tuning may read (``tuning_halves``)."""
    return joined(load_blind(part, blind_round=blind_round) for blind_round, part in tuning_halves())


def load_blind(part: str = "dev", *, allow_test: bool = False, blind_round: int = 1) -> Part:
    """A blind round's ``dev`` or ``test`` half; the current round's ``test`` only with ``allow_test``."""
    folder = _check_part(part, allow_test, blind_round)
    inside = yaml.safe_load((folder / "inscope.yaml").read_text(encoding="utf-8"))["questions"]
    outside = yaml.safe_load((folder / "out-of-scope.yaml").read_text(encoding="utf-8"))["questions"]
    questions = [Question(q["text"], frozenset(q["accept"]), q["style"]) for q in inside]
    return questions, [OutOfScope(o["text"], o["kind"]) for o in outside]


def plain(text: str) -> str:
    """Text without case and punctuation, to find questions that equal a knowledge phrasing."""
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


def known_texts(snapshot: KnowledgeSnapshot) -> frozenset[str]:
    """Every entry's question and alternates, as :func:`plain` text (bench/blind/README.md)."""
    return frozenset(plain(p) for entry in snapshot.entries for p in (entry.question, *entry.alternates))


def spent_rounds() -> dict[int, Part]:
    """Each round before the current one, both halves joined: tuning has read them whole."""
    return {
        number: joined(load_blind(part, blind_round=number) for part in BLIND_PARTS)
        for number in BLIND_ROUNDS
        if number < CURRENT_ROUND
    }


def texts_of(*parts: Part) -> frozenset[str]:
    """Every question and out-of-scope message of ``parts`` as :func:`plain` text."""
    return frozenset(plain(item.text) for questions, out in parts for item in (*questions, *out))


def load_conversations() -> list[Conversation]:
    data = yaml.safe_load((DATA / "conversations.yaml").read_text(encoding="utf-8"))
    return [Conversation(*c["turns"], c["expect"], c.get("kind", "follow-up")) for c in data["conversations"]]


def load_blind_conversations(
    part: str = "dev", *, allow_test: bool = False, blind_round: int = 1
) -> list[Dialogue]:
    """A blind round's conversations of one half; the current round's ``test`` only with ``allow_test``."""
    folder = _check_part(part, allow_test, blind_round)
    data = yaml.safe_load((folder / "conversations.yaml").read_text(encoding="utf-8"))
    return [
        Dialogue(tuple(Turn(t["text"], frozenset(t["accept"])) for t in c["turns"]), c["kind"])
        for c in data["conversations"]
    ]


def blind_dialogue_sets(*, test: bool) -> list[tuple[str, list[Dialogue]]]:
    """The blind conversations by name: the current round's dev half, the spent rounds, and with
    ``test`` the current round's test half (read it once, at the end)."""
    sets = [(f"blind{CURRENT_ROUND} dev", load_blind_conversations("dev", blind_round=CURRENT_ROUND))]
    for spent in (r for r in BLIND_ROUNDS if r < CURRENT_ROUND):
        dialogues = [d for part in BLIND_PARTS for d in load_blind_conversations(part, blind_round=spent)]
        sets.append((f"blind{spent} (spent)", dialogues))
    if test:
        current = load_blind_conversations("test", allow_test=True, blind_round=CURRENT_ROUND)
        sets.append((f"blind{CURRENT_ROUND} test", current))
    return sets


def seen_dialogues() -> list[Dialogue]:
    """``bench/data/conversations.yaml`` (seen by tuning) as dialogues: its first turns are not scored."""
    kinds = {"follow-up": "followup", "standalone": "control"}
    return [
        Dialogue(
            (Turn(c.first, frozenset()), Turn(c.second, frozenset({c.expect}))), kinds.get(c.kind, c.kind)
        )
        for c in load_conversations()
    ]


#: Replays one conversation's messages in order and gives the entry each was answered with (None:
#: not answered). ``with_context`` False asks each message on its own.
Converse = Callable[[Sequence[str], bool], list[str | None]]


@dataclass
class FollowUpScores:
    """Later turns answered with an accepted entry, by group ("followup, turn 2", "control", ...)."""

    right: dict[str, tuple[int, int]]  # group -> (right with context, right alone)
    count: dict[str, int]
    misses: list[tuple[str, tuple[str, ...], tuple[str | None, ...]]] = field(
        repr=False, default_factory=list
    )

    def share(self, group: str, *, with_context: bool = True) -> float:
        with_, alone = self.right.get(group, (0, 0))
        return (with_ if with_context else alone) / max(self.count.get(group, 0), 1)


def score_dialogues(converse: Converse, dialogues: Iterable[Dialogue]) -> FollowUpScores:
    """Each later turn by its conversation's kind and by turn number; follow-ups' misses kept."""
    right: dict[str, list[int]] = {}
    count: dict[str, int] = {}
    misses = []
    for dialogue in dialogues:
        texts = [t.text for t in dialogue.turns]
        with_context = converse(texts, True)
        alone = converse(texts, False)
        for number, turn in enumerate(dialogue.turns[1:], start=2):
            if not turn.accept:
                continue
            ok = with_context[number - 1] in turn.accept, alone[number - 1] in turn.accept
            groups = (
                [dialogue.kind, f"{dialogue.kind}, turn {number}"]
                if dialogue.kind != "control"
                else [dialogue.kind]
            )
            for group in groups:
                tally = right.setdefault(group, [0, 0])
                tally[0] += ok[0]
                tally[1] += ok[1]
                count[group] = count.get(group, 0) + 1
            if not ok[0]:
                expected = tuple("/".join(sorted(t.accept)) or "?" for t in dialogue.turns)
                misses.append((" | ".join(texts), expected, tuple(with_context)))
    return FollowUpScores({g: (r[0], r[1]) for g, r in right.items()}, count, misses)


@dataclass
class Scores:
    top1: float  # answered, and with an accepted topic
    top3: float  # an accepted topic among the first three ranked
    abstention: float  # out-of-scope questions not answered
    ambiguous: float  # in-scope questions answered with "did you mean"
    wrong: float  # in-scope questions answered with a wrong topic
    latencies_ms: list[float] = field(repr=False, default_factory=list)
    by_style: dict[str, float] = field(default_factory=dict)
    abstention_by_kind: dict[str, float] = field(default_factory=dict)  # out of scope: near, far
    counts: tuple[int, int] = (0, 0)  # in-scope and out-of-scope questions scored
    misses: list[tuple[str, str, tuple[str, ...]]] = field(repr=False, default_factory=list)

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms)

    @property
    def p99(self) -> float:
        return percentile(self.latencies_ms, 99)


def percentile(values: Sequence[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def timed(decide: Decide, text: str, latencies: list[float]) -> Decision:
    started = time.perf_counter()
    decision = decide(text)
    latencies.append((time.perf_counter() - started) * 1000)
    return decision


def score(decide: Decide, questions: Iterable[Question], out_of_scope: Iterable[OutOfScope]) -> Scores:
    latencies: list[float] = []
    right = top3 = ambiguous = wrong = 0
    styles: dict[str, list[int]] = {}
    misses = []
    questions = list(questions)
    for question in questions:
        decision = timed(decide, question.text, latencies)
        ok = decision.answered and decision.ranked[0] in question.accept
        right += ok
        wrong += decision.answered and not ok
        top3 += bool(question.accept & set(decision.ranked[:3]))
        ambiguous += decision.ambiguous
        styles.setdefault(question.style, []).append(ok)
        if not ok:
            misses.append((question.text, "/".join(sorted(question.accept)), decision.ranked[:3]))
    out = list(out_of_scope)
    abstained = 0
    kinds: dict[str, list[bool]] = {}
    for item in out:
        decision = timed(decide, item.text, latencies)
        abstained += not decision.answered
        kinds.setdefault(item.kind, []).append(not decision.answered)
        if decision.answered:
            misses.append((item.text, f"out-of-scope:{item.kind}", decision.ranked[:1]))
    n = max(len(questions), 1)
    return Scores(
        top1=right / n,
        top3=top3 / n,
        abstention=abstained / max(len(out), 1),
        ambiguous=ambiguous / n,
        wrong=wrong / n,
        latencies_ms=latencies,
        by_style={s: sum(v) / len(v) for s, v in sorted(styles.items())},
        abstention_by_kind={k: sum(v) / len(v) for k, v in sorted(kinds.items())},
        counts=(len(questions), len(out)),
        misses=misses,
    )
