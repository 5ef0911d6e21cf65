"""Local policy packs: a partnership's own requirements, written as YAML, checked like rules.

A pack names rules with their own codes (``LOCAL001``), each applying a cerberus schema to
one section of every agreement (to each item when the section is a list). The pack file is
validated and so is each rule's cerberus schema; a problem is a :class:`PackError` naming
the file and line. Packs are data only: nothing in them is executed or fetched.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from isa_lint.check.findings import Severity
from isa_lint.check.severity import local
from isa_lint.load.document import escape_pointer_part, load_path
from isa_lint.load.schema import agreement_schema
from isa_lint.rules._rule import Context, Hit, Rule

PACK_SCHEMA: dict[str, Any] = {
    "pack": {"type": "string", "regex": r"^[a-z0-9][a-z0-9-]*$", "required": True},
    "title": {"type": "string", "empty": False, "required": True},
    "rules": {
        "type": "list",
        "required": True,
        "empty": False,
        "schema": {
            "type": "dict",
            "schema": {
                "code": {"type": "string", "regex": r"^(?!ISA)[A-Z]{2,10}\d{3}$", "required": True},
                "name": {"type": "string", "regex": r"^[a-z0-9]+(-[a-z0-9]+)*$", "required": True},
                "severity": {"type": "string", "allowed": ["error", "warning", "info"], "required": True},
                "section": {"type": "string", "required": True},
                "schema": {"type": "dict", "required": True},
                "message": {"type": "string", "empty": False, "required": True},
                "rationale": {"type": "string", "empty": False},
                "citation": {"type": "string", "empty": False, "required": True},
                "fix": {"type": "string", "empty": False, "required": True},
            },
        },
    },
}
"""The shape of a pack file."""


class PackError(Exception):
    """A policy pack that cannot be used, with its file and line (exit 2)."""


def load(paths: tuple[Path, ...]) -> tuple[Rule, ...]:
    """Load every pack; rule codes must be unique across packs."""
    rules: list[Rule] = []
    for path in paths:
        rules.extend(load_one(path))
    seen: set[str] = set()
    for rule in rules:
        if rule.code in seen:
            raise PackError(f"policy packs: the code {rule.code} is used twice")
        seen.add(rule.code)
    return tuple(rules)


def load_one(path: Path) -> list[Rule]:
    """Read, validate and compile one pack file."""
    from cerberus import SchemaError, Validator

    try:
        document = load_path(path)
    except OSError as error:
        raise PackError(f"{path}: cannot be read ({error.strerror or error})") from None
    if document.problems:
        problem = document.problems[0]
        raise PackError(f"{path}:{problem.line}:{problem.column}: {problem.message}")
    data = document.data
    checker = Validator(PACK_SCHEMA)
    if not isinstance(data, dict) or not checker.validate(data):
        detail = (
            checker.errors if isinstance(data, dict) else "a pack is a mapping with pack, title and rules"
        )
        raise PackError(f"{path}:1: not a valid policy pack: {detail}")
    sections = agreement_schema()["properties"]
    rules = []
    for index, spec in enumerate(data["rules"]):
        where = document.locate(f"/rules/{index}")
        if spec["section"] not in sections:
            raise PackError(
                f"{path}:{where[0]}: section '{spec['section']}' is not a section of an agreement"
            )
        for pointer, pattern in _patterns(spec["schema"], f"/rules/{index}/schema"):
            try:
                _compiled(pattern)
            except ValueError as error:
                line, column = document.locate(pointer, prefer_key=False)
                raise PackError(
                    f"{path}:{line}:{column}: rule {spec['code']}: the regex {pattern!r} cannot be used: {error}"
                ) from None
        try:
            validator = _validator_class()(spec["schema"], allow_unknown=True)
        except SchemaError as error:
            line = document.locate(f"/rules/{index}/schema")[0]
            raise PackError(
                f"{path}:{line}: rule {spec['code']}: the schema is not valid cerberus: {error}"
            ) from None
        rules.append(_compile(spec, validator, data["title"]))
    return rules


def _patterns(schema: Any, pointer: str) -> Iterator[tuple[str, str]]:
    """Every ``regex`` in a rule's cerberus schema, with its JSON Pointer in the pack."""
    if isinstance(schema, dict):
        for key, value in schema.items():
            child = f"{pointer}/{escape_pointer_part(key)}"
            if key == "regex" and isinstance(value, str):
                yield child, value
            else:
                yield from _patterns(value, child)
    elif isinstance(schema, list):
        for index, value in enumerate(schema):
            yield from _patterns(value, f"{pointer}/{index}")


