"""ISA306: data labelled 'ordinary' whose words say it is special category or criminal offence data.

Each Art 9(1) category and Art 10 is found from the words agreements use; the negatives are
descriptions real agreements carry that must not raise it.
"""

from __future__ import annotations

import pytest

from isa_lint import examples
from isa_lint.check.engine import lint_document
from isa_lint.check.findings import Severity
from isa_lint.load.document import load_text
from isa_lint.rules._rule import Settings

REFERRAL = "    description: Names, dates of birth, addresses and the concerns raised about the child.\n    kind: ordinary\n"


def _ordinary(description: str, data_id: str = "referral") -> list[tuple[str, Severity, str]]:
    base = examples.base_text()
    assert REFERRAL in base
    text = base.replace(REFERRAL, f"    description: {description}\n    kind: ordinary\n").replace(
        "id: referral", f"id: {data_id}", 1
    )
    text = text.replace("data: referral", f"data: {data_id}")
    document = load_text(text, "example-referrals.yaml")
    findings = lint_document(document, Settings(today=examples.DEFAULT_TODAY))
    return [(f.pointer, f.severity, f.message) for f in findings if f.code == "ISA306"]


@pytest.mark.parametrize(
    ("description", "named"),
    [
        ("Names, addresses and the child's ethnicity.", "Racial or ethnic origin"),
        ("Names and the family's religion, for interpreters.", "Religious or philosophical beliefs"),
        ("A parent's political views where relevant to radicalisation.", "Political opinions"),
        ("Whether a parent is a trade union member.", "Trade union membership"),
        ("DNA results from paternity testing.", "Genetic"),
        ("Fingerprints taken at custody.", "Biometric"),
        ("Hospital attendances and the child's mental health needs.", "Health"),
        ("Any disability and the medication the child takes.", "Health"),
        ("The young person's sexual health and sexual activity.", "sex life"),
        ("The young person's sexual orientation where they have shared it.", "sexual orientation"),
        ("Previous convictions of adults in the household.", "Art 10"),
        ("Allegations against staff referred to the LADO.", "Art 10"),
        ("The young person's offending history and bail conditions.", "Art 10"),
    ],
)
def test_special_or_criminal_words_are_named(description: str, named: str) -> None:
    found = _ordinary(description)
    assert found, description
    assert all(pointer == "/data/0/kind" and severity == Severity.WARNING for pointer, severity, _ in found)
    assert any(named.lower() in message.lower() for _, _, message in found), found


def test_the_name_counts_too() -> None:
    found = _ordinary("Dates and outcomes of appointments with the family.", data_id="health-appointments")
    assert found and "Health" in found[0][2]


@pytest.mark.parametrize(
    "description",
    [
        "Names, dates of birth, addresses and the concerns raised about the child.",
        "Names and addresses; no health or ethnicity data is shared under this purpose.",
        "Attendance at the healthy schools programme.",
        "The name of the child's health visitor and school nurse.",
        "Health and safety risks for staff making a home visit.",
        "Contact details of the health professionals and the health board involved.",
        "Concerns about child criminal exploitation and county lines.",
        "Names of the criminal justice partners attending the panel.",
        "School attendance, exclusions and the date of the last home visit.",
        "Police incident reference numbers and the date of each call-out.",
        "Missing episodes and the outcome of each return home interview.",
    ],
)
def test_ordinary_descriptions_raise_nothing(description: str) -> None:
    assert _ordinary(description) == []


def test_labelled_special_category_is_not_this_rules_business() -> None:
    base = examples.base_text()
    document = load_text(base, "example-referrals.yaml")
    assert not [
        f for f in lint_document(document, Settings(today=examples.DEFAULT_TODAY)) if f.code == "ISA306"
    ]
