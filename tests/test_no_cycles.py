"""Linting an agreement leaves no reference cycle behind.

Reference counting frees an agreement's data, positions and shared views as soon as its
findings are made. A cycle among them (a nested function that calls itself, held by a view)
keeps all of it alive until the cyclic garbage collector's next pass, and every pass then
walks several agreements: about a twentieth of a lint run's CPU, before this was fixed.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from isa_lint.check.config import Config
from isa_lint.check.engine import lint_document
from isa_lint.check.settings import Settings
from isa_lint.examples import base_text
from isa_lint.load.document import load_text

from .conftest import AGREEMENTS, FIXED_TODAY


@contextmanager
def _collector_off() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def test_linting_an_agreement_leaves_no_cycle_to_collect() -> None:
    config = Config(settings=Settings(today=FIXED_TODAY))
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(AGREEMENTS.glob("*.yaml"))}
    texts["base.yaml"] = base_text()
    with _collector_off():
        for name, text in texts.items():  # first use: caches and compiled patterns are made
            lint_document(load_text(text, name), config)
        gc.collect()
        for name, text in texts.items():
            findings = lint_document(load_text(text, name), config)
            assert gc.collect() == 0, name
            assert all(f.path == name for f in findings)
