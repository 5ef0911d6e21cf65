"""A tiny, read-only Git layer for ``--base``: find the repository, check a revision, read files.

Git runs as a subprocess with a list of arguments (never a shell), always as
``git -C <root> ...``, with pathspecs taken literally and no pager. Only plumbing that
reads the object store is used (``rev-parse``, ``cat-file``, ``ls-tree``): nothing that
runs hooks, filters, text conversions or fsmonitor, and nothing that writes. Every problem
becomes a :class:`GitError` with one clear line for the user (exit 2).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from isa_lint.check.findings import UsageProblem
from isa_lint.load.document import MAX_BYTES

TIMEOUT_SECONDS = 60
NO_GIT = "--base needs Git, but the 'git' command was not found; install Git"


class GitError(UsageProblem):
    """Git cannot answer: not a repository, an unknown revision, a shallow clone, no git."""


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "GIT_LITERAL_PATHSPECS": "1",  # file names are names, never glob patterns
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_PAGER": "cat",
            "LC_ALL": "C",  # git's own messages in English, so they can be recognised
        }
    )
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(name, None)  # the repository is the one at -C, not one set by the caller
    return env


def _git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    argv = ["git", "--no-pager", "-C", str(root), *args]
    try:
        done = subprocess.run(
            argv, capture_output=True, env=_environment(), timeout=TIMEOUT_SECONDS, check=False
        )
    except FileNotFoundError:
        raise GitError(NO_GIT) from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} took longer than {TIMEOUT_SECONDS} seconds") from None
    if check and done.returncode != 0:
        raise GitError(f"git {args[0]} failed: {_first_line(done.stderr)}")
    return done


def _first_line(stderr: bytes) -> str:
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[0].removeprefix("fatal: ") if lines else "no message"


@dataclass(frozen=True)
class Repo:
    """A Git working tree, by its top-level folder."""

    root: Path

    def verify(self, rev: str) -> str:
        """The full commit id of ``rev``; a :class:`GitError` saying what to fetch if it is missing."""
        if not rev or rev.startswith("-") or any(c in rev for c in "\0\n\r"):
            raise GitError(f"--base {rev!r} is not a Git revision")
        found = _git(self.root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", check=False)
        if found.returncode == 0:
            return found.stdout.decode("ascii").strip()
        fetch = self._fetch_hint(rev)
        if self.is_shallow():
            also = f" or `{fetch}`" if fetch else ""
            raise GitError(
                f"--base {rev}: this clone is shallow and does not contain {rev}; fetch more history "
                f"first, for example `git fetch --deepen=50`{also} "
                "(in GitHub Actions, set fetch-depth: 0 on actions/checkout)"
            )
        also = f", or fetch it first with `{fetch}`" if fetch else ""
        raise GitError(f"--base {rev}: no such commit, branch or tag in {self.root}; check the name{also}")

    def _fetch_hint(self, rev: str) -> str | None:
        """The command that would fetch a branch named ``rev``, if it names one on a remote."""
        if any(c in rev for c in "~^:@{}*?[\\ "):
            return None  # a relative or computed revision: only more history helps
        remotes = _git(self.root, "remote", check=False).stdout.decode("utf-8", "replace").split()
        remote, _, branch = rev.partition("/")
        if branch and remote in remotes:
            return f"git fetch {remote} {branch}"
        if "origin" in remotes:
            return f"git fetch origin {rev}` and use `--base origin/{rev}"
        return None

    def merge_base(self, commit: str, rev: str) -> str:
        """Where the current branch (HEAD) left ``commit``: the commit to compare with.

        Like ``git diff REV...HEAD``, this ignores what changed on REV after the branch left
        it (an agreement added or updated there since is not this branch's change). It is
        ``commit`` itself when HEAD is on or after it, and when the two share no history.
        """
        done = _git(self.root, "merge-base", commit, "HEAD", check=False)
        found = done.stdout.decode("ascii", "replace").strip()
        if done.returncode == 0 and found:
            return found
        head = _git(self.root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}", check=False)
        if head.returncode == 0 and self.is_shallow():
            raise GitError(
                f"--base {rev}: this clone is shallow and does not go back to where this branch left "
                f"{rev}; fetch more history first, for example `git fetch --deepen=50` "
                "(in GitHub Actions, set fetch-depth: 0 on actions/checkout)"
            )
        return commit

    def is_shallow(self) -> bool:
        done = _git(self.root, "rev-parse", "--is-shallow-repository", check=False)
        return done.stdout.strip() == b"true"

    def show(self, commit: str, path: str) -> bytes | None:
        """The bytes of ``path`` (relative to the root, '/'-separated) at ``commit``; None if absent.

        At most one byte more than the loader accepts is read, so an oversized file is
        reported as too large without ever being held in memory whole.
        """
        argv = ["git", "--no-pager", "-C", str(self.root), "cat-file", "blob", f"{commit}:{path}"]
        try:
            process = subprocess.Popen(
                argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=_environment()
            )
        except FileNotFoundError:
            raise GitError(NO_GIT) from None
        assert process.stdout is not None
        with process:
            data = process.stdout.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                process.kill()
                return data
            process.stdout.read()
            if process.wait(timeout=TIMEOUT_SECONDS) != 0:
                return None
        return data

    def files_at(self, commit: str, pathspecs: Sequence[str]) -> list[str]:
        """Every file at ``commit`` under ``pathspecs`` (relative to the root), sorted."""
        if not pathspecs:
            return []
        listed = _git(
            self.root, "ls-tree", "-r", "-z", "--name-only", "--full-tree", commit, "--", *pathspecs
        )
        names = listed.stdout.split(b"\0")
        return sorted({os.fsdecode(name) for name in names if name})

    def relative(self, path: Path) -> str:
        """``path`` relative to the root, '/'-separated; a :class:`GitError` if it is outside.

        The folder is resolved (symbolic links, '..') but not the file itself, so a linked
        file is read at the path it has in the repository.
        """
        absolute = Path(os.path.abspath(path))
        folder = absolute.parent.resolve() if absolute.name else absolute.resolve()
        full = folder / absolute.name if absolute.name else folder
        try:
            inside = full.relative_to(self.root)
        except ValueError:
            raise GitError(f"{path} is outside the Git repository at {self.root}") from None
        return PurePosixPath(*inside.parts).as_posix() if inside.parts else "."


def repo_root(start: Path) -> Repo:
    """The repository that contains ``start`` (a folder or a file)."""
    folder = start if start.is_dir() else start.parent
    folder = Path(os.path.abspath(folder)) if str(folder) else Path.cwd()
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    done = _git(folder, "rev-parse", "--show-toplevel", check=False)
    if done.returncode != 0:
        raise GitError(
            f"--base needs a Git repository, but {folder} is not inside one ({_first_line(done.stderr)})"
        )
    return Repo(Path(os.fsdecode(done.stdout.rstrip(b"\n"))).resolve())


def pathspecs(repo: Repo, paths: Iterable[str]) -> list[str]:
    """The linted paths as paths relative to the repository root."""
    return [repo.relative(Path(p)) for p in paths]
