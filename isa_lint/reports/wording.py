"""Plain English for the ids and values an agreement uses, with the law beside each one.

Catalogue ids (``public_task``, ``p18_safeguarding``, ``ca2004_s11``) become the catalogue's
plain title and citation, so the wording of the law is corrected in the catalogues, in one
place. The format's own enumerations (roles, kinds of data, transfer methods) are worded
here. Words for families (``--audience public``) are kept short: a parent reading at the
level of a ten-year-old should follow every sentence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from isa_lint import catalogues
from isa_lint.rules._rule import parse_date


@dataclass(frozen=True)
class Law:
    """One legal provision in plain words: catalogue id, plain title, citation."""

    id: str
    title: str
    citation: str
    known: bool = True

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "title": self.title, "citation": self.citation}

    def __str__(self) -> str:
        if not self.known:
            return f"{self.title} (not in isa-lint's catalogues)"
        return f"{self.title} ({self.citation})" if self.citation else self.title


def law(catalogue: str, entry_id: Any) -> Law:
    """The catalogue entry ``entry_id`` in plain words; an unknown id is shown as written."""
    text = entry_id if isinstance(entry_id, str) else str(entry_id)
    found = catalogues.entry(catalogue, text) if isinstance(entry_id, str) else None
    if found is None:
        return Law(text, text, "", known=False)
    title = (
        ART10_ROUTES.get(text, str(found["title"]))
        if catalogue == "criminal_offence_data"
        else found["title"]
    )
    return Law(text, str(title), str(found["citation"]))


ART10_ROUTES = {
    "official_authority": "Criminal offence data processed under official authority",
    "sch1_condition": "Criminal offence data processed under a Schedule 1 condition",
}


LAW_ENFORCEMENT = Law(
    "law_enforcement",
    "Law-enforcement processing by a competent authority",
    "Data Protection Act 2018 Part 3, s.31",
)

ROLES = {
    "controller": ("Controller", "decides why and how the information is used"),
    "joint_controller": (
        "Joint controller",
        "decides with the other joint controllers why and how it is used",
    ),
    "processor": ("Processor", "handles the information only on a controller's instructions"),
}
STATUSES = {
    "draft": "Draft: not yet agreed",
    "approved": "Approved",
    "suspended": "Suspended: no sharing under it for now",
    "retired": "Retired: no longer used",
}
DATA_KINDS = {
    "ordinary": ("Personal data", "UK GDPR Art 4(1)"),
    "special_category": ("Special category data", "UK GDPR Art 9(1)"),
    "criminal_offence": ("Criminal offence data", "UK GDPR Art 10; DPA 2018 s.11(2)"),
}
PURPOSE_KINDS = {
    "safeguarding": "Safeguarding",
    "early_help": "Early help",
    "law_enforcement": "Law enforcement",
    "other": "Other",
}
CONSENT = {
    "not_required": "Not asked for, and not relied on.",
    "sought_where_safe": "Asked for where it is safe, but not relied on.",
    "obtained": "Obtained before information is shared.",
}
METHODS = {
    "secure_email": "Secure email",
    "secure_portal": "Secure web portal",
    "shared_case_system": "Shared case record system",
    "system_interface": "Direct link between computer systems",
    "telephone": "Telephone",
    "meeting": "Meeting",
    "secure_post": "Secure post",
    "encrypted_media": "Encrypted storage device",
    "unencrypted_email": "Unencrypted email (not secure)",
    "fax": "Fax (not secure)",
    "unencrypted_media": "Unencrypted storage device (not secure)",
    "post": "Ordinary post (not secure)",
}
STANDARDS = {
    "dspt": "NHS Data Security and Protection Toolkit",
    "cyber_essentials": "Cyber Essentials",
    "cyber_essentials_plus": "Cyber Essentials Plus",
    "iso27001": "ISO/IEC 27001 certification",
    "psn": "Public Services Network compliance",
    "police_vetting": "Police vetting of staff",
    "other": "Other standard",
}
NATIONS = {"england": "England", "wales": "Wales"}
TIERS = {
    "overarching": "Overarching protocol (tier 1) that every partner signs",
    "operational": "Operational agreement (tier 2) for one service",
}
REGIMES = {"uk_gdpr": "UK GDPR", "law_enforcement": "Law enforcement (DPA 2018 Part 3)"}
RIGHTS = {
    "subject_access": "Asking for a copy of the information",
    "rectification": "Asking for wrong information to be corrected",
    "objection": "Objecting to the sharing",
    "complaints": "Complaints",
}


def enum_words(table: Mapping[str, Any], value: Any) -> str:
    """The words for an enumerated value; a value the format does not know is shown as written."""
    found = table.get(value) if isinstance(value, str) else None
    if found is None:
        return "" if value is None else str(value)
    return str(found[0]) if isinstance(found, tuple) else str(found)


def basis_laws(basis: Mapping[str, Any], data_kind: str | None = None) -> list[Law]:
    """The provisions one lawful-basis entry relies on, in the order the law asks for them.

    With ``data_kind``, only the provisions that matter for that kind of data are given: Art 9
    conditions for special category data, the Art 10 route for criminal offence data, Sch 1
    for both, Sch 8 for sensitive law-enforcement processing.
    """
    special = data_kind in (None, "special_category")
    criminal = data_kind in (None, "criminal_offence")
    found: list[Law] = []
    if basis.get("regime") == "law_enforcement":
        found.append(LAW_ENFORCEMENT)
        if special:
            found += [law("dpa2018_sch8", i) for i in _ids(basis, "sch8")]
        return found
    found += [law("uk_gdpr_art6", i) for i in _ids(basis, "art6")]
    found += [law("uk_gdpr_annex1", i) for i in _ids(basis, "annex1")]
    if special:
        found += [law("uk_gdpr_art9_conditions", i) for i in _ids(basis, "art9")]
    if criminal and isinstance(basis.get("art10"), str):
        found.append(law("criminal_offence_data", basis["art10"]))
    if special or criminal:
        found += [law("dpa2018_sch1", i) for i in _ids(basis, "sch1")]
    return found


def _ids(mapping: Mapping[str, Any], key: str) -> list[str]:
    value = mapping.get(key)
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def join_words(items: Iterable[str], last: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    words = [i for i in items if i]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {last} {words[-1]}"


_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def long_date(value: Any) -> str:
    """``2026-04-01`` as ``1 April 2026``; anything that is not a date is shown as written."""
    date = value if isinstance(value, dt.date) else parse_date(value)
    if date is None:
        return "" if value is None else str(value)
    return f"{date.day} {_MONTHS[date.month - 1]} {date.year}"


def days_words(days: int) -> str:
    """How far a date is from today: 'today', 'in 3 days', '1 day ago'."""
    if days == 0:
        return "today"
    unit = "day" if abs(days) == 1 else "days"
    return f"in {days} {unit}" if days > 0 else f"{-days} {unit} ago"


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else many or word + 's'}"


# Words for families. Short sentences and everyday words; the law goes in brackets after.

PUBLIC_BASES = {
    "public_task": "The law gives these organisations the job of keeping children safe.",
    "legal_obligation": "The law says they must share it.",
    "vital_interests": "It may be needed to protect someone's life.",
    "consent": "You have said yes to it.",
    "contract": "It is needed for an agreement you have made with them.",
    "legitimate_interests": "They have a good reason, and they have checked it is fair to you.",
    "recognised_legitimate_interest": "The law lists it as a good reason, such as keeping someone safe.",
    "law_enforcement": "The police and similar bodies may share it to stop or look into crime.",
}
PUBLIC_CONSENT = {
    "not_required": [
        "We do not need to ask you first.",
        "The law lets us share to keep children safe.",
    ],
    "sought_where_safe": [
        "We will usually tell you when we share.",
        "If it is safe, we will ask what you think first.",
        "If asking could put a child in danger, we may share without asking.",
    ],
    "obtained": ["We will ask you first, and we only share if you say yes."],
}
PUBLIC_CONSENT_MIXED = {
    "not_required": "Sometimes we do not ask first, because the law lets us share to keep children safe.",
    "sought_where_safe": "Sometimes we tell you, and ask what you think first if it is safe.",
    "obtained": "Sometimes we only share if you say yes.",
}
PUBLIC_SENSITIVE = {
    "racial_ethnic_origin": "your family's ethnic background",
    "religious_philosophical_beliefs": "religion or beliefs",
    "health": "health",
    "sex_life": "sex life",
    "sexual_orientation": "sexuality",
    "genetic": "genes",
    "biometric_identification": "fingerprints or face scans",
    "political_opinions": "political views",
    "trade_union_membership": "trade union membership",
}
