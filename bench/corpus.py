"""Generate a register of realistic agreements for the benchmark (and for tests).

Each agreement is one of the shipped agreements (``agreements/*.yaml``) or the rule examples'
base agreement (``isa_lint/examples/base.yaml``), changed as a partnership's own would be:
its own id (and file named after it), title and place names, with the partnership's
organisations named the same way in every one of its files. A share of them (``gaps``,
default one in four) get one to three real gaps that isa-lint should find: a placeholder
retention period, an insecure transfer method, a missing Schedule 8 condition, a slow
breach notice, a named person's webmail address, a misspelt section name, an overdue
review. Everything is decided by ``seed``, so the same arguments give the same bytes.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (*sorted((ROOT / "agreements").glob("*.yaml")), ROOT / "isa_lint" / "examples" / "base.yaml")
TODAY = "2026-06-01"
"""The date the benchmark passes as --today, so findings do not change from day to day."""

PLACES = ("Northshire", "Eastmoor", "Westbury", "Exampleshire", "Glyncoed")
SYLLABLES = (
    "ash",
    "brook",
    "cal",
    "dun",
    "elm",
    "fen",
    "gar",
    "hal",
    "ing",
    "kel",
    "lin",
    "mar",
    "north",
    "ock",
)
ENDINGS = ("shire", "ford", "ham", "ton", "moor", "bury", "dale", "field")

GAPS: tuple[tuple[str, str], ...] = (
    (r"(\n    period: )\d+ (?:years|months)", r"\1TBC"),
    (r"(\n    - method: )secure_email", r"\1unencrypted_email"),
    (r"\n        sch8: \[[a-z0-9_, ]+\]", ""),
    (r"(\n    within_hours: )\d+", r"\g<1>96"),
    (r"(\n      contact: )dpo@[a-z.-]+", r"\1jane.smith@gmail.com"),
    (r"\n  storage:", "\n  storge:"),
    (r"(\n  due: )20\d\d", r"\g<1>2025"),
)
"""Text changes that each make a real gap (pattern, replacement), applied once."""


def _place(rng: random.Random, used: set[str]) -> str:
    """A place name not used before in this register."""
    parts = 1
    while True:
        name = ("".join(rng.choice(SYLLABLES) for _ in range(parts)) + rng.choice(ENDINGS)).capitalize()
        if name not in used:
            used.add(name)
            return name
        parts = min(parts + 1, 4)


def _id_line(text: str) -> str:
    found = re.search(r"^id: (\S+)$", text, re.MULTILINE)
    if not found:
        raise ValueError("a source agreement has no id line")
    return found.group(1)


def agreement(source: str, place: str, number: int, rng: random.Random, gaps: int) -> tuple[str, str]:
    """One generated agreement: (id, text)."""
    text = source
    for original in PLACES:
        text = text.replace(original, place).replace(original.lower(), place.lower())
    old_id = _id_line(text)
    new_id = f"{old_id}-{number:05d}"
    text = re.sub(r"^id: \S+$", f"id: {new_id}", text, count=1, flags=re.MULTILINE)
    text = re.sub(r"^(title: .*)$", rf"\1 (register entry {number})", text, count=1, flags=re.MULTILINE)
    applicable = [gap for gap in GAPS if re.search(gap[0], text)]
    for pattern, replacement in rng.sample(applicable, min(gaps, len(applicable))):
        text = re.sub(pattern, replacement, text, count=1)
    return new_id, text


def generate(
    folder: Path, count: int, *, seed: int = 2026, gaps: float = 0.25, partnership: int = 25
) -> list[Path]:
    """Write ``count`` agreements into ``folder``; every ``partnership`` files share place names.

    Within a partnership each source agreement gets its own place name, so organisations
    with the same name are described the same way in every file (a consistent register).
    """
    rng = random.Random(seed)
    sources = [path.read_text(encoding="utf-8") for path in SOURCES]
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    places: list[str] = []
    used: set[str] = set()
    for number in range(count):
        if number % partnership == 0:  # a new partnership: new place names for each source
            places = [_place(rng, used) for _ in sources]
        index = number % len(sources)
        source, place = sources[index], places[index]
        how_many = rng.randint(1, 3) if rng.random() < gaps else 0
        agreement_id, text = agreement(source, place, number, rng, how_many)
        path = folder / f"{agreement_id}.yaml"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
