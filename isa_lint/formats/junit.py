"""JUnit XML, as Jenkins, GitLab and Azure DevOps show test results.

The layout:

* one ``<testsuites>`` holding one ``<testsuite name="isa-lint">`` for the run;
* one ``<testcase classname="isa-lint" name="PATH" file="PATH">`` per agreement file (every
  file linted, plus any other path a finding names), in path order;
* one ``<failure>`` per **error**-level finding in that file: ``message`` is the code and
  the message, ``type`` the code, and the body gives the location, the rule, how to fix it
  and the law;
* **warnings and infos do not fail** the test case: they are listed, one per line, in the
  test case's ``<system-out>`` (which these tools show beside the test) in the form
  ``PATH:LINE:COLUMN: CODE severity message (fix: ...)``.

Counts: ``tests`` is the number of test cases (files), ``failures`` the number of
``<failure>`` elements (so it equals the number of error findings, and may exceed
``tests`` when a file has several errors), ``errors`` and ``skipped`` are 0, ``time`` is 0
so that the output is the same bytes on every run. ``fail_on`` does not change the layout:
only errors are failures, because JUnit has no way to fail "a bit".

Text goes through :mod:`xml.etree.ElementTree`, so ``<``, ``&`` and quotes are escaped;
control characters that XML 1.0 cannot hold (an ANSI escape, a bell) are written as
visible ``\\x1b`` escapes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from isa_lint.check.findings import Finding, Severity
from isa_lint.formats import Report
from isa_lint.formats._common import TOOL_NAME, xml_safe


def render(report: Report) -> str:
    by_path: dict[str, list[Finding]] = {path: [] for path in report.files}
    for finding in report.findings:
        by_path.setdefault(finding.path, []).append(finding)
    errors = [f for f in report.findings if f.severity == Severity.ERROR]
    counts = {"tests": str(len(by_path)), "failures": str(len(errors)), "errors": "0", "skipped": "0"}

    root = ET.Element("testsuites", {"name": TOOL_NAME, **counts, "time": "0"})
    suite = ET.SubElement(root, "testsuite", {"name": TOOL_NAME, **counts, "time": "0"})
    for path in sorted(by_path):
        case = ET.SubElement(
            suite,
            "testcase",
            {"classname": TOOL_NAME, "name": xml_safe(path), "file": xml_safe(path), "time": "0"},
        )
        findings = by_path[path]
        for finding in findings:
            if finding.severity == Severity.ERROR:
                failure = ET.SubElement(
                    case,
                    "failure",
                    {
                        "message": xml_safe(f"{finding.code} {finding.message}"),
                        "type": xml_safe(finding.code),
                    },
                )
                failure.text = xml_safe(_body(finding))
        others = [_line(f) for f in findings if f.severity != Severity.ERROR]
        if others:
            ET.SubElement(case, "system-out").text = xml_safe("\n".join(others))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _where(finding: Finding) -> str:
    return f"{finding.path}:{finding.line}:{finding.column}"


def _body(finding: Finding) -> str:
    return "\n".join(
        [
            f"{_where(finding)}: {finding.code} {finding.name} ({finding.severity})",
            finding.message,
            f"fix: {finding.fix}",
            f"law: {finding.citation}",
        ]
    )


def _line(finding: Finding) -> str:
    """One line per finding: line breaks inside the message are shown as ``\\n``."""
    message = finding.message.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f"{_where(finding)}: {finding.code} {finding.severity} {message} (fix: {finding.fix})"
