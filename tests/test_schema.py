"""The published JSON Schema: valid Draft 2020-12, documented, closed, and in sync."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML

from isa_lint import catalogues
from isa_lint.load.schema import SCHEMA_FILE, agreement_schema, schema_text

from .conftest import AGREEMENTS, ROOT, lint_text

PUBLISHED = ROOT / "schemas" / SCHEMA_FILE


def _objects(schema: dict[str, Any], where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if schema.get("type") == "object":
        yield where, schema
        for name, child in schema["properties"].items():
            yield from _objects(child, f"{where}/{name}")
    if schema.get("type") == "array":
        yield from _objects(schema["items"], f"{where}/*")


def test_published_copy_matches_generated() -> None:
    assert PUBLISHED.read_text(encoding="utf-8") == schema_text(), (
        "run: isa-lint schema > schemas/" + SCHEMA_FILE
    )


def test_schema_is_valid_draft_2020_12() -> None:
    Draft202012Validator.check_schema(agreement_schema())
    assert agreement_schema()["$id"]


def test_every_property_documented_and_every_object_closed() -> None:
    for where, obj in _objects(agreement_schema()):
        assert obj["additionalProperties"] is False, where
        for name, child in obj["properties"].items():
            assert child.get("title") and child.get("description"), f"{where}/{name}"


def test_catalogue_enums_in_sync() -> None:
    kinds = agreement_schema()["properties"]["parties"]["items"]["properties"]["kind"]["enum"]
    assert kinds == catalogues.ids("body_kinds")
    basis = agreement_schema()["properties"]["purposes"]["items"]["properties"]["lawful_bases"]["items"]
    assert basis["properties"]["sch1"]["items"]["enum"] == catalogues.ids("dpa2018_sch1")


def _agreements() -> list[Path]:
    return sorted(AGREEMENTS.glob("*.yaml"))


@pytest.mark.parametrize("path", _agreements(), ids=lambda p: p.name)
def test_schema_accepts_shipped_agreement(path: Path) -> None:
    data = json.loads(json.dumps(YAML(typ="safe").load(path), default=str))
    errors = list(Draft202012Validator(agreement_schema()).iter_errors(data))
    assert errors == []


def test_shipped_agreements_point_editors_at_the_schema() -> None:
    for path in _agreements():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../schemas/{SCHEMA_FILE}", path.name


def test_misspelt_key_is_reported_with_a_suggestion() -> None:
    from isa_lint.examples import base_text

    text = base_text().replace("signatories:", "signatorys:")
    findings = {(f.code, f.message) for f in lint_text(text)}
    assert ("ISA011", "unknown key 'signatorys' in the agreement; did you mean 'signatories'?") in findings
    assert any(code == "ISA010" and "'signatories' is missing" in message for code, message in findings)
