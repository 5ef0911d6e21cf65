"""``isa-lint register``: one row per agreement, as Markdown, CSV and sortable HTML."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import re
import shutil
from pathlib import Path

import pytest

from isa_lint.reports.register import COLUMNS
from tests.reports.conftest import AGREEMENTS, BASE, TODAY_ARG, Run, shipped_agreements


def _paths() -> list[str]:
    return [str(AGREEMENTS)] if AGREEMENTS.is_dir() and any(AGREEMENTS.glob("*.yaml")) else [str(BASE)]


def test_markdown_has_one_row_per_agreement(run: Run) -> None:
    result = run(["register", *_paths(), *TODAY_ARG])
    assert result.exit_code == 0, result.output
    rows = [
        line for line in result.stdout.splitlines() if line.startswith("| ") and not line.startswith("| Id |")
    ]
    assert len(rows) == len(shipped_agreements())
    for row in rows:
        assert len(re.findall(r"(?<!\\)\|", row)) == len(COLUMNS) + 1


def test_default_paths_are_the_agreements_folder(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "agreements").mkdir()
    shutil.copy(BASE, tmp_path / "agreements" / "example-referrals.yaml")
    monkeypatch.chdir(tmp_path)
    result = run(["register", "--format", "csv", *TODAY_ARG])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == [title for _, title in COLUMNS]
    row = dict(zip(rows[0], rows[1], strict=False))
    assert row["Id"] == "example-referrals"
    assert row["Status"] == "approved"
    assert row["Special category data"] == "Yes" and row["Criminal offence data"] == "Yes"
    assert row["Review due"] == "2027-03-31" and row["Days left"] == "303"
    assert row["Errors"] == "0"
    assert row["Parties"] == (
        "Exampleshire County Council; Chief Constable of Exampleshire Police; Exampleshire Hospitals NHS Foundation Trust"
    )


def test_csv_uses_crlf_and_counts_findings(run: Run, tmp_path: Path) -> None:
    copy = tmp_path / "wrong-name.yaml"  # file name differs from the id: one ISA014 warning
    shutil.copy(BASE, copy)
    target = tmp_path / "register.csv"
    assert run(["register", str(copy), "--format", "csv", "-o", str(target), *TODAY_ARG]).exit_code == 0
    raw = target.read_bytes()
    assert raw.endswith(b"\r\n") and raw.count(b"\r\n") == 2  # RFC 4180 line ends
    text = raw.decode("utf-8")
    row = next(iter(csv.DictReader(io.StringIO(text))))
    assert row["Errors"] == "0" and row["Warnings"] == "1"


def test_overdue_review_has_negative_days_left(run: Run, tmp_path: Path) -> None:
    text = run(["register", str(BASE), "--format", "csv", "--today", "2027-04-30"]).stdout
    row = next(iter(csv.DictReader(io.StringIO(text))))
    assert row["Days left"] == "-30"  # our own number: not neutralised
    assert "1 overdue for review" in run(["register", str(BASE), "--today", "2027-04-30"]).stdout


def test_unreadable_file_gets_a_row_saying_so(run: Run, tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("a: [\n", encoding="utf-8")
    shutil.copy(BASE, tmp_path / "example-referrals.yaml")
    text = run(["register", str(tmp_path), "--format", "csv", *TODAY_ARG]).stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 2
    broken = next(r for r in rows if r["File"].endswith("broken.yaml"))
    assert broken["Title"].startswith("Cannot be read") and broken["Errors"] == "1"


def test_html_is_sortable_by_one_hashed_script_of_our_own(run: Run) -> None:
    html = run(["register", *_paths(), "--format", "html", *TODAY_ARG]).stdout
    scripts = re.findall(r"<script>(.*?)</script>", html, re.DOTALL)
    assert len(scripts) == 1 and html.count("<script") == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode("utf-8")).digest()).decode()
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html)
    assert csp is not None
    policy = csp.group(1).replace("&#39;", "'")
    assert f"script-src 'sha256-{digest}'" in policy and "default-src 'none'" in policy
    assert "fetch" not in scripts[0] and "XMLHttpRequest" not in scripts[0] and "innerHTML" not in scripts[0]
    assert 'id="register"' in html and "data-numeric" in html
    assert html.count("<tr>") == len(shipped_agreements()) + 1


def test_missing_path_is_a_usage_error(run: Run, tmp_path: Path) -> None:
    result = run(["register", str(tmp_path / "nope")])
    assert result.exit_code == 2 and "no such file" in result.stderr
