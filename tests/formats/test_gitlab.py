"""GitLab Code Quality: the fields GitLab needs, unique fingerprints that survive moves."""

from __future__ import annotations

import json
from typing import Any

from isa_lint.check.findings import Finding, Severity
from isa_lint.formats import Report, gitlab
from isa_lint.formats._common import show_controls

from .sample import FINDINGS, ODD, finding, report


def issues(findings: list[Finding]) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = json.loads("".join(gitlab.render(Report([], findings))))
    return result


def test_fields() -> None:
    found = issues(FINDINGS)
    assert len(found) == len(FINDINGS)
    for issue, source in zip(found, FINDINGS, strict=True):
        assert issue["check_name"] == source.code
        assert show_controls(source.message) in issue["description"]
        assert issue["location"] == {"path": source.path, "lines": {"begin": source.line}}
        assert (
            issue["severity"] == {"error": "major", "warning": "minor", "info": "info"}[str(source.severity)]
        )
        assert isinstance(issue["fingerprint"], str) and len(issue["fingerprint"]) == 32
        int(issue["fingerprint"], 16)


def test_fingerprints_unique() -> None:
    prints = [i["fingerprint"] for i in issues(FINDINGS)]
    assert len(set(prints)) == len(prints)


def test_fingerprint_stable_when_line_changes() -> None:
    one = finding("ISA101", Severity.ERROR, "party 'ics' is not described", ODD, 4)
    before = issues([one])[0]["fingerprint"]
    after = issues([one._replace(line=40, column=9)])[0]["fingerprint"]
    assert before == after
    assert issues([one._replace(message="another problem")])[0]["fingerprint"] != before


def test_whole_moved_report_keeps_fingerprints() -> None:
    moved = [f._replace(line=f.line + 7) for f in FINDINGS]
    assert [i["fingerprint"] for i in issues(moved)] == [i["fingerprint"] for i in issues(FINDINGS)]


def test_line_zero_becomes_one() -> None:
    assert issues([finding("ISA101", Severity.ERROR, "empty file", "a.yaml", 0, 0)])[0]["location"][
        "lines"
    ] == {"begin": 1}


def test_empty_is_an_empty_list() -> None:
    assert "".join(gitlab.render(report(findings=[]))) == "[]\n"
