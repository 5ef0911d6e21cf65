"""The law catalogues: valid shape, unique ids, cross-references that resolve."""

from __future__ import annotations

import re

import pytest

from isa_lint import catalogues


def test_catalogues_are_valid() -> None:
    assert catalogues.validate() == []


@pytest.mark.parametrize("name", catalogues.NAMES)
def test_header_has_date_checked(name: str) -> None:
    header = catalogues.header(name)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", header["checked"])
    assert header["source"]


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
