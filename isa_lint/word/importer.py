"""A Word agreement as a draft in the v1 format, losing nothing.

Each paragraph and table cell of the body is either *mapped* (its text became a value) or
*kept* as a YAML comment under the section it most likely belongs to, marked ``# from the
Word document, section N:``. Labels and values are read with :mod:`isa_lint.word.fields`,
the vocabulary export writes with; law is recognised through the catalogues. What the
document does not say becomes a ``TODO`` placeholder, found from the schema's required
fields, which ``isa-lint lint`` reports (ISA102 and the schema checks).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from isa_lint import catalogues
from isa_lint.load.schema import MAX_ID_LENGTH
from isa_lint.reports.view import ALL, as_text
from isa_lint.word import fields as f
from isa_lint.word.model import BASIS_LAW
from isa_lint.word.reader import Block, Para, Table

PLACEHOLDER = "TODO"
FROM_WORD = "# from the Word document, section {}:"
FROM_START = "# from the Word document, before its first heading:"

SECTION_WORDS: tuple[tuple[str, str], ...] = (
    ("signat|sign-off|sign off|agreement to the terms|declaration of acceptance", "signatories"),
    ("version history|document control|change ?log|changes to this|amendment|revision history", "changelog"),
    ("retention|how long|disposal|destruction", "retention"),
    ("security|safe ?keeping|breach|protective marking", "security"),
    ("subject access|rights|complaint|individuals|freedom of information", "rights"),
    ("record|log of|audit", "records"),
    ("part(y|ies)|partners?\\b|organisations|signatories to|who is sharing", "parties"),
    (
        "lawful|legal basis|legal bases|legislation|legal framework|law|powers|gateway|consent|purpose|aims|objectives|why",
        "purposes",
    ),
    ("data|information (to be )?shared|what information|categories", "data"),
    ("how|method|process|procedure|when|sharing arrangements|frequency|response", "sharing"),
    ("review|scope|introduction|background|overview|about|commencement|duration|term", "about"),
)
"""Heading words -> the agreement section a heading most likely opens (first match wins)."""

FIELDS_BY_SECTION: dict[str, tuple[f.Field, ...]] = {
    "about": f.ABOUT,
    "parties": f.PARTY_FIELDS,
    "purposes": f.PURPOSE_FIELDS,
    "data": f.DATA_FIELDS,
    "sharing": f.SHARING_FIELDS,
    "security": f.SECURITY_FIELDS,
    "signatories": f.SIGNATURE_FIELDS,
}
GRIDS: dict[str, tuple[str, tuple[f.Field, ...]]] = {
    "parties": ("parties", f.PARTY_FIELDS),
    "bases": ("purposes", f.BASIS_FIELDS),
    "data": ("data", f.DATA_FIELDS),
    "methods": ("sharing", f.METHOD_FIELDS),
    "response_times": ("sharing", f.RESPONSE_FIELDS),
    "standards": ("security", f.STANDARD_FIELDS),
    "retention": ("retention", f.RETENTION_FIELDS),
    "rights": ("rights", f.RIGHT_FIELDS),
    "routes": ("rights", f.ROUTE_FIELDS),
    "records": ("records", f.RECORD_FIELDS),
    "changelog": ("changelog", f.CHANGE_FIELDS),
    "signatories": ("signatories", f.SIGNATURE_FIELDS),
}
LIST_SECTIONS = ("parties", "purposes", "data", "signatories")
MAX_ROUTE_CHARS = 1000
"""Longer text is not one party's complaints route (it stays a comment), and is never searched
for contacts: the contact patterns take time that grows with the square of a long word."""
MIN_CONFIDENCE = 0.15
"""Below this, a line of text is not taken for an organisation's name (it stays a comment)."""


@dataclass
class Account:
    """What happened to each paragraph and cell of the source."""

    units: int = 0
    mapped: int = 0
    kept: int = 0
    placeholders: int = 0
    notes: list[str] = field(default_factory=list)

    def words(self) -> str:
        return (
            f"mapped {self.mapped} of {self.units} paragraphs and table cells; "
            f"{self.kept} kept as comments; {self.placeholders} placeholders to fill"
        )


