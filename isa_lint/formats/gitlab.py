"""GitLab Code Quality JSON: findings shown in merge requests and the pipeline's Code Quality tab.

A JSON array with one issue per finding, in the Code Climate layout GitLab reads:
``description`` (code, rule name and message), ``check_name`` (the code), ``fingerprint``,
``severity`` and ``location`` (``path`` relative to the repository root and
``lines.begin``), plus ``type``, ``engine_name`` and ``content.body`` (how to fix and the
law), which GitLab ignores and other Code Climate readers show.

Severity: error -> ``major``, warning -> ``minor``, info -> ``info``. The fingerprint is the
engine's (code, path, JSON Pointer and message, never the line), so GitLab sees an issue
that only moved as the same issue and does not report it as fixed and new; a second
identical problem in one file gets its own fingerprint, because GitLab drops duplicates.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from isa_lint.check.findings import Finding, Severity
from isa_lint.formats import Report
from isa_lint.formats._common import TOOL_NAME, fingerprints, repo_path, show_controls
from isa_lint.formats._json import output

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def _issue(finding: Finding, fingerprint: str) -> dict[str, Any]:
    return {
        "type": "issue",
        "engine_name": TOOL_NAME,
        "check_name": finding.code,
        "description": show_controls(f"{finding.code} {finding.name}: {finding.message}"),
        "content": {"body": show_controls(f"How to fix: {finding.fix}\n\nThe law: {finding.citation}")},
        "fingerprint": fingerprint,
        "severity": SEVERITIES[finding.severity],
        "location": {
            "path": show_controls(repo_path(finding.path)),
            "lines": {"begin": max(finding.line, 1)},
        },
    }


def render(report: Report) -> Iterator[str]:
    yield from output(
        _issue(f, fp) for f, fp in zip(report.findings, fingerprints(report.findings), strict=True)
    )
