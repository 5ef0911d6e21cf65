"""Check an agreement's shape against the JSON Schema and say what is wrong in plain words.

jsonschema finds the errors; this module translates each into a finding (ISA008, ISA010 to
ISA013) that names the section, what belongs there and the nearest correct spelling,
instead of jsonschema's raw text. The validator is built once per process, and only when a
document needs it: :mod:`isa_lint.load.fastschema` first says whether jsonschema would find
anything at all, so valid agreements never import jsonschema.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, cast

from isa_lint.load.document import Document, escape_pointer_part
from isa_lint.load.fastschema import Predicate, compile_schema
from isa_lint.load.schema import HINTS, SCHEMA_VERSION, agreement_schema
from isa_lint.load.suggest import close_matches
from isa_lint.rules._rule import Hit

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

Coded = tuple[str, Hit]

_TYPE_WORDS = {
    "object": "a mapping of keys and values",
    "array": "a list (lines starting with '- ')",
    "string": "text",
    "integer": "a whole number",
    "boolean": "true or false",
    "number": "a number",
    "null": "empty",
}


@functools.cache
def _validator() -> Draft202012Validator:
    from jsonschema import Draft202012Validator, FormatChecker

    return Draft202012Validator(agreement_schema(), format_checker=FormatChecker(formats=["date"]))


@functools.cache
def _valid() -> Predicate | None:
    """True when jsonschema would find nothing (None: always ask jsonschema)."""
    return compile_schema(agreement_schema())


def describe_type(value: Any) -> str:
    """Name a loaded value's type the way the format's users would."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


_last: list[tuple[Document, list[Coded]]] = []
"""The last document checked and its result: the engine and ISA102 both ask for it."""


def check(document: Document) -> Iterator[Coded]:
    """Yield (code, hit) for the shape problems of a loaded agreement (worked out once)."""
    if not _last or _last[0][0] is not document:
        _last[:] = [(document, list(_check(document)))]
    return iter(_last[0][1])


def _check(document: Document) -> Iterator[Coded]:
    data = document.data
    if data is None:
        yield "ISA010", Hit("", "the file is empty: an agreement starts with 'schema_version: 1'")
        return
    if not isinstance(data, dict):
        message = f"the file holds {describe_type(data)}; an agreement is a mapping of sections starting with schema_version"
        yield "ISA012", Hit("", message, at_key=False)
        return
    version = data.get("schema_version")
    if "schema_version" in data and version != SCHEMA_VERSION:
        message = f"schema_version is {version!r}; this isa-lint knows version {SCHEMA_VERSION} only"
        yield "ISA008", Hit("/schema_version", message, at_key=False)
        return
    valid = _valid()
    if valid is not None and valid(data):
        return
    for error in _errors(data):
        yield from _translate(error, data)


@functools.cache
def _section_checks() -> dict[str, Predicate] | None:
    """:func:`_valid` for each top-level section on its own (None: ask jsonschema about all)."""
    checks = {name: compile_schema(sub) for name, sub in agreement_schema()["properties"].items()}
    return None if any(check is None for check in checks.values()) else cast("dict[str, Predicate]", checks)


def _errors(data: dict[str, Any]) -> Iterator[ValidationError]:
    """jsonschema's errors in an invalid agreement, looking only into the sections that have any.

    Walking a whole agreement is slow for jsonschema (docs/performance.md), and a gap is
    usually in one section. A section the fast check finds valid, and so jsonschema too, is checked against
    ``true`` instead of its schema; the top level (required and unknown sections) is checked
    as written. Findings are sorted afterwards, so the order errors come in does not matter.
    """
    checks = _section_checks()
    validator = _validator()
    if checks is not None:
        schema = agreement_schema()
        properties = {
            name: True if name in data and checks[name](data[name]) else sub
            for name, sub in schema["properties"].items()
        }
        validator = validator.evolve(schema={**schema, "properties": properties})
    yield from validator.iter_errors(data)


def _pointer(path: Any) -> str:
    return "".join(f"/{escape_pointer_part(part)}" for part in path)


ITEM_NAMES = {
    "parties": "party",
    "purposes": "purpose",
    "data": "data category",
    "lawful_bases": "lawful basis",
    "signatories": "signatory",
    "retention": "retention entry",
    "changelog": "changelog entry",
    "records": "record",
    "methods": "sharing method",
    "response_times": "response time",
    "standards": "security standard",
}
"""What one entry of each list is called, so a place reads "purpose 'mash-triage'", not "'0'"."""

_ITEM_LABELS = ("id", "party", "data", "version", "method", "standard", "level")
"""The field that names an entry, in the order they are tried."""


def where(data: Any, path: Iterable[Any]) -> str:
    """A place in an agreement as a person would name it.

    List entries are named by their id (or party, data, version...) when they have one, and
    by their position counting from 1 otherwise; keys under a key are joined with dots:
    ``purpose 'mash-triage', lawful basis 2``, ``party 'council', 'dpo'``, ``'review.owner'``.
    """
    parts: list[str] = []
    keys: list[str] = []
    node = data
    for step in path:
        if isinstance(step, int) and isinstance(node, list):
            item = node[step] if 0 <= step < len(node) else None
            owner = keys[-1] if keys else ""
            name = ITEM_NAMES.get(owner)
            label = next(
                (
                    item[k]
                    for k in _ITEM_LABELS
                    if isinstance(item, dict) and isinstance(item.get(k), str) and item[k]
                ),
                None,
            )
            if name is None:
                parts.append(f"'{'.'.join(keys)}' entry {step + 1}" if keys else f"entry {step + 1}")
            else:
                if keys[:-1]:
                    parts.append(f"'{'.'.join(keys[:-1])}'")
                parts.append(f"{name} '{label}'" if label else f"{name} {step + 1}")
            keys = []
            node = item
        else:
            keys.append(str(step))
            node = node.get(step) if isinstance(node, dict) else None
    if keys:
        parts.append(f"'{'.'.join(keys)}'")
    return ", ".join(parts) if parts else "the agreement"


