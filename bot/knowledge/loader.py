"""Loading the knowledge files into one validated, immutable ``KnowledgeSnapshot``.

Every problem of every file is collected in one run; either the whole snapshot is built or
``KnowledgeInvalid`` lists them all, so a broken file can never be half-loaded.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath
from types import MappingProxyType

from bot.knowledge.citations import check_cited_ids, check_figures
from bot.knowledge.errors import KnowledgeError, KnowledgeInvalid
from bot.knowledge.facts_schema import check_source_list, read_facts_file, sources_of
from bot.knowledge.faq_schema import DraftEntry, read_faq_file
from bot.knowledge.folder import (
    DEFAULT_MAX_FILE_BYTES,
    FAQ_FOLDER,
    KNOWLEDGE_FOLDERS,
    ROLES_FOLDER,
    FileRefused,
    read_inside,
    scan_folder,
)
from bot.knowledge.models import Entry, Fact, KnowledgeSnapshot, RoleProfile
from bot.knowledge.off_topic_schema import read_off_topic
from bot.knowledge.reporter import Reporter
from bot.knowledge.role_schema import DraftRole, read_role_file
from bot.knowledge.synonym_schema import read_synonyms
from bot.knowledge.yaml_nodes import parse_yaml

SYNONYMS_FILE = "synonyms.yaml"
OFF_TOPIC_FILE = "off_topic.yaml"
FACTS_FILE = "facts.yaml"
_SINGLE_FILES = (SYNONYMS_FILE, OFF_TOPIC_FILE, FACTS_FILE)
_LAYOUT = (
    "knowledge files are faq/<category>.yaml, roles/<role>.yaml, synonyms.yaml, off_topic.yaml and facts.yaml"
)


def default_knowledge_dir() -> Path:
    """The repository's knowledge/ folder. The configured one (KNOWLEDGE_DIR) is `Settings.knowledge_dir`:
    only bot.config reads the environment."""
    return Path(__file__).resolve().parents[2] / "knowledge"


def read_knowledge_files(
    directory: Path, *, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
) -> dict[str, bytes]:
    """Relative posix path -> raw bytes of every YAML file of the folder, sorted by path (the rules
    of ``bot.knowledge.folder``: links leaving the folder and files over ``max_file_bytes`` refused)."""
    files, errors = _read_folder(directory, max_file_bytes)
    if errors:
        raise KnowledgeInvalid(tuple(errors))
    return files


def read_exportable_files(
    directory: Path, *, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
) -> tuple[dict[str, bytes], tuple[KnowledgeError, ...]]:
    """What /faq export may send: every file ``read_knowledge_files`` would read, and why the others
    were left out. A link leaving the folder is never followed, whatever it points at."""
    files, errors = _read_folder(directory, max_file_bytes)
    return files, tuple(errors)


def knowledge_warnings(directory: Path) -> tuple[KnowledgeError, ...]:
    """Files that are probably misplaced but do not block loading (``notes.txt`` in ``faq/``)."""
    if not directory.is_dir():
        return ()
    return tuple(scan_folder(directory, _label(directory)).warnings)


def load_knowledge(directory: Path, *, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES) -> KnowledgeSnapshot:
    return build_snapshot(
        read_knowledge_files(directory, max_file_bytes=max_file_bytes), label=_label(directory)
    )


def validate_knowledge(
    directory: Path, *, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
) -> tuple[KnowledgeError, ...]:
    """Every problem in the knowledge directory; ``()`` when it loads."""
    try:
        load_knowledge(directory, max_file_bytes=max_file_bytes)
    except KnowledgeInvalid as exc:
        return exc.errors
    return ()


def _read_folder(directory: Path, max_file_bytes: int) -> tuple[dict[str, bytes], list[KnowledgeError]]:
    if not directory.is_dir():
        return {}, [KnowledgeError(str(directory), 0, "knowledge directory not found")]
    label = _label(directory)
    scan = scan_folder(directory, label)
    files: dict[str, bytes] = {}
    errors = list(scan.errors)
    for relative, path in scan.files.items():
        try:
            files[relative] = read_inside(scan.root, path, max_file_bytes)
        except FileRefused as refused:
            errors.append(KnowledgeError(f"{label}/{relative}", 0, str(refused)))
        except OSError as exc:
            errors.append(KnowledgeError(f"{label}/{relative}", 0, f"cannot read: {exc.strerror}"))
    return files, sorted(errors, key=lambda error: error.file)


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
    unreadable: dict[str, KnowledgeError] = {}  # FAQ file -> the error that kept it from being read
    for path in sorted(files):
        reporter = Reporter(f"{label}/{path}", errors)
        folder, stem = _classify(path, reporter)
        if folder is None:
            continue
        before = len(errors)
        root = parse_yaml(files[path], reporter, allow_empty=folder in _SINGLE_FILES)
        if root is None and len(errors) > before and folder == FAQ_FOLDER:
            unreadable[path] = errors[-1]
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
    _check_entry_ids(drafts, _ids_lost_with(unreadable, files))
    facts_by_id = {fact.id: fact for fact in facts}
    lines = _LineCache(files)
    entries = [_cite(draft, facts_by_id, lines) for draft in drafts]
    roles = [_cite_role(draft, facts_by_id, lines) for draft in draft_roles]
    if not faq_files:
        errors.append(KnowledgeError(f"{label}/{FAQ_FOLDER}", 0, "no FAQ files: add faq/<category>.yaml"))
    elif not drafts and not errors:
        errors.append(KnowledgeError(f"{label}/{FAQ_FOLDER}", 0, "the FAQ has no entries"))
    if errors:
        raise KnowledgeInvalid(_causes_first(errors))
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
    if parts.suffix.lower() == ".yml":
        reporter.error(0, f"knowledge files end in .yaml: rename it to {parts.with_suffix('.yaml')}")
        return None, ""
    if parts.suffix != ".yaml":
        reporter.error(
            0, f"knowledge files end in .yaml, in lower case: rename it to {parts.with_suffix('.yaml')}"
        )
        return None, ""
    if path in _SINGLE_FILES:
        return path, ""
    if len(parts.parts) == 2 and parts.parent.name in KNOWLEDGE_FOLDERS:
        return parts.parent.name, parts.stem
    reporter.error(0, f"not a knowledge file: {_where_it_belongs(parts)}{_LAYOUT}")
    return None, ""


def _where_it_belongs(path: PurePosixPath) -> str:
    """A hint for a YAML file outside the layout, ending in "; " (the layout follows)."""
    top = path.parts[0]
    if len(path.parts) == 1:
        if path.stem in KNOWLEDGE_FOLDERS:
            return f"{path.name} at the top is not read, the files in {path.stem}/ are; "
        return f"move it to faq/{path.name} (a FAQ category) or roles/{path.name} (a role profile); "
    if top in KNOWLEDGE_FOLDERS:
        return f"files in subfolders are not read, move it to {top}/{path.name}; "
    close = difflib.get_close_matches(top, KNOWLEDGE_FOLDERS, n=1)
    hint = f" (did you mean {close[0]}/?)" if close else ""
    return f"{top}/ is not a knowledge folder{hint}; "


def _check_entry_ids(drafts: list[DraftEntry], lost: Mapping[str, str]) -> None:
    """Ids unique across all files, and every related id pointing at an entry; ``lost`` ids (defined
    in a file that could not be read) are reported as following from that file's error."""
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
                message = _missing_related_message(related_id, first_origin, lost)
                draft.reporter.error(line, message, follows_from=lost.get(related_id))


