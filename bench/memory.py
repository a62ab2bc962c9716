"""Resident memory of this process, for build-cost figures."""

from __future__ import annotations

import gc
from pathlib import Path


def rss_mb() -> float:
    gc.collect()
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")
