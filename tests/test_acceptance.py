"""The core acceptance checks on every shipped agreement: take something required away and
the linter exits 1 with a finding at the right line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from isa_lint.cli.app import main
from isa_lint.load.document import load_text

from .conftest import AGREEMENTS

SHIPPED = sorted(AGREEMENTS.glob("*.yaml"))
TODAY = ["--today", "2026-06-01", "--format", "json"]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def remove(text: str, pointer: str) -> tuple[str, int]:
    """Delete the YAML node at ``pointer`` (a key with its value, or a list item).

    Returns the new text and the 1-based line the node started on.
    """
    document = load_text(text, "x.yaml")
    line, column = document.keys.get(pointer) or document.values[pointer]
    lines = text.splitlines(keepends=True)
    start = line - 1
    own = column - 1 if pointer in document.keys else lines[start].index("-")
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > own):
        end += 1
    return "".join(lines[:start] + lines[end:]), line


def _lint(tmp_path: Path, name: str, text: str) -> tuple[int, list[dict[str, object]]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", *TODAY, str(path)])
    import json

    return result.exit_code, json.loads(result.output)["findings"] if result.output.startswith("{") else []


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_agreement_is_clean(path: Path, tmp_path: Path) -> None:
    assert _lint(tmp_path, path.name, path.read_text(encoding="utf-8")) == (0, [])


SECTIONS = [
    "effective_from",
    "review",
    "changelog",
    "parties",
    "purposes",
    "data",
    "sharing",
    "security",
    "retention",
    "rights",
    "records",
    "signatories",
]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
@pytest.mark.parametrize("section", SECTIONS)
def test_removing_a_required_section_fails_at_the_root(path: Path, section: str, tmp_path: Path) -> None:
    text, _ = remove(path.read_text(encoding="utf-8"), f"/{section}")
    code, findings = _lint(tmp_path, path.name, text)
    assert code == 1
    missing = [f for f in findings if f["code"] == "ISA010" and f["pointer"] == ""]
    assert missing and missing[0]["line"] == 2  # the root mapping starts at schema_version


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_removing_a_retention_entry_points_at_the_data_category(path: Path, tmp_path: Path) -> None:
    original = path.read_text(encoding="utf-8")
    data = load_text(original, "x.yaml")
    category = data.data["retention"][0]["data"]
    index = next(i for i, d in enumerate(data.data["data"]) if d["id"] == category)
    text, _ = remove(original, "/retention/0")
    _, findings = _lint(tmp_path, path.name, text)
    expected_line = load_text(text, "x.yaml").locate(f"/data/{index}/id")[0]
    assert any(
        f["code"] == "ISA301" and f["line"] == expected_line and f["severity"] == "warning" for f in findings
    )


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_removing_an_art9_condition_is_caught(path: Path, tmp_path: Path) -> None:
    original = path.read_text(encoding="utf-8")
    document = load_text(original, "x.yaml")
    pointer = next(
        f"/purposes/{p}/lawful_bases/{b}/art9"
        for p, purpose in enumerate(document.data["purposes"])
        for b, basis in enumerate(purpose["lawful_bases"])
        if "art9" in basis
    )
    text, _ = remove(original, pointer)
    code, findings = _lint(tmp_path, path.name, text)
    assert code == 1
    assert any(f["code"] in ("ISA402", "ISA403", "ISA414") for f in findings), findings
    assert any(f["code"] == "ISA402" for f in findings), [f["code"] for f in findings]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_removing_a_signature_fails_an_approved_agreement(path: Path, tmp_path: Path) -> None:
    original = path.read_text(encoding="utf-8")
    text, _ = remove(original, "/signatories/0")
    code, findings = _lint(tmp_path, path.name, text)
    assert code == 1
    status_line = load_text(text, "x.yaml").locate("/status")[0]
    assert any(f["code"] == "ISA804" and f["line"] == status_line for f in findings)


@pytest.mark.parametrize(
    ("kind", "nation", "duty"),
    [
        ("academy", "england", "ca2004_s11"),
        ("local_authority", "wales", "ca2004_s11"),
        ("charity_vcse", "england", "ca2004_s11"),
    ],
)
def test_a_kind_whose_duty_differs_from_the_claim_is_caught(
    kind: str, nation: str, duty: str, tmp_path: Path
) -> None:
    from isa_lint.examples import base_text

    text = base_text().replace(
        "    kind: local_authority\n    nation: england\n    role: controller\n    ico_registration: Z1234567\n    safeguarding_duties: [ca2004_s11, ea2002_s175]",
        f"    kind: {kind}\n    nation: {nation}\n    role: controller\n    ico_registration: Z1234567\n    safeguarding_duties: [{duty}]",
    )
    _, findings = _lint(tmp_path, "example-referrals.yaml", text)
    duty_line = next(
        n for n, line in enumerate(text.splitlines(), 1) if f"safeguarding_duties: [{duty}]" in line
    )
    assert any(
        f["code"] == "ISA502" and f["line"] == duty_line and f["severity"] == "warning" for f in findings
    )
