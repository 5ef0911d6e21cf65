"""GitHub workflow commands: exact escaping, and the step summary of every finding."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from isa_lint.check.findings import Severity
from isa_lint.cli.app import main
from isa_lint.examples import base_text
from isa_lint.formats import Report, github

from .sample import FINDINGS, ODD, finding, report


def test_comma_colon_in_file_and_newline_in_message_exact() -> None:
    one = finding("ISA101", Severity.ERROR, "first line\nsecond 100%\r", ODD, 3, 5)
    assert github.command(one) == (
        "::error file=agreements/odd%2C name%3A v1.yaml,line=3,col=5,endLine=3,title=ISA101 party-missing"
        "::first line%0Asecond 100%25%0D%0AFix: Do the thing, then check again."
    )


def test_property_and_data_escaping() -> None:
    assert github.escape_data("a%b\r\nc:d,e") == "a%25b%0D%0Ac:d,e"
    assert github.escape_property("a%b\r\nc:d,e") == "a%25b%0D%0Ac%3Ad%2Ce"
    assert github.escape_data("\x1b[31m") == "\\x1b[31m"


def test_levels_and_one_command_per_finding() -> None:
    lines = "".join(github.render(report())).splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert len(commands) == len(FINDINGS)
    assert [c.split(" ", 1)[0] for c in commands] == [
        {Severity.ERROR: "::error", Severity.WARNING: "::warning", Severity.INFO: "::notice"}[f.severity]
        for f in FINDINGS
    ]
    assert all("\n" not in c and "\r" not in c for c in commands)
    assert lines[-1].startswith("isa-lint: Found 6 problems")


def test_no_line_means_no_position() -> None:
    whole_file = finding("ISA101", Severity.ERROR, "empty", "a.yaml", 0, 0)
    assert github.command(whole_file).startswith("::error file=a.yaml,title=ISA101 party-missing::")


def test_step_summary_appended(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("# Earlier step\n", encoding="utf-8")
    github.append_step_summary(report(), summary)
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# Earlier step\n\n### isa-lint\n")
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) == len(FINDINGS) + 1  # the header, then every finding
    assert "&lt;script&gt;" in text and "<script>" not in text
    assert "\\| pipe" in text
    assert "missing<br>see" in text
    assert "odd, name: v1.yaml" in text


def test_step_summary_new_file(tmp_path: Path) -> None:
    summary = tmp_path / "new.md"
    github.append_step_summary(Report(["a.yaml"], []), str(summary))
    assert summary.read_text(encoding="utf-8") == "### isa-lint\n\nAll 1 agreement passed.\n"


def test_step_summary_kept_under_the_limit() -> None:
    many = [finding("ISA101", Severity.ERROR, f"problem {n}", "a.yaml", n) for n in range(1, 200)]
    text = github.step_summary(Report(["a.yaml"], many), limit=4000)
    assert len(text.encode("utf-8")) <= 4000
    assert "more findings not shown" in text
    shown = sum(1 for line in text.splitlines() if line.startswith("| error"))
    assert f"{len(many) - shown} more findings" in text


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "example-referrals.yaml"
    path.write_text(base_text().replace("status: approved", "status: active"), encoding="utf-8")
    return path


def test_cli_appends_step_summary_when_env_set(tmp_path: Path, broken: Path) -> None:
    summary = tmp_path / "step-summary.md"
    result = CliRunner().invoke(
        main,
        ["lint", "--today", "2026-06-01", "--format", "github", str(broken)],
        env={"GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert result.exit_code == 1, result.output
    assert result.output.startswith("::error file=")
    assert "| error |" in summary.read_text(encoding="utf-8")


def test_cli_no_step_summary_without_env(
    tmp_path: Path, broken: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["lint", "--today", "2026-06-01", "--format", "github", str(broken)])
    assert result.exit_code == 1
    written = sorted(p.name for p in tmp_path.iterdir() if p.name != ".isa-lint-cache")  # the results cache
    assert written == ["example-referrals.yaml"]
