"""The one vocabulary Word documents and agreements share: labels, sections and value wording.

Export writes each value with a label from here, in the summary's plain English
(:mod:`isa_lint.reports.wording`); import reads labels and words back with the same tables,
so the two directions cannot drift apart. Law is matched through the catalogues: a title as
exported, or a citation as people write it ("Article 6(1)(e)", "Schedule 1 paragraph 18",
"section 115 of the Crime and Disorder Act 1998").
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from isa_lint import catalogues
from isa_lint.reports import wording as w
from isa_lint.reports.view import ALL, EACH_PARTY, as_text

EVERY_PARTY = "Every party"
EACH_PARTY_WORDS = "Each party, for its own records"


class Refs:
    """Party ids and names of one agreement, both ways; 'all' and 'each_party' included."""

    def __init__(self, parties: list[tuple[str, str]]) -> None:
        self.names = {pid: name for pid, name in parties if pid}
        self.ids = {_key(name): pid for pid, name in parties if pid and name}
        self.ids.update({_key(pid): pid for pid, _ in parties if pid})
        self.ids[_key(EVERY_PARTY)] = ALL
        self.ids[_key(EACH_PARTY_WORDS)] = EACH_PARTY

    def name(self, ref: str) -> str:
        if ref == ALL:
            return EVERY_PARTY
        if ref == EACH_PARTY:
            return EACH_PARTY_WORDS
        return self.names.get(ref) or ref

    def ref(self, words: str) -> str:
        return self.ids.get(_key(words)) or words.strip()


def _key(text: str) -> str:
    return " ".join(text.lower().replace("\u2019", "'").split()).rstrip(".")


# Codecs: a value in words and back ------------------------------------------------------------


@dataclass(frozen=True)
class Codec:
    """How one kind of value is worded (``out``) and read back from words (``back``; None: not understood)."""

    out: Callable[[Any, Refs], list[str]]
    back: Callable[[list[str], Refs], Any]
    many: bool = False
    """A list: an empty one is written as NONE, and NONE read back as an empty list."""


NONE = "None"


def _text_out(value: Any, refs: Refs) -> list[str]:
    return [as_text(value)] if as_text(value) else []


def _text_back(lines: list[str], refs: Refs) -> Any:
    text = " ".join(" ".join(lines).split())
    return text or None


def _int_back(lines: list[str], refs: Refs) -> Any:
    found = re.search(r"\d+", " ".join(lines))
    return int(found.group()) if found else None


def _bool_out(value: Any, refs: Refs) -> list[str]:
    return ["Yes" if value else "No"] if isinstance(value, bool) else _text_out(value, refs)


def _bool_back(lines: list[str], refs: Refs) -> Any:
    text = _key(" ".join(lines))
    return {"yes": True, "no": False, "true": True, "false": False}.get(text)


def _date_out(value: Any, refs: Refs) -> list[str]:
    text = value.isoformat() if isinstance(value, dt.date) else as_text(value)
    return [w.long_date(text)] if text else []


_MONTH_NUMBERS = {name.lower(): n for n, name in enumerate(w._MONTHS, start=1)}


def parse_date_words(text: str) -> dt.date | None:
    """'1 April 2026', '1st April 2026', '2026-04-01' or '01/04/2026' (UK order) as a date."""
    text = text.strip()
    try:
        found = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", text)
        if found:
            return dt.date(int(found[1]), int(found[2]), int(found[3]))
        found = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\s+(\d{4})\b", text)
        if found and found[2].lower() in _MONTH_NUMBERS:
            return dt.date(int(found[3]), _MONTH_NUMBERS[found[2].lower()], int(found[1]))
        found = re.search(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b", text)
        if found:
            return dt.date(int(found[3]), int(found[2]), int(found[1]))
    except ValueError:
        return None
    return None


def _date_back(lines: list[str], refs: Refs) -> Any:
    return parse_date_words(" ".join(lines))


def enum(table: Mapping[str, Any]) -> Codec:
    reverse = {_key(w.enum_words(table, key)): key for key in table}
    reverse.update({_key(key): key for key in table})

    def out(value: Any, refs: Refs) -> list[str]:
        return [w.enum_words(table, value)] if value is not None else []

    def back(lines: list[str], refs: Refs) -> Any:
        text = " ".join(lines)
        return reverse.get(_key(text), text.strip() or None)

    return Codec(out, back)


def enum_list(table: Mapping[str, Any]) -> Codec:
    one = enum(table)
    return Codec(
        lambda value, refs: [w.enum_words(table, v) for v in _list(value)],
        lambda lines, refs: [one.back([line], refs) for line in lines if line.strip()] or None,
        many=True,
    )


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def law_list(catalogue: str) -> Codec:
    return Codec(
        lambda value, refs: [str(w.law(catalogue, v)) for v in _list(value)],
        lambda lines, refs: [i for line in lines if (i := law_id(catalogue, line))] or None,
        many=True,
    )


def _law_one(catalogue: str) -> Codec:
    return Codec(
        lambda value, refs: [str(w.law(catalogue, value))] if value is not None else [],
        lambda lines, refs: law_id(catalogue, " ".join(lines)),
    )


def _party_out(value: Any, refs: Refs) -> list[str]:
    return [refs.name(value)] if isinstance(value, str) and value else []


def _party_back(lines: list[str], refs: Refs) -> Any:
    text = " ".join(lines).strip()
    return refs.ref(text) if text else None


def _parties_out(value: Any, refs: Refs) -> list[str]:
    return [refs.name(v) for v in _list(value) if isinstance(v, str)]


def _parties_back(lines: list[str], refs: Refs) -> Any:
    return [refs.ref(line) for line in lines if line.strip()] or None


def _lines_out(value: Any, refs: Refs) -> list[str]:
    return [as_text(v) for v in _list(value) if as_text(v)]


def _lines_back(lines: list[str], refs: Refs) -> Any:
    return [" ".join(line.split()) for line in lines if line.strip()] or None


TEXT = Codec(_text_out, _text_back)
INT = Codec(_text_out, _int_back)
BOOL = Codec(_bool_out, _bool_back)
DATE = Codec(_date_out, _date_back)
PARTY = Codec(_party_out, _party_back)
PARTIES = Codec(_parties_out, _parties_back, many=True)
LINES = Codec(_lines_out, _lines_back, many=True)
"""A list of texts or ids, one per line (triggers, purpose ids, data ids)."""


# The law: catalogue entries from their exported words or from citations ------------------------

LAW_CATALOGUES = (
    "uk_gdpr_art6",
    "uk_gdpr_annex1",
    "uk_gdpr_art9_conditions",
    "criminal_offence_data",
    "dpa2018_sch1",
    "dpa2018_sch8",
    "statutory_gateways",
    "safeguarding_duties",
    "body_kinds",
    "uk_gdpr_art9_categories",
)
NOT_CATALOGUED = " (not in isa-lint's catalogues)"


@functools.cache
def _words_index(catalogue: str) -> dict[str, str]:
    """Every entry's exported words, title and citation (normalised) -> its id."""
    index: dict[str, str] = {}
    for entry_id in catalogues.ids(catalogue):
        law = w.law(catalogue, entry_id)
        for words in (str(law), law.title):
            index.setdefault(_key(words), entry_id)
        index.setdefault(_key(entry_id), entry_id)
    return index


