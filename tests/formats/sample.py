"""One fixed findings list that every format renders, and the golden-file helper.

The list is built to hurt: a file name with a comma, a colon and a space; a message with a
newline, ``%``, a ``<script>`` tag, an ANSI escape and a control character; a Markdown
table pipe; two identical problems in one file; and a code the registry does not know (a
local policy pack's).

Run ``ISA_LINT_UPDATE_GOLDEN=1 .venv/bin/pytest tests/formats`` to rewrite the golden files
after a deliberate change, then read the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

from isa_lint.check.findings import Finding, Severity, sort_findings
from isa_lint.check.severity import guidance, practice, statute
from isa_lint.formats import Report
from isa_lint.rules._rule import Rule

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("ISA_LINT_UPDATE_GOLDEN") == "1"

ODD = "agreements/odd, name: v1.yaml"
PLAIN = "agreements/plain.yaml"
CLEAN = "agreements/clean.yaml"
NASTY = "the DPIA is 100% <script>alert(1)</script> missing\nsee \x1b[31mred\x1b[0m and a bell\x07 | pipe"

RULES = (
    Rule(
        "ISA101",
        "party-missing",
        "parties",
        statute("Art 13."),
        summary="A party is named but not described.",
        rationale="Partners cannot check who receives data.",
        citation="UK GDPR Article 13(1)(e)",
        fix="Describe the party under parties.",
    ),
    Rule(
        "ISA201",
        "review-soon",
        "review",
        guidance("ICO code."),
        summary="The review date is close.",
        rationale="An agreement past review may no longer reflect practice.",
        citation="ICO data sharing code: governance",
        fix="Plan the review and record its date.",
    ),
    Rule(
        "ISA301",
        "retention-vague",
        "data_retention",
        practice("Good practice."),
        summary="Retention is described in words, not a period.",
        rationale="A period can be checked; *words* cannot.",
        citation="UK GDPR Article 5(1)(e)",
        fix="Give a period such as P6Y.",
    ),
)


def finding(
    code: str,
    severity: Severity,
    message: str,
    path: str,
    line: int,
    column: int = 3,
    pointer: str = "/parties/0",
    name: str = "",
) -> Finding:
    names = {r.code: r.name for r in RULES}
    return Finding(
        code=code,
        name=name or names.get(code, "local-rule"),
        severity=severity,
        message=message,
        path=path,
        line=line,
        column=column,
        pointer=pointer,
        fix="Do the thing, then check again.",
        citation="UK GDPR Article 6",
    )


FINDINGS = sort_findings(
    [
        finding("ISA101", Severity.ERROR, NASTY, ODD, 3, 5, "/parties/1/name"),
        finding(
            "ISA201", Severity.WARNING, "review due on 2026-07-01, in 30 days", ODD, 9, 1, "/review/next"
        ),
        finding("ISA101", Severity.ERROR, "party 'ics' is not described", PLAIN, 4, pointer="/parties"),
        finding("ISA101", Severity.ERROR, "party 'ics' is not described", PLAIN, 12, pointer="/parties"),
        finding("ISA301", Severity.INFO, "retention 'as long as needed'", PLAIN, 20, 7, "/data/0/retention"),
        finding("LOCAL001", Severity.WARNING, "the DPO is not named", PLAIN, 25, 1, "/contacts", "dpo-named"),
    ]
)
FILES = [CLEAN, ODD, PLAIN]


def report(findings: list[Finding] | None = None, files: list[str] | None = None) -> Report:
    return Report(FILES if files is None else files, FINDINGS if findings is None else findings)


def check_golden(name: str, text: str) -> None:
    """Compare ``text`` with the golden file byte for byte (or rewrite it when asked).

    Lone surrogates, which a format may pass on from a file name that is not UTF-8, are
    stored as their UTF-8-like bytes (``surrogatepass``), so they can be compared too.
    """
    path = GOLDEN / name
    data = text.encode("utf-8", "surrogatepass")
    if UPDATE:
        path.write_bytes(data)
        return
    assert path.exists(), f"no golden file {name}: run with ISA_LINT_UPDATE_GOLDEN=1 to create it"
    expected = path.read_bytes().decode("utf-8", "surrogatepass")
    assert text == expected, f"{name} differs from its golden file; ISA_LINT_UPDATE_GOLDEN=1 rewrites it"
