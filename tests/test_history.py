"""ISA85x, ``isa-lint lint --base REV``: real Git repositories, the command line, every rule.

Each test builds a throwaway repository under ``tmp_path`` holding the shipped base example
as ``agreements/example-referrals.yaml``, commits it on ``main``, changes it, and runs the
CLI from inside the repository the way CI does.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from isa_lint.cli.app import main
from isa_lint.examples import base_text
from isa_lint.load.document import MAX_BYTES
from isa_lint.load.gitrev import GitError, repo_root

from .conftest import FIXED_TODAY

TODAY = ["--today", FIXED_TODAY.isoformat()]
AGREEMENT = "agreements/example-referrals.yaml"

SIGNED = "    signed: 2026-03-20"
RESIGNED = "    signed: 2026-05-20"


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True)
    return done.stdout


def commit(root: Path, message: str = "change") -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "--no-verify", "--no-gpg-sign", "-m", message)


def make_repo(root: Path, files: dict[str, str] | None = None) -> Path:
    root.mkdir(parents=True)
    git(root, "init", "-q")
    git(root, "config", "user.name", "Test Officer")
    git(root, "config", "user.email", "test.officer@example.org")
    git(root, "checkout", "-q", "-b", "main")
    for name, text in (files or {AGREEMENT: base_text()}).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    commit(root, "first version")
    return root


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_repo(tmp_path / "repo")
    monkeypatch.chdir(root)
    return root


def edit(root: Path, *changes: tuple[str, str], path: str = AGREEMENT) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    file.write_text(text, encoding="utf-8")


def lint(*args: str) -> Result:
    return CliRunner().invoke(main, ["lint", *TODAY, *args])


def findings(*args: str) -> tuple[int, list[dict[str, Any]]]:
    result = lint("--format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.output)["findings"]


def history(*args: str) -> list[tuple[str, str, int]]:
    """(code, path, line) of every ISA85x finding."""
    _, found = findings(*args)
    return [(f["code"], f["path"], f["line"]) for f in found if f["code"].startswith("ISA85")]


def line_of(root: Path, needle: str, path: str = AGREEMENT) -> int:
    lines = (root / path).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith(needle))


BREACH = ("within_hours: 24", "within_hours: 12")
BUMP = ('version: "1.1"\nstatus', 'version: "1.2"\nstatus')
ENTRY = (
    "    summary: Annual review; response times added for urgent referrals.\n",
    "    summary: Annual review; response times added for urgent referrals.\n"
    '  - version: "1.2"\n'
    "    date: 2026-05-20\n"
    "    summary: Breaches are now reported to the other parties within 12 hours.\n",
)


def resign(root: Path) -> None:
    edit(root, (SIGNED, RESIGNED), ("effective_from: 2026-04-01", "effective_from: 2026-05-20"))


# --- the acceptance check and what is not a change ------------------------------------


def test_approved_agreement_edited_without_a_version_bump(repo: Path) -> None:
    edit(repo, BREACH)
    result = lint("--base", "main")
    assert result.exit_code == 1
    assert "ISA851" in result.output and "its version is still 1.1" in result.output
    assert history("--base", "main") == [
        ("ISA851", AGREEMENT, line_of(repo, "version: ")),
        ("ISA854", AGREEMENT, line_of(repo, "status: ")),
    ]


def test_without_base_history_is_not_checked(repo: Path) -> None:
    edit(repo, BREACH)
    assert lint().exit_code == 0


def test_reordering_keys_and_reformatting_is_not_a_change(repo: Path) -> None:
    text = (repo / AGREEMENT).read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    title = next(line for line in lines if line.startswith("title:"))
    lines.remove(title)
    lines.insert(1, "# Reviewed by the IG team; layout tidied.\n" + title)
    text = "".join(lines)
    text = text.replace(
        "    name: Exampleshire County Council\n    kind: local_authority\n",
        "    kind: local_authority   # a county council\n    name: 'Exampleshire County Council'\n",
    )
    text = text.replace(
        "safeguarding_duties: [ca2004_s11, ea2002_s175]",
        "safeguarding_duties:\n      - ca2004_s11\n      - ea2002_s175",
    )
    text = text.replace('version: "1.1"', "version: '1.1'")
    (repo / AGREEMENT).write_text(text, encoding="utf-8")
    exit_code, found = findings("--base", "main")
    assert (exit_code, found) == (0, [])


def test_collecting_signatures_on_an_unchanged_text_is_not_a_change(repo: Path) -> None:
    edit(
        repo,
        (
            "  - party: hospital\n    role: Chief Nurse\n    signed: 2026-03-20",
            "  - party: hospital\n    role: Chief Nurse\n    signed: 2026-03-21",
        ),
    )
    assert history("--base", "main") == []


def test_a_proper_change_passes(repo: Path) -> None:
    edit(repo, BREACH, BUMP, ENTRY)
    resign(repo)
    exit_code, found = findings("--base", "main")
    assert (exit_code, found) == (0, [])


def test_committed_branch_against_main(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "feature")
    edit(repo, BREACH)
    commit(repo)
    assert [code for code, _, _ in history("--base", "main")] == ["ISA851", "ISA854"]
    assert history("--base", "HEAD") == []


def test_changes_made_on_base_after_the_branch_left_it_are_not_counted(repo: Path) -> None:
    """Compared with the merge base, as ``git diff main...HEAD``: main moving on is not this branch's change."""
    git(repo, "branch", "feature")
    edit(repo, BREACH, BUMP, ENTRY)
    resign(repo)
    (repo / "agreements" / "added-on-main.yaml").write_text(
        base_text().replace("id: example-referrals", "id: added-on-main"), encoding="utf-8"
    )
    commit(repo, "main moves on")
    git(repo, "checkout", "-q", "feature")
    assert not (repo / "agreements" / "added-on-main.yaml").exists()
    assert history("--base", "main") == []
    edit(repo, BREACH)
    assert [code for code, _, _ in history("--base", "main")] == ["ISA851", "ISA854"]


