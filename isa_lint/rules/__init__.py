"""The registry: every rule, in a fixed order, looked up by code or by name.

One explicit list of family modules (no plugin discovery for built-ins). Each family module
declares its rules at module level with :func:`isa_lint.rules._rule.rule`.
"""

from __future__ import annotations

from types import ModuleType

from isa_lint.rules import (
    across_files,
    data_retention,
    duties,
    file_format,
    history,
    lawful_bases,
    parties,
    personal_data,
    references,
    required,
    review,
    rights,
    security,
)
from isa_lint.rules._rule import Rule

FAMILIES: tuple[ModuleType, ...] = (
    file_format,
    required,
    references,
    across_files,
    data_retention,
    lawful_bases,
    duties,
    parties,
    rights,
    security,
    review,
    history,
    personal_data,
)


def _declared(module: ModuleType) -> list[Rule]:
    """A family's rules in the order they are written."""
    listed = getattr(module, "RULES", None)
    if isinstance(listed, list):
        return listed
    return [value for value in vars(module).values() if isinstance(value, Rule)]


RUN_LEVEL_FAMILIES = frozenset(
    module.__name__.rsplit(".", 1)[-1] for module in FAMILIES if getattr(module, "RUN_LEVEL", False)
)
"""Families whose rules compare files with each other or with Git, not one file alone."""

RULES: tuple[Rule, ...] = tuple(sorted((r for m in FAMILIES for r in _declared(m)), key=lambda r: r.code))
BY_CODE: dict[str, Rule] = {r.code: r for r in RULES}
BY_NAME: dict[str, Rule] = {r.name: r for r in RULES}


def lookup(code_or_name: str) -> Rule | None:
    """Find a rule by its code (ISA401, any case) or its name (art6-basis-missing)."""
    key = code_or_name.strip()
    return BY_CODE.get(key.upper()) or BY_NAME.get(key.lower())
