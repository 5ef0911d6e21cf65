"""Open a Word file as hostile input: every check is made before python-docx sees a byte.

A .docx is a zip of XML parts. The checks, in order: a regular file (a FIFO or device named
``x.docx`` must not hang the run), not too large, not the OLE container that Word 97-2003
documents and password-protected files share, a zip with a bounded number of members whose
declared and actual uncompressed sizes and compression ratios are bounded (zip bombs), no
XML part with a document type declaration (entity expansion, external entities), and a main
part whose content type is a Word document without macros. Macros are never read: a
.docm's ``vbaProject`` part is refused by content type, not only by extension.
python-docx's own lxml parser also leaves entities unresolved and the network alone; the
refusal here means a hostile declaration never reaches it.
"""

from __future__ import annotations

import io
import os
import re
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

MAX_FILE_BYTES = 20 * 1024 * 1024
"""A 30-page agreement is well under 1 MB; images can add a few MB more."""
MAX_MEMBERS = 2000
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_RATIO = 100
"""Text XML compresses about 5 to 20 times; 100 leaves room and stops a bomb early."""
RATIO_FLOOR = 1024 * 1024
"""Parts smaller than this are not checked for ratio: a small part cannot be a bomb."""

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
MACRO_TYPES = ("vbaProject", "macroEnabled", "vbaData", "ms-office.activeX")


class WordError(Exception):
    """The file cannot be read as a Word agreement; the message says why and what to do."""


@dataclass
class Para:
    """One paragraph of the body: its text, style name, heading level (0: not a heading)."""

    text: str
    style: str = ""
    level: int = 0
    listed: bool = False


@dataclass
class Table:
    """One table: rows of cell texts, merged cells given once."""

    rows: list[list[str]] = field(default_factory=list)


Block = Para | Table


def read_blocks(path: str) -> list[Block]:
    """The body of the Word file at ``path`` in reading order; :class:`WordError` if it is unsafe."""
    document = open_document(path)
    return list(_blocks(document))


def open_document(path: str) -> Any:
    """A python-docx Document for ``path``, after every safety check."""
    data = _read_regular_file(path)
    if data.startswith(OLE_MAGIC):
        raise WordError(
            "is a Word 97-2003 document (.doc) or a password-protected file; isa-lint reads only "
            ".docx without a password: open it in Word, remove the password, and save it as "
            "'Word Document (*.docx)'"
        )
    if not data.startswith(b"PK"):
        raise WordError("is not a Word document (.docx): it is not a zip package")
    checked = _checked_parts(data)
    _check_content_types(checked)
    import docx

    try:
        return docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds on a damaged package
        raise WordError(
            f"is damaged and cannot be read as a Word document ({type(error).__name__})"
        ) from None


