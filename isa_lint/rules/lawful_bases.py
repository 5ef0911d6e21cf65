"""ISA4xx: lawful bases. Every party needs the right legal conditions for what it shares.

Data protection law asks a different question for each kind of data and each regime. Under
UK GDPR every party needs an Art 6 basis; special category data also needs an Art 9
condition, which for points (b), (g), (h), (i) and (j) is met only through a DPA 2018
Schedule 1 condition (s.10(2)-(3)); criminal offence data needs official authority or a
Schedule 1 condition (Art 10, s.10(5)); most Schedule 1 conditions need an appropriate policy
document. Competent authorities processing for law-enforcement purposes work under DPA 2018
Part 3 instead, where sensitive processing needs a Schedule 8 condition and a policy document.
These rules check each purpose's ``lawful_bases`` against what each party actually provides
or receives, and against the body each party is. Catalogue flags (needs_sch1, apd,
public_authority, competent_authority...) carry the law; the code only combines them.
"""

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, NamedTuple

from isa_lint import catalogues
from isa_lint.check.severity import check, guidance, statute
from isa_lint.load.schema import REGIMES
from isa_lint.rules._rule import Context, Hit, cite, is_processor, rule, strings, text
from isa_lint.rules.references import intended

UK_GDPR, LAW_ENFORCEMENT = REGIMES
SPECIAL = "special_category"
CRIMINAL = "criminal_offence"
SAFEGUARDING = "safeguarding"
LE_PURPOSE = "law_enforcement"
CONSENT_OBTAINED = "obtained"
ART10_SCH1 = "sch1_condition"

ART6_CONSENT = "consent"
"""The Art 6(1)(a) entry of uk_gdpr_art6 (the catalogue has no consent flag for Art 6)."""

USUAL_PART2 = ("p18_safeguarding", "p6_statutory_government")
"""Sch 1 Part 2 conditions to suggest with Art 9(2)(g) in safeguarding agreements
(legal.md section 3: the usual pair is 9(2)(g) + para 18, or para 6)."""

GDPR_ONLY_KEYS = ("art6", "annex1", "art9", "sch1", "art10")
"""Keys of a lawful basis entry that belong to UK GDPR processing only."""

ART6_CATALOGUE = "uk_gdpr_art6"
ART9_CATALOGUE = "uk_gdpr_art9_conditions"
SCH1_CATALOGUE = "dpa2018_sch1"
SCH8_CATALOGUE = "dpa2018_sch8"


# --- Reading an agreement's lawful bases --------------------------------------------------


class Listed(NamedTuple):
    """One known catalogue id listed in a lawful basis entry, with its pointer."""

    pointer: str
    id: str
    entry: catalogues.Entry


class Basis(NamedTuple):
    """One lawful basis entry of a purpose and the declared parties it covers."""

    pointer: str
    entry: dict[str, Any]
    parties: frozenset[str]
    regime: str | None
    """uk_gdpr or law_enforcement; None when missing or unknown (the schema reports it).
    Read once here: the family's checks ask for it about 170 times an agreement."""

    @property
    def law_enforcement(self) -> bool:
        return self.regime == LAW_ENFORCEMENT

    def has(self, key: str) -> bool:
        """True when the entry lists at least one value (known or not) under ``key``."""
        return bool(strings(self.entry, key))

    def gives(self, key: str) -> bool:
        """True when the entry has ``key`` at all; an empty or mistyped value is the schema's."""
        return key in self.entry

    def listed(self, key: str, name: str) -> list[Listed]:
        """The values under ``key`` that are ids of catalogue ``name``; unknown ids are ISA013's."""
        value = self.entry.get(key)
        if not isinstance(value, list):
            return []
        found = []
        for index, item in enumerate(value):
            if isinstance(item, str) and (entry := catalogues.entry(name, item)) is not None:
                found.append(Listed(f"{self.pointer}/{key}/{index}", item, entry))
        return found

    def has_unknown(self, key: str, name: str) -> bool:
        """True when a value under ``key`` is not in catalogue ``name`` (a typo the schema reports)."""
        return any(catalogues.entry(name, item) is None for item in strings(self.entry, key))


class Purpose(NamedTuple):
    """A purpose, its lawful basis entries, and who takes part in it with which data."""

    id: str
    pointer: str
    item: dict[str, Any]
    bases: list[Basis]
    taking_part: dict[str, set[str]]

    def bases_of(self, party: str) -> list[Basis]:
        return [basis for basis in self.bases if party in basis.parties]

    @property
    def kind(self) -> str | None:
        return text(self.item, "kind")

    @property
    def consent_approach(self) -> str | None:
        consent = self.item.get("consent")
        return text(consent, "approach") if isinstance(consent, dict) else None


class Regimes(NamedTuple):
    """The entries naming one party for one purpose, split by regime."""

    gdpr: list[Basis]
    law_enforcement: list[Basis]
    unknown: bool


def purposes(ctx: Context) -> list[Purpose]:
    """Every purpose with its lawful bases, limited to declared parties (others are ISA201's).

    Worked out once per agreement for every rule of the family; callers must not change it.
    """
    found: list[Purpose] = ctx.memo("lawful_bases.purposes", lambda: _purposes(ctx))
    return found


def _purposes(ctx: Context) -> list[Purpose]:
    declared = set(ctx.parties)
    found = []
    for purpose_id, (pointer, item) in ctx.purposes.items():
        bases = [
            Basis(where, entry, frozenset(parties & declared), _regime(entry))
            for where, entry, parties in ctx.bases_for(item, pointer)
        ]
        taking_part = {p: d for p, d in ctx.participants(purpose_id).items() if p in declared}
        found.append(Purpose(purpose_id, pointer, item, bases, taking_part))
    return found


def _regime(entry: dict[str, Any]) -> str | None:
    value = entry.get("regime")
    return value if isinstance(value, str) and value in REGIMES else None


