"""Output formats: small pure functions from a finished report to text, written as it is made.

Every format receives the same :class:`Report` (the sorted findings of a whole run), so a
format never re-checks anything and whole-run formats fit as easily as line-based ones.
A format's ``render`` yields its text in chunks (about one a finding), which the command
line writes as they come: the report of 10,000 files is never held whole, as one string
or one JSON or XML tree (docs/performance.md). Who wants a string joins the chunks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from isa_lint.check.findings import Finding, Severity


class Report:
    """What a format renders: the files linted and every finding, already sorted."""

    def __init__(
        self,
        files: list[str],
        findings: list[Finding],
        color: bool = False,
        fail_on: Severity = Severity.ERROR,
    ) -> None:
        self.files, self.findings, self.color, self.fail_on = files, findings, color, fail_on

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


Renderer = Callable[[Report], Iterator[str]]

FORMAT_MODULES = {
    "text": "text",
    "json": "json_format",
    "sarif": "sarif",
    "junit": "junit",
    "github": "github",
    "gitlab": "gitlab",
}
"""Format name -> the module in this package whose ``render`` writes it."""

FORMAT_NAMES = tuple(FORMAT_MODULES)


def renderer(name: str) -> Renderer:
    """The render function of format ``name``, importing only that format's module.

    A run prints one format, so the others (SARIF's rule pages, JUnit's XML library) are
    never imported: that keeps a one-file run, as pre-commit makes it, quick to start.
    """
    import importlib

    module = importlib.import_module(f"{__name__}.{FORMAT_MODULES[name]}")
    render: Renderer = module.render
    return render
