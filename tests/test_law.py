"""The law as of December 2026: facts listed with their status and dates, and read by date.

Rules decide with each provision's commencement as seen by ``--today``; these tests lint the
same agreement on either side of a commencement date and expect different results.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from isa_lint import catalogues, examples
from isa_lint.check.engine import lint_document
from isa_lint.check.severity import Severity
from isa_lint.cli.app import main
from isa_lint.load.document import load_text
from isa_lint.rules import RULES
from isa_lint.rules._rule import Settings

ROOT = Path(__file__).resolve().parent.parent


def _findings(text: str, today: dt.date) -> list:
    return lint_document(load_text(text, f"{examples.BASE_ID}.yaml"), Settings(today=today))


def _codes(text: str, today: dt.date) -> set[str]:
    return {f.code for f in _findings(text, today)}


def test_docs_law_page_is_the_commands_output() -> None:
    result = CliRunner().invoke(main, ["law", "--format", "md"])
    assert result.exit_code == 0, result.output
    assert (ROOT / "docs" / "law.md").read_text(encoding="utf-8") == result.output, (
        "run: isa-lint law --format md > docs/law.md"
    )


def test_law_lists_every_fact_with_status_commencement_and_date_checked() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "isa_lint", "law", "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    facts = json.loads(result.stdout)
    listed = {(f["catalogue"], f["id"]) for f in facts}
    for name in catalogues.NAMES:
        assert {(name, entry_id) for entry_id in catalogues.ids(name)} <= listed
    for fact in facts:
        assert fact["citation"] and fact["status"] in {"verified", "secondary", "unverified"}
        dt.date.fromisoformat(fact["checked"])
        catalogues.commencement(fact["commencement"])
    by_id = {(f["catalogue"], f["id"]): f for f in facts}
    complaints = by_id[("data_protection_provisions", "dpa2018_s164a_complaints")]
    assert complaints["commencement"] == "in force from 2026-06-19" and "ISA620" in complaints["rules"]
    assert by_id[("statutory_gateways", "cda1998_s115.recipients")]["status"] == "unverified"
    assert "ISA103" in by_id[("practice_sources", "information_sharing_advice_2024")]["rules"]
    assert by_id[("practice_sources", "golden_rules_2018")]["rules"] == []


def test_law_text_output_runs_as_a_user_would() -> None:
    result = CliRunner().invoke(main, ["law"])
    assert result.exit_code == 0
    assert "statutory_gateways:ca2004_s16la" in result.output
    assert "not yet commenced; checked 2026-12-07" in result.output


def _patch_commencement(monkeypatch: pytest.MonkeyPatch, gateway_id: str, written: str) -> None:
    """Give one gateway another commencement, as an edit of its catalogue entry would."""
    gateway = {**(catalogues.entry("statutory_gateways", gateway_id) or {}), "commencement": written}
    real = catalogues.entry
    monkeypatch.setattr(
        catalogues,
        "entry",
        lambda name, entry_id: (
            gateway if (name, entry_id) == ("statutory_gateways", gateway_id) else real(name, entry_id)
        ),
    )


def test_a_gateway_counts_from_its_commencement_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commencement is a data edit: give s.16LA a date and ISA507 stops on that day."""
    text = examples.build("ISA507", "fail").text
    assert "ISA507" in _codes(text, dt.date(2026, 12, 7))
    _patch_commencement(monkeypatch, "ca2004_s16la", "in force from 2027-04-01")
    before = [f for f in _findings(text, dt.date(2027, 3, 31)) if f.code == "ISA507"]
    assert before and "not in force until 2027-04-01" in before[0].message
    assert "ISA507" not in _codes(text, dt.date(2027, 4, 1))


def test_a_repealed_gateway_stops_counting(monkeypatch: pytest.MonkeyPatch) -> None:
    text = examples.build("ISA507", "pass").text
    _patch_commencement(monkeypatch, "ca2004_s11", "in force from 2005-01-01, repealed from 2027-01-01")
    assert "ISA507" not in _codes(text, dt.date(2026, 12, 31))
    after = [f for f in _findings(text, dt.date(2027, 1, 1)) if f.code == "ISA507"]
    assert after and "repealed or replaced from 2027-01-01" in after[0].message


def _without_routes() -> str:
    base = examples.base_text()
    start = base.index("    routes:\n")
    end = base.index("records:\n")
    return base[:start] + base[end:]


@pytest.mark.parametrize(("today", "expected"), [("2026-06-18", 0), ("2026-06-19", 1)])
def test_complaints_route_from_19_june_2026(tmp_path: Path, today: str, expected: int) -> None:
    """DPA 2018 s.164A: the same agreement, either side of its commencement, on the command line."""
    path = tmp_path / f"{examples.BASE_ID}.yaml"
    path.write_text(_without_routes(), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "isa_lint", "lint", "--today", today, "--format", "json", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    found = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "ISA620"]
    assert len(found) == expected, result.stdout
    if found:
        assert "'council', 'police', 'hospital'" in found[0]["message"]
        assert found[0]["severity"] == "warning"


def test_a_processor_needs_no_complaints_route() -> None:
    text = (
        _without_routes()
        .replace("    ods_code: RX1\n", "    ods_code: RX1\n", 1)
        .replace(
            "  - id: hospital\n    name: Exampleshire Hospitals NHS Foundation Trust\n    kind: nhs_foundation_trust\n    nation: england\n    role: controller",
            "  - id: hospital\n    name: Exampleshire Hospitals NHS Foundation Trust\n    kind: nhs_foundation_trust\n    nation: england\n    role: processor",
        )
    )
    found = [f for f in _findings(text, dt.date(2026, 7, 1)) if f.code == "ISA620"]
    assert found and "'hospital'" not in found[0].message


