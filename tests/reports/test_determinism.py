"""Same input, same bytes: every report run twice gives identical output."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reports.conftest import BASE, TODAY_ARG, Run, shipped_agreements

FIRST = str(shipped_agreements()[0])
ALL = [str(p) for p in shipped_agreements()]

COMMANDS = [
    ["summary", FIRST],
    ["summary", FIRST, "--format", "html"],
    ["summary", FIRST, "--format", "json"],
    ["summary", FIRST, "--audience", "public"],
    ["summary", FIRST, "--audience", "public", "--format", "html"],
    ["summary", FIRST, "--audience", "public", "--format", "json"],
    ["register", *ALL],
    ["register", *ALL, "--format", "csv"],
    ["register", *ALL, "--format", "html"],
    ["due", *ALL, "--within", "1000d"],
    ["due", *ALL, "--within", "1000d", "--format", "md"],
    ["due", *ALL, "--within", "1000d", "--format", "json"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(x for x in a if not x.startswith("/")))
def test_same_input_same_bytes(run: Run, tmp_path: Path, args: list[str]) -> None:
    outputs = []
    for name in ("one", "two"):
        target = tmp_path / name
        result = run([*args, "-o", str(target), *TODAY_ARG])
        assert result.exit_code == 0, result.output
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0]


def test_calendar_and_diff_are_deterministic(run: Run, tmp_path: Path) -> None:
    calendars = []
    for name in ("a.ics", "b.ics"):
        assert (
            run(["due", *ALL, "--within", "1000d", "--ics", str(tmp_path / name), *TODAY_ARG]).exit_code == 0
        )
        calendars.append((tmp_path / name).read_bytes())
    assert calendars[0] == calendars[1]
    diffs = [run(["diff", str(BASE), FIRST, "--format", fmt]).stdout for fmt in ("md", "json", "md", "json")]
    assert diffs[0] == diffs[2] and diffs[1] == diffs[3]


def test_today_is_the_only_date_in_the_output(run: Run) -> None:
    later = run(["summary", FIRST, "--today", "2026-07-01"]).stdout
    now = run(["summary", FIRST, *TODAY_ARG]).stdout
    assert later != now  # days left follow --today, and nothing else changes with the clock
