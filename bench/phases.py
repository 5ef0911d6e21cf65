"""Where a lint run's CPU goes, step by step, at a given size: does any step grow faster than the files?

    .venv/bin/python bench/phases.py --count 1000
    .venv/bin/python bench/phases.py --count 10000

It generates the agreements (:mod:`bench.corpus`), then runs ``isa-lint lint --no-cache
--jobs 1`` over them in this process, with each step wrapped to add up its CPU seconds
(``time.process_time``): reading files, loading them (composing and converting), checking
each file (:func:`isa_lint.check.engine.lint_document`), and the checks across files
(``Checker.add`` and ``finish``); the rest is discovery, sorting and the report. The cyclic
garbage collector's own time (``gc.callbacks``) is counted too, inside whichever step it
interrupted. Comparing two sizes shows whether a step scales with the files; the wrappers add
a little to every step.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import io
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.corpus import TODAY, generate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="agreements to generate (default 1,000)")
    options = parser.parse_args()

    from isa_lint.check import engine
    from isa_lint.cli import lint_command
    from isa_lint.load import files
    from isa_lint.rules import across_files

    spent: dict[str, float] = {}

    def timed(owner: Any, name: str, label: str) -> None:
        step: Callable[..., Any] = getattr(owner, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return step(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.process_time() - start

        setattr(owner, name, wrapper)

    collector = {"seconds": 0.0, "started": 0.0, "full": 0}

    def on_collection(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collector["started"] = time.process_time()
            return
        collector["seconds"] += time.process_time() - collector["started"]
        collector["full"] += info["generation"] == 2

    gc.callbacks.append(on_collection)
    timed(files, "read", "read")
    timed(files, "load", "load")
    timed(engine, "lint_document", "check each file")
    timed(across_files.Checker, "add", "across files: add")
    timed(across_files.Checker, "finish", "across files: finish")
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        generate(folder / "agreements", options.count)
        size = sum(path.stat().st_size for path in (folder / "agreements").iterdir())
        os.chdir(folder)
        start = time.process_time()
        with contextlib.redirect_stdout(io.StringIO()):
            lint_command.run(("agreements",), cache=False, jobs=1, today=dt.date.fromisoformat(TODAY))
        total = time.process_time() - start
        os.chdir(HERE)
    print(f"{options.count} agreements, {size / 1e6:.1f} MB: {total:.2f} s CPU")
    for label, seconds in spent.items():
        print(f"  {label}: {seconds:.2f} s")
    print(f"  the rest: {total - sum(spent.values()):.2f} s")
    print(
        f"  of all that, the garbage collector: {collector['seconds']:.2f} s ({collector['full']} full collections)"
    )


if __name__ == "__main__":
    main()
