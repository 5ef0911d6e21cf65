"""ISA2xx: references between sections resolve, and every declared thing is used.

An agreement names its parties, purposes and data categories once, by local id, and refers
to them everywhere else (who provides what, who signed, who handles complaints). A reference
that does not resolve, an id used twice, or a party or purpose that nothing refers to means
the agreement does not say what its authors think it says. Other rules silently skip
references that do not resolve: reporting them is this family's job alone.
"""

import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from isa_lint.check.severity import clerical, integrity
from isa_lint.load.schema import ALL_PARTIES, EACH_PARTY, LOCAL_ID
from isa_lint.load.suggest import close_matches
from isa_lint.rules._rule import Context, Hit, cite, rule, strings, text

FORMAT_DOC = (
    "isa-lint agreement format v1: internal references by local id (a rule of the file format, not of law)"
)

_TARGETS = {"party": "parties", "purpose": "purposes", "data": "data"}
"""Kind of thing referred to -> the top-level section that declares it."""

_NOUNS = {"party": "party", "purpose": "purpose", "data": "data category"}

_RIGHTS = ("subject_access", "rectification", "objection", "complaints")


class Ref(NamedTuple):
    """One reference by local id: where it is, what it says, and what it must name."""

    pointer: str
    value: str
    target: str
    special: str | None
    owner: str


def _list_refs(pointer: str, value: Any, target: str, special: str | None, owner: str) -> Iterator[Ref]:
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, str):
                yield Ref(f"{pointer}/{index}", item, target, special, owner)


def _one_ref(pointer: str, value: Any, target: str, special: str | None, owner: str) -> Iterator[Ref]:
    if isinstance(value, str):
        yield Ref(pointer, value, target, special, owner)


def _name(item: dict[str, Any], pointer: str) -> str:
    """An item's id for messages, or its position when it has none."""
    return text(item, "id") or f"#{int(pointer.rsplit('/', 1)[-1]) + 1}"


def references(ctx: Context) -> Iterator[Ref]:
    """Every reference by local id in the agreement."""
    for pointer, party in ctx.entries("parties"):
        owner = f"processor '{_name(party, pointer)}'"
        yield from _list_refs(f"{pointer}/processes_for", party.get("processes_for"), "party", None, owner)
    for pointer, category in ctx.entries("data"):
        owner = f"data category '{_name(category, pointer)}'"
        yield from _list_refs(f"{pointer}/purposes", category.get("purposes"), "purpose", None, owner)
        for side in ("providers", "recipients"):
            yield from _list_refs(f"{pointer}/{side}", category.get(side), "party", ALL_PARTIES, owner)
    for pointer, purpose in ctx.entries("purposes"):
        owner = f"a lawful basis of purpose '{_name(purpose, pointer)}'"
        for where, basis in ctx.items(f"{pointer}/lawful_bases", purpose.get("lawful_bases")):
            yield from _list_refs(f"{where}/parties", basis.get("parties"), "party", ALL_PARTIES, owner)
    for pointer, record in ctx.entries("records"):
        yield from _list_refs(f"{pointer}/parties", record.get("parties"), "party", ALL_PARTIES, "records")
    sharing = ctx.section("sharing")
    for pointer, entry in ctx.items("/sharing/response_times", sharing.get("response_times")):
        yield from _one_ref(f"{pointer}/purpose", entry.get("purpose"), "purpose", None, "a response time")
    for pointer, entry in ctx.entries("retention"):
        yield from _one_ref(f"{pointer}/data", entry.get("data"), "data", None, "a retention entry")
    for pointer, entry in ctx.entries("signatories"):
        yield from _one_ref(f"{pointer}/party", entry.get("party"), "party", None, "a signatory")
    owner_of_review = ctx.section("review").get("owner")
    if isinstance(owner_of_review, dict):
        yield from _one_ref(
            "/review/owner/party", owner_of_review.get("party"), "party", None, "review owner"
        )
    standards = ctx.section("security").get("standards")
    for pointer, entry in ctx.items("/security/standards", standards):
        yield from _one_ref(
            f"{pointer}/party", entry.get("party"), "party", ALL_PARTIES, "a security standard"
        )
    joint = ctx.section("scope").get("joint_controllers")
    if isinstance(joint, dict):
        yield from _one_ref(
            "/scope/joint_controllers/contact_point",
            joint.get("contact_point"),
            "party",
            None,
            "the joint controllers' contact point",
        )
    rights = ctx.section("rights")
    for right in _RIGHTS:
        handler = rights.get(right)
        if isinstance(handler, dict):
            yield from _one_ref(
                f"/rights/{right}/handled_by",
                handler.get("handled_by"),
                "party",
                EACH_PARTY,
                f"rights.{right}",
            )
    complaints = rights.get("complaints")
    if isinstance(complaints, dict):
        for pointer, route in ctx.items("/rights/complaints/routes", complaints.get("routes")):
            yield from _one_ref(f"{pointer}/party", route.get("party"), "party", None, "a complaints route")


