"""Fixtures every test folder can use; the harnesses themselves live in tests/support/."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from tests.support.harness import Harness, running_harness
from tests.support.sample_knowledge import SNAPSHOT


@pytest.fixture(autouse=True, scope="session")
def _own_matcher_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The bot processes the tests start keep their built matcher in the run's own folder, not in
    the user's ~/.cache (shared by the session's processes, so the cache is exercised too)."""
    before = os.environ.get("MATCHER_CACHE_DIR")
    os.environ["MATCHER_CACHE_DIR"] = str(tmp_path_factory.mktemp("matcher-cache"))
    yield
    if before is None:
        del os.environ["MATCHER_CACHE_DIR"]
    else:
        os.environ["MATCHER_CACHE_DIR"] = before


@pytest.fixture
async def harness(tmp_path: Path) -> AsyncIterator[Harness]:
    async with running_harness(tmp_path, SNAPSHOT) as running:
        yield running
