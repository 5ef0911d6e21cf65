"""The fields the agreement format gained with issue 13, through Word and back.

Complaints routes (DPA 2018 s.164A, ``rights.complaints.routes``), a processor's Art 28
contract and the controllers it processes for, and kinds of body that no longer exist.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from isa_lint.cli.app import main
from isa_lint.load.document import load_path
from isa_lint.word.importer import import_blocks
from isa_lint.word.reader import read_blocks
from tests.conftest import AGREEMENTS, lint_text

EXAMPLES = Path(__file__).resolve().parents[2] / "isa_lint" / "examples" / "rules"
AFTER_S164A = dt.date(2026, 12, 7)


def _export(source: Path, folder: Path) -> Path:
    out = folder / f"{source.stem}.docx"
    result = CliRunner().invoke(main, ["export", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _texts(word: docx.document.Document) -> list[str]:
    """Paragraphs and table rows in document order, a row as its cells joined by ' | '."""
    found = []
    for block in word.iter_inner_content():
        if isinstance(block, docx.table.Table):
            found += [" | ".join(cell.text for cell in row.cells) for row in block.rows]
        else:
            found.append(block.text)
    return found


def test_export_lists_each_partys_complaints_route_in_the_rights_section(tmp_path: Path) -> None:
    source = AGREEMENTS / "eastmoor-missing-children.yaml"
    texts = _texts(docx.Document(str(_export(source, tmp_path))))
    rights = texts.index("7. People's rights")
    caption = texts.index("Where to complain to each party")
    assert rights < caption < texts.index("8. Records of sharing decisions")
    names = {p["id"]: p["name"] for p in load_path(source).data["parties"]}
    routes = texts[caption + 1 : caption + 5]
    assert routes[0] == "Party | How to complain to it"
    assert routes[1:] == [
        f"{names['council']} | https://www.eastmoor.gov.uk/complaints",
        f"{names['police']} | https://www.moorland.police.uk/complaints",
        f"{names['charity']} | https://www.moorlandsypt.org.uk/complaints",
    ]


def test_processor_contract_and_controllers_go_out_and_come_back(tmp_path: Path) -> None:
    source = EXAMPLES / "ISA603.pass.yaml"
    exported = _export(source, tmp_path)
    texts = _texts(docx.Document(str(exported)))
    contract = next(t for t in texts if t.startswith("Processor contract (UK GDPR Art 28) | "))
    assert "Case record hosting contract CR-2025-17" in contract
    assert "Processes information for | Exampleshire County Council" in texts
    back = tmp_path / "back.yaml"
    assert CliRunner().invoke(main, ["import", str(exported), "-o", str(back)]).exit_code == 0
    assert load_path(back).data["parties"] == load_path(source).data["parties"]


def _someone_elses_agreement() -> docx.document.Document:
    """Parties in a table, a processor named before its controller, and a complaints section
    written as a person would: a table, 'Party: route' lines and a sentence."""
    d = docx.Document()
    d.add_paragraph("Riverside Early Help Information Sharing Agreement", style="Title")
    d.add_heading("1. Partners", 1)
    table = d.add_table(rows=1, cols=5)
    header = [
        "Organisation",
        "Controller or processor",
        "Processes on behalf of",
        "Art 28 contract",
        "ICO number",
    ]
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in (
        ["Riverside Case Hosting Ltd", "Processor", "Riverside Borough Council", "Hosting contract HC-7", ""],
        ["Riverside Borough Council", "Controller", "", "", "Z1234567"],
        ["Riverside Hospitals NHS Foundation Trust", "Controller", "", "", "ZA123456"],
        ["Chief Constable of Riverside Police", "Controller", "", "", "Z7654321"],
    ):
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    d.add_heading("7. Subject access", 1)
    d.add_paragraph("Riverside Borough Council: sar@riverside.gov.uk")
    d.add_heading("8. Complaints", 1)
    d.add_paragraph("Each partner handles complaints about its own use of information.")
    d.add_paragraph("Riverside Borough Council: complaints@riverside.gov.uk or 01234 567890")
    routes = d.add_table(rows=1, cols=2)
    routes.rows[0].cells[0].text = "Partner organisation"
    routes.rows[0].cells[1].text = "Complaints procedure"
    cells = routes.add_row().cells
    cells[0].text, cells[1].text = (
        "Riverside Hospitals NHS Foundation Trust",
        "https://www.riverside-nhs.uk/pals",
    )
    d.add_paragraph(
        "Complaints about Chief Constable of Riverside Police go to its Professional Standards "
        "Department at https://www.riverside.police.uk/complaints."
    )
    return d


def test_a_complaints_section_laid_out_by_someone_else_maps_to_routes(tmp_path: Path) -> None:
    path = tmp_path / "riverside.docx"
    _someone_elses_agreement().save(str(path))
    result = import_blocks(read_blocks(str(path)))
    ids = {p["name"]: p["id"] for p in result.data["parties"]}
    routes = result.data["rights"]["complaints"]["routes"]
    assert routes == [
        {
            "party": ids["Riverside Borough Council"],
            "route": "complaints@riverside.gov.uk or 01234 567890",
        },
        {
            "party": ids["Riverside Hospitals NHS Foundation Trust"],
            "route": "https://www.riverside-nhs.uk/pals",
        },
        {
            "party": ids["Chief Constable of Riverside Police"],
            "route": "Complaints about Chief Constable of Riverside Police go to its Professional Standards "
            "Department at https://www.riverside.police.uk/complaints.",
        },
    ]
    # A subject access address is not a complaints route, and the section's prose is kept.
    assert "#   Riverside Borough Council: sar@riverside.gov.uk" in result.text
    assert "#   Each partner handles complaints about its own use of information." in result.text
    assert result.account.mapped + result.account.kept == result.account.units
    # The processor, listed before its controller, points at the controller's id.
    host = result.data["parties"][0]
    assert host["role"] == "processor"
    assert host["processor_contract"] == "Hosting contract HC-7"
    assert host["processes_for"] == [ids["Riverside Borough Council"]]


def test_an_imported_draft_leaves_missing_routes_and_contracts_to_the_linter(tmp_path: Path) -> None:
    """The import does not invent what the law asks for: lint reports what is not there."""
    d = _someone_elses_agreement()
    for paragraph in d.paragraphs:
        if "@" in paragraph.text or "https" in paragraph.text:
            paragraph.text = "See the partner's website."
    body = d.element.body
    body.remove(d.tables[1]._tbl)
    d.tables[0].rows[1].cells[3].text = ""  # the processor's contract is not given
    path = tmp_path / "riverside.docx"
    d.save(str(path))
    result = CliRunner().invoke(main, ["import", str(path), "-o", str(tmp_path / "draft.yaml")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "draft.yaml").read_text(encoding="utf-8")
    codes = {f.code for f in lint_text(text, "draft.yaml", today=AFTER_S164A)}
    assert {"ISA620", "ISA603", "ISA102"} <= codes


def test_a_body_that_no_longer_exists_keeps_its_old_kind(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("Northdale Child Protection Information Sharing Agreement", style="Title")
    d.add_heading("Partners", 1)
    for name in (
        "Northdale County Council",
        "Northdale Clinical Commissioning Group",
        "Public Health England",
    ):
        d.add_paragraph(name, style="List Bullet")
    path = tmp_path / "old.docx"
    d.save(str(path))
    result = import_blocks(read_blocks(str(path)))
    kinds = [p["kind"] for p in result.data["parties"]]
    assert kinds[1:] == ["clinical_commissioning_group", "public_health_england"]
    assert "a kind of body that no longer exists" in result.text
    findings = [f for f in lint_text(result.text, "old.yaml", today=AFTER_S164A) if f.code == "ISA019"]
    assert [f.pointer for f in findings] == ["/parties/1/kind", "/parties/2/kind"]


def test_a_title_of_one_huge_word_gives_an_id_the_format_allows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    d = docx.Document()
    d.add_paragraph("Agreement " + "x" * 5000, style="Title")
    d.add_heading("Partners", 1)
    d.add_paragraph("Northdale " + "y" * 3000 + " Council", style="List Bullet")
    d.save(str(tmp_path / "long.docx"))
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)  # the draft is named after its id, in the current folder
    result = CliRunner().invoke(main, ["import", str(tmp_path / "long.docx")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    (written,) = out.glob("*.yaml")
    data = load_path(written).data
    assert len(written.name) <= 105
    assert 0 < len(data["id"]) <= 100
    assert all(0 < len(p["id"]) <= 100 for p in data["parties"])