def law_id(catalogue: str, text: str) -> str | None:
    """The id of the entry in ``catalogue`` that ``text`` names: its words, or a citation in it."""
    text = text.strip()
    if not text:
        return None
    if text.endswith(NOT_CATALOGUED):
        return text.removesuffix(NOT_CATALOGUED)
    found = _words_index(catalogue).get(_key(text))
    if found:
        return found
    cited = citations_in(text)
    return next((entry_id for cat, entry_id in cited if cat == catalogue), None)


_CITE_SHAPES = (
    (r"\bArt(?:icle)?\.?\s*6\s*\(\s*1\s*\)\s*\(\s*([a-f]a?)\s*\)", "uk_gdpr_art6", "UK GDPR Art 6(1)({})"),
    (
        r"\bArt(?:icle)?\.?\s*9\s*\(\s*2\s*\)\s*\(\s*([a-j])\s*\)",
        "uk_gdpr_art9_conditions",
        "UK GDPR Art 9(2)({})",
    ),
    (
        r"\bSch(?:edule|\.)?\s*1\b[^.;]{0,40}?\bpar(?:agraph|a\.?)\s*(\d+)",
        "dpa2018_sch1",
        "Data Protection Act 2018 Sch 1 para {}",
    ),
    (r"\bSch(?:edule|\.)?\s*8\b[^.;]{0,40}?\bpar(?:agraph|a\.?)\s*(\d+)", "dpa2018_sch8", "Sch 8 para {}"),
)
_ACT_NAME = r"[A-Z][\w'\u2019()\- ]{0,100}?\bAct\s+\d{4}"
"""An Act's name, at most about 100 characters: bounded, so that a long paragraph with no Act
in it is scanned once, not once from every capital letter (which took minutes on 200 KB)."""
_SECTION_OF_ACT = re.compile(
    rf"\bs(?:ection|\.)?\s*(\d+[A-Z]{{0,2}})\s+of\s+the\s+({_ACT_NAME})", re.IGNORECASE
)
_ACT_SECTION = re.compile(rf"\b({_ACT_NAME})\s*,?\s+s(?:ection|\.)\s*(\d+[A-Z]{{0,2}})\b")


