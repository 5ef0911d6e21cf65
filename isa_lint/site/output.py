"""The output folder: made if missing, refused if it is not a folder, and only ever replaced if isa-lint made it.

A folder that holds the marker file from an earlier build is emptied and rebuilt, so stale
pages of deleted agreements do not linger. A folder with anything else in it is refused
rather than emptied: ``-o ~`` by mistake must not delete anyone's files. Every path written
is checked to lie inside the folder.
"""

from __future__ import annotations

import shutil
import stat
from pathlib import Path, PurePosixPath

import click

from isa_lint.check.findings import EXIT_ERROR

MARKER = ".isa-lint-site"
"""Written into every built site; its presence is what lets a later build replace the folder."""


class SiteError(click.ClickException):
    """A problem with the output folder or the options: exit 2."""

    exit_code = EXIT_ERROR


def refuse_unless_replaceable(directory: Path) -> None:
    """Raise :class:`SiteError` unless a build may use ``directory``: missing, empty, or made
    by an earlier build. Asked before linting, so a refused folder costs no work."""
    if directory.exists() and not directory.is_dir():
        raise SiteError(f"{directory} is {_what(directory)}, not a folder: give -o a folder for the site")
    if directory.is_dir() and any(directory.iterdir()) and not (directory / MARKER).is_file():
        raise SiteError(
            f"{directory} is not empty and was not made by 'isa-lint site': give a new or empty "
            "folder (a folder isa-lint made before is replaced)"
        )


def _what(path: Path) -> str:
    """What a path that is not a folder is, in the words of the refusal."""
    mode = path.stat().st_mode
    kind = "a file" if stat.S_ISREG(mode) else "a special file (a device, pipe or socket)"
    return f"a link to {kind}" if path.is_symlink() else kind


def prepare(directory: Path) -> Path:
    """Make ``directory`` ready for a fresh build and return its resolved path."""
    refuse_unless_replaceable(directory)
    if directory.is_dir():
        for entry in sorted(directory.iterdir()):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
    else:
        try:
            directory.mkdir(parents=True)
        except OSError as error:
            raise SiteError(f"cannot make the folder {directory}: {error.strerror or error}") from None
    root = directory.resolve()
    (root / MARKER).write_text(
        "Made by isa-lint site; the next build replaces this folder.\n", encoding="utf-8"
    )
    return root


def write(root: Path, relative: str, content: str | bytes) -> None:
    """Write one file of the site under ``root`` (never outside it: the path is checked, not trusted)."""
    parts = PurePosixPath(relative).parts
    if not parts or PurePosixPath(relative).is_absolute() or any(p in ("..", ".", "") for p in parts):
        raise SiteError(f"refusing to write outside the site folder: {relative}")
    target = root.joinpath(*parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    target.write_bytes(data)