@dataclass
class Result:
    data: dict[str, Any]
    comments: dict[str, list[str]]
    account: Account
    text: str = ""

    @property
    def suggested_id(self) -> str:
        return as_text(self.data.get("id"))


def _blank(text: str) -> bool:
    return not re.search(r"\w", text.replace("_", ""))


class _Importer:
    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        self.data: dict[str, Any] = {}
        self.comments: dict[str, list[str]] = {}
        self.account = Account()
        self.section = "about"
        self.source_section = "0"
        self.heading_count = 0
        self.pending_heading: str | None = None
        self.topic = ""
        """The last heading's words: a complaints heading makes party-and-contact lines routes."""
        self.prose: dict[str, list[str]] = {}
        self.last_marker: dict[str, str] = {}
        text = " ".join(b.text for b in blocks if isinstance(b, Para))
        wales = len(re.findall(r"\bWales\b|\bWelsh\b|\bCymru\b", text))
        england = len(re.findall(r"\bEngland\b|\bEnglish\b", text))
        self.document_nation = "wales" if wales > england else "england" if england > wales else None

    # Bookkeeping --------------------------------------------------------------------------

    def mapped(self, count: int = 1) -> None:
        self.account.units += count
        self.account.mapped += count

    def keep(self, text: str, section: str | None = None) -> None:
        if _blank(text):
            return
        self.account.units += 1
        self.account.kept += 1
        lines = self.comments.setdefault(section or self.section, [])
        marker = FROM_WORD.format(self.source_section) if self.source_section != "0" else FROM_START
        if self.last_marker.get(section or self.section) != marker:
            lines.append(marker)
            self.last_marker[section or self.section] = marker
        lines += [f"#   {line}" if line.strip() else "#" for line in text.splitlines()]

    def note(self, section: str, text: str) -> None:
        self.comments.setdefault(section, []).append(f"# isa-lint import: {text}")

    def refs(self) -> f.Refs:
        return f.Refs([(as_text(p.get("id")), as_text(p.get("name"))) for p in self.data.get("parties", [])])

    # Walking the document -------------------------------------------------------------------

    def run(self) -> None:
        for block in self.blocks:
            if isinstance(block, Table):
                self.table(block)
                self.flush_heading()
            elif block.level or block.style == "Title":
                self.flush_heading()
                self.heading(block)
            else:
                self.flush_heading()
                self.paragraph(block)
        self.flush_heading()
        self.from_prose()
        self.name_items()
        self.resolve_parties()

    def heading(self, para: Para) -> None:
        text = para.text
        if _blank(text):
            return
        self.topic = text
        if para.style == "Title" and "title" not in self.data:
            self.data["title"] = " ".join(text.split())
            self.mapped()
            return
        if any(f._key(text) == f._key(caption) for caption in f.CAPTIONS.values()):
            self.mapped()  # a table's caption: the table says where its rows go
            return
        number = re.match(r"^\s*((?:\d+\.)*\d+)\.?\s+", text)
        words = text[number.end() :] if number else text
        section = _section_of(words)
        if para.level <= 1 or section is not None:
            self.heading_count += 1 if para.level <= 1 else 0
            self.source_section = number.group(1) if number else str(self.heading_count)
        if section is not None and (para.level <= 1 or section != self.section):
            self.section = section
            self.mapped()
            self.comments.setdefault(section, []).append(f"# Word heading {text!r} read as this section")
            return
        if "title" not in self.data and para.level <= 1 and self.heading_count <= 1 and not self.data:
            self.data["title"] = " ".join(text.split())
            self.mapped()
            return
        self.pending_heading = text

    def flush_heading(self) -> None:
        if self.pending_heading is not None:
            text, self.pending_heading = self.pending_heading, None
            self.keep(text)

    def paragraph(self, para: Para) -> None:
        text = para.text
        if _blank(text):
            return
        labelled = re.match(r"^([^:]{2,60}):\s+(\S.*)$", text, re.DOTALL)
        if labelled:
            spec, fields_section = self.label(labelled.group(1))
            if spec is not None and fields_section in ("about", "sharing", "security"):
                target = self.data if fields_section == "about" else self.data.setdefault(fields_section, {})
                value = spec.codec.back([labelled.group(2)], self.refs())
                if value is not None and f.get(target, spec.key) is None:
                    f.put(target, spec.key, value)
                    self.mapped()
                    return
        if (
            self.section == "purposes"
            and (para.listed or text.startswith("To "))
            and not self.has_purpose_table
        ):
            self.data.setdefault("purposes", []).append({"description": " ".join(text.split())})
            self.mapped()
            return
        if self.section == "rights" and self.complaints_route([text]):
            self.mapped()
            return
        if self.section == "parties" and para.listed and len(text) < 160:
            name = re.split(r"\s[-\u2013\u2014(]\s?|, (?=ICO|ODS)", text)[0].strip(" ;,.")
            party = self.new_party(name, text)
            if party is not None:
                self.mapped()
                return
        self.prose.setdefault(self.section, []).append(text)
        self.keep(text)

    @property
    def has_purpose_table(self) -> bool:
        return any("id" in p for p in self.data.get("purposes", []))

    def label(self, label: str) -> tuple[f.Field | None, str]:
        for name in (self.section, "about", "sharing", "security"):
            fields = FIELDS_BY_SECTION.get(name)
            spec = f.lookup(fields, label) if fields else None
            if spec is not None:
                return spec, name
        return None, ""

    # Tables ---------------------------------------------------------------------------------

    def table(self, table: Table) -> None:
        rows = [row for row in table.rows if any(not _blank(c) for c in row)]
        if not rows:
            return
        for index in range(1, len(rows)):
            # Word and LibreOffice join tables that touch: a row of column names starts another.
            score = self.best_grid(rows[index])[1]
            if score >= 2 and score >= len(rows[index]) - 1 and self.best_grid(rows[index - 1])[1] < 2:
                self.table(Table(rows[:index]))
                self.table(Table(rows[index:]))
                return
        fields_section, fields_score = self.best_fields(rows)
        grid_name, grid_score = self.best_grid(rows[0])
        if grid_score >= 2 and grid_score >= fields_score:
            self.grid(grid_name, rows)
        elif fields_score >= 2 or (fields_score >= 1 and len(rows) == 1):
            self.fields(fields_section, rows)
        else:
            for row in rows:
                if self.section == "rights" and self.complaints_route(row):
                    self.mapped(sum(1 for cell in row if not _blank(cell)))
                    continue
                for cell in row:
                    self.keep(cell)

    def best_fields(self, rows: list[list[str]]) -> tuple[str, int]:
        best, score = self.section, 0
        order = [self.section, *[s for s in FIELDS_BY_SECTION if s != self.section]]
        for name in order:
            fields = FIELDS_BY_SECTION.get(name)
            if not fields:
                continue
            hits = sum(1 for row in rows if len(row) >= 2 and f.lookup(fields, row[0]) is not None)
            if hits > score:
                best, score = name, hits
        return best, score

    def best_grid(self, header: list[str]) -> tuple[str, int]:
        best, score = "", 0
        names = sorted(GRIDS, key=lambda g: GRIDS[g][0] != self.section)
        for name in names:
            fields = GRIDS[name][1]
            # distinct fields: a row 'Data protection officer | Data Protection Officer' names one
            hits = len({spec.key for cell in header if (spec := f.lookup(fields, cell)) is not None})
            if name == "bases":
                hits += sum(1 for cell in header if f._key(cell) == f._key(BASIS_LAW))
            if hits > score:
                best, score = name, hits
        return best, score

    def fields(self, section: str, rows: list[list[str]]) -> None:
        specs = FIELDS_BY_SECTION[section]
        if section != self.section and section in LIST_SECTIONS:
            self.section = section
        item: dict[str, Any] = {}
        seen: set[tuple[str, ...]] = set()
        refs = self.refs()
        for row in rows:
            spec = f.lookup(specs, row[0]) if len(row) >= 2 else None
            lines = [line for cell in row[1:] for line in cell.splitlines()]
            if spec is None:
                for cell in row:
                    self.keep(cell, section)
                continue
            if spec.key in seen and section in LIST_SECTIONS:  # a label again: the next entry (joined tables)
                self.store(section, item)
                item, seen = {}, set()
            seen.add(spec.key)
            value = None if all(_blank(line) for line in lines) else spec.codec.back(lines, refs)
            if spec.codec.many and f._key(" ".join(lines)) == f._key(f.NONE):
                value = []
            self.mapped(sum(1 for cell in row if not _blank(cell)))
            if value is not None and spec.key != ("signature",):
                f.put(item, spec.key, value)
        if self.pending_heading is not None and section in LIST_SECTIONS:
            self.note(section, f"Word heading {self.pending_heading!r} read as the start of an entry")
            self.pending_heading = None
            self.mapped()
        self.store(section, item)

    def store(self, section: str, item: dict[str, Any]) -> None:
        if section == "about":
            for key, value in item.items():
                if isinstance(value, dict) and isinstance(self.data.get(key), dict):
                    self.data[key].update(value)
                else:
                    self.data[key] = value
        elif section in ("sharing", "security"):
            self.data.setdefault(section, {}).update(item)
        elif section == "parties":
            self.add_party(item)
        elif section == "signatories":
            if item.get("role"):
                self.data.setdefault("signatories", []).append(item)
        else:
            self.data.setdefault(section, []).append(item)

    def name_items(self) -> None:
        """Purposes and data categories without a short name get one from their description's first words."""
        for section in ("purposes", "data"):
            items = self.data.get(section, [])
            taken = {as_text(i.get("id")) for i in items}
            for item in items:
                if "id" not in item and as_text(item.get("description")):
                    item["id"] = _unique(_slug(as_text(item["description"]).removeprefix("To "), 3), taken)
                    taken.add(item["id"])

    def grid(self, name: str, rows: list[list[str]]) -> None:
        section, specs = GRIDS[name]
        header = rows[0]
        columns = [f.lookup(specs, cell) for cell in header]
        law_column = next((i for i, cell in enumerate(header) if f._key(cell) == f._key(BASIS_LAW)), None)
        for index, cell in enumerate(header):
            if columns[index] is not None or index == law_column:
                self.mapped(0 if _blank(cell) else 1)
            else:
                self.keep(cell, section)
        refs = self.refs()
        items = []
        for row in rows[1:]:
            item: dict[str, Any] = {}
            for index, cell in enumerate(row[: len(header)]):
                spec = columns[index]
                if _blank(cell):
                    continue
                if index == law_column:
                    item.update(_basis_laws(cell.splitlines()))
                    self.mapped()
                elif spec is None:
                    self.keep(cell, section)
                else:
                    value = spec.codec.back(cell.splitlines(), refs)
                    self.mapped()
                    if value is not None and spec.key != ("signature",):
                        f.put(item, spec.key, value)
            for cell in row[len(header) :]:
                self.keep(cell, section)
            if item:
                items.append(item)
        if name == "bases":
            purposes = self.data.setdefault("purposes", [{}])
            purposes[-1].setdefault("lawful_bases", []).extend(items)
        elif name in ("methods", "response_times", "standards"):
            target = self.data.setdefault("sharing" if name != "standards" else "security", {})
            target.setdefault(name, []).extend(items)
        elif name == "rights":
            rights = self.data.setdefault("rights", {})
            for item in items:
                right = item.pop("right", None)
                if isinstance(right, str):
                    rights.setdefault(right, {}).update(item)  # keeps routes read before it
        elif name == "routes":
            self.routes().extend(items)
        else:
            for item in items:
                self.store(section, item)

    # Complaints routes --------------------------------------------------------------------------

    def routes(self) -> list[dict[str, Any]]:
        complaints = self.data.setdefault("rights", {}).setdefault("complaints", {})
        routes: list[dict[str, Any]] = complaints.setdefault("routes", [])
        return routes

    def complaints_route(self, cells: list[str]) -> bool:
        """A party's complaints route laid out by someone else: under a complaints heading (or
        saying 'complain'), a party's name with a way to reach it, as 'Party: route', a row
        'Party | route', or a sentence naming one party. Stored when it is one; the whole text
        is the route, so nothing is lost."""
        from isa_lint.rules.required import looks_like_contact

        text = " ".join(c for c in cells if not _blank(c))
        if len(text) > MAX_ROUTE_CHARS:
            return False
        if "complain" not in f"{self.topic} {text}".lower() or not looks_like_contact(text):
            return False
        refs = self.refs()
        labelled = re.match(r"^\s*(.{2,120}?)(?::\s+|\s+[-\u2013\u2014]\s+)(\S.*)$", text, re.DOTALL)
        if len(cells) > 1 and not _blank(cells[0]):
            party, route = refs.ids.get(f._key(cells[0])), " ".join(c for c in cells[1:] if not _blank(c))
        elif labelled and f._key(labelled[1]) in refs.ids:
            party, route = refs.ids[f._key(labelled[1])], labelled[2]
        else:
            named = [pid for pid, name in refs.names.items() if name and f._key(name) in f._key(text)]
            party, route = (named[0], text) if len(named) == 1 else (None, "")
        if party is None or not route.strip():
            return False
        self.routes().append({"party": party, "route": " ".join(route.split())})
        return True

    def resolve_parties(self) -> None:
        """Party names read before the parties table (the cover, a processor listed before its
        controller, routes) as party ids, now that every party is known."""
        refs = self.refs()
        owner = self.data.get("review", {}).get("owner")
        if isinstance(owner, dict) and isinstance(owner.get("party"), str):
            owner["party"] = refs.ref(owner["party"])
        for party in self.data.get("parties", []):
            if isinstance(party.get("processes_for"), list):
                party["processes_for"] = [refs.ref(name) for name in party["processes_for"]]
        for route in self.data.get("rights", {}).get("complaints", {}).get("routes", []):
            if isinstance(route.get("party"), str):
                route["party"] = refs.ref(route["party"])

    # Parties ----------------------------------------------------------------------------------

    def add_party(self, item: dict[str, Any]) -> None:
        name = as_text(item.get("name"))
        if not name:
            return
        parties = self.data.setdefault("parties", [])
        if "id" not in item:
            item = {"id": _unique(_slug(name, 3), {as_text(p.get("id")) for p in parties}), **item}
        if "kind" not in item:
            kind, confidence = match_kind(name)
            if kind:
                item["kind"] = kind
                current = catalogues.entry("body_kinds", kind)
                entry = current or catalogues.entry("retired_body_kinds", kind) or {}
                gone = (
                    "" if current else ", a kind of body that no longer exists ('lint' names its successor)"
                )
                self.note(
                    "parties",
                    f"{name!r}: kind of body guessed from the name as {entry.get('title')} ({kind}){gone}, "
                    f"confidence {confidence:.0%}; check it",
                )
        nation = item.get("nation") or self.nation(item.get("kind"))
        if nation:
            item["nation"] = nation
        parties.append(item)

    def new_party(self, name: str, text: str) -> dict[str, Any] | None:
        kind, confidence = match_kind(name)
        if not kind or confidence < MIN_CONFIDENCE:
            return None
        item: dict[str, Any] = {"name": name}
        for code, pattern in _party_identifiers():
            found = re.search(pattern, text)
            if found:
                item[code] = found.group(0)
        self.add_party(item)
        return item

    def nation(self, kind: Any) -> str | None:
        """The nation a kind of body exists in alone, else the one the document names most (None: unknown)."""
        entry = catalogues.entry("body_kinds", kind) if isinstance(kind, str) else None
        nations = list(entry.get("nations", {})) if entry else []
        if len(nations) == 1:
            return str(nations[0])
        return self.document_nation

    # Facts in prose ---------------------------------------------------------------------------

    def from_prose(self) -> None:
        """Law, periods and parties named in running text that no table gave."""
        text = "\n".join(t for texts in self.prose.values() for t in texts)
        purposes = self.data.get("purposes", [])
        if purposes and not any("lawful_bases" in p for p in purposes):
            basis = _basis_laws([text])
            if len(basis) > 1:
                for purpose in purposes:
                    purpose["lawful_bases"] = [{"parties": [ALL], **basis}]
                self.note(
                    "purposes",
                    f"law recognised in the text: {_law_list(basis)}; check which parties rely on it",
                )
            gateways = [i for c, i in f.citations_in(text) if c == "statutory_gateways"]
            for purpose in purposes:
                if gateways and "gateways" not in purpose:
                    purpose["gateways"] = gateways
        review = self.data.setdefault("review", {})
        if "frequency_months" not in review:
            months = review_months("\n".join([*self.prose.get("about", []), text]))
            if months:
                review["frequency_months"] = months
                self.note("about", f"review every {months} months, read from the text")
        if not self.data.get("parties"):
            for name in _names_in_prose("\n".join(self.prose.get("parties", []))):
                self.new_party(name, name)
        periods = retention_periods("\n".join(self.prose.get("retention", [])))
        if periods and not self.data.get("retention"):
            self.data["retention"] = [
                {"data": as_text(c.get("id")) or PLACEHOLDER, "period": periods[0]}
                for c in self.data.get("data", [])
            ] or [{"period": periods[0]}]
            self.note(
                "retention", f"retention period {periods[0]!r} read from the text; check it applies to each"
            )


