"""The knowledge folder on disk: which files it holds, and reading them without ever leaving it.

Every reader of the folder goes through here (loading, ``python -m bot validate``, the /faq editor,
/faq export, the watcher's reloads), so one set of rules holds everywhere:

- A symbolic link whose target is outside the folder is refused with an error naming the link and
  its target: a link to ``/proc/self/environ`` must never be served, validated or exported. A link
  to a file or folder inside the knowledge folder is read like that file (deployments that mount
  files as links, e.g. Kubernetes config maps, keep working).
- Files are opened one path component at a time with ``O_NOFOLLOW`` from the folder itself, so a
  link swapped in between the check and the read is refused too, not followed.
- A file larger than the limit (``KNOWLEDGE_MAX_FILE_BYTES``) is refused with its size before it
  is read: parsing a 50 MB file would take a core for tens of seconds.
- Misplaced files are never silently skipped. Any YAML file (``.yaml``, ``.yml``, any case) is
  handed to the validator, which refuses one outside the layout with where it belongs (an error: it
  is someone's knowledge, and skipping it would silently drop their work). A file that is not YAML
  inside ``faq/`` or ``roles/`` (``notes.txt``, ``x.json``, ``x.yaml.bak``) is reported as a warning:
  probably not meant as knowledge, so it does not block a reload. Files at the top of the folder that
  are not YAML (the README) and hidden files or folders (``.git``, editors' swap files, the atomic
  writer's temporary files) are ignored.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from bot.config import DEFAULT_KNOWLEDGE_MAX_FILE_BYTES
from bot.knowledge.errors import KnowledgeError

DEFAULT_MAX_FILE_BYTES = DEFAULT_KNOWLEDGE_MAX_FILE_BYTES
FAQ_FOLDER = "faq"
ROLES_FOLDER = "roles"
KNOWLEDGE_FOLDERS = (FAQ_FOLDER, ROLES_FOLDER)
YAML_SUFFIXES = (".yaml", ".yml")
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
_SAFE_OPEN = os.open in os.supports_dir_fd and hasattr(os, "O_NOFOLLOW")


class FileRefused(Exception):
    """A file of the folder that must not be read; the message says why (without the file's name)."""


@dataclass(slots=True)
class FolderScan:
    """What the folder holds: the YAML files to read (relative posix path -> path inside the real
    folder), the files refused outright, and files that are probably misplaced."""

    root: str
    files: dict[str, str] = field(default_factory=dict)
    errors: list[KnowledgeError] = field(default_factory=list)
    warnings: list[KnowledgeError] = field(default_factory=list)


def is_yaml_name(name: str) -> bool:
    return name.lower().endswith(YAML_SUFFIXES)


def scan_folder(directory: Path, label: str) -> FolderScan:
    """Walk the folder (links inside it followed once each, links leaving it refused)."""
    root = os.path.realpath(directory)
    scan = FolderScan(root)
    visited = {root}
    pending = [("", root)]
    while pending:
        relative_dir, real_dir = pending.pop()
        with os.scandir(real_dir) as entries:
            listed = sorted(entries, key=lambda entry: entry.name)
        for entry in listed:
            if entry.name.startswith("."):
                continue
            relative = relative_dir + entry.name
            display = f"{label}/{relative}"
            real = os.path.realpath(entry.path) if entry.is_symlink() else entry.path
            if not is_inside(real, root):
                if is_yaml_name(entry.name) or os.path.isdir(real) or _in_knowledge_folder(relative):
                    scan.errors.append(KnowledgeError(display, 0, leaves_folder_message(real)))
                continue
            if os.path.isdir(real):
                if real not in visited:
                    visited.add(real)
                    pending.append((relative + "/", real))
            elif is_yaml_name(entry.name):
                scan.files[relative] = real
            elif _in_knowledge_folder(relative):
                scan.warnings.append(KnowledgeError(display, 0, _not_yaml_message(relative)))
    scan.files = dict(sorted(scan.files.items()))
    scan.errors.sort(key=lambda error: error.file)
    scan.warnings.sort(key=lambda error: error.file)
    return scan


def read_inside(root: str, path: str, max_bytes: int) -> bytes:
    """The bytes of ``path`` (inside the real folder ``root``), opened without following any link.

    Raises ``FileRefused`` for a file over ``max_bytes``, a file that is not a regular file, or a
    path that became a link since it was checked; ``OSError`` when it cannot be read.
    """
    relative = os.path.relpath(path, root)
    if relative.startswith(os.pardir) or os.path.isabs(relative):
        raise FileRefused(leaves_folder_message(path))
    descriptor = _open_without_links(root, relative) if _SAFE_OPEN else os.open(path, _READ_FLAGS)
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise FileRefused("not a regular file; knowledge files are plain text files")
        if status.st_size > max_bytes:
            raise FileRefused(too_big_message(status.st_size, max_bytes))
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:  # it grew while being read
        raise FileRefused(too_big_message(len(data), max_bytes))
    return data


def _open_without_links(root: str, relative: str) -> int:
    *folders, name = relative.split(os.sep)
    directory = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        for folder in folders:
            inner = _open_at(folder, _DIR_FLAGS, directory)
            os.close(directory)
            directory = inner
        return _open_at(name, _READ_FLAGS, directory)
    finally:
        os.close(directory)


def _open_at(name: str, flags: int, directory: int) -> int:
    try:
        return os.open(name, flags, dir_fd=directory)
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.ENOTDIR):
            raise FileRefused("became a symbolic link while being read; refused, read it again") from None
        raise


def link_problem(directory: Path, relative: str) -> str | None:
    """Why writing ``relative`` inside the folder would leave it (the file or a folder on its way is a
    link to outside), or None. Writes replace a link inside the folder by a plain file, which is fine."""
    root = os.path.realpath(directory)
    target = os.path.realpath(os.path.join(root, relative))
    return None if is_inside(target, root) else leaves_folder_message(target)


def is_inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def leaves_folder_message(target: str) -> str:
    return (
        f"a symbolic link to {target}, outside the knowledge folder: refused "
        "(copy the file into the folder instead of linking to it)"
    )


def too_big_message(size: int, limit: int) -> str:
    return (
        f"the file is {size:,} bytes; knowledge files are at most {limit:,} bytes "
        "(KNOWLEDGE_MAX_FILE_BYTES): split it into several files"
    )


def _in_knowledge_folder(relative: str) -> bool:
    parts = PurePosixPath(relative).parts
    return len(parts) > 1 and parts[0] in KNOWLEDGE_FOLDERS


def _not_yaml_message(relative: str) -> str:
    folder = PurePosixPath(relative).parts[0]
    return (
        f"not read: only .yaml files in {folder}/ are knowledge files "
        f"(if this one is not meant to be, move it out of {folder}/ to silence this warning)"
    )
