"""ISA3xx: the data shared and how long it is kept.

Personal data may be kept no longer than its purpose needs (storage limitation), and partners
should agree common retention periods for what they share. Retention is the weakest section
of published agreements, so these rules check that every data category has one clear,
plausible retention period, that special category data says which Art 9(1) categories it
holds, and that each category really passes between organisations.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from isa_lint import catalogues
from isa_lint.check.severity import check, clerical, guidance, integrity
from isa_lint.rules._rule import Context, Hit, cite, rule, strings, text
from isa_lint.rules.references import intended

SPECIAL = "special_category"
KNOWN_DATA_KINDS = ("ordinary", SPECIAL, "criminal_offence")

MAX_RETENTION_YEARS = 125
"""Longest plausible period. The longest reference point known is 125 years from birth,
recommended for the records of care-experienced and adopted people (CALGG guidance, legal.md
section 9); adoption case records are kept 100 years from the order."""

_PERIOD = re.compile(r"(\d+) (day|week|month|year)s?")
_YEARS_PER_UNIT = {"day": 1 / 365.25, "week": 7 / 365.25, "month": 1 / 12, "year": 1.0}

_RETENTION_FIELDS = ("period", "from", "disposal")


def _retention_by_data(ctx: Context) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """Retention entries grouped by the data category id they name, in file order."""
    grouped: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for pointer, entry in ctx.entries("retention"):
        data_id = text(entry, "data")
        if data_id is not None:
            grouped.setdefault(data_id, []).append((pointer, entry))
    return grouped


def _normalised(entry: dict[str, Any], key: str) -> str:
    value = text(entry, key)
    return " ".join(value.lower().split()) if value is not None else ""


@rule(
    "ISA301",
    "retention-missing",
    guidance(
        "The ICO data sharing code says agreements should set retention; Art 5(1)(e) binds each controller whether or not the agreement says so."
    ),
    summary="A data category has no entry under 'retention'.",
    rationale=(
        "Personal data may be kept only as long as its purpose needs. Partners should agree how long "
        "each category of shared data is kept, from what event, and how it is disposed of; otherwise "
        "each recipient keeps it for as long as it likes."
    ),
    citation=cite("UK GDPR Art 5(1)(e)", "practice_sources:ico_code_retention"),
    fix=(
        "Add a retention entry with 'data' set to the category's id, a 'period' (such as '6 years'), "
        "'from' (the event it runs from, such as 'the closure of the child's case') and 'disposal'."
    ),
)
def retention_missing(ctx: Context) -> Iterator[Hit]:
    if not ctx.entries("retention"):
        return  # a missing or empty retention section is ISA010's
    retained = set(_retention_by_data(ctx)) | intended(ctx, "data", "/retention")  # misspelt: ISA201's
    for data_id, (pointer, _) in ctx.data_categories.items():
        if data_id not in retained:
            yield ctx.hit(
                f"{pointer}/id",
                f"data category '{data_id}' has no retention entry: the agreement does not say how long it is kept",
                fix=f"Add a retention entry with 'data: {data_id}', a period, 'from' and 'disposal'.",
                at_key=False,
            )


@rule(
    "ISA302",
    "retention-duplicate",
    clerical("Two retention entries that disagree are a slip in one of them."),
    summary="Two retention entries for the same data category disagree (period, start event or disposal).",
    rationale=(
        "Partners should agree one common retention period for each category they share. Two "
        "different answers for the same data leave each party free to follow whichever suits it."
    ),
    citation=cite("practice_sources:ico_code_retention", "UK GDPR Art 5(1)(e)"),
    fix=(
        "Agree one period, start event and disposal method and keep a single retention entry for the "
        "category. If parts of it need different periods, split the data category in two."
    ),
)
def retention_duplicate(ctx: Context) -> Iterator[Hit]:
    for data_id, entries in _retention_by_data(ctx).items():
        first_pointer, first = entries[0]
        for pointer, entry in entries[1:]:
            differs = [key for key in _RETENTION_FIELDS if _normalised(entry, key) != _normalised(first, key)]
            if differs:
                line, _ = ctx.document.locate(f"{first_pointer}/data", prefer_key=False)
                fields = " and ".join(f"'{key}'" for key in differs)
                yield ctx.hit(
                    f"{pointer}/data",
                    f"data category '{data_id}' has a second retention entry with a different {fields} "
                    f"from the one on line {line}",
                    at_key=False,
                )


@rule(
    "ISA303",
    "special-category-types",
    integrity(
        "Whether Art 9 applies depends on this field; if it contradicts itself the Art 9 checks cannot be relied on."
    ),
    summary=(
        "Special category data does not say which Art 9(1) categories it holds, or other data lists "
        "Art 9(1) categories."
    ),
    rationale=(
        "Which special categories are shared (health, ethnic origin, sex life...) decides the "
        "conditions needed and the care taken. Criminal offence data is not special category data: "
        "it is covered by Art 10 and needs its own kind."
    ),
    citation=cite(
        "UK GDPR Art 9(1)", "criminal_offence_data:dpa_s11_2", "practice_sources:ico_code_data_items"
    ),
    fix=(
        "For special category data add 'categories' with the Art 9(1) categories it holds. If the data "
        "is not special category data, remove 'categories', or set 'kind: special_category' if it is."
    ),
)
def special_category_types(ctx: Context) -> Iterator[Hit]:
    known = ", ".join(catalogues.ids("uk_gdpr_art9_categories"))
    for data_id, (pointer, category) in ctx.data_categories.items():
        kind = category.get("kind")
        if kind not in KNOWN_DATA_KINDS:
            continue  # missing or unknown kinds are the schema's
        if kind == SPECIAL and "categories" not in category:
            yield ctx.hit(
                f"{pointer}/kind",
                f"data category '{data_id}' is special category data but does not say which Art 9(1) "
                "categories it holds",
                fix=f"Add 'categories' listing what it holds, from: {known}.",
                at_key=False,
            )
        elif kind != SPECIAL and "categories" in category:
            extra = (
                "; criminal offence data is Art 10 data, not an Art 9(1) category: if it also holds "
                "special category data, make that a separate data category"
                if kind == "criminal_offence"
                else ""
            )
            yield ctx.hit(
                f"{pointer}/kind",
                f"data category '{data_id}' lists Art 9(1) categories but its kind is '{kind}'{extra}",
                at_key=False,
            )


@rule(
    "ISA304",
    "shared-with-nobody",
    check("Data that passes between no organisations may be intended; the reader should check it."),
    summary="A data category does not pass between organisations: its only provider is its only recipient.",
    rationale=(
        "An information sharing agreement covers what one organisation gives another. Data that only "
        "its own holder provides and receives is not shared, so either the providers and recipients "
        "are wrong or the category does not belong in the agreement."
    ),
    citation=cite("practice_sources:ico_code_data_items", "practice_sources:ico_code_dsa"),
    fix=(
        "List under 'recipients' the parties that receive the data from its providers, or remove the "
        "category if it is not shared."
    ),
)
def shared_with_nobody(ctx: Context) -> Iterator[Hit]:
    declared = set(ctx.parties)
    if len(declared) < 2:
        return  # a one-party agreement is ISA101's to report
    for data_id, (pointer, category) in ctx.data_categories.items():
        providers = ctx.expand(strings(category, "providers")) & declared
        recipients = ctx.expand(strings(category, "recipients")) & declared
        if providers and recipients and len(providers | recipients) == 1:
            (only,) = providers
            yield ctx.hit(
                f"{pointer}/recipients",
                f"data category '{data_id}' is provided and received only by '{only}', so it is not "
                "shared with any other organisation",
            )


def period_in_years(period: str) -> float | None:
    """A period such as '18 months' in years, or None when it is not in the format's form."""
    found = _PERIOD.fullmatch(period.strip())
    return int(found.group(1)) * _YEARS_PER_UNIT[found.group(2)] if found else None


