"""ISA5xx: statutory safeguarding duties and gateways (the "Section 11 cross-check").

Which safeguarding duty a body holds depends on what kind of body it is and where: an English
council holds Children Act 2004 s.11, a Welsh one s.28; schools and colleges hold Education
Act 2002 s.175 or the independent school standards, not s.11; charities hold none of their
own. Agreements often copy a template from another nation or sector and get this wrong, and
the same mistakes reach the statutory gateways a purpose relies on: a provision from the
other nation, one not yet in force, an exemption or a definition cited as if it were a power
to share, or a power that cannot carry health data. These rules check each party's kind,
nation and duties, and each purpose's gateways, against the body_kinds,
safeguarding_duties, safeguarding_partners and statutory_gateways catalogues.
"""

import datetime as dt
import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, NamedTuple

from isa_lint import catalogues
from isa_lint.check.severity import clerical, guidance, statute
from isa_lint.load.schema import NATIONS
from isa_lint.rules._rule import Context, Hit, cite, is_processor, names_after, rule, strings, text

OLDER_CITATIONS: dict[str, tuple[str, str]] = {"ea2002_s157": ("england", "iss2014_para7")}
"""Ids accepted in a nation as an older citation of a current one: id -> (nation, current id).

The catalogues say this only in notes (safeguarding_duties:iss2014_para7 and
statutory_gateways:ea2002_s157): English independent school standards are now made under
Education and Skills Act 2008 s.94, but guidance and many English agreements still cite
Education Act 2002 s.157, and legal.md says to accept either citation. The same ids are used
in both catalogues, so one table serves duties and gateways.
"""

KINDS_LISTED = 5
"""How many kinds of body a message names before it says "and N more"."""

NOT_A_POWER = {
    "exemption": (
        "is an exemption from some UK GDPR provisions, not a power to share: the disclosure still "
        "needs a gateway and a lawful basis of its own"
    ),
    "definition": "only defines terms: it gives no power or duty to share",
    "constraint": "is a limit that sharing must respect, not a basis for it",
    "justification": (
        "only lets confidential information be disclosed where the public interest outweighs "
        "confidence; on its own it is not a power or duty to share, so name the statutory function "
        "or power the sharing rests on beside it"
    ),
}
"""Gateway effects that are not powers or duties to share, and what each is instead."""

_KEEP_BESIDE = (
    "Keep the common law duty of confidence, and add beside it under 'gateways' the statutory "
    "function or power the sharing rests on (for example ca1989_s47 or ca2004_s11)."
)

GATEWAY_EFFECTS = frozenset({"duty_to_share", "power_to_share", "duty_to_cooperate", "function"})
"""Effects of a statutory gateway: beside one of these, a public-interest justification
(the common law of confidence) is where the override of confidence comes from, not a defect."""

HEALTH = "health"
"""The uk_gdpr_art9_categories id for data concerning health."""


# --- Helpers ------------------------------------------------------------------------------


class Standing(NamedTuple):
    """What the catalogue says about one party: its kind, its nation, the duties it holds there."""

    kind_id: str
    kind: catalogues.Entry
    nation: str
    held: list[str]


class Cited(NamedTuple):
    """One statutory gateway a purpose lists, with where it is."""

    purpose_id: str
    purpose_pointer: str
    purpose: dict[str, Any]
    pointer: str
    gateway_id: str
    gateway: catalogues.Entry


def _nation_name(nation: str) -> str:
    return nation.capitalize()


def join_words(words: Iterable[str], last: str = "and") -> str:
    """'a', 'a and b', 'a, b and c' ('or' with last='or'); 'none' when there are none."""
    items = list(words)
    if len(items) < 2:
        return items[0] if items else "none"
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def _kind_nations(kind: Mapping[str, Any]) -> dict[str, list[str]]:
    nations = kind.get("nations")
    return nations if isinstance(nations, dict) else {}


def _described(ctx: Context, party: Mapping[str, Any]) -> tuple[str, catalogues.Entry, str] | None:
    """A party's kind id, kind entry and nation, when the kind is known and the nation valid."""
    kind_id = text(party, "kind")
    kind = ctx.kind(party)
    nation = text(party, "nation")
    if kind_id is None or kind is None or nation not in NATIONS:
        return None  # unknown kinds and nations are the schema's (ISA013)
    return kind_id, kind, str(nation)


def standing(ctx: Context, party: Mapping[str, Any]) -> Standing | None:
    """A party's duties in its nation; None when unknown or its kind does not exist there (ISA501)."""
    found = _described(ctx, party)
    if found is None:
        return None
    kind_id, kind, nation = found
    nations = _kind_nations(kind)
    if nation not in nations:
        return None
    return Standing(kind_id, kind, nation, [d for d in nations[nation] if isinstance(d, str)])


def _accepted(duty_id: str, nation: str, held: list[str]) -> bool:
    """Whether listing ``duty_id`` is right for a body holding ``held`` in ``nation``."""
    if duty_id in held:
        return True
    older = OLDER_CITATIONS.get(duty_id)
    return older is not None and older[0] == nation and older[1] in held


