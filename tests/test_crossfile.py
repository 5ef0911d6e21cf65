"""ISA25x, the checks across the files of a run: every rule failing and passing.

Agreements are built from the shipped base example (``isa_lint.examples.base_text``), each
file named after its id, and linted together the way ``isa-lint lint DIR`` lints them.
"""

from __future__ import annotations

import gc
import json
import os
import weakref
from pathlib import Path

import pytest
from click.testing import CliRunner

from isa_lint.check.config import Config
from isa_lint.check.findings import Finding, Severity
from isa_lint.cli.app import main
from isa_lint.examples import base_text
from isa_lint.load.document import load_text
from isa_lint.rules import BY_CODE
from isa_lint.rules._rule import Settings
from isa_lint.rules.across_files import Checker
from isa_lint.run.driver import lint_paths

from .conftest import FIXED_TODAY

BASE_ID = "example-referrals"
PROTOCOL_ID = "exampleshire-protocol"
TODAY = ["--today", FIXED_TODAY.isoformat()]


def agreement(agreement_id: str = BASE_ID, *edits: tuple[str, str], protocol: str | None = None) -> str:
    """The base agreement with another id, text replacements and optionally a protocol reference."""
    text = base_text().replace(f"id: {BASE_ID}", f"id: {agreement_id}", 1)
    if protocol is not None:
        text = text.replace("tier: operational", f"tier: operational\n  overarching_protocol: {protocol}")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    return text


def protocol_text(*edits: tuple[str, str]) -> str:
    """An overarching (tier 1) protocol built from the base agreement."""
    return agreement(PROTOCOL_ID, ("tier: operational", "tier: overarching"), *edits)


def write(folder: Path, text: str, name: str | None = None) -> Path:
    """Write ``text`` as ``<id>.yaml`` (or ``name``) in ``folder``."""
    agreement_id = next(line.split(": ", 1)[1] for line in text.splitlines() if line.startswith("id: "))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (name or f"{agreement_id}.yaml")
    path.write_text(text, encoding="utf-8")
    return path


def lint(*paths: Path, config: Config | None = None) -> list[Finding]:
    return lint_paths(
        [str(p) for p in paths], config or Config(settings=Settings(today=FIXED_TODAY))
    ).findings


def run_level(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.code.startswith("ISA25")]


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in run_level(findings)]


