"""Word agreements laid out as other people write them, built here with python-docx."""

from __future__ import annotations

import re
from pathlib import Path

import docx
from click.testing import CliRunner

from isa_lint.cli.app import main
from isa_lint.load.document import load_path
from isa_lint.word.importer import import_blocks
from isa_lint.word.reader import Para, read_blocks
from tests.conftest import lint_text


def _save(document: docx.document.Document, path: Path) -> Path:
    document.save(str(path))
    return path


def _numbered() -> docx.document.Document:
    """Numbered headings, parties in a table with its own column names, law in running text."""
    d = docx.Document()
    d.add_paragraph("Riverside Early Help Information Sharing Agreement", style="Title")
    d.add_paragraph("Version: 1.2")
    d.add_paragraph("Date of agreement: 1st September 2025")
    d.add_paragraph("This agreement will be reviewed every two years by the Early Help Board.")
    d.add_heading("1. Purpose", 1)
    d.add_paragraph("To identify families who need early help and offer it quickly.", style="List Bullet")
    d.add_paragraph(
        "To coordinate support from several agencies through one lead professional.", style="List Bullet"
    )
    d.add_heading("2. Partners", 1)
    table = d.add_table(rows=1, cols=4)
    for cell, text in zip(
        table.rows[0].cells, ["Organisation", "ICO number", "ODS code", "Contact"], strict=True
    ):
        cell.text = text
    for row in (
        ["Riverside Borough Council", "Z1234567", "", "earlyhelp@riverside.gov.uk"],
        ["Riverside Hospitals NHS Foundation Trust", "ZA123456", "RXX", "safeguarding@riverside-nhs.uk"],
        ["Chief Constable of Riverside Police", "Z7654321", "", "mash@riverside.police.uk"],
    ):
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    d.add_heading("2.1 Legal basis", 2)
    d.add_paragraph(
        "Partners rely on Article 6(1)(e) UK GDPR (public task) and, for health information, "
        "Article 9(2)(g) with Schedule 1 paragraph 18 of the Data Protection Act 2018. The police "
        "may also share under section 115 of the Crime and Disorder Act 1998."
    )
    d.add_heading("3. Retention", 1)
    d.add_paragraph(
        "Information shared will be kept for 6 years after the case closes, then securely destroyed."
    )
    d.add_heading("4. Something the importer does not know", 1)
    d.add_paragraph("The partners will meet quarterly to discuss lessons learned.")
    return d


def test_numbered_headings_and_parties_table(tmp_path: Path) -> None:
    path = _save(_numbered(), tmp_path / "riverside.docx")
    result = CliRunner().invoke(main, ["import", str(path), "-o", str(tmp_path / "out.yaml")])
    assert result.exit_code == 0, result.output
    data = load_path(tmp_path / "out.yaml").data
    text = (tmp_path / "out.yaml").read_text(encoding="utf-8")
    assert data["title"] == "Riverside Early Help Information Sharing Agreement"
    assert data["version"] == "1.2"
    assert str(data["effective_from"]) == "2025-09-01"
    assert data["review"]["frequency_months"] == 24
    assert [p["name"] for p in data["parties"]] == [
        "Riverside Borough Council",
        "Riverside Hospitals NHS Foundation Trust",
        "Chief Constable of Riverside Police",
    ]
    kinds = [p["kind"] for p in data["parties"]]
    assert kinds[1:] == ["nhs_foundation_trust", "chief_officer_of_police"]
    assert data["parties"][1]["ico_registration"] == "ZA123456"
    assert data["parties"][1]["ods_code"] == "RXX"
    assert data["parties"][0]["ig_lead"]["contact"] == "earlyhelp@riverside.gov.uk"
    assert "confidence" in text
    assert next(p["description"] for p in data["purposes"]).startswith("To identify families")
    basis = data["purposes"][0]["lawful_bases"][0]
    assert basis["art6"] == ["public_task"]
    assert basis["art9"] == ["substantial_public_interest"]
    assert basis["sch1"] == ["p18_safeguarding"]
    assert data["purposes"][0]["gateways"] == ["cda1998_s115"]
    assert data["retention"][0]["period"] == "6 years"
    assert "# from the Word document, section 4:" in text
    assert "#   The partners will meet quarterly to discuss lessons learned." in text
    codes = {f.code for f in lint_text(text, "out.yaml")}
    assert "ISA102" in codes  # the placeholders are reported
    assert re.search(
        r"mapped \d+ of \d+ paragraphs and table cells; \d+ kept as comments; [1-9]\d* placeholders",
        result.output,
    )


