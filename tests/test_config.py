"""Configuration files: found upwards, validated with located errors, overridden by options."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from isa_lint.check.config import ConfigError, find, load
from isa_lint.check.findings import Severity
from isa_lint.cli.app import main
from isa_lint.examples import base_text

TODAY = ["--today", "2026-06-01"]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with one agreement that gives a single ISA006 warning (dpia: 010)."""
    (tmp_path / "agreements").mkdir()
    text = base_text().replace("  dpia: DPIA-2026-004, held by", "  dpia: 010\n  # held by")
    (tmp_path / "agreements" / "example-referrals.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _lint(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["lint", *TODAY, *args])
    return result.exit_code, result.output


def test_no_configuration_means_defaults(project: Path) -> None:
    code, output = _lint()
    assert code == 0 and "ISA006 warning" in output


def test_yaml_configuration_found_from_a_subfolder(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / ".isa-lint.yaml").write_text("fail-on: warning\n", encoding="utf-8")
    (project / "sub").mkdir()
    assert find(project / "sub") == project / ".isa-lint.yaml"
    assert _lint()[0] == 1


def test_pyproject_table(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.isa-lint]\nseverity = { ISA006 = "error" }\n', encoding="utf-8"
    )
    code, output = _lint()
    assert code == 1 and "ISA006 error" in output


def test_ignore_select_and_per_file_ignores(project: Path) -> None:
    (project / ".isa-lint.yaml").write_text("ignore: [ambiguous-scalar]\nfail-on: info\n", encoding="utf-8")
    assert _lint() == (0, "All 1 agreement passed.\n")
    (project / ".isa-lint.yaml").write_text(
        "per-file-ignores:\n  'agreements/*.yaml': [ISA006]\nfail-on: info\n", encoding="utf-8"
    )
    assert _lint()[0] == 0
    (project / ".isa-lint.yaml").write_text("select: [ISA01]\nfail-on: info\n", encoding="utf-8")
    assert _lint()[0] == 0


def test_command_line_overrides_the_file(project: Path) -> None:
    (project / ".isa-lint.yaml").write_text("fail-on: warning\n", encoding="utf-8")
    assert _lint("--fail-on", "error")[0] == 0
    assert _lint("--ignore", "ISA006")[0] == 0


def test_exclude_globs(project: Path) -> None:
    (project / ".isa-lint.yaml").write_text("exclude: ['agreements/example-*']\n", encoding="utf-8")
    assert _lint() == (0, "No agreements found.\n")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fail-on: warning\nselekt: [ISA1]\n", "2: selekt: unknown option"),
        ("fail-on: sometimes\n", "1: fail-on: unallowed value sometimes"),
        ("select: [ISA999]\n", "1: select: ISA999 is not a rule code or name"),
        ("review-warning-days: -3\n", "1: review-warning-days: min value is 0"),
        ("severity:\n  ISA4: error\n", "1: severity: ISA4 is not a rule code or name"),
        ("- a list\n", "must be a mapping"),
        ("a: [1\n", "YAML syntax error"),
    ],
)
def test_bad_configuration_is_a_located_error_exit_2(project: Path, text: str, expected: str) -> None:
    (project / ".isa-lint.yaml").write_text(text, encoding="utf-8")
    code, output = _lint()
    assert code == 2
    assert expected in output
    assert ".isa-lint.yaml:" in output
    assert "Traceback" not in output


def test_bad_pyproject_option_names_the_line(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.isa-lint]\nfail-on = "error"\nnation = "scotland"\n', encoding="utf-8"
    )
    with pytest.raises(ConfigError, match=r"pyproject.toml:3: nation"):
        load(None, search_from=project)


def test_explicit_config_and_missing_file(project: Path) -> None:
    (project / "strict.yaml").write_text("fail-on: warning\n", encoding="utf-8")
    assert _lint("--config", "strict.yaml")[0] == 1
    code, output = _lint("--config", "missing.yaml")
    assert code == 2 and "no such configuration file" in output


def test_unknown_rule_on_the_command_line(project: Path) -> None:
    code, output = _lint("--select", "ISA999")
    assert code == 2 and "ISA999 is not a rule" in output


def test_loaded_values(project: Path) -> None:
    (project / ".isa-lint.yaml").write_text(
        "review-warning-days: 30\nmax-review-months: 24\nnation: wales\nfail-on: info\n", encoding="utf-8"
    )
    config = load(None, search_from=project)
    assert config.settings.review_window_days == 30
    assert config.settings.max_review_months == 24
    assert config.settings.default_nation == "wales"
    assert config.fail_on is Severity.INFO


def test_replace_makes_a_changed_copy_and_refuses_unknown_fields() -> None:
    from isa_lint.check.config import Config

    original = Config(select=("ISA4",))
    changed = original.replace(ignore=("ISA401",))
    assert (changed.select, changed.ignore, original.ignore) == (("ISA4",), ("ISA401",), ())
    assert changed.settings is original.settings
    assert repr(changed).startswith("Config(path=None, select=('ISA4',), ignore=('ISA401',),")
    with pytest.raises(TypeError, match="no field colour"):
        original.replace(colour=True)
