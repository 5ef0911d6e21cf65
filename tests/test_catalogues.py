"""The law catalogues: valid shape, unique ids, cross-references that resolve."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from isa_lint import catalogues


def test_catalogues_are_valid() -> None:
    assert catalogues.validate() == []


@pytest.mark.parametrize("name", catalogues.NAMES)
def test_every_entry_has_its_own_citation_status_commencement_and_date_checked(name: str) -> None:
    header = catalogues.header(name)
    assert header["source"]
    assert "checked" not in header, "the date checked belongs to each entry, not the catalogue"
    for entry_id, entry in catalogues.catalogue(name).items():
        assert entry["citation"].strip(), entry_id
        assert entry["status"] in {"verified", "secondary", "unverified"}, entry_id
        assert dt.date.fromisoformat(entry["checked"]) <= dt.date(2026, 12, 7), entry_id
        catalogues.commencement(entry["commencement"])  # raises on a malformed value


@pytest.mark.parametrize(
    ("written", "day", "expected"),
    [
        ("in force", dt.date(1990, 1, 1), True),
        ("not yet commenced", dt.date(2099, 1, 1), False),
        ("in force from 2026-06-19", dt.date(2026, 6, 18), False),
        ("in force from 2026-06-19", dt.date(2026, 6, 19), True),
        ("repealed from 2026-02-05", dt.date(2026, 2, 4), True),
        ("repealed from 2026-02-05", dt.date(2026, 2, 5), False),
        ("in force from 2018-05-25, repealed from 2026-02-05", dt.date(2018, 5, 24), False),
        ("in force from 2018-05-25, repealed from 2026-02-05", dt.date(2020, 1, 1), True),
        ("replaced from 2024-05-01", dt.date(2024, 5, 1), False),
    ],
)
def test_commencement_is_read_against_the_day(written: str, day: dt.date, expected: bool) -> None:
    assert catalogues.commencement(written).in_force(day) is expected


@pytest.mark.parametrize("written", ["in force since 2026", "commenced", "in force from 2026-13-01", ""])
def test_malformed_commencement_is_refused(written: str) -> None:
    with pytest.raises(ValueError):
        catalogues.Commencement(written)


def test_the_law_of_december_2026() -> None:
    """The facts issue 13 asks for, with the commencement each has on 7 December 2026."""
    day = dt.date(2026, 12, 7)
    provisions = catalogues.catalogue("data_protection_provisions")
    gateways = catalogues.catalogue("statutory_gateways")
    assert catalogues.in_force(provisions["dpa2018_s164a_complaints"], day)
    assert not catalogues.in_force(provisions["dpa2018_s164a_complaints"], dt.date(2026, 6, 18))
    assert catalogues.in_force(provisions["art8a_further_processing"], day)
    assert not catalogues.in_force(provisions["art6_4_compatibility_test"], day)
    for cwsa in (
        "cwsa2026_s2_education_partners",
        "cwsa2026_s3_child_protection_teams",
        "ca2004_s16la",
        "cwsa2026_consistent_identifier",
    ):
        assert gateways[cwsa]["commencement"] == "not yet commenced", cwsa
        assert gateways[cwsa]["checked"] == "2026-12-07", cwsa
    assert "s.16LC" in gateways["cwsa2026_consistent_identifier"]["citation"]
    assert gateways["sswba2014_s162"]["nations"] == ["wales"]
    assert gateways["cda1998_s115"]["recipients"]["status"] == "unverified"
    retired = catalogues.catalogue("retired_body_kinds")
    assert retired["clinical_commissioning_group"]["successor_kinds"] == ["integrated_care_board"]
    assert catalogues.retired_kind("CCG") is retired["clinical_commissioning_group"]
    assert catalogues.retired_kind("Public Health England") is retired["public_health_england"]
    assert catalogues.retired_kind("local_authority") is None


def test_england_only_guidance_names_a_welsh_counterpart() -> None:
    sources = catalogues.catalogue("practice_sources")
    for source_id in ("working_together_2023", "keeping_children_safe_in_education", "golden_rule_3"):
        counterpart = sources[sources[source_id]["wales_counterpart"]]
        assert counterpart["nations"] == ["wales"], source_id
    assert "2018" not in sources["golden_rule_6"]["citation"]
    assert "unverified" not in sources["golden_rule_6"]["notes"]
    assert "unverified" not in sources["golden_rule_7"]["notes"]


def test_identifier_examples_match_their_patterns() -> None:
    for format_id, entry in catalogues.catalogue("identifier_formats").items():
        for example in entry["examples"]:
            assert re.fullmatch(entry["pattern"], example), (format_id, example)


def test_every_kind_exists_somewhere_and_duties_are_known() -> None:
    duties = catalogues.catalogue("safeguarding_duties")
    for kind_id, kind in catalogues.catalogue("body_kinds").items():
        assert kind["nations"], kind_id
        for duty_ids in kind["nations"].values():
            assert set(duty_ids) <= set(duties), kind_id


def test_the_section_11_facts_the_rules_rely_on() -> None:
    kinds = catalogues.catalogue("body_kinds")
    assert "ca2004_s11" in kinds["local_authority"]["nations"]["england"]
    assert "ca2004_s28" in kinds["local_authority"]["nations"]["wales"]
    assert "ca2004_s11" not in kinds["academy"]["nations"]["england"]
    assert all(not duties for duties in kinds["charity_vcse"]["nations"].values())
    assert "wales" not in kinds["integrated_care_board"]["nations"]
    partners = {p["kind"] for p in catalogues.catalogue("safeguarding_partners").values()}
    assert partners == {"local_authority", "integrated_care_board", "chief_officer_of_police"}


def test_unknown_id_gives_none() -> None:
    assert catalogues.entry("body_kinds", "no_such_kind") is None
