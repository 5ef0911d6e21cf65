"""A fast yes-or-no answer to "does jsonschema find any error in this agreement?".

Most agreements in a register have the right shape, and jsonschema takes many times
longer to walk each one (and to import) to say so (docs/performance.md, "Second paths and
why they stay"). :func:`compile_schema` turns the agreement schema into nested Python
closures once per process; they stop at the first problem. Only when they say "invalid" does
:mod:`isa_lint.load.structure` run jsonschema, which then finds and explains every error. So the
findings are jsonschema's, always; this module only decides when jsonschema has nothing to
say.

The closures implement exactly the keywords the schema uses, with jsonschema's Draft
2020-12 meaning (booleans are not integers, ``pattern`` is ``re.search``, ``enum`` and
``const`` compare as jsonschema's ``equal`` does, ``format: date`` as its format checker
does). A schema holding any other keyword is not compiled at all (:func:`compile_schema`
returns None) and every document goes to jsonschema. ``tests/test_parallel.py`` checks the
two agree on thousands of mutated agreements.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

Predicate = Callable[[Any], bool]

ANNOTATIONS = frozenset(
    {"title", "description", "markdownEnumDescriptions", "$schema", "$id", "$comment", "default", "examples"}
)
"""Keywords that never make a document invalid."""

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


class Unsupported(Exception):
    """The schema uses something this module does not implement; use jsonschema alone."""


def _is_type(name: str) -> Predicate:
    checks: dict[str, Predicate] = {
        "object": lambda v: isinstance(v, dict),
        "array": lambda v: isinstance(v, list),
        "string": lambda v: isinstance(v, str),
        "boolean": lambda v: isinstance(v, bool),
        "null": lambda v: v is None,
        "integer": lambda v: (
            not isinstance(v, bool) and (isinstance(v, int) or (isinstance(v, float) and v.is_integer()))
        ),
        "number": lambda v: not isinstance(v, bool) and isinstance(v, (int, float)),
    }
    if name not in checks:
        raise Unsupported(f"type {name!r}")
    return checks[name]


def _is_date(value: Any) -> bool:
    if not isinstance(value, str):
        return True
    if not _DATE.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _const(expected: Any) -> Predicate:
    if isinstance(expected, str):
        return lambda v: isinstance(v, str) and v == expected
    if isinstance(expected, int) and not isinstance(expected, bool):
        return lambda v: not isinstance(v, bool) and isinstance(v, (int, float)) and v == expected
    raise Unsupported(f"const {expected!r}")


def compile_schema(schema: Any) -> Predicate | None:
    """A predicate true exactly when jsonschema (Draft 2020-12, date format) finds no error."""
    try:
        return _compile(schema)
    except Unsupported:
        return None


def _compile(schema: Any) -> Predicate:
    if schema is True:
        return lambda v: True
    if schema is False:
        return lambda v: False
    if not isinstance(schema, dict):
        raise Unsupported(repr(schema))
    unknown = set(schema) - ANNOTATIONS - _KNOWN
    if unknown:
        raise Unsupported(", ".join(sorted(unknown)))
    if "patternProperties" in schema:
        raise Unsupported("patternProperties")
    checks: list[Predicate] = []
    declared = schema.get("type", [])
    names = [declared] if isinstance(declared, str) else list(declared)
    tests = [_is_type(name) for name in names]
    shapes = [(kind, build) for kind, keywords, build in _SHAPES if keywords & set(schema)]
    if len(shapes) == 1 and names == [shapes[0][0]]:
        checks.append(shapes[0][1](schema, True))  # one call a value, not three: the type test folded in
    else:
        if tests:
            checks.append(tests[0] if len(tests) == 1 else lambda v: any(test(v) for test in tests))
        checks.extend(build(schema, False) for _, build in shapes)
    if "const" in schema:
        checks.append(_const(schema["const"]))
    if "minimum" in schema:
        low = schema["minimum"]
        checks.append(lambda v: isinstance(v, bool) or not isinstance(v, (int, float)) or v >= low)
    if not checks:
        return lambda v: True
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda v: first(v) and second(v)
    return lambda v: all(check(v) for check in checks)


_KNOWN = frozenset(
    {
        "type",
        "properties",
        "required",
        "additionalProperties",
        "items",
        "minItems",
        "enum",
        "const",
        "pattern",
        "format",
        "minimum",
    }
)


def _object(schema: dict[str, Any], typed: bool) -> Predicate:
    """The object keywords' test; ``typed``: a value that is not a mapping fails (``type: object``)."""
    children = {name: _compile(sub) for name, sub in schema.get("properties", {}).items()}
    required = tuple(schema.get("required", ()))
    extra = schema.get("additionalProperties", True)
    extra_test = None if extra is True else _compile(extra)

    def test(v: Any) -> bool:
        if not isinstance(v, dict):
            return not typed
        for name in required:
            if name not in v:
                return False
        for key, item in v.items():
            child = children.get(key)
            if child is not None:
                if not child(item):
                    return False
            elif extra_test is not None and not extra_test(item):
                return False
        return True

    return test


def _array(schema: dict[str, Any], typed: bool) -> Predicate:
    """The array keywords' test; ``typed``: a value that is not a list fails (``type: array``)."""
    each = _compile(schema["items"]) if "items" in schema else None
    least = schema.get("minItems", 0)

    def test(v: Any) -> bool:
        if not isinstance(v, list):
            return not typed
        if len(v) < least:
            return False
        if each is not None:
            for item in v:
                if not each(item):
                    return False
        return True

    return test


def _string(schema: dict[str, Any], typed: bool) -> Predicate:
    """The string keywords' test; ``typed``: a value that is not text fails (``type: string``)."""
    pattern = re.compile(schema["pattern"]) if "pattern" in schema else None
    options: frozenset[str] | None = None
    if "enum" in schema:
        if not all(isinstance(option, str) for option in schema["enum"]):
            raise Unsupported("enum of non-strings")
        options = frozenset(schema["enum"])
    date = schema.get("format") == "date"  # other formats are not asserted (see structure.py)

    def test(v: Any) -> bool:
        if not isinstance(v, str):
            return options is None and not typed  # jsonschema's enum never equals a non-string to a string
        if options is not None and v not in options:
            return False
        if pattern is not None and pattern.search(v) is None:
            return False
        return not date or _is_date(v)

    return test


_SHAPES: tuple[tuple[str, frozenset[str], Callable[[dict[str, Any], bool], Predicate]], ...] = (
    ("object", frozenset({"properties", "required", "additionalProperties"}), _object),
    ("array", frozenset({"items", "minItems"}), _array),
    ("string", frozenset({"pattern", "enum", "format"}), _string),
)
"""The keywords that apply to one type of value, the type, and the builder of their test."""
