"""Loading the knowledge files into one validated, immutable ``KnowledgeSnapshot``.

Every problem of every file is collected in one run; either the whole snapshot is built or
``KnowledgeInvalid`` lists them all, so a broken file can never be half-loaded.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath
from types import MappingProxyType

from bot.knowledge.citations import check_cited_ids, check_figures
from bot.knowledge.errors import KnowledgeError, KnowledgeInvalid
from bot.knowledge.facts_schema import check_source_list, read_facts_file, sources_of
from bot.knowledge.faq_schema import DraftEntry, read_faq_file
from bot.knowledge.models import Entry, Fact, KnowledgeSnapshot, RoleProfile
from bot.knowledge.off_topic_schema import read_off_topic
from bot.knowledge.reporter import Reporter
from bot.knowledge.role_schema import DraftRole, read_role_file
from bot.knowledge.synonym_schema import read_synonyms
from bot.knowledge.yaml_nodes import parse_yaml

FAQ_FOLDER = "faq"
ROLES_FOLDER = "roles"
SYNONYMS_FILE = "synonyms.yaml"
OFF_TOPIC_FILE = "off_topic.yaml"
FACTS_FILE = "facts.yaml"
_SINGLE_FILES = (SYNONYMS_FILE, OFF_TOPIC_FILE, FACTS_FILE)
# ".yml" files are read too, only to be reported: skipping them would silently drop a moderator's work.
_PATTERNS = (
    "faq/*.yaml",
    "faq/*.yml",
    "roles/*.yaml",
    "roles/*.yml",
    "synonyms.yaml",
    "synonyms.yml",
    "off_topic.yaml",
    "off_topic.yml",
    "facts.yaml",
    "facts.yml",
)
_LAYOUT = (
    "knowledge files are faq/<category>.yaml, roles/<role>.yaml, synonyms.yaml, off_topic.yaml and facts.yaml"
)


def default_knowledge_dir() -> Path:
    """The repository's knowledge/ folder. The configured one (KNOWLEDGE_DIR) is `Settings.knowledge_dir`:
    only bot.config reads the environment."""
    return Path(__file__).resolve().parents[2] / "knowledge"


def read_knowledge_files(directory: Path) -> dict[str, bytes]:
    """Relative posix path -> raw bytes of every knowledge file, sorted by path."""
    if not directory.is_dir():
        raise KnowledgeInvalid((KnowledgeError(str(directory), 0, "knowledge directory not found"),))
    paths = sorted(
        {path for pattern in _PATTERNS for path in directory.glob(pattern) if path.is_file()},
        key=lambda path: path.relative_to(directory).as_posix(),
    )
    files: dict[str, bytes] = {}
    errors: list[KnowledgeError] = []
    for path in paths:
        relative = path.relative_to(directory).as_posix()
        try:
            files[relative] = path.read_bytes()
        except OSError as exc:
            errors.append(KnowledgeError(_display(directory, relative), 0, f"cannot read: {exc.strerror}"))
    if errors:
        raise KnowledgeInvalid(tuple(errors))
    return files


def load_knowledge(directory: Path) -> KnowledgeSnapshot:
    return build_snapshot(read_knowledge_files(directory), label=_label(directory))


def validate_knowledge(directory: Path) -> tuple[KnowledgeError, ...]:
    """Every problem in the knowledge directory; ``()`` when it loads."""
    try:
        load_knowledge(directory)
    except KnowledgeInvalid as exc:
        return exc.errors
    return ()


def build_snapshot(files: Mapping[str, bytes], *, label: str = "knowledge") -> KnowledgeSnapshot:
    """Validate in-memory file contents (relative posix path -> bytes) and build a snapshot.

    Working from bytes lets a proposed edit be validated, with the current files and one replaced,
    before anything is written to disk.
    """
    errors: list[KnowledgeError] = []
    drafts: list[DraftEntry] = []
    draft_roles: list[DraftRole] = []
    facts: tuple[Fact, ...] = ()
    synonyms: dict[str, tuple[str, ...]] = {}
    off_topic: tuple[str, ...] = ()
    small_talk: set[str] = set()
    faq_files = 0
    for path in sorted(files):
        reporter = Reporter(f"{label}/{path}", errors)
        folder, stem = _classify(path, reporter)
        if folder is None:
            continue
        root = parse_yaml(files[path], reporter, allow_empty=folder in _SINGLE_FILES)
        if folder == FAQ_FOLDER:
            faq_files += 1
            faq = read_faq_file(root, stem, reporter)
            drafts.extend(faq.entries)
            if faq.small_talk:
                small_talk.add(stem)
        elif folder == ROLES_FOLDER:
            role = read_role_file(root, stem, reporter)
            if role is not None:
                draft_roles.append(role)
        elif folder == SYNONYMS_FILE:
            synonyms = read_synonyms(root, reporter)
        elif folder == FACTS_FILE:
            facts = read_facts_file(root, reporter)
        else:
            off_topic = read_off_topic(root, reporter)
    _check_entry_ids(drafts)
    facts_by_id = {fact.id: fact for fact in facts}
    lines = _LineCache(files)
    entries = [_cite(draft, facts_by_id, lines) for draft in drafts]
    roles = [_cite_role(draft, facts_by_id, lines) for draft in draft_roles]
    if not faq_files:
        errors.append(KnowledgeError(f"{label}/{FAQ_FOLDER}", 0, "no FAQ files: add faq/<category>.yaml"))
    elif not drafts and not errors:
        errors.append(KnowledgeError(f"{label}/{FAQ_FOLDER}", 0, "the FAQ has no entries"))
    if errors:
        raise KnowledgeInvalid(_in_reading_order(errors))
    return KnowledgeSnapshot(
        entries=tuple(entries),
        synonyms=MappingProxyType(synonyms),
        roles=tuple(roles),
        off_topic=off_topic,
        small_talk_categories=frozenset(small_talk),
        facts=facts,
    )


class _LineCache:
    """The lines of each file, decoded once and only for files whose figures are checked."""

    def __init__(self, files: Mapping[str, bytes]) -> None:
        self._files = files
        self._lines: dict[str, list[str]] = {}

    def of(self, reporter: Reporter) -> list[str]:
        path = reporter.file.split("/", 1)[1] if "/" in reporter.file else reporter.file
        if path not in self._lines:
            data = self._files.get(path, b"")
            self._lines[path] = data.decode("utf-8-sig", errors="replace").splitlines()
        return self._lines[path]


def _cite(draft: DraftEntry, facts: Mapping[str, Fact], lines: _LineCache) -> Entry:
    """The entry with the sources of the facts it cites, once its figures are checked against them."""
    cited = check_cited_ids(draft.cited, facts, draft.reporter)
    check_figures(draft.checked, cited, lines.of(draft.reporter), draft.reporter, cites_line=draft.facts_line)
    sources = sources_of(cited)
    check_source_list(sources, draft.facts_line, draft.reporter)
    return dataclasses.replace(draft.entry, sources=sources)


def _cite_role(draft: DraftRole, facts: Mapping[str, Fact], lines: _LineCache) -> RoleProfile:
    """The profile with its cited facts' sources, and each salary figure with its fact's source, date and
    caveat; the figures of the texts are checked against the profile's facts, each amount against its own."""
    reporter = draft.reporter
    cited = check_cited_ids(draft.cited, facts, reporter)
    figure_facts = check_cited_ids(draft.figure_facts, facts, reporter.within("salary figure"))
    check_figures(draft.checked, cited, lines.of(reporter), reporter, cites_line=draft.facts_line)
    by_id = {fact.id: fact for fact in figure_facts}
    figures = []
    for number, (figure, (_, line)) in enumerate(
        zip([f for f in draft.role.salary_figures if f.fact], draft.figure_facts, strict=True), start=1
    ):
        fact = by_id.get(figure.fact)
        if fact is None:
            continue
        if figure.amount_usd and not any(abs(n - figure.amount_usd) < 0.5 for n in fact.numbers):
            reporter.error(
                line,
                f"salary figure {number}: 'amount_usd' {figure.amount_usd:,} is not a number of fact "
                f"'{fact.id}': use the figure the fact holds",
            )
        figures.append(
            dataclasses.replace(
                figure,
                source=fact.title,
                as_of=fact.as_of,
                url=fact.url,
                caveated=fact.needs_caveat,
            )
        )
    every_fact = tuple({fact.id: fact for fact in (*cited, *figure_facts)}.values())
    sources = sources_of(list(every_fact))
    check_source_list(sources, draft.facts_line, reporter)
    return dataclasses.replace(draft.role, salary_figures=tuple(figures), sources=sources, cited=every_fact)