def regimes(purpose: Purpose, party: str) -> Regimes:
    mine = purpose.bases_of(party)
    return Regimes(
        gdpr=[b for b in mine if b.regime == UK_GDPR],
        law_enforcement=[b for b in mine if b.law_enforcement],
        unknown=any(b.regime is None for b in mine),
    )


def gdpr_entries(purpose: Purpose) -> list[Basis]:
    """Entries checked as UK GDPR processing: all but law_enforcement ones (those are ISA416's)."""
    return [basis for basis in purpose.bases if not basis.law_enforcement]


def data_of_kind(ctx: Context, data_ids: Iterable[str], kind: str) -> list[str]:
    """The data category ids among ``data_ids`` whose kind is ``kind``, sorted."""
    found = []
    for data_id in data_ids:
        category = ctx.data_categories.get(data_id)
        if category is not None and category[1].get("kind") == kind:
            found.append(data_id)
    return sorted(found)


def quoted(values: Iterable[str]) -> str:
    """'a', 'b' and 'c'."""
    items = [f"'{v}'" for v in values]
    return " and ".join(items) if len(items) < 3 else ", ".join(items[:-1]) + " and " + items[-1]


def named(items: Iterable[str], one: str, many: str) -> str:
    """'party 'a'' or 'parties 'a' and 'b''."""
    found = sorted(items)
    return f"{one if len(found) == 1 else many} {quoted(found)}"


def who(parties: Iterable[str]) -> str:
    return named(parties, "party", "parties")


def label(listed: Listed) -> str:
    """A listed catalogue id as the reader wrote it, with the provision it stands for."""
    provision = re.split(r" \(|; |, ", str(listed.entry["citation"]))[0]
    return f"'{listed.id}' ({provision})"


def kind_flag(ctx: Context, party_id: str, flag: str) -> bool | None:
    """A body_kinds flag for a declared party, or None when its kind is unknown."""
    found = ctx.parties.get(party_id)
    kind = ctx.kind(found[1]) if found is not None else None
    return bool(kind.get(flag)) if kind is not None else None


def _kinds_of(ctx: Context, party_ids: Iterable[str]) -> tuple[str, ...]:
    """The body_kinds entries (``body_kinds:id``) of some parties: the facts a check read about them."""
    kinds = {
        kind for p in party_ids if p in ctx.parties and isinstance(kind := ctx.parties[p][1].get("kind"), str)
    }
    return tuple(f"body_kinds:{k}" for k in sorted(kinds))


def grouped(found: dict[str, tuple[Basis, list[str]]], basis: Basis, party: str) -> None:
    """Collect parties with the same problem under the entry where the fix belongs."""
    found.setdefault(basis.pointer, (basis, []))[1].append(party)


def uncovered(
    ctx: Context, purpose: Purpose, kind: str, covered: Callable[[Regimes], bool]
) -> Iterator[tuple[Basis, list[str], list[str]]]:
    """Parties that handle data of ``kind`` for a purpose under uk_gdpr without the condition
    ``covered`` looks for, grouped under the entry where the fix belongs, with the data ids."""
    found: dict[str, tuple[Basis, list[str]]] = {}
    data: dict[str, list[str]] = {}
    for party, data_ids in sorted(purpose.taking_part.items()):
        handled = data_of_kind(ctx, data_ids, kind)
        if not handled:
            continue
        split = regimes(purpose, party)
        if split.unknown or not split.gdpr or covered(split):
            continue
        grouped(found, split.gdpr[0], party)
        data[party] = handled
    for basis, parties in found.values():
        yield basis, parties, sorted({d for p in parties for d in data[p]})


def sch1_needing_apd(basis: Basis) -> list[Listed]:
    """The Sch 1 conditions in an entry that need an appropriate policy document.

    Conditions with an ``apd_exception`` are skipped (the exception may apply). An extension
    of Part 2 (para 36) follows the Part 2 conditions it is listed with.
    """
    listed = basis.listed("sch1", SCH1_CATALOGUE)
    part2 = [c for c in listed if c.entry.get("part") == 2]

    def needs(condition: Listed) -> bool:
        return condition.entry.get("apd") == "required" and not condition.entry.get("apd_exception")

    return [c for c in listed if (not c.entry.get("extends_part2") or not part2) and needs(c)]


def valid_art10_sch1(basis: Basis) -> bool:
    """True when an entry lists a Sch 1 condition that can authorise criminal offence data.

    Any Part 1, 2 or 3 condition will do (DPA 2018 s.10(5)), except an extension (para 36)
    with no Part 2 condition to extend.
    """
    listed = basis.listed("sch1", SCH1_CATALOGUE)
    return any(not c.entry.get("extends_part2") for c in listed)


def needs_part2(basis: Basis) -> bool:
    """True when the entry gives an Art 9 condition that needs a Sch 1 Part 2 condition."""
    return any(c.entry.get("needs_sch1") == "part2" for c in basis.listed("art9", ART9_CATALOGUE))


def only_public(ctx: Context, basis: Basis) -> bool:
    """True when every party of the entry is a public authority (ISA406 then covers (ea) and (f))."""
    return bool(basis.parties) and all(kind_flag(ctx, p, "public_authority") for p in basis.parties)


def art6_suggestion(ctx: Context, party: str) -> str:
    """What to write for a party with no Art 6 basis, by the kind of body it is."""
    if kind_flag(ctx, party, "competent_authority"):
        return (
            "'regime: law_enforcement' (with 'sch8' for sensitive data) if it shares for "
            "law-enforcement purposes, or 'regime: uk_gdpr' with 'art6: [public_task]'"
        )
    if kind_flag(ctx, party, "public_authority") is False:
        return (
            "'regime: uk_gdpr' with 'art6: [recognised_legitimate_interest]' and 'annex1: "
            "[safeguarding_vulnerable]', or another Art 6 basis that fits"
        )
    return "'regime: uk_gdpr' with 'art6: [public_task]' (and the purpose's gateways naming the law)"


