"""The GitHub Action (action.yml), its shell steps run as the runner would run them.

The runner gives a composite action's steps their ``env`` (with ``${{ }}`` expressions
filled in from the inputs, ``github`` and earlier steps' outputs) and files named by
``GITHUB_OUTPUT`` and ``GITHUB_STEP_SUMMARY``. This test does the same with bash, in a Git
repository of agreements, using the isa-lint installed for the tests in place of the
install step's ``pip install`` (whose command is checked instead). Steps that use another
action (setup-python, upload-sarif) are checked for what they are given.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from isa_lint.examples import base_text

from .conftest import ROOT
from .formats.test_sarif import validate

ACTION = YAML(typ="safe").load((ROOT / "action.yml").read_text(encoding="utf-8"))
EXPRESSION = re.compile(r"\$\{\{\s*(?P<name>[\w.-]+)\s*\}\}")


def _timeless(text: str) -> str:
    text = text.replace("status: approved", "status: draft").replace("    signed: 2026-03-20\n", "")
    return text.replace("effective_from: 2026-04-01", "effective_from: 2098-04-01").replace(
        "2027-03-31", "2099-03-31"
    )


def _value(name: str, inputs: dict[str, str], outputs: dict[str, dict[str, str]]) -> str:
    parts = name.split(".")
    if parts[0] == "inputs":
        return inputs[parts[1]]
    if name == "github.action_path":
        return str(ROOT)
    if parts[0] == "steps" and parts[2] == "outputs":
        return outputs.get(parts[1], {}).get(parts[3], "")
    raise AssertionError(f"the test does not know the expression {name}")


def _fill(text: str, inputs: dict[str, str], outputs: dict[str, dict[str, str]]) -> str:
    return EXPRESSION.sub(lambda m: _value(m["name"], inputs, outputs), text)


def _run_action(repo: Path, given: dict[str, str], tmp: Path) -> tuple[int, dict[str, str], str]:
    """Run the action's shell steps in ``repo``; its exit status, outputs and step summary."""
    tmp.mkdir(parents=True, exist_ok=True)
    inputs = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
    inputs.update(given)
    outputs: dict[str, dict[str, str]] = {}
    summary = tmp / "summary.md"
    done = subprocess.CompletedProcess[str]([], 0)
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    for number, step in enumerate(ACTION["runs"]["steps"]):
        if "run" not in step or "pip install" in step["run"]:
            continue
        output = tmp / f"output-{number}"
        output.write_text("", encoding="utf-8")
        env = {
            **os.environ,
            "PATH": path,
            "GITHUB_OUTPUT": str(output),
            "GITHUB_STEP_SUMMARY": str(summary),
            "GITHUB_ACTIONS": "true",
            "GITHUB_WORKSPACE": str(repo),
            **{key: _fill(str(value), inputs, outputs) for key, value in step.get("env", {}).items()},
        }
        assert step["shell"] == "bash"
        done = subprocess.run(
            ["bash", "-e", "-c", step["run"]], cwd=repo, env=env, capture_output=True, text=True, check=False
        )
        lines = output.read_text(encoding="utf-8").splitlines()
        outputs[step.get("id", str(number))] = dict(line.split("=", 1) for line in lines if "=" in line)
        if done.returncode != 0:
            break
    written = summary.read_text(encoding="utf-8") if summary.exists() else ""
    return done.returncode, outputs.get("lint", {}), written


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("needs git")
    folder = tmp_path / "partnership"
    (folder / "agreements").mkdir(parents=True)
    (folder / "agreements" / "example-referrals.yaml").write_text(_timeless(base_text()), encoding="utf-8")
    for args in (["init", "-q", "-b", "main"], ["add", "-A"]):
        subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "first"],
        cwd=folder,
        check=True,
        capture_output=True,
    )
    return folder


def test_action_is_composite_and_installs_from_its_own_ref() -> None:
    assert ACTION["runs"]["using"] == "composite"
    install = next(s for s in ACTION["runs"]["steps"] if "pip install" in s.get("run", ""))
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    assert '"$ACTION_PATH"' in install["run"]
    assert set(ACTION["inputs"]) >= {"paths", "fail-on", "base"}


def test_action_uploads_the_sarif_it_wrote() -> None:
    upload = next(
        s
        for s in ACTION["runs"]["steps"]
        if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@")
    )
    assert upload["with"]["sarif_file"] == "${{ steps.lint.outputs.sarif-file }}"
    assert upload["if"].startswith("always()")


def test_clean_agreements_pass_with_a_summary_and_valid_sarif(repo: Path, tmp_path: Path) -> None:
    status, outputs, summary = _run_action(repo, {}, tmp_path)
    assert status == 0
    assert outputs["exit-code"] == "0"
    validate((repo / outputs["sarif-file"]).read_text(encoding="utf-8"))
    assert summary.startswith("### isa-lint")


def test_findings_fail_the_step_after_sarif_and_summary(repo: Path, tmp_path: Path) -> None:
    agreement = repo / "agreements" / "example-referrals.yaml"
    agreement.write_text(agreement.read_text(encoding="utf-8").replace("status: draft", "status: active"))
    status, outputs, summary = _run_action(repo, {"sarif-file": "out/isa.sarif"}, tmp_path)
    assert status == 1
    assert outputs["exit-code"] == "1"
    log = validate((repo / "out" / "isa.sarif").read_text(encoding="utf-8"))
    assert "ISA013" in {result["ruleId"] for result in log["runs"][0]["results"]}
    assert "ISA013" in summary


def test_base_and_fail_on_inputs_reach_isa_lint(repo: Path, tmp_path: Path) -> None:
    """An edit without a version bump is found only when compared with the base; a bad fail-on is refused."""
    agreement = repo / "agreements" / "example-referrals.yaml"
    text = agreement.read_text(encoding="utf-8")
    agreement.write_text(
        text.replace("title: Example referrals agreement", "title: Changed referrals agreement")
    )
    status, outputs, _ = _run_action(repo, {"base": "main", "fail-on": "warning"}, tmp_path / "a")
    log = validate((repo / outputs["sarif-file"]).read_text(encoding="utf-8"))
    assert {result["ruleId"] for result in log["runs"][0]["results"]} == {"ISA851"}  # version-not-increased
    assert status == 1
    status, outputs, _ = _run_action(repo, {"paths": " agreements/ "}, tmp_path / "b")
    assert status == 0 and outputs["exit-code"] == "0"
    status, outputs, _ = _run_action(repo, {"fail-on": "sometimes"}, tmp_path / "c")
    assert status == 2 and outputs["exit-code"] == "2"
