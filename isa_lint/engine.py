"""The one pipeline every command shares: find files, load, check, filter, fingerprint, sort.

Only this module loops over rules. It stamps each hit with its rule's code, name, severity,
fix and citation and a line and column from the loader's position maps, applies the
configuration (select, ignore, severity, per-file ignores) and inline suppressions, and
sorts.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from isa_lint.check.config import Config
from isa_lint.run.digest import sha256
from isa_lint.check.findings import Finding, UsageProblem, sort_findings
from isa_lint.check.settings import Settings

if TYPE_CHECKING:
    from isa_lint.run.cache import ResultCache
    from isa_lint.load.document import Document
    from isa_lint.rules._rule import Hit, Rule

SUFFIXES = (".yaml", ".yml")
FATAL_LOAD_CODES = frozenset({"ISA001", "ISA005", "ISA007"})
"""Load problems after which the data is missing or incomplete, so rules would mislead."""
ID_KEYS = ("id", "party", "data", "purpose", "version")
"""Keys that name a list item, used instead of its index in fingerprints (projections keep them)."""


class PathProblem(UsageProblem):
    """A path given on the command line that cannot be used (usage error, exit 2)."""


class Run:
    """The result of linting some files: which files, and every finding, sorted.

    ``paths`` maps a display name to the path the file was read from (for checks that look
    beside it); ``given`` holds the paths the run was asked to lint, as given.
    """

    def __init__(self, given: tuple[str, ...] = ()) -> None:
        self.given = given
        self.files: list[str] = []
        self.findings: list[Finding] = []
        self.documents: dict[str, Document] = {}
        self.paths: dict[str, Path] = {}


def as_config(options: Config | Settings) -> Config:
    """Accept bare check settings where a whole configuration is expected."""
    return options if isinstance(options, Config) else Config(settings=options)


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


def printable_path(path: Path) -> str:
    """A path as shown in reports: '/' separators, and undecodable bytes as escapes."""
    return PurePath(path).as_posix().encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _raise(error: OSError) -> None:
    raise PathProblem(f"{error.filename}: {error.strerror or error}")


def load(path: Path, display: str) -> Document:
    """Load one file; a file that cannot be opened becomes an ISA007 finding, not a crash."""
    from isa_lint.load.document import Document, LoadProblem, load_path

    try:
        return load_path(path, display)
    except OSError as error:
        document = Document(path=display, text="")
        reason = error.strerror or str(error)
        document.problems.append(LoadProblem("ISA007", f"the file cannot be opened: {reason}", 1, 1))
        return document


def lint_paths(
    paths: Iterable[str],
    options: Config | Settings,
    *,
    keep_documents: bool = True,
    jobs: int = 1,
    cache: ResultCache | None = None,
) -> Run:
    """Lint every agreement under ``paths``.

    With ``keep_documents`` false (``isa-lint lint``), files are linted by
    :func:`isa_lint.run.pool.lint_files` in ``jobs`` processes, using ``cache``, and
    ``run.documents`` stays empty: the checks across files keep what they need of each
    file as it is linted (:class:`isa_lint.rules.across_files.Checker`).
    """
    config = as_config(options)
    run = Run(given=tuple(paths))
    files = discover(run.given, config)
    if keep_documents:
        from isa_lint.rules.across_files import Checker

        checker = Checker(config)
        for path, display in files:
            document = load(path, display)
            run.files.append(display)
            run.documents[display] = document
            run.paths[display] = path
            run.findings.extend(lint_document(document, config))
            checker.add(display, document, path)
        add_findings(run, checker.finish(), config)
    else:
        from isa_lint.run.pool import lint_files

        lint_files(run, files, config, jobs=jobs, cache=cache)
        run.findings = sort_findings(run.findings)
    return run


def add_findings(run: Run, findings: Iterable[Finding], options: Config | Settings) -> None:
    """Add run-level findings (across files, history) to ``run``, configured like per-file ones."""
    run.findings = sort_findings([*run.findings, *configure(findings, as_config(options), run.documents)])


def configure(
    findings: Iterable[Finding], config: Config, documents: Mapping[str, Document]
) -> list[Finding]:
    """Keep findings whose rule is enabled and not ignored for their file; set severity and fingerprint.

    ``documents`` gives the data each fingerprint anchors to, by path; a finding on a path
    with no document (a deleted file) is fingerprinted without data.
    """
    by_code = config.rules_by_code
    kept = []
    for finding in findings:
        rule = by_code[finding.code]
        if config.enabled(rule) and not config.ignored_in(rule, finding.path):
            document = documents.get(finding.path)
            data = document.data if document is not None else None
            kept.append(
                finding._replace(severity=config.severity_of(rule), fingerprint=_fingerprint(data, finding))
            )
    return kept


def lint_document(document: Document, options: Config | Settings) -> list[Finding]:
    """Every finding for one loaded document, configured, suppressed, fingerprinted and sorted."""
    from isa_lint.check import suppress

    config = as_config(options)
    by_code = config.rules_by_code
    findings = [
        _from_problem(by_code[p.code], document, p.line, p.column, p.message, p.pointer)
        for p in document.problems
    ]
    if not any(p.code in FATAL_LOAD_CODES for p in document.problems):
        active = [r for r in config.enabled_rules if not config.ignored_in(r, document.path)]
        findings.extend(_check(document, config.settings, active))
    suppressions, problems = suppress.parse(document.text, config.lookup)
    findings, unused = suppress.apply(findings, suppressions, config.settings.today)
    findings += [
        _from_problem(by_code[p.code], document, p.line, p.column, p.message) for p in (*problems, *unused)
    ]
    return sort_findings(configure(findings, config, {document.path: document}))


def _check(document: Document, settings: Settings, rules: list[Rule]) -> Iterator[Finding]:
    from isa_lint.load import structure
    from isa_lint.rules import BY_CODE
    from isa_lint.rules._rule import Context

    shape = list(structure.check(document))
    for code, hit in shape:
        yield _from_hit(BY_CODE[code], document, hit)
    if any(code == "ISA008" for code, _ in shape) or not isinstance(document.data, dict):
        return
    yield from _file_name(document)
    context = Context(document, settings)
    for rule in rules:
        for hit in rule.run(context):
            yield _from_hit(rule, document, hit)


def _file_name(document: Document) -> Iterator[Finding]:
    from isa_lint.rules import BY_CODE
    from isa_lint.rules._rule import Hit

    agreement_id = document.data.get("id")
    stem = PurePath(document.path).name.rsplit(".", 1)[0]
    if isinstance(agreement_id, str) and document.path and stem != agreement_id:
        message = f"the file is named '{stem}' but the agreement's id is '{agreement_id}'"
        yield _from_hit(BY_CODE["ISA014"], document, Hit("/id", message, at_key=False))


def _from_problem(
    rule: Rule, document: Document, line: int, column: int, message: str, pointer: str = ""
) -> Finding:
    return _finding(rule, document.path, line, column, pointer, message, None)


def _from_hit(rule: Rule, document: Document, hit: Hit) -> Finding:
    line, column = document.locate(hit.pointer, prefer_key=hit.at_key)
    return _finding(rule, document.path, line, column, hit.pointer, hit.message, hit.fix, hit.citation)


from_hit = _from_hit
"""A finding for ``hit`` in ``document``, located by its pointer (for run-level checks)."""


def _finding(
    rule: Rule,
    path: str,
    line: int,
    column: int,
    pointer: str,
    message: str,
    fix: str | None,
    citation: str | None = None,
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
        citation=citation or rule.citation,
    )


finding_at = _finding
"""A finding at an explicit place (for run-level checks on files no longer loaded)."""


_LINE_NUMBERS = re.compile(r"\bline \d+")


def _fingerprint(data: Any, finding: Finding) -> str:
    """A hash that survives lines moving and list items being reordered or inserted.

    List indexes in the pointer are replaced by the item's own id where it has one, and
    line numbers are dropped from the message.
    """
    anchor = stable_pointer(data, finding.pointer)
    message = _LINE_NUMBERS.sub("line", finding.message)
    text = "\x1f".join((finding.code, finding.path, anchor, message))
    return sha256(text.encode("utf-8")).hexdigest()[:32]


def stable_pointer(data: Any, pointer: str) -> str:
    """``pointer`` with each list index replaced by the item's id (``/purposes/[mash]/...``)."""
    parts = pointer.split("/")[1:] if pointer else []
    out = []
    current = data
    for part in parts:
        if isinstance(current, list) and part.isdigit() and int(part) < len(current):
            item = current[int(part)]
            name = next(
                (item[k] for k in ID_KEYS if isinstance(item, dict) and isinstance(item.get(k), str)), None
            )
            out.append(f"[{name}]" if name is not None else part)
            current = item
        elif isinstance(current, dict):
            out.append(part)
            current = current.get(part.replace("~1", "/").replace("~0", "~"))
        else:
            out.append(part)
            current = None
    return "/" + "/".join(out) if out else ""