def _stated(duty_id: str, nation: str, listed: list[str]) -> bool:
    """Whether a held duty is listed, directly or by its accepted older citation."""
    return duty_id in listed or any(
        older == (nation, duty_id) for old_id, older in OLDER_CITATIONS.items() if old_id in listed
    )


def _duty(duty_id: str) -> str:
    """'ca2004_s11 (Children Act 2004 s.11(2), (4))'."""
    entry = catalogues.entry("safeguarding_duties", duty_id)
    return f"{duty_id} ({entry['citation']})" if entry else duty_id


def _who(party_id: str, found: Standing) -> str:
    """ "party 'council' (Local authority, England)"."""
    return f"party '{party_id}' ({found.kind['title']}, {_nation_name(found.nation)})"


def _misplaced(found: Standing, party: Mapping[str, Any]) -> list[tuple[int, str]]:
    """Known duties a party lists that its kind does not hold in its nation, with their index."""
    listed = party.get("safeguarding_duties")
    if not isinstance(listed, list):
        return []
    return [
        (index, duty_id)
        for index, duty_id in enumerate(listed)
        if isinstance(duty_id, str)
        and catalogues.entry("safeguarding_duties", duty_id) is not None
        and not _accepted(duty_id, found.nation, found.held)
    ]


def _gateway(gateway_id: str) -> str:
    entry = catalogues.entry("statutory_gateways", gateway_id)
    return f"{gateway_id} ({entry['citation']})" if entry else gateway_id


def cited_gateways(ctx: Context) -> list[Cited]:
    """Every known gateway each purpose lists (unknown ids are the schema's, ISA013).

    Worked out once per agreement for the eight checks that read it; callers must not change it.
    """
    found: list[Cited] = ctx.memo("duties.cited_gateways", lambda: list(_cited_gateways(ctx)))
    return found


def _cited_gateways(ctx: Context) -> Iterator[Cited]:
    for purpose_id, (pointer, purpose) in ctx.purposes.items():
        listed = purpose.get("gateways")
        if not isinstance(listed, list):
            continue
        for index, gateway_id in enumerate(listed):
            if not isinstance(gateway_id, str):
                continue
            entry = catalogues.entry("statutory_gateways", gateway_id)
            if entry is not None:
                yield Cited(purpose_id, pointer, purpose, f"{pointer}/gateways/{index}", gateway_id, entry)


def taking_part(ctx: Context, cited: Cited) -> list[tuple[str, dict[str, Any]]]:
    """The declared parties that provide or receive data for a purpose or rely on a basis for it.

    Worked out once per purpose (several checks ask for each gateway it cites); callers must not change it.
    """

    def work_out() -> list[tuple[str, dict[str, Any]]]:
        ids = set(ctx.participants(cited.purpose_id))
        for _, _, covered in ctx.bases_for(cited.purpose, cited.purpose_pointer):
            ids |= covered
        return [(party_id, ctx.parties[party_id][1]) for party_id in sorted(ids) if party_id in ctx.parties]

    found: list[tuple[str, dict[str, Any]]] = ctx.memo(f"duties.taking_part:{cited.purpose_id}", work_out)
    return found


def _purpose_nations(ctx: Context, parties: list[tuple[str, dict[str, Any]]]) -> set[str]:
    """The nations of the parties taking part, or else the agreement's nations."""
    found = {nation for _, party in parties if (nation := text(party, "nation")) in NATIONS}
    return found or (ctx.nations() & set(NATIONS))


def _kind_list(kind_ids: list[str]) -> str:
    """ "'academy' and 'independent_school'", shortened after KINDS_LISTED kinds."""
    shown = [f"'{k}'" for k in kind_ids[:KINDS_LISTED]]
    more = len(kind_ids) - KINDS_LISTED
    return join_words([*shown, f"{more} more"] if more > 0 else shown)


# --- Parties: kind, nation and duties -----------------------------------------------------


@rule(
    "ISA501",
    "kind-not-in-nation",
    clerical("A body recorded in a nation where that kind does not exist is a slip in its kind or nation."),
    summary="A party's kind of body does not exist in its nation (an integrated care board in Wales, a Local Health Board in England).",
    rationale=(
        "Health and some other bodies are organised differently in England and Wales: England has "
        "integrated care boards and NHS foundation trusts, Wales has Local Health Boards. A kind "
        "that does not exist in the party's nation means the kind or the nation is wrong, and with "
        "it the party's safeguarding duty and the law it shares under."
    ),
    citation=cite("safeguarding_duties:ca2004_s11", "safeguarding_duties:ca2004_s28"),
    fix=(
        "Correct the party's 'nation' if the body is in the other nation, or choose the kind of body "
        "that exists in its nation (for example local_health_board in Wales for an NHS body that "
        "commissions and provides care)."
    ),
)
def kind_not_in_nation(ctx: Context) -> Iterator[Hit]:
    for party_id, (pointer, party) in ctx.parties.items():
        found = _described(ctx, party)
        if found is None:
            continue
        kind_id, kind, nation = found
        exists_in = [n for n in NATIONS if n in _kind_nations(kind)]
        if nation in exists_in:
            continue
        where = join_words(_nation_name(n) for n in exists_in) if exists_in else "neither nation"
        yield ctx.hit(
            f"{pointer}/nation",
            f"party '{party_id}' is marked as in {_nation_name(nation)}, but its kind '{kind_id}' "
            f"({kind['title']}) does not exist there; it exists in {where} only",
            at_key=False,
        )


