"""Duty and party checks ask for what the law requires, no more (issue 13, section 2).

Each test changes the base agreement the way a real one differs and checks the findings:
duties recited only where relied on (ISA503), processors held to their own checks (ISA603)
and not to controllers', the common law of confidence beside a gateway (ISA508), and a
signatory who is not a party (ISA201 only).
"""

from __future__ import annotations

from isa_lint import examples
from isa_lint.check.engine import lint_document
from isa_lint.load.document import load_text
from isa_lint.rules._rule import Settings

COUNCIL_DUTIES = "safeguarding_duties: [ca2004_s11, ea2002_s175]"
GATEWAYS = "    gateways: [ca1989_s47, ca2004_s11]\n"


def _lint(text: str) -> list[tuple[str, str, str]]:
    document = load_text(text, "example-referrals.yaml")
    return [
        (f.code, f.pointer, f.message)
        for f in lint_document(document, Settings(today=examples.DEFAULT_TODAY))
    ]


def _base(*changes: tuple[str, str]) -> str:
    text = examples.base_text()
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def _codes(text: str) -> set[str]:
    return {code for code, _, _ in _lint(text)}


# --- ISA503: recite only what is relied on ------------------------------------------------


def test_council_listing_s11_but_not_s175_is_complete() -> None:
    assert _lint(_base((COUNCIL_DUTIES, "safeguarding_duties: [ca2004_s11]"))) == []


def test_council_with_no_duties_listed_and_none_relied_on_is_complete() -> None:
    text = _base((COUNCIL_DUTIES, "safeguarding_duties: []"), (GATEWAYS, "    gateways: [ca1989_s47]\n"))
    assert "ISA503" not in _codes(text)


def test_missing_duty_a_purpose_relies_on_is_reported_with_the_purpose() -> None:
    text = _base(
        (COUNCIL_DUTIES, "safeguarding_duties: [ca2004_s11]"),
        (GATEWAYS, "    gateways: [ca1989_s47, ca2004_s11, ea2002_s175]\n"),
    )
    found = [(p, m) for code, p, m in _lint(text) if code == "ISA503"]
    assert len(found) == 1
    pointer, message = found[0]
    assert pointer == "/parties/0/safeguarding_duties"
    assert "ea2002_s175" in message and "'child-protection'" in message
    assert "ca2004_s11 (" not in message  # only the duty relied on


def test_duty_relied_on_by_a_purpose_the_party_is_not_in_is_not_asked_for() -> None:
    # The hospital holds s.11 and takes part; police and hospital list it. Drop the hospital's
    # s.11 and the purpose relies on s.11: reported. Drop it with no purpose citing s.11: not.
    hospital = "    ods_code: RX1\n    safeguarding_duties: [ca2004_s11]\n"
    relied = _base((hospital, "    ods_code: RX1\n    safeguarding_duties: []\n"))
    assert [p for c, p, _ in _lint(relied) if c == "ISA503"] == ["/parties/2/safeguarding_duties"]
    not_relied = _base(
        (hospital, "    ods_code: RX1\n    safeguarding_duties: []\n"),
        (GATEWAYS, "    gateways: [ca1989_s47]\n"),
    )
    assert "ISA503" not in _codes(not_relied)


# --- ISA508: the common law duty of confidence is permissive ----------------------------------


def test_common_law_confidence_beside_a_gateway_is_not_a_defect() -> None:
    text = _base((GATEWAYS, "    gateways: [ca1989_s47, ca2004_s11, common_law_confidence]\n"))
    assert _lint(text) == []


def test_common_law_confidence_alone_is_still_reported() -> None:
    text = _base((GATEWAYS, "    gateways: [common_law_confidence]\n"))
    found = [m for c, _, m in _lint(text) if c == "ISA508"]
    assert len(found) == 1 and "public interest" in found[0] and "unconfirmed" in found[0]


def test_an_exemption_beside_a_gateway_is_still_reported() -> None:
    text = _base((GATEWAYS, "    gateways: [ca1989_s47, ca2004_s11, dpa2018_sch2_p2]\n"))
    assert "ISA508" in _codes(text)


# --- Signatories who are not parties -------------------------------------------------------