# --- Rules ---------------------------------------------------------------------------------


@rule(
    "ISA401",
    "art6-basis-missing",
    statute("UK GDPR Art 6(1): processing is lawful only with a basis."),
    summary=(
        "A party provides or receives data for a purpose without a lawful basis for it: no UK GDPR "
        "Art 6 basis and no DPA 2018 Part 3 (law_enforcement) entry."
    ),
    rationale=(
        "Every organisation that shares or receives personal data needs its own lawful basis for "
        "doing so; a basis given for the other partners does not cover it. Without one the "
        "sharing is unlawful for that organisation, however good the reason."
    ),
    citation=cite(
        "UK GDPR Art 6(1)",
        "dpa2018_part3:first_principle",
        "practice_sources:ico_code_lawful_basis",
        "practice_sources:golden_rule_3",
    ),
    fix=(
        "Add the party to the 'parties' of a lawful basis entry of the purpose that has "
        "'regime: uk_gdpr' and an 'art6' basis (public bodies: 'public_task'), or, for a "
        "competent authority sharing for law-enforcement purposes, 'regime: law_enforcement'."
    ),
)
def art6_basis_missing(ctx: Context) -> Iterator[Hit]:
    for purpose in purposes(ctx):
        if not purpose.bases:
            continue  # a missing or empty lawful_bases is the schema's to report
        misspelt = intended(ctx, "party", f"{purpose.pointer}/lawful_bases")
        for party, data in sorted(purpose.taking_part.items()):
            mine = purpose.bases_of(party)
            if (
                party in misspelt
                or is_processor(ctx, party)
                or any(b.regime != UK_GDPR or b.gives("art6") for b in mine)
            ):
                continue
            where = (
                "the uk_gdpr entry naming it lists no 'art6' basis"
                if mine
                else "no lawful basis entry names it"
            )
            yield ctx.hit(
                f"{purpose.pointer}/lawful_bases",
                f"party '{party}' provides or receives {quoted(sorted(data))} for purpose "
                f"'{purpose.id}' but has no lawful basis for it: {where}",
                fix=f"Give party '{party}' a lawful basis entry for this purpose: {art6_suggestion(ctx, party)}.",
            )


@rule(
    "ISA402",
    "art9-condition-missing",
    statute(
        "UK GDPR Art 9(1)-(2): special category data may not be processed without an Art 9(2) condition."
    ),
    summary=(
        "A party provides or receives special category data for a purpose under UK GDPR, but its "
        "lawful basis gives no Art 9(2) condition."
    ),
    rationale=(
        "Health, ethnicity, sex life and the other special categories may be processed only if an "
        "Art 9(2) condition applies as well as an Art 6 basis. Safeguarding referrals very often "
        "carry health information, so the condition must be stated for every party handling it."
    ),
    citation=cite("UK GDPR Art 9(1)-(2)", "practice_sources:ico_code_lawful_basis"),
    fix=(
        "Add 'art9' to the entry with the condition relied on, and the Sch 1 condition it needs: "
        "usually 'art9: [substantial_public_interest]' with 'sch1: [p18_safeguarding]', or for "
        "health and social care bodies 'art9: [health_social_care]' with 'sch1: [p2_health_social_care]'."
    ),
)
def art9_condition_missing(ctx: Context) -> Iterator[Hit]:
    for purpose in purposes(ctx):
        for basis, parties, categories in uncovered(
            ctx,
            purpose,
            SPECIAL,
            lambda split: (
                any(b.gives("art9") for b in split.gdpr)
                or any(b.gives("sch8") for b in split.law_enforcement)
            ),
        ):
            yield ctx.hit(
                basis.pointer,
                f"purpose '{purpose.id}': this uk_gdpr entry gives no 'art9' condition, but special "
                f"category data ({quoted(categories)}) is provided or received by {who(parties)}",
            )


@rule(
    "ISA403",
    "sch1-condition-missing",
    statute("DPA 2018 s.10(2)-(3): these Art 9(2) points are met only with a Schedule 1 condition."),
    summary=(
        "An Art 9(2) condition that works only through DPA 2018 Schedule 1 (points b, g, h, i, j) "
        "is given without the Schedule 1 condition it needs."
    ),
    rationale=(
        "In UK law Art 9(2)(b), (h), (i) and (j) are met only when a Schedule 1 Part 1 condition is "
        "met, and Art 9(2)(g) (substantial public interest) only when a Schedule 1 Part 2 condition "
        "is met. Citing the Art 9 point alone does not make the processing lawful."
    ),
    citation=cite(
        "DPA 2018 s.10(2)-(3)",
        "uk_gdpr_art9_conditions:substantial_public_interest",
        "uk_gdpr_art9_conditions:health_social_care",
    ),
    fix=(
        "Add the Schedule 1 condition to 'sch1' in the same entry: with 'substantial_public_interest' "
        "(9(2)(g)) usually 'p18_safeguarding' (para 18) or 'p6_statutory_government' (para 6); with "
        "'health_social_care' (9(2)(h)) 'p2_health_social_care' (para 2)."
    ),
)
def sch1_condition_missing(ctx: Context) -> Iterator[Hit]:
    for purpose in purposes(ctx):
        for basis in gdpr_entries(purpose):
            if basis.has_unknown("sch1", SCH1_CATALOGUE):
                continue  # a misspelt condition is the schema's (ISA013) to report
            if basis.has("sch8") and not basis.gives("sch1"):
                continue  # Sch 8 given in place of Sch 1: ISA416's to report
            sch1 = basis.listed("sch1", SCH1_CATALOGUE)
            for condition in basis.listed("art9", ART9_CATALOGUE):
                need = condition.entry.get("needs_sch1")
                if need not in ("part1", "part2"):
                    continue
                part = 1 if need == "part1" else 2
                para = condition.entry.get("sch1_para")
                if any(c.entry.get("part") == part and para in (None, c.entry.get("para")) for c in sch1):
                    continue
                yield ctx.hit(
                    condition.pointer,
                    f"purpose '{purpose.id}': Art 9(2)({condition.entry['point']}) '{condition.id}' is "
                    f"relied on without the Sch 1 Part {part} condition it needs in 'sch1'"
                    f"{f' (para {para})' if para is not None else ''}",
                    fix=_sch1_fix(part, para),
                    at_key=False,
                    sources=(f"{ART9_CATALOGUE}:{condition.id}",),
                )


