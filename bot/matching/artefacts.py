"""Built matcher artefacts kept between runs: derived data, keyed by a hash of what it is built from.

Training the classifier (scikit-learn, most of a second to import) and embedding every phrasing
are the dearest parts of building a matcher, and give the same arrays for the same knowledge.
A cache folder (MATCHER_CACHE_DIR) keeps them as ``.npz`` files named by a SHA-256 of every
input that shapes them: the phrasings as analysed, the settings, the library versions. So a
stale file is never read (changed knowledge has another key), a file is written to a temporary
name and renamed into place (a reader never sees half of one), and each holds a digest of its
own arrays, checked on reading: a corrupt or foreign file counts as missing and is rebuilt. The
cache is only ever a shortcut: when the folder cannot be read or written, artefacts are built.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import logging
import os
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import numpy as np

from bot.matching.tuning import ARTEFACT_CACHE_KEEP

log = logging.getLogger(__name__)

#: Changed when what an artefact holds changes meaning, so older files are never read as new ones.
FORMAT = "careerbot-artefact-1"
_DIGEST = "__digest__"
Arrays = dict[str, np.ndarray]


def fingerprint(*parts: str | bytes | int | float) -> str:
    """A SHA-256 over ``parts``, each length-prefixed so that no two sequences of parts collide."""
    digest = hashlib.sha256(FORMAT.encode())
    for part in parts:
        data = part if isinstance(part, bytes) else repr(part).encode()
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def code_parts(files: Iterable[Path], libraries: Iterable[str]) -> tuple[str | bytes, ...]:
    """What built code depends on (for :func:`fingerprint`): the Python (its Unicode tables too), the
    source of ``files`` and the installed versions of ``libraries``."""
    return (
        sys.version,
        *(path.read_bytes() for path in files),
        *(importlib.metadata.version(name) for name in libraries),
    )


def text_parts(texts: Iterable[Iterable[str]]) -> bytes:
    """Sequences of strings as one unambiguous byte string (for :func:`fingerprint`)."""
    return "\x1e".join("\x1f".join(text) for text in texts).encode()


def _digest_of(key: str, arrays: Mapping[str, np.ndarray]) -> str:
    digest = hashlib.sha256(key.encode())
    for name in sorted(arrays):
        array = np.ascontiguousarray(arrays[name])
        digest.update(f"{name}:{array.dtype.str}:{array.shape}".encode())
        digest.update(array.tobytes())
    return digest.hexdigest()


class ArtefactCache:
    """One folder of artefacts; safe to share between processes (writes are atomic renames)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, kind: str, key: str) -> Path:
        return self.folder / f"{kind}-{key}.npz"

    def load(self, kind: str, key: str) -> Arrays | None:
        """The arrays stored under ``key``, or None when missing, unreadable or not what was stored."""
        path = self.path(kind, key)
        try:
            with np.load(path, allow_pickle=False) as stored:
                arrays = {name: stored[name] for name in stored.files}
        except FileNotFoundError:
            return None
        except (OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile) as problem:
            log.warning("Matcher cache file %s is unreadable (%s); rebuilding it", path, problem)
            return None
        recorded = arrays.pop(_DIGEST, None)
        if recorded is None or str(recorded) != _digest_of(key, arrays):
            log.warning("Matcher cache file %s does not hold what was stored; rebuilding it", path)
            return None
        return arrays

    def store(self, kind: str, key: str, arrays: Mapping[str, np.ndarray]) -> None:
        """Writes the arrays under ``key`` (atomically), then forgets the oldest of the same kind."""
        payload = {**arrays, _DIGEST: np.array(_digest_of(key, arrays))}
        temporary = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                dir=self.folder, prefix=f".{kind}-", suffix=".tmp", delete=False
            ) as file:
                temporary = Path(file.name)
                np.savez(file, **payload)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, self.path(kind, key))
            temporary = None
            self._prune(kind)
        except OSError as problem:
            log.warning(
                "Matcher cache folder %s is not writable (%s); building every time", self.folder, problem
            )
        finally:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    temporary.unlink()

    def get_or_build(self, kind: str, key: str, build: Callable[[], Arrays]) -> Arrays:
        """The stored arrays, or ``build()``'s, stored for next time."""
        arrays = self.load(kind, key)
        if arrays is None:
            arrays = build()
            self.store(kind, key, arrays)
        return arrays

    def _prune(self, kind: str) -> None:
        """Keeps the ARTEFACT_CACHE_KEEP most recently written files of a kind (a knowledge edit adds one)."""
        files = []
        for path in self.folder.glob(f"{kind}-*.npz"):
            with contextlib.suppress(OSError):
                files.append((path.stat().st_mtime_ns, path))
        for _, path in sorted(files, reverse=True)[ARTEFACT_CACHE_KEEP:]:
            with contextlib.suppress(OSError):
                path.unlink()


def cached(
    cache: ArtefactCache | None, kind: str, key: Callable[[], str], build: Callable[[], Arrays]
) -> Arrays:
    """``build()``, through ``cache`` when there is one (the key is only computed then)."""
    return build() if cache is None else cache.get_or_build(kind, key(), build)
