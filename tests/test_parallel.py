"""Linting in worker processes gives the same bytes as linting one file after another.

Through the command line, as a user runs it: ``--jobs 1`` and ``--jobs 2`` (which starts
a pool: the corpus has more than :data:`isa_lint.run.pool.MIN_FILES_PER_JOB` files per
worker) in every output format. Also: the checks across files give the same findings from
projections (what every run keeps) as from whole documents; and the fast schema pre-check
agrees with jsonschema.
"""

from __future__ import annotations

import copy
import os
import random
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from isa_lint.check.config import Config
from isa_lint.check.engine import configure, from_hit
from isa_lint.check.findings import Finding, sort_findings
from isa_lint.cli.app import main
from isa_lint.examples import base_text
from isa_lint.load.document import load_text
from isa_lint.load.fastschema import compile_schema
from isa_lint.load.files import discover, load, read
from isa_lint.load.schema import agreement_schema
from isa_lint.rules._rule import Settings
from isa_lint.rules.across_files import Checker
from isa_lint.run.driver import lint_paths
from isa_lint.run.pool import MIN_FILES_PER_JOB

from .conftest import AGREEMENTS, FIXED_TODAY, ROOT

sys.path.insert(0, str(ROOT))
from bench.corpus import generate

TODAY = ["--today", FIXED_TODAY.isoformat()]
PROTOCOL_ID = "exampleshire-protocol"


def agreement(agreement_id: str, *edits: tuple[str, str]) -> str:
    text = base_text().replace("id: example-referrals", f"id: {agreement_id}", 1)
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def cross_file_cases(folder: Path) -> None:
    """Files that give every check across files something to find."""
    under = ("tier: operational", f"tier: operational\n  overarching_protocol: {PROTOCOL_ID}")
    files = {
        f"{PROTOCOL_ID}.yaml": agreement(PROTOCOL_ID, ("tier: operational", "tier: overarching")),
        "weaker.yaml": agreement(
            "weaker",
            under,
            ("within_hours: 24", "within_hours: 48"),
            ("period: 6 years", "period: 9 years"),
            ("method: telephone", "method: secure_post"),
        ),
        "missing-protocol.yaml": agreement(
            "missing-protocol", ("tier: operational", "overarching_protocol: nowhere\n  tier: operational")
        ),
        "other-ico.yaml": agreement(
            "other-ico", ("ico_registration: Z1234567", "ico_registration: Z9999999")
        ),
        "copy-of-weaker.yaml": agreement("weaker", under),
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    generate(folder, 2 * MIN_FILES_PER_JOB + 8, seed=7)
    cross_file_cases(folder)
    return folder


def lint_cli(*args: str, cwd: Path) -> tuple[int, str]:
    """Exit code and output of ``isa-lint lint`` run in ``cwd`` (where a cache would go)."""
    previous = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, ["lint", *TODAY, *args], catch_exceptions=False)
    finally:
        os.chdir(previous)
    return result.exit_code, result.output


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "junit", "github", "gitlab"])
def test_jobs_give_identical_bytes(corpus: Path, tmp_path: Path, output_format: str) -> None:
    one = lint_cli("--no-cache", "--jobs", "1", "--format", output_format, str(corpus), cwd=tmp_path)
    two = lint_cli("--no-cache", "--jobs", "2", "--format", output_format, str(corpus), cwd=tmp_path)
    assert one == two
    assert one[0] == 1  # the corpus has real gaps


def test_one_file_with_many_jobs(tmp_path: Path) -> None:
    path = str(AGREEMENTS / "northshire-mash.yaml")
    assert lint_cli("--no-cache", "--jobs", "8", path, cwd=tmp_path) == lint_cli(
        "--no-cache", "--jobs", "1", path, cwd=tmp_path
    )


def across_from_whole_documents(corpus: Path, config: Config) -> list[Finding]:
    """The findings across files when the checks are fed each whole loaded document."""
    checker = Checker(config.settings)
    for path, display in discover([str(corpus)], config):
        checker.add(load(read(path), display), path)
    reports = checker.finish()
    documents = {document.path: document for _, document, _ in reports}
    return sort_findings(configure([from_hit(*report) for report in reports], config, documents))


@pytest.mark.parametrize("jobs", [1, 2])
def test_projections_match_whole_documents(corpus: Path, jobs: int) -> None:
    config = Config(settings=Settings(today=FIXED_TODAY))
    whole = across_from_whole_documents(corpus, config)
    run = lint_paths([str(corpus)], config, jobs=jobs)
    assert [f for f in run.findings if f.code.startswith("ISA25")] == whole
    assert {f.code for f in whole} >= {"ISA251", "ISA252", "ISA253", "ISA255"}