def _sch1_fix(part: int, para: Any) -> str:
    """Name the Schedule 1 condition(s) to add for an Art 9(2) point."""
    wanted = [
        (sch1_id, entry)
        for sch1_id, entry in catalogues.catalogue(SCH1_CATALOGUE).items()
        if entry.get("part") == part
        and (entry.get("para") == para if para is not None else sch1_id in USUAL_PART2)
    ]
    choices = " or ".join(f"'{sch1_id}' ({entry['citation']})" for sch1_id, entry in wanted)
    if part == 2:
        return (
            f"Add the Sch 1 Part 2 condition the processing meets to 'sch1': for safeguarding usually "
            f"{choices}."
        )
    return f"Add {choices} to 'sch1' in the same entry."


@rule(
    "ISA404",
    "appropriate-policy-document-missing",
    statute("DPA 2018 Sch 1 para 5 and s.42: these conditions need an appropriate policy document."),
    summary=(
        "A party relies on a Schedule 1 condition that needs an appropriate policy document, or does "
        "sensitive processing under DPA 2018 Part 3, but gives no appropriate_policy_document."
    ),
    rationale=(
        "Most Schedule 1 conditions (every Part 2 condition, such as para 18 safeguarding, unless it "
        "says otherwise) apply only if the controller has an appropriate policy document explaining "
        "how it complies with the principles and how long it keeps the data. Part 3 requires one for "
        "all sensitive processing. Each party must hold its own."
    ),
    citation=cite(
        "DPA 2018 Sch 1 paras 1, 5, 35, 39-40",
        "dpa2018_part3:sensitive_consent",
        "dpa2018_part3:sensitive_necessity",
        "dpa2018_part3:part3_apd",
    ),
    fix=(
        "Add 'appropriate_policy_document' to the party with the address of its published policy "
        "document (or where it is held), after checking the document covers the conditions relied on."
    ),
)
def appropriate_policy_document_missing(ctx: Context) -> Iterator[Hit]:
    reasons: dict[str, list[str]] = {}
    for purpose in purposes(ctx):
        for basis in purpose.bases:
            if basis.law_enforcement:
                sensitive = {
                    p for p in basis.parties if data_of_kind(ctx, purpose.taking_part.get(p, ()), SPECIAL)
                }
                parties = basis.parties if basis.has("sch8") else sensitive
                why = f"sensitive processing under DPA 2018 Part 3 for purpose '{purpose.id}'"
                for party_id in parties:
                    reasons.setdefault(party_id, []).append(why)
                continue
            for condition in sch1_needing_apd(basis):
                why = f"Sch 1 para {condition.entry['para']} '{condition.id}' for purpose '{purpose.id}'"
                for party_id in basis.parties:
                    reasons.setdefault(party_id, []).append(why)
    for party_id, (pointer, party) in ctx.parties.items():
        document = text(party, "appropriate_policy_document")
        if (
            party_id not in reasons
            or (document is not None and document.strip())
            or is_processor(ctx, party_id)
        ):
            continue
        because = "; ".join(dict.fromkeys(reasons[party_id]))
        yield ctx.hit(
            pointer,
            f"party '{party_id}' gives no 'appropriate_policy_document' but relies on: {because}",
        )


@rule(
    "ISA405",
    "art10-condition-missing",
    statute(
        "UK GDPR Art 10 and DPA 2018 s.10(5): criminal offence data needs official authority or a Schedule 1 condition."
    ),
    summary=(
        "A party provides or receives criminal offence data under UK GDPR without an Art 10 route: "
        "official authority, or a DPA 2018 Schedule 1 condition."
    ),
    rationale=(
        "Data about offences, allegations, arrests and sentences may be processed under UK GDPR only "
        "under official authority or where domestic law authorises it, which means meeting a "
        "Schedule 1 condition. Domestic abuse incidents and convictions shared with a council or a "
        "hospital need this as well as an Art 6 basis."
    ),
    citation=cite(
        "criminal_offence_data:art10", "criminal_offence_data:dpa_s10_5", "dpa2018_sch1:p36_extension_part2"
    ),
    fix=(
        "Add 'art10: sch1_condition' with the Schedule 1 condition in 'sch1' (for safeguarding usually "
        "'p18_safeguarding', with 'p36_extension_part2' when the substantial public interest test is "
        "not met), or 'art10: official_authority' when the party acts under official authority."
    ),
)
def art10_condition_missing(ctx: Context) -> Iterator[Hit]:
    for purpose in purposes(ctx):
        for basis in gdpr_entries(purpose):
            if basis.entry.get("art10") != ART10_SCH1 or valid_art10_sch1(basis):
                continue
            if basis.has_unknown("sch1", SCH1_CATALOGUE):
                continue  # a misspelt condition is the schema's (ISA013) to report
            only = basis.listed("sch1", SCH1_CATALOGUE)
            if only and needs_part2(basis):
                continue  # the missing Part 2 condition is ISA403's to report
            problem = (
                f"lists only {quoted(c.id for c in only)}, which extends a Part 2 condition but none is listed"
                if only
                else "lists no Sch 1 condition in 'sch1'"
            )
            yield ctx.hit(
                f"{basis.pointer}/art10",
                f"purpose '{purpose.id}': 'art10: sch1_condition' relies on a Schedule 1 condition but the "
                f"entry {problem}",
                at_key=False,
                sources=("criminal_offence_data:dpa_s10_5",),
            )
        # An 'art10' key is a valid route, or an invalid one reported above; Part 3 needs none.
        for basis, parties, categories in uncovered(
            ctx,
            purpose,
            CRIMINAL,
            lambda split: bool(split.law_enforcement) or any("art10" in b.entry for b in split.gdpr),
        ):
            yield ctx.hit(
                basis.pointer,
                f"purpose '{purpose.id}': this uk_gdpr entry gives no 'art10' route, but criminal "
                f"offence data ({quoted(categories)}) is provided or received by {who(parties)}",
                sources=("criminal_offence_data:art10",),
            )


