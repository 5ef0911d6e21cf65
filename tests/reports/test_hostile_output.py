"""Hostile text in an agreement stays inert in every output: HTML, Markdown, Mermaid, CSV, JSON, text."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from isa_lint.reports.escape import csv_cell, md, mermaid_label
from tests.reports.conftest import BIDI, ESC, FORMULA, IMG, SCRIPT, TITLE_SCRIPT, TODAY_ARG, Run

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.parametrize("audience", ["professional", "public"])
def test_html_escapes_everything_from_the_file(run: Run, hostile_file: Path, audience: str) -> None:
    html = run(["summary", str(hostile_file), "--format", "html", "--audience", audience, *TODAY_ARG]).stdout
    assert "<script" not in html
    assert "<img" not in html and "onerror=alert" not in html.replace("onerror=alert(3)&gt;", "")
    assert "javascript:" not in re.findall(r'href="([^"]*)"', html).__str__()
    if audience == "professional":
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;" in html
    assert ESC not in html and BIDI not in html
    assert "\\x1b[31m" in html or audience == "public"  # shown, not sent to the browser raw


def test_markdown_tables_keep_their_shape(run: Run, hostile_file: Path) -> None:
    text = run(["summary", str(hostile_file), *TODAY_ARG]).stdout
    assert SCRIPT not in text and TITLE_SCRIPT not in text and IMG not in text
    assert ESC not in text and BIDI not in text
    assert not re.search(r"(?<!\\)\]\(javascript:", text)  # the brackets are escaped: no live link
    assert "@octocat" not in text  # no mention in a pull-request comment
    # every row of the parties table has its 5 columns, whatever the cells hold
    parties = text.split("## Who shares information", 1)[1].split("\n\n", 2)[1].splitlines()
    assert len(parties) == 5
    assert {len(re.findall(r"(?<!\\)\|", line)) for line in parties} == {6}
    data = text.split("## What is shared, by whom, and why", 1)[1].split("\n\n", 2)[1].splitlines()
    assert {len(re.findall(r"(?<!\\)\|", line)) for line in data} == {7}


def test_mermaid_labels_cannot_break_out(run: Run, hostile_file: Path) -> None:
    text = run(["summary", str(hostile_file), *TODAY_ARG]).stdout
    chart = text.split("```mermaid\n", 1)[1].split("```", 1)[0]
    for line in chart.splitlines()[1:]:
        node = re.fullmatch(r'  p\d+\["([^"\[\]|`<>;]|#\d+;)*"\]', line)
        edge = re.fullmatch(r'  p\d+ -->\|"([^"\[\]|`<>;]|#\d+;)*"\| p\d+', line)
        assert node or edge, line


def test_csv_cells_never_start_a_formula(run: Run, hostile_file: Path) -> None:
    text = run(["register", str(hostile_file), "--format", "csv", *TODAY_ARG]).stdout
    rows = list(csv.reader(io.StringIO(text)))
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_START) and not re.fullmatch(r"-\d+", cell)]
    title = rows[1][1]
    assert title.startswith("'" + FORMULA)
    assert ESC not in text


def test_register_markdown_and_html_are_inert(run: Run, hostile_file: Path) -> None:
    markdown = run(["register", str(hostile_file), *TODAY_ARG]).stdout
    assert SCRIPT not in markdown and ESC not in markdown
    html = run(["register", str(hostile_file), "--format", "html", *TODAY_ARG]).stdout
    assert html.count("<script") == 1  # only the sorting script of our own
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_json_escapes_controls(run: Run, hostile_file: Path) -> None:
    text = run(["summary", str(hostile_file), "--format", "json", *TODAY_ARG]).stdout
    assert ESC not in text and BIDI not in text
    data = json.loads(text)
    assert data["agreement"]["title"].startswith(FORMULA)  # the data itself is kept exactly
    assert ESC in data["agreement"]["title"]


def test_due_text_shows_escapes_not_controls(run: Run, hostile_file: Path) -> None:
    result = run(["due", str(hostile_file), "--within", "400d", *TODAY_ARG])
    assert result.exit_code == 0
    assert ESC not in result.stdout and BIDI not in result.stdout and "\\x1b" in result.stdout


def test_due_calendar_is_valid_with_hostile_text(run: Run, hostile_file: Path, tmp_path: Path) -> None:
    import icalendar

    target = tmp_path / "reviews.ics"
    assert (
        run(["due", str(hostile_file), "--within", "400d", "--ics", str(target), *TODAY_ARG]).exit_code == 0
    )
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    assert ESC not in target.read_text(encoding="utf-8")


def test_diff_markdown_is_inert(run: Run, hostile_file: Path, tmp_path: Path) -> None:
    from tests.reports.conftest import BASE

    old = tmp_path / "old.yaml"
    old.write_text(BASE.read_text(encoding="utf-8").replace("example-referrals", "hostile"), encoding="utf-8")
    text = run(["diff", str(old), str(hostile_file)]).stdout
    assert "Title changed from" in text
    assert SCRIPT not in text and ESC not in text and "<img" not in text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a | b", "a \\| b"),
        ("<b>x</b> & y", "&lt;b&gt;x&lt;/b&gt; &amp; y"),
        ("*em* _u_ `c` [l](u) ~s~ $m$ #1", "\\*em\\* \\_u\\_ \\`c\\` \\[l\\](u) \\~s\\~ \\$m\\$ \\#1"),
        ("- item", "\\- item"),
        ("1. item", "1\\. item"),
        ("1.1", "1.1"),
        ("line\none", "line one"),
        ("hi @team", "hi @\u200bteam"),
        ("dpo@example.org", "dpo@example.org"),
        ("\x1b[31m", "\\\\x1b\\[31m"),  # shown as \\x1b[31m, never sent raw
    ],
)
def test_markdown_escaping(value: str, expected: str) -> None:
    assert md(value) == expected


def test_mermaid_label_encodes_everything_that_is_not_plain() -> None:
    assert (
        mermaid_label('a "b" [c] |d| <e> `f` ;#')
        == "a #34;b#34; #91;c#93; #124;d#124; #60;e#62; #96;f#96; #59;#35;"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'=1"),
        ("  =1", "'=1"),
        ("plain", "plain"),
        (-30, "-30"),
        (True, "Yes"),
    ],
)
def test_csv_cell(value: object, expected: str) -> None:
    assert csv_cell(value) == expected


def test_templates_read_a_dicts_keys_and_methods_as_jinja_does() -> None:
    """The reports' environment looks a plain dict's keys up first (for speed): a key named like a
    dict method (``items``, ``get``) in an agreement still cannot stand in for the method, text
    is still escaped, and a missing key is still an error."""
    import jinja2

    from isa_lint.reports.html import environment

    template = environment().from_string("{{ d.title }} {{ d.items() | length }} {{ d.get('title') }}")
    hostile = {"title": "<b>T</b>", "items": "<i>not a method</i>", "get": "x"}
    assert template.render(d=hostile) == "&lt;b&gt;T&lt;/b&gt; 3 &lt;b&gt;T&lt;/b&gt;"
    with pytest.raises(jinja2.UndefinedError):
        environment().from_string("{{ d.missing }}").render(d=hostile)