def _classify(path: str, reporter: Reporter) -> tuple[str | None, str]:
    """``(folder, stem)``: FAQ_FOLDER, ROLES_FOLDER or one of _SINGLE_FILES; None when reported."""
    parts = PurePosixPath(path)
    if parts.suffix == ".yml":
        reporter.error(0, f"knowledge files end in .yaml: rename it to {parts.with_suffix('.yaml')}")
        return None, ""
    if path in _SINGLE_FILES:
        return path, ""
    if len(parts.parts) == 2 and parts.parent.name in (FAQ_FOLDER, ROLES_FOLDER) and parts.suffix == ".yaml":
        return parts.parent.name, parts.stem
    reporter.error(0, f"not a knowledge file: {_LAYOUT}")
    return None, ""


def _check_entry_ids(drafts: list[DraftEntry]) -> None:
    """Ids unique across all files, and every related id pointing at an entry."""
    first_origin: dict[str, DraftEntry] = {}
    for draft in drafts:
        entry_id = draft.entry.id
        if not entry_id:
            continue
        first = first_origin.setdefault(entry_id, draft)
        if first is not draft:
            where = f"{first.reporter.file}:{first.id_line}"
            draft.reporter.error(draft.id_line, f"duplicate id '{entry_id}' (also at {where})")
    for draft in drafts:
        for related_id, line in zip(draft.entry.related, draft.related_lines, strict=True):
            if related_id not in first_origin:
                draft.reporter.error(line, _missing_related_message(related_id, first_origin))


def _missing_related_message(related_id: str, known_ids: Iterable[str]) -> str:
    close = difflib.get_close_matches(related_id, list(known_ids), n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"'related' id '{related_id}' does not exist{hint}"


def _in_reading_order(errors: list[KnowledgeError]) -> tuple[KnowledgeError, ...]:
    unique = dict.fromkeys(errors)
    return tuple(sorted(unique, key=lambda error: (error.file, error.line)))


def _display(directory: Path, relative: str) -> str:
    return f"{_label(directory)}/{relative}"


def _label(directory: Path) -> str:
    return Path(os.path.abspath(directory)).name or str(directory)
