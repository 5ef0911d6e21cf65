"""ISA6xx: the parties. Who each organisation is, in what role, and how people reach it.

An agreement is between controllers, each answerable for its own processing: each must be on
the ICO's register, tell people how it uses their information, and be identifiable without
doubt. Processors are not parties (they act under an Art 28 contract), joint controllers
need an Art 26 arrangement, NHS bodies carry an ODS code that ties them to the national
directory, and the same organisation must not appear twice. Identifier formats come from the
identifier_formats catalogue; because those formats are secondary or unverified there, the
format checks are warnings.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from isa_lint import catalogues
from isa_lint.catalogues.identifiers import matches
from isa_lint.check.severity import clerical, guidance, integrity, practice, statute
from isa_lint.rules._rule import Context, Hit, cite, rule, strings, text
from isa_lint.rules.duties import join_words, standing
from isa_lint.rules.required import placeholder_in

CONTROLLER_ROLES = ("controller", "joint_controller")
ICO_FORMAT = "ico_registration"


def _controllers(ctx: Context) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Parties whose role is controller or joint controller."""
    for party_id, (pointer, party) in ctx.parties.items():
        if text(party, "role") in CONTROLLER_ROLES:
            yield party_id, pointer, party


def _identifier(party: Mapping[str, Any], key: str) -> str | None:
    """An identifier written in a party, stripped; None when absent, not text, or a placeholder (ISA102's)."""
    value = text(party, key)
    if value is None or placeholder_in(value):
        return None
    return value.strip()


def _examples(format_id: str) -> str:
    entry = catalogues.entry("identifier_formats", format_id) or {}
    return join_words(entry.get("examples", []), last="or")


def _ods_format(ctx: Context, party: Mapping[str, Any]) -> catalogues.Entry | None:
    """The ODS identifier format of a party's kind, when the kind has one and exists in its nation."""
    found = standing(ctx, party)  # a kind that does not exist in its nation is ISA501's
    format_id = found.kind.get("ods_identifier") if found else None
    return catalogues.entry("identifier_formats", format_id) if isinstance(format_id, str) else None


@rule(
    "ISA601",
    "ico-number-format",
    clerical("A malformed ICO registration number is a clerical fault."),
    summary="A party's ICO registration number is not in the register's format (Z and 7 digits, or Z, a letter and 6 digits).",
    rationale=(
        "The ICO registration number lets anyone check on the ICO's public register that a party "
        "has paid the data protection fee and whom to contact. A mistyped number points to another "
        "organisation or to none. The format is taken from the register and published notices; the "
        "newer letter form is not confirmed by the ICO, hence a warning."
    ),
    citation=cite("identifier_formats:ico_registration"),
    fix="Copy the number from the party's entry on the ICO register of fee payers, such as Z5347709 or ZA011770.",
)
def ico_number_format(ctx: Context) -> Iterator[Hit]:
    for party_id, (pointer, party) in ctx.parties.items():
        value = _identifier(party, "ico_registration")
        if value is None or matches(ICO_FORMAT, value):
            continue
        fix = None
        if matches(ICO_FORMAT, value.upper()):
            fix = f"Write the number in capitals: {value.upper()}."
        yield ctx.hit(
            f"{pointer}/ico_registration",
            f"party '{party_id}': ICO registration number '{value}' is not in the register's format "
            f"(such as {_examples(ICO_FORMAT)})",
            fix=fix,
            at_key=False,
        )


