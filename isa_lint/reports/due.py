"""``isa-lint due``: agreements whose review is due or overdue, and a calendar of those reviews.

An agreement is listed when its review date is on or before the end of the window (today
plus ``--within``); overdue reviews are always listed. Retired agreements are left out: they
are not reviewed any more. Agreements whose review date is missing or not a date are listed
separately, because nobody will be reminded about them.

The iCalendar file has one all-day event per review listed. Its UID is built from the
agreement's id and the due date (``<id>-review-<date>@isa-lint``), so importing a newer
file updates the same event instead of adding a second one, and DTSTAMP is midnight UTC of
``--today``, so the same input always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from isa_lint import __version__
from isa_lint.formats.text import terminal_safe
from isa_lint.reports import wording as w
from isa_lint.reports.common import Loaded, to_json
from isa_lint.reports.escape import md, one_line
from isa_lint.reports.view import Agreement, as_text, mapping


@dataclass(frozen=True)
class Review:
    """One agreement's next review."""

    file: str
    id: str
    title: str
    version: str
    status: str
    due: dt.date
    days_left: int
    owner_role: str
    owner_party: str
    frequency_months: int | None

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def owner(self) -> str:
        return ", ".join(x for x in (self.owner_role, self.owner_party) if x) or "no owner given"

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "id": self.id,
            "title": self.title,
            "version": self.version,
            "status": self.status,
            "due": self.due.isoformat(),
            "days_left": self.days_left,
            "overdue": self.overdue,
            "owner_role": self.owner_role,
            "owner_party": self.owner_party,
            "frequency_months": self.frequency_months,
        }


@dataclass
class DueResult:
    today: dt.date
    until: dt.date
    within: str
    checked: int = 0
    due: list[Review] = field(default_factory=list)
    undated: list[tuple[str, str]] = field(default_factory=list)


def find(loaded: list[Loaded], today: dt.date, until: dt.date, within: str) -> DueResult:
    """Reviews due on or before ``until`` (overdue ones included), soonest first."""
    result = DueResult(today, until, within, checked=len(loaded))
    for item in loaded:
        a = Agreement(item.data, item.path)
        if a.text("status") == "retired":
            continue
        due = a.review_due()
        if due is None:
            reason = "the file cannot be read" if not item.readable else "it has no valid review due date"
            result.undated.append((item.path, reason))
            continue
        if due > until:
            continue
        review = a.section("review")
        owner = mapping(review.get("owner"))
        party = as_text(owner.get("party"))
        frequency = review.get("frequency_months")
        result.due.append(
            Review(
                file=item.path,
                id=a.id,
                title=a.title,
                version=a.text("version"),
                status=a.text("status"),
                due=due,
                days_left=(due - today).days,
                owner_role=as_text(owner.get("role")),
                owner_party=a.party_name(party) if party else "",
                frequency_months=frequency
                if isinstance(frequency, int) and not isinstance(frequency, bool)
                else None,
            )
        )
    result.due.sort(key=lambda r: (r.due, r.id, r.file))
    return result


def _when(review: Review) -> str:
    if review.overdue:
        return f"overdue by {w.plural(-review.days_left, 'day')}"
    return "due today" if review.days_left == 0 else f"due {w.days_words(review.days_left)}"


def _heading(result: DueResult) -> str:
    return (
        f"Reviews due by {w.long_date(result.until)} (within {result.within} of {w.long_date(result.today)}): "
        f"{len(result.due)} of {w.plural(result.checked, 'agreement')}"
    )


def text(result: DueResult) -> str:
    lines = [terminal_safe(_heading(result)) + ("." if result.due else "; none due.")]
    for review in result.due:
        state = "OVERDUE" if review.overdue else "DUE"
        lines.append(
            terminal_safe(
                f"  {state:<7} {w.long_date(review.due):<17} {review.id or review.file}  {_when(review)}; "
                f"owner: {review.owner}"
            )
        )
        lines.append("          " + terminal_safe(f"{review.title} ({review.file})"))
    for path, reason in result.undated:
        lines.append(terminal_safe(f"  NO DATE {path}: {reason}"))
    return "\n".join(lines) + "\n"


