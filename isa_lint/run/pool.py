"""Lint many files at once: cached results first, then the rest in a pool of processes.

:func:`lint_files` is how the driver (:func:`isa_lint.run.driver.lint_paths`) lints the
files of every run. Each file goes through the same steps (:func:`isa_lint.load.files.read`,
:func:`isa_lint.load.files.load`, :func:`isa_lint.check.engine.lint_document`); what this
module adds is *where* that runs and what is kept afterwards:

* files whose results are in the cache (:mod:`isa_lint.run.cache`) are not linted at all;
* the rest are linted in ``jobs`` worker processes, in chunks of files in the order found,
  when there are enough of them to pay for starting the workers
  (:data:`MIN_FILES_PER_JOB` a worker); otherwise in this process;
* of each file its findings are kept, and its data when the caller asks (the reports
  read it; with a cache, a file counts as cached only with its data); its parsed tree is dropped at once, and a small projection
  (:mod:`isa_lint.run.projection`) goes, as the result arrives, to the checks across files
  (:class:`isa_lint.rules.across_files.Checker`), which keep only what they need of it;
* when the cache holds every file's result and the result across files for exactly these
  files, no projection is read and no rule is imported.

Findings are named tuples of plain values, so they travel between processes as they are.
Results are collected in the order the files were found and the driver sorts every
finding at the end, so the output is byte-for-byte the same whatever ``jobs`` is and
whether or not the cache was used. Workers are started with ``fork`` (they inherit the
loaded rules and configuration, policy packs included, without pickling them); elsewhere
than Linux the files are linted in this process.
"""

import contextlib
import gc
import os
import sys
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from isa_lint.check.findings import Finding

if TYPE_CHECKING:
    from isa_lint.check.config import Config
    from isa_lint.rules.across_files import Checker
    from isa_lint.run.cache import Record, ResultCache

MIN_FILES_PER_JOB = 16
"""Fewer files than this for each worker and starting the workers costs more than it saves."""
CHUNKS_PER_JOB = 4
"""Each chunk is this share of what is left for each worker (see :func:`_chunks`)."""

MAX_CHUNK = 64
"""Files in one chunk at most, so a worker never holds many files' results at once."""

Problems = list[tuple[str, str, int, int, str]]
T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    """The processors this process may run on."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except (AttributeError, OSError):  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


class Result(NamedTuple):
    """What is kept of one linted file."""

    display: str
    key: str
    findings: list[Finding]
    projection: Any
    problems: Problems
    data: Any
    """The file's data when the caller keeps it (``keep_data``), else None."""


_config: "Config | None" = None
_fields: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
_keyed = False
_keep_data = False
_sources: dict[str, bytes] = {}
"""Set in the parent before the workers fork, so they inherit them (``_keyed``: a cache is
used; ``_sources``: text held in memory, by display path, read instead of the file)."""


def _read(path: Path, display: str) -> bytes | OSError:
    from isa_lint.load.files import read

    source = _sources.get(display)
    return source if source is not None else read(path)


def _lint_one(display: str, raw: bytes | OSError, key: str) -> Result:
    from isa_lint.check import engine
    from isa_lint.load.files import load
    from isa_lint.run.projection import fatal_problems, project

    assert _config is not None
    document = load(raw, display)
    findings = engine.lint_document(document, _config)
    projection = project(document, _fields)
    return Result(
        display, key, findings, projection, fatal_problems(document), document.data if _keep_data else None
    )


def _key(display: str, raw: bytes | OSError) -> str:
    from isa_lint.run.cache import file_key

    return "" if isinstance(raw, OSError) else file_key(display, raw)


CHECK_MODULES = (
    "ruamel.yaml",
    "isa_lint.rules",
    "isa_lint.check.suppress",
    "isa_lint.load.structure",
    "isa_lint.run.projection",
)
"""What loading and checking a file imports besides the driver (the YAML parser, every rule)."""


def _import_checks() -> None:
    """Import :data:`CHECK_MODULES` before :func:`quiet_collector` freezes what is alive and
    before workers fork: the collector then never walks those modules' objects (nor is run by
    their import), and workers share them instead of each importing them again.

    Called only when some file is to be linted: a run whose every result is cached imports
    no rule.
    """
    import importlib

    for name in CHECK_MODULES:
        importlib.import_module(name)