def _known(ctx: Context) -> dict[str, set[str]]:
    """Every id declared, by kind (duplicates included once; shared: do not change it)."""
    known: dict[str, set[str]] = ctx.memo("references.known", lambda: _declared_ids(ctx))
    return known


def _declared_ids(ctx: Context) -> dict[str, set[str]]:
    known: dict[str, set[str]] = {}
    for target, section in _TARGETS.items():
        known[target] = {i for _, item in ctx.entries(section) if isinstance(i := item.get("id"), str)}
    return known


def _used_parties(ctx: Context) -> set[str]:
    """Parties that provide or receive at least one data category."""
    used: set[str] = set()
    for _, category in ctx.entries("data"):
        used |= ctx.expand(strings(category, "providers") + strings(category, "recipients"))
    return used


def _is_unresolved(ref: Ref, known: dict[str, set[str]]) -> bool:
    ids = known[ref.target]
    # Nothing declared is ISA010's to report; a malformed id is ISA013's.
    return (
        bool(ids)
        and ref.value not in ids
        and ref.value != ref.special
        and bool(re.match(LOCAL_ID, ref.value))
    )


def unresolved(ctx: Context) -> list[Ref]:
    """The references ISA201 reports: well-formed ids that name nothing declared."""
    return list(ctx.memo("references.unresolved", lambda: _unresolved(ctx)))


def _unresolved(ctx: Context) -> list[Ref]:
    known = _known(ctx)
    return [ref for ref in references(ctx) if _is_unresolved(ref, known)]


def _nearest(value: str, choices: list[str]) -> str | None:
    found = close_matches(value, choices)
    return found[0] if found else None


def intended(ctx: Context, target: str, under: str) -> set[str]:
    """Declared ids that unresolved references under a pointer prefix were probably meant to name.

    Rules that find something "not referred to" skip these: the misspelt reference is ISA201's
    to report, and fixing it fixes both.
    """
    found: set[str] = set()
    refs = unresolved(ctx)
    if not refs:
        return found  # the common case
    choices = sorted(_known(ctx)[target])
    for ref in refs:
        if ref.target == target and (ref.pointer + "/").startswith(under + "/"):
            nearest = _nearest(ref.value, choices)
            if nearest is not None:
                found.add(nearest)
    return found


@rule(
    "ISA201",
    "unresolved-reference",
    integrity(
        "A reference to something the agreement does not declare makes it say something false about itself."
    ),
    summary="A reference names a party, purpose or data category that the agreement does not declare.",
    rationale=(
        "Parties, purposes and data categories are declared once and referred to by id everywhere "
        "else. A reference that matches nothing (often a typo or a renamed id) leaves a gap: a "
        "data flow with no provider, a signature for nobody, a retention period for nothing."
    ),
    citation=cite("practice_sources:ico_code_dsa", FORMAT_DOC),
    fix=(
        "Use an id declared under parties, purposes or data (the message lists them or suggests the "
        "nearest), or declare the missing party, purpose or data category."
    ),
)
def unresolved_reference(ctx: Context) -> Iterator[Hit]:
    known = _known(ctx)
    for ref in unresolved(ctx):
        noun = _NOUNS[ref.target]
        if ref.value in (ALL_PARTIES, EACH_PARTY) and ref.target == "party":
            allowed = f"'{ref.special}' or one party" if ref.special else "one party"
            message = f"{ref.owner}: '{ref.value}' cannot be used here; name {allowed}"
        else:
            choices = sorted(known[ref.target] | ({ref.special} if ref.special else set()))
            nearest = _nearest(ref.value, choices)
            hint = f"did you mean '{nearest}'?" if nearest else "use one of: " + ", ".join(choices)
            message = (
                f"{ref.owner} names {noun} '{ref.value}', which is not declared in this agreement; {hint}"
            )
        yield ctx.hit(ref.pointer, message, at_key=False)


