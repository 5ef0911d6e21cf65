"""Hostile and broken input through the CLI: a located finding or one clear line, never a
traceback, never executed, nothing written, bounded time and memory."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from isa_lint.cli.app import main
from isa_lint.examples import base_text

from . import hostile

CASES = hostile.cases()
MEMORY_LIMIT = 1024 * 1024 * 1024


def _snapshot(folder: Path) -> dict[str, tuple[int, float]]:
    """Every file's size and time, except isa-lint's own results cache (written by design)."""
    return {
        str(p): (p.stat().st_size, p.stat().st_mtime)
        for p in folder.rglob("*")
        if not p.is_symlink() and ".isa-lint-cache" not in p.relative_to(folder).parts
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    hostile.write(folder)
    return folder


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_case_gives_its_finding(
    corpus: Path, case: hostile.Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(corpus)
    result = CliRunner().invoke(main, ["lint", "--today", "2026-06-01", "--format", "json", case.name])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    import json

    codes = {f["code"] for f in json.loads(result.output)["findings"]}
    assert case.code in codes


def test_whole_corpus_in_one_bounded_process(corpus: Path) -> None:
    """A real process with a memory cap: ends in seconds, exit 1, no traceback, nothing run or written."""
    before = _snapshot(corpus)

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    result = subprocess.run(
        [sys.executable, "-m", "isa_lint", "lint", "--today", "2026-06-01", str(corpus)],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=limit,
        cwd=corpus,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert not (corpus / hostile.MARKER).exists()
    assert _snapshot(corpus) == before
    reported = {
        line.split(":", 1)[0]
        for line in result.stdout.splitlines()
        if ":" in line and not line.startswith(" ")
    }
    assert {str(corpus / c.name) for c in CASES} <= reported
    assert "\x1b" not in result.stdout


@pytest.mark.parametrize("transform", ["bom", "crlf", "bom+crlf"])
def test_bom_and_crlf_change_nothing(tmp_path: Path, transform: str) -> None:
    text = base_text()
    if "crlf" in transform:
        text = text.replace("\n", "\r\n")
    raw = ("\ufeff" if "bom" in transform else "").encode() + text.encode("utf-8")
    path = tmp_path / "example-referrals.yaml"
    path.write_bytes(raw)
    result = CliRunner().invoke(main, ["lint", "--today", "2026-06-01", str(path)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    "name", ["with space.yaml", "comma,name.yaml", "colon:name.yaml", "naïve-ünïcode.yaml", "new\nline.yaml"]
)
def test_odd_file_names_are_reported_safely(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text(base_text(), encoding="utf-8")
    result = CliRunner().invoke(
        main, ["lint", "--today", "2026-06-01", "--fail-on", "warning", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert "ISA014" in result.output
    lines = [line for line in result.output.splitlines() if "ISA014" in line]
    assert len(lines) == 1 and "\\n" in lines[0] if "\n" in name else len(lines) == 1


def test_symlink_loops(tmp_path: Path) -> None:
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "self.yaml").symlink_to(tmp_path / "self.yaml")
    result = CliRunner().invoke(main, ["lint", "--today", "2026-06-01", str(tmp_path)])
    assert result.exit_code == 1
    assert "self.yaml:1:1: ISA007" in result.output
    assert "/loop/" not in result.output


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a folder without read permission")
def test_unreadable_directory_is_a_clear_error(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        result = CliRunner().invoke(main, ["lint", str(locked)])
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 2
    assert "Permission denied" in result.output


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a file without read permission")
def test_unreadable_file_is_a_finding(tmp_path: Path) -> None:
    path = tmp_path / "example-referrals.yaml"
    path.write_text(base_text(), encoding="utf-8")
    path.chmod(0)
    try:
        result = CliRunner().invoke(main, ["lint", "--today", "2026-06-01", str(path)])
    finally:
        path.chmod(0o644)
    assert result.exit_code == 1
    assert "ISA007" in result.output and "Permission denied" in result.output


def test_path_that_does_not_exist(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["lint", str(tmp_path / "missing.yaml")])
    assert result.exit_code == 2
    assert "no such file or directory" in result.output


def test_undecodable_file_name(tmp_path: Path) -> None:
    with open(os.path.join(os.fsencode(tmp_path), b"bad\xff.yaml"), "wb") as handle:
        handle.write(base_text().encode("utf-8"))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "isa_lint",
            "lint",
            "--today",
            "2026-06-01",
            "--format",
            "json",
            "--fail-on",
            "warning",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "bad\\\\xff.yaml" in result.stdout