@rule(
    "ISA406",
    "legitimate-interests-public-authority",
    statute("UK GDPR Art 6(1), closing words: public authorities cannot rely on (f) for their tasks."),
    summary=(
        "A public authority relies on legitimate interests (Art 6(1)(f)) or a recognised legitimate "
        "interest (Art 6(1)(ea))."
    ),
    rationale=(
        "Points (ea) and (f) do not apply to processing by public authorities in the performance of "
        "their tasks. Councils, NHS bodies, police forces and state schools share for safeguarding as "
        "part of their tasks, so they need public task (e) or legal obligation (c) instead."
    ),
    citation=cite(
        "UK GDPR Art 6(1), closing words (as amended by DUAA 2025 s.70(2)(c))",
        "uk_gdpr_art6:legitimate_interests",
        "uk_gdpr_art6:recognised_legitimate_interest",
    ),
    fix=(
        "Use 'public_task' (or 'legal_obligation') for the public authority, with the statutory "
        "function in the purpose's 'gateways'. Put organisations that are not public authorities "
        "(charities, private providers) in a separate entry if they keep (ea) or (f)."
    ),
)
def legitimate_interests_public_authority(ctx: Context) -> Iterator[Hit]:
    for purpose in purposes(ctx):
        for basis in gdpr_entries(purpose):
            public = sorted(p for p in basis.parties if kind_flag(ctx, p, "public_authority"))
            if not public:
                continue
            for basis_used in basis.listed("art6", ART6_CATALOGUE):
                if basis_used.entry.get("public_authority_restricted"):
                    yield ctx.hit(
                        basis_used.pointer,
                        f"purpose '{purpose.id}': {label(basis_used)} is relied on by "
                        f"{named(public, 'public authority', 'public authorities')}, but public "
                        "authorities cannot use it for processing in the performance of their tasks",
                        at_key=False,
                        sources=(f"{ART6_CATALOGUE}:{basis_used.id}", *_kinds_of(ctx, public)),
                    )


@rule(
    "ISA407",
    "consent-as-basis",
    guidance(
        "ICO guidance and the 2024 advice say consent is usually the wrong basis here; it is not unlawful in itself."
    ),
    summary="A safeguarding purpose relies on consent (Art 6(1)(a) or explicit consent, Art 9(2)(a)).",
    rationale=(
        "Consent is not needed to share information where a child is at risk, and it is usually the "
        "wrong basis: it must be freely given and can be withdrawn at any time, so sharing that must "
        "go ahead anyway cannot rest on it, and asking can put the child at greater risk. Sharing "
        "for safeguarding rests on the partners' statutory functions; families are still told where "
        "it is safe."
    ),
    citation=cite(
        "practice_sources:golden_rule_3",
        "practice_sources:short_guide_consent",
        "practice_sources:ico_10_step_8_lawful_basis",
        "dpa2018_sch1:p18_safeguarding",
    ),
    fix=(
        "Replace consent with the basis the sharing really rests on: 'public_task' for public bodies "
        "(with the statutory gateways), and 'substantial_public_interest' with 'p18_safeguarding' "
        "for special category data. Describe how families are told in 'consent' ('sought_where_safe')."
    ),
)
def consent_as_basis(ctx: Context) -> Iterator[Hit]:
    for purpose in purposes(ctx):
        if purpose.kind != SAFEGUARDING:
            continue
        for basis in gdpr_entries(purpose):
            art6 = basis.listed("art6", ART6_CATALOGUE)
            consenting = [c for c in art6 if c.id == ART6_CONSENT]
            consenting += [c for c in basis.listed("art9", ART9_CATALOGUE) if c.entry.get("requires_consent")]
            for condition in consenting:
                only = " as the only Art 6 basis" if condition.id == ART6_CONSENT and len(art6) == 1 else ""
                for_whom = f" for {who(basis.parties)}" if basis.parties else ""
                yield ctx.hit(
                    condition.pointer,
                    f"safeguarding purpose '{purpose.id}' relies on {label(condition)}{only}{for_whom}: "
                    "consent is not needed to share where a child is at risk, and is usually the wrong basis",
                    at_key=False,
                )


@rule(
    "ISA408",
    "law-enforcement-not-competent",
    statute("DPA 2018 s.30-31: only a competent authority may process under Part 3."),
    summary="A party that is not a competent authority uses regime law_enforcement (DPA 2018 Part 3).",
    rationale=(
        "Part 3 applies only to competent authorities (the bodies in DPA 2018 Schedule 7, or others "
        "with statutory law-enforcement functions) processing for law-enforcement purposes. Councils, "
        "health bodies and schools share under UK GDPR; a Part 3 entry leaves them without the UK "
        "GDPR bases they need. While the competent-authority list is not verified against "
        "Schedule 7 the finding is at most a warning; some bodies are competent authorities for "
        "specific functions only."
    ),
    citation=cite("dpa2018_part3:competent_authority", "dpa2018_part3:le_purposes"),
    fix=(
        "Move the party to an entry with 'regime: uk_gdpr' and an 'art6' basis (with 'art9'/'sch1' and "
        "'art10' as its data needs). If it really is a competent authority for this function, say so "
        "in the purpose description and suppress the finding with a reason."
    ),
)
def law_enforcement_not_competent(ctx: Context) -> Iterator[Hit]:
    for purpose in purposes(ctx):
        for basis in purpose.bases:
            if not basis.law_enforcement:
                continue
            others = sorted(p for p in basis.parties if kind_flag(ctx, p, "competent_authority") is False)
            if others:
                yield ctx.hit(
                    f"{basis.pointer}/regime",
                    f"purpose '{purpose.id}': regime law_enforcement (DPA 2018 Part 3) is used for "
                    f"{who(others)}, whose kind of body is not a competent authority",
                    at_key=False,
                    sources=("dpa2018_part3:competent_authority", *_kinds_of(ctx, others)),
                )


