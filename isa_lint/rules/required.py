"""ISA1xx: required elements are present and say something.

The schema (ISA010) checks that each section exists. These rules check that what is there
means something: that the agreement really is between organisations, that no value is a
placeholder or a hand-off to "each organisation's policy", that urgent purposes say how
fast partners respond, that every party records its decisions (including decisions not to
share), that the agreement says when sharing happens, and that purposes and data are
described specifically enough to be necessary and proportionate.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from isa_lint.check.severity import check, clerical, guidance, integrity, practice
from isa_lint.load import structure
from isa_lint.load.document import escape_pointer_part
from isa_lint.rules._rule import Context, Hit, Texts, cite, is_processor, rule, strings, text
from isa_lint.rules.references import intended, unresolved

# --- Placeholder text (ISA102) ------------------------------------------------------------
# Each entry is a regular expression, matched case-insensitively. Word boundaries keep
# 'TODOS' or 'Tbcx' from matching. "To be ..." phrases count only where they stand for the
# whole answer (at the start, after a colon, dash or bracket, or at the end of the value),
# because running text such as "urgent concerns are to be confirmed in writing" is normal.
_TO_BE = r"(?:yet\s+|still\s+)?to\s+be\s+(?:confirmed|agreed|decided|determined|advised|completed)"
_WHOSE = r"(?:(?:the\s+)?(?:each|every|individual|respective|relevant|own|local)|their|its)"
_ORG = (
    r"(?:organi[sz]ations?|organi[sz]ational|partners?|agenc(?:y|ies)|part(?:y|ies)"
    r"|members?|bod(?:y|ies)|providers?)(?:'s|')?"
)
_DEFER = r"(?:as\s+per|per|in\s+line\s+with|in\s+accordance\s+with|according\s+to|under|follow(?:s|ing)?|subject\s+to)"

PLACEHOLDER_PATTERNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"\bTB[CAD]\b", ("tb[cad]",)),
    (r"\bTODO\b", ("todo",)),
    (r"\bFIXME\b", ("fixme",)),
    (r"\bX{3,}\b", ("xxx",)),
    (r"\blorem\s+ipsum\b", ("lorem",)),
    (rf"(?:^|[(\[:\u2013\u2014-]\s*){_TO_BE}\b", (r"to\s+be",)),
    (rf"\b{_TO_BE}\W*$", (r"to\s+be",)),
    (r"[\[<{]\s*(?:insert|enter|add|name\s+of|date\s+of)\b[^\]>}]*[\]>}]", (r"\[", "<", r"\{")),
    # Deferring to local policy instead of agreeing: "per each organisation's policy",
    # "in line with each partner's retention policy", "as per local policy".
    (
        rf"\b{_DEFER}\s+(?:{_WHOSE}\s+(?:own\s+)?(?:{_ORG}\s+)?|{_ORG}\s+)(?:own\s+)?(?:[\w-]+\s+){{0,2}}(?:polic(?:y|ies)|retention\s+schedules?)\b",
        ("polic", r"retention\s+schedule"),
    ),
)
"""Text that stands in for an answer the partners have not yet agreed.

