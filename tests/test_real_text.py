"""Blank and placeholder text is never passed (ISA108), and contacts must be usable (ISA109).

Each check is tried on the base agreement with one value changed, as a user would write it,
and on values real agreements use that must raise nothing.
"""

from __future__ import annotations

import pytest

from isa_lint import examples
from isa_lint.check.engine import lint_document
from isa_lint.load.document import load_text
from isa_lint.rules._rule import Settings
from isa_lint.rules.required import blank_reason, looks_like_contact

TODAY = examples.DEFAULT_TODAY


def _findings(text: str) -> list[tuple[str, str, int]]:
    document = load_text(text, "example-referrals.yaml")
    return [(f.code, f.pointer, f.line) for f in lint_document(document, Settings(today=TODAY))]


def _with(old: str, new: str) -> str:
    base = examples.base_text()
    assert old in base
    return base.replace(old, new, 1)


TITLE = "title: Example referrals agreement between a council, the police and a hospital trust"


@pytest.mark.parametrize(
    "value",
    ['""', "'   '", "'-'", "n/a", "N/A", "TBC", "'TBC.'", "tba", "tbd", "xxx", "XXXX", "'...'", "see above",
     "'[insert]'", "'[Insert title here]'", "x" * 60, "'(tbc)'", "'\u2026'", "'?'", '"\\u200b"', '"\\0 \\t"'],
)  # fmt: skip
def test_blank_or_placeholder_title_is_found_at_the_value(value: str) -> None:
    found = _findings(_with(TITLE, f"title: {value}"))
    assert ("ISA108", "/title", 4) in found
    assert not [f for f in found if f[0] in ("ISA102", "ISA107")], found  # reported once


def test_blank_party_name_and_nested_contact() -> None:
    text = _with("name: Exampleshire County Council", "name: ''")
    text = text.replace("contact: dpo@exampleshire.gov.uk", "contact: '-'", 1)
    found = {(code, pointer) for code, pointer, _ in _findings(text)}
    assert ("ISA108", "/parties/0/name") in found
    assert ("ISA108", "/parties/0/dpo/contact") in found
    assert not any(code == "ISA109" for code, _ in found)  # a blank contact is ISA108's alone


def test_blank_retention_trigger_and_list_item() -> None:
    text = _with("    from: the closure of the child's case\n", "    from: TBC\n")
    text = text.replace(
        "    - A professional believes a child may be suffering, or likely to suffer, significant harm.",
        "    - '   '",
    )
    found = {(code, pointer) for code, pointer, _ in _findings(text)}
    assert ("ISA108", "/retention/0/from") in found
    assert ("ISA108", "/sharing/triggers/0") in found


@pytest.mark.parametrize(
    "value",
    ["Not applicable: the council publishes no policy document", "NA Trust", "TBC in the text is ISA102's",
     "Exampleshire", "A&E", "The x-ray department", "N/A Services Ltd"],
)  # fmt: skip
def test_real_text_is_not_blank(value: str) -> None:
    assert blank_reason(value) is None


def test_optional_field_may_say_not_applicable() -> None:
    # A lone 'n/a' answers an optional question, and leaving it out is allowed.
    text = _with(
        "appropriate_policy_document: https://www.exampleshire.gov.uk/privacy/appropriate-policy-document",
        "appropriate_policy_document: n/a",
    )
    assert not [f for f in _findings(text) if f[0] == "ISA108"]
    assert not [f for f in _findings(_with("    ods_code: RX1\n", "    ods_code: ''\n")) if f[0] == "ISA108"]


@pytest.mark.parametrize(
    "contact",
    [
        "dpo@exampleshire.gov.uk",
        "Data Protection Officer <dpo@exampleshire.gov.uk>",
        "0300 123 4567",
        "01632 960 001",
        "+44 (0)20 7946 0000",
        "+44 1632 960001",
        "020 7946 0000 (Monday to Friday)",
        "https://www.exampleshire.gov.uk/contact-the-dpo",
        "www.exampleshire.gov.uk/dpo",
        "Data Protection Officer, County Hall, Exampleton EX1 1AA",
        "Information Governance, PO Box 10, Cardiff CF10 3NQ",
        "Call 101, or 999 in an emergency",
        "029 2087 2087",
        "0800 123 456",
    ],
)
def test_usable_contacts_pass(contact: str) -> None:
    assert looks_like_contact(contact)


@pytest.mark.parametrize(
    "contact",
    ["Jane Smith", "Head of Information Governance", "via the switchboard", "ext 1234", "01234",
     "Ring the duty inspector", "the DPO", "see intranet", "123 456"],
)  # fmt: skip
def test_unusable_contacts_are_found(contact: str) -> None:
    assert not looks_like_contact(contact)
    text = _with("contact: dpo@exampleshire.gov.uk", f"contact: {contact}")
    found = [f for f in _findings(text) if f[0] == "ISA109"]
    assert [pointer for _, pointer, _ in found] == ["/parties/0/dpo/contact"]


def test_a_long_word_in_a_contact_is_read_in_one_pass() -> None:
    """A contact of 300,000 letters ending in '@' (hostile or pasted by mistake) once took minutes:
    the address pattern tried every position of the word. It must answer in one scan; a
    subprocess with a generous bound guards against the hang without timing the test."""
    import subprocess
    import sys

    code = (
        "from isa_lint.rules.required import looks_like_contact\n"
        "assert not looks_like_contact('a' * 300_000 + '@')\n"
        "assert not looks_like_contact(('x@' * 100_000) + 'y')\n"
        "assert looks_like_contact('safeguarding@council.gov.uk')\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
