"""A working copy of the knowledge files that changes are applied to before anything is written."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from bot.knowledge.faq_schema import ENTRY_KEYS, KEBAB_CASE
from bot.knowledge.loader import FAQ_FOLDER, SYNONYMS_FILE
from bot.moderation import roundtrip
from bot.moderation.changes import ChangeRefused, ItemChange, ItemKind
from bot.moderation.roundtrip import Plain


def faq_path(category: str) -> str:
    return f"{FAQ_FOLDER}/{category}.yaml"


class KnowledgeDocuments:
    """Relative path -> bytes, with files parsed for round-trip editing only when a change needs them.

    ``changed_files()`` lists the files to write, in the order they were first touched (a move: the old
    file, then the new one). The editor journals a change before writing it, so a crash between two
    writes is completed (or rolled back) when the editor next opens (bot/moderation/journal.py).
    """

    def __init__(self, files: Mapping[str, bytes]) -> None:
        self._original = dict(files)
        self._files = dict(files)
        self._documents: dict[str, Any] = {}
        self._replaced: dict[str, bytes] = {}

    def _document(self, path: str) -> Any:
        if path not in self._documents:
            if path in self._files:
                self._documents[path] = roundtrip.load(self._files[path], path)
            else:
                self._documents[path] = CommentedMap(
                    [("synonyms" if path == SYNONYMS_FILE else "entries", None)]
                )
        return self._documents[path]

    def _faq_paths(self) -> list[str]:
        return [path for path in self._files if PurePosixPath(path).parent.name == FAQ_FOLDER]

    # ------------------------------------------------------------------ entries

    def _locate(self, entry_id: str) -> tuple[str, CommentedSeq, int] | None:
        needle = entry_id.encode("utf-8")
        for path in self._faq_paths():
            if path not in self._documents and needle not in self._files[path]:
                continue
            entries = self._document(path).get("entries") or []
            for index, item in enumerate(entries):
                if isinstance(item, CommentedMap) and str(roundtrip.plain(item.get("id"))) == entry_id:
                    return path, entries, index
        return None

    def entry(self, entry_id: str) -> Plain:
        found = self._locate(entry_id)
        return None if found is None else roundtrip.plain(found[1][found[2]])

    def entry_text(self, entry_id: str) -> str | None:
        found = self._locate(entry_id)
        return None if found is None else roundtrip.entry_text(found[1][found[2]])

    def entry_ids(self) -> set[str]:
        ids = set()
        for path in self._faq_paths():
            for item in self._document(path).get("entries") or []:
                if isinstance(item, CommentedMap):
                    ids.add(str(roundtrip.plain(item.get("id"))))
        return ids

    def set_entry(self, entry_id: str, value: Mapping[str, Plain] | None) -> ItemChange | None:
        """Make entry ``entry_id`` hold ``value`` (None removes it); None when nothing changes."""
        found = self._locate(entry_id)
        before = None if found is None else roundtrip.plain(found[1][found[2]])
        after = None if value is None else roundtrip.plain(value)
        if before == after:
            return None
        category = str(after["category"]) if after is not None else ""
        moved = None
        if found is not None:
            path, entries, index = found
            if after is not None:
                roundtrip.update_mapping(entries[index], after, ENTRY_KEYS)
                if path == faq_path(category):
                    self._touch(path)
                    return ItemChange(ItemKind.ENTRY, entry_id, before, after)
                moved = entries[index]  # the node itself moves: its comments and typed values go along
            del entries[index]
            self._touch(path)
        if after is not None:
            self._append_entry(faq_path(category), after, moved)
        return ItemChange(ItemKind.ENTRY, entry_id, before, after)

    def _append_entry(self, path: str, value: Mapping[str, Plain], node: CommentedMap | None = None) -> None:
        target = PurePosixPath(path)
        if target.parent.as_posix() != FAQ_FOLDER or not _safe_name(target.stem):
            raise ChangeRefused(
                f"'{target.stem}' is not a usable category: use lower-case words joined by hyphens."
            )
        document = self._document(path)
        if not isinstance(document, CommentedMap):
            raise ChangeRefused(f"{path} does not hold a list of entries; fix it by hand first.")
        if document.get("entries") is None:
            document["entries"] = CommentedSeq()
        entries = document["entries"]
        roundtrip.make_block_style_when_empty(entries)
        entries.append(node if node is not None else roundtrip.entry_node(value))
        if len(entries) > 1 and not entries.fa.flow_style():
            entries.yaml_set_comment_before_after_key(len(entries) - 1, before="\n", indent=2)
        self._touch(path)

    # ------------------------------------------------------------------ synonyms

    def _synonym_map(self) -> CommentedMap:
        document = self._document(SYNONYMS_FILE)
        if document.get("synonyms") is None:
            document["synonyms"] = CommentedMap()
        roundtrip.make_block_style_when_empty(document["synonyms"])
        return document["synonyms"]

    def synonym(self, term: str) -> Plain:
        document = self._document(SYNONYMS_FILE)
        synonyms = document.get("synonyms") or {}
        return roundtrip.plain(synonyms[term]) if term in synonyms else None

    def set_synonym(self, term: str, variants: list[str] | None) -> ItemChange | None:
        before = self.synonym(term)
        after = roundtrip.plain(variants)
        if before == after:
            return None
        synonyms = self._synonym_map()
        if variants is None:
            del synonyms[term]
        elif term in synonyms:
            synonyms[term] = roundtrip.to_node(variants, like=synonyms[term])
        else:
            synonyms[term] = roundtrip.to_node(variants)
        self._touch(SYNONYMS_FILE)
        return ItemChange(ItemKind.SYNONYM, term, before, after)

    # ------------------------------------------------------------------ whole files

    def file_text(self, path: str) -> str | None:
        data = self._current_bytes(path)
        return None if data is None else data.decode("utf-8")

    def set_file(self, path: str, data: bytes) -> ItemChange | None:
        before = self.file_text(path)
        after = data.decode("utf-8")
        if before == after:
            return None
        self._documents.pop(path, None)
        self._files[path] = data
        self._replaced[path] = data
        return ItemChange(ItemKind.FILE, path, before, after)

    # ------------------------------------------------------------------ generic

    def current(self, kind: ItemKind, key: str) -> Plain:
        if kind is ItemKind.ENTRY:
            return self.entry(key)
        if kind is ItemKind.SYNONYM:
            return self.synonym(key)
        return self.file_text(key)

    def set(self, kind: ItemKind, key: str, value: Plain) -> ItemChange | None:
        if kind is ItemKind.ENTRY:
            return self.set_entry(key, value)
        if kind is ItemKind.SYNONYM:
            return self.set_synonym(key, value)
        if value is None:
            raise ChangeRefused(f"{key} would have to be deleted; remove it by hand if that is intended.")
        return self.set_file(key, str(value).encode("utf-8"))

    def _touch(self, path: str) -> None:
        self._replaced.setdefault(path, b"")

    def _current_bytes(self, path: str) -> bytes | None:
        if path in self._documents:
            return roundtrip.dump(self._documents[path])
        return self._files.get(path)

    def changed_files(self) -> dict[str, bytes]:
        """The files whose bytes differ from what was read, in the order they were first touched."""
        return {
            path: data
            for path in self._replaced
            if (data := self._current_bytes(path) or b"") != self._original.get(path)
        }

    def all_files(self) -> dict[str, bytes]:
        files = dict(self._files)
        files.update(self.changed_files())
        return files


def _safe_name(stem: str) -> bool:
    return KEBAB_CASE.match(stem) is not None
