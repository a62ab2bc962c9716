"""Handing the pages a large build freed back to the system.

Building a 100,000-entry base allocates a few hundred megabytes of short-lived objects (each
phrasing's analysis, token ids, chunks of vectors). Once they are freed, glibc keeps most of
those pages in the process for later allocations, so the bot's resident set would stay near its
build peak for as long as it runs. ``malloc_trim`` returns the free pages. Where the C library
has no such call (not glibc), nothing happens.
"""

from __future__ import annotations

import ctypes


def release_freed_memory() -> bool:
    """Return the heap's free pages to the system; whether the C library could."""
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return False
    trim.argtypes = [ctypes.c_size_t]
    trim(0)
    return True