@rule(
    "ISA502",
    "duty-not-applicable",
    clerical(
        "Citing a duty the body does not hold is a drafting defect; the body's real duties still apply."
    ),
    summary=(
        "A party lists a safeguarding duty its kind of body does not hold in its nation (an academy "
        "claiming Children Act 2004 s.11, a Welsh council claiming s.11 instead of s.28, a charity "
        "claiming any statutory duty)."
    ),
    rationale=(
        "Section 11 of the Children Act 2004 applies only to the English bodies it lists; Welsh "
        "bodies hold the same duty under s.28; schools and colleges hold Education Act 2002 s.175 or "
        "the independent school standards; charities and private providers hold none of their own "
        "and are bound through the contracts of the bodies that commission them. The Short Guide "
        "lists these bodies more loosely than the statute. A wrong duty misstates the law a party "
        "shares under and what it answers for."
    ),
    citation=cite(
        "safeguarding_duties:ca2004_s11",
        "safeguarding_duties:ca2004_s28",
        "safeguarding_duties:ea2002_s175",
        "safeguarding_duties:iss2014_para7",
        "practice_sources:short_guide_section11",
    ),
    fix=(
        "List only the duties the body_kinds catalogue gives for the party's kind and nation (the "
        "message names them), or 'safeguarding_duties: []' for a body that holds none."
    ),
)
def duty_not_applicable(ctx: Context) -> Iterator[Hit]:
    for party_id, (pointer, party) in ctx.parties.items():
        found = standing(ctx, party)
        if found is None:
            continue
        if found.held:
            applies = f"the duties that apply are {join_words(_duty(d) for d in found.held)}"
            fix = f"Write 'safeguarding_duties: [{', '.join(found.held)}]'."
        else:
            applies = f"the duty that applies: none ({found.kind['citation'].removeprefix('None; ')})"
            fix = "Write 'safeguarding_duties: []': this kind of body holds no statutory safeguarding duty of its own."
        for index, duty_id in _misplaced(found, party):
            yield ctx.hit(
                f"{pointer}/safeguarding_duties/{index}",
                f"{_who(party_id, found)} lists {_duty(duty_id)}, which that kind of body does not hold "
                f"in {_nation_name(found.nation)}; {applies}",
                fix=fix,
                at_key=False,
            )


def relied_on(ctx: Context) -> dict[str, dict[str, list[str]]]:
    """Party id -> duty id -> the purposes that rely on it: those the party takes part in whose
    'gateways' name the duty (directly or by its accepted older citation).

    A purpose relies on a duty when it cites it as law the sharing rests on; a duty no purpose
    cites is one the agreement does not need to recite (CA 2004 s.11(3) and s.28(3) keep a
    council's education functions apart, and many agreements have nothing to do with them).
    """
    found: dict[str, dict[str, list[str]]] = {}
    for cited in cited_gateways(ctx):
        if catalogues.entry("safeguarding_duties", cited.gateway_id) is None:
            continue
        for party_id, _ in taking_part(ctx, cited):
            found.setdefault(party_id, {}).setdefault(cited.gateway_id, []).append(cited.purpose_id)
    return found


@rule(
    "ISA503",
    "duty-not-stated",
    guidance(
        "Working Together 2023 and the ICO data sharing code expect the duty a purpose relies on to be named."
    ),
    summary=(
        "A party does not list a safeguarding duty its kind of body holds in its nation, though a "
        "purpose it takes part in relies on that duty (names it under 'gateways')."
    ),
    rationale=(
        "Partners rely on each other's safeguarding duties, and a duty is often the function that "
        "supports a public body's UK GDPR Art 6(1)(e) basis. Where a purpose rests on a duty, the "
        "parties taking part that hold it should say so, so everyone can see whose duty the sharing "
        "serves. An agreement need not recite every duty a body holds: a council listing Children Act "
        "2004 s.11 but not Education Act 2002 s.175 is complete unless a purpose relies on s.175."
    ),
    citation=cite(
        "safeguarding_duties:ca2004_s11",
        "safeguarding_duties:ca2004_s28",
        "safeguarding_duties:ea2002_s175",
        "practice_sources:working_together_2023",
    ),
    fix="Add the duties the message names to the party's 'safeguarding_duties'.",
)
def duty_not_stated(ctx: Context) -> Iterator[Hit]:
    reliance = relied_on(ctx)
    for party_id, (pointer, party) in ctx.parties.items():
        found = standing(ctx, party)
        # A party that lists a wrong duty is told the right ones by ISA502; a processor holds
        # no duty in the sharing (it acts for a controller, UK GDPR Art 29).
        if found is None or not found.held or _misplaced(found, party) or is_processor(ctx, party_id):
            continue
        if "safeguarding_duties" in party and not isinstance(party["safeguarding_duties"], list):
            continue  # the wrong type is the schema's
        listed = strings(party, "safeguarding_duties")
        cited = reliance.get(party_id, {})
        missing = [
            (d, cited[c])
            for d in found.held
            if not _stated(d, found.nation, listed)
            for c in cited
            if _stated(d, found.nation, [c])
        ]
        if not missing:
            continue
        where = f"{pointer}/safeguarding_duties" if "safeguarding_duties" in party else pointer
        because = "; ".join(
            f"purpose{'s' if len(p) > 1 else ''} {join_words(repr(x) for x in p)} rel{'y' if len(p) > 1 else 'ies'} on {d}"
            for d, p in missing
        )
        duties = [d for d, _ in missing]
        yield ctx.hit(
            where,
            f"{_who(party_id, found)} holds {join_words(_duty(d) for d in duties)}, which its "
            f"'safeguarding_duties' does not mention, though {because}",
            fix=f"Add {', '.join(duties)} to the party's 'safeguarding_duties'.",
            sources=tuple(f"safeguarding_duties:{d}" for d in duties),
        )


