"""``isa-lint register``: one row per agreement, for a partnership's register of agreements.

Rows are in file order (the order ``lint`` reports in), so the output is stable. The HTML
table can be sorted by any column with one small script of isa-lint's own (allowed by its
hash in the page's Content-Security-Policy); without the script the table still reads in
file order.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from isa_lint import __version__
from isa_lint.reports import wording as w
from isa_lint.reports.common import Loaded
from isa_lint.reports.escape import csv_cell, md
from isa_lint.reports.view import Agreement

Row = dict[str, Any]

COLUMNS = [
    ("id", "Id"),
    ("title", "Title"),
    ("version", "Version"),
    ("status", "Status"),
    ("parties", "Parties"),
    ("special_category", "Special category data"),
    ("criminal_offence", "Criminal offence data"),
    ("effective_from", "Effective from"),
    ("review_due", "Review due"),
    ("days_left", "Days left"),
    ("errors", "Errors"),
    ("warnings", "Warnings"),
    ("infos", "Info"),
    ("file", "File"),
]
"""Every column, in order: (key in a row, heading)."""


def rows(loaded: list[Loaded], today: dt.date) -> list[Row]:
    result = []
    for item in loaded:
        a = Agreement(item.data, item.path)
        due = a.review_due()
        counts = item.counts()
        kinds = a.kinds_shared()
        result.append(
            {
                "file": item.path,
                "readable": item.readable,
                "id": a.id,
                "title": a.text("title") if item.readable else f"Cannot be read: {item.why_unreadable()}",
                "version": a.text("version"),
                "status": a.text("status"),
                "parties": [a.party_name(p) for p in a.parties],
                "special_category": "special_category" in kinds,
                "criminal_offence": "criminal_offence" in kinds,
                "effective_from": a.text("effective_from"),
                "review_due": a.text("review", "due"),
                "days_left": (due - today).days if due else None,
                "errors": counts["error"],
                "warnings": counts["warning"],
                "infos": counts["info"],
            }
        )
    return result


def _yes(value: bool) -> str:
    return "Yes" if value else "No"


def totals(table: list[Row], window: int) -> str:
    overdue = sum(1 for r in table if r["days_left"] is not None and r["days_left"] < 0)
    soon = sum(1 for r in table if r["days_left"] is not None and 0 <= r["days_left"] <= window)
    failing = sum(1 for r in table if r["errors"])
    parts = [
        w.plural(len(table), "agreement"),
        f"{overdue} overdue for review",
        f"{soon} due for review within {w.plural(window, 'day')}",
        f"{failing} with lint errors",
    ]
    return w.join_words(parts) + "."


def markdown(table: list[Row], today: dt.date, window: int) -> str:
    out = [
        "# Register of information sharing agreements",
        "",
        f"As of {w.long_date(today)}: {totals(table, window)}",
        "",
    ]
    if not table:
        return "\n".join([*out, "No agreements found in the paths given.", ""])
    headings = [title for _, title in COLUMNS]
    out.append("| " + " | ".join(headings) + " |")
    out.append("|" + "|".join("---:" if key in _NUMERIC else "---" for key, _ in COLUMNS) + "|")
    for row in table:
        cells = []
        for key, _ in COLUMNS:
            value = row[key]
            if isinstance(value, bool):
                cells.append(_yes(value))
            elif isinstance(value, list):
                cells.append(md(", ".join(value)))
            elif value is None:
                cells.append(" ")
            elif key in _DATES:
                cells.append(md(w.long_date(value)))
            else:
                cells.append(md(value))
        out.append("| " + " | ".join(cells) + " |")
    out += ["", f"*Made by isa-lint {__version__}. Days left is negative when a review is overdue.*", ""]
    return "\n".join(out)


_NUMERIC = {"days_left", "errors", "warnings", "infos"}
_DATES = {"effective_from", "review_due"}
"""Written as people write dates ("31 March 2027") in Markdown and HTML; CSV keeps ISO dates for sorting."""


def csv_text(table: list[Row]) -> str:
    """RFC 4180 CSV with a header row; every cell neutralised against formula injection."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([title for _, title in COLUMNS])
    for row in table:
        cells = []
        for key, _ in COLUMNS:
            value = row[key]
            if isinstance(value, list):
                value = "; ".join(value)
            cells.append("" if value is None else csv_cell(value))
        writer.writerow(cells)
    return buffer.getvalue()


SORT_SCRIPT = "sort.js"


def html(table: list[Row], today: dt.date, window: int) -> str:
    from isa_lint.reports.html import asset, render

    return render(
        "register.html.j2",
        script=asset(SORT_SCRIPT),
        rows=table,
        columns=COLUMNS,
        numeric=_NUMERIC,
        today=w.long_date(today),
        totals=totals(table, window),
        window=window,
    )


def render(loaded: list[Loaded], today: dt.date, output_format: str, window: int) -> str:
    table = rows(loaded, today)
    if output_format == "csv":
        return csv_text(table)
    if output_format == "html":
        return html(table, today, window)
    return markdown(table, today, window)