def test_single_file_as_pre_commit_passes_it(repo: Path) -> None:
    edit(repo, BREACH)
    assert [code for code, _, _ in history(AGREEMENT, "--base", "main")] == ["ISA851", "ISA854"]


def test_run_from_a_subfolder_and_with_absolute_paths(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(repo, BREACH)
    monkeypatch.chdir(repo / "agreements")
    assert [code for code, _, _ in history(".", "--base", "main")] == ["ISA851", "ISA854"]
    monkeypatch.chdir(repo.parent)
    found = history(str(repo / "agreements"), "--base", "main")
    assert [code for code, _, _ in found] == ["ISA851", "ISA854"]


# --- ISA851 version-not-increased ------------------------------------------------------------


def test_version_went_down(repo: Path) -> None:
    edit(repo, BREACH, ('version: "1.1"\nstatus', 'version: "1.0"\nstatus'))
    resign(repo)
    _, found = findings("--base", "main")
    assert [(f["code"], f["message"]) for f in found if f["code"] == "ISA851"] == [
        (
            "ISA851",
            "the agreement changed since main (effective_from, security) but its version went down from 1.1 to 1.0",
        )
    ]


def test_versions_compare_as_numbers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nine = (
        base_text()
        .replace('version: "1.1"\nstatus', 'version: "1.9"\nstatus')
        .replace('- version: "1.1"', '- version: "1.9"')
    )
    root = make_repo(tmp_path / "repo", {AGREEMENT: nine})
    monkeypatch.chdir(root)
    ten = ('version: "1.9"\nstatus', 'version: "1.10"\nstatus')
    entry = (ENTRY[0], ENTRY[1].replace('"1.2"', '"1.10"'))
    edit(root, BREACH, ten, entry)
    resign(root)
    assert history("--base", "main") == []


def test_only_the_changelog_changed_needs_no_new_version_but_history_is_kept(repo: Path) -> None:
    edit(
        repo,
        (
            "summary: First version agreed by all three parties.",
            "summary: First version, agreed by all three parties.",
        ),
    )
    assert history("--base", "main") == [("ISA852", AGREEMENT, line_of(repo, "changelog:"))]


# --- ISA852 changelog-rewritten --------------------------------------------------------------


def test_rewriting_an_old_changelog_entry(repo: Path) -> None:
    edit(repo, BREACH, BUMP, ENTRY, ("First version agreed by all three parties.", "First version."))
    resign(repo)
    assert history("--base", "main") == [("ISA852", AGREEMENT, line_of(repo, "changelog:"))]


def test_removing_an_old_changelog_entry(repo: Path) -> None:
    removed = (
        '  - version: "1.0"\n    date: 2025-03-20\n    summary: First version agreed by all three parties.\n'
    )
    edit(repo, BREACH, BUMP, ENTRY, (removed, ""))
    resign(repo)
    assert history("--base", "main") == [("ISA852", AGREEMENT, line_of(repo, "changelog:"))]


def test_appending_a_changelog_entry_passes(repo: Path) -> None:
    edit(repo, BREACH, BUMP, ENTRY)
    resign(repo)
    assert history("--base", "main") == []


# --- ISA853 id-changed -----------------------------------------------------------------------


def test_id_changed(repo: Path) -> None:
    edit(repo, ("id: example-referrals", "id: exampleshire-referrals"))
    found = history("--base", "main")
    assert ("ISA853", AGREEMENT, line_of(repo, "id: ")) in found
    _, everything = findings("--base", "main")
    assert any("it was 'example-referrals' at main" in f["message"] for f in everything)


def test_id_unchanged_passes(repo: Path) -> None:
    edit(repo, BREACH, BUMP, ENTRY)
    resign(repo)
    assert "ISA853" not in {code for code, _, _ in history("--base", "main")}


# --- ISA854 approved-changed-not-resigned ----------------------------------------------------


def test_approved_changed_not_resigned(repo: Path) -> None:
    edit(repo, BREACH, BUMP, ENTRY)
    found = history("--base", "main")
    assert found == [("ISA854", AGREEMENT, line_of(repo, "status: "))]
    _, everything = findings("--base", "main")
    assert "nobody has signed it since 2026-03-20" in next(
        f["message"] for f in everything if f["code"] == "ISA854"
    )


def test_one_new_signature_counts_as_resigned(repo: Path) -> None:
    edit(repo, BREACH, BUMP, ENTRY)
    edit(
        repo,
        ("    role: Chief Nurse\n    signed: 2026-03-20", "    role: Chief Nurse\n    signed: 2026-05-20"),
    )
    assert history("--base", "main") == []


def test_back_to_draft_passes(repo: Path) -> None:
    edit(repo, BREACH, BUMP, ENTRY, ("status: approved", "status: draft"))
    assert history("--base", "main") == []


def test_draft_at_base_need_not_be_resigned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_repo(tmp_path / "repo", {AGREEMENT: base_text().replace("status: approved", "status: draft")})
    monkeypatch.chdir(root)
    edit(root, BREACH, BUMP, ENTRY)
    assert history("--base", "main") == []


# --- ISA855 agreement-deleted ----------------------------------------------------------------


def test_deleted_agreement(repo: Path) -> None:
    (repo / AGREEMENT).unlink()
    result = lint("--base", "main")
    assert result.exit_code == 1
    _, found = findings("--base", "main")
    assert [(f["code"], f["path"], f["line"], f["column"], f["pointer"]) for f in found] == [
        ("ISA855", AGREEMENT, 1, 1, "")
    ]
    assert "'example-referrals' (version 1.1, status approved)" in found[0]["message"]
    assert found[0]["fingerprint"]


def test_deletion_committed_on_a_branch(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "tidy-up")
    git(repo, "rm", "-q", AGREEMENT)
    (repo / "agreements").mkdir()
    (repo / "agreements" / "README.md").write_text("Agreements live here.\n", encoding="utf-8")
    commit(repo, "remove an agreement")
    assert history("agreements", "--base", "main") == [("ISA855", AGREEMENT, 1)]


def test_retired_instead_of_deleted_passes(repo: Path) -> None:
    edit(repo, ("status: approved", "status: retired"), BUMP, ENTRY)
    assert history("--base", "main") == []


def test_moved_agreement_is_not_deleted_but_still_compared(repo: Path) -> None:
    moved = "agreements/archive/example-referrals.yaml"
    (repo / "agreements" / "archive").mkdir()
    (repo / AGREEMENT).rename(repo / moved)
    assert history("--base", "main") == []
    edit(repo, BREACH, path=moved)
    assert [(code, path) for code, path, _ in history("--base", "main")] == [
        ("ISA851", moved),
        ("ISA854", moved),
    ]


def test_new_agreement_since_base_is_fine(repo: Path) -> None:
    new = base_text().replace("id: example-referrals", "id: example-new-referrals")
    (repo / "agreements" / "example-new-referrals.yaml").write_text(new, encoding="utf-8")
    assert history("--base", "main") == []


def test_files_the_engine_would_not_lint_are_not_reported_deleted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        AGREEMENT: base_text(),
        "agreements/.draft.yaml": base_text().replace("id: example-referrals", "id: draft"),
        "agreements/.hidden/old.yaml": base_text().replace("id: example-referrals", "id: old"),
        "agreements/notes.txt": "notes\n",
        "agreements/old/legacy.yaml": base_text().replace("id: example-referrals", "id: legacy"),
        "elsewhere/other.yaml": base_text().replace("id: example-referrals", "id: other"),
        ".isa-lint.yaml": "exclude: ['agreements/old/*']\n",
    }
    root = make_repo(tmp_path / "repo", files)
    monkeypatch.chdir(root)
    for name in files:
        if name not in (AGREEMENT, ".isa-lint.yaml"):
            (root / name).unlink()
    assert history("agreements", "--base", "main") == []


