"""The exported document as plain blocks, shared by the Word and PDF writers.

Every value is worded through :mod:`isa_lint.word.fields` (which uses the summary's
wording), so what a signatory reads in Word, in the PDF and in ``isa-lint summary`` is the
same, and ``isa-lint import`` can read the labels back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from isa_lint.reports import wording as w
from isa_lint.reports.common import Loaded
from isa_lint.reports.summary import build as summary_model
from isa_lint.reports.summary import short_label
from isa_lint.reports.view import Agreement, as_text, mapping, mappings
from isa_lint.word import fields as f


@dataclass
class Heading:
    text: str
    level: int


@dataclass
class Paragraph:
    text: str
    bullet: bool = False


@dataclass
class Fields:
    """A two-column table of labelled values; each value is one or more lines."""

    rows: list[tuple[str, list[str]]]
    signature: bool = False


@dataclass
class Grid:
    """A table with a header row; each cell is one or more lines."""

    header: list[str]
    rows: list[list[list[str]]]


Block = Heading | Paragraph | Fields | Grid


@dataclass
class Document:
    id: str
    version: str
    title: str
    blocks: list[Block] = field(default_factory=list)

    @property
    def running_head(self) -> str:
        return f"{self.id or self.title} \u00b7 version {self.version or 'not given'}"


def refs_for(data: Mapping[str, Any]) -> f.Refs:
    return f.Refs([(as_text(p.get("id")), as_text(p.get("name"))) for p in mappings(data.get("parties"))])


def field_rows(
    item: Mapping[str, Any], fields: tuple[f.Field, ...], refs: f.Refs
) -> list[tuple[str, list[str]]]:
    """The labelled values of one item, leaving out what it does not give."""
    rows = []
    for spec in fields:
        value = f.get(item, spec.key)
        if value is None:
            continue
        lines = spec.codec.out(value, refs)
        if spec.codec.many and value == []:
            lines = [f.NONE]
        if lines:
            rows.append((spec.label, lines))
    return rows


def grid(items: list[dict[str, Any]], fields: tuple[f.Field, ...], refs: f.Refs) -> Grid:
    rows = [[spec.codec.out(f.get(item, spec.key), refs) for spec in fields] for item in items]
    return Grid([spec.label for spec in fields], rows)


def basis_lines(basis: Mapping[str, Any]) -> list[str]:
    """The law one lawful-basis entry relies on, in the summary's words."""
    return [str(law) for law in w.basis_laws(basis)]


BASIS_LAW = "Law relied on"


def build(data: Any, path: str = "") -> Document:
    """The whole agreement as a document a signatory reads and signs."""
    a = Agreement(data, path)
    d = a.data
    refs = refs_for(d)
    doc = Document(a.id, a.text("version"), a.title)
    blocks = doc.blocks
    summary = summary_model(Loaded(path, d, []), _fixed_day(d))
    blocks.append(Paragraph(summary["purpose"]))
    blocks += [Paragraph(text, bullet=True) for text in summary["purpose_list"]]
    blocks.append(Fields(field_rows(d, f.ABOUT, refs)))

    def section(key: str) -> None:
        number = list(f.SECTIONS).index(key) + 1
        blocks.append(Heading(f"{number}. {f.SECTIONS[key]}", 1))

    section("parties")
    for party in a.parties.values():
        blocks.append(Heading(as_text(party.get("name")) or as_text(party.get("id")), 2))
        blocks.append(Fields(field_rows(party, f.PARTY_FIELDS, refs)))

    section("purposes")
    for number, purpose in enumerate(a.purposes.values(), start=1):
        blocks.append(Heading(f"Purpose {number}: {short_label(as_text(purpose.get('description')))}", 2))
        blocks.append(Fields(field_rows(purpose, f.PURPOSE_FIELDS, refs)))
        bases = mappings(purpose.get("lawful_bases"))
        if bases:
            table = grid(bases, f.BASIS_FIELDS, refs)
            table.header.append(BASIS_LAW)
            for row, basis in zip(table.rows, bases, strict=False):
                row.append(basis_lines(basis))
            blocks += [Heading(f.CAPTIONS["bases"], 3), table]

    section("data")
    for number, category in enumerate(a.categories.values(), start=1):
        blocks.append(
            Heading(f"Information {number}: {short_label(as_text(category.get('description')))}", 2)
        )
        blocks.append(Fields(field_rows(category, f.DATA_FIELDS, refs)))

    section("sharing")
    sharing = a.section("sharing")
    rows = field_rows(sharing, f.SHARING_FIELDS, refs)
    if rows:
        blocks.append(Fields(rows))
    if mappings(sharing.get("methods")):
        blocks.append(Heading(f.CAPTIONS["methods"], 2))
        blocks.append(grid(mappings(sharing.get("methods")), f.METHOD_FIELDS, refs))
    if mappings(sharing.get("response_times")):
        blocks.append(Heading(f.CAPTIONS["response_times"], 2))
        blocks.append(grid(mappings(sharing.get("response_times")), f.RESPONSE_FIELDS, refs))

    section("security")
    security = a.section("security")
    blocks.append(Fields(field_rows(security, f.SECURITY_FIELDS, refs)))
    if mappings(security.get("standards")):
        blocks.append(Heading(f.CAPTIONS["standards"], 2))
        blocks.append(grid(mappings(security.get("standards")), f.STANDARD_FIELDS, refs))

    section("retention")
    blocks.append(grid(a.items("retention"), f.RETENTION_FIELDS, refs))

    section("rights")
    rights = a.section("rights")
    blocks.append(
        grid(
            [{"right": key, **mapping(rights.get(key))} for key in w.RIGHTS if key in rights],
            f.RIGHT_FIELDS,
            refs,
        )
    )

    routes = mappings(mapping(rights.get("complaints")).get("routes"))
    if routes:  # each controller's own complaints route (DPA 2018 s.164A)
        blocks.append(Heading(f.CAPTIONS["routes"], 2))
        blocks.append(grid(routes, f.ROUTE_FIELDS, refs))

    section("records")
    blocks.append(grid(a.items("records"), f.RECORD_FIELDS, refs))

    section("changelog")
    blocks.append(grid(a.items("changelog"), f.CHANGE_FIELDS, refs))

    section("signatories")
    blocks.append(
        Paragraph("Each party signs to say it agrees to share information as this agreement sets out.")
    )
    signatories = {as_text(s.get("party")): s for s in a.items("signatories")}
    named: list[str] = list(a.parties) + [p for p in signatories if p not in a.parties]
    for ref in named:
        blocks.append(Fields(_signature(ref, signatories.get(ref, {}), refs), signature=True))
    return doc


def _signature(party: str, signatory: Mapping[str, Any], refs: f.Refs) -> list[tuple[str, list[str]]]:
    """Organisation, role, name, signature line and date line; a recorded signature filled in."""
    signed = f.get(signatory, ("signed",))
    rows: list[tuple[str, list[str]]] = []
    for spec in f.SIGNATURE_FIELDS:
        if spec.key == ("party",):
            lines = spec.codec.out(party, refs)
        elif spec.key == ("signature",):
            lines = ["Signed (recorded in the agreement)"] if signed else []
        else:
            lines = spec.codec.out(f.get(signatory, spec.key), refs)
        rows.append((spec.label, lines or [f.SIGNATURE_LINE]))
    return rows


def _fixed_day(data: Mapping[str, Any]) -> Any:
    """The summary wants 'today' only for how far off the review is, which the document does not print."""
    import datetime as dt

    return dt.date(2000, 1, 1)
