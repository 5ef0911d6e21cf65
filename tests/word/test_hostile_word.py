"""Hostile and wrong files given to ``isa-lint import``: exit 2, a reason, never a traceback or hang."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

from isa_lint.word.reader import OLE_MAGIC


def _docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("A small agreement", style="Title")
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def _rezip(data: bytes, change: dict[str, bytes | None], extra: dict[str, bytes] | None = None) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = change.get(info.filename, source.read(info.filename))
            if content is not None:
                target.writestr(info.filename, content)
        for name, content in (extra or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def _import(path: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "isa_lint", "import", str(path)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
    )


def _content_types(data: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml")


def _hostile(name: str) -> tuple[str, bytes]:
    good = _docx_bytes()
    types = _content_types(good)
    macro_types = types.replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    document_xml = zipfile.ZipFile(io.BytesIO(good)).read("word/document.xml")
    laughs = (
        b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        + document_xml.split(b"?>", 1)[1].replace(b"A small agreement", b"&lol3;")
    )
    external = (
        b'<?xml version="1.0"?>\n<!DOCTYPE w [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        + document_xml.split(b"?>", 1)[1].replace(b"A small agreement", b"&xxe;")
    )
    late = (
        b'<?xml version="1.0"?>\n<!--'
        + b"x" * 10000
        + b'-->\n<!DOCTYPE w [<!ENTITY  e SYSTEM "http://example.invalid/">]>'
        + document_xml.split(b"?>", 1)[1]
    )
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        for info in zipfile.ZipFile(io.BytesIO(good)).infolist():
            target.writestr(info.filename, zipfile.ZipFile(io.BytesIO(good)).read(info.filename))
        target.writestr("word/media/padding.bin", b"\0" * (60 * 1024 * 1024))
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w") as target:
        for number in range(2500):
            target.writestr(f"x/{number}.xml", b"<a/>")
    cases = {
        "old.doc": OLE_MAGIC + b"\0" * 4096,
        "encrypted.docx": OLE_MAGIC + b"\0" * 4096,  # Word's password protection is an OLE container
        "macros.docm": _rezip(
            good, {"[Content_Types].xml": macro_types}, {"word/vbaProject.bin": b"\0" * 100}
        ),
        "macros-renamed.docx": _rezip(
            good, {"[Content_Types].xml": macro_types}, {"word/vbaProject.bin": b"\0" * 100}
        ),
        "laughs.docx": _rezip(good, {"word/document.xml": laughs}),
        "external.docx": _rezip(good, {"word/document.xml": external}),
        "late-doctype.docx": _rezip(good, {"word/document.xml": late}),
        "styles-entity.docx": _rezip(good, {"word/styles.xml": laughs}),
        "bomb.docx": bomb.getvalue(),
        "many.docx": many.getvalue(),
        "corrupt.docx": good[: len(good) // 2],
        "text.docx": b"This is not a Word document at all.\n",
        "empty.docx": b"",
        "no-types.docx": _rezip(good, {"[Content_Types].xml": None}),
        "sheet.docx": _rezip(
            good,
            {
                "[Content_Types].xml": types.replace(
                    b"wordprocessingml.document.main+xml", b"spreadsheetml.sheet.main+xml"
                )
            },
        ),
        "broken-xml.docx": _rezip(good, {"word/document.xml": b"<w:document><unclosed>"}),
    }
    return name, cases[name]


CASES = [
    ("old.doc", "Word 97-2003"),
    ("encrypted.docx", "password-protected"),
    ("macros.docm", "macro"),
    ("macros-renamed.docx", "macro"),
    ("laughs.docx", "document type declaration"),
    ("external.docx", "document type declaration"),
    ("late-doctype.docx", "document type declaration"),
    ("styles-entity.docx", "document type declaration"),
    ("bomb.docx", "zip bomb"),
    ("many.docx", "parts"),
    ("corrupt.docx", "damaged"),
    ("text.docx", "not a Word document"),
    ("empty.docx", "not a Word document"),
    ("no-types.docx", "not a Word document"),
    ("sheet.docx", "not a Word document"),
    ("broken-xml.docx", "damaged"),
]


@pytest.mark.parametrize(("name", "reason"), CASES, ids=[c[0] for c in CASES])
def test_hostile_file_is_refused(name: str, reason: str, tmp_path: Path) -> None:
    name, content = _hostile(name)
    path = tmp_path / name
    path.write_bytes(content)
    result = _import(path, tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert reason in result.stderr, result.stderr
    assert str(path) in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [name], "nothing written"


def test_fifo_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "x.docx"
    os.mkfifo(fifo)
    result = _import(fifo, tmp_path)
    assert result.returncode == 2
    assert "not a regular file" in result.stderr


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    huge = tmp_path / "huge.docx"
    with huge.open("wb") as stream:
        stream.truncate(200 * 1024 * 1024)  # sparse: takes no space
    result = _import(huge, tmp_path)
    assert result.returncode == 2
    assert "isa-lint reads Word files up to 20 MB" in result.stderr


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert "cannot be opened" in _import(tmp_path / "missing.docx", tmp_path).stderr
    assert "not a regular file" in _import(tmp_path, tmp_path).stderr


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    (tmp_path / "bad.docx").write_bytes(b"nope")
    (tmp_path / "good.docx").write_bytes(_docx_bytes())
    out = tmp_path / "out"
    out.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "isa_lint", "import", "bad.docx", "good.docx", "-o", "out"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 2
    assert "bad.docx is not a Word document" in result.stderr
    assert "good.docx -> out/small.yaml" in result.stdout
    assert "Importing" not in result.stderr  # no progress bar when not on a terminal
    assert (out / "small.yaml").exists()


def test_import_never_replaces_a_file(tmp_path: Path) -> None:
    (tmp_path / "good.docx").write_bytes(_docx_bytes())
    target = tmp_path / "mine.yaml"
    target.write_text("someone's work\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "isa_lint", "import", "good.docx", "-o", "mine.yaml"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 2
    assert "already exists" in result.stderr
    assert target.read_text(encoding="utf-8") == "someone's work\n"


def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    """Many files on a terminal show click's progress bar; the account is printed after it."""
    import pty

    for name in ("a.docx", "b.docx"):
        (tmp_path / name).write_bytes(_docx_bytes())
    out = tmp_path / "out"
    out.mkdir()
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "isa_lint", "import", "a.docx", "b.docx", "-o", "out"],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        cwd=tmp_path,
    )
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(controller)
    text = b"".join(chunks).decode("utf-8", "replace")
    assert "Importing" in text
    assert process.returncode == 2  # both suggest small.yaml: the second is refused, not overwritten
    assert "already exists" in text


