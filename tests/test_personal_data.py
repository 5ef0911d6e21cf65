"""Personal-data rules: real identifiers found, look-alikes left alone (few false positives)."""

from __future__ import annotations

import pytest

from isa_lint.catalogues.identifiers import find_in, nhs_mod11, upn_mod23
from isa_lint.examples import base_text
from isa_lint.rules.personal_data import _looks_like_a_person

from .conftest import lint_text


@pytest.mark.parametrize(
    ("value", "valid"),
    [("9434765919", True), ("943 476 5919", True), ("9434765918", False), ("1234567890", False)],
)
def test_nhs_modulus_11(value: str, valid: bool) -> None:
    assert nhs_mod11(value) is valid


@pytest.mark.parametrize(
    ("value", "valid"), [("B801200005001", True), ("A801200005001", False), ("B80120000500", False)]
)
def test_upn_check_letter(value: str, valid: bool) -> None:
    assert upn_mod23(value) is valid


@pytest.mark.parametrize(
    "text",
    [
        "Call 0300 123 4567 or 01234 567890 out of hours",
        "ODS code RX1, ICO number Z1234567, charity 1234567",
        "Reference DPIA-2026-004 dated 2026-03-20",
        "AB 12 34 56 E is not a valid suffix",
        "9434765918 fails its check digit",
    ],
)
def test_look_alikes_are_not_personal_identifiers(text: str) -> None:
    assert [x for f in ("nhs_number", "ni_number", "upn") for x in find_in(f, text)] == []


@pytest.mark.parametrize(
    ("local", "person"),
    [
        ("jane.smith", True),
        ("j.smith", True),
        ("data.protection", False),
        ("safeguarding.children", False),
        ("front.door", False),
        ("dpo", False),
        ("mash.team", False),
        ("information.governance", False),
        # team mailboxes named by a service's abbreviation or with words run together
        ("marlvale.pdu", False),
        ("kth.informationgovernance", False),
        ("jane.dooris", True),
        # Welsh role words: safeguarding children, information governance
        ("diogelu.plant", False),
        ("llywodraethu.gwybodaeth", False),
        ("sian.jones", True),
    ],
)
def test_person_or_role_mailbox(local: str, person: bool) -> None:
    assert _looks_like_a_person(local) is person


def test_shipped_style_contacts_are_not_flagged() -> None:
    assert not [f for f in lint_text(base_text()) if f.code.startswith("ISA9")]


def test_webmail_is_flagged() -> None:
    text = base_text().replace("dpo@exampleshire.gov.uk", "exampleshire.dpo@gmail.com")
    assert [f.code for f in lint_text(text) if f.code.startswith("ISA9")] == ["ISA905"]


def test_finding_masks_the_identifier() -> None:
    text = base_text().replace("title: Example", "title: 943 476 5919 Example")
    messages = [f.message for f in lint_text(text) if f.code == "ISA901"]
    assert messages and "5919" not in messages[0]


@pytest.mark.parametrize(
    ("value", "code"),
    [("9434765919", "ISA901"), ("B801200005001", "ISA903"), ("jane.smith@gmail.com", "ISA905")],
)
def test_organisation_identifier_fields_are_not_searched(value: str, code: str) -> None:
    in_ods_code = base_text().replace("ods_code: RX1", f"ods_code: '{value}'", 1)
    in_text = base_text().replace("ods_code: RX1", f"ods_code: RX1\n    notes: '{value}'", 1)
    assert code not in {f.code for f in lint_text(in_ods_code)}
    assert code in {f.code for f in lint_text(in_text)}