def test_parties_in_prose(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("Northdale Missing Children Protocol", style="Title")
    d.add_heading("Parties to this agreement", 1)
    d.add_paragraph(
        "The parties to this agreement are Northdale County Council, Chief Constable of Northdale Police "
        "and Northdale Integrated Care Board."
    )
    result = import_blocks(read_blocks(str(_save(d, tmp_path / "prose.docx"))))
    names = [p["name"] for p in result.data["parties"]]
    assert names == [
        "Northdale County Council",
        "Chief Constable of Northdale Police",
        "Northdale Integrated Care Board",
    ]
    assert result.data["parties"][2]["kind"] == "integrated_care_board"
    assert (
        "#   The parties to this agreement are Northdale County Council" in result.text
    )  # the sentence is kept too


def test_waspi_section_order(tmp_path: Path) -> None:
    """A WASPI personal information sharing protocol's order (Wales): partners and purpose first,
    then the information, the legal basis, how it is shared, and the sign-off at the end."""
    d = docx.Document()
    d.add_paragraph("Cwm Taf Youth Justice Information Sharing Protocol", style="Title")
    d.add_heading("1. Introduction", 1)
    d.add_paragraph("This protocol supports the sharing of information about children in Cwm Taf, Wales.")
    d.add_heading("2. Partner organisations", 1)
    d.add_paragraph("Cwm Taf Youth Justice Service", style="List Bullet")
    d.add_paragraph("Cwm Taf Morgannwg University Local Health Board", style="List Bullet")
    d.add_heading("3. Purpose for sharing", 1)
    d.add_paragraph("To assess and reduce the risk of reoffending by children.", style="List Bullet")
    d.add_heading("4. Legal basis for sharing", 1)
    d.add_paragraph(
        "Article 6(1)(e) and Article 9(2)(g) of UK GDPR; section 115 of the Crime and Disorder Act 1998."
    )
    d.add_heading("5. Information to be shared", 1)
    d.add_paragraph("Names, dates of birth, addresses and offending history.")
    d.add_heading("6. How information will be shared", 1)
    d.add_paragraph("By secure email between named practitioners.")
    d.add_heading("7. Retention and disposal", 1)
    d.add_paragraph("Records are retained for seven years and then destroyed.")
    d.add_heading("8. Review", 1)
    d.add_paragraph("This protocol will be reviewed annually.")
    d.add_heading("9. Sign-off", 1)
    table = d.add_table(rows=1, cols=4)
    for cell, text in zip(table.rows[0].cells, ["Organisation", "Name", "Position", "Date"], strict=True):
        cell.text = text
    for cell, text in zip(
        table.add_row().cells,
        ["Cwm Taf Youth Justice Service", "A. Jones", "Head of Service", "3 March 2026"],
        strict=True,
    ):
        cell.text = text
    result = import_blocks(read_blocks(str(_save(d, tmp_path / "waspi.docx"))))
    data = result.data
    assert [p["nation"] for p in data["parties"]] == ["wales", "wales"]
    assert data["parties"][1]["kind"] == "local_health_board"
    assert data["purposes"][0]["description"].startswith("To assess")
    assert data["purposes"][0]["lawful_bases"][0]["art6"] == ["public_task"]
    assert data["review"]["frequency_months"] == 12
    assert data["retention"][0]["period"] == "7 years"
    signatory = data["signatories"][0]
    assert signatory["party"] == data["parties"][0]["id"]
    assert (signatory["role"], signatory["name"], str(signatory["signed"])) == (
        "Head of Service",
        "A. Jones",
        "2026-03-03",
    )
    assert "# from the Word document, section 5:" in result.text


def test_welsh_partnership_export_and_back(tmp_path: Path) -> None:
    """A Welsh partnership's agreement, names in both languages, through Word and back."""
    source = Path(__file__).resolve().parents[2] / "agreements" / "glyncoed-youth-justice.yaml"
    out = tmp_path / "g.docx"
    assert CliRunner().invoke(main, ["export", str(source), "-o", str(out)]).exit_code == 0
    result = import_blocks(read_blocks(str(out)))
    original = load_path(source).data
    assert [p["name"] for p in result.data["parties"]] == [p["name"] for p in original["parties"]]
    assert {p["nation"] for p in result.data["parties"]} == {"wales"}


def test_account_counts_every_paragraph_and_cell(tmp_path: Path) -> None:
    """Counted independently with python-docx: every non-empty paragraph and cell is mapped or kept."""
    path = _save(_numbered(), tmp_path / "riverside.docx")
    document = docx.Document(str(path))
    paragraphs = [p.text for p in document.paragraphs if p.text.strip()]
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells if c.text.strip()]
    result = import_blocks(read_blocks(str(path)))
    account = result.account
    assert account.units == len(paragraphs) + len(cells)
    assert account.mapped + account.kept == account.units
    kept = [b.text for b in read_blocks(str(path)) if isinstance(b, Para) and f"#   {b.text}" in result.text]
    assert len(kept) >= 4
    for text in paragraphs + cells:
        assert text in result.text or text in str(result.data) or _mapped_value(text, result.data), text


def _mapped_value(text: str, data: object) -> bool:
    """A value read into its own form (a date, a number, a label read as its field)."""
    from isa_lint.word import fields

    return (
        fields.parse_date_words(text) is not None
        or any(fields.lookup(spec, text) for spec in (fields.ABOUT, fields.PARTY_FIELDS))
        or text.replace("Version: ", "") in str(data)
        or text.split(": ", 1)[-1] in str(data)
    )
