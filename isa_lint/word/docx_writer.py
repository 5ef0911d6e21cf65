"""The document model as a Word file, with python-docx, byte for byte the same for the same input.

Word's own Title and Heading styles (so the navigation pane and accessibility checkers
work), tables with header rows marked to repeat, a header with the agreement's id and
version, and a footer with the page number as a PAGE field that Word fills in. Word files
carry times in two places, the core properties and the zip entries; both are fixed.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from isa_lint.word.model import Document, Fields, Grid, Heading, Paragraph

FIXED_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def render(document: Document) -> bytes:
    import docx
    from docx.shared import Pt

    word = docx.Document()
    word.styles["Normal"].font.name = "Arial"
    word.styles["Normal"].font.size = Pt(11)
    _properties(word, document)
    _running_head(word, document)
    word.add_paragraph(document.title, style="Title")
    for block in document.blocks:
        if isinstance(block, Heading):
            word.add_heading(block.text, level=block.level)
        elif isinstance(block, Paragraph):
            word.add_paragraph(block.text, style="List Bullet" if block.bullet else None)
        elif isinstance(block, Fields):
            _fields(word, block)
        elif isinstance(block, Grid):
            _grid(word, block)
    stream = io.BytesIO()
    word.save(stream)
    return _fixed_zip(stream.getvalue())


def _properties(word: Any, document: Document) -> None:
    core = word.core_properties
    core.title = document.title
    core.identifier = document.id
    core.version = document.version
    core.author = "isa-lint"
    core.last_modified_by = "isa-lint"
    core.language = "en-GB"
    core.created = FIXED_TIME
    core.modified = FIXED_TIME
    core.last_printed = FIXED_TIME
    core.revision = 1


def _running_head(word: Any, document: Document) -> None:

    section = word.sections[0]
    section.header.paragraphs[0].text = document.running_head
    footer = section.footer.paragraphs[0]
    footer.add_run("Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")


def _field(paragraph: Any, instruction: str) -> None:
    """A field Word fills in when it lays out the pages (the page number, the number of pages)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _cell(cell: Any, lines: list[str], bold: bool = False) -> None:
    first = cell.paragraphs[0]
    for index, line in enumerate(lines or [""]):
        paragraph = first if index == 0 else cell.add_paragraph()
        run = paragraph.add_run(line)
        run.bold = bold or None


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)


def _fields(word: Any, block: Fields) -> None:
    from docx.enum.table import WD_ROW_HEIGHT_RULE
    from docx.shared import Cm

    table = word.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, lines in block.rows:
        row = table.add_row()
        _cell(row.cells[0], [label], bold=True)
        _cell(row.cells[1], lines)
        if block.signature:  # room to sign and date by hand; the block stays on one page
            row.height, row.height_rule = Cm(1.1), WD_ROW_HEIGHT_RULE.AT_LEAST
            for paragraph in row.cells[0].paragraphs + row.cells[1].paragraphs:
                paragraph.paragraph_format.keep_with_next = True
    _widths(table, [5.0, 11.0])
    if block.signature:
        word.add_paragraph()


def _widths(table: Any, centimetres: list[float]) -> None:
    from docx.shared import Cm

    table.autofit = False
    for column, width in zip(table.columns, centimetres, strict=False):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


def _grid(word: Any, block: Grid) -> None:
    table = word.add_table(rows=1, cols=len(block.header))
    table.style = "Table Grid"
    for cell, label in zip(table.rows[0].cells, block.header, strict=False):
        _cell(cell, [label], bold=True)
    _repeat_header(table.rows[0])
    for row in block.rows:
        for cell, lines in zip(table.add_row().cells, row, strict=False):
            _cell(cell, lines)
    _widths(table, _grid_widths(block))


def _grid_widths(block: Grid) -> list[float]:
    """Columns as wide as their longest line asks, within 16 cm, none narrower than 2.5 cm."""
    longest = [
        max(
            [len(block.header[i])]
            + [len(line) for row in block.rows for line in (row[i] if i < len(row) else [])]
        )
        for i in range(len(block.header))
    ]
    weights = [min(length, 60) + 10 for length in longest]
    total = sum(weights)
    return [max(2.5, 16.0 * weight / total) for weight in weights]


def _fixed_zip(data: bytes) -> bytes:
    """The package again with every entry's time fixed, so equal input gives equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
