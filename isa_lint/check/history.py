"""The ``--base REV`` checks (ISA85x): each agreement compared with its version at a Git revision.

The comparison is with the commit where the current branch left REV (``git merge-base REV
HEAD``, as ``git diff REV...HEAD`` does): agreements added or changed on REV after the
branch left it are not this branch's changes, and must not look deleted or downgraded.

For every agreement of the run, the file is read again whole, its version at REV is read
with ``git cat-file`` (see :mod:`isa_lint.load.gitrev`), and both are loaded with the same safe
loader (:func:`isa_lint.load.document.load_bytes`): nothing in them is executed or fetched. Then:

* ISA853: the id must be the same as at REV;
* ISA851: if the content changed, the version must be greater (compared as numbers, so
  1.10 is after 1.9 and 1.0 equals 1.0.0);
* ISA852: changelog entries that existed at REV are kept as they were (the history is append-only);
* ISA854: if the agreement was approved at REV and still is, and the content changed, some
  signature must be dated after the latest signature at REV: one partner signing again
  shows the new text went back to the partners (ISA804 checks every party has signed);
* ISA855: an agreement file under the linted paths at REV that is gone now is reported at
  its old path, line 1, unless an agreement with its id is still linted (the file moved,
  and the moved file is compared with the old one).

The content compared is the loaded data without ``version``, ``changelog`` and
``signatories`` (:data:`NOT_CONTENT`), so layout, comments, quoting and key order are not
changes; nor is collecting signatures on an unchanged text, which would otherwise need a
new version for every signature. A file that is new since REV, or that could not be read
there or now, is not compared.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from isa_lint.check.config import Config
from isa_lint.check.engine import finding_at, from_hit
from isa_lint.check.findings import Finding
from isa_lint.load.document import Document, load_bytes, load_path
from isa_lint.load.files import SUFFIXES, printable_path, usable
from isa_lint.load.gitrev import Repo, repo_root
from isa_lint.rules._rule import Hit, Rule, parse_date, text
from isa_lint.rules.history import (
    AGREEMENT_DELETED,
    APPROVED_CHANGED_NOT_RESIGNED,
    CHANGELOG_REWRITTEN,
    ID_CHANGED,
    VERSION_NOT_INCREASED,
)
from isa_lint.rules.review import parse_version

NOT_CONTENT = ("version", "changelog", "signatories")
"""Top-level keys that record the agreement's history and sign-off rather than what was agreed."""


@dataclass(frozen=True)
class _Base:
    """An agreement file at REV: where it was, and what it held."""

    path: str
    """Its path relative to the repository root."""
    display: str
    """Its path as the run shows paths."""


def check(
    given: tuple[str, ...], paths: Mapping[str, Path], config: Config, rev: str
) -> tuple[list[Finding], dict[str, Document]]:
    """Every ISA85x finding for the files of a run against ``rev``, unconfigured, and the
    documents they were found in (the driver configures them and fingerprints them on those).

    ``given``: the paths the run was asked to lint; ``paths``: each file's display name and path.

    Raises :class:`isa_lint.load.gitrev.GitError` when there is no repository, ``rev`` is unknown
    or missing from a shallow clone, or a linted path is outside the repository.
    """
    given = given or (".",)
    repo = repo_root(Path(given[0]))
    commit = repo.merge_base(repo.verify(rev), rev)
    where = {display: repo.relative(path) for display, path in sorted(paths.items())}
    base_files = _files_at(repo, commit, given, config)
    if not any(config.enabled(rule) for rule in _RULES):
        return [], {}
    current = [
        (document, where[display])
        for display, path in sorted(paths.items())
        if (document := _reload(path, display))
    ]
    ids_now = {text(d.data, "id") for d, _ in current} - {None}
    findings: list[Finding] = []
    moved: dict[str, Document] = {}
    for base in base_files:
        if os.path.lexists(repo.root / base.path):
            continue
        document = _load(repo, commit, base.path, base.display)
        if document is None:
            continue
        agreement_id = text(document.data, "id")
        if agreement_id in ids_now and agreement_id is not None:
            moved.setdefault(agreement_id, document)
        else:
            findings.append(_deleted(document, base.display, rev))
    for document, path in current:
        then = _load(repo, commit, path, document.path)
        if then is None:
            then = moved.get(text(document.data, "id") or "")
        if then is not None:
            findings += _compare(document, then, rev)
    return findings, {document.path: document for document, _ in current}


_RULES = (
    VERSION_NOT_INCREASED,
    CHANGELOG_REWRITTEN,
    ID_CHANGED,
    APPROVED_CHANGED_NOT_RESIGNED,
    AGREEMENT_DELETED,
)