@functools.cache
def _compiled(pattern: str) -> Any:
    """A pack's regex compiled by RE2, which matches in time linear in the text.

    Python's ``re`` backtracks: ``^(a+)+$`` against thirty ``a`` and a ``!`` takes minutes,
    so a pack (written by anyone in a partnership) could stop every CI run. RE2 has no
    backreferences or lookaround; a pattern that needs them is refused (ValueError), with
    RE2's reason. As cerberus does, the pattern must match the whole value.
    """
    import re2

    options = re2.Options()
    options.log_errors = False
    try:
        return re2.compile(pattern if pattern.endswith("$") else f"{pattern}$", options=options)
    except re2.error as error:
        reason = error.args[0] if error.args else error
        raise ValueError(
            reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)
        ) from None


@functools.cache
def _validator_class() -> Any:
    """Cerberus's validator with its ``regex`` rule run by RE2 (:func:`_compiled`)."""
    from cerberus import Validator, errors

    class PackValidator(Validator):  # type: ignore[misc]
        def _validate_regex(self, pattern: str, field: str, value: Any) -> None:
            """{'type': 'string'}"""
            if isinstance(value, str) and not _compiled(pattern).match(value):
                self._error(field, errors.REGEX_MISMATCH)

    return PackValidator


def _compile(spec: dict[str, Any], validator: Any, title: str) -> Rule:
    section = spec["section"]

    def check(context: Context) -> Iterator[Hit]:
        value = context.data.get(section)
        if value is None:
            return
        targets = context.items(f"/{section}", value) if isinstance(value, list) else [(f"/{section}", value)]
        for pointer, item in targets:
            if not isinstance(item, dict):
                continue
            if validator.validate(item):
                continue
            for error in _leaf_errors(validator.document_error_tree):
                path = "".join(f"/{escape_pointer_part(part)}" for part in error.document_path)
                yield Hit(f"{pointer}{path}", f"{spec['message']} ({_describe(error)})")

    return Rule(
        code=spec["code"],
        name=spec["name"],
        family=f"policy pack: {title}",
        basis=local(Severity.parse(spec["severity"]), title),
        summary=spec["message"],
        rationale=spec.get("rationale", spec["message"]),
        citation=spec["citation"],
        fix=spec["fix"],
        check=check,
    )


def _leaf_errors(node: Any) -> Iterator[Any]:
    """Cerberus's specific errors (not the group errors that only say "see below"), in order."""
    yield from (error for error in node.errors if not error.is_group_error)
    for key in sorted(node.descendants, key=str):
        yield from _leaf_errors(node.descendants[key])


def _describe(error: Any) -> str:
    """One cerberus error in plain words."""
    field = ".".join(str(p) for p in error.document_path) or "the section"
    constraint = error.constraint
    rule = error.rule
    if rule == "required":
        return f"{field} is required"
    if rule in ("max", "min"):
        return f"{field} is {error.value}; {'at most' if rule == 'max' else 'at least'} {constraint} allowed"
    if rule == "allowed":
        return f"{field} is {error.value}; allowed: {', '.join(map(str, constraint))}"
    return f"{field} does not meet '{rule}' ({constraint})"
