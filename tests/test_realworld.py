"""The real-world corpus lints to exactly the findings a lawyer expects: no more, no fewer.

The agreements in ``tests/realworld/agreements/`` are modelled on the structure and facts of
agreements that partnerships publish (issue 13, section 5). ``tests/realworld/expected.yaml``
records, for each, the findings a data protection lawyer would sign, with the reason, and
where today's linter disagrees. The corpus is linted once, as a user would lint it (the
command line, JSON output, one run so the checks across files apply), and each agreement's
findings are compared with its expectations on code, severity, line and JSON Pointer.

An agreement whose expectations list ``known_disagreements`` (today's false alarms, wrong
severities and missed findings, each with the point of issue 13 that fixes it) is an xfail
as long as those entries explain every difference. Any other difference fails, and so does
an entry that explains nothing any more: the fix has merged and the entry must go.
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

PENDING = "pending"
"""The code of an expected finding whose rule issue 13 is adding; it never matches today."""
KINDS = {"false_alarm", "wrong_severity", "missed"}
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


class Differences:
    """What the linter reports and the lawyer does not expect, and the reverse, for one agreement."""

    def __init__(self, agreement: str) -> None:
        entry = expectations()["agreements"][agreement]
        self.unexpected: list[dict[str, Any]] = list(lint_corpus()[1].get(agreement, []))
        self.missing: list[dict[str, Any]] = []
        for expected in entry.get("expected") or []:
            match = next((f for f in self.unexpected if _says(expected, f)), None)
            if match is None:
                self.missing.append(expected)
            else:
                self.unexpected.remove(match)
        self.disagreements: list[dict[str, Any]] = list(entry.get("known_disagreements") or [])

    def _explains(self, disagreement: dict[str, Any], key: Key, raised: bool) -> bool:
        code, severity, line, pointer = key
        if (str(disagreement["code"]), disagreement["line"], disagreement["pointer"]) != (
            code,
            line,
            pointer,
        ):
            return False
        if raised:
            return (
                disagreement["kind"] in ("false_alarm", "wrong_severity")
                and disagreement["linter"] == severity
            )
        return disagreement["kind"] in ("missed", "wrong_severity")

    def report(self) -> tuple[list[str], list[str]]:
        """The differences no known disagreement explains, and the disagreements that explain nothing."""
        used: set[int] = set()
        unexplained = []
        for raised, items in ((True, self.unexpected), (False, self.missing)):
            for item in items:
                key = _key(item)
                reasons = [i for i, d in enumerate(self.disagreements) if self._explains(d, key, raised)]
                used.update(reasons)
                if reasons:
                    continue
                if raised:
                    unexplained.append(f"unexpected: {_describe(key)}: {item['message']}")
                else:
                    rule = f" ({item['rule']})" if "rule" in item else ""
                    unexplained.append(
                        f"missing: {_describe(key)}{rule}: {' '.join(str(item['reason']).split())}"
                    )
        stale = [
            f"{d['code']} {d['kind']} at line {d['line']} {d['pointer']} ({d['fixed_by']})"
            for i, d in enumerate(self.disagreements)
            if i not in used
        ]
        return unexplained, stale


@pytest.mark.parametrize("agreement", sorted(expectations()["agreements"]))
def test_agreement_lints_to_the_lawyers_findings(agreement: str) -> None:
    """Exactly the expected findings; a known disagreement with today's linter is a strict xfail.

    Stricter than ``xfail(strict=True)``: an agreement with known disagreements still fails
    on any difference they do not explain (a new false alarm), and fails when one of them
    no longer happens (its fix has merged, so the entry must go).
    """
    differences = Differences(agreement)
    unexplained, stale = differences.report()
    problems = unexplained + [f"known disagreement no longer seen, remove it: {s}" for s in stale]
    assert not problems, f"{agreement}.yaml:\n  " + "\n  ".join(problems)
    if differences.disagreements:
        fixes = sorted({str(d["fixed_by"]) for d in differences.disagreements})
        pytest.xfail(f"known disagreements with today's linter, fixed by: {'; '.join(fixes)}")


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
            if code == PENDING and not str(finding.get("rule", "")).strip():
                bad.append(f"{where}: a pending finding must say which rule")
            if code != PENDING and not (code.startswith("ISA") and code[3:].isdigit()):
                bad.append(f"{where}: code {code!r}")
        for disagreement in entry.get("known_disagreements") or []:
            where = f"{agreement}: disagreement {disagreement.get('code')}"
            if disagreement.get("kind") not in KINDS:
                bad.append(f"{where}: kind {disagreement.get('kind')!r}")
            for field in ("why", "fixed_by", "linter"):
                if not str(disagreement.get(field, "")).strip():
                    bad.append(f"{where}: no '{field}'")
            if not isinstance(disagreement.get("line"), int) or not str(
                disagreement.get("pointer", "")
            ).startswith("/"):
                bad.append(f"{where}: needs a line and a JSON Pointer")
        pending = any(str(f.get("code")) == PENDING for f in entry.get("expected") or [])
        if pending and not any(d.get("kind") == "missed" for d in entry.get("known_disagreements") or []):
            bad.append(
                f"{agreement}: a pending finding needs a 'missed' disagreement, so the agreement is an xfail"
            )
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
