"""The HTML reports in a real headless browser: they render, and injected scripts never run.

Uses Debian's ``chromium`` (``.ci/run`` installs it when it is missing). Skipped, saying so,
when no Chromium is on the machine.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from tests.reports.conftest import TODAY_ARG, Run

CHROMIUM = (
    shutil.which("chromium")
    or shutil.which("chromium-browser")
    or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="headless Chromium is not installed (apt-get install chromium; .ci/run does this)",
)


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        "--headless",
        "--disable-gpu",
        "--no-sandbox",
        "--no-first-run",
        "--disable-extensions",
        "--disable-background-networking",
        f"--user-data-dir={tmp_path / 'profile'}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Decode an 8-bit, non-interlaced PNG (what Chromium writes) into rows of raw pixels."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, chunks, header = 8, [], b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and interlace == 0, (depth, interlace)
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
    stride = width * channels
    raw = zlib.decompress(b"".join(chunks))
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up = previous[x]
            corner = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[x] = (line[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, channels, rows


def _render(run: Run, tmp_path: Path, args: list[str], name: str) -> Path:
    target = tmp_path / name
    result = run([*args, "-o", str(target), *TODAY_ARG])
    assert result.exit_code == 0, result.output
    return target


@pytest.mark.parametrize("audience", ["professional", "public"])
def test_summary_renders_and_is_not_blank(
    run: Run, tmp_path: Path, hostile_file: Path, audience: str
) -> None:
    page = _render(
        run, tmp_path, ["summary", str(hostile_file), "--format", "html", "--audience", audience], "s.html"
    )
    shot = tmp_path / "shot.png"
    result = _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,1600", page.as_uri())
    assert shot.exists(), result.stderr[-2000:]
    width, channels, rows = png_pixels(shot.read_bytes())
    assert width == 1200 and len(rows) == 1600
    colours = set()
    ink = 0
    for row in rows[::4]:
        for x in range(0, len(row), channels * 4):
            pixel = row[x : x + 3]
            colours.add(pixel)
            ink += pixel != b"\xff\xff\xff"
    assert len(colours) > 20, "the screenshot looks blank"
    assert ink > 2000, "too little is drawn on the page"


@pytest.mark.parametrize("audience", ["professional", "public"])
def test_injected_script_is_text_never_an_element(
    run: Run, tmp_path: Path, hostile_file: Path, audience: str
) -> None:
    page = _render(
        run, tmp_path, ["summary", str(hostile_file), "--format", "html", "--audience", audience], "s.html"
    )
    result = _chromium(tmp_path, "--dump-dom", page.as_uri())
    dom = result.stdout
    assert "<html" in dom, result.stderr[-2000:]
    assert "<script" not in dom  # no script element: the hostile one is text
    assert "&lt;script&gt;document.title='pwned'&lt;/script&gt;" in dom
    assert "<title>pwned</title>" not in dom
    assert "<img" not in dom


def test_register_sorts_with_our_script_and_keeps_hostile_text_inert(
    run: Run, tmp_path: Path, hostile_file: Path
) -> None:
    page = _render(run, tmp_path, ["register", str(hostile_file), "--format", "html"], "r.html")
    dom = _chromium(tmp_path, "--dump-dom", page.as_uri()).stdout
    assert '<button type="button">Id</button>' in dom  # our hashed script ran and added sort buttons
    assert dom.count("<script") == 1
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    assert "<title>pwned</title>" not in dom