@rule(
    "ISA504",
    "safeguarding-lead-missing",
    guidance("Working Together 2023 and KCSIE (statutory guidance) expect a named safeguarding lead."),
    summary="A party with a statutory safeguarding duty names no safeguarding lead.",
    rationale=(
        "Bodies with a safeguarding duty are expected to have a designated lead for safeguarding "
        "(the designated safeguarding lead in schools and colleges; named and designated "
        "professionals in health; a senior lead in councils and police). Partners need to know whom "
        "to call when a concern about a child arises, without hunting for a name."
    ),
    citation=cite(
        "practice_sources:working_together_2023",
        "practice_sources:keeping_children_safe_in_education",
    ),
    fix="Add 'safeguarding_lead' to the party with the lead's 'role' and a team 'contact' that outlives any one person.",
)
def safeguarding_lead_missing(ctx: Context) -> Iterator[Hit]:
    for party_id, (pointer, party) in ctx.parties.items():
        found = standing(ctx, party)
        if found is None or is_processor(ctx, party_id):
            continue  # a processor acts for a controller, whose lead answers for the sharing
        if found.held and "safeguarding_lead" not in party:
            yield ctx.hit(
                pointer,
                f"{_who(party_id, found)} holds {join_words(found.held)} but names no safeguarding_lead",
            )


@rule(
    "ISA505",
    "safeguarding-partners-missing",
    guidance(
        "Working Together 2023 (statutory guidance) expects all three partners in the arrangements; s.16E does not make an agreement name them."
    ),
    summary=(
        "An English agreement supporting multi-agency safeguarding arrangements leaves out one of "
        "the three safeguarding partners (local authority, integrated care board, chief officer of "
        "police) without saying why."
    ),
    rationale=(
        "In England the local authority, the integrated care board and the chief officer of police "
        "for an area must make the safeguarding arrangements together. An agreement that supports "
        "those arrangements without one of them leaves a gap in who can share and who must act; if "
        "the partner is covered elsewhere, say where. Wales has no equivalent, so Welsh-only "
        "agreements are not checked."
    ),
    citation=cite("statutory_gateways:ca2004_s16e", "practice_sources:working_together_2023"),
    fix=(
        "Add the missing safeguarding partner as a party, or explain in scope.partners_not_included "
        "why it is not one (for example that it shares under the area's overarching protocol)."
    ),
)
def safeguarding_partners_missing(ctx: Context) -> Iterator[Hit]:
    scope = ctx.section("scope")
    if scope.get("safeguarding_arrangements") is not True or "england" not in ctx.nations():
        return
    reason = text(scope, "partners_not_included")
    if reason is not None and reason.strip():
        return
    kinds = {
        text(party, "kind") for party_id, (_, party) in ctx.parties.items() if not is_processor(ctx, party_id)
    }
    missing = [
        partner
        for partner in catalogues.catalogue("safeguarding_partners").values()
        if "england" in partner["nations"] and partner["kind"] not in kinds
    ]
    if missing:
        yield ctx.hit(
            "/scope/safeguarding_arrangements",
            "the agreement supports multi-agency safeguarding arrangements in England, but no party is of kind "
            + join_words(f"'{p['kind']}' ({p['title'].lower()})" for p in missing)
            + ", and scope.partners_not_included does not say why",
            fix=(
                f"Add {join_words(repr(p['kind']) for p in missing)} as "
                f"{'a party' if len(missing) == 1 else 'parties'}, or explain in "
                "scope.partners_not_included why not."
            ),
        )


# --- Purposes: the statutory gateways they rely on ----------------------------------------


