"""The severity policy: one table in isa_lint.check.severity, applied by the engine to every rule.

Rules declare what they rest on; the policy turns that into a severity, and a finding decided
by a catalogue entry that is not verified is never above a warning, whatever the
configuration says.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from isa_lint import catalogues, examples
from isa_lint.check.config import Config
from isa_lint.check.engine import configure, from_hit, lint_document
from isa_lint.check.findings import Severity
from isa_lint.check.severity import CAP, POLICY, Source
from isa_lint.cli.app import main
from isa_lint.load.document import load_text
from isa_lint.rules import BY_CODE, RULES
from isa_lint.rules._rule import Hit, Settings

DOCS = Path(__file__).parent.parent / "docs" / "severity.md"
EVERY_ENTRY = [(name, entry_id) for name in catalogues.NAMES for entry_id in catalogues.ids(name)]


def test_every_rule_takes_its_severity_from_the_policy() -> None:
    for rule in RULES:
        assert rule.severity == POLICY[rule.basis.source], rule.code
        assert rule.basis.reason.strip().endswith("."), rule.code


def test_the_policy_is_the_one_the_docs_state() -> None:
    assert POLICY[Source.STATUTE] == Severity.ERROR
    assert POLICY[Source.GUIDANCE] == Severity.WARNING
    assert POLICY[Source.CLERICAL] == Severity.WARNING
    assert POLICY[Source.PRACTICE] == Severity.INFO
    page = DOCS.read_text(encoding="utf-8")
    for source in Source:
        assert f"`{source}`" in page, source


@pytest.mark.parametrize(("name", "entry_id"), EVERY_ENTRY, ids=[f"{n}:{i}" for n, i in EVERY_ENTRY])
def test_an_unconfirmed_entry_never_decides_an_error(name: str, entry_id: str) -> None:
    """Every catalogue entry, as the deciding source of an error rule raised to error by config."""
    rule = BY_CODE["ISA402"]
    document = load_text(examples.base_text(), "example-referrals.yaml")
    hit = Hit("/data/1/kind", "special category data with no condition", sources=(f"{name}:{entry_id}",))
    config = Config(severity={"ISA402": Severity.ERROR}, settings=Settings(today=examples.DEFAULT_TODAY))
    [finding] = configure([from_hit(rule, document, hit)], config, {document.path: document})
    entry = catalogues.entry(name, entry_id)
    assert entry is not None
    if entry["status"] == "verified":
        assert finding.severity == Severity.ERROR and not finding.unconfirmed
        assert "unconfirmed" not in finding.message
    else:
        assert finding.severity <= CAP and finding.unconfirmed
        assert "unconfirmed" in finding.message and entry["citation"] in finding.message
        assert entry["status"] in finding.message


def test_an_unknown_source_counts_as_unconfirmed() -> None:
    document = load_text(examples.base_text(), "example-referrals.yaml")
    hit = Hit("/title", "x", sources=("statutory_gateways:no_such_entry",))
    finding = from_hit(BY_CODE["ISA402"], document, hit)
    assert finding.severity == Severity.WARNING and finding.unconfirmed


def test_configuration_still_sets_a_rule_severity() -> None:
    text = examples.base_text().replace(
        "safeguarding_duties: [ca2004_s11]", "safeguarding_duties: [ca2004_s28]", 1
    )
    document = load_text(text, "example-referrals.yaml")
    settings = Settings(today=examples.DEFAULT_TODAY)
    default = [f for f in lint_document(document, settings) if f.code == "ISA502"]
    assert default and {f.severity for f in default} == {Severity.WARNING}
    raised = lint_document(document, Config(severity={"ISA502": Severity.ERROR}, settings=settings))
    assert {f.severity for f in raised if f.code == "ISA502"} == {Severity.ERROR}
    lowered = lint_document(document, Config(severity={"ISA502": Severity.INFO}, settings=settings))
    assert {f.severity for f in lowered if f.code == "ISA502"} == {Severity.INFO}


def test_rules_lists_the_basis_of_each_rule() -> None:
    table = CliRunner().invoke(main, ["rules"]).output
    assert table.splitlines()[0].split()[:4] == ["CODE", "NAME", "SEVERITY", "BASIS"]
    row = next(line for line in table.splitlines() if line.startswith("ISA402"))
    assert re.search(r"\berror\s+statute\b", row)
    listed = json.loads(CliRunner().invoke(main, ["rules", "--format", "json"]).output)
    for item in listed:
        rule = BY_CODE[item["code"]]
        assert item["basis"] == str(rule.basis.source) and item["basis_reason"] == rule.basis.reason


def test_explain_says_why_the_rule_has_its_severity() -> None:
    page = subprocess.run(
        [sys.executable, "-m", "isa_lint", "explain", "ISA805"], capture_output=True, text=True, check=True
    ).stdout
    assert "ISA805 signed-after-effective (warning)" in page
    assert "Why it is a warning" in page and "statutory guidance" in page
    assert BY_CODE["ISA805"].basis.reason in page


def test_no_example_finding_that_rests_on_an_unconfirmed_entry_is_an_error() -> None:
    """Across every rule's failing example, as real rules raise them."""
    seen_unconfirmed = 0
    for code, kind in examples.available():
        if kind != "fail" or BY_CODE[code].family in ("across_files", "history"):
            continue
        example = examples.build(code, kind)
        document = load_text(example.text, example.path)
        config = Config(severity={c: Severity.ERROR for c in BY_CODE}, settings=Settings(today=example.today))
        for finding in lint_document(document, config):
            if finding.unconfirmed:
                seen_unconfirmed += 1
                assert finding.severity <= CAP and "source unconfirmed" in finding.message, finding
    assert seen_unconfirmed  # the gateway, Art 10 and identifier examples rest on such entries
