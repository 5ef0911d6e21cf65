"""The rule registry: codes and names unique and permanent in form, every rule documented."""

from __future__ import annotations

import re

from isa_lint.rules import BY_CODE, RULES, lookup


def test_codes_and_names_unique_and_well_formed() -> None:
    assert len({r.code for r in RULES}) == len(RULES)
    assert len({r.name for r in RULES}) == len(RULES)
    for rule in RULES:
        assert re.fullmatch(r"ISA\d{3}", rule.code), rule.code
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name), rule.name


def test_every_rule_is_documented() -> None:
    for rule in RULES:
        for field in ("summary", "rationale", "citation", "fix"):
            assert len(getattr(rule, field)) > 15, (rule.code, field)


def test_families_share_a_hundreds_digit() -> None:
    """Each family's codes share a hundreds digit; two families may share one (ISA2xx and ISA25x)."""
    digits: dict[str, set[str]] = {}
    for rule in RULES:
        digits.setdefault(rule.family, set()).add(rule.code[3])
    assert all(len(d) == 1 for d in digits.values()), digits


def test_lookup_by_code_or_name() -> None:
    assert lookup("isa002") is BY_CODE["ISA002"]
    assert lookup("duplicate-key") is BY_CODE["ISA002"]
    assert lookup("ISA999") is None