@rule(
    "ISA305",
    "retention-period-implausible",
    clerical("A retention period over 125 years is almost always a typing slip."),
    summary=f"A retention period is longer than {MAX_RETENTION_YEARS} years.",
    rationale=(
        "A period longer than any record of a living person needs is usually a typo (months for "
        "years, an extra digit) and would keep data far longer than its purpose needs. A period "
        "of zero is not reported: deleting the data as soon as it has been used is the most "
        "protective answer storage limitation allows, and the disposal says how it is done."
    ),
    citation=cite("UK GDPR Art 5(1)(e)", "practice_sources:ico_code_retention"),
    fix="Write the period the partners agreed, such as '6 years' or '18 months'.",
)
def retention_period_implausible(ctx: Context) -> Iterator[Hit]:
    for pointer, entry in ctx.entries("retention"):
        period = text(entry, "period")
        years = period_in_years(period) if period is not None else None
        if years is None:
            continue  # missing or malformed periods are the schema's
        about = f"data category '{data}'" if (data := text(entry, "data")) else "this entry"
        if years > MAX_RETENTION_YEARS:
            yield ctx.hit(
                f"{pointer}/period",
                f"the retention period for {about} is '{period}', longer than {MAX_RETENTION_YEARS} years",
                at_key=False,
            )


# --- Special category or criminal offence data labelled ordinary (ISA306) -----------------

