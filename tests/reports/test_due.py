"""``isa-lint due``: reviews due or overdue within a window, and an iCalendar file of them."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import click
import icalendar
import pytest

from isa_lint.reports.commands import within_end
from tests.reports.conftest import BASE, Run, shipped_agreements


def _folder(tmp_path: Path, dues: dict[str, str], status: str = "approved") -> Path:
    """Copies of the example with the given ids and review dates."""
    folder = tmp_path / "agreements"
    folder.mkdir(exist_ok=True)
    for agreement_id, due in dues.items():
        text = BASE.read_text(encoding="utf-8").replace("id: example-referrals", f"id: {agreement_id}")
        text = text.replace("  due: 2027-03-31", f"  due: {due}").replace(
            "status: approved", f"status: {status}"
        )
        (folder / f"{agreement_id}.yaml").write_text(text, encoding="utf-8")
    return folder


def test_lists_overdue_and_due_soon_with_owners(run: Run, tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"overdue": "2026-05-01", "soon": "2026-07-01", "later": "2027-01-01"})
    result = run(["due", str(folder), "--within", "90d", "--today", "2026-06-01"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Reviews due by 30 August 2026 (within 90d of 1 June 2026): 2 of 3 agreements."
    assert lines[1].split()[:5] == ["OVERDUE", "1", "May", "2026", "overdue"]
    assert (
        "overdue by 31 days; owner: Head of Children's Safeguarding, Exampleshire County Council" in lines[1]
    )
    assert "due in 30 days" in lines[3]
    assert "later" not in result.stdout


def test_retired_agreements_are_left_out_and_missing_dates_are_listed(run: Run, tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"old": "2020-01-01"}, status="retired")
    _folder(tmp_path, {"undated": "not-a-date"})
    data = json.loads(run(["due", str(folder), "--format", "json", "--today", "2026-06-01"]).stdout)
    assert data["due"] == []
    assert data["no_review_date"] == [
        {"file": f"{folder.as_posix()}/undated.yaml", "reason": "it has no valid review due date"}
    ]


def test_default_window_comes_from_the_configuration(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _folder(tmp_path, {"soon": "2026-07-20"})
    monkeypatch.chdir(tmp_path)
    assert "1 of 1" in run(["due", "--today", "2026-06-01"]).stdout  # default 90 days
    (tmp_path / ".isa-lint.yaml").write_text("review-warning-days: 30\n", encoding="utf-8")
    assert "0 of 1" in run(["due", "--today", "2026-06-01"]).stdout


def test_calendar_has_one_event_per_due_review(run: Run, tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"overdue": "2026-05-01", "soon": "2026-07-01", "later": "2027-01-01"})
    target = tmp_path / "reviews.ics"
    result = run(["due", str(folder), "--within", "3m", "--ics", str(target), "--today", "2026-06-01"])
    assert result.exit_code == 0, result.output
    assert "Wrote 2 reviews" in result.stderr
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 2
    first = events[0]
    assert str(first["UID"]) == "overdue-review-2026-05-01@isa-lint"
    assert first.decoded("DTSTART") == dt.date(2026, 5, 1)
    assert first.decoded("DTEND") == dt.date(2026, 5, 2)
    assert first.decoded("DTSTAMP") == dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc)
    assert "Review owner: Head of Children's Safeguarding, Exampleshire County Council" in str(
        first["DESCRIPTION"]
    )
    assert str(first["SUMMARY"]).startswith("Review due: ")
    assert target.read_bytes().count(b"\r\n") > 10


def test_shipped_agreements_give_a_calendar(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "all.ics"
    paths = [str(p) for p in shipped_agreements()]
    result = run(
        ["due", *paths, "--within", "1000d", "--ics", str(target), "--today", "2026-06-01", "--format", "md"]
    )
    assert result.exit_code == 0, result.output
    events = list(icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
    assert len(events) == len(paths)
    assert len({str(e["UID"]) for e in events}) == len(events)
    assert result.stdout.startswith("## Agreement reviews due")


@pytest.mark.parametrize(
    ("text", "today", "end"),
    [
        ("90d", "2026-06-01", "2026-08-30"),
        ("90", "2026-06-01", "2026-08-30"),
        ("2w", "2026-06-01", "2026-06-15"),
        ("3 months", "2026-06-01", "2026-09-01"),
        ("1m", "2026-01-31", "2026-02-28"),
        ("12m", "2026-02-28", "2027-02-28"),
        ("0d", "2026-06-01", "2026-06-01"),
    ],
)
def test_within_units(text: str, today: str, end: str) -> None:
    assert within_end(text, dt.date.fromisoformat(today)) == dt.date.fromisoformat(end)


@pytest.mark.parametrize("bad", ["3x", "-1d", "d", "1.5m", ""])
def test_bad_within_is_a_usage_error(run: Run, bad: str) -> None:
    result = run(["due", str(BASE), "--within", bad])
    assert result.exit_code == 2 and "is not a period" in result.stderr
    with pytest.raises(click.BadParameter):
        within_end(bad, dt.date(2026, 1, 1))


def test_output_file(run: Run, tmp_path: Path) -> None:
    shutil.copy(BASE, tmp_path / "example-referrals.yaml")
    target = tmp_path / "due.md"
    result = run(
        [
            "due",
            str(tmp_path / "example-referrals.yaml"),
            "--format",
            "md",
            "-o",
            str(target),
            "--today",
            "2027-03-01",
        ]
    )
    assert result.exit_code == 0 and result.stdout == ""
    assert "| Example referrals agreement" in target.read_text(encoding="utf-8")
