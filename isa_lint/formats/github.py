"""GitHub Actions workflow commands: an annotation on the pull request for every finding.

``render`` writes one ``::error`` / ``::warning`` / ``::notice`` command per finding
(error, warning and info) with the file, line, column and a title of code and rule name,
then one plain line with the count. The message is the finding's message and how to fix
it. Escaping follows the runner's rules: in the message ``%``, CR and LF become ``%25``,
``%0D`` and ``%0A``; in the properties (file, title) ``:`` and ``,`` also become ``%3A``
and ``%2C``. Other control characters (an ANSI escape that would recolour the log) are
shown as ``\\x1b``.

GitHub shows only the first ten errors and ten warnings of a step as annotations. So the
command line, when ``GITHUB_STEP_SUMMARY`` names a file, also calls
:func:`append_step_summary`, which appends a Markdown table of every finding to the job
summary. :func:`step_summary` builds that Markdown and is pure, like ``render``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from isa_lint.check.findings import Finding, Severity
from isa_lint.formats import Report
from isa_lint.formats._common import TOOL_NAME, markdown_text, repo_path, show_controls
from isa_lint.formats.text import _summary

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}

SUMMARY_LIMIT = 1_000_000
"""Bytes of Markdown one step may add; GitHub refuses a step summary over 1 MiB."""


def escape_data(value: str) -> str:
    """Escape a workflow command's message (the part after ``::``)."""
    value = show_controls(value)
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a workflow command property value (``file=``, ``title=``)."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(finding: Finding) -> str:
    """The workflow command that annotates one finding."""
    properties = [f"file={escape_property(repo_path(finding.path))}"]
    if finding.line >= 1:
        properties.append(f"line={finding.line}")
        if finding.column >= 1:
            properties.append(f"col={finding.column}")
        properties.append(f"endLine={finding.line}")
    properties.append(f"title={escape_property(f'{finding.code} {finding.name}')}")
    message = f"{finding.message}\nFix: {finding.fix}"
    return f"::{COMMANDS[finding.severity]} {','.join(properties)}::{escape_data(message)}"


def render(report: Report) -> Iterator[str]:
    for finding in report.findings:
        yield command(finding) + "\n"
    yield f"{TOOL_NAME}: {_summary(report)}\n"


_HEADER = [
    "| Severity | Code | Rule | File | Line | Message | How to fix |",
    "| --- | --- | --- | --- | ---: | --- | --- |",
]


def _row(finding: Finding) -> str:
    cells = [
        str(finding.severity),
        finding.code,
        finding.name,
        finding.path,
        f"{finding.line}:{finding.column}",
        finding.message,
        finding.fix,
    ]
    return "| " + " | ".join(markdown_text(cell) for cell in cells) + " |"


def step_summary(report: Report, limit: int = SUMMARY_LIMIT) -> str:
    """A Markdown section for the job summary: the count, then a table of every finding.

    Rows that would take the section over ``limit`` bytes are left out and counted in a
    closing note, so GitHub never rejects the whole summary.
    """
    head = [f"### {TOOL_NAME}", "", markdown_text(_summary(report))]
    if not report.findings:
        return "\n".join(head) + "\n"
    lines = [*head, "", *_HEADER]
    size = sum(len(line.encode("utf-8")) + 1 for line in lines)
    reserve = 300  # room for the closing note
    for shown, finding in enumerate(report.findings):
        row = _row(finding)
        size += len(row.encode("utf-8")) + 1
        if size > limit - reserve:
            left = len(report.findings) - shown
            lines += [
                "",
                f"… and {left} more finding{'' if left == 1 else 's'} not shown: GitHub limits a step "
                "summary to 1 MiB. Use `--format sarif` or `--format json` for the full list.",
            ]
            break
        lines.append(row)
    return "\n".join(lines) + "\n"


def append_step_summary(report: Report, path: str | os.PathLike[str]) -> None:
    """Append :func:`step_summary` to the job summary file ``path`` (``GITHUB_STEP_SUMMARY``)."""
    target = Path(path)
    existing = target.stat().st_size if target.exists() else 0
    with target.open("a", encoding="utf-8", newline="") as handle:
        handle.write(("\n" if existing else "") + step_summary(report))
