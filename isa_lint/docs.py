"""Rule documentation rendered from the rules themselves: the ``rules`` table and ``explain``.

Both read the rule's own fields and its example files, so the documentation cannot drift
from what the rule does.
"""

from __future__ import annotations

import json

from isa_lint import examples
from isa_lint.rules import RULES
from isa_lint.rules._rule import Rule


def rules_table() -> str:
    """A plain table of every rule, one per line."""
    width = max(len(r.name) for r in RULES)
    lines = [f"{'CODE':<7} {'NAME':<{width}} {'SEVERITY':<8} SUMMARY"]
    lines += [f"{r.code:<7} {r.name:<{width}} {r.severity!s:<8} {r.summary}" for r in RULES]
    return "\n".join(lines) + "\n"


def rule_dict(rule: Rule) -> dict[str, str]:
    """A rule's documentation as plain data (used by JSON and SARIF output)."""
    return {
        "code": rule.code,
        "name": rule.name,
        "family": rule.family,
        "severity": str(rule.severity),
        "summary": rule.summary,
        "rationale": rule.rationale,
        "citation": rule.citation,
        "fix": rule.fix,
    }


def rules_json() -> str:
    return json.dumps([rule_dict(r) for r in RULES], indent=2, ensure_ascii=False) + "\n"


def example_variant(rule: Rule, kind: str) -> str | None:
    """The example variant text for a rule ('fail' or 'pass'), without its directive lines."""
    path = examples.variant_path(rule.code, kind)
    if not path.exists():
        return None
    lines = path.read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.startswith("# fixture:")).strip("\n")


def _in_wales(rule: Rule) -> list[str]:
    """The citation a Wales-only agreement's findings carry, where it differs (England-only guidance)."""
    from isa_lint.rules._rule import nation_citation

    welsh = nation_citation(rule.citation, frozenset({"wales"}))
    return [f"  In Wales: {welsh}"] if welsh else []


def explain_rule(rule: Rule) -> str:
    """The rule's page: what, why, the law, how to fix, and a failing and a passing example."""
    parts = [
        f"{rule.code} {rule.name} ({rule.severity})",
        "",
        "What it checks",
        f"  {rule.summary}",
        "",
        "Why it matters",
        f"  {rule.rationale}",
        "",
        "The law",
        f"  {rule.citation}",
        *_in_wales(rule),
        "",
        "How to fix",
        f"  {rule.fix}",
    ]
    for kind, heading in (("fail", "Fails (only the changed sections are shown)"), ("pass", "Passes")):
        variant = example_variant(rule, kind)
        if variant:
            parts += ["", heading, *(f"  {line}" for line in variant.splitlines())]
    return "\n".join(parts) + "\n"
