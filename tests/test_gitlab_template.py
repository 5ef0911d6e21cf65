"""The GitLab CI template, its job's script run as GitLab runs it, and its report checked
against a JSON Schema written from GitLab's documented Code Quality format."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

from isa_lint.examples import base_text

from .conftest import ROOT

TEMPLATE = ROOT / "templates" / "isa-lint.gitlab-ci.yml"
SCHEMA = json.loads((Path(__file__).parent / "gitlab_code_quality.schema.json").read_text(encoding="utf-8"))


def _template() -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load(TEMPLATE.read_text(encoding="utf-8"))
    return data


def _run_job(project: Path, variables: dict[str, str]) -> int:
    """Run the job's script in one shell, as GitLab's runner does, with the template's variables."""
    data = _template()
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        **data["variables"],
        **variables,
    }
    script = "\n".join(data["isa-lint"]["script"])
    return subprocess.run(["sh", "-e", "-c", script], cwd=project, env=env, check=False).returncode


def _report(project: Path) -> list[dict[str, Any]]:
    issues: list[dict[str, Any]] = json.loads(
        (project / "gl-code-quality-report.json").read_text(encoding="utf-8")
    )
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    errors = [
        f"{list(e.absolute_path)}: {e.message}"
        for e in jsonschema.Draft202012Validator(SCHEMA).iter_errors(issues)
    ]
    assert not errors, errors
    return issues


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "partnership"
    (folder / "agreements").mkdir(parents=True)
    broken = base_text().replace("status: approved", "status: active")
    (folder / "agreements" / "example-referrals.yaml").write_text(broken, encoding="utf-8")
    return folder


def test_template_is_one_job_publishing_code_quality() -> None:
    data = _template()
    job = data["isa-lint"]
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert job["artifacts"]["when"] == "always"
    assert job["before_script"] == ['python -m pip install --quiet "$ISA_LINT_SOURCE"']
    assert data["variables"]["ISA_LINT_SOURCE"].startswith("git+https://")
    assert "@v" in data["variables"]["ISA_LINT_SOURCE"]  # a tag, not a moving branch


def test_findings_fail_the_job_with_a_valid_report(project: Path) -> None:
    assert _run_job(project, {"ISA_LINT_PATHS": "agreements/"}) == 1
    issues = _report(project)
    assert "ISA013" in {issue["check_name"] for issue in issues}
    assert {issue["location"]["path"] for issue in issues} == {"agreements/example-referrals.yaml"}


def test_clean_agreements_give_an_empty_valid_report(project: Path) -> None:
    agreement = project / "agreements" / "example-referrals.yaml"
    agreement.write_text(base_text(), encoding="utf-8")
    assert _run_job(project, {"ISA_LINT_FAIL_ON": "error"}) == 0
    assert _report(project) == []


def test_fail_on_and_base_variables_reach_isa_lint(project: Path) -> None:
    assert _run_job(project, {"ISA_LINT_FAIL_ON": "never"}) == 2  # refused: it was passed on
    if shutil.which("git") is None:
        pytest.skip("needs git")
    assert _run_job(project, {"ISA_LINT_BASE": "no-such-revision"}) == 2
