"""Output formats: small pure functions from a finished report to text.

Every format receives the same :class:`Report` (the sorted findings of a whole run), so a
format never re-checks anything and whole-run formats fit as easily as line-based ones.
"""

from __future__ import annotations

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


def renderers() -> dict[str, Renderer]:
    """Format name -> render function (imported lazily to keep start-up fast)."""
    from isa_lint.formats import github, gitlab, json_format, junit, sarif, text

    return {
        "text": text.render,
        "json": json_format.render,
        "sarif": sarif.render,
        "junit": junit.render,
        "github": github.render,
        "gitlab": gitlab.render,
    }


FORMAT_NAMES = ("text", "json", "sarif", "junit", "github", "gitlab")