def _missing_related_message(related_id: str, known_ids: Iterable[str], lost: Mapping[str, str]) -> str:
    close = [] if related_id in lost else difflib.get_close_matches(related_id, list(known_ids), n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"'related' id '{related_id}' does not exist{hint}"


def _ids_lost_with(unreadable: Mapping[str, KnowledgeError], files: Mapping[str, bytes]) -> dict[str, str]:
    """Entry id -> ``file:line`` of the error of the unreadable FAQ file whose text defines it
    (``id: <it>``): a related link to such an id follows from that error, not from a typo."""
    lost: dict[str, str] = {}
    for path, cause in unreadable.items():
        for entry_id in _DEFINED_ID.findall(files[path].decode("utf-8", errors="replace")):
            lost.setdefault(entry_id, cause.where)
    return lost


#: ``id: salary-factors`` as an entry's first or later key, quoted or not.
_DEFINED_ID = re.compile(r"""^[ \t-]*id:[ \t]*["']?([a-z0-9][a-z0-9-]*)["']?[ \t]*(?:#.*)?$""", re.M)


def _causes_first(errors: list[KnowledgeError]) -> tuple[KnowledgeError, ...]:
    """Errors that others follow from first, then the rest in reading order, their consequences last."""
    unique = dict.fromkeys(errors)
    causes = {error.follows_from for error in unique if error.follows_from}

    def rank(error: KnowledgeError) -> int:
        return 0 if error.where in causes else 2 if error.follows_from else 1

    return tuple(sorted(unique, key=lambda error: (rank(error), error.file, error.line)))


def _display(directory: Path, relative: str) -> str:
    return f"{_label(directory)}/{relative}"


def _label(directory: Path) -> str:
    return Path(os.path.abspath(directory)).name or str(directory)
