"""jsonschema is asked only about the sections of an invalid agreement that have errors, and
finds the same errors as when it walks the whole agreement."""

from __future__ import annotations

import random

from isa_lint.examples import base_text
from isa_lint.load import structure
from isa_lint.load.document import load_text

from .conftest import AGREEMENTS
from .test_parallel import _mutations


def _described(errors: list[object]) -> set[tuple[object, ...]]:
    return {(tuple(e.absolute_path), e.validator, e.message) for e in errors}  # type: ignore[attr-defined]


def test_errors_of_the_faulty_sections_are_all_the_errors() -> None:
    sources = [
        load_text(path.read_text(encoding="utf-8"), path.name).data
        for path in sorted(AGREEMENTS.glob("*.yaml"))
    ]
    sources.append(load_text(base_text(), "base.yaml").data)
    rng = random.Random(7)
    compared = 0
    for data in (_mutations(rng.choice(sources), rng) for _ in range(600)):
        if not isinstance(data, dict):
            continue
        everything = list(structure._validator().iter_errors(data))
        assert _described(list(structure._errors(data))) == _described(everything)
        compared += bool(everything)
    assert compared > 100


def test_a_missing_required_section_keeps_its_description() -> None:
    text = base_text().replace("\nsecurity:", "\nsecurityy:", 1)
    messages = [hit.message for _, hit in structure.check(load_text(text, "x.yaml"))]
    assert any("'security' is missing from the agreement (" in m for m in messages), messages
    assert any("unknown key 'securityy'" in m and "did you mean 'security'?" in m for m in messages), messages
