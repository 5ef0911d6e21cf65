"""The fixes to outputs leads already use (issue 16): bases per row, one date style, the
family notice's law in plain words, and a calendar that is valid when nothing is due."""

from __future__ import annotations

import json
import re
from pathlib import Path

import icalendar

from tests.reports.conftest import AGREEMENTS, TODAY_ARG, Run

MASH = AGREEMENTS / "northshire-mash.yaml"


def test_each_row_of_who_shares_what_shows_only_its_parties_bases(run: Run) -> None:
    model = json.loads(run(["summary", str(MASH), "--format", "json", *TODAY_ARG]).stdout)
    education = next(c for c in model["data"] if c["id"] == "education-information")
    citations = [law["citation"] for law in education["laws"]]
    assert not any("Part 3" in c or "Sch 8" in c for c in citations), citations  # the police's bases
    assert {name for b in education["lawful_bases"] for name in b["parties"]} == {
        "Northshire County Council",
        "Northshire Learning Partnership Trust",
    }
    police = next(c for c in model["data"] if c["id"] == "police-information")
    assert any("Part 3" in law["citation"] for law in police["laws"])  # the police's row keeps theirs
    markdown = run(["summary", str(MASH), *TODAY_ARG]).stdout
    row = next(line for line in markdown.splitlines() if line.startswith("| Attendance, suspensions"))
    assert "Sch 8" not in row and "Part 3" not in row


def test_pages_for_people_write_dates_one_way(run: Run, tmp_path: Path) -> None:
    iso = re.compile(r"\b\d{4}-\d\d-\d\d\b")
    for args in (["register", str(AGREEMENTS)], ["register", str(AGREEMENTS), "--format", "html"]):
        text = run([*args, *TODAY_ARG]).stdout
        visible = re.sub(r'data-sort="[^"]*"', "", text)  # sort keys, not shown
        assert not iso.search(visible.replace(".yaml", "")), iso.search(visible)
        assert "31 March 2027" in text
    html = run(["summary", str(MASH), "--format", "html", *TODAY_ARG]).stdout
    assert not iso.search(re.sub(r"<code>.*?</code>", "", html)), iso.search(html)
    due = run(["due", str(AGREEMENTS), "--within", "3m", "--format", "md", "--today", "2027-01-15"]).stdout
    assert "15 January 2027" in due and not iso.search(due)
    csv = run(["register", str(AGREEMENTS), "--format", "csv", *TODAY_ARG]).stdout
    assert "2027-03-31" in csv  # spreadsheets sort ISO dates; CSV is for them


def test_family_notice_says_the_law_in_plain_words_with_citations_behind_a_section(run: Run) -> None:
    html = run(["summary", str(MASH), "--format", "html", "--audience", "public", *TODAY_ARG]).stdout
    assert "The laws are:" not in html
    detail = html[html.index("<details") : html.index("</details>")]
    assert "<summary>The law in detail</summary>" in detail and "UK GDPR Art 6(1)(e)" in detail
    before = html[: html.index("<details")]
    assert "The law gives these organisations the job of keeping children safe." in before
    assert "Art 6(1)(e)" not in before
    markdown = run(["summary", str(MASH), "--audience", "public", *TODAY_ARG]).stdout
    assert "### The law in detail" in markdown and "The laws are:" not in markdown


def test_calendar_with_nothing_due_holds_one_informational_event(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "reviews.ics"
    result = run(["due", str(AGREEMENTS), "--within", "1d", "--ics", str(target), *TODAY_ARG])
    assert result.exit_code == 0, result.output
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1  # RFC 5545: a calendar holds at least one component
    event = events[0]
    assert str(event["summary"]) == "No agreement reviews due"
    assert event.decoded("dtstart").isoformat() == "2026-06-01"
    assert not list(event.walk("VALARM"))  # nothing to be reminded of
    assert "no review is due by 2 June 2026" in str(event["description"])


def test_calendar_reviews_carry_an_alarm_ahead(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "reviews.ics"
    run(["due", str(AGREEMENTS), "--within", "3m", "--ics", str(target), "--today", "2027-01-15"])
    events = list(icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
    assert events
    for event in events:
        (alarm,) = event.walk("VALARM")
        assert alarm.decoded("trigger").days == -14
        assert str(alarm["description"]).startswith("Review due in 14 days:")
