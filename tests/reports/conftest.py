"""Helpers for the report tests: run commands as a user would, on shipped or hostile agreements."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from isa_lint.cli.app import main
from isa_lint.examples import HERE as EXAMPLES
from isa_lint.examples import base_text

ROOT = Path(__file__).resolve().parents[2]
AGREEMENTS = ROOT / "agreements"
BASE = EXAMPLES / "base.yaml"
TODAY = dt.date(2026, 6, 1)
TODAY_ARG = ["--today", TODAY.isoformat()]

SCRIPT = "<script>alert(1)</script>"
FORMULA = "=cmd|' /C calc'!A0"
TITLE_SCRIPT = "<script>document.title='pwned'</script>"
IMG = "<img src=x onerror=alert(3)>"
ESC = "\x1b"
BIDI = "\u202e"

Run = Callable[..., Result]


def shipped_agreements() -> list[Path]:
    """The shipped agreements, or the packaged example while agreements/ is still empty."""
    found = sorted(AGREEMENTS.glob("*.yaml"))
    return found or [BASE]


def hostile_text(agreement_id: str = "hostile") -> str:
    """The base example with hostile text in its title, names, descriptions and links."""
    text = base_text().replace("id: example-referrals", f"id: {agreement_id}")
    replacements = {
        "title: Example referrals agreement between a council, the police and a hospital trust": (
            "title: \"=cmd|' /C calc'!A0 <script>alert(1)</script> | pipe \\e[31mred\\e[0m ``` \\u202e end\""
        ),
        "    name: Exampleshire County Council": (
            '    name: "<script>document.title=\'pwned\'</script> \\"] --> evil[\\" | x end"'
        ),
        "    privacy_notice: https://www.exampleshire.gov.uk/privacy/childrens-services": (
            '    privacy_notice: "javascript:alert(5)"'
        ),
        "      To decide whether a child is suffering, or likely to suffer, significant harm and what": (
            "      - [click](javascript:alert(4)) `code` *em* $x$ <!-- hidden -->, significant harm and what"
        ),
        "    description: Names, dates of birth, addresses and the concerns raised about the child.": (
            '    description: "<img src=x onerror=alert(3)> | cell ]] #35; @octocat"'
        ),
    }
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    text = text.replace("    from: the closure of the child's case", '    from: "@SUM(1+1)*cmd|x"', 1)
    return text


@pytest.fixture
def run() -> Run:
    """Run ``isa-lint ARGS`` as a user would; standard error is kept apart from standard output."""

    def invoke(args: Sequence[str], **kwargs: object) -> Result:
        return CliRunner().invoke(main, list(args), catch_exceptions=False, **kwargs)  # type: ignore[arg-type]

    return invoke


@pytest.fixture
def hostile_file(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(hostile_text(), encoding="utf-8")
    return path


@pytest.fixture
def agreements() -> list[Path]:
    return shipped_agreements()