@rule(
    "ISA409",
    "law-enforcement-purpose-needs-part3",
    guidance(
        "ICO guidance on law enforcement processing: which regime applies depends on the purpose, so check it."
    ),
    summary=(
        "A competent authority takes part in a law-enforcement purpose only under UK GDPR, not under "
        "DPA 2018 Part 3."
    ),
    rationale=(
        "When a competent authority such as the police, probation or a youth offending team processes "
        "data to prevent, investigate, detect or prosecute crime, DPA 2018 Part 3 applies, with its own "
        "conditions (Schedule 8) and policy document. A UK GDPR basis is the wrong regime for that "
        "processing. A warning because the competent-authority list is not yet verified against "
        "Schedule 7."
    ),
    citation=cite(
        "dpa2018_part3:le_purposes", "dpa2018_part3:competent_authority", "dpa2018_part3:first_principle"
    ),
    fix=(
        "Give the competent authority an entry with 'regime: law_enforcement' (and 'sch8' conditions for "
        "sensitive data) for this purpose, or, if it is not processing for law-enforcement purposes, "
        "change the purpose's 'kind'."
    ),
)
def law_enforcement_purpose_needs_part3(ctx: Context) -> Iterator[Hit]:
    for purpose in purposes(ctx):
        if purpose.kind != LE_PURPOSE:
            continue
        found: dict[str, tuple[Basis, list[str]]] = {}
        for party in sorted(purpose.taking_part):
            split = regimes(purpose, party)
            only_gdpr = split.gdpr and not split.law_enforcement and not split.unknown
            if only_gdpr and kind_flag(ctx, party, "competent_authority"):
                grouped(found, split.gdpr[0], party)
        for basis, parties in found.values():
            yield ctx.hit(
                f"{basis.pointer}/regime",
                f"law-enforcement purpose '{purpose.id}' gives "
                f"{named(parties, 'competent authority', 'competent authorities')} only a uk_gdpr "
                "basis, not DPA 2018 Part 3 (regime law_enforcement)",
                at_key=False,
            )


@rule(
    "ISA410",
    "sch8-condition-missing",
    statute(
        "DPA 2018 s.35(5): sensitive processing under Part 3 without consent needs a Schedule 8 condition."
    ),
    summary=(
        "A party shares special category data under DPA 2018 Part 3 (sensitive processing) but its "
        "entry names no Schedule 8 condition."
    ),
    rationale=(
        "Under Part 3, sensitive processing (health, ethnicity, sex life and the other special "
        "categories) without consent must be strictly necessary and meet a Schedule 8 condition, "
        "such as para 4 (safeguarding children and individuals at risk), backed by an appropriate "
        "policy document."
    ),
    citation=cite(
        "dpa2018_part3:sensitive_necessity",
        "dpa2018_part3:sensitive_definition",
        "dpa2018_sch8:s4_safeguarding",
    ),
    fix=(
        "Add 'sch8' to the law_enforcement entry with the condition met, usually 's4_safeguarding' "
        "(Sch 8 para 4) or 's1_statutory_purposes' (para 1)."
    ),
)
def sch8_condition_missing(ctx: Context) -> Iterator[Hit]:
    for purpose in purposes(ctx):
        if purpose.consent_approach == CONSENT_OBTAINED:
            continue  # sensitive processing with consent needs no Sch 8 condition (s.35(4))
        found: dict[str, tuple[Basis, list[str]]] = {}
        data: dict[str, list[str]] = {}
        for party, data_ids in sorted(purpose.taking_part.items()):
            special = data_of_kind(ctx, data_ids, SPECIAL)
            if not special:
                continue
            split = regimes(purpose, party)
            if split.unknown or split.gdpr or not split.law_enforcement:
                continue
            in_place = any(b.has("sch1") for b in split.law_enforcement)  # ISA416's to report
            if not in_place and not any(b.gives("sch8") for b in split.law_enforcement):
                grouped(found, split.law_enforcement[0], party)
                data[party] = special
        for basis, parties in found.values():
            categories = sorted({d for p in parties for d in data[p]})
            yield ctx.hit(
                basis.pointer,
                f"purpose '{purpose.id}': this law_enforcement entry gives no 'sch8' condition, but "
                f"special category data ({quoted(categories)}) is provided or received under DPA 2018 "
                f"Part 3 by {who(parties)}",
            )


@rule(
    "ISA411",
    "gateway-missing",
    guidance(
        "The ICO data sharing code says the agreement should name the law relied on; a missing citation does not show the law is missing."
    ),
    summary=(
        "A purpose relies on public task or legal obligation (Art 6(1)(e) or (c)) but names no statutory "
        "gateway in 'gateways'."
    ),
    rationale=(
        "Public task and legal obligation are lawful only where the task or obligation is laid down "
        "in law. An agreement that says 'public task' without the function behind it (Children Act "
        "1989 s.47, Children Act 2004 s.11...) does not show the sharing is lawful, and practitioners "
        "cannot tell which power they are using."
    ),
    citation=cite(
        "UK GDPR Art 6(3)",
        "uk_gdpr_art6:public_task",
        "practice_sources:ico_code_lawful_basis",
        "practice_sources:golden_rule_1",
    ),
    fix=(
        "Add 'gateways' to the purpose listing the statutory functions and powers relied on, such as "
        "[ca1989_s47, ca2004_s11] for child protection or [cda1998_s115] for crime and disorder."
    ),
)
def gateway_missing(ctx: Context) -> Iterator[Hit]:
    for purpose in purposes(ctx):
        if "gateways" in purpose.item:
            continue  # an empty or mistyped list is the schema's to report
        needing = [
            listed
            for basis in gdpr_entries(purpose)
            for listed in basis.listed("art6", ART6_CATALOGUE)
            if listed.entry.get("needs_basis_in_law")
        ]
        if needing:
            bases = quoted(dict.fromkeys(n.id for n in needing))
            yield ctx.hit(
                f"{purpose.pointer}/gateways",
                f"purpose '{purpose.id}' relies on {bases}, which must rest on a task or obligation laid "
                "down in law, but lists no 'gateways'",
            )