# Recognisers ---------------------------------------------------------------------------------

_STOP = {
    "the",
    "and",
    "for",
    "of",
    "in",
    "a",
    "an",
    "its",
    "with",
    "nhs",
    "on",
    "by",
    "to",
    "or",
    "as",
    "so",
    "far",
}


def _words(text: str) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 2 and w not in _STOP}


@functools.cache
def _kind_words() -> list[tuple[str, set[str], set[str], bool]]:
    """(kind, title words, other words, retired) for each kind of body, current or retired.

    Retired kinds (a clinical commissioning group, Public Health England) are matched only by
    their whole title or their abbreviation (CCG, PHE), not their notes, which name their
    successors: an old document's party keeps its old kind, and ``lint`` says what took its
    place (ISA019), rather than the import quietly guessing a current kind."""
    found = []
    for kind in catalogues.ids("body_kinds"):
        entry = catalogues.entry("body_kinds", kind) or {}
        title = _words(str(entry.get("title", "")))
        found.append((kind, title, _words(str(entry.get("notes", ""))) - title, False))
    for kind in catalogues.ids("retired_body_kinds"):
        entry = catalogues.entry("retired_body_kinds", kind) or {}
        full = str(entry.get("title", ""))
        title = _words(re.sub(r"\([^)]*\)", "", full))
        aliases = " ".join(str(a) for a in entry.get("aliases", []) if "_" not in str(a))
        found.append((kind, title, _words(f"{full} {aliases}") - title, True))
    return found


