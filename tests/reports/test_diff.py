"""``isa-lint diff``: changes in meaning, compared by ids, worded in plain English."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from isa_lint.load.document import load_text
from isa_lint.reports import diff as diff_module
from isa_lint.reports.diff import compare
from tests.reports.conftest import BASE, Run, shipped_agreements


def _data(path: Path) -> dict[str, Any]:
    data = load_text(path.read_text(encoding="utf-8"), str(path)).data
    assert isinstance(data, dict)
    return data


def _shuffled(value: Any) -> Any:
    """Every mapping's keys and every list reversed: the same meaning in a different order."""
    if isinstance(value, dict):
        return {key: _shuffled(value[key]) for key in reversed(list(value))}
    if isinstance(value, list):
        return [_shuffled(item) for item in reversed(value)]
    return value


def _rewrap(value: Any) -> Any:
    """Text re-wrapped over several lines, as a folded block would be."""
    if isinstance(value, dict):
        return {key: _rewrap(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_rewrap(item) for item in value]
    if isinstance(value, str) and " " in value:
        return value.replace(" ", "\n  ", 1) + "  "
    return value


@pytest.mark.parametrize("path", shipped_agreements(), ids=lambda p: p.stem)
def test_reordered_and_reformatted_agreement_is_no_change(run: Run, path: Path, tmp_path: Path) -> None:
    reordered = tmp_path / path.name
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    with reordered.open("w", encoding="utf-8") as stream:
        yaml.dump(_shuffled(_data(path)), stream)
    assert reordered.read_text(encoding="utf-8") != path.read_text(encoding="utf-8")
    result = run(["diff", str(path), str(reordered)])
    assert result.exit_code == 0, result.output
    assert "No changes in meaning (1 agreement compared)." in result.stdout
    as_json = tmp_path / "as.json"  # JSON is YAML too: a wholly different layout
    as_json.write_text(json.dumps(_rewrap(_data(path)), indent=1), encoding="utf-8")
    assert compare(_data(path), _data(as_json)) == []
    assert run(["diff", "--exit-code", str(path), str(as_json)]).exit_code == 0


def _changed(tmp_path: Path, edits: list[tuple[str, str]]) -> Path:
    text = BASE.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "new.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_real_changes_are_worded_in_plain_english(run: Run, tmp_path: Path) -> None:
    new = _changed(
        tmp_path,
        [
            ('version: "1.1"\nstatus: approved', 'version: "2.0"\nstatus: draft'),
            ("  due: 2027-03-31", "  due: 2028-03-31"),
            (
                "  - data: health-information\n    period: 8 years",
                "  - data: health-information\n    period: 10 years",
            ),
            ("        art6: [public_task]\n        art9", "        art6: [legal_obligation]\n        art9"),
            (
                "    providers: [hospital]\n    recipients: [council, police]",
                "    providers: [hospital]\n    recipients: [council]",
            ),
            (
                "  - party: hospital\n    role: Chief Nurse\n    signed: 2026-03-20",
                "  - party: hospital\n    role: Chief Nurse",
            ),
            ("    within_hours: 24", "    within_hours: 12"),
            (
                "  - id: police\n",
                "  - id: school\n    name: Exampleshire Primary School\n    kind: maintained_school\n    nation: england\n"
                "    role: controller\n    ig_lead: {role: Business Manager, contact: office@school.example}\n"
                "    dpo: {role: DPO, contact: dpo@school.example}\n  - id: police\n",
            ),
        ],
    )
    result = run(["diff", str(BASE), str(new)])
    assert result.exit_code == 0, result.output
    text = result.stdout
    expected = [
        "Version changed from 1.1 to 2.0.",
        "Status changed from approved to draft.",
        "Review due date changed from 31 March 2027 to 31 March 2028.",
        "Added party: Exampleshire Primary School (school), Maintained school (governing body), controller.",
        "Lawful basis for purpose child-protection (for Exampleshire County Council and Exampleshire Hospitals NHS "
        "Foundation Trust) changed from Public task or official authority (UK GDPR Art 6(1)(e)) to Legal obligation "
        "on the controller (UK GDPR Art 6(1)(c)).",
        "Chief Constable of Exampleshire Police no longer receives health-information.",
        "Breach notification time changed from 24 hours to 12 hours.",
        "Retention of health-information changed from 8 years to 10 years after the closure of the child's case.",
        "Signature for Exampleshire Hospitals NHS Foundation Trust removed (was signed on 20 March 2026).",
    ]
    for line in expected:
        assert f"- {line}" in text.replace("\\", ""), line
    assert text.index("**Identity and status**") < text.index("**Parties**") < text.index("**Signatures**")
    assert run(["diff", "--exit-code", str(BASE), str(new)]).exit_code == 1


def test_removed_purpose_added_signature_and_short_data_names(tmp_path: Path) -> None:
    old = _data(BASE)
    new = json.loads(json.dumps(old))
    new["purposes"].append({"id": "early-help", "description": "To offer early help."})
    old_with = json.loads(json.dumps(new))
    del new["signatories"][2]["signed"]
    old_with["data"][0]["description"] = "Referral details"
    new["data"][0]["description"] = "Referral details"
    messages = [c.message for c in compare(old_with, new)]
    assert "Removed purpose early-help." in [c.message for c in compare(new, old)]
    assert "Added purpose early-help: To offer early help." in [c.message for c in compare(old, new)]
    new["retention"][0]["period"] = "7 years"
    messages = [c.message for c in compare(old_with, new)]
    assert (
        "Retention of Referral details changed from 6 years to 7 years after the closure of the child's case."
        in messages
    )
    assert "Signed for Exampleshire Hospitals NHS Foundation Trust by the Chief Nurse on 20 March 2026." in [
        c.message for c in compare(new, old_with)
    ]


def test_json_lists_every_change(run: Run, tmp_path: Path) -> None:
    new = _changed(tmp_path, [("  due: 2027-03-31", "  due: 2027-09-30")])
    data = json.loads(run(["diff", str(BASE), str(new), "--format", "json"]).stdout)
    assert data["changed"] == 1
    [change] = data["files"][0]["changes"]
    assert change == {
        "section": "review",
        "kind": "changed",
        "pointer": "/review/due",
        "message": "Review due date changed from 31 March 2027 to 30 September 2027.",
        "old": "2027-03-31",
        "new": "2027-09-30",
    }


def test_wrong_arguments_are_usage_errors(run: Run, tmp_path: Path) -> None:
    assert run(["diff", str(BASE)]).exit_code == 2
    assert run(["diff", str(BASE), str(tmp_path / "missing.yaml")]).exit_code == 2
    broken = tmp_path / "broken.yaml"
    broken.write_text("a: [\n", encoding="utf-8")
    result = run(["diff", str(BASE), str(broken)])
    assert result.exit_code == 2 and "cannot compare" in result.stderr


# --base REV ----------------------------------------------------------------------------------

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(cwd: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=env)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A throwaway Git repository (never the project's) with one committed agreement."""
    (tmp_path / "agreements").mkdir()
    shutil.copy(BASE, tmp_path / "agreements" / "example-referrals.yaml")
    shutil.copy(BASE, tmp_path / "agreements" / "leaving.yaml")
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "first")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@needs_git
def test_base_revision_compares_with_git(run: Run, repo: Path) -> None:
    current = repo / "agreements" / "example-referrals.yaml"
    current.write_text(
        current.read_text(encoding="utf-8").replace("within_hours: 24", "within_hours: 48"), encoding="utf-8"
    )
    (repo / "agreements" / "leaving.yaml").unlink()
    (repo / "agreements" / "arriving.yaml").write_text(BASE.read_text(encoding="utf-8"), encoding="utf-8")
    result = run(["diff", "--base", "HEAD"])
    assert result.exit_code == 0, result.output
    assert "- Breach notification time changed from 24 hours to 48 hours." in result.stdout
    assert "New agreement: Example referrals agreement" in result.stdout
    assert "Agreement removed: Example referrals agreement" in result.stdout
    data = json.loads(
        run(["diff", "--base", "HEAD", "agreements/example-referrals.yaml", "--format", "json"]).stdout
    )
    assert [f["old"] for f in data["files"]] == ["HEAD:agreements/example-referrals.yaml"]


@needs_git
def test_base_revision_with_nothing_changed(run: Run, repo: Path) -> None:
    path = repo / "agreements" / "example-referrals.yaml"
    path.write_text(
        "\n" + path.read_text(encoding="utf-8").replace("[council, hospital]", "[hospital, council]"),
        encoding="utf-8",
    )
    result = run(["diff", "--base", "HEAD", "agreements"])
    assert result.exit_code == 0
    assert "No changes in meaning (2 agreements compared)." in result.stdout


@needs_git
def test_unknown_revision_is_a_clear_error(run: Run, repo: Path) -> None:
    result = run(["diff", "--base", "no-such-branch"])
    assert result.exit_code == 2
    assert "--base no-such-branch: no such commit, branch or tag" in result.stderr
    assert "Traceback" not in result.output
    assert run(["diff", "--base", "--upload-pack=touch x"]).exit_code == 2
    assert not (repo / "x").exists()


def test_base_outside_a_repository_is_a_clear_error(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = run(["diff", "--base", "HEAD"])
    assert result.exit_code == 2 and "needs a Git repository" in result.stderr


# The package, without click ------------------------------------------------------------------


def test_diff_problems_are_usage_problems_not_click_errors(tmp_path: Path) -> None:
    from isa_lint.check.findings import UsageProblem
    from isa_lint.reports import diff as diffs

    broken = tmp_path / "broken.yaml"
    broken.write_text("a: [\n", encoding="utf-8")
    for old, new in ((BASE, tmp_path / "missing.yaml"), (BASE, broken), (tmp_path, BASE)):
        with pytest.raises(UsageProblem) as raised:
            diffs.compare_files(str(old), str(new))
        assert isinstance(raised.value, diffs.DiffProblem)


def test_no_click_below_the_command(tmp_path: Path) -> None:
    """The diff package is used without click: it must not import it (the command wraps it)."""
    import ast

    package = Path(diff_module.__file__).parent
    for source in package.glob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        names = {
            alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
        }
        modules = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert "click" not in names | modules, source.name


def test_file_names_in_errors_are_escaped_as_lint_escapes_them(run: Run, tmp_path: Path) -> None:
    """Issue 14, defect 10 (diff): a file name with a terminal escape never reaches the screen raw."""
    hostile = tmp_path / "x\x1b[2Jy.yaml"
    hostile.write_text("a: [\n", encoding="utf-8")
    for args in (
        ["diff", str(BASE), str(hostile)],
        ["diff", str(BASE), str(tmp_path / "gone\x1b]0;t\x07.yaml")],
    ):
        result = run(args)
        assert result.exit_code == 2
        assert "\x1b" not in result.stderr and "\x07" not in result.stderr
        assert "\\x1b" in result.stderr
