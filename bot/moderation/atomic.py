"""Writing a file so that a crash at any moment leaves either the old content or the new, never a mix,
and so that a save made by someone else meanwhile is never replaced unseen."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import sys
import tempfile
from pathlib import Path

#: Temporary files end in this suffix, which the knowledge loader never reads.
TEMP_SUFFIX = ".tmp"
#: Our temporary files are ``.<file name>.careerbot-<random>.tmp``: recognisable, so the ones a kill
#: left behind can be removed without touching anybody else's.
TEMP_MARK = ".careerbot-"
_OURS = re.compile(r"\A\..+\.careerbot-[a-z0-9_]+\.tmp\Z")
#: What this writer named them before the mark existed: ``.<name>.yaml.<8 random>.tmp``.
_OURS_BEFORE = re.compile(r"\A\..+\.ya?ml\.[a-z0-9_]{8}\.tmp\Z")
ANY = object()  # ``expected`` when the file may hold anything (the journal itself)


class FileChangedMeanwhile(Exception):
    """The file no longer holds what the change was computed from: someone else saved it meanwhile."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} changed on disk meanwhile")
        self.path = path


def read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def atomic_write_bytes(path: Path, data: bytes, *, expected: bytes | object | None = ANY) -> None:
    """Write to a temporary file in the same folder, fsync it, then ``os.replace`` the original.

    ``expected`` is the content the new one was computed from (``None``: the file did not exist): it
    is compared with the file right before the replace, and ``FileChangedMeanwhile`` raised, writing
    nothing, when they differ; a save landing between that check and the replace is kept too
    (``_replace_if_unchanged``). The folder is fsynced too, so the rename itself survives a power cut.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}{TEMP_MARK}", suffix=TEMP_SUFFIX
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        if expected is ANY:
            os.replace(temporary, path)
        else:
            _replace_if_unchanged(Path(temporary), path, data, expected)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    fsync_directory(path.parent)


def _replace_if_unchanged(temporary: Path, path: Path, data: bytes, expected: bytes | None) -> None:
    """Put ``temporary`` (holding ``data``) at ``path`` only if ``path`` holds ``expected``.

    A check followed by ``os.replace`` leaves a window: a hand save (another tool, an editor that
    takes no lock) landing between the two is destroyed unseen, and under load the window is not
    small. So the replace never destroys what it did not check: a new file is linked into place
    (refused if one appeared), and an existing one is swapped atomically with ``temporary``
    (``renameat2(RENAME_EXCHANGE)``), then what was displaced is checked and given back if it is not
    ``expected``. Where the swap is missing (not Linux, or a filesystem without it, e.g. NFS), the
    plain check and replace remain.
    """
    if read_or_none(path) != expected:
        raise FileChangedMeanwhile(path)
    if expected is None:
        try:
            os.link(temporary, path)  # unlike a rename, fails when the name exists
        except FileExistsError:
            raise FileChangedMeanwhile(path) from None
        except OSError as error:
            if error.errno not in _UNSUPPORTED:  # a filesystem without hard links: plain replace
                raise
            os.replace(temporary, path)
            return
        os.unlink(temporary)
        return
    if not _exchange(temporary, path):
        os.replace(temporary, path)
        return
    if read_or_none(temporary) == expected:
        os.unlink(temporary)
        return
    _exchange(temporary, path)  # someone saved just before the swap: their file back in place
    if read_or_none(temporary) != data:
        _exchange(temporary, path)  # and they saved again over ours meanwhile: that one is the latest
    raise FileChangedMeanwhile(path)  # the caller removes ``temporary``


_UNSUPPORTED = frozenset({errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EPERM})
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_renameat2 = (
    getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None) if sys.platform == "linux" else None
)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two names atomically; False, changing nothing, where the system cannot."""
    if _renameat2 is None:
        return False
    if _renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(second))


def remove_file(path: Path) -> None:
    """Delete ``path`` (if there) so that the deletion survives a power cut."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
        fsync_directory(path.parent)


def remove_leftover_temporaries(folder: Path) -> list[Path]:
    """Delete the temporary files of this writer that a killed process left in ``folder`` and the
    folders below it. Call it only while holding the edit lock: a live writer's file is not a leftover.
    """
    removed = []
    for candidate in [*folder.glob(".*.tmp"), *folder.glob("*/.*.tmp")]:
        ours = _OURS.match(candidate.name) or _OURS_BEFORE.match(candidate.name)
        if ours and candidate.is_file() and not candidate.is_symlink():
            with contextlib.suppress(FileNotFoundError):
                candidate.unlink()
                removed.append(candidate)
    return removed


def fsync_directory(directory: Path) -> None:
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
