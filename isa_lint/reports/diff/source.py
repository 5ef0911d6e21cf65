"""Where the two versions come from: two files, or each agreement and its version at a Git revision.

Files are read the way every command reads them (:mod:`isa_lint.load.files`); Git is asked
through the one Git layer (:mod:`isa_lint.load.gitrev`: an argument list, never a shell,
read-only plumbing). Problems the user can fix raise :class:`DiffProblem`, a
:class:`~isa_lint.check.findings.UsageProblem` (exit 2); file names in them are shown as
``lint`` shows them, with control characters escaped.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

from isa_lint.check.config import Config
from isa_lint.check.findings import UsageProblem
from isa_lint.formats.text import terminal_safe
from isa_lint.load.document import Document
from isa_lint.load.files import FATAL_LOAD_CODES, SUFFIXES, discover, load, printable_path, read
from isa_lint.load.gitrev import repo_root
from isa_lint.reports.diff.differ import compare
from isa_lint.reports.diff.model import Change, FileDiff
from isa_lint.reports.view import Agreement

DEFAULT_PATHS = ("agreements",)


class DiffProblem(UsageProblem):
    """Two versions that cannot be compared (a missing or unreadable file, a bad revision): exit 2."""


def shown(path: str | Path) -> str:
    """A file name as ``lint`` prints it: '/' separators, undecodable bytes and controls escaped."""
    return terminal_safe(printable_path(path))


def _data(document: Document, role: str) -> Any:
    fatal = [p for p in document.problems if p.code in FATAL_LOAD_CODES]
    if fatal or not isinstance(document.data, dict):
        where = f"line {fatal[0].line}: {fatal[0].message}" if fatal else "it does not hold an agreement"
        raise DiffProblem(
            f"cannot compare: {role} {shown(document.path)} cannot be read ({terminal_safe(where)})"
        )
    return document.data


def _load_file(path: str, role: str) -> Any:
    file = Path(path)
    if not file.is_file():
        raise DiffProblem(f"{shown(path)}: no such file")
    raw = read(file)
    if isinstance(raw, OSError):
        raise DiffProblem(f"cannot read {shown(path)}: {raw.strerror or raw}")
    return _data(load(raw, printable_path(path)), role)


def _result(old_label: str, new_label: str, old: Any, new: Any) -> FileDiff:
    agreement = Agreement(new if new is not None else old)
    changes: list[Change]
    if old is None:
        changes = [
            Change("identity", "added", "", f"New agreement: {agreement.title} ({agreement.id}).", None, None)
        ]
    elif new is None:
        changes = [
            Change("identity", "removed", "", f"Agreement removed: {agreement.title} ({agreement.id}).")
        ]
    else:
        changes = compare(old, new)
    return FileDiff(old_label, new_label, agreement.id, agreement.title, changes)


def compare_files(old_path: str, new_path: str) -> FileDiff:
    """The changes in meaning from the agreement in ``old_path`` to the one in ``new_path``."""
    return _result(old_path, new_path, _load_file(old_path, "OLD"), _load_file(new_path, "NEW"))


def compare_with_revision(rev: str, paths: tuple[str, ...], config: Config) -> list[FileDiff]:
    """Compare the agreements under ``paths`` with their versions at the Git revision ``rev``.

    Raises :class:`isa_lint.load.gitrev.GitError` (a usage problem) when there is no
    repository, ``rev`` is unknown, or a path is outside the repository.
    """
    given = paths or DEFAULT_PATHS
    repo = repo_root(Path(given[0]))
    commit = repo.verify(rev)
    current = discover(given, config)
    now = {repo.relative(path): (path, display) for path, display in current}
    before: set[str] = set()
    for name in repo.files_at(commit, [repo.relative(Path(p)) for p in given]):
        if (
            name.endswith(SUFFIXES)
            and not PurePosixPath(name).name.startswith(".")
            and not config.excluded(name)
        ):
            before.add(name)
    results = []
    for rel in sorted(set(now) | before):
        path, display = now.get(rel, (None, rel))
        blob = repo.show(commit, rel)
        old = _data(load(blob, f"{rev}:{rel}"), "OLD") if blob is not None else None
        new = _data(load(read(path), display), "NEW") if path is not None else None
        if old is None and new is None:
            continue
        results.append(_result(f"{rev}:{rel}", display if path is not None else "(deleted)", old, new))
    return results