def markdown(result: DueResult) -> str:
    out = ["## Agreement reviews due", "", md(_heading(result)) + ".", ""]
    if result.due:
        out += ["| Agreement | Review due | When | Owner | File |", "|---|---|---|---|---|"]
        for review in result.due:
            when = ("**" + md(_when(review)) + "**") if review.overdue else md(_when(review))
            out.append(
                f"| {md(review.title)} ({md(review.id)}) | {md(w.long_date(review.due))} | {when} "
                f"| {md(review.owner)} | {md(review.file)} |"
            )
        out.append("")
    if result.undated:
        out += ["No review date, so no reminder:", ""]
        out += [f"- {md(path)}: {md(reason)}" for path, reason in result.undated]
        out.append("")
    return "\n".join(out)


def json_text(result: DueResult) -> str:
    return to_json(
        {
            "tool": "isa-lint",
            "tool_version": __version__,
            "report": "due",
            "today": result.today.isoformat(),
            "until": result.until.isoformat(),
            "within": result.within,
            "checked": result.checked,
            "due": [review.as_dict() for review in result.due],
            "no_review_date": [{"file": path, "reason": reason} for path, reason in result.undated],
        }
    )


def render(result: DueResult, output_format: str) -> str:
    if output_format == "json":
        return json_text(result)
    if output_format == "md":
        return markdown(result)
    return text(result)


ALARM_DAYS = 14
"""Each review event reminds its subscribers this many days ahead, so there is time to arrange it."""


def calendar(result: DueResult, links: dict[str, str] | None = None) -> bytes:
    """An iCalendar file (RFC 5545) with one all-day event per review listed, each with an alarm.

    RFC 5545 requires a calendar to hold at least one component. When no review is listed, the
    calendar holds one all-day event on ``--today``, "No agreement reviews due", with no alarm:
    a subscriber sees that the feed is alive and that nothing is due, and the event is replaced
    (same UID scheme, new date) by the next publication. ``links`` maps an agreement's file to
    the web address of its page, added as the event's URL (the site passes these).
    """
    import icalendar

    stamp = dt.datetime(result.today.year, result.today.month, result.today.day, tzinfo=dt.timezone.utc)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//isa-lint//Agreement review reminders//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "Information sharing agreement reviews")
    for review in result.due:
        event = icalendar.Event()
        event.add("uid", f"{_uid_part(review.id or review.file)}-review-{review.due.isoformat()}@isa-lint")
        event.add("dtstamp", stamp)
        event.add("dtstart", review.due)
        event.add("dtend", review.due + dt.timedelta(days=1))
        event.add("summary", one_line(f"Review due: {review.title}"))
        details = [
            f"Agreement {review.id} version {review.version} ({review.status}), in {review.file}.",
            f"Review owner: {review.owner}.",
        ]
        if review.frequency_months:
            details.append(f"Reviewed every {review.frequency_months} months.")
        if review.overdue:
            details.append(f"Overdue on {w.long_date(result.today)}.")
        event.add("description", " ".join(one_line(line) for line in details))
        event.add("transp", "TRANSPARENT")
        event.add("categories", ["Agreement review"])
        if links and review.file in links:
            event.add("url", links[review.file])
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", one_line(f"Review due in {ALARM_DAYS} days: {review.title}"))
        alarm.add("trigger", dt.timedelta(days=-ALARM_DAYS))
        event.add_component(alarm)
        cal.add_component(event)
    if not result.due:
        event = icalendar.Event()
        event.add("uid", f"no-reviews-due-{result.today.isoformat()}@isa-lint")
        event.add("dtstamp", stamp)
        event.add("dtstart", result.today)
        event.add("dtend", result.today + dt.timedelta(days=1))
        event.add("summary", "No agreement reviews due")
        event.add(
            "description",
            f"isa-lint checked {w.plural(result.checked, 'agreement')} on {w.long_date(result.today)}: "
            + (
                "no agreement in use has a review date."
                if result.until == dt.date.max
                else f"no review is due by {w.long_date(result.until)}."
            ),
        )
        event.add("transp", "TRANSPARENT")
        event.add("categories", ["Agreement review"])
        cal.add_component(event)
    return bytes(cal.to_ical())


def _uid_part(value: str) -> str:
    """Keep UIDs to characters every calendar program accepts."""
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "-" for c in value) or "agreement"