def _files_at(repo: Repo, commit: str, given: tuple[str, ...], config: Config) -> list[_Base]:
    """Agreement files under the linted paths at ``commit``, chosen the way the engine finds files now."""
    found: dict[str, _Base] = {}
    for shown in given:
        spec = repo.relative(Path(shown))
        for name in repo.files_at(commit, [spec]):
            try:
                below = PurePosixPath(name).relative_to(spec) if spec != "." else PurePosixPath(name)
            except ValueError:
                continue
            if below.parts and (not name.endswith(SUFFIXES) or any(p.startswith(".") for p in below.parts)):
                continue  # the engine lints only .yaml/.yml files that are not hidden, in folders not hidden
            display = printable_path(Path(shown) / below)
            if below.parts and config.excluded(display):
                continue
            found.setdefault(name, _Base(name, display))
    return [found[name] for name in sorted(found)]


def _reload(path: Path, display: str) -> Document | None:
    """The whole file as it is now, when it loads as a mapping.

    Read again rather than taken from the run, whose documents may hold only the values
    the checks across files need; the comparison needs every value.
    """
    try:
        document = load_path(path, display)
    except OSError:
        return None
    return document if usable(document) else None


def _load(repo: Repo, commit: str, path: str, display: str) -> Document | None:
    """The agreement at ``path`` in ``commit``, when it exists there and loads as a mapping."""
    raw = repo.show(commit, path)
    if raw is None:
        return None
    document = load_bytes(raw, display)
    return document if usable(document) else None


def _deleted(document: Document, display: str, rev: str) -> Finding:
    data = document.data
    agreement_id = text(data, "id")
    what = f"the agreement '{agreement_id}'" if agreement_id else "an agreement"
    details = [f"{key} {value}" for key in ("version", "status") if (value := text(data, key))]
    described = f" ({', '.join(details)})" if details else ""
    message = f"{what}{described} was in this file at {rev} and has been deleted"
    return finding_at(AGREEMENT_DELETED, display, 1, 1, "", message, None)


def _changed_sections(now: Mapping[str, Any], then: Mapping[str, Any]) -> list[str]:
    keys = [*now, *(key for key in then if key not in now)]
    return [key for key in keys if key not in NOT_CONTENT and now.get(key) != then.get(key)]


def _changelog(data: dict[str, Any]) -> dict[tuple[int, ...], dict[str, Any]]:
    """Changelog entries by parsed version (entries without a readable version are left out)."""
    entries = data.get("changelog")
    found: dict[tuple[int, ...], dict[str, Any]] = {}
    for entry in entries if isinstance(entries, list) else []:
        version = parse_version(entry.get("version")) if isinstance(entry, dict) else None
        if version is not None:
            found.setdefault(version, entry)
    return found


def _latest_signature(data: Mapping[str, Any]) -> dt.date | None:
    signatories = data.get("signatories")
    entries = signatories if isinstance(signatories, list) else []
    dates = [day for entry in entries if isinstance(entry, dict) and (day := parse_date(entry.get("signed")))]
    return max(dates, default=None)


def _hit(rule: Rule, document: Document, pointer: str, message: str, fix: str | None = None) -> Finding:
    return from_hit(rule, document, Hit(pointer, message, fix, at_key=pointer == "/changelog"))


def _compare(document: Document, base: Document, rev: str) -> Iterator[Finding]:
    now: dict[str, Any] = document.data
    then: dict[str, Any] = base.data
    id_now, id_then = text(now, "id"), text(then, "id")
    if id_now is not None and id_then is not None and id_now != id_then:
        yield _hit(ID_CHANGED, document, "/id", f"the id is '{id_now}' but it was '{id_then}' at {rev}")
    changed = _changed_sections(now, then)
    listed = ", ".join(changed)
    written_now, written_then = text(now, "version"), text(then, "version")
    version_now, version_then = parse_version(written_now), parse_version(written_then)
    if changed and version_now is not None and version_then is not None and version_now <= version_then:
        how = "is still" if version_now == version_then else f"went down from {written_then} to"
        yield _hit(
            VERSION_NOT_INCREASED,
            document,
            "/version",
            f"the agreement changed since {rev} ({listed}) but its version {how} {written_now}",
        )
    then_entries = _changelog(then)
    now_entries = _changelog(now)
    for version, entry in then_entries.items():
        if now_entries.get(version) != entry:
            what = "was removed" if version not in now_entries else "was rewritten"
            yield _hit(
                CHANGELOG_REWRITTEN,
                document,
                "/changelog",
                f"the changelog entry for version {entry.get('version')} {what} since {rev}",
            )
    if changed and text(now, "status") == "approved" and text(then, "status") == "approved":
        latest_then, latest_now = _latest_signature(then), _latest_signature(now)
        if latest_now is None or (latest_then is not None and latest_now <= latest_then):
            since = f"since {latest_then.isoformat()}, " if latest_then else ""
            yield _hit(
                APPROVED_CHANGED_NOT_RESIGNED,
                document,
                "/status",
                f"the agreement was approved at {rev} and its content has changed ({listed}), but "
                f"nobody has signed it {since}so the partners have not approved the new text",
            )