SIGNED_HOSPITAL = "  - party: hospital\n    role: Chief Nurse\n    signed: 2026-03-20\n"


def test_misspelt_signatory_is_a_reference_error_only() -> None:
    text = _base((SIGNED_HOSPITAL, "  - party: hospitl\n    role: Chief Nurse\n    signed: 2026-05-20\n"))
    found = _lint(text)
    assert [(c, p) for c, p, _ in found] == [("ISA201", "/signatories/2/party")]


def test_signatory_for_an_organisation_not_in_the_agreement_gets_no_signing_finding() -> None:
    extra = SIGNED_HOSPITAL + "  - party: ofsted\n    role: Regional Director\n    signed: 2026-05-20\n"
    found = _lint(_base((SIGNED_HOSPITAL, extra)))
    assert [(c, p) for c, p, _ in found] == [("ISA201", "/signatories/3/party")]


def test_party_with_no_signature_at_all_is_still_reported() -> None:
    found = _lint(_base((SIGNED_HOSPITAL, "")))
    assert [c for c, _, _ in found] == ["ISA804"]


# --- Processors are not controllers --------------------------------------------------------

PROCESSOR = """  - id: records-host
    name: Exampleshire Case Records Ltd
    kind: {kind}
    nation: england
    role: processor
{extra}    ig_lead:
      role: Information Security Manager
      contact: security@exampleshire-records.co.uk
    dpo:
      role: Data Protection Officer
      contact: dpo@exampleshire-records.co.uk
purposes:
"""
CONTRACT = "    processor_contract: Hosting contract CR-2025-17, Art 28 terms in schedule 3\n"
RECEIVES = (
    "    providers: [police, hospital]\n    recipients: [council]\n",
    "    providers: [police, hospital]\n    recipients: [council, records-host]\n",
)
HEALTH = (
    "    providers: [hospital]\n    recipients: [council, police]\n",
    "    providers: [hospital]\n    recipients: [council, police, records-host]\n",
)


def _with_processor(extra: str, kind: str = "private_provider", *more: tuple[str, str]) -> str:
    return _base(("purposes:\n", PROCESSOR.format(kind=kind, extra=extra)), RECEIVES, HEALTH, *more)


def test_processor_with_contract_and_controller_is_legitimate() -> None:
    text = _with_processor(CONTRACT + "    processes_for: [council]\n")
    assert _lint(text) == []


def test_processor_of_a_kind_with_duties_is_not_held_to_them() -> None:
    # A council acting as another's processor: no duty recital, lead, lawful basis or signature asked.
    text = _with_processor(CONTRACT + "    processes_for: [hospital]\n", "local_authority")
    assert _lint(text) == []


def test_processor_without_contract_or_controller() -> None:
    found = [(p, m) for c, p, m in _lint(_with_processor("")) if c == "ISA603"]
    assert len(found) == 2
    assert all(p == "/parties/3/role" for p, _ in found)
    assert any("processor_contract" in m for _, m in found) and any("processes_for" in m for _, m in found)


def test_processor_for_a_controller_not_involved_in_the_data() -> None:
    # The host holds the health information for the police, who neither provide nor receive it.
    text = _base(
        (
            "purposes:\n",
            PROCESSOR.format(kind="private_provider", extra=CONTRACT + "    processes_for: [police]\n"),
        ),
        (
            "    providers: [hospital]\n    recipients: [council, police]\n",
            "    providers: [hospital]\n    recipients: [council, records-host]\n",
        ),
    )
    found = [(p, m) for c, p, m in _lint(text) if c == "ISA603"]
    assert [p for p, _ in found] == ["/data/1/recipients"]
    assert "'health-information'" in found[0][1] and "'police'" in found[0][1]


def test_processor_that_processes_for_another_processor() -> None:
    text = _with_processor(CONTRACT + "    processes_for: [records-host]\n")
    found = [p for c, p, _ in _lint(text) if c == "ISA603"]
    assert found == ["/parties/3/processes_for/0"]


def test_processes_for_an_undeclared_party_is_a_reference_error() -> None:
    text = _with_processor(CONTRACT + "    processes_for: [counsil]\n")
    assert ("ISA201", "/parties/3/processes_for/0") in {(c, p) for c, p, _ in _lint(text)}
