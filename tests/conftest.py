"""Fixtures every test folder can use; the harnesses themselves live in tests/support/."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.support.harness import Harness, running_harness
from tests.support.sample_knowledge import SNAPSHOT


@pytest.fixture
async def harness(tmp_path: Path) -> AsyncIterator[Harness]:
    async with running_harness(tmp_path, SNAPSHOT) as running:
        yield running
