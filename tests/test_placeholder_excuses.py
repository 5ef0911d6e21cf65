"""ISA102 and ISA305 report what the law treats as missing, not what it treats as the answer.

Each case was a false alarm on an agreement modelled on a published one (tests/realworld):
a controller's own complaints procedure, local policy beside a stated standard or an annex
that sets it out, a changelog's history, and a retention period of zero.
"""

from __future__ import annotations

import pytest

from isa_lint.examples import base_text
from isa_lint.rules.required import placeholder_in

from .conftest import lint_text


@pytest.mark.parametrize(
    "value",
    [
        # DPA 2018 s.164A: each controller handles complaints about its own processing.
        "Complaints go to the school under its complaints policy or to the police.",
        # The agreed standard is stated; local policy says only who runs it.
        "UK-hosted, encrypted storage under each partner's own security policy.",
        "Deleted after 6 years in line with each agency's records policy.",
        # The local policies are set out in an annex of the agreement: one document.
        "Partners' own case records follow their retention schedules set out in the MACE annex.",
    ],
)
def test_deferral_that_is_the_answer_is_not_a_placeholder(value: str) -> None:
    assert placeholder_in(value) is None


@pytest.mark.parametrize(
    "value",
    [
        "Each agency disposes of it under its own records management policy.",
        "In line with each organisation's retention policy.",
        "Stored under each partner's own security policy.",
        "Complaints: TBC",
    ],
)
def test_deferral_with_no_answer_is_still_a_placeholder(value: str) -> None:
    assert placeholder_in(value) is not None


def test_changelog_history_is_not_a_placeholder() -> None:
    text = base_text().replace(
        "summary: First version agreed by all three parties.",
        "summary: Draft; contacts still to be confirmed.",
    )
    assert "contacts still to be confirmed" in text
    assert not [f for f in lint_text(text) if f.code == "ISA102"]


def test_a_zero_retention_period_is_not_implausible() -> None:
    text = base_text().replace("    period: 6 years\n", "    period: 0 days\n", 1)
    assert "period: 0 days" in text
    assert not [f for f in lint_text(text) if f.code == "ISA305"]
    typo = base_text().replace("    period: 6 years\n", "    period: 600 years\n", 1)
    assert [f.code for f in lint_text(typo) if f.code == "ISA305"] == ["ISA305"]
