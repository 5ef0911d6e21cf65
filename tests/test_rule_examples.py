"""Every rule has a failing and a passing example, and each behaves exactly as it says.

A failing example must give exactly the findings its ``# expect`` comments name, on those
lines, and nothing else; a passing example must give no findings at all.
"""

from __future__ import annotations

import pytest

from isa_lint import examples
from isa_lint.check.engine import lint_document
from isa_lint.load.document import load_text
from isa_lint.rules import RULES, RUN_LEVEL_FAMILIES
from isa_lint.rules._rule import Settings

RUN_LEVEL = RUN_LEVEL_FAMILIES
"""Families checked across files or against Git history: one file cannot show them, so
their own tests (tests/test_crossfile.py, tests/test_history.py) cover them instead."""
CASES = [(rule.code, kind) for rule in RULES if rule.family not in RUN_LEVEL for kind in ("fail", "pass")]


def _lint(example: examples.Example) -> set[tuple[str, int]]:
    document = load_text(example.text, example.path)
    return {(f.code, f.line) for f in lint_document(document, Settings(today=example.today))}


def test_base_example_is_clean() -> None:
    base = examples.Example("base", "pass", "", examples.base_text())
    assert _lint(base) == set()


@pytest.mark.parametrize(("code", "kind"), CASES, ids=[f"{c}-{k}" for c, k in CASES])
def test_rule_example(code: str, kind: str) -> None:
    assert examples.variant_path(code, kind).exists(), f"{code} has no {kind} example"
    example = examples.build(code, kind)
    found = _lint(example)
    if kind == "pass":
        assert found == set(), f"{code} passing example gives findings"
    else:
        assert code in {c for c, _ in example.expected}, f"{code} failing example expects no {code}"
        assert found == example.expected


def test_no_example_without_a_rule() -> None:
    codes = {rule.code for rule in RULES}
    assert {code for code, _ in examples.available()} <= codes
