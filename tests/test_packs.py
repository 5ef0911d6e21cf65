"""Local policy packs: loaded through the configuration, validated, applied with locations."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from isa_lint.cli.app import main
from isa_lint.examples import base_text

from .conftest import ROOT

EXAMPLE_PACK = ROOT / "docs" / "policy-packs" / "northshire-partnership.yaml"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "agreements").mkdir()
    text = base_text().replace("within_hours: 24", "within_hours: 12")
    (tmp_path / "agreements" / "example-referrals.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "pack.yaml").write_text(EXAMPLE_PACK.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / ".isa-lint.yaml").write_text("policy-packs: [pack.yaml]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _lint(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["lint", "--today", "2026-06-01", *args])
    return result.exit_code, result.output


def _edit(project: Path, old: str, new: str) -> None:
    path = project / "agreements" / "example-referrals.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_clean_agreement_meets_the_example_pack(project: Path) -> None:
    assert _lint() == (0, "All 1 agreement passed.\n")


def test_pack_rule_reports_the_value_with_its_line(project: Path) -> None:
    _edit(project, "within_hours: 12", "within_hours: 48")
    code, output = _lint()
    assert code == 1
    line = next(n for n, t in enumerate(base_text().splitlines(), 1) if "within_hours" in t)
    assert f"agreements/example-referrals.yaml:{line}:" in output
    assert "LOCAL001 error" in output and "within_hours is 48; at most 12 allowed" in output
    assert "para 8.2" in output


def test_pack_rule_applies_to_each_item_of_a_list(project: Path) -> None:
    _edit(project, "disposal: Reviewed and deleted under", "disposal: Kept under")
    code, output = _lint()
    assert code == 1 and output.count("LOCAL003") == 1


def test_pack_rules_can_be_ignored_and_suppressed(project: Path) -> None:
    _edit(project, "within_hours: 12", "within_hours: 48  # isa-lint: ignore[LOCAL001] agreed exception")
    assert _lint()[0] == 0
    _edit(project, "  # isa-lint: ignore[LOCAL001] agreed exception", "")
    assert _lint("--ignore", "LOCAL001")[0] == 0


@pytest.mark.parametrize(
    ("pack", "expected"),
    [
        (
            "pack: p\ntitle: t\nrules:\n  - code: LOCAL001\n    name: x\n    severity: error\n    section: security\n"
            "    schema:\n      a: {type: nonsense}\n    message: m\n    citation: c\n    fix: f\n",
            "pack.yaml:8: rule LOCAL001: the schema is not valid cerberus",
        ),
        (
            "pack: p\ntitle: t\nrules:\n  - code: LOCAL001\n    name: x\n    severity: error\n    section: securty\n"
            "    schema: {}\n    message: m\n    citation: c\n    fix: f\n",
            "pack.yaml:4: section 'securty' is not a section",
        ),
        (
            "pack: p\ntitle: t\nrules:\n  - code: ISA999\n    name: x\n    severity: error\n    section: security\n"
            "    schema: {}\n    message: m\n    citation: c\n    fix: f\n",
            "not a valid policy pack",
        ),
        ("pack: [1\n", "YAML syntax error"),
    ],
    ids=["bad-cerberus", "unknown-section", "isa-code", "syntax"],
)
def test_bad_pack_is_a_located_error_exit_2(project: Path, pack: str, expected: str) -> None:
    (project / "pack.yaml").write_text(pack, encoding="utf-8")
    code, output = _lint()
    assert code == 2
    assert expected in output
    assert "Traceback" not in output


def test_missing_pack_file(project: Path) -> None:
    (project / ".isa-lint.yaml").write_text("policy-packs: [nowhere.yaml]\n", encoding="utf-8")
    code, output = _lint()
    assert code == 2 and "nowhere.yaml: cannot be read" in output
