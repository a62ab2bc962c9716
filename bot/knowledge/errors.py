"""Problems found in the knowledge files, reported to moderators as ``file:line: message``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class KnowledgeError:
    """One problem in one file; ``line`` is 1-based, 0 when no line is to blame.

    ``follows_from`` names (``file:line``) the error this one is a consequence of, e.g. a related link
    to an entry in a file that could not be read: fixing that error fixes this one.
    """

    file: str
    line: int
    message: str
    follows_from: str | None = None

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}"
        if self.follows_from:
            text += f" (follows from the error at {self.follows_from})"
        return text


class KnowledgeInvalid(Exception):
    """The knowledge base cannot be loaded; ``errors`` holds every problem found."""

    def __init__(self, errors: tuple[KnowledgeError, ...]) -> None:
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = errors
