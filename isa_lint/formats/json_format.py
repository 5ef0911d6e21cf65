"""JSON for machines: every field of every finding, plus counts, in a stable layout."""

from __future__ import annotations

from collections.abc import Iterator

from isa_lint import __version__
from isa_lint.check.findings import Severity
from isa_lint.formats import Report
from isa_lint.formats._json import output


def render(report: Report) -> Iterator[str]:
    document = {
        "tool": "isa-lint",
        "version": __version__,
        "files": report.files,
        "summary": {
            "files": len(report.files),
            "findings": len(report.findings),
            **{str(s): report.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)},
        },
        "findings": (finding.to_dict() for finding in report.findings),
    }
    yield from output(document)