def _read_regular_file(path: str) -> bytes:
    flags = (
        os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    )
    try:
        handle = os.open(path, flags)
    except OSError as error:
        raise WordError(f"cannot be opened: {error.strerror or error}") from None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise WordError("is not a regular file (a folder, pipe or device); give a .docx file")
        if info.st_size > MAX_FILE_BYTES:
            raise WordError(
                f"is {info.st_size // (1024 * 1024)} MB; isa-lint reads Word files up to "
                f"{MAX_FILE_BYTES // (1024 * 1024)} MB (remove large images and try again)"
            )
        with os.fdopen(handle, "rb", closefd=False) as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise WordError(f"cannot be read: {error.strerror or error}") from None
    finally:
        os.close(handle)
    if len(data) > MAX_FILE_BYTES:
        raise WordError(f"is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    return data


def _checked_parts(data: bytes) -> dict[str, bytes]:
    """Every XML part of the package, read with the sizes bounded as they are decompressed."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise WordError("is damaged: it starts like a .docx but is not a readable zip package") from None
    if len(infos) > MAX_MEMBERS:
        raise WordError(f"has {len(infos)} parts; a Word document has far fewer (at most {MAX_MEMBERS})")
    declared = sum(info.file_size for info in infos)
    if declared > MAX_UNCOMPRESSED_BYTES:
        raise WordError("would unpack to more than 100 MB: refused as a possible zip bomb")
    parts: dict[str, bytes] = {}
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise WordError("is encrypted; remove the password in Word and save it again")
        _check_ratio(info.file_size, info.compress_size, info.filename)
        name = info.filename
        if any(marker.lower() in name.lower() for marker in ("vbaproject", "vbadata")):
            raise WordError("contains macros (a vbaProject part); macro-enabled documents are never read")
        try:
            content = _read_member(archive, info, MAX_UNCOMPRESSED_BYTES - total)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError, ValueError):
            raise WordError(f"is damaged: the part {name} cannot be unpacked") from None
        total += len(content)
        _check_ratio(len(content), info.compress_size, name)
        if name.endswith((".xml", ".rels")):
            _check_xml(content, name)
            parts[name] = content
    return parts


def _check_ratio(size: int, compressed: int, name: str) -> None:
    if size > RATIO_FLOOR and size > MAX_RATIO * max(compressed, 1):
        raise WordError(
            f"has a part ({name}) compressed more than {MAX_RATIO} times: refused as a possible zip bomb"
        )


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    """A member's bytes, stopping as soon as more come out than was declared or than the budget allows."""
    limit = min(info.file_size, budget)
    chunks: list[bytes] = []
    size = 0
    with archive.open(info) as stream:
        for chunk in iter(lambda: stream.read(64 * 1024), b""):
            size += len(chunk)
            if size > limit:
                raise WordError(
                    f"has a part ({info.filename}) larger than it declares: refused as a possible zip bomb"
                )
            chunks.append(chunk)
    return b"".join(chunks)


_DECLARATION = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def _check_xml(content: bytes, name: str) -> None:
    """Refuse document type declarations anywhere in a part: Word never writes them, and entities live there."""
    if _DECLARATION.search(content):
        raise WordError(
            f"has an XML part ({name}) with a document type declaration or entities, which Word "
            "never writes: refused (it could expand to gigabytes or fetch files)"
        )


def _check_content_types(parts: dict[str, bytes]) -> None:
    types = parts.get("[Content_Types].xml")
    if types is None:
        raise WordError("is not a Word document: its package has no [Content_Types].xml")
    text = types.decode("utf-8", "replace")
    if any(marker in text for marker in MACRO_TYPES) or MACRO_MAIN in text:
        raise WordError("is macro-enabled (.docm); macros are never read: save it as a .docx without macros")
    if WORD_MAIN not in text:
        raise WordError(
            "is not a Word document: it is another kind of Office file (a spreadsheet, a "
            "presentation or a template); save the agreement as a .docx"
        )


# Reading the body ----------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _blocks(document: Any) -> Iterator[Block]:
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    body = document.element.body
    styles = {style.style_id: style.name or "" for style in document.styles}

    def walk(parent: Any) -> Iterator[Block]:
        for child in parent.iterchildren():
            if child.tag == f"{_W}p":
                yield _para(Paragraph(child, document), styles)
            elif child.tag == f"{_W}tbl":
                yield _table(DocxTable(child, document))
            elif child.tag == f"{_W}sdt":  # content controls, common in templates
                for content in child.iterchildren(f"{_W}sdtContent"):
                    yield from walk(content)

    yield from walk(body)


def _para(paragraph: Any, styles: dict[str, str]) -> Para:
    """The paragraph's text and style; the style looked up in a table made once, not per paragraph."""
    style = styles.get(paragraph._p.style or "", "") if paragraph._p.style else styles.get("Normal", "")
    level = 0
    if style == "Title":
        level = 0
    elif style.startswith("Heading "):
        suffix = style.removeprefix("Heading ").strip()
        level = int(suffix) if suffix.isdigit() else 1
    ppr = paragraph._p.pPr
    listed = style.startswith("List") or (ppr is not None and ppr.numPr is not None)
    return Para(paragraph.text.strip(), style, level, listed)


def _table(table: Any) -> Table:
    rows: list[list[str]] = []
    for row in table.rows:
        seen: set[int] = set()
        cells: list[str] = []
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append("\n".join(p.text.strip() for p in cell.paragraphs).strip())
        rows.append(cells)
    return Table(rows)
