"""What ``isa-lint lint`` does, without click: load, check, report, and the exit code.

The click command (:func:`isa_lint.cli.app.lint`) parses the options and calls :func:`run`. So
does the launcher (:mod:`isa_lint.cli.launch`) for the plain ``isa-lint lint FILE...`` that
pre-commit runs on every commit, without importing click at all: one code path, whichever
way in. A :class:`~isa_lint.check.findings.UsageProblem` is left to the caller to word.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from isa_lint.check.config import Config
    from isa_lint.check.findings import Severity
    from isa_lint.run.driver import Run

DEFAULT_PATHS = ("agreements",)


def run(
    paths: tuple[str, ...] = (),
    *,
    output_format: str = "text",
    output: Path | None = None,
    today: dt.date | None = None,
    fail_on: Severity | None = None,
    config_path: Path | None = None,
    select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    baseline: Path | None = None,
    write_baseline: Path | None = None,
    base: str | None = None,
    jobs: int | None = None,
    cache: bool = True,
    agreements_only: bool = False,
) -> int:
    """Lint ``paths`` (default: agreements/), print or write the report, return the exit code."""
    from isa_lint.check.config import load, with_overrides
    from isa_lint.check.findings import EXIT_OK, exit_code
    from isa_lint.formats import Report, renderer

    if agreements_only and paths:
        paths = agreements_among(paths)
        if not paths:
            return EXIT_OK

    config = with_overrides(
        load(config_path), today=today or dt.date.today(), select=select, ignore=ignore, fail_on=fail_on
    )
    lint_run = _lint_run(paths or DEFAULT_PATHS, config, jobs=jobs, cache=cache, base=base)
    findings = lint_run.findings
    inputs = [*lint_run.paths.values(), *config.policy_packs, *filter(None, (config.path, baseline))]
    if write_baseline is not None:
        from isa_lint.check import baseline as baselines

        baselines.write(write_baseline, findings, inputs)
        sys.stderr.write(f"Wrote {len(findings)} findings to the baseline {write_baseline}.\n")
        return EXIT_OK
    if baseline is not None:
        from isa_lint.check import baseline as baselines

        findings = baselines.new_findings(findings, baselines.read(baseline))
    color = output is None and output_format == "text" and use_color(sys.stdout)
    report = Report(lint_run.files, findings, color=color, fail_on=config.fail_on)
    from isa_lint.run.atomic import emit

    emit(renderer(output_format)(report), output, inputs)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if output_format == "github" and summary:
        from isa_lint.formats.github import append_step_summary

        append_step_summary(report, Path(summary))
    return exit_code(findings, config.fail_on)


def agreements_among(paths: tuple[str, ...]) -> tuple[str, ...]:
    """``paths`` without the files that are not agreements (directories are kept, to be searched)."""
    from isa_lint.load.agreement_files import is_agreement_file

    return tuple(p for p in paths if Path(p).is_dir() or is_agreement_file(Path(p)))


def use_color(stream: Any) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _lint_run(
    paths: tuple[str, ...], config: Config, *, jobs: int | None, cache: bool, base: str | None
) -> Run:
    """Lint through the driver, in ``jobs`` processes (default: one per processor), with the results cache."""
    from isa_lint.run.driver import lint_paths
    from isa_lint.run.pool import default_jobs

    store = None
    if cache:
        from isa_lint.run.cache import ResultCache

        store = ResultCache.for_config(config)
    return lint_paths(paths, config, jobs=jobs or default_jobs(), cache=store, base=base)