@rule(
    "ISA506",
    "gateway-wrong-nation",
    statute(
        "UK GDPR Art 6(3): the law relied on must apply to the party; a provision that does not extend to its nation gives no basis."
    ),
    summary=(
        "A purpose relies on a gateway that does not apply in the nation of the parties taking part "
        "(Children Act 2004 s.11 or s.16E in Wales, s.28 in England)."
    ),
    rationale=(
        "Much of the law behind safeguarding differs between England and Wales: s.11 and s.16E "
        "apply in England, s.28 and the Social Services and Well-being (Wales) Act 2014 in Wales. A "
        "gateway from the other nation gives the parties no power or duty at all, so the sharing "
        "would rest on nothing. (Education Act 2002 s.157 is accepted in England as the older "
        "citation of the independent school standard.)"
    ),
    citation=cite(
        "statutory_gateways:ca2004_s11", "statutory_gateways:ca2004_s28", "statutory_gateways:ca2004_s16e"
    ),
    fix="Cite the provision that applies in the parties' nation, or remove the gateway.",
)
def gateway_wrong_nation(ctx: Context) -> Iterator[Hit]:
    for cited in cited_gateways(ctx):
        parties = taking_part(ctx, cited)
        where = _purpose_nations(ctx, parties)
        applies = set(cited.gateway["nations"])
        if not where or applies & where:
            continue
        older = OLDER_CITATIONS.get(cited.gateway_id)
        if older is not None and older[0] in where:
            continue  # an accepted older citation (see OLDER_CITATIONS)
        yield ctx.hit(
            cited.pointer,
            f"purpose '{cited.purpose_id}' relies on {_gateway(cited.gateway_id)}, which applies in "
            f"{join_words(_nation_name(n) for n in NATIONS if n in applies)} only, but the parties taking "
            f"part are in {join_words(_nation_name(n) for n in NATIONS if n in where)}",
            fix=_nation_fix(ctx, cited, parties, where),
            at_key=False,
            sources=(f"statutory_gateways:{cited.gateway_id}",),
        )


def _nation_fix(
    ctx: Context, cited: Cited, parties: list[tuple[str, dict[str, Any]]], where: set[str]
) -> str:
    """Name the counterpart of a duty cited from the other nation (s.28 for s.11 and so on).

    The counterpart is what the same kinds of body hold in the parties' nation in place of the
    cited duty: for each party whose kind holds the cited duty in another nation, the duties it
    holds in its own nation but not there (an English council: s.11, not s.175, for s.28).
    Failing that, a gateway's own ``wales_counterpart`` in the catalogue (for Children Act 1989
    s.17 in Wales, the Social Services and Well-being (Wales) Act 2014 s.15).
    """
    nations = join_words(_nation_name(n) for n in NATIONS if n in where)
    counterparts: list[str] = []
    for _, party in parties:
        found = standing(ctx, party)
        if found is None:
            continue
        for other, duties in _kind_nations(found.kind).items():
            if other != found.nation and cited.gateway_id in duties:
                counterparts += [d for d in found.held if d not in duties and d not in counterparts]
    counterparts = [d for d in counterparts if catalogues.entry("statutory_gateways", d) is not None]
    if not counterparts and "wales" in where:
        counterparts = list(cited.gateway.get("wales_counterpart", []))
    if not counterparts:
        return f"Cite the provision that applies in {nations} in place of {cited.gateway_id}, or remove it."
    listed = strings(cited.purpose, "gateways")
    if all(d in listed for d in counterparts):
        return f"Remove {cited.gateway_id}: the purpose already cites {join_words(counterparts)}, which {'applies' if len(counterparts) == 1 else 'apply'} in {nations}."
    return f"Cite {join_words(_gateway(d) for d in counterparts)} in place of {cited.gateway_id}."


@rule(
    "ISA507",
    "gateway-not-in-force",
    statute("UK GDPR Art 6(3): a provision not yet in force gives no basis in law."),
    summary="A purpose relies on a gateway that is not in force on the date checked: enacted but not yet commenced, or repealed.",
    rationale=(
        "Provisions of the Children's Wellbeing and Schools Act 2026, such as the new duty to share "
        "information about a child's welfare (Children Act 2004 s.16LA), only take effect when "
        "regulations commence them. Until then they give no power or duty, and sharing that "
        "relies on them has no statutory basis; the same holds for a provision after its repeal. "
        "Each gateway's commencement is recorded in the statutory_gateways catalogue and read "
        "against the date taken as today (--today), so when regulations commence a provision the "
        "catalogue's date changes and this finding stops on that day."
    ),
    citation=cite(
        "statutory_gateways:ca2004_s16la",
        "Children's Wellbeing and Schools Act 2026 s.78(5) (commencement by regulations)",
    ),
    fix=(
        "Rely on a provision in force today (the parties' current safeguarding duties and powers), "
        "and add the new provision at the review after it is commenced."
    ),
)
def gateway_not_in_force(ctx: Context) -> Iterator[Hit]:
    today = ctx.settings.today
    for cited in cited_gateways(ctx):
        if not catalogues.in_force(cited.gateway, today):
            stands = catalogues.commencement(cited.gateway["commencement"]).words(today)
            yield ctx.hit(
                cited.pointer,
                f"purpose '{cited.purpose_id}' relies on {_gateway(cited.gateway_id)}, which is not in "
                f"force on {today.isoformat()} ({stands})",
                at_key=False,
                sources=(f"statutory_gateways:{cited.gateway_id}",),
            )


