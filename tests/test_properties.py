"""Property-based tests: random mutations of the shipped agreements never crash the linter
and give the same findings on every run.

Set ISA_LINT_FUZZ_EXAMPLES (default 40 per property) for a longer run, for example
``ISA_LINT_FUZZ_EXAMPLES=2000 .venv/bin/pytest tests/test_properties.py``.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from isa_lint.check.engine import lint_document
from isa_lint.examples import base_text
from isa_lint.load.document import load_text
from isa_lint.rules._rule import Settings

from .conftest import AGREEMENTS, FIXED_TODAY

EXAMPLES = int(os.environ.get("ISA_LINT_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SOURCES = [base_text(), *(p.read_text(encoding="utf-8") for p in sorted(Path(AGREEMENTS).glob("*.yaml")))]
ODD = st.sampled_from(
    [
        "",
        " ",
        "TBC",
        "\u202e",
        "\x1b[31m",
        "<script>alert(1)</script>",
        "=cmd|'/C calc'!A0",
        "ä" * 300,
        "0",
        "-1",
        "null",
    ]
)
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.text(max_size=30) | ODD,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


def _lint(text: str) -> list[tuple[str, int, int, str, str]]:
    findings = lint_document(load_text(text, "example-referrals.yaml"), Settings(today=FIXED_TODAY))
    return [(f.code, f.line, f.column, f.pointer, f.message) for f in findings]


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*prefix, index))
    return found


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A shipped agreement with a few structural changes, written back out as YAML (JSON)."""
    data = copy.deepcopy(load_text(draw(st.sampled_from(SOURCES)), "x.yaml").data)
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p in _paths(data) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, last = _parent(data, path), path[-1]
        action = draw(st.sampled_from(["drop", "duplicate", "retype", "rename", "odd"]))
        if action == "drop":
            del parent[last]
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))
        elif action == "rename" and isinstance(parent, dict):
            parent[str(last) + draw(st.sampled_from(["s", "_", "X"]))] = parent.pop(last)
        elif action == "odd":
            parent[last] = draw(ODD)
        else:
            parent[last] = draw(VALUES)
    return json.dumps(data, ensure_ascii=False, indent=1)


@st.composite
def text_mutated(draw: st.DrawFn) -> str:
    """A shipped agreement with lines deleted, duplicated or garbled in the text itself."""
    lines = draw(st.sampled_from(SOURCES)).splitlines()
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "insert", "indent"]))
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "insert":
            lines.insert(index, draw(st.text(max_size=40)))
        else:
            lines[index] = " " * draw(st.integers(1, 5)) + lines[index]
    return "\n".join(lines) + "\n"


@FUZZ
@given(mutated())
def test_structural_mutations_never_crash_and_are_stable(text: str) -> None:
    assert _lint(text) == _lint(text)


@FUZZ
@given(text_mutated())
def test_text_mutations_never_crash_and_are_stable(text: str) -> None:
    assert _lint(text) == _lint(text)


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes_never_crash(raw: bytes) -> None:
    from isa_lint.load.document import load_bytes

    document = load_bytes(raw, "x.yaml")
    lint_document(document, Settings(today=FIXED_TODAY))
