"""Quick fixes: text edits for findings whose repair is mechanical.

Each fix works from what the finding says (code, pointer, line, fix text) and the text as the
editor holds it, and returns the edits for the server to send; it never guesses at the law:

* ISA402 (no Art 9 condition): add ``art9`` to the lawful basis entry the finding names, with
  the condition the rule's own fix text suggests (the one that matches a Sch 1 condition
  already in the entry is offered first);
* a finding whose fix reads ``Replace 'OLD' with 'NEW'`` (a retired kind of body and its
  successor, for one): make that replacement at the finding's value;
* any finding a line can silence: add ``# isa-lint: ignore[CODE] <reason>`` to its line, with a
  placeholder reason the author must replace (a suppression needs one; README).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from isa_lint.load.files import FATAL_LOAD_CODES
from isa_lint.server.positions import Span, split_lines, token_end

REASON_PLACEHOLDER = "REASON: say why this finding does not apply"
REPLACE = re.compile(r"Replace '(?P<old>[^']+)' with '(?P<new>[^']+)'")
"""The form of a finding's fix text that makes a replacement mechanical."""
ART9_CHOICES = (
    ("substantial_public_interest", "p18_safeguarding"),
    ("health_social_care", "p2_health_social_care"),
)
"""The conditions ISA402's fix suggests, each with the Sch 1 condition that goes with it."""


class Edit(NamedTuple):
    """Replace ``span`` (0-based, code points; an empty span inserts) with ``text``."""

    span: Span
    text: str


class Fix(NamedTuple):
    """One quick fix: its title, its edits, and whether it is the one to offer first."""

    title: str
    edits: list[Edit]
    preferred: bool = False


class Target(NamedTuple):
    """What a quick fix needs to know of a finding (kept in its diagnostic's ``data``)."""

    code: str
    line: int
    column: int
    pointer: str
    fix: str
    suppressible: bool


def fixes_for(text: str, target: Target) -> list[Fix]:
    """Every quick fix for the finding ``target`` in ``text``."""
    found = [*_add_art9(text, target), *_replace(text, target)]
    if target.suppressible:
        found.extend(_suppress(text, target))
    return found


def suppressible(code: str, run_level: bool) -> bool:
    """Whether a finding can be silenced on its line (README: Inline suppressions)."""
    return not (run_level or code in FATAL_LOAD_CODES or code.startswith("ISA02"))


def _add_art9(text: str, target: Target) -> list[Fix]:
    if target.code != "ISA402":
        return []
    from isa_lint.load.document import load_text

    document = load_text(text, "")
    entry = _at(document.data, target.pointer)
    regime = document.keys.get(f"{target.pointer}/regime")
    if not isinstance(entry, dict) or "art9" in entry or regime is None:
        return []
    if document.values.get(f"{target.pointer}/regime", (0, 0))[0] != regime[0]:
        return []  # the regime's value is not on its key's line: no safe place to add a line
    lines = split_lines(text)
    indent = regime[1] - 1
    if lines[regime[0] - 1][:indent].strip(" -"):
        return []  # a flow mapping ({regime: uk_gdpr, ...}): left to the author
    given = entry.get("sch1")
    sch1: list[object] = given if isinstance(given, list) else []
    fixes = []
    for condition, with_sch1 in ART9_CHOICES:
        span = Span(regime[0], 0, 0)
        line = f"{' ' * indent}art9: [{condition}]\n"
        if regime[0] >= len(lines):
            span, line = Span(regime[0] - 1, len(lines[-1]), len(lines[-1])), "\n" + line.rstrip("\n")
        fixes.append(
            Fix(f"Add 'art9: [{condition}]' to this lawful basis", [Edit(span, line)], with_sch1 in sch1)
        )
    return fixes


def _replace(text: str, target: Target) -> list[Fix]:
    match = REPLACE.search(target.fix)
    lines = split_lines(text)
    if match is None or not 0 < target.line <= len(lines):
        return []
    row, start = target.line - 1, target.column - 1
    end = token_end(lines[row], start)
    written = lines[row][start:end].strip("\"'")
    if written != match["old"]:
        return []
    return [
        Fix(
            f"Replace '{match['old']}' with '{match['new']}'",
            [Edit(Span(row, start, end), match["new"])],
            True,
        )
    ]


def _suppress(text: str, target: Target) -> list[Fix]:
    lines = split_lines(text)
    if not 0 < target.line <= len(lines):
        return []
    row = target.line - 1
    line = lines[row]
    existing = re.search(r"#\s*isa-lint\s*:\s*ignore\[(?P<rules>[^\]]*)\]", line)
    if existing is not None:
        rules = existing["rules"].strip()
        edit = Edit(Span(row, existing.start("rules"), existing.end("rules")), f"{rules}, {target.code}")
    else:
        end = len(line.rstrip())
        edit = Edit(Span(row, end, len(line)), f"  # isa-lint: ignore[{target.code}] {REASON_PLACEHOLDER}")
    return [Fix(f"Silence {target.code} on this line (give the reason)", [edit])]


def _at(data: object, pointer: str) -> object:
    current = data
    for part in pointer.split("/")[1:] if pointer else []:
        key = part.replace("~1", "/").replace("~0", "~")
        if isinstance(current, list) and key.isdigit() and int(key) < len(current):
            current = current[int(key)]
        elif isinstance(current, dict):
            current = current.get(key)
        else:
            return None
    return current
