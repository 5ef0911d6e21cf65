"""ISA9xx: personal data must not be in an agreement.

An agreement describes sharing; it must never hold a child's or a family's details. These
rules look for identifiers that belong to people (NHS number, National Insurance number,
Unique Pupil Number, each checked against its format and check digit from the
identifier_formats catalogue), a date of birth beside a name, and personal email addresses
where a team mailbox belongs. Organisation identifiers (ODS codes, ICO numbers) are not
personal data and are never reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from isa_lint.catalogues.identifiers import find_in, may_find
from isa_lint.check.severity import practice, statute
from isa_lint.rules._rule import Check, Context, Hit, Texts, cite, rule

ORGANISATION_FIELDS = ("ods_code", "ico_registration")
"""Fields that hold organisation identifiers, never personal ones."""
_IDENTIFIERS = ("nhs_number", "ni_number", "upn")
"""The personal identifier formats looked for (ISA901-903)."""
_ORGANISATION_POINTERS = tuple(f"/{field}" for field in ORGANISATION_FIELDS)

WEBMAIL_DOMAINS = frozenset(
    (
        "gmail.com googlemail.com hotmail.com hotmail.co.uk outlook.com live.com live.co.uk msn.com "
        "yahoo.com yahoo.co.uk icloud.com me.com aol.com btinternet.com sky.com talktalk.net "
        "virginmedia.com protonmail.com proton.me "
    ).split()
)
"""Personal webmail providers: an organisation's contact never uses one."""

ROLE_WORDS = frozenset(
    (
        "abuse access admin administration advice assurance board breach breaches business care "
        "central child children childrens compliance complaints contact control corporate council cp "
        "cpis customer cyber data designated desk director disclosure disclosures doctor domestic "
        "door dpo duty early edt education emergency encompass enforcement enquiries exploitation "
        "families family feedback foi front gdpr general governance head health help home hours hub "
        "ict ig incident incidents info information intelligence interviews is it justice law le lead "
        "legal mailbox main management manager marac mash missing named nhs nurse office officer "
        "offending operations out panel partnership police privacy probation protection public "
        "quality records referral referrals request requests return review reviews rhi risk room "
        "safeguarding sar school schools security service services social strategic subject support "
        "team unit youth "
        # Abbreviations of services that name team mailboxes (probation delivery unit, youth
        # justice service, youth offending team, designated officer, IDVA service, CAMHS,
        # elective home education, children missing education).
        "camhs cme ehe idva lado pdu yjs yot "
        # Welsh: public bodies in Wales run bilingual mailboxes (Welsh Language (Wales) Measure
        # 2011 standards), such as diogelu.plant@ (safeguarding children).
        "addysg cwynion cyfrinachedd cymdeithasol cymorth cyngor diogelu diogelwch gofal "
        "gwasanaeth gwasanaethau gwybodaeth heddlu iechyd llywodraethu plant preifatrwydd swyddog "
        "teulu teuluoedd tim ymholiadau ysgol ysgolion "
    ).split()
)
"""Words found in team mailbox names; an address made only of these is a role mailbox."""

_EMAIL = re.compile(r"(?<![\w.+-])([A-Za-z0-9._%+-]+)@([A-Za-z0-9.-]+\.[A-Za-z]{2,})")
_DATE = r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}(?:st|nd|rd|th)? [A-Z][a-z]+ \d{4})"
_BIRTH = re.compile(rf"\b(?:d\.?o\.?b\.?|date of birth|born(?: on)?)\b\W{{0,3}}{_DATE}", re.IGNORECASE)
_BIRTH_QUICK = tuple(
    re.compile(rf"{words}\W{{0,3}}\d") for words in (r"born(?: on)?", "date of birth", r"d\.?o\.?b\.?")
)
"""What every match of _BIRTH contains, in lower case (a date starts with a digit): one of these.

Three searches, each starting with fixed text the engine scans for quickly, take a quarter of
the time of one search for the three alternatives."""
_AT = re.compile("@")
_NAME = re.compile(r"\b[A-Z][a-z]+(?:[-'][A-Z][a-z]+)? [A-Z][a-z]+(?:[-'][A-Z][a-z]+)?\b")

_PERSONAL_DATA_LAW = cite(
    "UK GDPR Art 4(1) (personal data); Art 5(1)(c) (data minimisation); Art 5(1)(f) (security)"
)


def _texts(ctx: Context) -> Texts:
    """Text values other than organisation identifiers (worked out once per agreement).

    Checks first search every text value (``ctx.texts``, shared with other rules): what
    is not there is not in these either, and usually nothing is.
    """
    texts: Texts = ctx.memo(
        "personal_data.texts",
        lambda: Texts([(p, v) for p, v in ctx.all_strings if not _organisation(p)]),
    )
    return texts


def _organisation(pointer: str) -> bool:
    return pointer.endswith(_ORGANISATION_POINTERS)


