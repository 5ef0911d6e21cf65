"""Write files so that an interrupted run never leaves half a file behind; print the rest.

Every file isa-lint writes (reports, baselines, calendars, new agreements) goes through
:func:`write_atomic`: the content is written to a temporary file in the same directory,
flushed to disk (unless it is only a cache), then renamed over the target in one step.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from isa_lint.check.findings import UsageProblem


class OutputError(UsageProblem):
    """The output file asked for cannot be written."""


def emit(content: str | bytes, output: Path | None) -> None:
    """Print ``content`` to standard output, or write it to ``output`` atomically."""
    if output is None:
        if sys.stdout is None:  # started with standard output closed: nowhere to print
            return
        try:
            sys.stdout.write(content.decode("utf-8") if isinstance(content, bytes) else content)
            sys.stdout.flush()
        except BrokenPipeError:  # the reader stopped early (``| head``): not isa-lint's failure
            _discard_stdout()
        return
    try:
        write_atomic(output, content)
    except OSError as error:
        raise OutputError(f"cannot write {output}: {error.strerror or error}") from None


def _discard_stdout() -> None:
    """Point standard output at the null device, so that nothing fails at the exit's flush."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _new_file_beside(target: Path) -> tuple[int, str]:
    """Create an empty file, readable by its owner only, in ``target``'s folder: an open handle and its path.

    What ``tempfile.mkstemp`` does: a random name, created with ``O_EXCL`` so that no other
    process's file (or a link planted there) is ever opened. Not tempfile itself: importing
    it (with ``random`` and ``shutil``) cost pre-commit's one-file run about 8 ms, to save
    one result in the cache.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        temporary = os.path.join(target.parent, f".{target.name}.{os.urandom(6).hex()}.tmp")
        try:
            return os.open(temporary, flags, 0o600), temporary
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {target}")  # pragma: no cover - 2**48 names


def write_atomic(
    path: str | os.PathLike[str], content: str | bytes, *, overwrite: bool = True, durable: bool = True
) -> None:
    """Write ``content`` to ``path`` atomically; with ``overwrite=False`` never replace a file.

    Raises FileExistsError when ``overwrite`` is false and the file exists (checked again at
    the final step, so a file created meanwhile is not replaced either). ``durable``: wait
    until the content is on disk before the rename, so that a power cut cannot leave an
    empty file in its place; a cache, which reads a damaged file as a miss, need not wait.
    """
    target = Path(path)
    if not overwrite and target.exists():
        raise FileExistsError(f"{target} already exists")
    data = content.encode("utf-8") if isinstance(content, str) else content
    handle, temporary = _new_file_beside(target)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        if overwrite:
            os.replace(temporary, target)
        else:
            os.link(temporary, target)  # fails if the target appeared meanwhile
            os.unlink(temporary)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
