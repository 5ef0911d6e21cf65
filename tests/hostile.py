"""A corpus of hostile and broken agreement files, made by code (nothing is fetched).

Each case is a file name, its bytes and the finding code it must produce. Run
``python -m tests.hostile DIR`` to write the corpus to a folder and try it by hand.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from pathlib import Path

from isa_lint.examples import base_text
from isa_lint.load.document import MAX_BYTES

MARKER = "ISA_LINT_WAS_EXPLOITED"
"""A file name that hostile tags try to create; its existence proves code ran."""


@dataclass(frozen=True)
class Case:
    name: str
    content: bytes
    code: str


def _base() -> str:
    return base_text().replace("id: example-referrals", "id: {id}")


def _agreement(name: str, text: str) -> bytes:
    return text.replace("{id}", name.rsplit(".", 1)[0]).encode("utf-8")


def _sections(text: str) -> list[tuple[str, int, int]]:
    """(key, first line index, end line index) of each top-level section."""
    lines = text.splitlines(keepends=True)
    starts = [(i, line.split(":", 1)[0]) for i, line in enumerate(lines) if line[:1].isalpha()]
    return [
        (key, start, (starts[n + 1][0] if n + 1 < len(starts) else len(lines)))
        for n, (start, key) in enumerate(starts)
    ]


def _retyped(key: str) -> str:
    """A value of the wrong type for a section: a list for a mapping, text for a list."""
    if key in ("schema_version",):
        return f"{key}: [1]\n"
    if key in ("id", "title", "version", "status", "effective_from"):
        return f"{key}:\n  nested: mapping\n"
    if key in ("scope", "review", "sharing", "security", "rights"):
        return f"{key}: [a, list]\n"
    return f"{key}: just some text\n"


def cases() -> list[Case]:
    """Every hostile case."""
    base = _base()
    found = [
        Case("empty.yaml", b"", "ISA010"),
        Case("only-comments.yaml", b"# nothing here\n# at all\n", "ISA010"),
        Case("only-dashes.yaml", b"---\n", "ISA010"),
        Case("two-documents.yaml", _agreement("two-documents.yaml", base) + b"---\nid: second\n", "ISA003"),
        Case("list-at-top.yaml", b"- schema_version: 1\n- id: x\n", "ISA012"),
        Case("scalar-at-top.yaml", b"just a sentence\n", "ISA012"),
        Case("number-at-top.yaml", b"42\n", "ISA012"),
        Case(
            "duplicate-top.yaml", _agreement("duplicate-top.yaml", base + "title: Second title\n"), "ISA002"
        ),
        Case(
            "duplicate-nested.yaml",
            _agreement(
                "duplicate-nested.yaml",
                base.replace("  frequency_months: 12\n", "  frequency_months: 12\n  frequency_months: 6\n"),
            ),
            "ISA002",
        ),
        Case("merge-keys.yaml", b"defaults: &d {a: 1}\nscope:\n  <<: *d\n", "ISA005"),
        Case("billion-laughs.yaml", _laughs(), "ISA005"),
        Case("deep-flow.yaml", ("a: " + "[" * 20000 + "]" * 20000 + "\n").encode(), "ISA007"),
        Case("deep-block.yaml", "".join("  " * i + "- \n" for i in range(3000)).encode(), "ISA007"),
        Case("deep-mapping.yaml", "".join(" " * i + f"k{i}:\n" for i in range(3000)).encode(), "ISA007"),
        Case(
            "long-line.yaml", _agreement("long-line.yaml", base + "notes: " + "x" * 900_000 + "\n"), "ISA011"
        ),
        Case("too-large.yaml", b"# " + b"x" * MAX_BYTES + b"\n", "ISA007"),
        Case(
            "python-apply.yaml",
            f"title: !!python/object/apply:os.system ['touch {MARKER}']\n".encode(),
            "ISA004",
        ),
        Case("python-name.yaml", b"title: !!python/name:os.system\n", "ISA004"),
        Case("python-object.yaml", b"title: !!python/object:subprocess.Popen {args: [touch, x]}\n", "ISA004"),
        Case("include-tag.yaml", b"title: !include /etc/passwd\n", "ISA004"),
        Case("unknown-tag.yaml", b"title: !custom value\n", "ISA004"),
        Case("binary.yaml", random.Random(7).randbytes(4096), "ISA007"),
        Case("nul-bytes.yaml", b"schema_version: 1\nid: x\x00\n", "ISA007"),
        Case("utf-16.yaml", base.encode("utf-16"), "ISA007"),
        Case("invalid-utf8.yaml", b"schema_version: 1\ntitle: caf\xe9\n", "ISA007"),
        Case("ansi-escape.yaml", b"schema_version: 1\ntitle: \x1b[2J\x1b[31mred\n", "ISA007"),
        Case("tabs.yaml", b"schema_version: 1\nscope:\n\tarea: x\n", "ISA001"),
        Case("unclosed-quote.yaml", b'schema_version: 1\ntitle: "never closed\n', "ISA001"),
        Case(
            "bad-indent.yaml",
            b"schema_version: 1\nreview:\n  due: 2027-01-01\n frequency_months: 2\n",
            "ISA001",
        ),
        Case(
            "octal-and-norway.yaml",
            _agreement("octal-and-norway.yaml", base.replace("urgent: true", "urgent: no")),
            "ISA012",
        ),
        Case("unknown-version.yaml", b"schema_version: 99\nid: unknown-version\n", "ISA008"),
        Case(
            "bidi-override.yaml",
            _agreement("bidi-override.yaml", base.replace("title: ", "title: \u202eevil ", 1)),
            "ISA007",
        ),
    ]
    for key, start, end in _sections(base):
        lines = base.splitlines(keepends=True)
        text = "".join(lines[:start]) + _retyped(key) + "".join(lines[end:])
        name = f"wrong-type-{key.replace('_', '-')}.yaml"
        found.append(Case(name, _agreement(name, text), "ISA008" if key == "schema_version" else "ISA012"))
    return found


def _laughs() -> bytes:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    return ("\n".join(lines) + "\n").encode()


def write(folder: Path) -> list[Case]:
    """Write every case into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    all_cases = cases()
    for case in all_cases:
        (folder / case.name).write_bytes(case.content)
    return all_cases


if __name__ == "__main__":
    written = write(Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus"))
    print(f"wrote {len(written)} files")
