from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.matching.heap import keep_settled, release_freed_memory, settle_long_lived


def _resident_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the resident set from /proc")
def test_freed_pages_below_a_live_allocation_go_back_to_the_system() -> None:
    # Kilobyte strings come from malloc's heap; the last one kept pins the heap's top, so only
    # malloc_trim (not free) can hand the pages below it back.
    texts = [str(n).rjust(2048, "x") for n in range(60_000)]
    kept = texts[-1]
    del texts
    before = _resident_mb()
    if not release_freed_memory():
        pytest.skip("the C library has no malloc_trim")
    assert _resident_mb() < before - 60
    assert kept.endswith("59999")


class _Node:
    """A reference cycle: only a collection frees it."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def unsettled() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()  # the rest of the suite runs as Python runs by default


def test_settling_frees_todays_garbage_and_freezes_what_lives(unsettled: None) -> None:
    garbage, alive = _Node(), _Node()
    dropped = weakref.ref(garbage)
    del garbage
    settle_long_lived()
    assert dropped() is None
    assert gc.get_freeze_count() > 0
    assert alive.me is alive


def test_keeping_settled_frees_the_cycles_frozen_before_only_in_a_settled_process(unsettled: None) -> None:
    kept = _Node()
    dropped = weakref.ref(kept)
    keep_settled()  # not settled: nothing is frozen
    assert gc.get_freeze_count() == 0
    settle_long_lived()  # now the cycle is frozen, and dropping it leaves it to a collection
    del kept
    gc.collect()
    assert dropped() is not None
    keep_settled()
    assert dropped() is None
    assert gc.get_freeze_count() > 0
