"""The published pre-commit hook, run the way another repository would run it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from isa_lint.examples import base_text

from .conftest import ROOT

PRE_COMMIT = Path(sys.executable).parent / "pre-commit"


def test_hook_definition_calls_a_real_command() -> None:
    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [hook["id"] for hook in hooks] == ["isa-lint"]
    assert hooks[0]["entry"].split() == ["isa-lint", "lint"]


def _timeless(text: str) -> str:
    """The base agreement as a draft taking effect in 2098, so the real date never matters."""
    text = text.replace("status: approved", "status: draft").replace("    signed: 2026-03-20\n", "")
    return text.replace("effective_from: 2026-04-01", "effective_from: 2098-04-01").replace(
        "2027-03-31", "2099-03-31"
    )


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


@pytest.mark.skipif(not PRE_COMMIT.exists() or shutil.which("git") is None, reason="needs pre-commit and git")
def test_try_repo_passes_clean_and_fails_broken(tmp_path: Path) -> None:
    source = tmp_path / "isa-lint"
    shutil.copytree(
        ROOT, source, ignore=shutil.ignore_patterns(".venv", ".git", "*.egg-info", "__pycache__", ".*cache")
    )
    _git(source, "init", "-q")
    _git(source, "add", "-A")
    _git(source, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "snapshot")
    user = tmp_path / "partnership"
    (user / "agreements").mkdir(parents=True)
    agreement = user / "agreements" / "example-referrals.yaml"
    agreement.write_text(_timeless(base_text()), encoding="utf-8")
    _git(user, "init", "-q")
    _git(user, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    command = [str(PRE_COMMIT), "try-repo", str(source), "isa-lint", "--all-files"]
    clean = subprocess.run(command, cwd=user, capture_output=True, text=True, env=env, check=False)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    agreement.write_text(_timeless(base_text()).replace("status: draft", "status: active"), encoding="utf-8")
    broken = subprocess.run(command, cwd=user, capture_output=True, text=True, env=env, check=False)
    assert broken.returncode == 1
    assert "ISA013" in broken.stdout


def test_hook_skips_other_yaml_and_finds_agreements_anywhere() -> None:
    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hooks[0]["args"] == ["--agreements-only"]
    assert hooks[0]["files"] == r"\.ya?ml$"


@pytest.mark.skipif(not PRE_COMMIT.exists() or shutil.which("git") is None, reason="needs pre-commit and git")
def test_try_repo_checks_agreements_outside_agreements_folder(tmp_path: Path) -> None:
    """An agreement in any folder is checked; a workflow and a compose file beside it are not."""
    source = tmp_path / "isa-lint"
    shutil.copytree(
        ROOT, source, ignore=shutil.ignore_patterns(".venv", ".git", "*.egg-info", "__pycache__", ".*cache")
    )
    _git(source, "init", "-q")
    _git(source, "add", "-A")
    _git(source, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "snapshot")
    user = tmp_path / "partnership"
    (user / "governance" / "isas").mkdir(parents=True)
    (user / ".github" / "workflows").mkdir(parents=True)
    (user / ".github" / "workflows" / "ci.yml").write_text("on: push\njobs: {}\n", encoding="utf-8")
    (user / "compose.yaml").write_text("services:\n  web:\n    image: nginx\n", encoding="utf-8")
    agreement = user / "governance" / "isas" / "example-referrals.yaml"
    broken = _timeless(base_text()).replace("status: draft", "status: active")
    agreement.write_text(broken, encoding="utf-8")
    _git(user, "init", "-q")
    _git(user, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    command = [str(PRE_COMMIT), "try-repo", str(source), "isa-lint", "--all-files"]
    found = subprocess.run(command, cwd=user, capture_output=True, text=True, env=env, check=False)
    assert found.returncode == 1, found.stdout + found.stderr
    assert "governance/isas/example-referrals.yaml" in found.stdout
    assert "ISA013" in found.stdout
    assert "compose.yaml" not in found.stdout and "ci.yml" not in found.stdout
    agreement.write_text(_timeless(base_text()), encoding="utf-8")
    clean = subprocess.run(command, cwd=user, capture_output=True, text=True, env=env, check=False)
    assert clean.returncode == 0, clean.stdout + clean.stderr
