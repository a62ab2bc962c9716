"""Split a blind round into dev and test halves, once, with a fixed seed.

Each round was split once on 2026-12-01, before anyone matched a question of it against the bot,
from the files as its writers left them (``ROUNDS``: the commit that held them, since removed so each
question lives in one place); rerunning it reproduces that round's ``dev/`` and ``test/`` byte for byte:

    python -m bench.blind.split [ROUND]

Stratified so each half has half of every topic's questions, half of the near and far out-of-scope
questions and half of the follow-up and control conversations. Tune on ``dev/`` only; ``test/`` is
read once, at the end of that round's matcher work, and reported as the headline.
"""

from __future__ import annotations

import random
import subprocess
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

BENCH = Path(__file__).parents[1]


@dataclass(frozen=True)
class Round:
    """Where a round's writers' files were committed, their names and the seed that split them."""

    folder: str
    seed: int
    written_at: str
    inscope: tuple[str, ...]
    talks: tuple[str, ...]


ROUNDS = {
    1: Round("blind", 20261201, "15a576a", ("inscope-1.yaml", "inscope-2.yaml"), ("conversations.yaml",)),
    2: Round(
        "blind2",
        20261202,
        "adf6a55",
        ("inscope-a.yaml", "inscope-b.yaml"),
        ("conversations-a.yaml", "conversations-b.yaml"),
    ),
    3: Round(
        "blind3",
        20261203,
        "c0b9461",
        ("inscope-a.yaml", "inscope-b.yaml"),
        ("conversations-a.yaml", "conversations-b.yaml"),
    ),
    4: Round(
        "blind4",
        20261204,
        "b0b2ac2",
        ("inscope-a.yaml", "inscope-b.yaml"),
        ("conversations-a.yaml", "conversations-b.yaml"),
    ),
    5: Round(
        "blind5",
        20261205,
        "12919ad",
        ("inscope-a.yaml", "inscope-b.yaml"),
        ("conversations-a.yaml", "conversations-b.yaml"),
    ),
    6: Round(
        "blind6",
        20261206,
        "5f85d46",
        ("inscope-a.yaml", "inscope-b.yaml"),
        ("conversations-a.yaml", "conversations-b.yaml"),
    ),
    7: Round(
        "blind7",
        20261207,
        "88b36e6",
        ("inscope-a.yaml", "inscope-b.yaml"),
        ("conversations-a.yaml", "conversations-b.yaml"),
    ),
    8: Round(
        "blind8",
        20261208,
        "e775378",
        ("inscope-a.yaml", "inscope-b.yaml"),
        ("conversations-a.yaml", "conversations-b.yaml"),
    ),
    9: Round(
        "blind9",
        20261209,
        "88476eb",
        ("inscope-a.yaml", "inscope-b.yaml"),
        ("conversations-a.yaml", "conversations-b.yaml"),
    ),
    10: Round(
        "blind10",
        20261210,
        "91859c1",
        ("inscope-a.yaml", "inscope-b.yaml"),
        ("conversations-a.yaml", "conversations-b.yaml"),
    ),
    11: Round(
        "blind11",
        20261211,
        "6fff6d1",
        ("inscope-a.yaml", "inscope-b.yaml"),
        ("conversations-a.yaml", "conversations-b.yaml"),
    ),
}


def _written(folder: Path, written_at: str, name: str) -> dict:
    text = subprocess.run(
        ["git", "show", f"{written_at}:bench/{folder.name}/{name}"],
        capture_output=True,
        text=True,
        check=True,
        cwd=folder,
    ).stdout
    return yaml.safe_load(text)


def _halves(items: list[dict], key, rng: random.Random) -> tuple[list[dict], list[dict]]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for item in items:
        groups[key(item)].append(item)
    dev: list[dict] = []
    test: list[dict] = []
    for name in sorted(groups):
        group = groups[name][:]
        rng.shuffle(group)
        cut = len(group) // 2 + (len(group) % 2 and rng.random() < 0.5)
        dev.extend(group[:cut])
        test.extend(group[cut:])
    return dev, test


def _write(folder: Path, name: str, top: str, items: list[dict]) -> None:
    folder.mkdir(exist_ok=True)
    text = yaml.safe_dump({top: items}, allow_unicode=True, sort_keys=False, width=200)
    (folder / name).write_text(text, encoding="utf-8")


def split_round(
    folder: Path, written_at: str, seed: int, *, inscope: Sequence[str], talks: Sequence[str]
) -> None:
    """Split one round's writers' files (as committed at ``written_at``) into ``dev/`` and ``test/``."""
    rng = random.Random(seed)

    def written(names: Sequence[str], top: str) -> list[dict]:
        return [item for name in names for item in _written(folder, written_at, name)[top]]

    for top, name, items, key in (
        ("questions", "inscope.yaml", written(inscope, "questions"), lambda q: q["accept"][0]),
        ("questions", "out-of-scope.yaml", written(["out-of-scope.yaml"], "questions"), lambda q: q["kind"]),
        ("conversations", "conversations.yaml", written(talks, "conversations"), lambda c: c["kind"]),
    ):
        dev, test = _halves(items, key, rng)
        _write(folder / "dev", name, top, dev)
        _write(folder / "test", name, top, test)
        print(f"{name}: {len(dev)} dev, {len(test)} test")


if __name__ == "__main__":
    number = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    record = ROUNDS[number]
    split_round(
        BENCH / record.folder, record.written_at, record.seed, inscope=record.inscope, talks=record.talks
    )
