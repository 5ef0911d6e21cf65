"""Compiled copies of packaged data, kept like Python bytecode so start-up skips the work.

The catalogues (parsed YAML) and the rule pages (``rules``, ``explain``, ``--help``) are
worked out from files in the package. Both are saved with :mod:`marshal` (the format of
Python's own bytecode files: built in, so reading costs no import, and fast), named
``<kind>-<key>.<python>.marshal`` where ``key`` is derived from what they were built from
and ``python`` names the interpreter (the format is its own), in the package's ``__pycache__``
folder or, where that is read-only, under ``~/.cache/isa-lint/`` (``$XDG_CACHE_HOME``). A
copy is used only when its name matches the key worked out now, so an edited source is
never served stale; a missing, unreadable or corrupt copy is simply rebuilt, and deleting
either folder is always safe.
"""

from __future__ import annotations

import marshal
import os
import sys

PACKAGE = os.path.dirname(os.path.dirname(__file__))
"""The package folder, as a string: :mod:`pathlib` is not imported on the quick paths."""


def folders() -> list[str]:
    """Where compiled copies live, in the order they are tried."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return [os.path.join(PACKAGE, "__pycache__"), os.path.join(base, "isa-lint")]


def _name(kind: str, key: str) -> str:
    return f"{kind}-{key}.{sys.implementation.cache_tag}.marshal"


MAX_BYTES = 64 * 1024 * 1024
"""Largest compiled copy read (the rule pages, the largest, are about half a megabyte)."""


def read(kind: str, key: str) -> object:
    """The compiled ``kind`` saved under ``key``, or None when there is none that loads.

    Only a regular file is read, opened without waiting, so a pipe or a device put in its
    place (``/dev/zero``) is passed over like a missing copy instead of hanging the command.
    """
    import stat

    for folder in folders():
        try:
            descriptor = os.open(os.path.join(folder, _name(kind, key)), os.O_RDONLY | os.O_NONBLOCK)
            with os.fdopen(descriptor, "rb") as handle:
                info = os.fstat(descriptor)
                if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
                    continue
                return marshal.loads(handle.read(MAX_BYTES))
        except (OSError, ValueError, EOFError, TypeError):
            continue
    return None


def write(kind: str, key: str, data: dict[str, object]) -> None:
    """Save ``data`` for ``key`` in the first writable folder and drop older copies of ``kind``.

    Data that does not come back equal from a round trip is not saved (it would be served
    differently from how it was built).
    """
    import contextlib

    from isa_lint.run.atomic import write_atomic

    try:
        blob = marshal.dumps(data)
    except ValueError:
        return
    if marshal.loads(blob) != data:
        return
    name = _name(kind, key)
    for folder in folders():
        try:
            os.makedirs(folder, exist_ok=True)
            write_atomic(os.path.join(folder, name), blob, durable=False)  # a damaged copy is a miss
        except OSError:
            continue
        for old in os.listdir(folder):
            if old.startswith(f"{kind}-") and old.endswith(".marshal") and old != name:
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(folder, old))
        return


def source_stamp(root: str = PACKAGE, skip: tuple[str, ...] = ()) -> str:
    """A key that changes whenever a file of the package is added, removed or edited.

    Built from names, sizes and modification times (a ``stat`` each, no reading); the
    compiled folders themselves are left out, and so are the folders ``skip`` names
    directly under ``root``.
    """
    import zlib

    entries: list[str] = []
    pending = [root]
    while pending:
        folder = pending.pop()
        with os.scandir(folder) as scan:
            for entry in scan:
                if entry.name == "__pycache__" or entry.name.startswith("."):
                    continue
                if folder == root and entry.name in skip:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                else:
                    info = entry.stat()
                    entries.append(f"{entry.path}\0{info.st_size}\0{info.st_mtime_ns}")
    text = "\n".join(sorted(entries)).encode("utf-8", "surrogateescape")
    # Two 32-bit checksums (zlib is built in; hashlib's import costs a few ms on a quick path).
    return f"{zlib.crc32(text):08x}{zlib.adler32(text):08x}{len(entries):04x}"
