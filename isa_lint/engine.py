"""The one pipeline every command shares: find files, load, check, turn hits into findings.

Only this module loops over rules. It stamps each hit with its rule's code, name, severity,
fix and citation and a line and column from the loader's position maps, then sorts.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from isa_lint import structure
from isa_lint.findings import Finding, sort_findings
from isa_lint.loader import Document, load_path
from isa_lint.rules import BY_CODE, RULES
from isa_lint.rules._rule import Context, Hit, Rule, Settings

SUFFIXES = (".yaml", ".yml")
FATAL_LOAD_CODES = frozenset({"ISA001", "ISA005", "ISA007"})
"""Load problems after which the data is missing or incomplete, so rules would mislead."""


class PathProblem(Exception):
    """A path given on the command line that cannot be used (usage error, exit 2)."""


@dataclass
class Run:
    """The result of linting some files: which files, and every finding, sorted."""

    files: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)


def discover(paths: Iterable[str]) -> list[tuple[Path, str]]:
    """Agreement files under ``paths`` (files as given, directories searched), sorted, unique.

    Returns (path, display name) pairs; display names use '/' on every platform. Symbolic
    links to directories are not followed, so a link loop cannot trap the walk.
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
                        found.setdefault(PurePath(full).as_posix(), full)
        elif path.exists() or path.is_symlink():
            found.setdefault(PurePath(path).as_posix(), path)
        else:
            raise PathProblem(f"{given}: no such file or directory")
    return [(found[name], name) for name in sorted(found)]


def _raise(error: OSError) -> None:
    raise PathProblem(f"{error.filename}: {error.strerror or error}")


def load(path: Path, display: str) -> Document:
    """Load one file; a file that cannot be opened becomes an ISA007 finding, not a crash."""
    try:
        return load_path(path, display)
    except OSError as error:
        from isa_lint.loader import LoadProblem

        document = Document(path=display, text="")
        reason = error.strerror or str(error)
        document.problems.append(LoadProblem("ISA007", f"the file cannot be opened: {reason}", 1, 1))
        return document


def lint_paths(paths: Iterable[str], settings: Settings) -> Run:
    """Lint every agreement under ``paths``."""
    run = Run()
    for path, display in discover(paths):
        document = load(path, display)
        run.files.append(display)
        run.documents[display] = document
        run.findings.extend(lint_document(document, settings))
    run.findings = sort_findings(run.findings)
    return run


def lint_document(document: Document, settings: Settings, rules: Iterable[Rule] = RULES) -> list[Finding]:
    """Every finding for one loaded document, sorted."""
    findings = [
        _finding(BY_CODE[p.code], document.path, p.line, p.column, p.pointer, p.message, None)
        for p in document.problems
    ]
    if not any(p.code in FATAL_LOAD_CODES for p in document.problems):
        findings.extend(_check(document, settings, rules))
    return sort_findings(findings)


def _check(document: Document, settings: Settings, rules: Iterable[Rule]) -> Iterator[Finding]:
    shape = list(structure.check(document))
    for code, hit in shape:
        yield _from_hit(BY_CODE[code], document, hit)
    if any(code in ("ISA008",) for code, _ in shape) or not isinstance(document.data, dict):
        return
    yield from _file_name(document)
    context = Context(document, settings)
    for rule in rules:
        for hit in rule.run(context):
            yield _from_hit(rule, document, hit)


def _file_name(document: Document) -> Iterator[Finding]:
    agreement_id = document.data.get("id")
    stem = PurePath(document.path).name.rsplit(".", 1)[0]
    if isinstance(agreement_id, str) and document.path and stem != agreement_id:
        message = f"the file is named '{stem}' but the agreement's id is '{agreement_id}'"
        yield _from_hit(BY_CODE["ISA014"], document, Hit("/id", message, at_key=False))


def _from_hit(rule: Rule, document: Document, hit: Hit) -> Finding:
    line, column = document.locate(hit.pointer, prefer_key=hit.at_key)
    return _finding(rule, document.path, line, column, hit.pointer, hit.message, hit.fix)


def _finding(
    rule: Rule, path: str, line: int, column: int, pointer: str, message: str, fix: str | None
) -> Finding:
    return Finding(
        code=rule.code,
        name=rule.name,
        severity=rule.severity,
        message=message,
        path=path,
        line=line,
        column=column,
        pointer=pointer,
        fix=fix or rule.fix,
        citation=rule.citation,
    )
