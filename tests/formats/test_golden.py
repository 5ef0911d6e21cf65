"""Every format renders the one fixed findings list to the bytes in its golden file."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from isa_lint.formats import FORMAT_NAMES, Report, github, gitlab, junit, renderer, sarif

from .sample import RULES, check_golden, report

MACHINE: dict[str, tuple[str, Callable[[Report], str]]] = {
    "sarif": ("sarif.json", lambda r: "".join(sarif.render(r, RULES))),
    "junit": ("junit.xml", lambda r: "".join(junit.render(r))),
    "github": ("github.txt", lambda r: "".join(github.render(r))),
    "gitlab": ("gitlab.json", lambda r: "".join(gitlab.render(r))),
    "step-summary": ("step-summary.md", github.step_summary),
}


@pytest.mark.parametrize("name", sorted(MACHINE))
def test_matches_golden(name: str) -> None:
    filename, render = MACHINE[name]
    check_golden(filename, render(report()))


@pytest.mark.parametrize("name", sorted(MACHINE))
def test_clean_run_matches_golden(name: str) -> None:
    filename, render = MACHINE[name]
    stem, _, suffix = filename.rpartition(".")
    check_golden(f"{stem}-clean.{suffix}", render(report(findings=[])))


@pytest.mark.parametrize("name", FORMAT_NAMES)
def test_deterministic_utf8(name: str) -> None:
    render = renderer(name)
    first = "".join(render(report()))
    assert first == "".join(render(report()))
    assert first.encode("utf-8").decode("utf-8") == first
    assert first.endswith("\n")


def test_every_format_registered() -> None:
    assert all(callable(renderer(name)) for name in FORMAT_NAMES)
    assert {"sarif", "junit", "github", "gitlab"} <= set(FORMAT_NAMES)


@pytest.mark.parametrize("name", ["sarif", "junit", "github", "gitlab"])
def test_no_raw_control_characters(name: str) -> None:
    """An ANSI escape or a bell in a message never reaches a CI log or a viewer raw."""
    text = "".join(renderer(name)(report()))
    assert "\x1b" not in text
    assert "\x07" not in text
    assert "\\x1b[31m" in text.replace("\\\\", "\\")


@pytest.mark.parametrize("name", ["sarif", "junit", "github", "gitlab"])
def test_lone_surrogate_still_encodes(name: str) -> None:
    """A YAML "\\ud800" escape or a file name that is not UTF-8 makes lone surrogates; output stays UTF-8."""
    odd = [f._replace(message=f.message + "\ud800", path=f.path + "\udcff") for f in report().findings]
    text = "".join(renderer(name)(report(findings=odd)))
    text.encode("utf-8")
    assert "\\ud800" in text.replace("\\\\", "\\")