@contextlib.contextmanager
def quiet_collector() -> Iterator[None]:
    """Make the cyclic garbage collector cheap while files are linted (or pages written) one
    after another.

    Linting allocates many short-lived objects that reference counting frees; the collector
    would still walk every object alive (the loaded rules, the catalogues, a site's every
    agreement) again and again. ``gc.freeze`` moves those out of its sight (before workers
    fork, which also spares them copying pages the collector would touch), and a higher first
    threshold runs it less.

    The launcher keeps the collector off while modules are imported (:mod:`isa_lint.cli.launch`);
    here it is on, whoever called, and left afterwards as it was found.
    """
    enabled, threshold = gc.isenabled(), gc.get_threshold()
    gc.freeze()
    gc.set_threshold(10_000, 50, 50)
    gc.enable()
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()
        if not enabled:
            gc.disable()


def _lint_chunk(chunk: list[tuple[Path, str]]) -> list[Result]:
    results = []
    for path, display in chunk:
        raw = _read(path, display)
        results.append(_lint_one(display, raw, _key(display, raw) if _keyed else ""))
    return results


class Linted(NamedTuple):
    """What a run keeps: every file's findings in order, the findings across files, and each
    file's data when asked for."""

    findings: list[Finding]
    data: dict[str, Any]


def lint_files(
    files: list[tuple[Path, str]],
    config: "Config",
    *,
    jobs: int = 1,
    cache: "ResultCache | None" = None,
    keep_data: bool = False,
    sources: dict[str, bytes] | None = None,
    each: Callable[[str, Any], None] | None = None,
) -> Linted:
    """Lint ``files``, the checks across files included; findings unsorted.

    Results are taken in the order the files were found and handed at once to the checks
    across files (:class:`isa_lint.rules.across_files.Checker`), which keep only what they
    need of each; so no projection of every file is held. When the cache holds every file's
    result and the run-level result for exactly these files, neither is worked out again.
    ``keep_data`` keeps each file's data (a cached result then counts only with its data,
    which is stored with it); ``sources`` gives the bytes of files held in memory, by
    display path. ``each`` is called here with each file's display path and data (None
    unless kept) in the order the files were found, as soon as it arrives, so a caller can
    work on the first files while the workers lint the rest.
    """
    global _sources
    _sources = sources or {}
    keys = [_key(display, _read(path, display)) for path, display in files] if cache is not None else []
    across = cache.get_across(keys) if cache is not None else None
    hits: dict[str, Record] = {}
    if cache is not None:
        for (_, display), key in zip(files, keys, strict=True):
            hit = cache.get(key, display, projection=across is None, data=keep_data) if key else None
            if hit is not None:
                hits[display] = hit
    todo = [(path, display) for path, display in files if display not in hits]
    findings: list[Finding] = []
    data: dict[str, Any] = {}
    if todo:
        _import_checks()
    with quiet_collector():
        checker = _Checked(config, cache) if across is None else None
        with contextlib.closing(
            _run(todo, jobs, config, keyed=cache is not None, keep_data=keep_data)
        ) as results:
            for number, (path, display) in enumerate(files):
                hit = hits.pop(display, None)
                if hit is not None:
                    key = keys[number]
                else:  # linted now: keyed on the bytes it was linted from (read again to lint)
                    result = next(results)
                    hit, key = _linted(result, cache, keep_data), result.key
                if keep_data:
                    data[display] = hit.data
                if each is not None:
                    each(display, hit.data)
                findings.extend(hit.findings)
                if checker is not None:
                    checker.add(display, path, hit, key)
        findings.extend(checker.finish() if checker is not None else across or [])
    if cache is not None:
        cache.save()
    _sources = {}
    return Linted(findings, data)


def _linted(result: Result, cache: "ResultCache | None", keep_data: bool) -> "Record":
    """A linted file's result as the cache would return it, stored in the cache (its data too when kept)."""
    from isa_lint.run.cache import Record

    if cache is not None and result.key:
        cache.put(result.key, result.findings, result.projection, result.problems)
        if keep_data:
            cache.put_data(result.key, result.data)
    return Record(result.findings, result.projection, result.problems, result.data)