@rule(
    "ISA202",
    "duplicate-id",
    integrity("Two things with one id make every reference to it ambiguous."),
    summary="Two parties, two purposes or two data categories have the same id.",
    rationale=(
        "Every reference to an id must mean one thing. With two entries under one id, readers and "
        "tools cannot tell which party signed or which data a retention period covers."
    ),
    citation=cite(FORMAT_DOC),
    fix="Give each entry its own id, then check every reference to the old id points at the right one.",
)
def duplicate_id(ctx: Context) -> Iterator[Hit]:
    for target, section in _TARGETS.items():
        first: dict[str, str] = {}
        for pointer, item in ctx.entries(section):
            item_id = item.get("id")
            if not isinstance(item_id, str):
                continue
            if item_id not in first:
                first[item_id] = pointer
                continue
            line, _ = ctx.document.locate(f"{first[item_id]}/id", prefer_key=False)
            yield ctx.hit(
                f"{pointer}/id",
                f"{_NOUNS[target]} id '{item_id}' is used twice; the first is on line {line}",
                at_key=False,
            )


@rule(
    "ISA203",
    "unused-party",
    clerical("A party that shares nothing is usually a drafting slip; it breaks no law."),
    summary="A party neither provides nor receives any data category.",
    rationale=(
        "A party to a sharing agreement shares something. If no data category lists it as a provider "
        "or recipient, either the data section is incomplete (what it shares is not written down) or "
        "the organisation does not belong in this agreement."
    ),
    citation=cite("practice_sources:ico_code_dsa", "practice_sources:ico_code_data_items"),
    fix=(
        "Add the party's id to the 'providers' or 'recipients' of the data categories it shares, or "
        "remove the party (and its signatory) if it takes no part."
    ),
)
def unused_party(ctx: Context) -> Iterator[Hit]:
    if not ctx.entries("data"):
        return  # a missing or empty data section is ISA010's
    used = _used_parties(ctx) | intended(ctx, "party", "/data")
    for party_id, (pointer, _) in ctx.parties.items():
        if party_id not in used:
            yield ctx.hit(
                f"{pointer}/id",
                f"party '{party_id}' is not a provider or recipient of any data category",
                at_key=False,
            )


@rule(
    "ISA204",
    "unused-purpose",
    clerical("A purpose no data serves is usually a drafting slip; it breaks no law."),
    summary="A purpose is not listed by any data category.",
    rationale=(
        "Each purpose should be tied to the data it needs, and data shared only for purposes that "
        "need it. A purpose no data category lists is either not a real purpose of this sharing, or "
        "the data section does not say what is shared for it."
    ),
    citation=cite(
        "practice_sources:golden_rule_6", "practice_sources:ico_code_data_items", "UK GDPR Art 5(1)(b)"
    ),
    fix=(
        "Add the purpose's id to the 'purposes' of each data category it needs, or remove the purpose "
        "if nothing is shared for it."
    ),
)
def unused_purpose(ctx: Context) -> Iterator[Hit]:
    categories = ctx.entries("data")
    if not categories:
        return  # a missing or empty data section is ISA010's
    used = {p for _, category in categories for p in strings(category, "purposes")}
    used |= intended(ctx, "purpose", "/data")
    for purpose_id, (pointer, _) in ctx.purposes.items():
        if purpose_id not in used:
            yield ctx.hit(
                f"{pointer}/id",
                f"purpose '{purpose_id}' is not listed in the 'purposes' of any data category",
                at_key=False,
            )