def match_kind(name: str) -> tuple[str | None, float]:
    """The kind of body a name most likely is, from the catalogues' titles and notes, with a confidence."""
    name_words = _words(name)
    if not name_words:
        return None, 0.0
    scores: list[tuple[int, float, str]] = []
    for kind, title, notes, retired in _kind_words():
        if retired and not (title <= name_words or name_words & notes):
            continue
        score = 2 * len(name_words & title) + len(name_words & notes)
        if title and title <= name_words:
            score += 2
        scores.append((score, score / (2 * len(title) + 2 if title else 1), kind))
    scores.sort(key=lambda s: (s[0], s[1]), reverse=True)
    raw, best, kind = scores[0]
    if raw <= 0:
        return None, 0.0
    runner_up = scores[1][0] / raw if len(scores) > 1 else 0.0
    confidence = min(1.0, best) * (1 - 0.5 * runner_up)
    return kind, round(confidence, 2)


def _party_identifiers() -> list[tuple[str, str]]:
    found = []
    for entry_id in catalogues.ids("identifier_formats"):
        entry = catalogues.entry("identifier_formats", entry_id) or {}
        if entry.get("personal"):
            continue
        code = (
            "ico_registration"
            if entry_id == "ico_registration"
            else "ods_code"
            if entry_id.startswith("ods_")
            else ""
        )
        if code:
            found.append((code, r"\b" + str(entry["pattern"]).strip("^$") + r"\b"))
    return found


