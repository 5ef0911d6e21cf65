"""Quick fixes worked out from a finding and the text, without a session."""

from __future__ import annotations

from click.testing import CliRunner

from isa_lint.cli.app import main
from isa_lint.server.fixes import Target, fixes_for
from isa_lint.server.positions import Span

from ..conftest import ROOT


def test_a_fix_that_names_a_replacement_makes_it_at_the_value() -> None:
    """No rule says 'Replace ... with ...' yet (a retired kind of body will); the fix reads it from any finding."""
    text = "parties:\n  - id: icb\n    kind: clinical_commissioning_group  # old name\n"
    target = Target(
        "ISA999",
        3,
        11,
        "/parties/0/kind",
        "Replace 'clinical_commissioning_group' with 'integrated_care_board': CCGs were abolished in 2022.",
        False,
    )
    [fix] = fixes_for(text, target)
    assert fix.title == "Replace 'clinical_commissioning_group' with 'integrated_care_board'"
    [edit] = fix.edits
    assert edit.span == Span(2, 10, 38)
    assert edit.text == "integrated_care_board"


def test_no_replacement_when_the_value_has_changed_since() -> None:
    text = "parties:\n  - id: icb\n    kind: local_authority\n"
    target = Target(
        "ISA999", 3, 11, "/parties/0/kind", "Replace 'clinical_commissioning_group' with 'x'", False
    )
    assert fixes_for(text, target) == []


def test_a_second_rule_joins_an_existing_suppression() -> None:
    text = "review:\n  frequency_months: 24  # isa-lint: ignore[ISA802] until=2026-12-31 booked\n"
    target = Target("ISA801", 2, 21, "/review/frequency_months", "", True)
    [fix] = fixes_for(text, target)
    [edit] = fix.edits
    assert edit.text == "ISA802, ISA801"


def test_rules_page_is_current() -> None:
    """docs/rules.md, which every diagnostic links to, is what 'isa-lint rules --format markdown' prints."""
    result = CliRunner().invoke(main, ["rules", "--format", "markdown"])
    assert result.exit_code == 0
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == result.output
    assert "\n## ISA402\n" in result.output
