"""Loading and checking a file leaves no reference cycles behind.

Everything a file's lint makes is freed by reference counting the moment it is done with.
A cycle (a closure that calls itself, an object that refers back to its owner) would keep
the file's whole context alive until the garbage collector found it: at 1,000 files that was
nearly a million objects, a twentieth of the run's CPU, and a heap that grew between
collections (docs/performance.md). Run in a subprocess, so that what the rest of the suite
left behind cannot be counted.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent

PROBE = """
import gc, sys
from pathlib import Path
from isa_lint import examples
from isa_lint.check.engine import lint_document
from isa_lint.load.document import load_text
from isa_lint.rules._rule import Settings
from isa_lint.run.projection import fields, project

cases = [examples.build(code, kind) for code, kind in examples.available()]
texts = [(example.text, example.path, example.today) for example in cases]
root = Path(sys.argv[1])
for path in [*sorted((root / "agreements").glob("*.yaml")), *sorted((root / "tests" / "realworld" / "agreements").glob("*.yaml"))]:
    texts.append((path.read_text(encoding="utf-8"), path.name, examples.DEFAULT_TODAY))

def lint_all():
    for text, path, today in texts:
        document = load_text(text, path)
        lint_document(document, Settings(today=today))
        project(document, fields())

lint_all()  # first: imports, compiled patterns, caches filled once
gc.collect()
gc.set_debug(gc.DEBUG_SAVEALL)
lint_all()
gc.collect()
kinds = sorted({type(thing).__qualname__ for thing in gc.garbage})
print(len(texts), len(gc.garbage), kinds)
"""


def test_linting_leaves_no_reference_cycles() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(ROOT)], capture_output=True, text=True, check=True
    )
    linted, garbage, kinds = done.stdout.split(" ", 2)
    assert int(linted) > 200  # every rule's examples, the shipped and the real-world agreements
    assert (garbage, kinds.strip()) == ("0", "[]")