SCH8_CONSENT_FIX = (
    "If sharing goes ahead without consent when needed, set the purpose's consent approach to "
    "'sought_where_safe' or 'not_required' and keep Sch 8 para 4. If the Part 3 processing really "
    "rests on consent, DPA 2018 s.35(4) applies instead (with an appropriate policy document) and "
    "the Sch 8 condition should be removed."
)


@rule(
    "ISA412",
    "sch1-para18-with-consent",
    guidance(
        "The condition applies only without consent; whether consent is really relied on is for the reader to settle."
    ),
    summary=(
        "A purpose whose consent approach is 'obtained' relies on a condition for processing without "
        "consent (DPA 2018 Sch 1 para 18 or Sch 8 para 4)."
    ),
    rationale=(
        "The safeguarding conditions apply only where the processing is carried out without consent, "
        "because consent cannot be given, cannot reasonably be obtained, or asking would prejudice the "
        "child's protection. If consent really is obtained, these conditions do not fit; if it is not, "
        "the consent approach misdescribes what happens."
    ),
    citation=cite(
        "dpa2018_sch1:p18_safeguarding", "dpa2018_sch8:s4_safeguarding", "practice_sources:golden_rule_3"
    ),
    fix=(
        "If sharing goes ahead without consent when needed, set the purpose's consent approach to "
        "'sought_where_safe' or 'not_required' and keep para 18. If it truly depends on explicit "
        "consent, use 'explicit_consent' (Art 9(2)(a)) instead of para 18."
    ),
)
def sch1_para18_with_consent(ctx: Context) -> Iterator[Hit]:
    for purpose in purposes(ctx):
        if purpose.consent_approach != CONSENT_OBTAINED:
            continue
        for basis in purpose.bases:
            key, name = ("sch8", SCH8_CATALOGUE) if basis.law_enforcement else ("sch1", SCH1_CATALOGUE)
            for condition in basis.listed(key, name):
                if condition.entry.get("without_consent"):
                    yield ctx.hit(
                        condition.pointer,
                        f"purpose '{purpose.id}' says consent is obtained, but relies on "
                        f"{label(condition)}, which applies only to processing without consent",
                        fix=SCH8_CONSENT_FIX if basis.law_enforcement else None,
                        at_key=False,
                    )


@rule(
    "ISA413",
    "annex1-missing",
    statute("UK GDPR Art 6(1)(ea): a recognised legitimate interest exists only as listed in Annex 1."),
    summary=(
        "Recognised legitimate interest (Art 6(1)(ea)) is relied on without an Annex 1 condition, or "
        "an Annex 1 condition is given without Art 6(1)(ea)."
    ),
    rationale=(
        "A recognised legitimate interest is lawful only where one of the conditions in UK GDPR Annex 1 "
        "applies, such as safeguarding a vulnerable individual or a request from a body with a public "
        "task. An Annex 1 condition on its own is not a lawful basis: it only works with point (ea)."
    ),
    citation=cite("uk_gdpr_art6:recognised_legitimate_interest", "uk_gdpr_annex1:safeguarding_vulnerable"),
    fix=(
        "With 'recognised_legitimate_interest' in 'art6', add 'annex1' naming the condition (usually "
        "'safeguarding_vulnerable', or 'public_task_request' when a council asks for the data). "
        "Without it, remove 'annex1' or add 'recognised_legitimate_interest' if that is the basis meant."
    ),
)
def annex1_missing(ctx: Context) -> Iterator[Hit]:
    for purpose in purposes(ctx):
        for basis in gdpr_entries(purpose):
            needing = [b for b in basis.listed("art6", ART6_CATALOGUE) if b.entry.get("needs_annex1")]
            if needing and not basis.gives("annex1") and not only_public(ctx, basis):
                yield ctx.hit(
                    needing[0].pointer,
                    f"purpose '{purpose.id}': {label(needing[0])} is relied on without an 'annex1' condition",
                    at_key=False,
                    sources=(f"{ART6_CATALOGUE}:{needing[0].id}",),
                )
            elif basis.has("annex1") and not needing and not basis.has_unknown("art6", ART6_CATALOGUE):
                yield ctx.hit(
                    f"{basis.pointer}/annex1",
                    f"purpose '{purpose.id}': 'annex1' conditions are given but 'art6' does not include "
                    "'recognised_legitimate_interest', the only basis they serve",
                )


@rule(
    "ISA414",
    "art9-without-special-data",
    check("An unneeded condition is harmless; the reader should check the data is described right."),
    summary="An Art 9(2) condition is given for parties that share no special category data for the purpose.",
    rationale=(
        "Conditions should match what is actually shared. An Art 9 condition where no special category "
        "data flows is often copied from another agreement, and may hide a data category that is "
        "missing from the data section or wrongly marked as ordinary."
    ),
    citation=cite(
        "UK GDPR Art 9(1)-(2)",
        "practice_sources:ico_code_lawful_basis",
        "practice_sources:ico_code_data_items",
    ),
    fix=(
        "Remove 'art9' (and the Schedule 1 conditions that serve it) from the entry, or add the special "
        "category data the parties share to the data section with 'kind: special_category'."
    ),
)
def art9_without_special_data(ctx: Context) -> Iterator[Hit]:
    for purpose in purposes(ctx):
        for basis in gdpr_entries(purpose):
            taking_part = [p for p in basis.parties if p in purpose.taking_part]
            if not basis.listed("art9", ART9_CATALOGUE) or not taking_part:
                continue
            if not any(data_of_kind(ctx, purpose.taking_part[p], SPECIAL) for p in taking_part):
                yield ctx.hit(
                    f"{basis.pointer}/art9",
                    f"purpose '{purpose.id}': the entry gives an 'art9' condition, but no special "
                    f"category data is provided or received for this purpose by {who(taking_part)}",
                )


