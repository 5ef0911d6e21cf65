"""Lint many files at once: cached results first, then the rest in a pool of processes.

:func:`lint_files` is what :func:`isa_lint.engine.lint_paths` runs for ``isa-lint lint``
(``keep_documents=False``). Each file goes through the engine's own per-file pipeline
(:func:`isa_lint.engine.load` and :func:`isa_lint.engine.lint_document`), unchanged; what
this module adds is *where* that runs and what is kept afterwards:

* files whose results are in the cache (:mod:`isa_lint.cache`) are not linted at all;
* the rest are linted in ``jobs`` worker processes, in chunks of files in the order found,
  when there are enough of them to pay for starting the workers
  (:data:`MIN_FILES_PER_JOB` a worker); otherwise in this process;
* of each file only its findings and a small projection for the checks across files
  (:mod:`isa_lint.projection`) are kept; the parsed tree is dropped at once.

Findings are frozen dataclasses, so they travel between processes as they are. Results
are collected in the order the files were found and the engine sorts every finding at the
end, so the output is byte-for-byte the same whatever ``jobs`` is and whether or not the
cache was used. Workers are started with ``fork`` (they inherit the loaded rules and
configuration, policy packs included, without pickling them); elsewhere than Linux,
available the files are linted in this process.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from isa_lint.cache import ResultCache
    from isa_lint.config import Config
    from isa_lint.engine import Run
    from isa_lint.findings import Finding

MIN_FILES_PER_JOB = 16
"""Fewer files than this for each worker and starting the workers costs more than it saves."""
CHUNKS_PER_JOB = 4
"""Chunks handed to each worker: enough to even out slow files, few enough to keep overhead low."""

Problems = list[tuple[str, str, int, int, str]]


def default_jobs() -> int:
    """The processors this process may run on."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except (AttributeError, OSError):  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


@dataclass
class Result:
    """What is kept of one linted file."""

    display: str
    key: str
    findings: list[Finding]
    projection: Any
    problems: Problems


_config: Config | None = None
_fields: tuple[str, ...] = ()
"""Set in the parent before the workers fork, so they inherit them."""


def _read(path: Path) -> bytes | OSError:
    from isa_lint.loader import MAX_BYTES

    try:
        with path.open("rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError as error:
        return error


def _lint_one(path: Path, display: str, raw: bytes | OSError, key: str) -> Result:
    from isa_lint import engine
    from isa_lint.loader import Document, LoadProblem, load_bytes
    from isa_lint.projection import fatal_problems, project

    assert _config is not None
    if isinstance(raw, OSError):
        document = Document(path=display, text="")
        reason = raw.strerror or str(raw)
        document.problems.append(LoadProblem("ISA007", f"the file cannot be opened: {reason}", 1, 1))
    else:
        document = load_bytes(raw, display)
    findings = engine.lint_document(document, _config)
    return Result(display, key, findings, project(document.data, _fields), fatal_problems(document))


def _key(display: str, raw: bytes | OSError) -> str:
    from isa_lint.cache import file_key

    return "" if isinstance(raw, OSError) else file_key(display, raw)


def _quiet_collector() -> None:
    """Make the cyclic garbage collector cheap for the file-by-file loop.

    Linting allocates many short-lived objects that reference counting frees; the collector
    would still walk every object alive (the loaded rules, the catalogues) again and again.
    ``gc.freeze`` moves those out of its sight, and a higher first threshold runs it less.
    """
    import gc

    gc.freeze()
    gc.set_threshold(10_000, 50, 50)


def _lint_chunk(chunk: list[tuple[Path, str]]) -> list[Result]:
    _quiet_collector()
    results = []
    for path, display in chunk:
        raw = _read(path)
        results.append(_lint_one(path, display, raw, _key(display, raw)))
    return results


def lint_files(
    run: Run,
    files: list[tuple[Path, str]],
    config: Config,
    *,
    jobs: int = 1,
    cache: ResultCache | None = None,
) -> None:
    """Lint ``files`` into ``run``: its files, paths, findings, and slim documents."""
    global _config, _fields
    from isa_lint.projection import fields, slim

    _config, _fields = config, fields()
    results: dict[str, Result] = {}
    todo: list[tuple[Path, str]] = []
    for path, display in files:
        if cache is None:
            todo.append((path, display))
            continue
        raw = _read(path)
        key = _key(display, raw)
        hit = cache.get(key, display) if key else None
        if hit is not None:
            results[display] = Result(display, key, hit.findings, hit.projection, hit.problems)
        else:
            todo.append((path, display))
    for result in _run(todo, jobs):
        results[result.display] = result
        if cache is not None and result.key:
            cache.put(result.key, result.findings, result.projection, result.problems)
    for path, display in files:
        result = results.pop(display)
        run.files.append(display)
        run.paths[display] = path
        run.findings.extend(result.findings)
        run.documents[display] = slim(display, path, result.projection, result.problems)
    if cache is not None:
        cache.save()


def _run(todo: list[tuple[Path, str]], jobs: int) -> Iterator[Result]:
    """Lint ``todo`` in worker processes when it pays, else here; results in order."""
    jobs = min(jobs, len(todo) // MIN_FILES_PER_JOB) if jobs > 1 else 1
    if jobs > 1:
        import multiprocessing  # only when a pool is used: its import costs start-up time

        if not sys.platform.startswith("linux") or "fork" not in multiprocessing.get_all_start_methods():
            jobs = 1
    if jobs <= 1:
        yield from _lint_chunk(todo)
        return
    size = max(len(todo) // (jobs * CHUNKS_PER_JOB), 1)
    chunks = [todo[start : start + size] for start in range(0, len(todo), size)]
    context = multiprocessing.get_context("fork")  # workers inherit the configuration and rules
    with context.Pool(jobs) as pool:
        for results in pool.imap(_lint_chunk, chunks):
            yield from results