@rule(
    "ISA508",
    "exemption-as-gateway",
    guidance(
        "The ICO data sharing code says to name the power to share; an exemption or definition is not one."
    ),
    summary=(
        "A purpose lists as a gateway something that is not a power or duty to share: a DPA 2018 "
        "Schedule 2 exemption, a definition (Domestic Abuse Act 2021), a limit (Human Rights Act "
        "Art 8), or the common law duty of confidence with no statutory gateway beside it."
    ),
    rationale=(
        "A gateway is the law that allows or requires the sharing. An exemption only lifts some "
        "UK GDPR duties where applying them would prejudice, for example, crime prevention; a "
        "definition says what words mean; Art 8 is a limit that sharing must respect. None of them "
        "lets anyone share, so a purpose resting on them may have no basis at all. The common law duty "
        "of confidence is different: its public-interest override is what justifies disclosing "
        "confidential information, so beside a statutory gateway it is right; only on its own does it "
        "leave the sharing without a power or duty in law."
    ),
    citation=cite(
        "statutory_gateways:dpa2018_sch2_p2",
        "statutory_gateways:da2021",
        "statutory_gateways:hra1998_art8",
        "statutory_gateways:common_law_confidence",
        "practice_sources:ico_code_lawful_basis",
    ),
    fix=(
        "Move the provision to the purpose's description or the agreement's legal annex, and list "
        "under 'gateways' the power or duty the sharing rests on."
    ),
)
def exemption_as_gateway(ctx: Context) -> Iterator[Hit]:
    cited_all = cited_gateways(ctx)
    with_gateway = {c.purpose_id for c in cited_all if c.gateway.get("effect") in GATEWAY_EFFECTS}
    for cited in cited_all:
        effect = "exemption" if cited.gateway["kind"] == "exemption" else cited.gateway.get("effect")
        if effect == "justification" and cited.purpose_id in with_gateway:
            continue  # the public-interest justification beside a statutory gateway
        if isinstance(effect, str) and effect in NOT_A_POWER:
            yield ctx.hit(
                cited.pointer,
                f"purpose '{cited.purpose_id}' lists {_gateway(cited.gateway_id)} as a gateway, but it "
                f"{NOT_A_POWER[effect]}",
                fix=_KEEP_BESIDE if effect == "justification" else None,
                at_key=False,
                sources=(f"statutory_gateways:{cited.gateway_id}",),
            )


@rule(
    "ISA509",
    "gateway-excludes-health-data",
    statute(
        "Police, Crime, Sentencing and Courts Act 2022 s.16 does not authorise disclosing health or social care data."
    ),
    summary=(
        "A purpose that uses health data relies on a gateway that cannot carry health or social "
        "care data (Police, Crime, Sentencing and Courts Act 2022 s.16)."
    ),
    rationale=(
        "The serious violence duty's power to share (PCSCA 2022 s.16) expressly does not cover "
        "patient information or personal data from health or social care bodies. Health data in a "
        "purpose that rests on it has no statutory basis and needs another gateway."
    ),
    citation=cite("statutory_gateways:pcsca2022_s16"),
    fix=(
        "Rely on another gateway for the health data (for example the parties' safeguarding duties), "
        "or move the health data to a purpose that does not rest on this gateway."
    ),
)
def gateway_excludes_health_data(ctx: Context) -> Iterator[Hit]:
    for cited in cited_gateways(ctx):
        if cited.gateway["excludes_health_social_care_data"] is not True:
            continue
        health = [
            data_id
            for data_id, (_, category) in ctx.data_categories.items()
            if cited.purpose_id in strings(category, "purposes") and HEALTH in strings(category, "categories")
        ]
        if health:
            yield ctx.hit(
                cited.pointer,
                f"purpose '{cited.purpose_id}' relies on {_gateway(cited.gateway_id)}, which cannot carry "
                f"health or social care data, but it uses health data ({join_words(repr(d) for d in health)})",
                at_key=False,
                sources=(f"statutory_gateways:{cited.gateway_id}",),
            )


@rule(
    "ISA510",
    "gateway-wrong-body",
    guidance(
        "The ICO data sharing code says to name the power relied on; a power of bodies not taking part is not one the parties can use."
    ),
    summary="A purpose relies on a gateway that belongs to particular kinds of body, but no party of those kinds takes part in it.",
    rationale=(
        "Many gateways are duties or powers of particular bodies: s.11 of English statutory bodies, "
        "the independent school standard of academies and independent schools, a council's general "
        "power of competence. If no party taking part in the purpose is such a body, the gateway "
        "gives none of them anything to share under; often it was copied from another agreement."
    ),
    citation=cite("practice_sources:ico_code_lawful_basis", "UK GDPR Art 6(3) (a basis laid down by law)"),
    fix=(
        "Remove the gateway, or add to the purpose (through its data or lawful bases) the party it "
        "belongs to, and list the gateways of the parties that do take part."
    ),
)
def gateway_wrong_body(ctx: Context) -> Iterator[Hit]:
    for cited in cited_gateways(ctx):
        belongs = list(cited.gateway.get("body_kinds") or [])
        older = OLDER_CITATIONS.get(cited.gateway_id)
        current = catalogues.entry("statutory_gateways", older[1]) if older else None
        belongs += [k for k in (current or {}).get("body_kinds") or [] if k not in belongs]
        parties = taking_part(ctx, cited)
        if not belongs or not parties:
            continue
        if any(text(party, "kind") in belongs for _, party in parties):
            continue
        yield ctx.hit(
            cited.pointer,
            f"purpose '{cited.purpose_id}' relies on {_gateway(cited.gateway_id)}, which belongs to "
            f"bodies of kind {_kind_list(belongs)}, but none of the parties taking part "
            f"({join_words(repr(p) for p, _ in parties)}) is such a body",
            at_key=False,
        )


