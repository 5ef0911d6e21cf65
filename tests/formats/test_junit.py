"""JUnit XML: parses, one test case per file and rule, one failure per test case, counts right."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from isa_lint.check.findings import Severity
from isa_lint.formats import Report, junit

from .sample import CLEAN, FINDINGS, NASTY, ODD, PLAIN, finding, report


def parse(report_: Report) -> ET.Element:
    return ET.fromstring("".join(junit.render(report_)).encode("utf-8"))


def test_counts_are_test_cases_and_failing_test_cases() -> None:
    root = parse(report())
    error_pairs = {(f.path, f.code) for f in FINDINGS if f.severity == Severity.ERROR}
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert len(suites) == 1
    suite = suites[0]
    assert suite.get("name") == "isa-lint"
    cases = suite.findall("testcase")
    assert len(cases) == int(suite.get("tests", "")) == int(root.get("tests", ""))
    failing = [c for c in cases if c.findall("failure")]
    assert all(len(c.findall("failure")) == 1 for c in failing)  # one failure per test case
    assert len(failing) == len(error_pairs) == int(suite.get("failures", "")) == int(root.get("failures", ""))
    assert int(suite.get("failures", "")) <= int(suite.get("tests", ""))
    assert suite.get("errors") == suite.get("skipped") == "0"


def test_one_case_per_file_and_rule() -> None:
    suite = parse(report()).findall("testsuite")[0]
    cases = {case.get("name"): case for case in suite.findall("testcase")}
    assert list(cases) == [CLEAN, f"{ODD} ISA101 party-missing", f"{PLAIN} ISA101 party-missing"]
    assert all(case.get("classname") == "isa-lint" for case in cases.values())
    assert list(cases[CLEAN]) == []
    assert cases[f"{PLAIN} ISA101 party-missing"].get("file") == PLAIN
    # PLAIN's two ISA101 findings are one failing test case, both in the failure's body
    failure = cases[f"{PLAIN} ISA101 party-missing"].findall("failure")
    assert len(failure) == 1
    assert failure[0].get("message", "").endswith("(and 1 more in this file)")
    assert f"{PLAIN}:4:" in (failure[0].text or "") and f"{PLAIN}:12:" in (failure[0].text or "")


def test_three_broken_files_count_consistently() -> None:
    files = [f"agreements/broken-{n}.yaml" for n in range(3)]
    findings = [
        finding(code, Severity.ERROR, "wrong", path, line)
        for path in files
        for line, code in ((1, "ISA101"), (2, "ISA101"), (3, "ISA102"))
    ]
    root = parse(Report(files, findings))
    assert (root.get("tests"), root.get("failures")) == ("6", "6")
    assert len(list(root.iter("failure"))) == 6


def test_failure_text() -> None:
    suite = parse(report()).findall("testsuite")[0]
    case = next(c for c in suite.findall("testcase") if c.get("file") == ODD)
    failure = case.findall("failure")[0]
    message = failure.get("message", "")
    assert message.startswith("ISA101 the DPIA is 100% <script>alert(1)</script> missing\nsee ")
    assert "\\x1b[31mred" in message
    assert failure.get("type") == "ISA101"
    body = failure.text or ""
    assert body.startswith(f"{ODD}:3:5: ISA101 party-missing (error)")
    assert "fix: Do the thing" in body
    assert "law: UK GDPR Article 6" in body


def test_warnings_do_not_fail() -> None:
    suite = parse(report()).findall("testsuite")[0]
    case = next(c for c in suite.findall("testcase") if c.get("file") == PLAIN)
    out = case.findtext("system-out") or ""
    assert f"{PLAIN}:20:7: ISA301 info retention" in out
    assert f"{PLAIN}:25:1: LOCAL001 warning the DPO" in out
    assert len(out.splitlines()) == 2


def test_warnings_only_run_has_no_failures() -> None:
    only = [f for f in FINDINGS if f.severity != Severity.ERROR]
    root = parse(report(findings=only))
    assert not list(root.iter("failure"))
    assert root.get("failures") == "0"


def test_escaped_and_valid_xml() -> None:
    text = "".join(junit.render(report()))
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    assert "<script>" not in text
    assert "&lt;script&gt;" in text
    assert "\x1b" not in text and "\x07" not in text


def test_characters_xml_cannot_hold() -> None:
    nasty = finding("ISA101", Severity.ERROR, "nul\x00 vt\x0b ff\x0c surrogate\ud800 end", "a\x01.yaml", 1)
    root = parse(Report(["a\x01.yaml"], [nasty]))
    failure = next(root.iter("failure"))
    assert failure.get("message") == "ISA101 nul\\x00 vt\\x0b ff\\x0c surrogate\\ud800 end"
    assert next(root.iter("testcase")).get("file") == "a\\x01.yaml"


def test_finding_outside_files_gets_a_case() -> None:
    gone = finding("ISA101", Severity.ERROR, "deleted", "agreements/gone.yaml", 1)
    root = parse(Report([CLEAN], [gone]))
    assert [c.get("file") for c in root.iter("testcase")] == ["agreements/clean.yaml", "agreements/gone.yaml"]
    assert root.get("tests") == "2"


def test_nasty_message_round_trips() -> None:
    root = parse(report(findings=[finding("ISA101", Severity.ERROR, "a < b & c > \"d\" 'e'", ODD, 1)]))
    assert next(root.iter("failure")).get("message") == "ISA101 a < b & c > \"d\" 'e'"
    assert NASTY