@functools.cache
def _citation_index() -> dict[str, list[tuple[str, str]]]:
    """Each catalogue citation's leading provision (normalised) -> (catalogue, id)."""
    index: dict[str, list[tuple[str, str]]] = {}
    for catalogue in LAW_CATALOGUES[:8]:  # kinds of body and data are named, not cited
        for entry_id in catalogues.ids(catalogue):
            entry = catalogues.entry(catalogue, entry_id) or {}
            citation = str(entry.get("citation", ""))
            head = re.split(r"\s+\(|;", citation, maxsplit=1)[0]
            index.setdefault(_cite_key(head), []).append((catalogue, entry_id))
    return index


def _cite_key(text: str) -> str:
    text = text.lower().replace("\u2019", "'")
    text = re.sub(r"\bsection\b|\bs\.\s*", "s ", text)
    return " ".join(re.sub(r"[^a-z0-9() ']", " ", text).split())


def citations_in(text: str) -> list[tuple[str, str]]:
    """(catalogue, id) for every provision cited in ``text`` that a catalogue holds, in order, once each."""
    found: list[tuple[str, str]] = []
    index = _citation_index()

    def add(citation: str, catalogue: str | None = None) -> None:
        for hit in index.get(_cite_key(citation), []):
            if (catalogue is None or hit[0] == catalogue) and hit not in found:
                found.append(hit)

    for pattern, catalogue, template in _CITE_SHAPES:
        for match in re.finditer(pattern, text, re.IGNORECASE):
            if catalogue == "dpa2018_sch8":
                for entry_id in catalogues.ids(catalogue):
                    entry = catalogues.entry(catalogue, entry_id) or {}
                    if re.search(rf"\bpara\s*{match[1]}\b", str(entry.get("citation", ""))):
                        hit = (catalogue, entry_id)
                        found.append(hit) if hit not in found else None
                continue
            add(template.format(match[1].lower()), catalogue)
    for match in _SECTION_OF_ACT.finditer(text):
        add(f"{_act_name(match[2])} s.{match[1]}")
    for match in _ACT_SECTION.finditer(text):
        add(f"{_act_name(match[1])} s.{match[2]}")
    return found


def _act_name(text: str) -> str:
    """'the Crime and Disorder Act 1998' -> 'Crime and Disorder Act 1998' (trailing words kept)."""
    words = text.split()
    while words and words[0][0].islower():
        words.pop(0)
    return " ".join(words)


# Fields of each section ------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """One labelled value: where it sits in an item (``key``), its label, its wording."""

    key: tuple[str, ...]
    label: str
    codec: Codec = TEXT
    aliases: tuple[str, ...] = ()


def _f(key: str, label: str, codec: Codec = TEXT, *aliases: str) -> Field:
    return Field(tuple(key.split(".")), label, codec, aliases)