S115 = "cda1998_s115"
"""The statutory_gateways id of Crime and Disorder Act 1998 s.115."""

SHARING_EFFECTS = frozenset({"duty_to_share", "power_to_share", "duty_to_cooperate"})
"""Gateway effects that can themselves carry a disclosure to a recipient."""


@rule(
    "ISA520",
    "s115-recipient-not-relevant-authority",
    statute(
        "Crime and Disorder Act 1998 s.115 permits disclosure only to the relevant authorities in s.115(2)."
    ),
    summary=(
        "A purpose relies on Crime and Disorder Act 1998 s.115 alone, but a party that receives "
        "data for it is not a relevant authority listed in s.115(2) (a school, a charity, a GP "
        "practice, a private provider)."
    ),
    rationale=(
        "Section 115 lets anyone disclose information to a relevant authority (police, local "
        "authorities, probation, health bodies and their successors) or to someone acting on its "
        "behalf, where it is necessary or expedient for the purposes of the Act. It gives no power "
        "to disclose to anyone else, so a recipient outside the list needs another gateway. The "
        "list of kinds of body is kept in the statutory_gateways catalogue with its own status: "
        "it is unverified (the current revised s.115(2) was not read), so this is a warning, and "
        "kinds are listed generously so that only a body no reading of s.115(2) covers is named. "
        "Processors are not named: they receive on a controller's behalf. A purpose that also "
        "cites another power or duty to share is not checked, since that may be the gateway for "
        "this recipient."
    ),
    citation=cite(
        "statutory_gateways:cda1998_s115", "Crime and Disorder Act 1998 s.115(2) (relevant authorities)"
    ),
    fix=(
        "Cite the gateway that lets the data go to this recipient (for example the parties' "
        "safeguarding duties, or UK GDPR Art 6(1)(ea) with Annex 1 for a charity's disclosures), "
        "or stop sending it the data under this purpose."
    ),
)
def s115_recipient_not_relevant_authority(ctx: Context) -> Iterator[Hit]:
    for cited in cited_gateways(ctx):
        if cited.gateway_id != S115:
            continue
        allowed = set(cited.gateway.get("recipients", {}).get("kinds", []))
        others = [
            gateway_id
            for gateway_id in strings(cited.purpose, "gateways")
            if gateway_id != S115
            and (entry := catalogues.entry("statutory_gateways", gateway_id)) is not None
            and entry.get("effect") in SHARING_EFFECTS
        ]
        if not allowed or others:
            continue
        receiving = sorted(
            {
                party_id
                for _, category in ctx.data_categories.values()
                if cited.purpose_id in strings(category, "purposes")
                for party_id in ctx.expand(strings(category, "recipients"))
                if party_id in ctx.parties
            }
        )
        for party_id in receiving:
            party = ctx.parties[party_id][1]
            kind_id = text(party, "kind")
            kind = ctx.kind(party)
            if kind is None or kind_id in allowed or party.get("role") == "processor":
                continue
            yield ctx.hit(
                cited.pointer,
                f"purpose '{cited.purpose_id}' relies on {_gateway(S115)}, but party '{party_id}' receives "
                f"data for it and is of kind '{kind_id}' ({kind['title']}), which is not a relevant "
                "authority in s.115(2): s.115 gives no power to disclose to it (the list of relevant "
                "authorities is unverified)",
                at_key=False,
                sources=(f"statutory_gateways:{S115}",),
            )