def test_a_run_keeps_data_only_when_asked(corpus: Path) -> None:
    config = Config(settings=Settings(today=FIXED_TODAY))
    assert lint_paths([str(corpus)], config).data == {}
    kept = lint_paths([str(corpus)], config, keep_data=True, jobs=2)
    assert list(kept.data) == kept.files
    assert all(kept.data[name] == load(read(kept.paths[name]), name).data for name in kept.files)


@pytest.mark.parametrize("jobs", [1, 2])
def test_each_file_is_handed_over_in_the_order_found(corpus: Path, jobs: int) -> None:
    """What the site draws its maps from while the workers lint on: every file once, with its data."""
    config = Config(settings=Settings(today=FIXED_TODAY))
    seen: list[tuple[str, Any]] = []
    run = lint_paths(
        [str(corpus)], config, keep_data=True, jobs=jobs, each=lambda name, data: seen.append((name, data))
    )
    assert len(run.files) >= 2 * MIN_FILES_PER_JOB
    assert seen == [(name, run.data[name]) for name in run.files]


def _mutations(data: Any, rng: random.Random) -> Any:
    data = copy.deepcopy(data)
    values = [
        None,
        True,
        0,
        7,
        -1,
        "",
        "x",
        "2026-02-30",
        "2026-02-28",
        "2026-01-01\n",
        [],
        {},
        ["x"],
        "secure_email",
        "all",
        "1.0",
        "6 years",
        "BAD ID",
    ]
    for _ in range(rng.randint(1, 3)):
        paths: list[tuple[Any, Any]] = []
        stack: list[Any] = [data]
        while stack:
            node = stack.pop()
            items = (
                node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
            )
            for key, child in items:
                paths.append((node, key))
                stack.append(child)
        if not paths:
            break
        parent, key = rng.choice(paths)
        choice = rng.random()
        if choice < 0.6:
            parent[key] = rng.choice(values)
        elif isinstance(parent, dict):
            del parent[key]
        else:
            parent.append(copy.deepcopy(parent[key]))
    return data


def test_fast_schema_check_agrees_with_jsonschema() -> None:
    from isa_lint.load import structure

    valid = compile_schema(agreement_schema())
    assert valid is not None
    validator = structure._validator()
    sources = [
        load_text(path.read_text(encoding="utf-8"), path.name).data
        for path in sorted(AGREEMENTS.glob("*.yaml"))
    ]
    sources.append(load_text(base_text(), "base.yaml").data)
    rng = random.Random(11)
    seen = {True: 0, False: 0}
    for data in [*sources, *(_mutations(rng.choice(sources), rng) for _ in range(1500))]:
        expected = next(iter(validator.iter_errors(data)), None) is None
        assert valid(data) == expected
        seen[expected] += 1
    assert min(seen.values()) > 20


def test_unknown_keywords_turn_the_fast_check_off() -> None:
    assert compile_schema({"type": "object", "patternProperties": {"^x": {}}}) is None
    assert compile_schema({"oneOf": [{"type": "string"}]}) is None


@given(st.integers(min_value=0, max_value=5000), st.integers(min_value=2, max_value=8))
def test_chunks_cover_every_file_in_order_and_shrink_to_one(count: int, jobs: int) -> None:
    from isa_lint.run.pool import MAX_CHUNK, _chunks

    todo = [(Path(f"{number}.yaml"), f"{number}.yaml") for number in range(count)]
    chunks = _chunks(todo, jobs)
    assert [item for chunk in chunks for item in chunk] == todo
    sizes = [len(chunk) for chunk in chunks]
    assert all(1 <= size <= MAX_CHUNK for size in sizes)
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[-1:] == ([1] if count else [])


def test_one_process_is_handed_one_file_at_a_time() -> None:
    """With one job, files are linted and handed on one by one, so the run never holds every
    file's result at once (at 10,000 files that was 160 MB against 50 with two workers)."""
    from isa_lint.run.pool import in_workers

    seen: list[int] = []
    results = in_workers(lambda chunk: seen.append(len(chunk)) or chunk, list(range(40)), 1)
    first = next(results)
    assert first == [0] and seen == [1]
    assert [item for chunk in results for item in chunk] == list(range(1, 40))
    assert seen == [1] * 40
