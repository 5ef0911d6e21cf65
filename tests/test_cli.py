"""The command line as a user runs it: exit codes, output, and help on every command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from isa_lint.check.findings import EXIT_ERROR, Finding
from isa_lint.cli.app import main
from isa_lint.examples import base_text
from isa_lint.rules import RULES

from .conftest import AGREEMENTS

TODAY = ["--today", "2026-06-01"]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "example-referrals.yaml"
    path.write_text(base_text().replace("status: approved", "status: active"), encoding="utf-8")
    return path


def test_shipped_agreements_pass(runner: CliRunner) -> None:
    result = runner.invoke(main, ["lint", str(AGREEMENTS)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("All ")


def test_default_path_is_agreements(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "agreements").mkdir()
    (tmp_path / "agreements" / "example-referrals.yaml").write_text(base_text(), encoding="utf-8")
    result = runner.invoke(main, ["lint", *TODAY])
    assert result.exit_code == 0, result.output
    assert "All 1 agreement passed." in result.output


def test_findings_exit_1_with_location_fix_and_law(runner: CliRunner, broken: Path) -> None:
    result = runner.invoke(main, ["lint", *TODAY, str(broken)])
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first.startswith(f"{broken.as_posix()}:")
    assert " error " in first
    assert "\n  fix: " in result.output and "\n  law: " in result.output
    assert result.output.rstrip().splitlines()[-1].startswith("Found ")
    assert "\x1b[" not in result.output


def test_json_output_carries_every_field(runner: CliRunner, broken: Path) -> None:
    result = runner.invoke(main, ["lint", *TODAY, "--format", "json", str(broken)])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["summary"]["findings"] == len(report["findings"]) > 0
    fields = set(Finding._fields)
    for item in report["findings"]:
        assert set(item) == fields
        assert item["pointer"].startswith("/") or item["pointer"] == ""


def test_output_is_deterministic(runner: CliRunner, broken: Path) -> None:
    first = runner.invoke(main, ["lint", *TODAY, "--format", "json", str(broken)]).output
    assert first == runner.invoke(main, ["lint", *TODAY, "--format", "json", str(broken)]).output


def test_fail_on_warning(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "example-referrals.yaml"
    path.write_text(base_text().replace("frequency_months: 12", "frequency_months: 012"), encoding="utf-8")
    assert runner.invoke(main, ["lint", *TODAY, str(path)]).exit_code in (0, 1)
    assert runner.invoke(main, ["lint", *TODAY, "--fail-on", "info", str(path)]).exit_code == 1


def test_missing_path_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["lint", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "no such file or directory" in result.output
    assert "Traceback" not in result.output


def test_bad_today_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(main, ["lint", "--today", "01/06/2026", str(AGREEMENTS)])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


def test_rules_table_and_json(runner: CliRunner) -> None:
    table = runner.invoke(main, ["rules"])
    assert table.exit_code == 0
    assert all(rule.code in table.output for rule in RULES)
    listed = json.loads(runner.invoke(main, ["rules", "--format", "json"]).output)
    assert [r["code"] for r in listed] == [r.code for r in RULES]


def test_explain_shows_examples(runner: CliRunner) -> None:
    result = runner.invoke(main, ["explain", "duplicate-key"])
    assert result.exit_code == 0
    for heading in ("Why it matters", "The law", "How to fix", "Fails", "Passes"):
        assert heading in result.output
    assert "# fixture:" not in result.output


def test_explain_unknown_rule(runner: CliRunner) -> None:
    result = runner.invoke(main, ["explain", "ISA999"])
    assert result.exit_code == 2
    assert "isa-lint rules" in result.output


def test_schema_command_prints_json_schema(runner: CliRunner) -> None:
    result = runner.invoke(main, ["schema"])
    assert json.loads(result.output)["$schema"].endswith("2020-12/schema")


def test_help_on_every_command(runner: CliRunner) -> None:
    for command in main.commands.values():
        assert command.help, command.name
        for option in command.params:
            assert isinstance(option, type(command.params[0])) or True
            if hasattr(option, "help") and option.param_type_name == "option":
                assert option.help, (command.name, option.name)


def test_internal_error_is_one_line_and_exit_2(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    import isa_lint.run.driver

    def explode(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(isa_lint.run.driver, "lint_paths", explode)
    result = runner.invoke(main, ["lint", str(AGREEMENTS)])
    assert result.exit_code == 2
    assert "internal error" in result.output and "Traceback" not in result.output
    debug = runner.invoke(main, ["--debug", "lint", str(AGREEMENTS)])
    assert debug.exit_code == 2


def test_python_dash_m_and_no_color(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "isa_lint", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.startswith("isa-lint ")


def test_color_only_on_a_terminal_and_never_with_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    from isa_lint.cli.lint_command import use_color

    class Tty:
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_color(Tty())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color(Tty())
    assert not use_color(object())


def test_project_errors_are_worded_by_the_command_line(tmp_path: Path) -> None:
    """A UsageProblem gets the command's usage line, a CommandError one 'Error:' line; both exit 2."""
    not_yaml = tmp_path / "notes.txt"
    not_yaml.write_text("hello\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["summary", str(not_yaml)])
    assert result.exit_code == EXIT_ERROR
    assert (
        result.output.startswith("Error: cannot summarise ") and "does not hold an agreement" in result.output
    )
    assert "Usage:" not in result.output
    result = CliRunner().invoke(main, ["init", "Not An Id", "--dir", str(tmp_path)])
    assert result.exit_code == EXIT_ERROR
    assert result.output.startswith("Usage: main init [OPTIONS] ID")
    assert "Error: Invalid value for 'ID': 'Not An Id' is not a valid id" in result.output
    result = CliRunner().invoke(main, ["register", "--config", str(not_yaml), str(tmp_path)])
    assert result.exit_code == EXIT_ERROR and "Usage: main register" in result.output
