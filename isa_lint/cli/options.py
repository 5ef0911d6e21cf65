"""Command-line options that several commands share, declared once.

Only click is imported here, so ``isa-lint --help`` stays quick.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


class Command(click.Command):
    """Every isa-lint command: the project's own errors, raised below the command line, are
    worded here as click words its own (a usage problem with this command's usage line)."""

    def invoke(self, ctx: click.Context) -> Any:
        from isa_lint.check.findings import CommandError, UsageProblem

        try:
            return super().invoke(ctx)
        except UsageProblem as problem:
            raise click.UsageError(str(problem), ctx) from None
        except CommandError as error:
            raise _Failure(str(error)) from None


class _Failure(click.ClickException):
    """A :class:`~isa_lint.check.findings.CommandError` as click prints one: ``Error: ...``, exit 2."""

    exit_code = 2  # isa_lint.check.findings.EXIT_ERROR (not imported here: --help stays quick)


def _parse_today(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date:
    """--today as a date; the real date when it is not given."""
    if value is None:
        return dt.date.today()
    from isa_lint.cli.values import read_date

    try:
        return read_date(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date written YYYY-MM-DD") from None


def today_option(func: F) -> F:
    """--today: fixes "today" for review dates, so runs are reproducible."""
    return click.option(
        "--today",
        metavar="YYYY-MM-DD",
        callback=_parse_today,
        help="Treat this date as today for review dates and days left (default: the real date).",
    )(func)


def config_option(func: F) -> F:
    """--config: the configuration file, instead of searching for one."""
    return click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Configuration file (default: .isa-lint.yaml or [tool.isa-lint] in pyproject.toml, searched upwards).",
    )(func)


def output_option(func: F) -> F:
    """-o/--output: write to a file (atomically) instead of the screen."""
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write to this file (atomically) instead of the screen.",
    )(func)


def format_option(*choices: str, default: str, help: str) -> Callable[[F], F]:
    """--format: one of ``choices``, each command naming its own formats and saying what each is for."""

    def add(func: F) -> F:
        return click.option(
            "--format",
            "output_format",
            type=click.Choice(choices),
            default=default,
            show_default=True,
            help=help,
        )(func)

    return add


def no_cache_option(func: F) -> F:
    """--no-cache: lint every file afresh and leave the results cache alone."""
    return click.option(
        "--no-cache",
        is_flag=True,
        help="Neither read nor write the results cache (.isa-lint-cache/ in the project root).",
    )(func)
