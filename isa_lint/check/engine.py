"""Checking one loaded file: rules, configuration, suppressions, fingerprints.

The driver (:mod:`isa_lint.run.driver`) feeds every file of every command through
:func:`lint_document`, and configures the findings across files with :func:`configure`.
Only this module loops over rules. It stamps each hit with its rule's code, name, severity (from the rule's
basis, lowered to a warning when the hit rests on an unconfirmed catalogue entry:
:mod:`isa_lint.check.severity`),
fix and citation and a line and column from the loader's position maps, applies the
configuration (select, ignore, severity, per-file ignores) and inline suppressions, and
sorts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from isa_lint.check.config import Config
from isa_lint.check.findings import Finding, sort_findings
from isa_lint.check.settings import Settings
from isa_lint.check.severity import capped, unconfirmed, unconfirmed_note
from isa_lint.load.files import FATAL_LOAD_CODES
from isa_lint.run.digest import sha256

if TYPE_CHECKING:
    from isa_lint.load.document import Document
    from isa_lint.rules._rule import Hit, Rule

ID_KEYS = ("id", "party", "data", "purpose", "version")
"""Keys that name a list item, used instead of its index in fingerprints (projections keep them)."""


def as_config(options: Config | Settings) -> Config:
    """Accept bare check settings where a whole configuration is expected."""
    return options if isinstance(options, Config) else Config(settings=options)


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
            severity = capped(config.severity_of(rule), finding.unconfirmed)
            kept.append(finding._replace(severity=severity, fingerprint=_fingerprint(data, finding)))
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
        yield from_hit(BY_CODE[code], document, hit)
    if any(code == "ISA008" for code, _ in shape) or not isinstance(document.data, dict):
        return
    yield from _file_name(document)
    context = Context(document, settings)
    for rule in rules:
        for hit in rule.run(context):
            yield from_hit(rule, document, hit)


def _file_name(document: Document) -> Iterator[Finding]:
    from isa_lint.rules import BY_CODE
    from isa_lint.rules._rule import Hit

    agreement_id = document.data.get("id")
    stem = PurePath(document.path).name.rsplit(".", 1)[0]
    if isinstance(agreement_id, str) and document.path and stem != agreement_id:
        message = f"the file is named '{stem}' but the agreement's id is '{agreement_id}'"
        yield from_hit(BY_CODE["ISA014"], document, Hit("/id", message, at_key=False))


def _from_problem(
    rule: Rule, document: Document, line: int, column: int, message: str, pointer: str = ""
) -> Finding:
    return _finding(rule, document.path, line, column, pointer, message, None)


def from_hit(rule: Rule, document: Document, hit: Hit) -> Finding:
    """The finding for a hit; one decided by an unconfirmed catalogue entry is capped and says so."""
    line, column = document.locate(hit.pointer, prefer_key=hit.at_key)
    finding = _finding(rule, document.path, line, column, hit.pointer, hit.message, hit.fix, hit.citation)
    weak = unconfirmed(hit.sources) if hit.sources else []
    if not weak:
        return finding
    return finding._replace(
        message=finding.message + unconfirmed_note(weak),
        severity=capped(finding.severity, True),
        unconfirmed=True,
    )


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
