"""Split the blind set into dev and test halves, once, with a fixed seed.

Run once on 2026-12-01, before anyone matched a question of the set against the bot, on the files as
the writers left them (commit 15a576a: ``inscope-1.yaml``, ``inscope-2.yaml``, ``out-of-scope.yaml``,
``conversations.yaml``, since removed so each question lives in one place); rerunning it reproduces
``dev/`` and ``test/`` byte for byte:

    python -m bench.blind.split

Stratified so each half has half of every topic's questions, half of the near and far out-of-scope
questions and half of the follow-up and control conversations. Tune on ``dev/`` only; ``test/`` is
read once, at the end of the matcher work, and reported as the headline.
"""

from __future__ import annotations

import random
import subprocess
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import yaml

HERE = Path(__file__).parent
SEED = 20261201
WRITTEN_AT = "15a576a"


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
    split_round(
        HERE, WRITTEN_AT, SEED, inscope=("inscope-1.yaml", "inscope-2.yaml"), talks=("conversations.yaml",)
    )
