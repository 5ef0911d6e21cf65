"""``isa-lint summary`` on the shipped agreements, in every format and for both audiences."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.reports.conftest import BASE, TODAY_ARG, Run, shipped_agreements

FORMATS = ["md", "html", "json"]


@pytest.mark.parametrize("path", shipped_agreements(), ids=lambda p: p.stem)
@pytest.mark.parametrize("audience", ["professional", "public"])
@pytest.mark.parametrize("output_format", FORMATS)
def test_every_shipped_agreement_summarises(run: Run, path: Path, audience: str, output_format: str) -> None:
    result = run(["summary", str(path), "--format", output_format, "--audience", audience, *TODAY_ARG])
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("\n")
    if output_format == "json":
        data = json.loads(result.stdout)
        assert data["report"] == "summary" and data["audience"] == audience


def test_markdown_has_every_part_in_plain_words(run: Run) -> None:
    result = run(["summary", str(BASE), *TODAY_ARG])
    text = result.stdout
    for heading in (
        "## Purpose",
        "## Who shares information",
        "## What is shared, by whom, and why",
        "### How information flows",
        "## Purposes and the law",
        "## When and how it is shared",
        "## Security",
        "## Retention",
        "## Rights and complaints",
        "## Status, signatures and review",
        "## Lint result",
    ):
        assert f"\n{heading}\n" in text, heading
    # catalogue ids become plain words with the citation beside them
    assert "Public task or official authority (UK GDPR Art 6(1)(e))" in text
    assert "Safeguarding children and people at risk (Data Protection Act 2018 Sch 1 para 18)" in text
    assert "Safeguarding arrangements duty (England) (Children Act 2004 s.11(2), (4))" in text
    assert "public_task" not in text and "p18_safeguarding" not in text
    assert "| Exampleshire County Council | Local authority | Controller |" in text
    assert "31 March 2027 (in 303 days)" in text
    assert "```mermaid\nflowchart LR\n" in text


def test_mermaid_ids_are_generated_and_edges_follow_the_data(run: Run) -> None:
    text = run(["summary", str(BASE), *TODAY_ARG]).stdout
    chart = text.split("```mermaid\n", 1)[1].split("```", 1)[0]
    assert '  p1["Exampleshire County Council"]' in chart
    assert '  p3 -->|"referral, health-information"| p1' in chart  # hospital provides both to the council


def test_json_is_the_whole_model(run: Run) -> None:
    data = json.loads(run(["summary", str(BASE), "--format", "json", *TODAY_ARG]).stdout)
    assert data["agreement"]["id"] == "example-referrals"
    assert [p["id"] for p in data["parties"]] == ["council", "police", "hospital"]
    assert data["review"]["days_left"] == 303
    health = next(d for d in data["data"] if d["id"] == "health-information")
    assert {"id": "health", "title": "Health data", "citation": "UK GDPR Art 9(1)"} in health["categories"]
    assert data["flows"]["matrix"]
    assert data["lint"]["errors"] == len([f for f in data["lint"]["findings"] if f["severity"] == "error"])


def test_output_file_is_written_and_nothing_printed(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "summary.html"
    result = run(["summary", str(BASE), "--format", "html", "-o", str(target), *TODAY_ARG])
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.th_without_scope = 0
        self.urls: list[str] = []
        self.tags: list[str] = []
        self.lang = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.lang = found.get("lang") or ""
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "th" and "scope" not in found:
            self.th_without_scope += 1
        for name in ("href", "src", "action", "data", "srcset"):
            if found.get(name):
                self.urls.append(found[name] or "")


@pytest.mark.parametrize("audience", ["professional", "public"])
def test_html_is_accessible_self_contained_and_printable(run: Run, audience: str) -> None:
    html = run(
        ["summary", str(shipped_agreements()[0]), "--format", "html", "--audience", audience, *TODAY_ARG]
    ).stdout
    page = _Page()
    page.feed(html)
    assert page.lang == "en-GB"
    assert page.headings[0] == 1 and page.headings.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(page.headings, page.headings[1:], strict=False)), (
        page.headings
    )  # no level skipped
    assert page.th_without_scope == 0
    assert "script" not in page.tags and "img" not in page.tags and "link" not in page.tags
    assert all(url.startswith(("https://", "#")) for url in page.urls), page.urls
    assert "@media print" in html and "break-before: page" in html and "@page" in html
    assert "Content-Security-Policy" in html and "default-src &#39;none&#39;" in html


def test_html_flows_are_a_provider_by_recipient_matrix(run: Run) -> None:
    html = run(["summary", str(BASE), "--format", "html", *TODAY_ARG]).stdout
    assert "Who provides information (rows) to whom (columns)" in html
    assert '<th scope="row">From Exampleshire Hospitals NHS Foundation Trust</th>' in html
    assert '<th scope="col">To Exampleshire County Council</th>' in html


def test_public_notice_is_short_plain_and_complete(run: Run) -> None:
    data = json.loads(
        run(["summary", str(BASE), "--audience", "public", "--format", "json", *TODAY_ARG]).stdout
    )
    assert data["who"] and data["why"] and data["what"] and data["how_long"] and data["rights"]
    assert "complain" in " ".join(data["complain"]) and "ICO" in " ".join(data["ico"])
    ours = (
        data["intro"] + data["permission"] + data["allowed"] + data["safety"] + data["rights"] + data["ico"]
    )
    sentences = [s for line in ours for s in re.split(r"(?<=[.!?])\s+", line) if s]
    words = [len(s.split()) for s in sentences]
    assert max(words) <= 16, sentences  # short sentences, for a reading age of about 9 to 11
    assert sum(words) / len(words) <= 11
    jargon = ("controller", "processing", "lawful basis", "data subject", "pursuant", "Article")
    assert not [s for s in sentences for j in jargon if j.lower() in s.lower()]
    markdown = run(["summary", str(BASE), "--audience", "public", *TODAY_ARG]).stdout
    for heading in (
        "Who shares information",
        "Why we share it",
        "What we share",
        "How long we keep it",
        "Your rights",
        "How to complain",
    ):
        assert f"## {heading}" in markdown


def test_unreadable_file_is_a_clear_error(run: Run, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: [unclosed\n", encoding="utf-8")
    result = run(["summary", str(broken)])
    assert result.exit_code == 2
    assert "cannot summarise" in result.stderr and "YAML syntax error" in result.stderr
    assert "Traceback" not in result.output


def test_a_list_at_the_top_is_a_clear_error(run: Run, tmp_path: Path) -> None:
    odd = tmp_path / "odd.yaml"
    odd.write_text("- a\n- b\n", encoding="utf-8")
    result = run(["summary", str(odd)])
    assert result.exit_code == 2 and "cannot summarise" in result.stderr


def test_a_folder_or_missing_file_is_a_usage_error(run: Run, tmp_path: Path) -> None:
    assert run(["summary", str(tmp_path)]).exit_code == 2
    assert run(["summary", str(tmp_path / "missing.yaml")]).exit_code == 2


def test_a_summary_of_a_half_written_agreement_still_works(run: Run, tmp_path: Path) -> None:
    partial = tmp_path / "partial.yaml"
    partial.write_text(
        "schema_version: 1\nid: partial\ntitle: 7\nparties: nope\npurposes:\n  - id: p\n    lawful_bases: [1, {regime: uk_gdpr}]\n"
        "data: [{id: d, providers: all, recipients: [all]}]\nreview: {due: soon}\n",
        encoding="utf-8",
    )
    for output_format in FORMATS:
        for audience in ("professional", "public"):
            result = run(
                ["summary", str(partial), "--format", output_format, "--audience", audience, *TODAY_ARG]
            )
            assert result.exit_code == 0, result.output