@pytest.mark.parametrize(
    ("written", "successor"),
    [
        ("clinical_commissioning_group", "integrated_care_board"),
        ("CCG", "integrated_care_board"),
        ("community_rehabilitation_company", "probation_service"),
        ("public_health_england", "government_department"),
        ("local_safeguarding_children_board", "chief_officer_of_police"),
    ],
)
def test_a_retired_kind_gets_one_finding_naming_the_successor(written: str, successor: str) -> None:
    text = examples.base_text().replace("kind: nhs_foundation_trust", f"kind: {written}")
    found = _findings(text, dt.date(2026, 12, 7))
    assert [f.code for f in found] == ["ISA019"], [(f.code, f.message) for f in found]
    assert successor in found[0].fix
    assert "no longer exists" in found[0].message
    assert found[0].citation != next(r for r in RULES if r.code == "ISA019").citation


def test_an_unknown_kind_that_never_existed_is_still_isa013() -> None:
    text = examples.base_text().replace("kind: nhs_foundation_trust", "kind: hospital_trust")
    assert [f.code for f in _findings(text, dt.date(2026, 12, 7))] == ["ISA013"]


def test_a_processor_receiving_under_s115_is_not_named() -> None:
    text = examples.build("ISA520", "fail").text.replace(
        "kind: charity_vcse\n    nation: england\n    role: controller",
        "kind: charity_vcse\n    nation: england\n    role: processor",
    )
    assert "ISA520" not in _codes(text, dt.date(2026, 6, 1))


def test_s115_beside_another_power_is_not_checked() -> None:
    text = examples.build("ISA520", "fail").text.replace(
        "gateways: [cda1998_s115]", "gateways: [cda1998_s115, ca1989_s47]"
    )
    assert "ISA520" not in _codes(text, dt.date(2026, 6, 1))


def test_a_welsh_agreement_is_pointed_at_welsh_guidance() -> None:
    welsh = examples.build("ISA521", "pass").text
    english = examples.base_text()
    without_lead = "    safeguarding_lead:\n      role: Head of Children's Safeguarding\n      contact: safeguarding@exampleshire.gov.uk\n"
    assert without_lead in welsh and without_lead in english
    welsh_hit = [
        f for f in _findings(welsh.replace(without_lead, ""), dt.date(2026, 6, 1)) if f.code == "ISA504"
    ]
    english_hit = [
        f for f in _findings(english.replace(without_lead, ""), dt.date(2026, 6, 1)) if f.code == "ISA504"
    ]
    assert welsh_hit and english_hit
    assert "Working Together to Safeguard People" in welsh_hit[0].citation
    assert "Working Together to Safeguard Children" not in welsh_hit[0].citation
    assert "Working Together to Safeguard Children" in english_hit[0].citation


def test_no_rule_cites_the_projects_own_design_documents() -> None:
    for rule in RULES:
        assert "design" not in rule.citation.lower(), rule.code
        assert "golden rules" not in rule.citation.lower() or "2018" not in rule.citation, rule.code


@pytest.mark.parametrize(("today", "found"), [(dt.date(2026, 2, 4), False), (dt.date(2026, 2, 5), True)])
def test_art_6_4_is_reported_from_its_repeal(today: dt.date, found: bool) -> None:
    text = examples.build("ISA522", "fail").text
    hits = [f for f in _findings(text, today) if f.code == "ISA522"]
    assert bool(hits) is found
    if hits:
        assert "Art 8A" in hits[0].message


def _lint_shipped(name: str, replace: tuple[str, str]) -> list:
    text = (ROOT / "agreements" / name).read_text(encoding="utf-8")
    assert replace[0] in text
    return lint_document(load_text(text.replace(*replace), name), Settings(today=dt.date(2026, 12, 7)))


def test_children_act_1989_s17_is_english_law_since_april_2016() -> None:
    """Part 3 of the 1989 Act stopped applying in Wales when the Social Services and Well-being
    (Wales) Act 2014 took its place: a Welsh purpose citing s.17 is pointed at the 2014 Act."""
    cited = "gateways: [sswba2014_s130, ca1989_s47, ca2004_s28, sswba2014_pt7]"
    welsh = _lint_shipped("glyncoed-youth-justice.yaml", (cited, cited.replace("]", ", ca1989_s17]")))
    (hit,) = [f for f in welsh if f.code == "ISA506"]
    assert hit.severity is Severity.WARNING and hit.unconfirmed  # the sources for Wales are secondary
    assert "ca1989_s17" in hit.message and "England only" in hit.message and "Wales" in hit.message
    assert "sswba2014_s15" in hit.fix and "Social Services and Well-being (Wales) Act 2014 s.15" in hit.fix
    english = _lint_shipped("northshire-mash.yaml", ("ca1989_s17", "ca1989_s17"))
    assert not [f for f in english if f.code == "ISA506"]


def test_a_gateways_welsh_counterpart_must_be_a_welsh_gateway(monkeypatch: pytest.MonkeyPatch) -> None:
    gateways = catalogues.catalogue("statutory_gateways")
    assert gateways["ca1989_s17"]["nations"] == ["england"]
    assert gateways["ca1989_s27"]["wales_counterpart"] == ["sswba2014_s162"]
    assert not [p for p in catalogues._cross_references() if "wales_counterpart" in p]
    monkeypatch.setitem(gateways["ca1989_s17"], "wales_counterpart", ["ca2004_s11", "no_such_gateway"])
    problems = [p for p in catalogues._cross_references() if "wales_counterpart" in p]
    assert problems == [
        "statutory_gateways/ca1989_s17: wales_counterpart ca2004_s11 is not a Welsh gateway",
        "statutory_gateways/ca1989_s17: wales_counterpart no_such_gateway is not a Welsh gateway",
    ]