def _translate(error: ValidationError, data: Any) -> Iterator[Coded]:
    pointer = _pointer(error.absolute_path)
    here = where(data, error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    kind = error.validator
    if kind == "required":
        properties = schema.get("properties", {})
        for name in error.validator_value:
            if isinstance(error.instance, dict) and name not in error.instance:
                about = properties.get(name, {}).get("description", "")
                detail = f" ({about[0].lower()}{about[1:].rstrip('.')})" if about else ""
                yield "ISA010", Hit(pointer, f"'{name}' is missing from {here}{detail}")
    elif kind == "additionalProperties":
        known = list(schema.get("properties", {}))
        for name in sorted(set(error.instance) - set(known)):
            nearest = close_matches(name, known, n=1)
            hint = f"; did you mean '{nearest[0]}'?" if nearest else f"; {here} holds: {', '.join(known)}"
            yield (
                "ISA011",
                Hit(
                    f"{pointer}/{escape_pointer_part(name)}",
                    f"unknown key '{name}' in {here}{hint}",
                ),
            )
    elif kind == "type":
        wanted = _TYPE_WORDS.get(str(error.validator_value), str(error.validator_value))
        got = describe_type(error.instance)
        extra = (
            " (yes/no/on/off are read as text here)" if wanted == "true or false" and got == "text" else ""
        )
        yield "ISA012", Hit(pointer, f"{here} should be {wanted}, not {got}{extra}", at_key=False)
    elif kind == "minItems":
        yield "ISA010", Hit(pointer, f"{here} is empty; it needs at least one entry")
    elif kind in ("enum", "const"):
        retired = _retired(pointer, error.instance)
        yield retired or ("ISA013", Hit(pointer, _not_allowed(here, error), at_key=False))
    elif kind == "pattern":
        hint = HINTS.get(str(error.validator_value), f"text matching {error.validator_value}")
        yield (
            "ISA013",
            Hit(pointer, f"{here} is '{error.instance}', but should be {hint}", at_key=False),
        )
    elif kind == "format":
        yield (
            "ISA013",
            Hit(pointer, f"{here} is '{error.instance}', which is not a real date", at_key=False),
        )
    elif kind == "minimum":
        yield (
            "ISA013",
            Hit(pointer, f"{here} must be {error.validator_value} or more", at_key=False),
        )
    else:  # pragma: no cover - the schema uses no other keywords
        yield "ISA013", Hit(pointer, f"{here}: {error.message}", at_key=False)


_PARTY_KIND = re.compile(r"^/parties/\d+/kind$")


def _retired(pointer: str, value: Any) -> Coded | None:
    """ISA019 for a party whose kind is a body that no longer exists, naming its successor."""
    if not isinstance(value, str) or not _PARTY_KIND.match(pointer):
        return None
    from isa_lint import catalogues

    found = catalogues.retired_kind(value)
    if found is None:
        return None
    ended = catalogues.commencement(found["commencement"]).end
    when = f" on {ended.day} {ended.strftime('%B %Y')}" if ended else ""
    kinds = found["successor_kinds"]
    write = (
        f"Write 'kind: {kinds[0]}'"
        if len(kinds) == 1
        else "Name each successor as a party, with kind " + ", ".join(f"'{k}'" for k in kinds)
    )
    message = (
        f"'kind' is '{value}', but {found['title']} no longer exists: it ended{when} "
        f"({found['citation']}); its work passed to {found['successor']}"
    )
    fix = f"{write}, and give the successor body's own name, ICO registration and contacts."
    return "ISA019", Hit(pointer, message, fix, at_key=False, citation=found["citation"])


def _not_allowed(here: str, error: ValidationError) -> str:
    """The value and what to write instead: every allowed value when there are few, else the nearest."""
    allowed = [
        str(v) for v in (error.validator_value if error.validator == "enum" else [error.validator_value])
    ]
    value = str(error.instance)
    if len(allowed) <= 8:
        best = close_matches(value, allowed, n=1, cutoff=0.5)
        options = ", ".join(allowed)
        if best:
            return f"{here} is '{value}'; did you mean '{best[0]}'? Use one of: {options}"
        return f"{here} is '{value}'; use one of: {options}"
    close = close_matches(value, allowed, n=3, cutoff=0.5)
    mean = f"; did you mean {' or '.join(repr(n) for n in close)}?" if close else ""
    if not close:
        nearest = close_matches(value, allowed, n=3, cutoff=0.0)
        mean = f"; the nearest values are {', '.join(repr(n) for n in nearest)}" if nearest else ""
    return f"{here} is '{value}', which is not in the catalogue{mean} ('isa-lint schema' lists every value)"
