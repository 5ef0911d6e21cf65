"""ISA7xx: security. Shared information must be kept secure in transit and at rest.

Safeguarding information is among the most sensitive personal data there is: a referral
sent to the wrong fax machine, or a breach one partner keeps quiet about, can put a child
at greater risk. UK GDPR Art 5(1)(f) and Art 32 require security appropriate to that risk,
Art 33 gives each controller 72 hours to report a breach to the ICO, and the ICO data
sharing code expects an agreement to set out common security standards and breach
procedures. These rules check that the agreement names secure transfer methods, real
controls, the assurance NHS partners hold, and a breach notice fast enough to be useful.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from isa_lint.check.severity import check, guidance, practice
from isa_lint.load.schema import ALL_PARTIES, INSECURE_METHODS, SECURE_METHODS
from isa_lint.rules._rule import Context, Hit, cite, rule, text
from isa_lint.rules.required import placeholder_in

ART5_1_F = "UK GDPR Art 5(1)(f) (integrity and confidentiality)"
ART32 = "UK GDPR Art 32 (security of processing)"
ART33 = "UK GDPR Art 33(1) (notify the ICO without undue delay and, where feasible, within 72 hours)"
ICO_DEADLINE_HOURS = 72
"""UK GDPR Art 33(1): a controller reports a breach to the ICO within 72 hours of becoming aware."""

SAFER_METHOD = {
    "unencrypted_email": "secure_email",
    "fax": "secure_email or secure_portal",
    "unencrypted_media": "encrypted_media",
    "post": "secure_post",
}
"""The secure method to suggest in place of each insecure one (a hint, not the list of insecure methods)."""

CONTROLS = {
    "transfer": "how information is protected while it is moved",
    "storage": "where and how each receiving party stores it",
    "access_control": "who can open shared records and how that is enforced",
}
"""The security fields whose text must describe a real control, and what each should say."""
MIN_CONTROL_WORDS = 5
BREACH_POINTER = "/security/breach_notification/within_hours"

_WORD = re.compile(r"\w+")


def _breach_hours(ctx: Context) -> int | None:
    """The agreed hours for telling the other parties about a breach, when it is a whole number."""
    breach = ctx.section("security").get("breach_notification")
    hours = breach.get("within_hours") if isinstance(breach, dict) else None
    return hours if isinstance(hours, int) and not isinstance(hours, bool) and hours >= 0 else None


@rule(
    "ISA701",
    "insecure-transfer",
    guidance(
        "UK GDPR Art 32 asks for security appropriate to the risk; ICO guidance says these methods are not, but the test is risk-based."
    ),
    summary="A sharing method is not secure: unencrypted email, fax, unencrypted media or ordinary post.",
    rationale=(
        "Safeguarding information sent by unencrypted email, fax or ordinary post can be read or lost "
        "on the way, and a misdirected fax or letter about a child is a serious breach. The agreement "
        "must only allow routes that protect the information in transit."
    ),
    citation=cite(ART5_1_F, ART32, "practice_sources:ico_code_security", "practice_sources:golden_rule_6"),
    fix=f"Replace the method with a secure one ({', '.join(SECURE_METHODS)}), or remove it.",
)
def insecure_transfer(ctx: Context) -> Iterator[Hit]:
    sharing = ctx.section("sharing")
    for pointer, entry in ctx.items("/sharing/methods", sharing.get("methods")):
        method = text(entry, "method")
        if method in INSECURE_METHODS:
            safer = SAFER_METHOD.get(method, "a secure method")
            yield ctx.hit(
                f"{pointer}/method",
                f"sharing method '{method}' is not secure: information sent this way is not protected in transit",
                fix=f"Use {safer} instead of '{method}', or remove this method.",
                at_key=False,
            )


@rule(
    "ISA702",
    "breach-notification-too-late",
    guidance(
        "A partner's delay eats into each controller's 72 hours (UK GDPR Art 33(1)); the agreement's term itself breaks no statute."
    ),
    summary="Parties may take 72 hours or more to tell each other about a breach.",
    rationale=(
        "Each controller must report a notifiable breach to the ICO within 72 hours of becoming aware "
        "of it. If a partner may wait that long before telling the others, they learn of it too late "
        "to assess it, protect the children involved and make their own report in time."
    ),
    citation=cite(ART33, "practice_sources:ico_code_breach"),
    fix=(
        "Set security.breach_notification.within_hours well under 72, such as 24, so every party "
        "can still report to the ICO in time."
    ),
)
def breach_notification_too_late(ctx: Context) -> Iterator[Hit]:
    hours = _breach_hours(ctx)
    if hours is not None and hours >= ICO_DEADLINE_HOURS:
        yield ctx.hit(
            BREACH_POINTER,
            f"parties have {hours} hours to tell each other about a breach, which leaves no time "
            f"within the {ICO_DEADLINE_HOURS} hours each controller has to report it to the ICO",
            at_key=False,
        )


@rule(
    "ISA703",
    "breach-notification-slow",
    practice("A notice period shorter than 72 hours is good practice, not a legal limit."),
    summary="Parties may take longer than the configured time (24 hours by default) to tell each other about a breach.",
    rationale=(
        "A partner that learns of a breach late has little of its 72 hours left to investigate, "
        "contain it and report to the ICO. A day is the usual limit between partners; a longer "
        "period should be a deliberate choice."
    ),
    citation=cite(ART33, "practice_sources:ico_code_breach"),
    fix=(
        "Shorten security.breach_notification.within_hours to 24 or less, or raise breach_warning_hours "
        "in the isa-lint configuration if the partnership has agreed a longer time on purpose."
    ),
)
def breach_notification_slow(ctx: Context) -> Iterator[Hit]:
    hours = _breach_hours(ctx)
    limit = ctx.settings.breach_warning_hours
    if hours is not None and limit < hours < ICO_DEADLINE_HOURS:
        yield ctx.hit(
            BREACH_POINTER,
            f"parties have {hours} hours to tell each other about a breach, more than {limit}, "
            f"leaving only {ICO_DEADLINE_HOURS - hours} hours for the ICO report",
            at_key=False,
        )


@rule(
    "ISA704",
    "dspt-missing",
    guidance(
        "NHS bodies must complete the DSPT under NHS England's requirements; the ICO code expects security evidence."
    ),
    summary="An NHS body or GP practice in England has no Data Security and Protection Toolkit (DSPT) entry.",
    rationale=(
        "NHS bodies and GP practices in England publish a DSPT assessment every year; it is the "
        "simplest evidence the partners have that a health party keeps shared information secure. "
        "An agreement should record each one's current status."
    ),
    citation=cite("practice_sources:dspt", "practice_sources:ico_code_security", ART32),
    fix=(
        "Add an entry to security.standards with 'standard: dspt', the party's id and its current "
        "status, such as 'Standards Met 2025-26'."
    ),
)
def dspt_missing(ctx: Context) -> Iterator[Hit]:
    holders = _dspt_holders(ctx)
    if holders is None:
        return
    for party_id, (_, party) in ctx.parties.items():
        kind = ctx.kind(party)
        nation = party.get("nation")
        if kind is None or not kind.get("ods_identifier") or party_id in holders:
            continue
        if isinstance(nation, str) and nation != "england":
            continue  # the DSPT is England's toolkit; Welsh NHS bodies use their own assurance
        yield ctx.hit(
            "/security/standards",
            f"party '{party_id}' is an NHS body or GP practice ({kind['title']}) but security.standards "
            "gives no DSPT status for it",
            fix=f"Add '- standard: dspt' with 'party: {party_id}' and its current status to security.standards.",
        )


def _dspt_holders(ctx: Context) -> set[str] | None:
    """The parties a DSPT entry covers; None when an entry names an unknown party.

    An entry for an unknown party (ISA201's finding) may be meant for any party, so ISA704
    waits until the reference is fixed rather than report the same typo again.
    """
    holders: set[str] = set()
    for _, entry in ctx.items("/security/standards", ctx.section("security").get("standards")):
        party = text(entry, "party")
        if text(entry, "standard") != "dspt" or party is None:
            continue
        if party != ALL_PARTIES and party not in ctx.parties:
            return None
        holders |= ctx.expand([party])
    return holders


def _word_count(value: str) -> int:
    return len(_WORD.findall(value))


def _thin(value: str) -> bool:
    """Text too short to describe a control, leaving empty text (ISA010) and placeholders (ISA102) alone."""
    if not value.strip() or placeholder_in(value) is not None:
        return False
    return _word_count(value) < MIN_CONTROL_WORDS


@rule(
    "ISA705",
    "security-too-thin",
    check("A short description may still be adequate; the reader should check it."),
    summary=f"A security control (transfer, storage or access control) is described in fewer than {MIN_CONTROL_WORDS} words.",
    rationale=(
        "'Secure' or 'encrypted' does not tell a partner what to do or a reviewer what was agreed. "
        "The agreement should say which systems, which protections and which people, so that each "
        "party can check it meets the standard."
    ),
    citation=cite("practice_sources:ico_code_security", ART32),
    fix=(
        "Describe the control in a sentence: the system or route used, how it is protected, and who "
        "can reach the information."
    ),
)
def security_too_thin(ctx: Context) -> Iterator[Hit]:
    security = ctx.section("security")
    for field, wanted in CONTROLS.items():
        value = security.get(field)
        if isinstance(value, str) and _thin(value):
            yield ctx.hit(
                f"/security/{field}",
                f"security.{field} says only '{value.strip()}': that is too short to show {wanted}",
                fix=f"Write a sentence in security.{field} saying {wanted}.",
                at_key=False,
            )
