"""Output formats: small pure functions from a finished report to text.

Every format receives the same :class:`Report` (the sorted findings of a whole run), so a
format never re-checks anything and whole-run formats fit as easily as line-based ones.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from isa_lint.findings import Finding, Severity


@dataclass(frozen=True)
class Report:
    """What a format renders: the files linted and every finding, already sorted."""

    files: list[str]
    findings: list[Finding]
    color: bool = False
    fail_on: Severity = Severity.ERROR
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


Renderer = Callable[[Report], str]


MODULES = {
    "text": "text",
    "json": "json_format",
    "sarif": "sarif",
    "junit": "junit",
    "github": "github",
    "gitlab": "gitlab",
}
"""Format name -> the module of this package that renders it."""

FORMAT_NAMES = tuple(MODULES)


def renderers() -> dict[str, Renderer]:
    """Format name -> render function; a format's module is imported only when it renders.

    SARIF describes every rule, so its module imports the rule registry, which a run whose
    results all come from the cache otherwise never needs.
    """
    return {name: functools.partial(_render, module) for name, module in MODULES.items()}


def _render(module: str, report: Report) -> str:
    render: Renderer = importlib.import_module(f"isa_lint.formats.{module}").render
    return render(report)