@rule(
    "ISA602",
    "ico-number-missing",
    guidance(
        "The ICO data sharing code expects each controller to be identified; the number itself is not required in the agreement."
    ),
    summary="A controller or joint controller gives no ICO registration number.",
    rationale=(
        "Controllers must pay the ICO data protection fee, and the register entry is how partners "
        "and the public check who they are. Some bodies are exempt from the fee, so this is a "
        "warning: say so where that applies."
    ),
    citation=cite(
        "identifier_formats:ico_registration",
        "Data Protection (Charges and Information) Regulations 2018 (the data protection fee)",
    ),
    fix=(
        "Add 'ico_registration' with the number from the ICO register of fee payers. If the body is "
        "exempt from the fee, suppress this finding on the party with the reason."
    ),
)
def ico_number_missing(ctx: Context) -> Iterator[Hit]:
    for party_id, pointer, party in _controllers(ctx):
        if "ico_registration" not in party:
            yield ctx.hit(
                pointer,
                f"party '{party_id}' is a {party['role'].replace('_', ' ')} but gives no ico_registration",
            )


@rule(
    "ISA603",
    "processor-as-party",
    guidance(
        "UK GDPR Art 28(3) requires the contract; the ICO data sharing code expects the agreement to "
        "identify processors and whom they act for."
    ),
    summary=(
        "A party whose role is processor does not say which Art 28 contract it works under "
        "(processor_contract), or which controllers it processes for (processes_for), or handles data "
        "that none of those controllers provides or receives."
    ),
    rationale=(
        "A processor acts only on a controller's documented instructions, under a contract that meets "
        "UK GDPR Art 28(3), and takes no decision about the sharing (Art 29); it is not held to the "
        "checks on controllers (lawful bases, statutory duties, privacy notices, signatures). It may "
        "be listed as a party, but the agreement must show whose processor it is and under which "
        "contract, for every data category it handles, so that each controller stays answerable for "
        "what its processor does."
    ),
    citation=cite(
        "UK GDPR Art 28(3) (processor contract)",
        "UK GDPR Art 29 (processing under the controller's authority)",
        "practice_sources:ico_code_dsa",
    ),
    fix=(
        "Give the processor 'processor_contract' (the Art 28 contract's title or reference, date and "
        "where it is held) and 'processes_for' (the ids of the controllers it acts for, among those "
        "that provide or receive the data it handles). If the organisation decides why and how it uses "
        "the information, make it a controller instead."
    ),
)
def processor_as_party(ctx: Context) -> Iterator[Hit]:
    for party_id, (pointer, party) in ctx.parties.items():
        if text(party, "role") != "processor":
            continue
        contract = text(party, "processor_contract")
        if contract is None:
            yield ctx.hit(
                f"{pointer}/role",
                f"party '{party_id}' is a processor but does not say which UK GDPR Art 28 contract it "
                "works under ('processor_contract')",
                at_key=False,
            )
        named = [c for c in strings(party, "processes_for") if c in ctx.parties]
        controllers = [c for c in named if text(ctx.parties[c][1], "role") in CONTROLLER_ROLES]
        if "processes_for" not in party:
            yield ctx.hit(
                f"{pointer}/role",
                f"party '{party_id}' is a processor but does not name the controllers it processes for "
                "('processes_for')",
                at_key=False,
            )
            continue
        for index, other in enumerate(strings(party, "processes_for")):
            if other in ctx.parties and other not in controllers:
                yield ctx.hit(
                    f"{pointer}/processes_for/{index}",
                    f"processor '{party_id}' processes for '{other}', which is not a controller: a "
                    "processor acts for a controller or joint controller",
                    at_key=False,
                )
        if not controllers:
            continue  # nothing to compare the data with; the missing controller is reported above
        for data_id, (data_pointer, category) in ctx.data_categories.items():
            sides = [
                side
                for side in ("providers", "recipients")
                if party_id in ctx.expand(strings(category, side))
            ]
            if not sides:
                continue
            involved = ctx.expand(strings(category, "providers") + strings(category, "recipients"))
            if involved & set(controllers):
                continue
            yield ctx.hit(
                f"{data_pointer}/{sides[0]}",
                f"processor '{party_id}' handles data category '{data_id}', but none of the controllers "
                f"it processes for ({', '.join(repr(c) for c in controllers)}) provides or receives it: "
                "no controller answers for that processing",
            )