class _Checked:
    """The checks across files, configured, and their result stored for the same files next time.

    The result is stored under the keys of the very contents it was worked out from: a
    file edited while the run read it is keyed as the worker that linted it read it.
    """

    def __init__(self, config: "Config", cache: "ResultCache | None") -> None:
        from isa_lint.rules import across_files

        self.config, self.cache = config, cache
        self.keys: list[str] = []
        enabled = any(config.enabled(rule) for rule in across_files.RULES)
        self.checker: Checker = across_files.Checker(config.settings, enabled)

    def add(self, display: str, path: Path, hit: "Record", key: str) -> None:
        from isa_lint.run.projection import document_of

        self.keys.append(key)
        self.checker.add(document_of(display, hit.projection, hit.problems), path)

    def finish(self) -> list[Finding]:
        from isa_lint.check.engine import configure, from_hit

        reports = self.checker.finish()
        documents = {document.path: document for _, document, _ in reports}
        findings = configure([from_hit(*report) for report in reports], self.config, documents)
        if self.cache is not None and not self.checker.read_beside:
            self.cache.put_across(self.keys, findings)
        return findings


def _chunks(todo: list[T], jobs: int) -> list[list[T]]:
    """``todo`` cut into chunks, in order, that shrink towards the end (guided scheduling).

    Each chunk is a :data:`CHUNKS_PER_JOB` share of what is left for each worker, at most
    :data:`MAX_CHUNK` files: large while much is left, so handing them out costs little;
    a few files at the end, so no worker is still busy with a long last chunk while the
    others wait. (With equal chunks one worker could be a whole chunk behind the other: up
    to an eighth of a run of 1,000 files.)
    """
    chunks = []
    start = 0
    while start < len(todo):
        size = min(max((len(todo) - start) // (jobs * CHUNKS_PER_JOB), 1), MAX_CHUNK)
        chunks.append(todo[start : start + size])
        start += size
    return chunks


PARENT_CHECK_SECONDS = 0.5
"""How often a worker checks that the process that started it is still there."""


def _watch_parent(parent: int) -> None:
    """In each worker: exit as soon as the parent has gone (``kill -9``, a crash).

    A forked worker holds both ends of the pool's pipes, so it would never see them close
    and would wait for work for ever, adopted by init. A daemon thread polls the parent
    process id (it changes when the parent dies, on every POSIX system) and ends the worker.
    """
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="isa-lint-parent-watch", daemon=True).start()


def _run(
    todo: list[tuple[Path, str]], jobs: int, config: "Config", *, keyed: bool, keep_data: bool
) -> Generator[Result, None, None]:
    """Lint ``todo`` in worker processes when it pays, else here; results in order."""
    if not todo:
        return
    global _config, _fields, _keyed, _keep_data
    from isa_lint.run.projection import fields

    _config, _fields, _keyed, _keep_data = config, fields(), keyed, keep_data
    with contextlib.closing(in_workers(_lint_chunk, todo, jobs)) as chunks:
        for results in chunks:
            yield from results


def in_workers(work: Callable[[list[T]], R], items: list[T], jobs: int) -> Generator[R, None, None]:
    """``work`` over ``items`` cut into chunks, in ``jobs`` worker processes when it pays, else
    here item by item; each chunk's result in order, as it is ready.

    Workers are forked, so ``work`` (a module-level function: it is sent by name) finds what
    this process had set up before the call, and a chunk travels as a list of its items.
    Linting (:func:`lint_files`) and the site's agreement pages both run through here.
    """
    jobs = min(jobs, len(items) // MIN_FILES_PER_JOB) if jobs > 1 else 1
    if jobs > 1:
        import multiprocessing  # only when a pool is used: its import costs start-up time

        if not sys.platform.startswith("linux") or "fork" not in multiprocessing.get_all_start_methods():
            jobs = 1
    if jobs <= 1:  # one item at a time, so that no more than one result is held here at once
        for item in items:
            yield work([item])
        return
    chunks = _chunks(items, jobs)
    from concurrent.futures import ProcessPoolExecutor

    # fork: workers inherit the configuration and rules. A worker that dies (out of memory,
    # a crash in C) makes the pool raise BrokenProcessPool rather than wait for ever.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_watch_parent, initargs=(os.getpid(),)
    ) as pool:
        yield from pool.map(work, chunks)