def test_part_larger_than_it_declares(tmp_path: Path) -> None:
    """A zip entry whose headers claim 1,000 bytes but which unpacks to 3 MB is never read whole."""
    import struct

    source = zipfile.ZipFile(io.BytesIO(_docx_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename))
        target.writestr("word/media/x.bin", b"\0" * (3 * 1024 * 1024))
    data = bytearray(out.getvalue())
    start = 0
    while (start := data.find(b"PK\x01\x02", start)) >= 0:  # each central directory entry
        length = struct.unpack("<H", data[start + 28 : start + 30])[0]
        if data[start + 46 : start + 46 + length] == b"word/media/x.bin":
            struct.pack_into("<I", data, start + 24, 1000)
            local = struct.unpack("<I", data[start + 42 : start + 46])[0]
            struct.pack_into("<I", data, local + 22, 1000)
        start += 4
    path = tmp_path / "lying.docx"
    path.write_bytes(bytes(data))
    result = _import(path, tmp_path)
    assert result.returncode == 2
    assert "word/media/x.bin" in result.stderr
    assert "Traceback" not in result.stderr


def test_long_paragraphs_do_not_hang(tmp_path: Path) -> None:
    """One 300 KB word with an '@' under a complaints heading, and a 300 KB run of capitalised
    words under purposes: patterns that rescan from every position would take many minutes."""
    import random

    chance = random.Random(15)  # random text, so that the file does not look like a zip bomb
    word = "".join(chance.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(300_000))
    words = " ".join("W" + "".join(chance.choice("aeioulnrst") for _ in range(5)) for _ in range(50_000))
    document = docx.Document()
    document.add_paragraph("A long agreement", style="Title")
    document.add_heading("Complaints", 1)
    document.add_paragraph(word + "@")
    document.add_heading("Purposes", 1)
    document.add_paragraph(words)
    path = tmp_path / "long.docx"
    document.save(str(path))
    result = _import(path, tmp_path)
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "long.yaml").read_text(encoding="utf-8")
    assert word in text and words in text  # kept as comments, not lost
