"""JUnit XML, as Jenkins, GitLab and Azure DevOps show test results.

The layout (one test case per file and rule, one failure per test case, so ``tests`` and
``failures`` count the same things GitLab and Jenkins count):

* one ``<testsuites>`` holding one ``<testsuite name="isa-lint">`` for the run;
* for each agreement file (every file linted, plus any other path a finding names), in path
  order: one **passing** ``<testcase classname="isa-lint" name="PATH" file="PATH">`` when
  the file has no error, or else one **failing** test case per rule with errors in it,
  ``name="PATH CODE rule-name"``, holding exactly one ``<failure>``: ``message`` is the code
  and the first such finding's message (with "and N more in this file" when the rule found
  several), ``type`` the code, and the body gives each finding's location, the rule, how to
  fix it and the law;
* **warnings and infos do not fail**: they are listed, one per line, in the ``<system-out>``
  of the file's first test case, in the form ``PATH:LINE:COLUMN: CODE severity message (fix: ...)``.

Counts: ``tests`` is the number of test cases and ``failures`` the number of failing test
cases (each holds one ``<failure>``), so ``failures <= tests`` always; ``errors`` and
``skipped`` are 0, ``time`` is 0 so that the output is the same bytes on every run.
``fail_on`` does not change the layout: only errors are failures, because JUnit has no way
to fail "a bit".

Each test case is made with :mod:`xml.etree.ElementTree` (so ``<``, ``&`` and quotes are
escaped) and written as soon as it is made, indented as ``ET.indent`` indents a whole tree;
only the counts at the top are worked out first. Control characters that XML 1.0 cannot
hold (an ANSI escape, a bell) are written as visible ``\\x1b`` escapes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

from isa_lint.check.findings import Finding, Severity
from isa_lint.formats import Report
from isa_lint.formats._common import TOOL_NAME, xml_safe


def render(report: Report) -> Iterator[str]:
    """The document, one test case at a time: only the counts are worked out first."""
    by_path: dict[str, list[Finding]] = {path: [] for path in report.files}
    for finding in report.findings:
        by_path.setdefault(finding.path, []).append(finding)
    tests = failures = 0
    for findings in by_path.values():
        failing = len({f.code for f in findings if f.severity == Severity.ERROR})
        tests, failures = tests + max(failing, 1), failures + failing
    counts = f'tests="{tests}" failures="{failures}" errors="0" skipped="0" time="0"'
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield f'<testsuites name="{TOOL_NAME}" {counts}>\n  <testsuite name="{TOOL_NAME}" {counts}'
    if not tests:
        yield " />\n</testsuites>\n"
        return
    yield ">"
    for path in sorted(by_path):
        for case in _cases(path, by_path[path]):
            ET.indent(case, level=2)
            yield "\n    " + ET.tostring(case, encoding="unicode")
    yield "\n  </testsuite>\n</testsuites>\n"


def _cases(path: str, findings: list[Finding]) -> Iterator[ET.Element]:
    """The test cases of one file: one passing, or one failing for each rule with errors."""
    by_rule: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.severity == Severity.ERROR:
            by_rule.setdefault(finding.code, []).append(finding)
    others = [_line(f) for f in findings if f.severity != Severity.ERROR]
    if not by_rule:
        yield _case(path, path, [], others)
    for index, (code, errors) in enumerate(by_rule.items()):
        yield _case(path, f"{path} {code} {errors[0].name}", errors, others if index == 0 else [])


def _case(path: str, name: str, errors: list[Finding], others: list[str]) -> ET.Element:
    case = ET.Element(
        "testcase", {"classname": TOOL_NAME, "name": xml_safe(name), "file": xml_safe(path), "time": "0"}
    )
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more in this file)" if len(errors) > 1 else ""
        failure = ET.SubElement(
            case,
            "failure",
            {"message": xml_safe(f"{first.code} {first.message}{more}"), "type": xml_safe(first.code)},
        )
        failure.text = xml_safe("\n\n".join(_body(f) for f in errors))
    if others:
        ET.SubElement(case, "system-out").text = xml_safe("\n".join(others))
    return case


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
