"""Inline suppressions: ``# isa-lint: ignore[ISA123] reason`` on the offending line.

Strict on purpose (flake8's blanket ``# noqa`` is the trap to avoid): a suppression names
the rules it silences, gives a reason, and may expire with ``until=YYYY-MM-DD``. One with
no reason, an unknown rule, an unreadable form, a past expiry date, or nothing to suppress
is itself a finding, and suppresses nothing. Comments are found in the text, with no
round-trip parse.
"""

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import NamedTuple

from isa_lint.check.findings import Finding
from isa_lint.rules import RUN_LEVEL_FAMILIES
from isa_lint.rules._rule import Rule

_MARKER = re.compile(r"(?:^|\s)#\s*isa-lint\s*:(?P<body>.*)$")
_IGNORE = re.compile(
    r"^\s*ignore\[(?P<rules>[^\]]*)\](?:\s+until=(?P<until>\S+))?(?:\s+(?P<reason>.*?))?\s*$"
)
_QUOTED = re.compile(r"'[^'\n]*'|\"(?:[^\"\\\n]|\\.)*\"")


class Suppression(NamedTuple):
    """One ignore comment: its line, the rules it names, its reason and expiry."""

    line: int
    column: int
    rules: tuple[str, ...]
    reason: str
    until: dt.date | None


class Problem(NamedTuple):
    """A suppression comment that is itself wrong."""

    code: str
    line: int
    column: int
    message: str


def parse(text: str, lookup: Callable[[str], Rule | None]) -> tuple[list[Suppression], list[Problem]]:
    """Find suppression comments in agreement text; ``lookup`` finds a rule by code or name."""
    found: list[Suppression] = []
    problems: list[Problem] = []
    if "isa-lint" not in text:
        return found, problems
    for number, line in enumerate(text.splitlines(), start=1):
        if "isa-lint" not in line:
            continue
        match = _MARKER.search(_QUOTED.sub(lambda m: " " * len(m.group()), line))
        if not match:
            continue
        column = match.start() + (1 if line[match.start()] == "#" else 2)
        body = line[match.start("body") :].split(" #", 1)[0]
        parsed = _IGNORE.match(body)
        if not parsed:
            message = "write suppressions as '# isa-lint: ignore[ISA123] reason'"
            problems.append(Problem("ISA024", number, column, message))
            continue
        names = [n.strip() for n in parsed.group("rules").split(",") if n.strip()]
        rules = []
        for name in names:
            rule = lookup(name)
            if rule is None:
                problems.append(Problem("ISA021", number, column, f"'{name}' is not a rule code or name"))
            elif rule.family in RUN_LEVEL_FAMILIES:
                message = (
                    f"{rule.code} compares agreements with each other or with Git, so it cannot be "
                    "suppressed on a line; use 'per-file-ignores' in the configuration"
                )
                problems.append(Problem("ISA021", number, column, message))
            else:
                rules.append(rule.code)
        if not names:
            problems.append(Problem("ISA021", number, column, "the suppression names no rule"))
        until = None
        if parsed.group("until"):
            try:
                until = dt.date.fromisoformat(parsed.group("until"))
            except ValueError:
                message = f"until={parsed.group('until')} is not a date written YYYY-MM-DD"
                problems.append(Problem("ISA024", number, column, message))
                continue
        reason = (parsed.group("reason") or "").strip()
        if not reason:
            message = "the suppression gives no reason; say why the finding does not apply"
            problems.append(Problem("ISA020", number, column, message))
            continue
        if rules:
            found.append(Suppression(number, column, tuple(rules), reason, until))
    return found, problems


def apply(
    findings: Iterable[Finding], suppressions: list[Suppression], today: dt.date
) -> tuple[list[Finding], list[Problem]]:
    """Drop suppressed findings; report expired and unused suppressions."""
    active = {(s.line, code): s for s in suppressions for code in s.rules}
    used: set[tuple[int, str]] = set()
    problems: list[Problem] = []
    kept = []
    for finding in findings:
        key = (finding.line, finding.code)
        suppression = active.get(key)
        if suppression is None or finding.code.startswith("ISA02"):
            kept.append(finding)
            continue
        if suppression.until is not None and suppression.until < today:
            kept.append(finding)
            continue
        used.add(key)
    for suppression in suppressions:
        for code in suppression.rules:
            if suppression.until is not None and suppression.until < today:
                message = f"the suppression of {code} expired on {suppression.until.isoformat()}"
                problems.append(Problem("ISA023", suppression.line, suppression.column, message))
            elif (suppression.line, code) not in used:
                message = f"nothing on this line is reported as {code}; remove the suppression"
                problems.append(Problem("ISA022", suppression.line, suppression.column, message))
    return kept, problems