NEGATION = re.compile(
    r"\b(?:no|not|nor|never|excluding|excludes|exclude|except|without|other\s+than|none\s+of)\b[^.;:]*$",
    re.IGNORECASE,
)
"""Words that, earlier in the same clause, say the data is *not* held ('no health or ethnicity data')."""
_NEGATION_REACH = 40
"""How many characters before a term a negation may stand (a few words)."""


class DataTerm:
    """One catalogue entry's terms, compiled: what a data category's words must say to hold it."""

    def __init__(self, ref: str, label: str, entry: catalogues.Entry) -> None:
        self.ref, self.label = ref, label
        self.terms: list[str] = entry.get("terms", [])
        words = "|".join(re.escape(t) for t in sorted(self.terms, key=len, reverse=True))
        self.pattern = re.compile(rf"\b(?:{words})(?:s|es)?\b", re.IGNORECASE) if words else None
        self.not_terms = tuple(t.casefold() for t in entry.get("not_terms", []))

    def found_in(self, value: str) -> str | None:
        """The first term in ``value`` that is not part of a longer phrase or negated, or None."""
        if self.pattern is None:
            return None
        folded = value.casefold()
        for match in self.pattern.finditer(value):
            if any(folded.startswith(phrase, match.start()) for phrase in self.not_terms):
                continue
            if NEGATION.search(value[max(0, match.start() - _NEGATION_REACH) : match.start()]):
                continue
            return match.group(0)
        return None


@functools.cache
def _any_term() -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    """Every term of :func:`_data_terms` in one pattern: the first, quick test of a category.

    With it, its lower-case twin for ASCII text (several times faster than IGNORECASE, and
    exact there), when every term is ASCII: some other letters match ASCII ones in any case.
    """
    words = "|".join(t.pattern.pattern for t in _data_terms() if t.pattern is not None) or r"(?!)"
    ascii_terms = all(t.isascii() for term in _data_terms() for t in term.terms)
    return re.compile(words, re.IGNORECASE), re.compile(words.lower()) if ascii_terms else None


def _may_name_a_term(words: str) -> bool:
    any_case, lower = _any_term()
    if lower is not None and words.isascii():
        return lower.search(words.lower()) is not None
    return any_case.search(words) is not None


@functools.cache
def _data_terms() -> list[DataTerm]:
    found = [
        DataTerm(
            f"uk_gdpr_art9_categories:{entry_id}",
            f"UK GDPR Art 9(1) special category data ({entry['title']})",
            entry,
        )
        for entry_id, entry in catalogues.catalogue("uk_gdpr_art9_categories").items()
    ]
    for entry_id, entry in catalogues.catalogue("criminal_offence_data").items():
        if entry.get("terms"):
            label = f"criminal offence data (UK GDPR Art 10; {entry['citation']} counts allegations)"
            found.append(DataTerm(f"criminal_offence_data:{entry_id}", label, entry))
    return found


@rule(
    "ISA306",
    "ordinary-data-looks-special",
    clerical(
        "The label may be a slip; if the data really is special category or criminal offence data, "
        "the Art 9 or Art 10 checks were skipped."
    ),
    summary=(
        "A data category labelled 'ordinary' is named or described as special category data (UK GDPR "
        "Art 9(1)) or criminal offence data (Art 10)."
    ),
    rationale=(
        "Special category data (racial or ethnic origin, political opinions, religious or philosophical "
        "beliefs, trade union membership, genetic data, biometric data used to identify someone, health, "
        "sex life or sexual orientation) needs an Art 9(2) condition, and criminal offence data, which "
        "includes allegations, needs an Art 10 route. Labelled 'ordinary', neither is asked for, so the "
        "agreement may share it with no condition at all."
    ),
    citation=cite("UK GDPR Art 9(1)", "criminal_offence_data:art10", "criminal_offence_data:dpa_s11_2"),
    fix=(
        "If the data holds what its words say, set 'kind: special_category' with its 'categories', or "
        "'kind: criminal_offence', or split it into an ordinary and a special category; if it does not, "
        "reword the description so it says what is shared."
    ),
)
def ordinary_data_looks_special(ctx: Context) -> Iterator[Hit]:
    for data_id, (pointer, category) in ctx.data_categories.items():
        if category.get("kind") != "ordinary":
            continue
        words = " ".join(
            filter(None, (data_id.replace("-", " ").replace("_", " "), text(category, "description")))
        )
        if not _may_name_a_term(words):
            continue  # most ordinary data names nothing special
        for term in _data_terms():
            found = term.found_in(words)
            if found is not None:
                yield ctx.hit(
                    f"{pointer}/kind",
                    f"data category '{data_id}' is labelled ordinary, but its name or description says "
                    f"'{found}', which is {term.label}",
                    at_key=False,
                    sources=(term.ref,),
                )
