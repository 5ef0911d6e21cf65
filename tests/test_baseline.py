"""Baselines and suppressions through the CLI, as a partnership adopting isa-lint uses them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from isa_lint.cli.app import main
from isa_lint.examples import base_text

TODAY = ["--today", "2026-06-01", "--fail-on", "info"]


@pytest.fixture
def agreement(tmp_path: Path) -> Path:
    path = tmp_path / "example-referrals.yaml"
    path.write_text(
        base_text().replace("  dpia: DPIA-2026-004, held by", "  dpia: 010\n  # held by"), encoding="utf-8"
    )
    return path


def _lint(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["lint", *TODAY, *args])
    return result.exit_code, result.output


def test_baseline_hides_todays_findings_but_not_new_ones(agreement: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    assert _lint("--write-baseline", str(baseline), str(agreement))[0] == 0
    recorded = json.loads(baseline.read_text(encoding="utf-8"))
    assert [f["code"] for f in recorded["findings"]] == ["ISA006"]
    assert _lint("--baseline", str(baseline), str(agreement)) == (0, "All 1 agreement passed.\n")
    # Lines move (a comment added at the top) and a new problem appears.
    text = "# moved\n" + agreement.read_text(encoding="utf-8").replace("status: approved", "status: active")
    agreement.write_text(text, encoding="utf-8")
    code, output = _lint("--baseline", str(baseline), str(agreement))
    assert code == 1
    assert "ISA013" in output and "ISA006" not in output


def test_fingerprint_survives_list_reordering(agreement: Path, tmp_path: Path) -> None:
    text = agreement.read_text(encoding="utf-8").replace("Z7654321", "Q7654321")
    agreement.write_text(text, encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    _lint("--write-baseline", str(baseline), str(agreement))
    first, second = text.index("  - id: police"), text.index("  - id: hospital")
    reordered = (
        text[:first]
        + text[second : text.index("purposes:")]
        + text[first:second]
        + text[text.index("purposes:") :]
    )
    agreement.write_text(reordered, encoding="utf-8")
    assert _lint("--baseline", str(baseline), str(agreement))[0] == 0


def test_unreadable_baseline_is_exit_2(agreement: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2", encoding="utf-8")
    code, output = _lint("--baseline", str(bad), str(agreement))
    assert code == 2 and "cannot read the baseline" in output


def test_suppression_with_reason_silences_the_line(agreement: Path) -> None:
    text = agreement.read_text(encoding="utf-8").replace(
        "dpia: 010", "dpia: 010  # isa-lint: ignore[ISA006] register number"
    )
    agreement.write_text(text, encoding="utf-8")
    assert _lint(str(agreement)) == (0, "All 1 agreement passed.\n")


def test_output_file_is_written_atomically(agreement: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    code, output = _lint("--format", "json", "--output", str(out), str(agreement))
    assert code == 1 and output == ""
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["warning"] == 1
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_run_level_rules_cannot_be_suppressed_on_a_line(agreement: Path) -> None:
    text = agreement.read_text(encoding="utf-8").replace(
        "dpia: 010", "dpia: 010  # isa-lint: ignore[ISA006, ISA251] both accepted"
    )
    agreement.write_text(text, encoding="utf-8")
    code, output = _lint(str(agreement))
    assert code == 1
    assert "ISA021" in output and "per-file-ignores" in output
    assert "ISA006" not in output.replace("ISA006, ISA251", "")
