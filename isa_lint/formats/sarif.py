"""SARIF 2.1.0, as GitHub code scanning and other SARIF viewers accept it.

One run. ``tool.driver`` describes every rule in the registry (so a viewer can show the
rule's page even for rules that found nothing), and any other code a finding carries (a
local policy pack's ``LOCAL001``) gets a descriptor built from the finding. Each result
points at its rule by ``ruleId`` and ``ruleIndex``, at its file by a URI relative to the
repository root (``%SRCROOT%``), and carries ``partialFingerprints["isaLint/v1"]``: the
engine's fingerprint (code, path, JSON Pointer and message, never the line), so an alert
survives lines moving. No timestamps and no absolute paths, so the bytes are the same on
every run.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from isa_lint import __version__
from isa_lint.check.findings import Finding, Severity
from isa_lint.formats import Report
from isa_lint.formats._common import (
    INFORMATION_URI,
    TOOL_NAME,
    fingerprints,
    markdown_text,
    repo_path,
    show_controls,
)
from isa_lint.formats._json import output
from isa_lint.rules._rule import Rule
from isa_lint.rules.docs import rule_dict

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_VERSION = "2.1.0"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "isaLint/v1"

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
"""isa-lint severity -> SARIF level."""

_PROBLEM_SEVERITY = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "recommendation"}
"""isa-lint severity -> GitHub's ``problem.severity`` rule property."""


def render(report: Report, rules: Sequence[Rule] | None = None) -> Iterator[str]:
    """The report as a SARIF log, result by result. ``rules`` defaults to the whole registry."""
    if rules is None:
        from isa_lint.rules import RULES

        rules = RULES
    descriptors = [_descriptor(rule_dict(rule), rule.severity) for rule in rules]
    index = {descriptor["id"]: position for position, descriptor in enumerate(descriptors)}
    for finding in report.findings:
        if finding.code not in index:
            index[finding.code] = len(descriptors)
            descriptors.append(_descriptor_from_finding(finding))
    results = (
        _result(finding, index[finding.code], fingerprint)
        for finding, fingerprint in zip(report.findings, fingerprints(report.findings), strict=True)
    )
    log = {
        "$schema": SCHEMA_URI,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": TOOL_NAME,
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": descriptors,
                    }
                },
                "originalUriBaseIds": {
                    SRCROOT: {"description": {"text": "The repository root, where isa-lint was run."}}
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    yield from output(log)


def artifact_uri(path: str) -> tuple[str, str | None]:
    """A file's URI and its base id: relative to ``%SRCROOT%``, percent-encoded, '/'-separated.

    An absolute path (only when one was given on the command line) becomes a ``file:`` URI
    with no base.
    """
    windows = PureWindowsPath(path)
    if windows.drive and windows.is_absolute():
        return "file:///" + quote(windows.as_posix(), safe="/:", errors="surrogateescape"), None
    posix = repo_path(path)
    if PurePosixPath(posix).is_absolute():
        return "file://" + quote(posix, safe="/", errors="surrogateescape"), None
    return quote(posix, safe="/", errors="surrogateescape"), SRCROOT


def _descriptor(rule: dict[str, str], severity: Severity) -> dict[str, Any]:
    return {
        "id": rule["code"],
        "name": rule["name"],
        "shortDescription": {"text": rule["summary"]},
        "fullDescription": {"text": rule["rationale"]},
        "help": {
            "text": f"Why it matters: {rule['rationale']}\n\nThe law: {rule['citation']}\n\nHow to fix: {rule['fix']}",
            "markdown": (
                f"**Why it matters:** {markdown_text(rule['rationale'])}\n\n"
                f"**The law:** {markdown_text(rule['citation'])}\n\n"
                f"**How to fix:** {markdown_text(rule['fix'])}"
            ),
        },
        "defaultConfiguration": {"level": LEVELS[severity]},
        "properties": {
            "tags": [rule["family"]],
            "precision": "very-high",
            "problem.severity": _PROBLEM_SEVERITY[severity],
        },
    }


def _descriptor_from_finding(finding: Finding) -> dict[str, Any]:
    """A rule the registry does not know (a policy pack's), described from its finding."""
    return _descriptor(
        {
            "code": finding.code,
            "name": finding.name or finding.code,
            "family": "local",
            "summary": finding.name or finding.code,
            "rationale": f"A local requirement ({finding.code}).",
            "citation": finding.citation,
            "fix": finding.fix,
        },
        finding.severity,
    )


def _message(finding: Finding) -> str:
    message = finding.message.rstrip()
    end = "" if message.endswith((".", "!", "?")) else "."
    return show_controls(f"{message}{end} Fix: {finding.fix}")


def _result(finding: Finding, rule_index: int, fingerprint: str) -> dict[str, Any]:
    uri, base = artifact_uri(finding.path)
    artifact: dict[str, Any] = {"uri": uri}
    if base is not None:
        artifact["uriBaseId"] = base
    physical: dict[str, Any] = {"artifactLocation": artifact}
    if finding.line >= 1:
        region = {"startLine": finding.line}
        if finding.column >= 1:
            region["startColumn"] = finding.column
        physical["region"] = region
    properties: dict[str, Any] = {"citation": finding.citation}
    if finding.pointer:
        properties["jsonPointer"] = finding.pointer
    return {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": _message(finding)},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        "properties": properties,
    }
