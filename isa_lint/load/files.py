"""Which files a run reads, how their paths are shown, and reading one into a Document.

Every command finds agreement files the same way (:func:`discover`) and reads each the
same way (:func:`read` then :func:`load`), so ``lint``, the reports, ``--base`` and the
editor see the same files with the same findings.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from isa_lint.check.findings import UsageProblem
from isa_lint.load.document import Document, LoadProblem, load_bytes, read_regular

if TYPE_CHECKING:
    from isa_lint.check.config import Config

SUFFIXES = (".yaml", ".yml")
FATAL_LOAD_CODES = frozenset({"ISA001", "ISA005", "ISA007"})
"""Load problems after which the data is missing or incomplete, so rules would mislead."""


class PathProblem(UsageProblem):
    """A path given on the command line that cannot be used (usage error, exit 2)."""


def discover(paths: Iterable[str], config: Config | None = None) -> list[tuple[Path, str]]:
    """Agreement files under ``paths`` (files as given, directories searched), sorted, unique.

    Returns (path, display name) pairs; display names use '/' on every platform. Symbolic
    links to directories are not followed, so a link loop cannot trap the walk. Files the
    configuration excludes are left out when found in a directory.
    """
    found: dict[str, Path] = {}
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for root, dirs, files in os.walk(path, onerror=_raise):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in files:
                    if name.endswith(SUFFIXES) and not name.startswith("."):
                        full = Path(root, name)
                        display = printable_path(full)
                        if config is None or not config.excluded(display):
                            found.setdefault(display, full)
        elif path.exists() or path.is_symlink():
            found.setdefault(printable_path(path), path)
        else:
            raise PathProblem(f"{given}: no such file or directory")
    return [(found[name], name) for name in sorted(found)]


def printable_path(path: PurePath | str) -> str:
    """A path as shown in reports: '/' separators, and undecodable bytes as escapes."""
    return PurePath(path).as_posix().encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _raise(error: OSError) -> None:
    raise PathProblem(f"{error.filename}: {error.strerror or error}")


def read(path: Path) -> bytes | OSError:
    """The file's bytes, up to one more than the loader accepts; the error if it cannot be read
    or is not a regular file (a pipe or a device would hang the run or never end)."""
    try:
        return read_regular(path)
    except OSError as error:
        return error


def load(raw: bytes | OSError, display: str) -> Document:
    """The document for what :func:`read` returned: a file that could not be read is an ISA007 finding."""
    if isinstance(raw, OSError):
        reason = raw.strerror or str(raw)
        return Document(
            path=display,
            text="",
            problems=[LoadProblem("ISA007", f"the file cannot be opened: {reason}", 1, 1)],
        )
    return load_bytes(raw, display)


def usable(document: Document) -> bool:
    """Whether a loaded file can take part in checks across files: no fatal problem, and a mapping."""
    return isinstance(document.data, dict) and not any(p.code in FATAL_LOAD_CODES for p in document.problems)
