"""What every report command shares: configuration, the lint run, errors, and writing output.

Reports read agreements through the same pipeline and configuration as ``isa-lint lint``,
so a register's finding counts are exactly what ``lint`` reports for the same files.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from isa_lint.check.config import Config, load, with_overrides
from isa_lint.check.findings import CommandError, Finding, Severity
from isa_lint.reports.escape import json_safe
from isa_lint.run.driver import lint_paths

DEFAULT_PATHS = ("agreements",)


class ReportError(CommandError):
    """A problem the user can fix (bad input, a file that cannot be written): exit 2."""


@dataclass
class Loaded:
    """One agreement file after the lint pipeline: its plain data and its findings."""

    path: str
    data: Any
    findings: list[Finding]

    @property
    def readable(self) -> bool:
        return isinstance(self.data, dict)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def counts(self) -> dict[str, int]:
        return {str(s): self.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}

    def why_unreadable(self) -> str:
        first = next((f for f in self.findings if f.code in ("ISA001", "ISA005", "ISA007", "ISA008")), None)
        if first is None:
            return "it does not hold an agreement (the top level must be a mapping of sections)"
        return f"line {first.line}, column {first.column}: {first.message}"


def config_for(config_path: Path | None, today: dt.date) -> Config:
    """The configuration ``lint`` would use, with ``--today`` applied (a bad one: :class:`ConfigError`)."""
    return with_overrides(load(config_path), today=today)


def lint(
    paths: Iterable[str],
    config: Config,
    *,
    cache: bool = False,
    each: Callable[[str, Any], None] | None = None,
) -> list[Loaded]:
    """Lint the agreements under ``paths`` and pair each file's data with its findings.

    Files are linted in as many processes as there are processors, as ``lint`` does (a few
    files are linted in this process: :data:`isa_lint.run.pool.MIN_FILES_PER_JOB`). With
    ``cache``, files unchanged since the last run are read from the results cache, their
    data with their findings, and not linted again. ``each`` is called with each file's path
    and data as soon as it is linted, in order, while later files are still being linted."""
    from isa_lint.run.pool import default_jobs

    store = None
    if cache:
        from isa_lint.run.cache import ResultCache

        store = ResultCache.for_config(config)
    run = lint_paths(
        tuple(paths) or DEFAULT_PATHS, config, jobs=default_jobs(), cache=store, keep_data=True, each=each
    )
    by_file: dict[str, list[Finding]] = {name: [] for name in run.files}
    for finding in run.findings:
        by_file.setdefault(finding.path, []).append(finding)
    return [Loaded(name, run.data[name], by_file[name]) for name in run.files]


def emit(content: str | bytes, output: Path | None, inputs: Iterable[str] = ()) -> None:
    """Print to standard output, or write ``output`` atomically (never over one of ``inputs``)."""
    from isa_lint.run.atomic import OutputError
    from isa_lint.run.atomic import emit as emit_or_write

    try:
        emit_or_write(content, output, inputs)
    except OutputError as error:
        raise ReportError(str(error)) from None


def to_json(document: Any) -> str:
    """Stable, readable JSON with a final newline; controls and bidi overrides escaped."""
    return json_safe(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


def finding_dict(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "name": finding.name,
        "severity": str(finding.severity),
        "line": finding.line,
        "column": finding.column,
        "pointer": finding.pointer,
        "message": finding.message,
    }