def line_of(path: Path, needle: str, nth: int = 1) -> int:
    """The line number of the ``nth`` line of ``path`` that contains ``needle``."""
    lines = [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    return lines[nth - 1]


def test_base_pair_is_clean(tmp_path: Path) -> None:
    write(tmp_path, agreement(protocol=PROTOCOL_ID))
    write(tmp_path, protocol_text())
    assert lint(tmp_path) == []


# --- ISA251 duplicate-agreement-id ----------------------------------------------------------


def test_duplicate_id_reported_at_second_file(tmp_path: Path) -> None:
    write(tmp_path / "a", agreement())
    second = write(tmp_path / "b", agreement())
    found = run_level(lint(tmp_path))
    assert [(f.code, f.path, f.line, f.pointer) for f in found] == [
        ("ISA251", second.as_posix(), line_of(second, "id: "), "/id")
    ]
    assert (tmp_path / "a" / f"{BASE_ID}.yaml").as_posix() in found[0].message
    assert found[0].severity == Severity.ERROR
    assert found[0].fix == BY_CODE["ISA251"].fix and found[0].citation


def test_yaml_and_yml_with_one_id_are_duplicates(tmp_path: Path) -> None:
    write(tmp_path, agreement())
    write(tmp_path, agreement(), name=f"{BASE_ID}.yml")
    assert codes(lint(tmp_path)) == ["ISA251"]


def test_different_ids_pass(tmp_path: Path) -> None:
    write(tmp_path / "a", agreement())
    write(tmp_path / "b", agreement("example-referrals-two"))
    assert codes(lint(tmp_path)) == []


# --- ISA252 party-described-differently -----------------------------------------------------


def test_same_name_with_another_ico_number(tmp_path: Path) -> None:
    write(tmp_path, agreement())
    second = write(tmp_path, agreement("other", ("ico_registration: Z1234567", "ico_registration: Z1111111")))
    found = run_level(lint(tmp_path))
    assert [(f.code, f.path, f.line, f.pointer, f.severity) for f in found] == [
        (
            "ISA252",
            second.as_posix(),
            line_of(second, "Z1111111"),
            "/parties/0/ico_registration",
            Severity.WARNING,
        )
    ]
    assert "Z1111111" in found[0].message and "Z1234567" in found[0].message
    assert "the same name, 'Exampleshire County Council'" in found[0].message


def test_same_name_with_another_kind(tmp_path: Path) -> None:
    write(tmp_path, agreement())
    write(tmp_path, agreement("other", ("kind: nhs_foundation_trust", "kind: nhs_trust")))
    found = run_level(lint(tmp_path))
    assert [(f.code, f.pointer) for f in found] == [("ISA252", "/parties/2/kind")]


def test_same_ico_number_with_another_nation_for_a_local_body(tmp_path: Path) -> None:
    write(tmp_path, agreement())
    renamed = agreement(
        "other",
        ("name: Exampleshire County Council", "name: Exampleshire Council"),
        (
            "    nation: england\n    role: controller\n    ico_registration: Z1234567",
            "    nation: wales\n    role: controller\n    ico_registration: Z1234567",
        ),
    )
    write(tmp_path, renamed)
    found = run_level(lint(tmp_path))
    assert [(f.code, f.pointer) for f in found] == [("ISA252", "/parties/0/nation")]
    assert "the same ICO registration number, Z1234567" in found[0].message


def test_national_body_may_work_in_both_nations(tmp_path: Path) -> None:
    """One ICO number, two nations: right for a national body such as the Probation Service."""
    national = (("kind: chief_officer_of_police", "kind: probation_service"),)
    write(tmp_path, agreement(BASE_ID, *national))
    welsh = agreement(
        "other",
        *national,
        ("name: Chief Constable of Exampleshire Police", "name: Probation Service in Wales"),
        (
            "    nation: england\n    role: controller\n    ico_registration: Z7654321",
            "    nation: wales\n    role: controller\n    ico_registration: Z7654321",
        ),
    )
    write(tmp_path, welsh)
    assert codes(lint(tmp_path)) == []


def test_one_ico_number_may_cover_two_services_of_one_controller(tmp_path: Path) -> None:
    """A council acting through its youth justice service keeps the council's ICO number."""
    write(tmp_path, agreement())
    service = agreement(
        "other",
        ("name: Exampleshire County Council", "name: Exampleshire Youth Justice Service"),
        ("kind: local_authority", "kind: youth_offending_team"),
    )
    write(tmp_path, service)
    assert codes(lint(tmp_path)) == []


def test_same_parties_described_alike_pass(tmp_path: Path) -> None:
    write(tmp_path, agreement())
    write(tmp_path, agreement("other"))
    assert codes(lint(tmp_path)) == []


def test_placeholder_ico_number_is_not_compared(tmp_path: Path) -> None:
    write(tmp_path, agreement())
    write(tmp_path, agreement("other", ("ico_registration: Z1234567", "ico_registration: TBC")))
    assert codes(lint(tmp_path)) == []


# --- ISA253 protocol-not-found ----------------------------------------------------------------


def test_protocol_missing(tmp_path: Path) -> None:
    path = write(tmp_path, agreement(protocol=PROTOCOL_ID))
    found = run_level(lint(path))
    assert [(f.code, f.line, f.pointer) for f in found] == [
        ("ISA253", line_of(path, "overarching_protocol"), "/scope/overarching_protocol")
    ]
    assert f"{PROTOCOL_ID}.yaml" in found[0].message
    assert found[0].column == len("  overarching_protocol: ") + 1


def test_protocol_found_in_the_run(tmp_path: Path) -> None:
    path = write(tmp_path / "operational", agreement(protocol=PROTOCOL_ID))
    protocol = write(tmp_path / "protocols", protocol_text())
    assert codes(lint(path, protocol)) == []


def test_protocol_found_beside_a_single_file(tmp_path: Path) -> None:
    """pre-commit passes only changed files: the protocol is read from disk beside the agreement."""
    path = write(tmp_path, agreement(protocol=PROTOCOL_ID))
    write(tmp_path, protocol_text())
    assert codes(lint(path)) == []


def test_protocol_elsewhere_on_disk_is_not_searched(tmp_path: Path) -> None:
    path = write(tmp_path / "operational", agreement(protocol=PROTOCOL_ID))
    write(tmp_path / "protocols", protocol_text())
    assert codes(lint(path)) == ["ISA253"]


def test_protocol_file_with_another_id_is_not_the_protocol(tmp_path: Path) -> None:
    path = write(tmp_path, agreement(protocol=PROTOCOL_ID))
    write(tmp_path, agreement("something-else"), name=f"{PROTOCOL_ID}.yaml")
    found = run_level(lint(path))
    assert codes(found) == ["ISA253"] and "'something-else'" in found[0].message


def test_unreadable_protocol_file(tmp_path: Path) -> None:
    path = write(tmp_path, agreement(protocol=PROTOCOL_ID))
    (tmp_path / f"{PROTOCOL_ID}.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    found = run_level(lint(path))
    assert codes(found) == ["ISA253"] and "cannot be read" in found[0].message


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_protocol_symlink_is_not_followed(tmp_path: Path) -> None:
    path = write(tmp_path / "here", agreement(protocol=PROTOCOL_ID))
    target = write(tmp_path / "elsewhere", protocol_text())
    (tmp_path / "here" / f"{PROTOCOL_ID}.yaml").symlink_to(target)
    found = run_level(lint(path))
    assert codes(found) == ["ISA253"] and "symbolic link" in found[0].message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_protocol_pipe_is_not_read(tmp_path: Path) -> None:
    """A named pipe where the protocol should be would block a reader for ever: it is refused."""
    path = write(tmp_path, agreement(protocol=PROTOCOL_ID))
    os.mkfifo(tmp_path / f"{PROTOCOL_ID}.yaml")
    found = run_level(lint(path))
    assert codes(found) == ["ISA253"] and "not a regular file" in found[0].message


def test_protocol_folder_is_not_a_protocol(tmp_path: Path) -> None:
    path = write(tmp_path, agreement(protocol=PROTOCOL_ID))
    (tmp_path / f"{PROTOCOL_ID}.yaml").mkdir()
    assert codes(lint(path)) == ["ISA253"]


def test_protocol_id_that_is_a_path_is_never_followed(tmp_path: Path) -> None:
    """An id like '../x' is not a local id: the schema reports it and nothing is read from disk."""
    write(tmp_path, protocol_text())
    path = write(tmp_path / "sub", agreement(protocol=f"../{PROTOCOL_ID}"))
    found = lint(path)
    assert codes(found) == []
    assert any(f.pointer == "/scope/overarching_protocol" for f in found)  # the schema's finding


def test_protocol_naming_itself(tmp_path: Path) -> None:
    path = write(tmp_path, agreement(protocol=BASE_ID))
    found = run_level(lint(path))
    assert codes(found) == ["ISA253"] and "itself" in found[0].message


def test_protocol_that_is_operational(tmp_path: Path) -> None:
    path = write(tmp_path, agreement(protocol=PROTOCOL_ID))
    write(tmp_path, agreement(PROTOCOL_ID))
    found = run_level(lint(path))
    assert codes(found) == ["ISA253"] and "operational" in found[0].message


def test_retired_agreement_relies_on_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, agreement(BASE_ID, ("status: approved", "status: retired"), protocol=PROTOCOL_ID))
    assert codes(lint(path)) == []


# --- ISA254 protocol-not-in-force -----------------------------------------------------------


@pytest.mark.parametrize("status", ["draft", "suspended", "retired"])
def test_protocol_not_approved(tmp_path: Path, status: str) -> None:
    path = write(tmp_path, agreement(protocol=PROTOCOL_ID))
    write(tmp_path, protocol_text(("status: approved", f"status: {status}")))
    found = run_level(lint(path))
    assert [(f.code, f.line, f.pointer) for f in found] == [
        ("ISA254", line_of(path, "overarching_protocol"), "/scope/overarching_protocol")
    ]
    assert f"is {status}, not approved" in found[0].message


def test_protocol_review_overdue(tmp_path: Path) -> None:
    path = write(tmp_path, agreement(protocol=PROTOCOL_ID))
    write(tmp_path, protocol_text(("due: 2027-03-31", "due: 2026-05-01")))
    found = run_level(lint(path))
    assert codes(found) == ["ISA254"]
    assert "due for review on 2026-05-01, 31 days ago" in found[0].message


def test_protocol_in_force_passes(tmp_path: Path) -> None:
    path = write(tmp_path, agreement(protocol=PROTOCOL_ID))
    write(tmp_path, protocol_text(("due: 2027-03-31", "due: 2026-06-01")))  # due today: not yet overdue
    assert codes(lint(path)) == []


def test_draft_agreement_may_sit_under_a_draft_protocol(tmp_path: Path) -> None:
    path = write(tmp_path, agreement(BASE_ID, ("status: approved", "status: draft"), protocol=PROTOCOL_ID))
    write(tmp_path, protocol_text(("status: approved", "status: draft")))
    assert codes(lint(path)) == []


# --- ISA255 protocol-weakened ---------------------------------------------------------------


def test_slower_breach_notice(tmp_path: Path) -> None:
    path = write(tmp_path, agreement(protocol=PROTOCOL_ID))
    write(tmp_path, protocol_text(("within_hours: 24", "within_hours: 12")))
    found = run_level(lint(path))
    assert [(f.code, f.line, f.pointer) for f in found] == [
        ("ISA255", line_of(path, "within_hours"), "/security/breach_notification/within_hours")
    ]
    assert "24 hours" in found[0].message and "12 hours" in found[0].message
    assert "12 or fewer" in found[0].fix


def test_faster_breach_notice_passes(tmp_path: Path) -> None:
    path = write(tmp_path, agreement(BASE_ID, ("within_hours: 24", "within_hours: 12"), protocol=PROTOCOL_ID))
    write(tmp_path, protocol_text())
    assert codes(lint(path)) == []


ALL_CE = (
    "    - standard: cyber_essentials_plus\n      party: council",
    "    - standard: cyber_essentials\n      party: all",
)


def test_standard_required_of_all_parties_missing(tmp_path: Path) -> None:
    path = write(tmp_path, agreement(protocol=PROTOCOL_ID))
    write(
        tmp_path,
        protocol_text(("- standard: dspt\n      party: hospital", "- standard: dspt\n      party: all")),
    )
    found = run_level(lint(path))
    assert [(f.code, f.line, f.pointer) for f in found] == [
        ("ISA255", line_of(path, "standards:"), "/security/standards")
    ]
    assert "dspt" in found[0].message and "'council', 'police'" in found[0].message


def test_standard_recorded_for_all_parties_passes(tmp_path: Path) -> None:
    all_dspt = ("- standard: dspt\n      party: hospital", "- standard: dspt\n      party: all")
    path = write(tmp_path, agreement(BASE_ID, all_dspt, protocol=PROTOCOL_ID))
    write(tmp_path, protocol_text(all_dspt))
    assert codes(lint(path)) == []


def test_cyber_essentials_plus_meets_cyber_essentials(tmp_path: Path) -> None:
    plus_for_all = ("party: council\n      status: Certified", "party: all\n      status: Certified")
    path = write(tmp_path, agreement(BASE_ID, plus_for_all, protocol=PROTOCOL_ID))
    write(tmp_path, protocol_text(ALL_CE))
    assert codes(lint(path)) == []


def test_cyber_essentials_does_not_meet_plus(tmp_path: Path) -> None:
    path = write(tmp_path, agreement(BASE_ID, ALL_CE, protocol=PROTOCOL_ID))
    plus_for_all = ("party: council\n      status: Certified", "party: all\n      status: Certified")
    write(tmp_path, protocol_text(plus_for_all))
    assert codes(lint(path)) == ["ISA255"]


def test_transfer_method_the_protocol_does_not_allow(tmp_path: Path) -> None:
    portal = ("- method: telephone", "- method: secure_portal")
    path = write(tmp_path, agreement(BASE_ID, portal, protocol=PROTOCOL_ID))
    write(tmp_path, protocol_text())
    found = run_level(lint(path))
    assert [(f.code, f.line, f.pointer) for f in found] == [
        ("ISA255", line_of(path, "method: secure_portal"), "/sharing/methods/1/method")
    ]
    assert "secure_email, telephone" in found[0].message


def test_fewer_transfer_methods_pass(tmp_path: Path) -> None:
    path = write(tmp_path, agreement(protocol=PROTOCOL_ID))
    write(
        tmp_path,
        protocol_text(
            (
                "- method: telephone",
                "- method: secure_portal\n      description: Portal.\n    - method: telephone",
            )
        ),
    )
    assert codes(lint(path)) == []


def test_retention_longer_than_the_protocol(tmp_path: Path) -> None:
    path = write(
        tmp_path, agreement(BASE_ID, ("period: 8 years", "period: 100 months"), protocol=PROTOCOL_ID)
    )
    write(tmp_path, protocol_text())
    found = run_level(lint(path))
    assert [(f.code, f.line, f.pointer) for f in found] == [
        ("ISA255", line_of(path, "period: 100 months"), "/retention/1/period")
    ]
    assert "'health-information'" in found[0].message and "8 years" in found[0].message


def test_retention_in_other_units_of_the_same_length_passes(tmp_path: Path) -> None:
    path = write(tmp_path, agreement(BASE_ID, ("period: 8 years", "period: 96 months"), protocol=PROTOCOL_ID))
    write(tmp_path, protocol_text())
    assert codes(lint(path)) == []


def test_retention_from_another_event_is_not_compared(tmp_path: Path) -> None:
    longer = (
        "period: 8 years\n    from: the closure of the child's case",
        "period: 9 years\n    from: the child's 18th birthday",
    )
    path = write(tmp_path, agreement(BASE_ID, longer, protocol=PROTOCOL_ID))
    write(tmp_path, protocol_text())
    assert codes(lint(path)) == []


# --- configuration and the command line -------------------------------------------------------


def test_run_level_findings_are_configured(tmp_path: Path) -> None:
    write(tmp_path / "a", agreement())
    write(tmp_path / "b", agreement())
    settings = Settings(today=FIXED_TODAY)
    assert codes(lint(tmp_path, config=Config(settings=settings, ignore=("ISA251",)))) == []
    assert codes(lint(tmp_path, config=Config(settings=settings, select=("ISA1",)))) == []
    ignored = Config(settings=settings, per_file_ignores={"*/b/*.yaml": ("duplicate-agreement-id",)})
    assert codes(lint(tmp_path, config=ignored)) == []
    lowered = lint(tmp_path, config=Config(settings=settings, severity={"ISA251": Severity.WARNING}))
    assert [(f.code, f.severity) for f in lowered] == [("ISA251", Severity.WARNING)]
    assert lowered[0].fingerprint


def test_cli_reports_across_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "agreements", agreement(protocol=PROTOCOL_ID))
    runner = CliRunner()
    result = runner.invoke(main, ["lint", *TODAY, "--format", "json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    assert [(f["code"], f["path"]) for f in report["findings"]] == [("ISA253", f"agreements/{BASE_ID}.yaml")]
    write(tmp_path / "agreements", protocol_text())
    result = runner.invoke(main, ["lint", *TODAY])
    assert result.exit_code == 0, result.output
    assert runner.invoke(main, ["explain", "ISA255"]).exit_code == 0


def test_only_files_the_protocol_checks_read_are_kept() -> None:
    """The checks see each file once, as it is linted; they keep no operational agreement whole."""
    checker = Checker(Settings(today=FIXED_TODAY))
    texts = {"a": agreement("a"), "b": agreement("b", protocol=PROTOCOL_ID), PROTOCOL_ID: protocol_text()}
    kept = []
    for name, text in texts.items():
        document = load_text(text, f"{name}.yaml")
        kept.append(weakref.ref(document))
        checker.add(document, None)
        del document
    gc.collect()
    assert [ref() is not None for ref in kept] == [False, True, True]
    assert checker.finish() == []
