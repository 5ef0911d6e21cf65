"""The acceptance test of issue 15: export every shipped agreement to Word, import it back, lint."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner

from isa_lint.cli.app import main
from isa_lint.load.document import load_path
from isa_lint.word import fields
from tests.conftest import AGREEMENTS, lint_text

SHIPPED = sorted(AGREEMENTS.glob("*.yaml"))


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _findings(text: str, path: str) -> list[tuple[str, str]]:
    return sorted((f.code, f.pointer) for f in lint_text(text, path))


def _round_trip(source: Path, folder: Path) -> tuple[Path, str]:
    runner = CliRunner()
    exported = folder / f"{source.stem}.docx"
    result = runner.invoke(main, ["export", str(source), "-o", str(exported)])
    assert result.exit_code == 0, result.output
    imported = folder / "back.yaml"
    result = runner.invoke(main, ["import", str(exported), "-o", str(imported)])
    assert result.exit_code == 0, result.output
    return imported, result.output


@pytest.mark.parametrize("source", SHIPPED, ids=lambda p: p.stem)
def test_shipped_agreement_survives_word(source: Path, tmp_path: Path) -> None:
    imported, account = _round_trip(source, tmp_path)
    original = _plain(load_path(source).data)
    back = _plain(load_path(imported).data)
    for section in ("parties", "purposes", "data", "retention"):
        assert back[section] == original[section], section
    assert back == original
    text = imported.read_text(encoding="utf-8")
    assert _findings(text, source.name) == _findings(source.read_text(encoding="utf-8"), source.name)
    assert "0 placeholders to fill" in account


def test_findings_survive_word_too(tmp_path: Path) -> None:
    """An agreement with problems keeps exactly those problems through Word and back."""
    source = AGREEMENTS / "northshire-mash.yaml"
    text = source.read_text(encoding="utf-8")
    text = text.replace(
        "period: 6 years\n    from: the MASH decision\n    disposal: Secure deletion by each recipient.",
        "period: TBC\n    from: the MASH decision\n    disposal: Secure deletion by each recipient.",
    )
    text = text.replace(
        "frequency: Continuous, case by case; a daily RAG meeting at 10:00 on working days.", "frequency: TBC"
    )
    text = re.sub(
        r"(  - party: academy-trust\n    role: Chief Executive Officer\n)    signed: 2026-03-18\n",
        r"\1",
        text,
    )
    broken = tmp_path / "northshire-mash.yaml"
    broken.write_text(text, encoding="utf-8")
    before = _findings(text, broken.name)
    assert len(before) >= 2
    imported, _ = _round_trip(broken, tmp_path)
    assert _findings(imported.read_text(encoding="utf-8"), broken.name) == before


def test_export_is_deterministic_and_real_word(tmp_path: Path) -> None:
    source = AGREEMENTS / "northshire-mash.yaml"
    runner = CliRunner()
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    for target in (first, second):
        assert runner.invoke(main, ["export", str(source), "-o", str(target)]).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    word = docx.Document(io.BytesIO(first.read_bytes()))
    styles = [p.style.name for p in word.paragraphs]
    assert styles[0] == "Title"
    assert "Heading 1" in styles and "Heading 2" in styles
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "1. Parties" and headings[-1] == "10. Signatures"
    section = word.sections[0]
    assert section.header.paragraphs[0].text == "northshire-mash \u00b7 version 3.0"
    assert 'w:instr="PAGE"' in section.footer._element.xml
    assert word.core_properties.modified == dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)


def test_every_party_gets_a_signature_block(tmp_path: Path) -> None:
    source = tmp_path / "draft.yaml"
    text = (AGREEMENTS / "northshire-mash.yaml").read_text(encoding="utf-8")
    source.write_text(
        text.split("signatories:")[0]
        + "signatories:\n  - party: council\n    role: Director of Children's Services\n",
        encoding="utf-8",
    )
    out = tmp_path / "draft.docx"
    assert CliRunner().invoke(main, ["export", str(source), "-o", str(out)]).exit_code == 0
    word = docx.Document(str(out))
    blocks = [t for t in word.tables if t.rows[0].cells[0].text == "Organisation" and len(t.rows) == 5]
    assert len(blocks) == 6
    first = {row.cells[0].text: row.cells[1].text for row in blocks[0].rows}
    assert first == {
        "Organisation": "Northshire County Council",
        "Signatory role": "Director of Children's Services",
        "Name": "_" * 30,
        "Signature": "_" * 30,
        "Date": "_" * 30,
    }
    signed = tmp_path / "signed.docx"
    CliRunner().invoke(main, ["export", str(AGREEMENTS / "northshire-mash.yaml"), "-o", str(signed)])
    filled = [
        t
        for t in docx.Document(str(signed)).tables
        if t.rows[0].cells[0].text == "Organisation" and len(t.rows) == 5
    ]
    assert {row.cells[0].text: row.cells[1].text for row in filled[0].rows}["Date"] == "9 March 2026"


def test_export_never_replaces_the_agreement(tmp_path: Path) -> None:
    source = tmp_path / "a.yaml"
    source.write_bytes((AGREEMENTS / "westbury-cp-is.yaml").read_bytes())
    result = CliRunner().invoke(main, ["export", str(source), "-o", str(source)])
    assert result.exit_code == 2
    assert source.read_bytes() == (AGREEMENTS / "westbury-cp-is.yaml").read_bytes()


def test_export_pdf_without_weasyprint_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails as if not installed
    out = tmp_path / "a.pdf"
    result = CliRunner().invoke(
        main, ["export", str(AGREEMENTS / "westbury-cp-is.yaml"), "--format", "pdf", "-o", str(out)]
    )
    assert result.exit_code == 2
    assert "pip install 'isa-lint[pdf]'" in result.output
    assert not out.exists()


def test_export_pdf(tmp_path: Path) -> None:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:  # OSError: installed, but the Pango libraries are missing
        pytest.skip(f"the [pdf] extra cannot be used here: {error}")
    out = tmp_path / "a.pdf"
    result = CliRunner().invoke(
        main, ["export", str(AGREEMENTS / "glyncoed-youth-justice.yaml"), "--format", "pdf", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")
    again = tmp_path / "b.pdf"
    CliRunner().invoke(
        main, ["export", str(AGREEMENTS / "glyncoed-youth-justice.yaml"), "--format", "pdf", "-o", str(again)]
    )
    assert again.read_bytes() == out.read_bytes()


def _join_touching_tables(path: Path) -> int:
    """Join every table to the table right after it, as Word and LibreOffice do when editing."""
    word = docx.Document(str(path))
    body = word.element.body
    joined = 0
    for table in list(body.iterchildren("{*}tbl")):
        following = table.getnext()
        while (
            following is not None
            and following.tag.endswith("}p")
            and not "".join(following.itertext()).strip()
        ):
            following = following.getnext()
        if following is not None and following.tag.endswith("}tbl") and table.getparent() is not None:
            for row in list(following.iterchildren("{*}tr")):
                table.append(row)
            body.remove(following)
            joined += 1
    word.save(str(path))
    return joined


def test_tables_joined_by_an_editor_still_import(tmp_path: Path) -> None:
    source = AGREEMENTS / "northshire-mash.yaml"
    exported = tmp_path / "m.docx"
    CliRunner().invoke(main, ["export", str(source), "-o", str(exported)])
    # The captions between tables are taken out first, so that the tables touch.
    word = docx.Document(str(exported))
    for paragraph in word.paragraphs:
        if paragraph.style.name == "Heading 3" or paragraph.text in fields.CAPTIONS.values():
            paragraph._p.getparent().remove(paragraph._p)
    word.save(str(exported))
    assert _join_touching_tables(exported) >= 5
    back = tmp_path / "northshire-mash.yaml"
    assert CliRunner().invoke(main, ["import", str(exported), "-o", str(back)]).exit_code == 0
    assert _plain(load_path(back).data) == _plain(load_path(source).data)


def test_word_file_saved_again_by_libreoffice(tmp_path: Path) -> None:
    """Another program's Word writer (different XML, styles and table markup) reads back the same."""
    import shutil
    import subprocess

    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    source = AGREEMENTS / "glyncoed-youth-justice.yaml"
    exported = tmp_path / "g.docx"
    CliRunner().invoke(main, ["export", str(source), "-o", str(exported)])
    converted = tmp_path / "converted"
    subprocess.run(
        [
            office,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(converted),
            str(exported),
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )
    back = tmp_path / "glyncoed-youth-justice.yaml"
    result = CliRunner().invoke(main, ["import", str(converted / "g.docx"), "-o", str(back)])
    assert result.exit_code == 0, result.output
    assert _plain(load_path(back).data) == _plain(load_path(source).data)
