"""The real-world corpus lints to exactly the findings a lawyer expects: no more, no fewer.

The agreements in ``tests/realworld/agreements/`` are modelled on the structure and facts of
agreements that partnerships publish (issue 13, section 5). ``tests/realworld/expected.yaml``
records, for each, the findings a data protection lawyer would sign, with the reason. The
corpus is linted once, as a user would lint it (the command line, JSON output, one run so
the checks across files apply), and each agreement's findings are compared with its
expectations on code, severity, line and JSON Pointer.

There are no expected failures: a new false alarm fails, and so does an expected finding
the linter stops raising.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from isa_lint.load.document import load_text

from .conftest import ROOT

CORPUS = ROOT / "tests" / "realworld"
AGREEMENTS = CORPUS / "agreements"
EXPECTED = CORPUS / "expected.yaml"

SEVERITIES = {"error", "warning", "info"}

Key = tuple[str, str, int, str]
"""code, severity, line, pointer."""


@cache
def expectations() -> dict[str, Any]:
    data = YAML(typ="safe").load(EXPECTED.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _today() -> str:
    today = expectations()["today"]
    return today.isoformat() if isinstance(today, dt.date) else str(today)


@cache
def lint_corpus() -> tuple[int, dict[str, list[dict[str, Any]]]]:
    """Run the linter over the whole corpus once; findings grouped by agreement id."""
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "isa_lint",
            "lint",
            str(AGREEMENTS.relative_to(ROOT)),
            "--format",
            "json",
            "--today",
            _today(),
            "--no-cache",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode in (0, 1), f"isa-lint exited {run.returncode}:\n{run.stderr}"
    report = json.loads(run.stdout)
    grouped: dict[str, list[dict[str, Any]]] = {path.stem: [] for path in AGREEMENTS.glob("*.yaml")}
    for finding in report["findings"]:
        grouped.setdefault(Path(finding["path"]).stem, []).append(finding)
    return run.returncode, grouped


def _key(entry: dict[str, Any]) -> Key:
    return (str(entry["code"]), str(entry["severity"]), int(entry["line"]), str(entry["pointer"]))


def _describe(key: Key) -> str:
    code, severity, line, pointer = key
    return f"{code} {severity} line {line} {pointer}"


def _says(entry: dict[str, Any], finding: dict[str, Any]) -> bool:
    """Whether the finding is the expected one: same place, and the words the lawyer asks for."""
    said = f"{finding.get('message', '')} {finding.get('fix', '')}".lower()
    words = entry.get("message_includes") or []
    return _key(finding) == _key(entry) and all(str(word).lower() in said for word in words)


def differences(agreement: str) -> list[str]:
    """What the linter reports and the lawyer does not expect, and the reverse, for one agreement."""
    unexpected: list[dict[str, Any]] = list(lint_corpus()[1].get(agreement, []))
    missing: list[dict[str, Any]] = []
    for expected in expectations()["agreements"][agreement].get("expected") or []:
        match = next((f for f in unexpected if _says(expected, f)), None)
        if match is None:
            missing.append(expected)
        else:
            unexpected.remove(match)
    return [f"unexpected: {_describe(_key(f))}: {f['message']}" for f in unexpected] + [
        f"missing: {_describe(_key(e))}: {' '.join(str(e['reason']).split())}" for e in missing
    ]


@pytest.mark.parametrize("agreement", sorted(expectations()["agreements"]))
def test_agreement_lints_to_the_lawyers_findings(agreement: str) -> None:
    """Exactly the expected findings: a new false alarm fails, and so does a finding lost."""
    problems = differences(agreement)
    assert not problems, f"{agreement}.yaml:\n  " + "\n  ".join(problems)


def test_a_new_false_alarm_or_a_lost_finding_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison itself: one extra finding and one missing finding are both reported."""
    exit_code, grouped = lint_corpus()
    clean = next(a for a, e in expectations()["agreements"].items() if not e.get("expected"))
    flagged = next(a for a, e in expectations()["agreements"].items() if e.get("expected"))
    alarm = {"code": "ISA999", "severity": "warning", "line": 1, "pointer": "/title", "message": "new"}
    before = {agreement: differences(agreement) for agreement in (clean, flagged)}
    fake = {**grouped, clean: [*grouped[clean], alarm], flagged: grouped[flagged][1:]}
    monkeypatch.setattr(sys.modules[__name__], "lint_corpus", lambda: (exit_code, fake))
    assert differences(clean) == [*before[clean], "unexpected: ISA999 warning line 1 /title: new"]
    added = [d for d in differences(flagged) if d not in before[flagged]]
    assert [d.split(":")[0] for d in added] == ["missing"]


def test_every_agreement_has_expectations_and_every_expectation_an_agreement() -> None:
    files = {path.stem for path in AGREEMENTS.glob("*.yaml")}
    recorded = set(expectations()["agreements"])
    assert files == recorded, (
        f"without expectations: {sorted(files - recorded)}; without a file: {sorted(recorded - files)}"
    )
    assert len(files) >= 20


def test_the_corpus_is_mostly_clean() -> None:
    """Most published agreements are sound: at least half expect no finding at all."""
    entries = expectations()["agreements"].values()
    assert sum(1 for entry in entries if not entry.get("expected")) * 2 >= len(entries)


def test_every_expectation_gives_a_location_and_a_reason() -> None:
    bad = []
    for agreement, entry in expectations()["agreements"].items():
        if not str(entry.get("about", "")).strip():
            bad.append(f"{agreement}: no 'about'")
        for finding in entry.get("expected") or []:
            where = f"{agreement}: {finding.get('code')} at line {finding.get('line')}"
            if not str(finding.get("reason", "")).strip():
                bad.append(f"{where}: no reason")
            if finding.get("severity") not in SEVERITIES:
                bad.append(f"{where}: severity {finding.get('severity')!r}")
            pointer = str(finding.get("pointer", ""))
            if not isinstance(finding.get("line"), int) or not pointer.startswith("/"):
                bad.append(f"{where}: needs a line and a JSON Pointer")
            code = str(finding.get("code"))
            if not (code.startswith("ISA") and code[3:].isdigit()):
                bad.append(f"{where}: code {code!r}")
        if "known_disagreements" in entry:
            bad.append(f"{agreement}: known disagreements are not allowed; fix the rule or the expectation")
    assert not bad, "\n".join(bad)


def test_every_expected_line_is_where_its_pointer_is() -> None:
    """A hand-written line and pointer must name the same place in the agreement."""
    wrong = []
    for agreement, entry in expectations()["agreements"].items():
        path = AGREEMENTS / f"{agreement}.yaml"
        document = load_text(path.read_text(encoding="utf-8"), path.name)
        for finding in entry.get("expected") or []:
            places = [document.keys.get(finding["pointer"]), document.values.get(finding["pointer"])]
            lines = {place[0] for place in places if place is not None}
            if finding["line"] not in lines:
                wrong.append(
                    f"{agreement}: {finding['code']} line {finding['line']} but {finding['pointer']} is on {lines}"
                )
    assert not wrong, "\n".join(wrong)


def test_the_run_fails_exactly_when_an_error_is_reported() -> None:
    exit_code, grouped = lint_corpus()
    errors = [f for findings in grouped.values() for f in findings if f["severity"] == "error"]
    assert exit_code == (1 if errors else 0)
