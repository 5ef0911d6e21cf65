"""Write files so that an interrupted run never leaves half a file behind; print the rest.

Every file isa-lint writes (reports, baselines, calendars, new agreements) goes through
:func:`write_atomic`: the content is written to a temporary file in the same directory,
flushed to disk (unless it is only a cache), then renamed over the target in one step.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from isa_lint.check.findings import UsageProblem

Content = str | bytes | Iterable[str]
"""What is written: text, bytes, or text in chunks (a lint format's), written as they come."""


class OutputError(UsageProblem):
    """The output file asked for cannot be written."""


def emit(content: Content, output: Path | None, inputs: Iterable[str | os.PathLike[str]] = ()) -> None:
    """Print ``content`` to standard output, or write it to ``output`` (:func:`write_output`)."""
    if output is None:
        if sys.stdout is None:  # started with standard output closed: nowhere to print
            return
        try:
            if isinstance(content, bytes):
                content = content.decode("utf-8")
            for chunk in (content,) if isinstance(content, str) else content:
                sys.stdout.write(chunk)
            sys.stdout.flush()
        except BrokenPipeError:  # the reader stopped early (``| head``): not isa-lint's failure
            _discard_stdout()
        return
    write_output(output, content, inputs)


def write_output(
    output: str | os.PathLike[str], content: Content, inputs: Iterable[str | os.PathLike[str]] = ()
) -> None:
    """Write a file the user named (``-o``, ``--ics``, ``--write-baseline``) as a shell's ``>`` would.

    A symbolic link is written through to its target, which is replaced atomically (the link
    stays); a character device (``/dev/null``) or a FIFO is written to, never replaced; a
    folder, a block device or a socket is refused; and so is any of ``inputs`` (the files the
    command read), so ``summary in.yaml -o in.yaml`` cannot overwrite the agreement it read.
    Every failure is an :class:`OutputError` saying what could not be written and why.
    """
    shown = os.fspath(output)
    try:
        target = os.path.realpath(output)
        for source in inputs:
            with contextlib.suppress(OSError):
                if os.path.samefile(source, target):
                    raise OutputError(
                        f"cannot write {shown}: it is {os.fspath(source)}, which this command reads"
                    )
        try:
            mode = os.stat(target).st_mode
        except FileNotFoundError:
            mode = stat.S_IFREG
        if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
            _write_through(target, content)
        elif stat.S_ISREG(mode):
            write_atomic(target, content)
        else:
            kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
            raise OutputError(f"cannot write {shown}: it is {kind}")
    except OSError as error:
        raise OutputError(f"cannot write {shown}: {error.strerror or error}") from None


def _write_through(target: str, content: Content) -> None:
    """Write to a character device or a FIFO as it is (opened without creating or truncating)."""
    descriptor = os.open(target, os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(descriptor, "wb") as stream:
        mode = os.fstat(descriptor).st_mode
        if not (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):  # swapped since the check: not ours to write
            raise OSError(errno.EEXIST, "it changed while it was being opened")
        stream.writelines(_encoded(content))


def _encoded(content: Content) -> Iterator[bytes]:
    """``content`` as UTF-8 bytes, chunk by chunk."""
    if isinstance(content, bytes):
        yield content
    elif isinstance(content, str):
        yield content.encode("utf-8")
    else:
        for chunk in content:
            yield chunk.encode("utf-8")


def _discard_stdout() -> None:
    """Point standard output at the null device, so that nothing fails at the exit's flush."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


TEMPORARY = re.compile(r"\.(?P<name>.+)\.(?P<pid>\d+)-[0-9a-f]{12}\.tmp")
"""The temporaries :func:`_new_file_beside` makes: ``.<target>.<process id>-<random>.tmp``."""


def _new_file_beside(target: Path) -> tuple[int, str]:
    """Create an empty file, readable by its owner only, in ``target``'s folder: an open handle and its path.

    What ``tempfile.mkstemp`` does: a random name, created with ``O_EXCL`` so that no other
    process's file (or a link planted there) is ever opened. Not tempfile itself: importing
    it (with ``random`` and ``shutil``) slows pre-commit's one-file run (docs/performance.md). The name holds this process's id, so that a later write can
    tell a temporary left by a process that died from one another process is writing.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        name = f".{target.name}.{os.getpid()}-{os.urandom(6).hex()}.tmp"
        temporary = os.path.join(target.parent, name)
        try:
            return os.open(temporary, flags, 0o600), temporary
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {target}")  # pragma: no cover - 2**48 names


def _remove_stale_temporaries(target: Path) -> None:
    """Remove temporaries for ``target`` left by processes that died between writing and renaming.

    Only names of :data:`TEMPORARY`'s pattern for this very target, and only when the process
    named in them is gone; a live writer's temporary is never touched.
    """
    prefix = f".{target.name}."
    try:
        names = [name for name in os.listdir(target.parent or ".") if name.startswith(prefix)]
    except OSError:
        return
    for name in names:
        found = TEMPORARY.fullmatch(name)
        if found is None or found.group("name") != target.name or _alive(int(found.group("pid"))):
            continue
        with contextlib.suppress(OSError):
            os.unlink(os.path.join(target.parent, name))


def _alive(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":  # Windows: os.kill would end the process, not probe it
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):  # another user's live process, or no such id
        return True
    return True


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(
    path: str | os.PathLike[str], content: Content, *, overwrite: bool = True, durable: bool = True
) -> None:
    """Write ``content`` to ``path`` atomically; with ``overwrite=False`` never replace a file.

    Raises FileExistsError when ``overwrite`` is false and the file exists (checked again at
    the final step, so a file created meanwhile is not replaced either). ``durable``: wait
    until the content is on disk before the rename, so that a power cut cannot leave an
    empty file in its place; a cache, which reads a damaged file as a miss, need not wait.
    A replaced file keeps its permissions (and, for root, its owner); a new one gets those
    the umask gives (usually 0644). What is at ``path`` is replaced, a link included: files
    the user named go through :func:`write_output`, which follows links first.
    """
    target = Path(path)
    if not overwrite and target.exists():
        raise FileExistsError(f"{target} already exists")
    _remove_stale_temporaries(target)
    handle, temporary = _new_file_beside(target)
    try:
        with os.fdopen(handle, "wb") as stream:
            try:
                existing = os.stat(target, follow_symlinks=False)
            except FileNotFoundError:
                existing = None
            if not hasattr(os, "fchmod"):  # pragma: no cover - Windows before Python 3.13
                pass
            elif existing is not None and stat.S_ISREG(existing.st_mode):
                os.fchmod(stream.fileno(), stat.S_IMODE(existing.st_mode))
                if os.geteuid() == 0:
                    with contextlib.suppress(OSError):
                        os.fchown(stream.fileno(), existing.st_uid, existing.st_gid)
            else:
                os.fchmod(stream.fileno(), 0o666 & ~_umask())
            stream.writelines(_encoded(content))
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