Each pattern comes with texts, in lower case, one of which every match of it contains: a
quick test that rules the pattern out for most values (it takes a fraction of the time of
the pattern, and values that mention a policy would otherwise try every pattern)."""

_DEFERRAL = PLACEHOLDER_PATTERNS[-1][0]
"""The pattern of a hand-off to local policy, which the checks below may excuse."""

_OWN_COMPLAINTS = re.compile(r"complain", re.IGNORECASE)
"""A controller's own complaints procedure: DPA 2018 s.164A (from 19 June 2026) makes each
controller facilitate complaints about its own processing, so pointing to it is the answer."""
_NAMED_DOCUMENT = re.compile(
    r"\W*(?:as\s+)?(?:set\s+out|listed|given|recorded|collected)\s+in\s+(?:the\s+)?"
    r"(?:[\w-]+\s+){0,4}?(?:annex|appendix|schedule)\b",
    re.IGNORECASE,
)
"""The local policies are set out in an annex of the agreement: the one document all follow."""
_STATED_STANDARD = re.compile(
    r"\b(?:encrypt\w*|UK[- ]hosted|locked|shredd\w*|cross[- ]cut|overwrit\w*|ISO\s*27001|"
    r"Cyber\s+Essentials|DSPT|Data\s+Security\s+and\s+Protection\s+Toolkit|\d+\s+(?:days?|weeks?|months?|years?))\b",
    re.IGNORECASE,
)
"""Words that state an agreed standard: with one of them in the value, local policy only says
who operates the standard, not what it is."""


def _excused(value: str, start: int, end: int) -> bool:
    """Whether the hand-off to local policy at ``value[start:end]`` is in fact the agreed answer
    (see the three above)."""
    return bool(
        _OWN_COMPLAINTS.search(value, start, end)
        or _NAMED_DOCUMENT.match(value, end)
        or _STATED_STANDARD.search(value)
    )


_PATTERNS = tuple(
    (pattern, re.compile("|".join(needs)), re.compile("|".join(needs), re.IGNORECASE))
    for pattern, needs in PLACEHOLDER_PATTERNS
)
_NEEDS = tuple(
    (
        re.compile(needs, re.IGNORECASE),
        re.compile(needs),
        tuple(pattern for pattern, wanted in PLACEHOLDER_PATTERNS if needs in wanted),
    )
    for needs in dict.fromkeys(n for _, wanted in PLACEHOLDER_PATTERNS for n in wanted)
)
"""Each text a pattern may need, with the patterns that need it: searched one by one they
keep the regular expression engine's fast scan for a fixed start, which one alternation of
all of them loses.

