"""Rule documentation rendered from the rules themselves: the ``rules`` table and ``explain``.

Both read the rule's own fields and its example files, so the documentation cannot drift
from what the rule does.
"""

from __future__ import annotations

import json

from isa_lint import examples
from isa_lint.rules import RULES
from isa_lint.rules._rule import Rule
from isa_lint.severity import Source


def rules_table() -> str:
    """A plain table of every rule, one per line."""
    width = max(len(r.name) for r in RULES)
    lines = [f"{'CODE':<7} {'NAME':<{width}} {'SEVERITY':<8} {'BASIS':<9} SUMMARY"]
    lines += [
        f"{r.code:<7} {r.name:<{width}} {r.severity!s:<8} {r.basis.source!s:<9} {r.summary}" for r in RULES
    ]
    return "\n".join(lines) + "\n"


def rule_dict(rule: Rule) -> dict[str, str]:
    """A rule's documentation as plain data (used by JSON and SARIF output)."""
    return {
        "code": rule.code,
        "name": rule.name,
        "family": rule.family,
        "severity": str(rule.severity),
        "basis": str(rule.basis.source),
        "basis_reason": rule.basis.reason,
        "summary": rule.summary,
        "rationale": rule.rationale,
        "citation": rule.citation,
        "fix": rule.fix,
    }


def severity_reason(rule: Rule) -> str:
    """Why the rule has its severity: the kind of source it rests on, and the rule's own reason."""
    return f"It rests on {SOURCE_WORDS[rule.basis.source]}. {rule.basis.reason}"


SOURCE_WORDS = {
    Source.STATUTE: "statute or UK GDPR (an error)",
    Source.INTEGRITY: "the agreement as a record: the file cannot be checked or says something false about itself (an error)",
    Source.GUIDANCE: "statutory guidance or the ICO's statutory code (a warning)",
    Source.CLERICAL: "a clerical fault (a warning)",
    Source.PRACTICE: "good practice (info)",
    Source.CHECK: "something the reader should check (info)",
    Source.LOCAL: "the partnership's own policy pack, which sets its severity",
}
"""How each kind of source is described on a rule's page (docs/severity.md gives the policy)."""


def rules_json() -> str:
    return json.dumps([rule_dict(r) for r in RULES], indent=2, ensure_ascii=False) + "\n"


def example_variant(rule: Rule, kind: str) -> str | None:
    """The example variant text for a rule ('fail' or 'pass'), without its directive lines."""
    path = examples.variant_path(rule.code, kind)
    if not path.exists():
        return None
    lines = path.read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.startswith("# fixture:")).strip("\n")


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
        "",
        "Why it is a" + ("n " if str(rule.severity)[0] in "aeiou" else " ") + str(rule.severity),
        f"  {severity_reason(rule)}",
        "",
        "How to fix",
        f"  {rule.fix}",
    ]
    for kind, heading in (("fail", "Fails (only the changed sections are shown)"), ("pass", "Passes")):
        variant = example_variant(rule, kind)
        if variant:
            parts += ["", heading, *(f"  {line}" for line in variant.splitlines())]
    return "\n".join(parts) + "\n"
