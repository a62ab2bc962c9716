"""Handing the pages a large build freed back to the system, and keeping what lives out of collections.

Building a 100,000-entry base allocates a few hundred megabytes of short-lived objects (each
phrasing's analysis, token ids, chunks of vectors). Once they are freed, glibc keeps most of
those pages in the process for later allocations, so the bot's resident set would stay near its
build peak for as long as it runs. ``malloc_trim`` returns the free pages. Where the C library
has no such call (not glibc), nothing happens.
"""

from __future__ import annotations

import ctypes
import gc


def release_freed_memory() -> bool:
    """Return the heap's free pages to the system; whether the C library could."""
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return False
    trim.argtypes = [ctypes.c_size_t]
    trim(0)
    return True


def settle_long_lived() -> None:
    """Collect the garbage there is now, then keep everything alive out of later collections.

    The knowledge and its matcher are tens of thousands of objects (46,000 for the shipped one) that
    live until the next reload, and each of Python's full collections walks them all, with everything
    the process imported (135,000 in the bot's): several milliseconds landing in the
    middle of some question (bench/startup.py times questions settled, as the bot runs). Frozen
    (gc.freeze), they are still freed by reference counting. A process that answers many
    questions settles once it has loaded (bot/cli.py); a one-question ``ask`` does not (a full
    collection costs tens of milliseconds).
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def keep_settled() -> None:
    """After a reload, settle again in a process that settled: the cycles among the dropped
    matcher's objects, frozen with them, are found only by a collection after unfreezing."""
    if gc.get_freeze_count():
        settle_long_lived()
