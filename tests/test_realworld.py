"""The real-world corpus lints to exactly the findings a lawyer expects: no more, no fewer.

The agreements in ``tests/realworld/agreements/`` are modelled on the structure and facts of
agreements that partnerships publish (issue 13, section 5). ``tests/realworld/expected.yaml``
records, for each, the findings a data protection lawyer would sign, with the reason, and
where today's linter disagrees. The corpus is linted once, as a user would lint it (the
command line, JSON output, one run so the checks across files apply), and each agreement's
findings are compared with its expectations on code, severity, line and JSON Pointer.

An agreement whose expectations list ``known_disagreements`` is a strict xfail: it must
fail today, and the test turns red the day the fix merges so that the entry is removed.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

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


def _includes_all(entry: dict[str, Any], finding: dict[str, Any]) -> list[str]:
    """The words of ``message_includes`` that the finding's message and fix leave out."""
    said = f"{finding.get('message', '')} {finding.get('fix', '')}".lower()
    return [word for word in entry.get("message_includes", []) if str(word).lower() not in said]


def compare(agreement: str) -> list[str]:
    """Every difference between what the linter reports and what the lawyer expects."""
    expected: list[dict[str, Any]] = expectations()["agreements"][agreement].get("expected", [])
    actual = lint_corpus()[1].get(agreement, [])
    found = Counter(_key(finding) for finding in actual)
    wanted = Counter(_key(entry) for entry in expected)
    problems: list[str] = []
    unexpected = sorted((found - wanted).elements())
    for key in unexpected:
        message = next(f["message"] for f in actual if _key(f) == key)
        problems.append(f"unexpected: {_describe(key)}: {message}")
    for entry in expected:
        key = _key(entry)
        if wanted[key] > found[key]:
            rule = f" ({entry['rule']})" if "rule" in entry else ""
            same_place = [k for k in unexpected if (k[0], k[2], k[3]) == (key[0], key[2], key[3])]
            severity = f" [the linter says {same_place[0][1]}]" if same_place else ""
            problems.append(
                f"missing: {_describe(key)}{rule}{severity}: {' '.join(str(entry['reason']).split())}"
            )
            wanted[key] -= 1
            continue
        finding = next(f for f in actual if _key(f) == key)
        left_out = _includes_all(entry, finding)
        if left_out:
            problems.append(f"{_describe(key)} does not mention {left_out}: {finding['message']}")
    return problems


def _params() -> list[Any]:
    params = []
    for agreement, entry in sorted(expectations()["agreements"].items()):
        disagreements = entry.get("known_disagreements") or []
        marks = []
        if disagreements:
            reason = "; ".join(f"{d['code']} {d['kind']}: {d['fixed_by']}" for d in disagreements)
            marks.append(
                pytest.mark.xfail(strict=True, reason=f"known disagreements with today's linter: {reason}")
            )
        params.append(pytest.param(agreement, marks=marks, id=agreement))
    return params


@pytest.mark.parametrize("agreement", _params())
def test_agreement_lints_to_the_lawyers_findings(agreement: str) -> None:
    problems = compare(agreement)
    assert not problems, f"{agreement}.yaml:\n  " + "\n  ".join(problems)


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
            for field in ("why", "fixed_by", "today"):
                if not str(disagreement.get(field, "")).strip():
                    bad.append(f"{where}: no '{field}'")
        pending = any(str(f.get("code")) == PENDING for f in entry.get("expected") or [])
        if pending and not any(d.get("kind") == "missed" for d in entry.get("known_disagreements") or []):
            bad.append(
                f"{agreement}: a pending finding needs a 'missed' disagreement, so the agreement is an xfail"
            )
    assert not bad, "\n".join(bad)


def test_the_run_fails_exactly_when_an_error_is_reported() -> None:
    exit_code, grouped = lint_corpus()
    errors = [f for findings in grouped.values() for f in findings if f["severity"] == "error"]
    assert exit_code == (1 if errors else 0)