def _identifier_rule(format_id: str, what: str) -> Check:
    """The check for one personal identifier format (shared by ISA901-903)."""

    def check(ctx: Context) -> Iterator[Hit]:
        if not ctx.memo("personal_data.identifiers", lambda: may_find(_IDENTIFIERS, ctx.texts.joined)):
            return  # the common case: one search for the three formats
        if not may_find((format_id,), ctx.texts.joined):
            return
        for pointer, value in _texts(ctx).items:
            for found in find_in(format_id, value):
                masked = found[:2] + "*" * (len(found) - 2)
                yield ctx.hit(
                    pointer,
                    f"this value contains what looks like {what} ({masked})",
                    at_key=False,
                    sources=(f"identifier_formats:{format_id}",),
                )

    return check


_REMOVE = "Delete the identifier. An agreement describes what is shared, never about whom; keep case details in case records."

nhs_number = rule(
    "ISA901",
    "nhs-number-in-agreement",
    statute(
        "A real NHS number in an agreement discloses a person's data with no purpose (UK GDPR Art 5(1)(b)-(c), (f))."
    ),
    summary="A value contains an NHS number (ten digits that pass the NHS modulus 11 check).",
    rationale="An NHS number identifies one person. An agreement is shared widely and kept in Git for years; a child's identifier in it is a data breach.",
    citation=_PERSONAL_DATA_LAW,
    fix=_REMOVE,
)(_identifier_rule("nhs_number", "an NHS number"))

ni_number = rule(
    "ISA902",
    "ni-number-in-agreement",
    statute(
        "A real National Insurance number in an agreement discloses a person's data with no purpose (UK GDPR Art 5(1)(b)-(c), (f))."
    ),
    summary="A value contains a National Insurance number.",
    rationale="A National Insurance number identifies one person and must not appear in an agreement that many people read.",
    citation=_PERSONAL_DATA_LAW,
    fix=_REMOVE,
)(_identifier_rule("ni_number", "a National Insurance number"))

upn = rule(
    "ISA903",
    "upn-in-agreement",
    statute(
        "A real Unique Pupil Number in an agreement discloses a child's data with no purpose (UK GDPR Art 5(1)(b)-(c), (f))."
    ),
    summary="A value contains a Unique Pupil Number (with a valid check letter).",
    rationale="A UPN identifies one pupil; it belongs in a school's records, never in an agreement.",
    citation=_PERSONAL_DATA_LAW,
    fix=_REMOVE,
)(_identifier_rule("upn", "a Unique Pupil Number"))


@rule(
    "ISA904",
    "date-of-birth-with-name",
    statute(
        "A named person's date of birth in an agreement discloses their data with no purpose (UK GDPR Art 5(1)(b)-(c), (f))."
    ),
    summary="A value gives a date of birth next to a person's name.",
    rationale="A name with a date of birth identifies a child. Examples in an agreement must use no real details at all.",
    citation=_PERSONAL_DATA_LAW,
    fix="Remove the name and date of birth; describe the category instead, for example 'the child's name and date of birth'.",
)
def date_of_birth_with_name(ctx: Context) -> Iterator[Hit]:
    folded = ctx.texts.folded
    if folded is not None and not any(quick.search(folded) for quick in _BIRTH_QUICK):
        return  # the common case, found several times faster than with _BIRTH
    texts = _texts(ctx)
    if _BIRTH.search(texts.joined) is None:
        return
    for pointer, value in texts.items:
        if _BIRTH.search(value) and _NAME.search(_BIRTH.sub(" ", value)):
            yield ctx.hit(pointer, "this value gives a date of birth beside a name", at_key=False)


@rule(
    "ISA905",
    "personal-email",
    practice("A team mailbox keeps working when a person leaves; a personal address breaks no law."),
    summary="A contact is a personal email address where a team mailbox belongs.",
    rationale=(
        "A named person's address stops working when they move on, so requests, breaches and complaints go unanswered; "
        "and the address is itself personal data in a widely shared document."
    ),
    citation=cite("practice_sources:ico_code_accountability", "UK GDPR Art 5(1)(c)"),
    fix="Use a team or role mailbox, such as safeguarding@council.gov.uk or dpo@trust.nhs.uk.",
)
def personal_email(ctx: Context) -> Iterator[Hit]:
    for pointer, value in ctx.texts.matching(_AT):
        if _organisation(pointer):
            continue
        for local, domain in _EMAIL.findall(value):
            if domain.lower() in WEBMAIL_DOMAINS:
                yield ctx.hit(pointer, f"{local}@{domain} is a personal webmail address", at_key=False)
            elif _looks_like_a_person(local):
                yield ctx.hit(pointer, f"{local}@{domain} looks like a named person's address", at_key=False)


def _looks_like_a_person(local: str) -> bool:
    """'jane.smith' or 'j.smith', but not 'data.protection' or 'safeguarding.children'."""
    parts = [p for p in re.split(r"[._-]", local.lower()) if p]
    if len(parts) < 2 or len(parts) > 3 or not all(p.isalpha() for p in parts):
        return False
    return not any(_is_role_word(part) for part in parts)


def _is_role_word(part: str) -> bool:
    """A role word, or two run together as NHS mailboxes write them ('informationgovernance')."""
    return part in ROLE_WORDS or any(
        part[:cut] in ROLE_WORDS and part[cut:] in ROLE_WORDS for cut in range(3, len(part) - 2)
    )