The patterns themselves stay text until a value holds what one needs (:func:`_placeholder`):
most agreements never need most of them, so compiling them all would cost every start
(docs/performance.md)."""


def _placeholder(pattern: str) -> re.Pattern[str]:
    """A placeholder pattern, compiled when first needed (``re`` keeps compiled patterns)."""
    return re.compile(pattern, re.IGNORECASE)


_MAYBE = "|".join(dict.fromkeys(n for _, wanted in PLACEHOLDER_PATTERNS for n in wanted))
"""What at least one pattern needs: the first, quick test of one value."""
_MAYBE_LOWER = re.compile(_MAYBE)
_MAYBE_ANY_CASE = re.compile(_MAYBE, re.IGNORECASE)

_ITEM_NAMES = ("id", "party", "data", "purpose", "standard", "version", "method")
"""Keys that name a list item in messages, tried in this order."""

MIN_DESCRIPTION_WORDS = 4


def _first(pattern: str, value: str, folded: str | None) -> tuple[int, int] | None:
    """Where the first match of one placeholder pattern is, passing over hand-offs that are the
    answer; ``folded`` is ``value`` in lower case when it is ASCII, else None."""
    if pattern != _DEFERRAL:
        found = _placeholder(pattern).search(value)
        return None if found is None else found.span()
    # The hand-off pattern is written in lower case and ASCII text matches it case-insensitively
    # exactly where its lower case matches it as written: three times faster (values that name a
    # policy, about thirty an agreement, all come here).
    matches = re.finditer(_DEFERRAL, folded) if folded is not None else _placeholder(pattern).finditer(value)
    return next((m.span() for m in matches if not _excused(value, *m.span())), None)


def placeholder_in(value: str) -> str | None:
    """The placeholder text found in ``value``, or None."""
    # ASCII text matches case-insensitively exactly when its lower case matches; other text
    # takes the case-insensitive search (Unicode case rules).
    folded = value.lower() if value.isascii() else None
    if (_MAYBE_LOWER.search(folded) if folded is not None else _MAYBE_ANY_CASE.search(value)) is None:
        return None
    # The leftmost match of any pattern, the earlier pattern first at the same place: what
    # one search with all the patterns as alternatives would find.
    found: tuple[int, int] | None = None
    for pattern, lower, any_case in _PATTERNS:
        if (lower.search(folded) if folded is not None else any_case.search(value)) is None:
            continue
        match = _first(pattern, value, folded)
        if match is not None and (found is None or match[0] < found[0]):
            found = match
    if found is None:
        return None
    words = value[found[0] : found[1]].strip().lstrip(":\u2013\u2014-").strip()
    if words[:1] in "([<{" and words[-1:] not in ")]>}":
        words = words[1:].strip()  # an opening bracket before "to be agreed"
    return words


def has_placeholder(texts: Texts) -> bool:
    """Whether :func:`placeholder_in` finds something in any of the values.

    Each pattern is tried only in the values holding the text it needs (a value naming a
    policy tries one pattern, not all of them).
    """
    return any(
        _first(pattern, value, value.lower() if value.isascii() else None)
        for any_case, lower, patterns in _NEEDS
        for _, value in texts.matching(any_case, lower)
        for pattern in patterns
    )


def _walk(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every string in a loaded document with the path of keys and indexes leading to it."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, (*path, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, (*path, index))


def _describe(data: dict[str, Any], path: tuple[str | int, ...]) -> str:
    """Where a value is, in words: "'disposal' in retention entry 'referral'"."""
    last = path[-1] if path else ""
    if isinstance(last, int):
        field = f"item {last + 1} of '{path[-2]}'" if len(path) > 1 else f"item {last + 1}"
    else:
        field = f"'{last}'"
    section = str(path[0]) if path else ""
    name: str | None = None
    node: Any = data
    for step in path[:-1]:
        if isinstance(node, dict):
            node = node.get(str(step))
        else:
            node = node[step] if isinstance(node, list) and isinstance(step, int) else None
        if isinstance(step, int) and isinstance(node, dict):
            name = next((node[k] for k in _ITEM_NAMES if isinstance(node.get(k), str)), f"#{step + 1}")
    if len(path) <= 1:
        return field
    if name is not None:
        return f"{field} in {section} entry '{name}'"
    return f"{field} in '{section}'"


def _pointer(path: tuple[str | int, ...]) -> str:
    return "".join(f"/{escape_pointer_part(part)}" for part in path)


def _party_ids_in(ctx: Context, refs: list[str]) -> set[str]:
    """The declared parties a list of party references covers ('all' expanded)."""
    return ctx.expand(refs) & set(ctx.parties)


@rule(
    "ISA101",
    "too-few-parties",
    integrity("An agreement with one party is not a sharing agreement at all."),
    summary="The agreement names fewer than two parties.",
    rationale=(
        "An information sharing agreement sets out how organisations share with each other, so it "
        "needs at least two. Sharing between teams of one organisation is internal use, governed by "
        "that organisation's own policies; if other organisations take part, they are missing."
    ),
    citation=cite("practice_sources:short_guide_protocols", "practice_sources:ico_code_dsa"),
    fix=(
        "Add every organisation that provides or receives information under 'parties', each with its "
        "id, name, kind, nation, role, ig_lead and dpo."
    ),
)
def too_few_parties(ctx: Context) -> Iterator[Hit]:
    parties = ctx.data.get("parties")
    # An empty or missing list is ISA010's to report.
    if isinstance(parties, list) and len(parties) == 1:
        yield ctx.hit(
            "/parties",
            "the agreement has only one party; an information sharing agreement is between at least "
            "two organisations",
        )


@rule(
    "ISA102",
    "placeholder-text",
    clerical("Unfinished or hand-off wording is a drafting fault; it is weak, not unlawful."),
    summary=(
        "A value is placeholder text (TBC, TODO, 'to be agreed', '[insert ...]') or hands the answer "
        "to 'each organisation's policy'."
    ),
    rationale=(
        "Partners sign what the agreement says. A placeholder means the question was never answered, "
        "and 'in line with each organisation's policy' means each party may do something different "
        "(the commonest weakness of published agreements, above all on retention). Either way nobody "
        "can show what was agreed. Not reported: a controller's own complaints procedure (DPA 2018 "
        "s.164A makes each controller handle complaints about its own processing), local policy "
        "beside a stated standard (encrypted, UK-hosted, a period) or set out in an annex of the "
        "agreement, and a changelog's record of what an earlier version said."
    ),
    citation=cite("practice_sources:ico_code_dsa", "practice_sources:ico_code_retention", "UK GDPR Art 5(2)"),
    fix=(
        "Replace the placeholder with the answer the partners agreed. Where a value defers to local "
        "policy, write what that policy requires (the period, the route, the method) so every party "
        "does the same, or name the one document all parties follow."
    ),
)
def placeholder_text(ctx: Context) -> Iterator[Hit]:
    if not has_placeholder(ctx.texts):
        return  # the common case, found without building a path for every value
    # A changelog records what a past version said ('contacts still to be confirmed'): history,
    # not an answer left open.
    found_any = [
        (path, found)
        for path, value in _walk(ctx.data)
        if path[:1] != ("changelog",) and (found := placeholder_in(value))
    ]
    if not found_any:
        return
    # A placeholder the schema rejects (a period, date or catalogue id) or an id that names
    # nothing (ISA201) is reported once, by that check.
    reported = {hit.pointer for _, hit in structure.check(ctx.document)}
    reported |= {ref.pointer for ref in unresolved(ctx)}
    reported |= {pointer for pointer, _ in blank_values(ctx)}  # a lone placeholder: ISA108's
    for path, found in found_any:
        if _pointer(path) not in reported:
            yield ctx.hit(
                _pointer(path),
                f"{_describe(ctx.data, path)} is not an agreed answer: it contains '{found}'",
                at_key=False,
            )


@rule(
    "ISA103",
    "urgent-response-times",
    guidance(
        "Working Together 2023 (statutory guidance) expects timely sharing; no statute sets response times."
    ),
    summary="A purpose marked urgent has no response times under sharing.response_times.",
    rationale=(
        "Where a child may be at immediate risk, information delayed is information not shared. "
        "Reviews keep finding late sharing; partners must agree how fast each level of urgency is "
        "answered (for example red within 4 hours) so a slow reply can be challenged."
    ),
    citation=cite(
        "practice_sources:short_guide_protocols",
        "practice_sources:information_sharing_advice_2024",
        "practice_sources:working_together_2023",
    ),
    fix=(
        "Add entries to sharing.response_times with 'purpose' set to the urgent purpose's id, a "
        "'level' (such as red, amber, green), 'within' (such as '4 hours') and a 'description'."
    ),
)
def urgent_response_times(ctx: Context) -> Iterator[Hit]:
    sharing = ctx.section("sharing")
    answered = {
        text(entry, "purpose")
        for _, entry in ctx.items("/sharing/response_times", sharing.get("response_times"))
    }
    answered |= intended(ctx, "purpose", "/sharing/response_times")  # misspelt: ISA201's
    for purpose_id, (pointer, purpose) in ctx.purposes.items():
        if purpose.get("urgent") is True and purpose_id not in answered:
            yield ctx.hit(
                f"{pointer}/urgent",
                f"purpose '{purpose_id}' is urgent but sharing.response_times gives no response time for it",
                fix=f"Add sharing.response_times entries with 'purpose: {purpose_id}', a level, "
                "'within' and a description.",
            )


@rule(
    "ISA104",
    "records-every-party",
    guidance(
        "The ICO data sharing code (statutory code) expects documented sharing decisions; UK GDPR does not require them in the agreement."
    ),
    summary="A party is not covered by any entry under 'records'.",
    rationale=(
        "Every organisation that shares must record each decision and its reasons, so that it can "
        "explain later what it shared, with whom and why. The agreement must say how each party "
        "does this."
    ),
    citation=cite("practice_sources:golden_rule_7", "practice_sources:ico_code_accountability"),
    fix=(
        "Add the party's id to the 'parties' of a records entry (or use 'all'), or add a records entry "
        "saying how that party records its decisions."
    ),
)
def records_every_party(ctx: Context) -> Iterator[Hit]:
    entries = ctx.entries("records")
    if not entries:
        return  # a missing or empty section is ISA010's
    covered = set().union(*(ctx.expand(strings(entry, "parties")) for _, entry in entries))
    covered |= intended(ctx, "party", "/records")  # misspelt: ISA201's
    for party_id in ctx.parties:
        if party_id not in covered and not is_processor(ctx, party_id):  # a processor decides nothing
            yield ctx.hit(
                "/records",
                f"no records entry covers party '{party_id}': the agreement does not say how it records "
                "its sharing decisions",
                fix=f"Add '{party_id}' to a records entry's parties, or use 'parties: [all]'.",
            )


@rule(
    "ISA105",
    "decisions-not-to-share",
    practice(
        "Recording decisions not to share rests on golden rule 7 of the 2024 advice, which is non-statutory."
    ),
    summary="A party does not record its decisions not to share (decisions_not_to_share is false).",
    rationale=(
        "A decision not to share, or to refuse a request, can matter as much as a decision to share: "
        "it must be recorded with its reasons so it can be explained and looked at again when new "
        "information comes in. Practice reviews keep returning to information that was not passed on."
    ),
    citation=cite("practice_sources:golden_rule_7"),
    fix=(
        "Record decisions not to share and refused requests, with reasons, and set "
        "'decisions_not_to_share: true' on the records entry; say how in its 'how'."
    ),
)
def decisions_not_to_share(ctx: Context) -> Iterator[Hit]:
    entries = ctx.entries("records")
    recording = [entry for entry in entries if entry[1].get("decisions_not_to_share") is True]
    not_recording = [entry for entry in entries if entry[1].get("decisions_not_to_share") is False]
    covered = set().union(*(ctx.expand(strings(entry, "parties")) for _, entry in recording))
    for index, (pointer, entry) in enumerate(not_recording):
        missing = sorted(
            p for p in _party_ids_in(ctx, strings(entry, "parties")) - covered if not is_processor(ctx, p)
        )
        if not missing and (recording or index > 0):
            continue
        if missing:
            who = ", ".join(f"'{p}'" for p in missing)
            message = (
                f"decisions not to share are not recorded for {who}: this entry says false and no "
                "entry with 'decisions_not_to_share: true' covers them"
            )
        else:
            message = "no records entry says that decisions not to share are recorded"
        yield ctx.hit(f"{pointer}/decisions_not_to_share", message, at_key=False)


@rule(
    "ISA106",
    "sharing-when",
    guidance(
        "The ICO data sharing code says an agreement should say when sharing happens; no statute requires it."
    ),
    summary="The sharing section says neither what triggers sharing nor how often it happens.",
    rationale=(
        "Protocols must set out what can be shared, how, and when. Without triggers (such as 'a "
        "professional believes a child is at risk of significant harm') or a frequency for routine "
        "sharing, practitioners cannot tell when the agreement lets them share."
    ),
    citation=cite("practice_sources:short_guide_protocols", "practice_sources:ico_code_dsa"),
    fix=(
        "Add 'triggers' under sharing, listing the events that start sharing, and/or 'frequency' "
        "for regular sharing (such as 'a weekly list of children with a plan')."
    ),
)
def sharing_when(ctx: Context) -> Iterator[Hit]:
    sharing = ctx.data.get("sharing")
    if not isinstance(sharing, dict):
        return  # missing or mistyped: the schema reports it
    frequency = sharing.get("frequency")
    has_frequency = frequency is not None and not (isinstance(frequency, str) and not frequency.strip())
    # Any 'triggers' value counts: an empty or mistyped list is the schema's to report.
    if "triggers" not in sharing and not has_frequency:
        yield ctx.hit(
            "/sharing", "the sharing section gives neither 'triggers' nor a 'frequency': it does not say when"
        )


@rule(
    "ISA107",
    "vague-description",
    check("A short description may still be specific; the reader should check it (UK GDPR Art 5(1)(b))."),
    summary=f"A purpose or data category is described in fewer than {MIN_DESCRIPTION_WORDS} words.",
    rationale=(
        "Purposes must be specific, and data shared only as far as each purpose needs. A one- or "
        "two-word description such as 'safeguarding' or 'case notes' cannot show that: families, "
        "practitioners and reviewers need to know exactly what is shared and why."
    ),
    citation=cite(
        "practice_sources:golden_rule_6",
        "practice_sources:ico_code_data_items",
        "UK GDPR Art 5(1)(b) and (c)",
    ),
    fix=(
        "Describe the purpose as what decision or action the information supports, or the data as "
        "the specific items it holds (names, dates of birth, injuries seen, incidents attended)."
    ),
)
def vague_description(ctx: Context) -> Iterator[Hit]:
    for label, found in (("purpose", ctx.purposes), ("data category", ctx.data_categories)):
        for item_id, (pointer, item) in found.items():
            description = text(item, "description")
            if description is None:
                continue
            words = len(description.split())
            # Placeholders are ISA102's (or ISA108's) to report (tested last: the slower tests).
            if (
                words < MIN_DESCRIPTION_WORDS
                and not placeholder_in(description)
                and blank_reason(description) is None
            ):
                yield ctx.hit(
                    f"{pointer}/description",
                    f"{label} '{item_id}' is described in {words} word{'s' if words != 1 else ''} "
                    f"('{description.strip()}'); say specifically what it is",
                    at_key=False,
                )


# --- Blank and placeholder text (ISA108) and contacts (ISA109) ----------------------------

LONE_PLACEHOLDERS = frozenset(
    {"n/a", "na", "n.a", "tbc", "tba", "tbd", "tbcd", "see above", "as above", "insert", "todo", "unknown"}
)
"""What a value may say, alone and in any case, that is no answer at all (after
:func:`_bare` strips surrounding spaces and punctuation; a value of punctuation alone, such
as '-' or '...', strips to nothing)."""
_LONE_PATTERNS = re.compile(r"x{3,}|[?]+|[\[<{(]\s*(?:insert|enter|add)\b[^\]>})]*[\]>})]", re.IGNORECASE)
_X_RUN = re.compile(r"x{3,}")
_EDGE = " \t\r\n.,;:!?-_*'\"`()[]{}<>\u2013\u2014\u2026\u00a0"
"""Punctuation and spaces a placeholder may be wrapped in ('TBC.', '(n/a)', '- tbd -')."""


def _visible(value: str) -> str:
    """``value`` without spaces, control and format characters (NUL, zero-width space...)."""
    if value.isascii() and value.isprintable():
        return value.strip()
    return "".join(ch for ch in value if unicodedata.category(ch)[0] not in "CZ").strip()


def _bare(value: str) -> str:
    return _visible(value).strip(_EDGE).casefold()


def blank_reason(value: str) -> str | None:
    """Why ``value`` is no answer ('empty', 'only spaces', a lone placeholder), or None."""
    if not value:
        return "empty"
    if value[0].isalnum() and value[-1].isalnum():  # the common case: no edge to strip
        folded = value.casefold()
        if folded in LONE_PLACEHOLDERS or (folded[0] == "x" and _X_RUN.fullmatch(folded)):
            return f"only the placeholder '{value}'"
        return None
    if not _visible(value):
        return "only spaces or invisible characters"
    bare = _bare(value)
    if not bare:
        return f"only '{value.strip()}'"
    if bare in LONE_PLACEHOLDERS or _LONE_PATTERNS.fullmatch(value.strip()):
        return f"only the placeholder '{value.strip()}'"
    return None


def _free_text(schema: dict[str, Any]) -> bool:
    """A string field whose content the schema does not constrain (no pattern, choice or format)."""
    return schema.get("type") == "string" and not {"pattern", "enum", "const", "format"} & set(schema)


def required_text_at(pointer: str) -> bool:
    """Whether ``pointer`` is a free-text value the format requires: a required field, or an
    item of a list given.

    Optional fields are left alone: leaving one out is allowed, and a lone 'n/a' can be a fair
    answer to an optional question; checks that read one treat an empty value as missing.
    """
    from isa_lint.load.schema import agreement_schema

    schema: dict[str, Any] = agreement_schema()
    required = True
    for part in pointer.split("/")[1:]:
        kind = schema.get("type")
        if kind == "array":
            schema, required = schema.get("items", {}), True
        elif kind == "object":
            key = part.replace("~1", "/").replace("~0", "~")
            child = schema.get("properties", {}).get(key)
            if child is None:
                return False  # an unknown key: the schema's (ISA011)
            schema, required = child, key in schema.get("required", ())
        else:
            return False
    return required and _free_text(schema)


_SHORT = 40
"""Longer values that start with a letter or digit (other than x) are real text: no other
placeholder is this long."""


def blank_values(ctx: Context) -> list[tuple[str, str]]:
    """(pointer, why) for each required text value that holds no real answer."""

    def find() -> list[tuple[str, str]]:
        found = []
        for pointer, value in ctx.all_strings:
            if len(value) > _SHORT and value[0].isalnum() and value[0] not in "xX":
                continue  # the common case, decided without looking further
            reason = blank_reason(value)
            if reason is not None and required_text_at(pointer):
                found.append((pointer, reason))
        return found

    result: list[tuple[str, str]] = ctx.memo("required:blank", find)
    return result


def _where_text(data: dict[str, Any], path: tuple[str | int, ...]) -> str:
    """Like :func:`_describe`, naming the keys below the list item too ('dpo.contact')."""
    last_index = max((i for i, part in enumerate(path) if isinstance(part, int)), default=-1)
    keys = [str(part) for part in path[last_index + 1 :]]
    if len(keys) < 2:
        return _describe(data, path)
    inner = _describe(data, (*path[: last_index + 1], keys[0]))
    return inner.replace(f"'{keys[0]}'", f"'{'.'.join(keys)}'", 1)


def _path_of(pointer: str) -> tuple[str | int, ...]:
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]
    return tuple(int(p) if p.isdigit() else p for p in parts)


@rule(
    "ISA108",
    "blank-text",
    integrity("A required field left blank or as a placeholder is as good as missing."),
    summary=(
        "A required text field is empty, only spaces, or nothing but a placeholder ('-', 'n/a', "
        "'TBC', 'TBA', 'tbd', 'xxx', '...', 'see above', '[insert]')."
    ),
    rationale=(
        "The agreement is what the partners sign and what a family, a practitioner or the ICO reads. "
        "A title, a party's name, a role, a description or a contact that says nothing leaves the "
        "question unanswered, exactly as if the field were missing: nobody can tell who shares, what, "
        "or whom to ask."
    ),
    citation=cite("practice_sources:ico_code_dsa", "UK GDPR Art 5(2) (accountability)"),
    fix="Write the real answer the partners agreed in place of the blank or the placeholder.",
)
def blank_text(ctx: Context) -> Iterator[Hit]:
    for pointer, reason in blank_values(ctx):
        where = _where_text(ctx.data, _path_of(pointer))
        yield ctx.hit(
            pointer,
            f"{where} is {reason}: write the answer the partners agreed",
            at_key=False,
        )


CONTACT_FIELDS = ("safeguarding_lead", "ig_lead", "dpo")
"""The contact blocks of a party, each with a 'contact'."""
_EMAIL = re.compile(r"(?<![^@\s<>()\[\],;:])[^@\s<>()\[\],;:]+@[^@\s<>()\[\],;:]+\.[a-z]{2,}", re.IGNORECASE)
"""An email address. A match starts only where a word starts (the look-behind), so a long word
with no address in it is scanned once, not once from each of its characters."""
_URL = re.compile(r"\b(?:https?://|www\.)[^\s]+\.[^\s]+", re.IGNORECASE)
_POSTCODE = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][ABD-HJLNP-UW-Z]{2}\b", re.IGNORECASE)
_PHONE = re.compile(r"(?:\+\s*44\s*(?:\(\s*0\s*\))?|\b0)[\d\s()-]{8,16}\d")
_SHORT_NUMBER = re.compile(r"(?<![\d-])(?:101|111|999|112|116\s?\d{3})(?![\d-])")
"""UK short numbers people are told to call (police non-emergency, NHS 111, emergency, 116 helplines)."""


def looks_like_contact(value: str) -> bool:
    """Whether ``value`` holds an email address, a UK phone number, a postcode (an address) or a URL."""
    if _EMAIL.search(value) or _URL.search(value) or _POSTCODE.search(value) or _SHORT_NUMBER.search(value):
        return True
    for match in _PHONE.finditer(value):
        digits = re.sub(r"\D", "", match.group(0))
        national = (digits[2:] if digits.startswith("44") else digits).lstrip("0")
        if 9 <= len(national) <= 10:  # 0 + 10 digits (or 9 for a few old numbers)
            return True
    return False


_CONTACT_WORDS = {
    "safeguarding_lead": "safeguarding lead",
    "ig_lead": "information governance lead",
    "dpo": "data protection officer",
}


@rule(
    "ISA109",
    "contact-not-usable",
    guidance("The ICO data sharing code expects contact points people can use; no statute sets their form."),
    summary=(
        "A party's contact (safeguarding lead, information governance lead, data protection officer) is "
        "not an email address, a UK phone number, a postal address or a web address."
    ),
    rationale=(
        "Partners use these contacts to raise an urgent concern, report a breach or pass on a request "
        "from a family. A name, a job title or 'via the switchboard' cannot be used by someone outside "
        "the organisation; the contact must be one they can reach directly."
    ),
    citation=cite("practice_sources:ico_code_dsa", "UK GDPR Art 37(7) (DPO contact details)"),
    fix=(
        "Give a team mailbox (such as dpo@council.gov.uk), a phone line (such as 01234 567890), a "
        "postal address with its postcode, or a web page (https://...)."
    ),
)
def contact_not_usable(ctx: Context) -> Iterator[Hit]:
    blank = {pointer for pointer, _ in blank_values(ctx)}
    for party_id, (pointer, party) in ctx.parties.items():
        for field_name in CONTACT_FIELDS:
            block = party.get(field_name)
            value = text(block, "contact") if isinstance(block, dict) else None
            where = f"{pointer}/{field_name}/contact"
            if value is None or where in blank or looks_like_contact(value):
                continue
            yield ctx.hit(
                where,
                f"the {_CONTACT_WORDS[field_name]} contact for party '{party_id}' is '{value.strip()}', "
                "which is not an email address, phone number, postal address or web address",
                at_key=False,
            )