# --- configuration and errors -----------------------------------------------------------------


def test_history_rules_are_configured(repo: Path) -> None:
    edit(repo, BREACH)
    assert [code for code, _, _ in history("--base", "main", "--ignore", "ISA851")] == ["ISA854"]
    assert history("--base", "main", "--ignore", "ISA85") == []


def test_unknown_rev_is_exit_2_with_a_clear_message(repo: Path) -> None:
    result = lint("--base", "no-such-branch")
    assert result.exit_code == 2
    assert "--base no-such-branch: no such commit, branch or tag" in result.output
    assert "Traceback" not in result.output


def test_unknown_rev_is_an_error_even_when_history_rules_are_ignored(repo: Path) -> None:
    assert lint("--base", "nope", "--ignore", "ISA85").exit_code == 2


def test_option_like_rev_is_refused(repo: Path) -> None:
    result = lint("--base=--output=/tmp/x")
    assert result.exit_code == 2 and "is not a Git revision" in result.output


def test_shallow_clone_says_what_to_fetch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    origin = make_repo(tmp_path / "origin")
    edit(origin, BREACH, BUMP, ENTRY)
    resign(origin)
    commit(origin, "second version")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", "--branch", "main", origin.as_uri(), str(clone)],
        check=True,
        capture_output=True,
    )
    monkeypatch.chdir(clone)
    result = lint("--base", "HEAD~1")
    assert result.exit_code == 2
    assert "shallow" in result.output and "git fetch --deepen=50" in result.output
    assert "Traceback" not in result.output
    assert lint("--base", "origin/main").exit_code == 0  # the tip itself is in the clone
    result = lint("--base", "origin/release")
    assert "git fetch origin release" in result.output


