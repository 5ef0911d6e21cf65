"""``isa-lint init``: a new agreement from a template, with placeholders the linter reports."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from isa_lint.load.document import load_text
from isa_lint.rules import lookup
from tests.reports.conftest import BASE, Run, shipped_agreements


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_basic_template_in_an_empty_project(run: Run, project: Path) -> None:
    result = run(["init", "northshire-early-help"])
    assert result.exit_code == 0, result.output
    target = project / "agreements" / "northshire-early-help.yaml"
    assert f"Created {Path('agreements') / 'northshire-early-help.yaml'}" in result.stdout
    text = target.read_text(encoding="utf-8")
    data = load_text(text, str(target)).data
    assert data["id"] == "northshire-early-help"
    assert data["version"] == "0.1" and data["status"] == "draft"
    assert [c["version"] for c in data["changelog"]] == ["0.1"]
    assert all("signed" not in s and "name" not in s for s in data["signatories"])
    assert all(p["name"].startswith("[insert ") for p in data["parties"])
    assert text.startswith("# yaml-language-server: $schema=../schemas/agreement-v1.schema.json\n")
    assert "exampleshire" not in text.lower()  # no organisation-specific value is left


def test_never_overwrites(run: Run, project: Path) -> None:
    assert run(["init", "one"]).exit_code == 0
    target = project / "agreements" / "one.yaml"
    target.write_text("my work\n", encoding="utf-8")
    result = run(["init", "one"])
    assert result.exit_code == 2
    assert "already exists" in result.stderr and "never overwrites" in result.stderr
    assert target.read_text(encoding="utf-8") == "my work\n"
    (project / "agreements" / "two.yml").write_text("x\n", encoding="utf-8")
    assert run(["init", "two"]).exit_code == 2


def test_the_linter_reports_every_placeholder(run: Run, project: Path) -> None:
    assert run(["init", "draft-one"]).exit_code == 0
    target = project / "agreements" / "draft-one.yaml"
    result = run(["lint", str(target), "--format", "json", "--today", "2026-06-01"])
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    lines_found = {f["line"] for f in findings}
    placeholder_lines = {
        n
        for n, line in enumerate(target.read_text(encoding="utf-8").splitlines(), 1)
        if "[insert " in line and not line.startswith("#")
    }
    assert placeholder_lines
    if lookup("ISA102") is None:
        pytest.skip(
            "the placeholder-text rule (ISA102) is not in this build; dates and links are still reported"
        )
    assert placeholder_lines <= lines_found, sorted(placeholder_lines - lines_found)
    placeholder_codes = {f["code"] for f in findings if f["line"] in placeholder_lines}
    assert placeholder_codes <= {"ISA102", "ISA108", "ISA013"}, (
        placeholder_codes
    )  # placeholder text (alone in a required field: ISA108), or a date/link that is not one


@pytest.mark.parametrize("template", [p.stem for p in shipped_agreements() if p != BASE])
def test_every_shipped_agreement_is_a_template(run: Run, project: Path, template: str) -> None:
    shutil.copytree(Path(__file__).resolve().parents[2] / "agreements", project / "agreements")
    result = run(["init", "from-template", "--template", template])
    assert result.exit_code == 0, result.output
    text = (project / "agreements" / "from-template.yaml").read_text(encoding="utf-8")
    original = (project / "agreements" / f"{template}.yaml").read_text(encoding="utf-8")
    data = load_text(text, "from-template.yaml").data
    source = load_text(original, "x.yaml").data
    assert [p["id"] for p in data["parties"]] == [p["id"] for p in source["parties"]]
    assert data["purposes"] == source["purposes"] or len(data["purposes"]) == len(source["purposes"])
    for party in source["parties"]:
        assert party["name"] not in text


def test_comments_and_layout_of_the_template_are_kept(run: Run, project: Path) -> None:
    folder = project / "agreements"
    folder.mkdir()
    text = BASE.read_text(encoding="utf-8").replace(
        "parties:\n", "# Parties: the organisations that sign.\nparties:\n"
    )
    text = text.replace(
        "    kind: local_authority\n", "    kind: local_authority  # the upper-tier council\n"
    )
    (folder / "mine.yaml").write_text(text, encoding="utf-8")
    listing = run(["init", "--list"]).stdout
    assert "basic\t" in listing and "mine\t" in listing
    assert run(["init", "copy", "--template", "mine"]).exit_code == 0
    made = (folder / "copy.yaml").read_text(encoding="utf-8")
    assert "# Parties: the organisations that sign.\nparties:\n  - id: council\n" in made
    assert "    kind: local_authority  # the upper-tier council\n" in made
    assert "    safeguarding_duties: [ca2004_s11, ea2002_s175]\n" in made  # flow style kept


def test_output_is_deterministic(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        monkeypatch.chdir(tmp_path / name)
        assert run(["init", "same"]).exit_code == 0
        texts.append((tmp_path / name / "agreements" / "same.yaml").read_bytes())
    assert texts[0] == texts[1]


@pytest.mark.parametrize("bad", ["Has-Capitals", "-leading", "with space", "../escape", ""])
def test_bad_ids_are_usage_errors(run: Run, project: Path, bad: str) -> None:
    result = run(["init", bad])
    assert result.exit_code == 2
    assert not (project / "agreements").exists() or not list((project / "agreements").iterdir())


def test_unknown_template_and_missing_id(run: Run, project: Path) -> None:
    result = run(["init", "x", "--template", "nope"])
    assert result.exit_code == 2 and "no template 'nope'" in result.stderr and "basic" in result.stderr
    assert run(["init"]).exit_code == 2
