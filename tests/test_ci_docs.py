"""The CI examples under docs/ci are valid YAML and call isa-lint with options that exist."""

from __future__ import annotations

import re
import shlex
from typing import Any

import pytest
from ruamel.yaml import YAML

from isa_lint.cli.app import main

from .conftest import ROOT

DOCS = ROOT / "docs" / "ci"


def _commands(node: Any) -> list[str]:
    """Every shell line in a workflow that runs isa-lint."""
    found: list[str] = []
    if isinstance(node, dict):
        for value in node.values():
            found += _commands(value)
    elif isinstance(node, list):
        for value in node:
            found += _commands(value)
    elif isinstance(node, str):
        found += [line for line in node.splitlines() if line.strip().startswith("isa-lint ")]
    return found


@pytest.mark.parametrize("name", ["github-actions.yml", "gitlab-ci.yml"])
def test_workflow_calls_real_options(name: str) -> None:
    data = YAML(typ="safe").load((DOCS / name).read_text(encoding="utf-8"))
    commands = _commands(data)
    assert commands
    for command in commands:
        words = shlex.split(re.sub(r"\$\{\{.*?\}\}", "main", command.split("||")[0]))
        assert words[0] == "isa-lint"
        context = main.make_context("isa-lint", words[1:2], resilient_parsing=True)
        subcommand = main.get_command(context, words[1])
        assert subcommand is not None, command
        subcommand.make_context(words[1], words[2:])  # raises on an unknown option or value


def test_github_workflow_uploads_sarif() -> None:
    data = YAML(typ="safe").load((DOCS / "github-actions.yml").read_text(encoding="utf-8"))
    steps = data["jobs"]["lint"]["steps"]
    upload = next(s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif"))
    assert upload["with"]["sarif_file"] == "isa-lint.sarif"
    assert data["permissions"]["security-events"] == "write"


def test_gitlab_job_publishes_code_quality() -> None:
    job = YAML(typ="safe").load((DOCS / "gitlab-ci.yml").read_text(encoding="utf-8"))["isa-lint"]
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"


def test_pre_commit_example_uses_the_published_hook_id() -> None:
    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    example = YAML(typ="safe").load((DOCS / "pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert example["repos"][0]["hooks"][0]["id"] == hooks[0]["id"]