def _basis_laws(lines: Iterable[str]) -> dict[str, Any]:
    """A lawful-basis entry's law from its lines: exported words first, then citations."""
    basis: dict[str, Any] = {}
    keys = {
        "uk_gdpr_art6": "art6",
        "uk_gdpr_annex1": "annex1",
        "uk_gdpr_art9_conditions": "art9",
        "dpa2018_sch1": "sch1",
        "criminal_offence_data": "art10",
        "dpa2018_sch8": "sch8",
    }
    law_enforcement = False
    for line in lines:
        if not line.strip():
            continue
        if f._key(line).startswith(
            f._key("Law-enforcement processing by a competent authority")
        ) or re.search(r"\bPart 3\b", line):
            law_enforcement = True
        hits: list[tuple[str, str]] = []
        for catalogue in keys:
            entry_id = f._words_index(catalogue).get(f._key(line))
            if entry_id:
                hits = [(catalogue, entry_id)]
                break
        if not hits:
            hits = [(c, i) for c, i in f.citations_in(line) if c in keys]
            if line.endswith(f.NOT_CATALOGUED):
                hits = []
        for catalogue, entry_id in hits:
            key = keys[catalogue]
            if key == "art10":
                basis[key] = entry_id
            elif entry_id not in basis.setdefault(key, []):
                basis[key].append(entry_id)
    if law_enforcement:
        basis = {"regime": "law_enforcement", **({"sch8": basis["sch8"]} if "sch8" in basis else {})}
    elif basis:
        basis = {"regime": "uk_gdpr", **basis}
    return basis


