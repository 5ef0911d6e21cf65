"""The finding: one problem at one place, and how a run of them turns into an exit code."""

import enum
from collections.abc import Iterable
from typing import NamedTuple


class Severity(enum.IntEnum):
    """How serious a finding is. Ordered so that ``fail-on`` can compare."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> "Severity":
        """Read ``error`` / ``warning`` / ``info`` (any case)."""
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r}: use error, warning or info") from None


EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


class UsageProblem(Exception):
    """Something the user asked for cannot be done as asked (a bad path, configuration,
    baseline or Git revision): reported in one line with exit 2, never as a traceback.
    The command line words it with the command's usage line."""


class CommandError(Exception):
    """What was asked cannot be done for a reason the user can put right (a file that is not
    an agreement, an output that cannot be written): one line, exit 2, no usage line."""


class Finding(NamedTuple):
    """A problem found in one file, with everything a reader needs to act on it.

    A named tuple, like every record made on the way from a file to its findings: as cheap
    to make as a dataclass and far cheaper to define, which every start pays for
    (docs/performance.md).
    """

    code: str
    name: str
    severity: Severity
    message: str
    path: str
    line: int
    column: int
    pointer: str
    fix: str
    citation: str
    fingerprint: str = ""
    unconfirmed: bool = False
    """The finding rests on a catalogue entry that is not verified, so it is never above a warning."""

    def sort_key(self) -> tuple[str, int, int, str, str, str]:
        return (self.path, self.line, self.column, self.code, self.pointer, self.message)

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = self._asdict()
        data["severity"] = str(self.severity)
        return data


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Sort by file, line, column and code, so output is the same bytes on every run."""
    return sorted(set(findings), key=Finding.sort_key)


def exit_code(findings: Iterable[Finding], fail_on: Severity = Severity.ERROR) -> int:
    """0 when nothing reaches ``fail_on``, else 1 (2 is kept for usage and internal errors)."""
    return EXIT_FINDINGS if any(f.severity >= fail_on for f in findings) else EXIT_OK
