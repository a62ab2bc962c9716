"""Problems found in the knowledge files, reported to moderators as ``file:line: message``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class KnowledgeError:
    """One problem in one file; ``line`` is 1-based, 0 when no line is to blame."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}: {self.message}"
        return f"{self.file}: {self.message}"


class KnowledgeInvalid(Exception):
    """The knowledge base cannot be loaded; ``errors`` holds every problem found."""

    def __init__(self, errors: tuple[KnowledgeError, ...]) -> None:
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = errors