def _law_list(basis: dict[str, Any]) -> str:
    return ", ".join(f"{k}: {', '.join(v) if isinstance(v, list) else v}" for k, v in basis.items())


_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "ten": 10,
    "twelve": 12,
}


def review_months(text: str) -> int | None:
    """'reviewed annually', 'every two years', 'every 6 months' as a number of months."""
    found = re.search(
        r"\breview\w*\b[^.]{0,60}?\b(annually|yearly|every year|each year)\b", text, re.IGNORECASE
    )
    if found:
        return 12
    found = re.search(
        r"\breview\w*\b[^.]{0,60}?\bevery\s+(\d+|one|two|three|four|five|six|twelve)\s+(year|month)s?",
        text,
        re.IGNORECASE,
    )
    if found:
        count = int(found[1]) if found[1].isdigit() else _NUMBERS[found[1].lower()]
        return count * (12 if found[2].lower() == "year" else 1)
    return None


def retention_periods(text: str) -> list[str]:
    """'kept for 6 years', 'retained for seven years' as periods in the format's words ('6 years')."""
    found = []
    for match in re.finditer(
        r"\b(?:kept|retained|held|stored)\b[^.]{0,40}?\bfor\s+(\d+|one|two|three|four|five|six|seven|ten|twelve)\s+(day|week|month|year)s?",
        text,
        re.IGNORECASE,
    ):
        count = int(match[1]) if match[1].isdigit() else _NUMBERS[match[1].lower()]
        found.append(f"{count} {match[2].lower()}{'s' if count != 1 else ''}")
    return found