@rule(
    "ISA604",
    "privacy-notice-missing",
    guidance(
        "UK GDPR Arts 13-14 require privacy information, not a link in the agreement; the ICO code expects it."
    ),
    summary="A controller or joint controller gives no link to its privacy notice.",
    rationale=(
        "Each controller must tell people how it uses their information, including whom it shares "
        "it with (UK GDPR Arts 13 and 14). Families, practitioners and partners need to find that "
        "notice, and the agreement is where partners check that each one says the sharing happens."
    ),
    citation=cite(
        "practice_sources:ico_code_transparency",
        "practice_sources:golden_rule_2",
        "UK GDPR Arts 13-14 (information to be provided)",
    ),
    fix="Add 'privacy_notice' with the https:// address of the party's privacy notice that covers this sharing.",
)
def privacy_notice_missing(ctx: Context) -> Iterator[Hit]:
    for party_id, pointer, party in _controllers(ctx):
        if "privacy_notice" not in party:
            yield ctx.hit(pointer, f"party '{party_id}' is a controller but gives no privacy_notice")


@rule(
    "ISA605",
    "joint-controllers-arrangement",
    statute("UK GDPR Art 26: joint controllers must have an arrangement setting out their responsibilities."),
    summary=(
        "Joint controllers without an Art 26 arrangement in scope.joint_controllers, a single party "
        "marked joint controller, or an arrangement with no joint controllers."
    ),
    rationale=(
        "Joint controllers decide the purposes and means of processing together, so there are at "
        "least two of them, and UK GDPR Art 26 requires them to set out who does what, above all "
        "towards the people whose information it is, in an arrangement whose essence people can "
        "see. It is the one part of a sharing agreement the law requires."
    ),
    citation=cite("UK GDPR Art 26(1)-(2) (joint controllers)", "practice_sources:ico_code_joint_controllers"),
    fix=(
        "Add scope.joint_controllers with the 'arrangement' (where it is set out and its essence) and "
        "the 'contact_point' party; mark every party that decides purposes and means together as "
        "joint_controller, and the others as controller."
    ),
)
def joint_controllers_arrangement(ctx: Context) -> Iterator[Hit]:
    joint = [
        (party_id, pointer)
        for party_id, (pointer, party) in ctx.parties.items()
        if text(party, "role") == "joint_controller"
    ]
    scope = ctx.section("scope")
    if joint and "joint_controllers" not in scope:
        names = join_words(f"'{party_id}'" for party_id, _ in joint)
        yield ctx.hit(
            "/scope",
            f"{'parties' if len(joint) > 1 else 'party'} {names} {'are' if len(joint) > 1 else 'is a'} "
            f"joint controller{'s' if len(joint) > 1 else ''}, but scope.joint_controllers sets out no "
            "Art 26 arrangement or contact point",
        )
    if len(joint) == 1:
        party_id, pointer = joint[0]
        yield ctx.hit(
            f"{pointer}/role",
            f"party '{party_id}' is the only joint controller: joint controllers decide purposes and "
            "means together, so at least two parties have this role",
            fix=(
                f"Mark as joint_controller the other parties that decide purposes and means with "
                f"'{party_id}', or make '{party_id}' a controller."
            ),
            at_key=False,
        )
    if not joint and ctx.parties and isinstance(scope.get("joint_controllers"), dict):
        yield ctx.hit(
            "/scope/joint_controllers",
            "scope.joint_controllers sets out an Art 26 arrangement, but no party has role joint_controller",
            fix=(
                "Mark the parties that decide purposes and means together as joint_controller, or "
                "remove scope.joint_controllers if every party is a controller on its own."
            ),
        )


