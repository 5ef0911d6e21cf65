"""The driver: every command lints through here, load -> check -> report.

``isa-lint lint``, every report command (summary, register, diff, due, init --list),
``--base`` and the editor server all call :func:`lint_paths` or :func:`lint_source`. What
differs between them is a parameter, never another code path:

* ``jobs`` and ``cache``: how many processes lint, and whether results are reused
  (one job and no cache is simply ``jobs=1, cache=None``);
* ``keep_data``: keep each file's data for a report that reads it;
* ``base``: also compare each agreement with its version at a Git revision (ISA85x);
* :func:`lint_source`: one file's text held in memory (an editor's unsaved buffer) stands
  in for the file on disk, with other agreements given as paths for the checks across files.

Each file is read, loaded and checked on its own (:mod:`isa_lint.run.pool`), its checks
across files fed as it arrives (:mod:`isa_lint.rules.across_files`); findings are
configured (select, ignore, severity, per-file ignores), fingerprinted and sorted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from isa_lint.check.engine import as_config, configure
from isa_lint.check.findings import Finding, sort_findings
from isa_lint.load.files import discover, printable_path

if TYPE_CHECKING:
    from isa_lint.check.config import Config
    from isa_lint.check.settings import Settings
    from isa_lint.run.cache import ResultCache


class Run:
    """The result of linting some files: which files, and every finding, sorted.

    ``paths`` maps a display name to the path the file was read from (for checks that look
    beside it); ``given`` holds the paths the run was asked to lint, as given; ``data``
    holds each file's data when the run kept it (``keep_data``).
    """

    def __init__(self, given: tuple[str, ...] = ()) -> None:
        self.given = given
        self.files: list[str] = []
        self.findings: list[Finding] = []
        self.paths: dict[str, Path] = {}
        self.data: dict[str, Any] = {}


def lint_paths(
    paths: Iterable[str],
    options: Config | Settings,
    *,
    jobs: int = 1,
    cache: ResultCache | None = None,
    keep_data: bool = False,
    base: str | None = None,
    each: Callable[[str, Any], None] | None = None,
) -> Run:
    """Lint every agreement under ``paths`` (raises :class:`isa_lint.load.files.PathProblem`
    for a path that does not exist, and :class:`isa_lint.load.gitrev.GitError` for a bad ``base``).

    ``each`` is called with each file's display path and data as it is linted, in the order
    found (:func:`isa_lint.run.pool.lint_files`)."""
    config = as_config(options)
    run = Run(given=tuple(paths))
    files = discover(run.given, config)
    _lint(run, files, config, jobs=jobs, cache=cache, keep_data=keep_data, each=each)
    if base is not None:
        from isa_lint.check import history

        found, documents = history.check(run.given, run.paths, config, base)
        run.findings = sort_findings([*run.findings, *configure(found, config, documents)])
    return run


def lint_source(
    text: str,
    path: Path | str,
    options: Config | Settings,
    workspace: Iterable[str | Path] = (),
    *,
    unsaved: Mapping[Path, str] | None = None,
    shown: Callable[[Path], str] = printable_path,
    cache: ResultCache | None = None,
) -> list[Finding]:
    """The findings for ``text``, an agreement held in memory that would be saved at ``path``.

    Exactly what ``isa-lint lint`` reports for ``path`` if it held ``text``, its checks
    across files included: those compare it with the agreements under ``workspace`` (files
    or folders, as ``lint`` takes them; ``path`` itself among them is read from ``text``),
    and look for its overarching protocol beside ``path`` as ``lint`` does. Only ``path``'s
    own findings are returned. An editor passes the other files it holds unsaved in
    ``unsaved``, how it names files as ``lint`` run from the project root would (``shown``),
    and a results cache, so that unchanged files are not checked again on every keystroke.
    """
    config = as_config(options)
    path = Path(path)
    found = {shown(where): where for where, _ in discover([str(p) for p in workspace], config)}
    display = shown(path)
    found[display] = path
    files = [(found[name], name) for name in sorted(found)]
    held = {shown(where): body for where, body in (unsaved or {}).items() if shown(where) in found}
    held[display] = text
    run = Run(given=(str(path),))
    sources = {name: body.encode("utf-8", "surrogatepass") for name, body in held.items()}
    _lint(run, files, config, cache=cache, sources=sources)
    return [finding for finding in run.findings if finding.path == display]


def _lint(
    run: Run,
    files: list[tuple[Path, str]],
    config: Config,
    *,
    jobs: int = 1,
    cache: ResultCache | None = None,
    keep_data: bool = False,
    sources: dict[str, bytes] | None = None,
    each: Callable[[str, Any], None] | None = None,
) -> None:
    from isa_lint.run.pool import lint_files

    linted = lint_files(
        files, config, jobs=jobs, cache=cache, keep_data=keep_data, sources=sources, each=each
    )
    run.files = [display for _, display in files]
    run.paths = {display: path for path, display in files}
    run.findings = sort_findings(linted.findings)
    run.data = linted.data