def _names_in_prose(text: str) -> list[str]:
    """Organisation names in a sentence listing them: capitalised runs split at commas, 'and', ';'."""
    names = []
    for sentence in re.split(r"(?<=[.:])\s+|\n", text):
        body = sentence.split(":", 1)[-1]
        for part in re.split(r";|,\s+(?:and\s+)?|\s+and\s+(?=[A-Z])", body):
            part = part.strip(" .")
            part = re.sub(
                r"^(?:the\s+parties\s+(?:to\s+this\s+agreement\s+)?are\s+|and\s+)", "", part, flags=re.I
            )
            if re.match(r"^[A-Z]", part) and len(part.split()) >= 2 and match_kind(part)[1] >= MIN_CONFIDENCE:
                names.append(part)
    return names


def _section_of(words: str) -> str | None:
    lowered = words.lower()
    for key, name in f.SECTIONS.items():
        if f._key(name) == f._key(words):
            return key
    for pattern, section in SECTION_WORDS:
        if re.search(rf"\b(?:{pattern})", lowered):
            return section
    return None


def _slug(text: str, words: int) -> str:
    parts = [p for p in re.findall(r"[a-z0-9]+", text.lower()) if p not in _STOP]
    return _short("-".join(parts[:words])) or "party"


def _short(slug: str) -> str:
    """An id within the format's length, with room for _unique's '-2'."""
    return slug[: MAX_ID_LENGTH - 4].rstrip("-")


