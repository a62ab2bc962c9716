"""Split the third blind round into dev and test halves, once, with a fixed seed.

Run once on 2026-12-01, before anyone matched a question of this round against the bot, on the
files as its five writers left them (commit c0b9461; since removed so each question lives in one
place); rerunning it reproduces ``dev/`` and ``test/`` byte for byte:

    python -m bench.blind3.split

Stratified as the earlier rounds (bench/blind/split.py): half of every topic's questions, of the near
and far out-of-scope messages and of the follow-up and control conversations. Tune on ``dev/``
only; ``test/`` is read once, at the end of this round's matcher work, and reported as the headline.
"""

from __future__ import annotations

from pathlib import Path

from bench.blind.split import split_round

SEED = 20261203
WRITTEN_AT = "c0b9461"

if __name__ == "__main__":
    split_round(
        Path(__file__).parent,
        WRITTEN_AT,
        SEED,
        inscope=("inscope-a.yaml", "inscope-b.yaml"),
        talks=("conversations-a.yaml", "conversations-b.yaml"),
    )