ABOUT = (
    _f("id", "Reference", TEXT, "agreement reference", "reference number", "document reference"),
    _f("version", "Version", TEXT, "version number", "document version"),
    _f("status", "Status", enum(w.STATUSES), "document status"),
    _f(
        "effective_from",
        "In effect from",
        DATE,
        "date of agreement",
        "effective date",
        "start date",
        "commencement date",
    ),
    _f(
        "review.due",
        "Review due",
        DATE,
        "review date",
        "next review",
        "next review date",
        "date of next review",
    ),
    _f("review.frequency_months", "Reviewed every (months)", INT, "review frequency", "review period"),
    _f("review.owner.party", "Review led by", PARTY),
    _f("review.owner.role", "Review lead's role", TEXT, "review owner", "document owner"),
    _f("scope.area", "Area", TEXT, "geographical area", "area covered"),
    _f("scope.nations", "Nations", enum_list(w.NATIONS), "nation"),
    _f("scope.tier", "Tier", enum(w.TIERS)),
    _f("scope.overarching_protocol", "Overarching protocol", TEXT),
    _f("scope.safeguarding_arrangements", "Part of the local safeguarding arrangements", BOOL),
    _f("scope.partners_not_included", "Partners not included", TEXT),
    _f("scope.joint_controllers.arrangement", "Joint controllers' arrangement", TEXT),
    _f("scope.joint_controllers.contact_point", "Joint controllers' contact point", TEXT),
    _f("scope.dpia", "Data protection impact assessment", TEXT, "dpia"),
)
PARTY_FIELDS = (
    _f("id", "Short name"),
    _f(
        "name",
        "Organisation",
        TEXT,
        "name",
        "organisation name",
        "partner",
        "party",
        "agency",
        "partner organisation",
    ),
    _f("kind", "Kind of body", _law_one("body_kinds"), "type of organisation"),
    _f("nation", "Nation", enum(w.NATIONS)),
    _f("role", "Role", enum(w.ROLES), "controller or processor", "data protection role"),
    _f(
        "processor_contract",
        "Processor contract (UK GDPR Art 28)",
        TEXT,
        "processor contract",
        "art 28 contract",
        "article 28 contract",
        "data processing agreement",
        "data processing contract",
    ),
    _f(
        "processes_for",
        "Processes information for",
        PARTIES,
        "processes for",
        "processes on behalf of",
        "processor for",
        "data processor for",
    ),
    _f(
        "ico_registration",
        "ICO registration",
        TEXT,
        "ico number",
        "ico registration number",
        "ico reg",
        "ico",
    ),
    _f("ods_code", "ODS code", TEXT, "ods"),
    _f("safeguarding_duties", "Safeguarding duties", law_list("safeguarding_duties")),
    _f("safeguarding_lead.role", "Safeguarding lead"),
    _f("safeguarding_lead.contact", "Safeguarding lead's contact"),
    _f(
        "ig_lead.role",
        "Information governance lead",
        TEXT,
        "ig lead",
        "single point of contact",
        "contact role",
    ),
    _f(
        "ig_lead.contact",
        "Information governance lead's contact",
        TEXT,
        "contact",
        "contact details",
        "email",
    ),
    _f("dpo.role", "Data protection officer", TEXT, "dpo"),
    _f("dpo.contact", "Data protection officer's contact", TEXT, "dpo contact", "dpo email"),
    _f("privacy_notice", "Privacy notice"),
    _f("appropriate_policy_document", "Appropriate policy document"),
)
PURPOSE_FIELDS = (
    _f("id", "Short name"),
    _f("description", "Purpose", TEXT, "description", "purpose of sharing"),
    _f("kind", "Kind of purpose", enum(w.PURPOSE_KINDS)),
    _f("urgent", "Urgent", BOOL),
    _f(
        "gateways",
        "Powers and duties to share",
        law_list("statutory_gateways"),
        "statutory gateways",
        "legal powers",
    ),
    _f("consent.approach", "Consent", enum(w.CONSENT)),
    _f("consent.explanation", "Consent explained", TEXT),
)
BASIS_FIELDS = (
    _f("parties", "Parties", PARTIES),
    _f("regime", "Law that applies", enum(w.REGIMES)),
)
DATA_FIELDS = (
    _f("id", "Short name"),
    _f("description", "Information", TEXT, "description", "data items", "data to be shared"),
    _f("kind", "Kind of data", enum(w.DATA_KINDS)),
    _f("categories", "Special categories", law_list("uk_gdpr_art9_categories")),
    _f("purposes", "For purposes", LINES),
    _f("providers", "Provided by", PARTIES, "provider", "from"),
    _f("recipients", "Received by", PARTIES, "recipient", "to"),
)
SHARING_FIELDS = (
    _f("triggers", "When information is shared", LINES),
    _f("frequency", "How often", TEXT, "frequency"),
)
METHOD_FIELDS = (_f("method", "Method", enum(w.METHODS)), _f("description", "How", TEXT, "description"))
RESPONSE_FIELDS = (
    _f("purpose", "Purpose"),
    _f("level", "Level", TEXT, "rag", "priority"),
    _f("within", "Answered within", TEXT, "timescale", "response time"),
    _f("description", "What it means", TEXT, "description"),
)
SECURITY_FIELDS = (
    _f("transfer", "Sending information"),
    _f("storage", "Storing information"),
    _f("access_control", "Who can see it"),
    _f("training", "Training"),
    _f("breach_notification.within_hours", "Breaches reported within (hours)", INT),
    _f("breach_notification.description", "Reporting a breach"),
)
STANDARD_FIELDS = (
    _f("standard", "Standard", enum(w.STANDARDS)),
    _f("party", "Party", PARTY, "organisation"),
    _f("status", "Status"),
)
RETENTION_FIELDS = (
    _f("data", "Information", TEXT, "data", "data category", "record"),
    _f("period", "Kept for", TEXT, "retention period", "period", "retention"),
    _f("from", "Counted from", TEXT, "from", "trigger"),
    _f("disposal", "Then", TEXT, "disposal", "disposal method", "destruction"),
)
RIGHT_FIELDS = (
    _f("right", "Right", enum(w.RIGHTS)),
    _f("handled_by", "Handled by", PARTY),
    _f("how", "How", TEXT),
)
ROUTE_FIELDS = (
    _f("party", "Party", PARTY, "organisation", "partner", "partner organisation", "controller"),
    _f(
        "route",
        "How to complain to it",
        TEXT,
        "complaints route",
        "how to complain",
        "where to complain",
        "complaints procedure",
        "complaints contact",
        "complaints process",
    ),
)
RECORD_FIELDS = (
    _f("parties", "Parties", PARTIES),
    _f("how", "How decisions are recorded"),
    _f("decisions_not_to_share", "Decisions not to share recorded", BOOL),
)
CHANGE_FIELDS = (
    _f("version", "Version"),
    _f("date", "Date", DATE),
    _f("summary", "Changes", TEXT, "summary", "description of change", "amendments", "comments"),
)
SIGNATURE_FIELDS = (
    _f("party", "Organisation", PARTY, "organisation name", "on behalf of", "party", "partner", "agency"),
    _f("role", "Signatory role", TEXT, "position", "job title", "title", "role"),
    _f("name", "Name", TEXT, "print name", "name of signatory", "signatory"),
    _f("signature", "Signature", TEXT, "signed"),
    _f("signed", "Date", DATE, "date signed"),
)
SIGNATURE_LINE = "_" * 30


