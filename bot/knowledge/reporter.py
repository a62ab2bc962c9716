"""Collecting problems for one file, with a prefix naming the record they belong to."""

from __future__ import annotations

from bot.knowledge.errors import KnowledgeError


class Reporter:
    """Appends problems of one file to a shared list, so every file of a run reports together."""

    __slots__ = ("_errors", "_prefix", "file")

    def __init__(self, file: str, errors: list[KnowledgeError], prefix: str = "") -> None:
        self.file = file
        self._errors = errors
        self._prefix = prefix

    def error(self, line: int, message: str, *, follows_from: str | None = None) -> None:
        """``follows_from``: the ``file:line`` of the error this one is a consequence of."""
        self._errors.append(KnowledgeError(self.file, line, self._prefix + message, follows_from))

    def within(self, label: str) -> Reporter:
        """A reporter whose messages start with ``label``, e.g. ``entry 'salary-by-location': ...``."""
        return Reporter(self.file, self._errors, f"{self._prefix}{label}: ")