def test_not_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "agreements").mkdir()
    (tmp_path / AGREEMENT).write_text(base_text(), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = lint("--base", "main")
    assert result.exit_code == 2
    assert "needs a Git repository" in result.output and "Traceback" not in result.output


def test_path_outside_the_repository(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside" / "example-referrals.yaml"
    outside.parent.mkdir()
    outside.write_text(base_text(), encoding="utf-8")
    result = lint("agreements", str(outside), "--base", "main")
    assert result.exit_code == 2
    assert "is outside the Git repository" in result.output and "Traceback" not in result.output


# --- the Git layer ----------------------------------------------------------------------------


def test_git_layer_reads_files_and_lists_them(repo: Path) -> None:
    found = repo_root(repo / "agreements")
    assert found.root == repo.resolve()
    commit_id = found.verify("main")
    assert len(commit_id) == 40
    assert found.show(commit_id, AGREEMENT) == base_text().encode("utf-8")
    assert found.show(commit_id, "agreements/missing.yaml") is None
    assert found.show(commit_id, "agreements") is None  # a folder is not a file
    assert found.files_at(commit_id, ["agreements"]) == [AGREEMENT]
    assert found.relative(repo / "agreements" / "x.yaml") == "agreements/x.yaml"
    with pytest.raises(GitError, match="outside"):
        found.relative(repo.parent)


def test_git_layer_reads_no_more_than_the_loader_accepts(repo: Path) -> None:
    (repo / "big.yaml").write_bytes(b"# " + b"x" * (2 * MAX_BYTES) + b"\n")
    commit(repo, "big")
    found = repo_root(repo)
    data = found.show(found.verify("HEAD"), "big.yaml")
    assert data is not None and len(data) == MAX_BYTES + 1


def test_file_names_are_literal_not_patterns(repo: Path) -> None:
    (repo / "agreements" / "[x].yaml").write_text(
        base_text().replace("id: example-referrals", "id: x"), encoding="utf-8"
    )
    commit(repo, "odd name")
    found = repo_root(repo)
    assert found.files_at(found.verify("HEAD"), ["agreements/[x].yaml"]) == ["agreements/[x].yaml"]
    assert found.files_at(found.verify("HEAD"), ["agreements/*.yaml"]) == []
