"""Formats write their text in chunks, and the chunks join to exactly what one whole document gave.

The golden files ``hostile-*`` were written by the formats as they were before they streamed
(each built one JSON or XML tree and serialised it whole), from :func:`hostile_report`: text
that could break out of a JSON string or an XML attribute, non-ASCII, control characters,
line and paragraph separators, lone surrogates, findings in files not linted, files without
findings, identical problems and a code the registry does not know.
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from isa_lint.check.findings import Finding, Severity, sort_findings
from isa_lint.formats import FORMAT_NAMES, Report, renderer, sarif
from isa_lint.formats._json import chunks

from .sample import FINDINGS, RULES, check_golden, finding

HOSTILE = [
    'quote " backslash \\ slash / </failure>]]><![CDATA[ &amp; & <x a="b">',
    "tab\there, CRLF\r\nand CR\rand LF\n, NUL \x00 bell \x07 ESC \x1b[2J DEL \x7f C1 \x85\x9b",
    "line sep \u2028 para sep \u2029 bidi \u202e\u2066 BOM \ufeff nbsp \xa0",
    "Ynys Môn, Ceredigion \u2013 \u201cquoted\u201d café 中文 emoji 🙂 combining e\u0301",
    "lone surrogates \ud800 and \udcff",
    "%0A %25 :: ::error file=x:: `code` *star* | pipe | # heading",
    "",
]
EXT = {"text": "txt", "json": "json", "sarif": "json", "junit": "xml", "github": "txt", "gitlab": "json"}


def hostile_report() -> Report:
    findings = list(FINDINGS)
    for number, text in enumerate(HOSTILE):
        path = f"agreements/{text[:12].strip()}-{number}.yaml"
        severity = (Severity.ERROR, Severity.WARNING, Severity.INFO)[number % 3]
        findings.append(finding("ISA101", severity, text, path, number, number % 2, f"/p/{text[:5]}"))
        odd = finding("ISA201", Severity.ERROR, text[::-1], path, number + 1)
        findings.append(odd._replace(fix=text, citation=text, name=text[:8]))
        findings.append(
            finding(f"LOCAL{number:03}", severity, text, "agreements/not linted é.yaml", -1, 0, "")
        )
    files = [f"agreements/clean-{n} ✓ \u202e.yaml" for n in range(3)] + sorted({f.path for f in findings[:9]})
    return Report(files, sort_findings(findings))


def joined(name: str, report: Report) -> str:
    render = renderer(name)
    return "".join(sarif.render(report, RULES) if name == "sarif" else render(report))


@pytest.mark.parametrize("name", FORMAT_NAMES)
def test_same_bytes_as_the_whole_document(name: str) -> None:
    check_golden(f"hostile-{name}.{EXT[name]}", joined(name, hostile_report()))


@pytest.mark.parametrize("name", ["json", "sarif", "gitlab"])
def test_json_layout_is_json_dumps(name: str) -> None:
    text = joined(name, hostile_report())
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


def test_junit_layout_is_element_tree() -> None:
    text = joined("junit", hostile_report())
    root = ET.fromstring(text.encode("utf-8"))
    ET.indent(root)
    assert text == '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


@pytest.mark.parametrize("name", FORMAT_NAMES)
def test_written_a_finding_at_a_time(name: str) -> None:
    """More findings make more chunks, none of them near the size of the whole."""
    report = hostile_report()
    render = renderer(name)
    parts = list(sarif.render(report, RULES) if name == "sarif" else render(report))
    assert len(parts) > len(report.findings) // 2
    assert max(map(len, parts)) < len("".join(parts)) // 4


def _lazy(value: Any) -> Any:
    """``value`` with every list of dicts turned into an iterator, as the formats pass their results."""
    if isinstance(value, dict):
        return {key: _lazy(member) for key, member in value.items()}
    if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        return iter(value)
    if isinstance(value, list):
        return [_lazy(item) for item in value]
    return value


DOCUMENTS: list[Any] = [
    {},
    [],
    "",
    0,
    None,
    True,
    1.5,
    {"a": [], "b": {}, "c": [[], {}], "d": [{"x": []}]},
    {"runs": [{"rules": [{"id": h, "n": [1, 2]} for h in HOSTILE], "results": [{h: h} for h in HOSTILE]}]},
    [{"k": {"deep": [{"deeper": HOSTILE}]}}],
    {h: [h, {h: h}] for h in HOSTILE},
]


@pytest.mark.parametrize("document", DOCUMENTS)
def test_chunks_are_json_dumps(document: Any) -> None:
    expected = json.dumps(document, indent=2, ensure_ascii=False)
    assert "".join(chunks(document)) == expected
    assert "".join(chunks(_lazy(document))) == expected


def test_empty_iterator_is_an_empty_list() -> None:
    empty: Iterator[Finding] = iter(())
    assert "".join(chunks({"results": empty})) == '{\n  "results": []\n}'


@pytest.mark.parametrize("name", FORMAT_NAMES)
def test_output_file_holds_what_is_printed(tmp_path: Path, name: str) -> None:
    """``-o FILE`` and standard output get the same bytes, written through the same chunks."""
    folder = tmp_path / "agreements"
    folder.mkdir()
    shipped = Path(__file__).parents[2] / "agreements"
    for source in sorted(shipped.glob("*.yaml"))[:3]:
        (folder / source.name).write_bytes(source.read_bytes())
    (folder / "bad é.yaml").write_text('id: "\\x1b[31m"\ntitle: café\n', encoding="utf-8")
    lint = [sys.executable, "-m", "isa_lint", "lint", "--no-cache", "--today", "2026-06-01", "--format", name]
    printed = subprocess.run([*lint, "agreements"], cwd=tmp_path, capture_output=True, check=False)
    written = subprocess.run(
        [*lint, "-o", "out", "agreements"], cwd=tmp_path, capture_output=True, check=False
    )
    assert printed.returncode == written.returncode == 1, printed.stderr
    assert (tmp_path / "out").read_bytes() == printed.stdout
    assert written.stdout == b""
