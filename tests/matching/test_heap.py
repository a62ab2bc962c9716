from __future__ import annotations

from pathlib import Path

import pytest

from bot.matching.heap import release_freed_memory


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
