"""Rule examples: a lint-clean base agreement and, per rule, a failing and a passing variant.

Each variant in ``examples/rules/<CODE>.fail.yaml`` / ``.pass.yaml`` holds only the
top-level sections it changes; :func:`build` splices them into ``base.yaml`` in place of the
base's sections, so every example is a whole, realistic agreement. The same files are the
rule tests (``tests/test_rule_examples.py``) and the examples ``isa-lint explain`` prints,
so documentation and behaviour cannot drift apart.

Comment lines at the top of a variant are directives:

* ``# fixture: remove SECTION`` deletes a top-level section of the base;
* ``# fixture: append`` adds the variant's text after the base instead of splicing;
* ``# fixture: whole-file`` uses the variant's text as the entire file;
* ``# fixture: today YYYY-MM-DD`` fixes "today" (default :data:`DEFAULT_TODAY`);
* ``# expect-at KEY: CODE`` expects CODE at the line of top-level KEY in the result.

A trailing ``# expect: CODE[, CODE]`` comment on a line expects those findings on it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).parent
RULES_DIR = HERE / "rules"
DEFAULT_TODAY = dt.date(2026, 6, 1)
BASE_ID = "example-referrals"

_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*|\"[^\"]*\"|'[^']*')\s*:")
_EXPECT = re.compile(r"#\s*expect:\s*([A-Z0-9, ]+)\s*$")
_EXPECT_AT = re.compile(r"^#\s*expect-at\s+([\w-]+):\s*([A-Z0-9, ]+)\s*$")
_DIRECTIVE = re.compile(r"^#\s*fixture:\s*(\S+)\s*(.*?)\s*$")


@dataclass
class Example:
    """A whole agreement text built from a variant, and the findings it must give."""

    code: str
    kind: str
    variant: str
    text: str
    today: dt.date = DEFAULT_TODAY
    expected: set[tuple[str, int]] = field(default_factory=set)

    @property
    def path(self) -> str:
        """The file name the example is linted under (named after the base's id)."""
        return f"{BASE_ID}.yaml"


def base_text() -> str:
    return (HERE / "base.yaml").read_text(encoding="utf-8")


def variant_path(code: str, kind: str) -> Path:
    return RULES_DIR / f"{code}.{kind}.yaml"


def available() -> list[tuple[str, str]]:
    """Every (code, kind) pair that has a variant file, sorted."""
    pairs = []
    for path in RULES_DIR.glob("*.yaml"):
        code, kind, _ = path.name.split(".")
        pairs.append((code, kind))
    return sorted(pairs)


def _split(text: str) -> list[tuple[str | None, list[str]]]:
    """Split YAML text into top-level blocks: (key, lines); the header block has key None."""
    blocks: list[tuple[str | None, list[str]]] = [(None, [])]
    for line in text.splitlines(keepends=True):
        match = _TOP_KEY.match(line)
        if match:
            blocks.append((match.group(1).strip("'\""), [line]))
        else:
            blocks[-1][1].append(line)
    return blocks


def build(code: str, kind: str) -> Example:
    """Build the example for one rule and kind ('fail' or 'pass')."""
    variant = variant_path(code, kind).read_text(encoding="utf-8")
    header = _split(variant)[0][1]
    directives = [m.groups() for line in header if (m := _DIRECTIVE.match(line))]
    expect_at = [m.groups() for line in header if (m := _EXPECT_AT.match(line))]
    today = DEFAULT_TODAY
    removed: set[str] = set()
    mode = "splice"
    for name, argument in directives:
        if name == "today":
            today = dt.date.fromisoformat(argument)
        elif name == "remove":
            removed.add(argument)
        elif name in ("append", "whole-file"):
            mode = name
        else:
            raise ValueError(f"{code}.{kind}: unknown fixture directive {name!r}")
    if mode == "whole-file":
        text = variant
    elif mode == "append":
        text = base_text() + variant
    else:
        text = _splice(base_text(), variant, removed)
    example = Example(code, kind, variant, text, today)
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        match = _EXPECT.search(line)
        if match:
            example.expected |= {(c.strip(), number) for c in match.group(1).split(",") if c.strip()}
    for key, codes in expect_at:
        number = next(i for i, line in enumerate(lines, start=1) if line.startswith(f"{key}:"))
        example.expected |= {(c.strip(), number) for c in codes.split(",") if c.strip()}
    return example


def _splice(base: str, variant: str, removed: set[str]) -> str:
    base_blocks = _split(base)
    replacements: dict[str, list[str]] = {}
    extra: list[str] = []
    for key, lines in _split(variant)[1:]:
        if key is not None and key not in replacements and any(k == key for k, _ in base_blocks):
            replacements[key] = lines
        else:
            extra.extend(lines)
    out: list[str] = []
    for key, lines in base_blocks:
        if key in removed:
            continue
        out.extend(replacements.get(key, lines) if key is not None else lines)
    if out and not out[-1].endswith("\n"):
        out[-1] += "\n"
    return "".join(out + extra)