@rule(
    "ISA606",
    "ods-code",
    clerical("A malformed ODS code is a clerical fault."),
    summary="An NHS party's ODS code is not in the form the identifier_formats catalogue gives for its kind of body (for a trust, R or T and two characters).",
    rationale=(
        "The NHS Organisation Data Service code identifies an NHS body in national systems and "
        "directories. A code in the wrong form (often a site code, or another kind of body's code) "
        "ties the agreement to the wrong organisation. The formats come from ODS conventions as "
        "reported, not from ODS itself, hence a warning."
    ),
    citation=cite(
        "identifier_formats:ods_nhs_trust", "identifier_formats:ods_icb", "identifier_formats:ods_gp_practice"
    ),
    fix="Copy the organisation's own code (not a site's) from the NHS Organisation Data Service.",
)
def ods_code(ctx: Context) -> Iterator[Hit]:
    for party_id, (pointer, party) in ctx.parties.items():
        value = _identifier(party, "ods_code")
        form = _ods_format(ctx, party) if value is not None else None
        if value is None or form is None or matches(form["id"], value):
            continue
        caution = " (the catalogue's format for it is unverified)" if form["status"] == "unverified" else ""
        fix = None
        own = next((value[:n] for n in range(len(value) - 1, 0, -1) if matches(form["id"], value[:n])), None)
        if own is not None:
            fix = f"'{value}' looks like a site code: give the organisation's own code, probably '{own}'."
        yield ctx.hit(
            f"{pointer}/ods_code",
            f"party '{party_id}': ODS code '{value}' is not in the form of an {form['title']}{caution}, "
            f"such as {_examples(form['id'])}",
            fix=fix,
            at_key=False,
        )


@rule(
    "ISA607",
    "ods-code-missing",
    practice("An ODS code helps match records; no law requires it in an agreement."),
    summary="A party whose kind of body has an NHS ODS code (trusts, ICBs, Local Health Boards, GP practices) gives none.",
    rationale=(
        "NHS bodies are identified across national systems by their Organisation Data Service code. "
        "Giving it removes any doubt about which trust or practice signed, when names change or "
        "organisations merge."
    ),
    citation=cite("identifier_formats:ods_nhs_trust", "practice_sources:dspt"),
    fix="Add 'ods_code' with the organisation's code from the NHS Organisation Data Service.",
)
def ods_code_missing(ctx: Context) -> Iterator[Hit]:
    for party_id, (pointer, party) in ctx.parties.items():
        form = _ods_format(ctx, party)
        if form is not None and "ods_code" not in party:
            yield ctx.hit(
                pointer,
                f"party '{party_id}' is an NHS body but gives no ods_code",
                fix=f"Add 'ods_code' with the organisation's ODS code (in the form of {_examples(form['id'])}).",
            )


@rule(
    "ISA608",
    "duplicate-party",
    integrity("One organisation listed twice makes every reference to it ambiguous."),
    summary="Two parties have the same name or the same ICO registration number.",
    rationale=(
        "The same organisation described twice under two ids splits its data flows, lawful bases and "
        "signatures between entries, so neither says the whole truth. Two organisations with one ICO "
        "number means one of the numbers is wrong."
    ),
    citation=cite("practice_sources:ico_code_dsa"),
    fix=(
        "If both entries are the same organisation, merge them into one party and update the "
        "references; if not, correct the name or the ICO number."
    ),
)
def duplicate_party(ctx: Context) -> Iterator[Hit]:
    names: dict[str, str] = {}
    numbers: dict[str, str] = {}
    for party_id, (pointer, party) in ctx.parties.items():
        name = text(party, "name")
        key = " ".join(name.split()).casefold() if name else ""
        number = (_identifier(party, "ico_registration") or "").upper()
        if key and key in names:
            yield ctx.hit(
                f"{pointer}/name",
                f"party '{party_id}' has the same name as party '{names[key]}' ('{name}')",
                at_key=False,
            )
        elif number and number in numbers:
            yield ctx.hit(
                f"{pointer}/ico_registration",
                f"party '{party_id}' has the same ICO registration number as party '{numbers[number]}' ({number})",
                at_key=False,
            )
        if key:
            names.setdefault(key, party_id)
        if number:
            numbers.setdefault(number, party_id)
