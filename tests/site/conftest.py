"""Helpers for the site tests: build a site as a user would, with the reports tests' fixtures."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.reports.conftest import TODAY_ARG, Run, hostile_file, run  # noqa: F401 (fixtures)

needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None,
    reason="Graphviz's dot is not installed (apt-get install graphviz; .ci/run does this)",
)


def build(invoke: Run, paths: list[str], out: Path, *extra: str) -> Path:
    result = invoke(["site", *paths, "-o", str(out), *TODAY_ARG, *extra])
    assert result.exit_code == 0, result.output
    return out