def _health_only() -> tuple[frozenset[str], frozenset[str]]:
    """Art 9 conditions limited to health or social care, and the Sch 1 Part 1 conditions they pair with."""
    art9 = {
        i: e for i, e in catalogues.catalogue(ART9_CATALOGUE).items() if e.get("health_or_social_care_only")
    }
    paras = {e.get("sch1_para") for e in art9.values()}
    sch1 = {
        i
        for i, e in catalogues.catalogue(SCH1_CATALOGUE).items()
        if e.get("part") == 1 and e.get("para") in paras
    }
    return frozenset(art9), frozenset(sch1)


@rule(
    "ISA415",
    "health-condition-non-health-body",
    check(
        "UK GDPR Art 9(3) and DPA 2018 s.11(1) may still be met under a professional's responsibility; the reader should check."
    ),
    summary=(
        "The health or social care condition (Art 9(2)(h), DPA 2018 Sch 1 para 2) is relied on by a "
        "party that is not a health or social care body."
    ),
    rationale=(
        "Art 9(2)(h) and Sch 1 para 2 apply only where the data is processed by or under the "
        "responsibility of a health or social work professional, or someone else under a duty of "
        "confidentiality. Police, schools and other bodies usually need Art 9(2)(g) with a Schedule 1 "
        "Part 2 condition such as para 18 instead. Only something to check, because some such "
        "bodies do employ health professionals (a school nurse, a care provider)."
    ),
    citation=cite(
        "uk_gdpr_art9_conditions:health_social_care", "dpa2018_sch1:p2_health_social_care", "DPA 2018 s.11(1)"
    ),
    fix=(
        "For that party use 'art9: [substantial_public_interest]' with 'sch1: [p18_safeguarding]' in a "
        "separate entry, or confirm the data is handled by a health or social care professional."
    ),
)
def health_condition_non_health_body(ctx: Context) -> Iterator[Hit]:
    art9_ids, sch1_ids = _health_only()
    for purpose in purposes(ctx):
        for basis in gdpr_entries(purpose):
            used = [c for c in basis.listed("art9", ART9_CATALOGUE) if c.id in art9_ids]
            used += [c for c in basis.listed("sch1", SCH1_CATALOGUE) if c.id in sch1_ids]
            others = sorted(p for p in basis.parties if kind_flag(ctx, p, "health_or_social_care") is False)
            if used and others:
                yield ctx.hit(
                    used[0].pointer,
                    f"purpose '{purpose.id}': {quoted(dict.fromkeys(c.id for c in used))} "
                    f"{'is' if len(used) == 1 else 'are'} relied on for {who(others)}, whose kind of body "
                    "is not a health or social care body; the data must be processed by or under a "
                    "health or social work professional",
                    at_key=False,
                )


@rule(
    "ISA416",
    "regime-mismatch",
    statute("DPA 2018 s.4 and Part 3: the two regimes' conditions cannot be mixed."),
    summary=(
        "A uk_gdpr entry gives Schedule 8 conditions, or a law_enforcement entry gives UK GDPR bases "
        "or conditions (art6, annex1, art9, sch1, art10)."
    ),
    rationale=(
        "UK GDPR processing and DPA 2018 Part 3 (law-enforcement) processing have separate conditions: "
        "Schedule 8 is never a substitute for Schedule 1, and the reverse. Mixing them in one entry "
        "leaves it unclear which law the party processes under, and the conditions given may not apply."
    ),
    citation=cite("DPA 2018 s.10 and Sch 1 (UK GDPR processing)", "dpa2018_part3:sensitive_necessity"),
    fix=(
        "Keep one regime per entry: for law_enforcement give only 'sch8'; for uk_gdpr give 'art6' and, "
        "as the data needs, 'annex1', 'art9', 'sch1' and 'art10'. Use two entries if a party really "
        "processes under both."
    ),
)
def regime_mismatch(ctx: Context) -> Iterator[Hit]:
    for purpose in purposes(ctx):
        for basis in purpose.bases:
            if basis.regime == UK_GDPR and basis.has("sch8"):
                yield ctx.hit(
                    f"{basis.pointer}/sch8",
                    f"purpose '{purpose.id}': a uk_gdpr entry gives DPA 2018 Schedule 8 conditions, "
                    "which apply only to law-enforcement processing under Part 3",
                    fix=(
                        "Under UK GDPR give an 'art9' condition with the matching Schedule 1 condition in "
                        "'sch1' (Sch 8 para 4 corresponds to Sch 1 para 18) and remove 'sch8'; or, for a "
                        "competent authority processing for law-enforcement purposes, make the entry "
                        "'regime: law_enforcement' with 'sch8' only."
                    ),
                )
            elif basis.law_enforcement:
                for key in GDPR_ONLY_KEYS:
                    if basis.entry.get(key) not in (None, [], ""):
                        yield ctx.hit(
                            f"{basis.pointer}/{key}",
                            f"purpose '{purpose.id}': a law_enforcement entry gives '{key}', which is for "
                            "UK GDPR processing; Part 3 sensitive processing uses 'sch8' conditions",
                            fix=(
                                f"Remove '{key}' from the law_enforcement entry; for sensitive data give the "
                                "Schedule 8 condition in 'sch8' (Sch 1 para 18 corresponds to Sch 8 para 4). "
                                "If the party also processes under UK GDPR, give it a separate uk_gdpr entry."
                            ),
                        )