def get(item: Mapping[str, Any], key: tuple[str, ...]) -> Any:
    value: Any = item
    for part in key:
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def put(item: dict[str, Any], key: tuple[str, ...], value: Any) -> None:
    for part in key[:-1]:
        item = item.setdefault(part, {})
    item[key[-1]] = value


def lookup(fields: tuple[Field, ...], label: str) -> Field | None:
    """The field a label names (its own label first, then the names others use)."""
    return _labels(fields).get(_key(re.sub(r"[:*]+$", "", label)))


@functools.cache
def _labels(fields: tuple[Field, ...]) -> dict[str, Field]:
    found: dict[str, Field] = {}
    for spec in fields:
        for alias in spec.aliases:
            found.setdefault(alias, spec)
    found.update({_key(spec.label): spec for spec in fields})
    return found


SECTIONS = {
    "parties": "Parties",
    "purposes": "Purposes and the law",
    "data": "Information shared",
    "sharing": "How and when information is shared",
    "security": "Security",
    "retention": "How long information is kept",
    "rights": "People's rights",
    "records": "Records of sharing decisions",
    "changelog": "Changes to this agreement",
    "signatories": "Signatures",
}
"""The exported document's sections, in order, by the agreement section each one holds."""

CAPTIONS = {
    "bases": "The law each party relies on",
    "methods": "How information is sent",
    "response_times": "How quickly requests are answered",
    "standards": "Security standards",
    "routes": "Where to complain to each party",
}
"""Headings over the tables that follow another table: readers see what each one is, and Word
and LibreOffice do not join two tables that touch into one when the file is edited."""
