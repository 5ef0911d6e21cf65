"""Text for people: one line per finding, the fix and the law under it, and a closing count."""

from __future__ import annotations

import re
from collections.abc import Iterator

from isa_lint.check.findings import Severity
from isa_lint.formats import Report

_COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def terminal_safe(value: str) -> str:
    """Show control characters (ANSI escapes, bidi overrides) as escapes, never raw."""
    value = value.replace("\n", "\\n").replace("\r", "\\r")
    return _UNSAFE.sub(
        lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", value
    )


def _paint(text: str, code: str, on: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if on else text


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def render(report: Report) -> Iterator[str]:
    for finding in report.findings:
        where = terminal_safe(f"{finding.path}:{finding.line}:{finding.column}")
        severity = _paint(str(finding.severity), _COLOURS[finding.severity], report.color)
        code = _paint(finding.code, "1", report.color)
        yield (
            f"{where}: {code} {severity} {terminal_safe(finding.message)}\n"
            f"  fix: {terminal_safe(finding.fix)}\n"
            f"  law: {terminal_safe(finding.citation)}\n"
        )
    yield _summary(report) + "\n"


def _summary(report: Report) -> str:
    affected_paths = {f.path for f in report.findings}
    files = _plural(len(set(report.files) | affected_paths), "agreement")
    if not report.findings:
        return f"All {files} passed." if report.files else "No agreements found."
    affected = len(affected_paths)
    parts = [
        _plural(report.count(severity), str(severity))
        for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        if report.count(severity)
    ]
    return f"Found {_plural(len(report.findings), 'problem')} ({', '.join(parts)}) in {affected} of {files}."
