from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from bot.knowledge.loader import validate_knowledge

WriteKnowledge = Callable[[Mapping[str, str | bytes]], Path]
Problems = Callable[[Mapping[str, str | bytes]], list[str]]


@pytest.fixture
def write_knowledge(tmp_path: Path) -> WriteKnowledge:
    """Writes files under ``<tmp>/knowledge`` so problems are shown as ``knowledge/<path>``."""

    def write(files: Mapping[str, str | bytes]) -> Path:
        root = tmp_path / "knowledge"
        root.mkdir(exist_ok=True)
        for relative, content in files.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            data = content if isinstance(content, bytes) else content.encode("utf-8")
            path.write_bytes(data)
        return root

    return write


@pytest.fixture
def problems(write_knowledge: WriteKnowledge) -> Problems:
    """The ``file:line: message`` lines that validating the given files prints."""

    def validate(files: Mapping[str, str | bytes]) -> list[str]:
        return [str(error) for error in validate_knowledge(write_knowledge(files))]

    return validate