@rule(
    "ISA521",
    "english-guidance-in-wales",
    guidance(
        "Statutory guidance for Wales (Working Together to Safeguard People) governs Welsh practice; England's does not apply there."
    ),
    summary=(
        "An agreement that applies in Wales only cites guidance that applies in England only "
        "(Working Together to Safeguard Children, Keeping Children Safe in Education, the "
        "information sharing advice for practitioners)."
    ),
    rationale=(
        "Working Together to Safeguard Children is statutory guidance for England under Children "
        "Act 2004 s.11(4) and s.16E; Keeping Children Safe in Education and the 2024 information "
        "sharing advice apply in England too. Welsh bodies follow Working Together to Safeguard "
        "People (statutory guidance under the Social Services and Well-being (Wales) Act 2014) and "
        "the Wales Safeguarding Procedures, and Welsh relevant partners report a child at risk "
        "under SSWBA 2014 s.130. A Welsh agreement that points its staff at English guidance "
        "tells them to follow procedures that do not bind them. It is a drafting defect, not a "
        "breach of statute, and the Welsh sources are recorded as secondary: a warning."
    ),
    citation=cite(
        "practice_sources:working_together_to_safeguard_people",
        "practice_sources:wales_safeguarding_procedures",
        "statutory_gateways:sswba2014_s130",
    ),
    fix=(
        "Cite the Welsh guidance in its place: Working Together to Safeguard People and the Wales "
        "Safeguarding Procedures (Keeping learners safe for schools). Keep English guidance only "
        "where the text is about English partners, and say so."
    ),
)
def english_guidance_in_wales(ctx: Context) -> Iterator[Hit]:
    if ctx.nations() != {"wales"}:
        return
    pattern, lower, by_name = _english_guidance()
    for pointer, value in ctx.texts.matching(pattern, lower):
        names = {by_name[m.group(0).lower()] for m in pattern.finditer(value)}
        for source_id in sorted(names):
            source = catalogues.entry("practice_sources", source_id) or {}
            counterpart = catalogues.entry("practice_sources", str(source.get("wales_counterpart")))
            instead = f"; Welsh bodies follow {counterpart['title']}" if counterpart else ""
            yield ctx.hit(
                pointer,
                f"the agreement applies in Wales only, but this cites {source.get('title', source_id)}, "
                f"which applies in England only{instead}",
                fix=f"Cite {counterpart['citation']} in its place." if counterpart else None,
                at_key=False,
            )


@functools.cache
def _english_guidance() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """A pattern for the names of England-only guidance, its lower-case twin, and each name's practice_sources id."""
    by_name: dict[str, str] = {}
    for source_id, source in catalogues.catalogue("practice_sources").items():
        if source.get("nations") == ["england"]:
            for name in source.get("also_known_as", []):
                by_name[name.lower()] = source_id
    alternatives = names_after(r"\b", sorted(by_name, key=len, reverse=True))
    return re.compile(rf"{alternatives}\b", re.IGNORECASE), re.compile(rf"{alternatives}\b"), by_name


@rule(
    "ISA522",
    "repealed-law-cited",
    clerical(
        "Citing a repealed provision is a drafting slip: the processing may be lawful under its replacement."
    ),
    summary=(
        "The agreement's text relies on a data protection provision that has been repealed by the "
        "date checked (UK GDPR Art 6(4), replaced by Art 8A and Annex 2 from 5 February 2026)."
    ),
    rationale=(
        "The Data (Use and Access) Act 2025 s.71 repealed the compatibility test for using data for "
        "a new purpose in UK GDPR Art 6(4) and put Art 8A and Annex 2 in its place, with Art 5(3): "
        "a compatible purpose still needs a lawful basis. An agreement that still relies on the "
        "repealed article tells its readers the wrong test. Each provision's repeal date is kept in "
        "the data_protection_provisions catalogue and read against --today, so text written before "
        "the repeal is not reported until the date passes; changelog entries are history and are "
        "not checked. A drafting defect resting on secondary sources: a warning."
    ),
    citation=cite(
        "data_protection_provisions:art6_4_compatibility_test",
        "data_protection_provisions:art8a_further_processing",
        "data_protection_provisions:art5_3_compatible_not_lawful",
    ),
    fix="Cite the provision now in force (the message names it) and check the new test still fits.",
)
def repealed_law_cited(ctx: Context) -> Iterator[Hit]:
    today = ctx.settings.today
    found = _repealed_names(today)
    if found is None:
        return
    pattern, lower, repealed = found
    for pointer, value in ctx.texts.matching(pattern, lower):
        if pointer.startswith("/changelog/"):
            continue
        seen: set[str] = set()
        for match in pattern.finditer(value):
            entry = repealed[match.group(0).lower()]
            if entry["id"] in seen:
                continue
            seen.add(entry["id"])
            successor = catalogues.entry("data_protection_provisions", str(entry.get("replaced_by")))
            stands = catalogues.commencement(entry["commencement"]).words(today)
            instead = (
                f"; cite {successor['citation']} ({successor['title'].lower()}) instead" if successor else ""
            )
            yield ctx.hit(
                pointer,
                f"this relies on {entry['citation']}, which is no longer law on {today.isoformat()} "
                f"({stands}){instead}",
                at_key=False,
            )


@functools.cache
def _repealed_names(
    today: dt.date,
) -> tuple[re.Pattern[str], re.Pattern[str], dict[str, catalogues.Entry]] | None:
    """The names of provisions not in force on ``today``: a pattern, its lower-case twin, each name's entry.

    Worked out once per date (a run has one), so each file pays for one search only.
    """
    repealed = {
        name.lower(): entry
        for entry in catalogues.catalogue("data_protection_provisions").values()
        for name in entry.get("also_known_as", [])
        if not catalogues.in_force(entry, today)
    }
    if not repealed:
        return None
    body = names_after(r"(?<![\w(])", sorted(repealed, key=len, reverse=True))
    return re.compile(rf"{body}(?!\w)", re.IGNORECASE), re.compile(rf"{body}(?!\w)"), repealed