def _unique(base: str, taken: set[str]) -> str:
    name, number = base, 2
    while name in taken:
        name, number = f"{base}-{number}", number + 1
    return name


def suggest_id(title: str) -> str:
    drop = {"information", "sharing", "agreement", "protocol", "isa", "personal", "wasp", "waspi", "data"}
    words = [p for p in re.findall(r"[a-z0-9]+", title.lower()) if p not in _STOP and p not in drop]
    return _short("-".join(words[:5])) or "imported-agreement"


# Placeholders from the schema ----------------------------------------------------------------


def fill(value: Any, schema: dict[str, Any], account: Account) -> Any:
    """``value`` with a placeholder for every required field it lacks, following the schema."""
    kind = schema.get("type")
    if kind == "object":
        given = value if isinstance(value, dict) else {}
        result: dict[str, Any] = {}
        for name, sub in schema.get("properties", {}).items():  # the schema's order, as people write it
            if name in given:
                result[name] = fill(given[name], sub, account)
            elif name in schema.get("required", []):
                result[name] = _placeholder(sub, account)
        result.update({k: v for k, v in given.items() if k not in result})
        return result
    if kind == "array" and isinstance(value, list):
        return [fill(item, schema.get("items", {}), account) for item in value]
    return value


def _placeholder(schema: dict[str, Any], account: Account) -> Any:
    kind = schema.get("type")
    if kind == "object":
        return fill({}, schema, account)
    if kind == "array":
        return [_placeholder(schema.get("items", {}), account)] if schema.get("minItems") else []
    if "const" in schema:
        return schema["const"]
    account.placeholders += 1
    title = str(schema.get("title", "")).lower()
    return (
        f"{PLACEHOLDER}: {title}"
        if kind == "string" and "enum" not in schema and "pattern" not in schema
        else PLACEHOLDER
    )


# Writing ------------------------------------------------------------------------------------------


def import_blocks(blocks: list[Block]) -> Result:
    from isa_lint.load.schema import agreement_schema

    worker = _Importer(blocks)
    worker.run()
    data = worker.data
    account = worker.account
    data["schema_version"] = 1
    if "id" not in data:
        data["id"] = suggest_id(as_text(data.get("title")))
    data.setdefault("status", "draft")
    data = fill(data, agreement_schema(), account)
    result = Result(data, worker.comments, account)
    result.text = to_yaml(result)
    return result


def to_yaml(result: Result) -> str:
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    out = ["# Imported from a Word document by isa-lint import: a draft to check and complete.", ""]
    stream = io.StringIO()
    yaml.dump(_dates(result.data), stream)
    # Top-level keys start their line at column 0; everything inside a section is indented.
    chunks = re.split(r"(?m)^(?=[a-z_]+:)", stream.getvalue())
    anchors = {"about": "title"}
    for chunk in chunks:
        if not chunk:
            continue
        key = chunk.split(":", 1)[0]
        out.append(chunk.rstrip("\n"))
        for section, lines in result.comments.items():
            if anchors.get(section, section) == key:
                out += lines
    for section, lines in result.comments.items():
        if anchors.get(section, section) not in result.data:
            out += lines
    return "\n".join(out) + "\n"


def _dates(value: Any) -> Any:
    """Dates stay dates (written unquoted, as people write them); everything else as it is."""
    if isinstance(value, dict):
        return {k: _dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates(v) for v in value]
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value
