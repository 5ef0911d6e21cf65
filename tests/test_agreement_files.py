"""Telling an agreement from any other YAML file by its first lines, and lint's --agreements-only."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from isa_lint.examples import base_text
from isa_lint.load.agreement_files import is_agreement_file, looks_like_agreement

ISA_LINT = Path(sys.executable).parent / "isa-lint"


def test_signs_of_an_agreement() -> None:
    assert looks_like_agreement(b"schema_version: 1\nid: x\n")
    assert looks_like_agreement(
        b"# yaml-language-server: $schema=../schemas/agreement-v1.schema.json\nid: x\n"
    )
    assert looks_like_agreement(base_text().encode())
    assert not looks_like_agreement(b"on: push\njobs: {}\n")
    assert not looks_like_agreement(b"  schema_version: 1\n")  # nested: not the agreement's own
    assert not looks_like_agreement(
        b"# yaml-language-server: $schema=https://json.schemastore.org/github-workflow\n"
    )


def test_special_and_missing_files_are_not_agreements(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    assert not is_agreement_file(fifo)  # never opened, so never waited on
    assert not is_agreement_file(tmp_path / "missing.yaml")
    assert not is_agreement_file(tmp_path)


def test_lint_agreements_only_skips_other_yaml(tmp_path: Path) -> None:
    other = tmp_path / "compose.yaml"
    other.write_text("services: {}\n", encoding="utf-8")
    agreement = tmp_path / "example-referrals.yaml"
    agreement.write_text(base_text().replace("status: approved", "status: active"), encoding="utf-8")
    for extra in ([], ["--format", "json"]):  # the quick path and click's
        run = subprocess.run(
            [str(ISA_LINT), "lint", "--agreements-only", "--no-cache", str(other), str(agreement), *extra],
            capture_output=True,
            text=True,
            check=False,
            cwd=tmp_path,
        )
        assert run.returncode == 1, run.stderr
        assert "ISA013" in run.stdout and "compose.yaml" not in run.stdout
    alone = subprocess.run(
        [str(ISA_LINT), "lint", "--agreements-only", str(other)], capture_output=True, text=True, check=False
    )
    assert alone.returncode == 0 and alone.stdout == "", alone.stdout + alone.stderr
    plain = subprocess.run([str(ISA_LINT), "lint", str(other)], capture_output=True, text=True, check=False)
    assert plain.returncode == 1  # without the option, every file given is an agreement to check
