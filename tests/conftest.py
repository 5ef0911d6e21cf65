"""Shared helpers: lint text or files the way the CLI does."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import settings

from isa_lint.check.engine import lint_document
from isa_lint.check.findings import Finding
from isa_lint.load.document import load_text
from isa_lint.rules._rule import Settings

settings.register_profile("isa-lint", deadline=None)
settings.load_profile("isa-lint")
"""No time limit on a hypothesis example: tests check behaviour, and speed is measured by
bench/ (a deadline failed on a busy shared machine, saying nothing about isa-lint)."""

ROOT = Path(__file__).resolve().parent.parent
AGREEMENTS = ROOT / "agreements"
FIXED_TODAY = dt.date(2026, 6, 1)


def lint_text(text: str, path: str = "example-referrals.yaml", today: dt.date = FIXED_TODAY) -> list[Finding]:
    """Lint an agreement held in a string, as if it were the file ``path``."""
    return lint_document(load_text(text, path), Settings(today=today))


@pytest.fixture
def shipped() -> list[Path]:
    return sorted(AGREEMENTS.glob("*.yaml"))
