"""The report commands: summary, register, diff, due and init.

``isa-lint --help`` imports this module to list the commands, so it imports only click and
light isa-lint modules at the top; the engine, Jinja2, icalendar and ruamel.yaml's
round-trip mode are imported inside the commands that use them.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import click

from isa_lint.cli.options import Command, config_option, format_option, output_option, today_option


@click.command(cls=Command)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=str))
@format_option(
    "md",
    "html",
    "json",
    default="md",
    help="md (Markdown with a Mermaid diagram), html (a printable page) or json.",
)
@click.option(
    "--audience",
    type=click.Choice(["professional", "public"]),
    default="professional",
    show_default=True,
    help="professional: the whole agreement for partners; public: a plain-language notice for families.",
)
@output_option
@today_option
@config_option
def summary(
    file: str,
    output_format: str,
    audience: str,
    output: Path | None,
    today: dt.date,
    config_path: Path | None,
) -> None:
    """Summarise the agreement in FILE in plain English: who shares what, why, how and how long."""
    from isa_lint.reports import summary as summaries
    from isa_lint.reports.common import ReportError, config_for, emit, lint
    from isa_lint.reports.escape import visible

    loaded = lint([file], config_for(config_path, today))
    if not loaded:
        raise ReportError(visible(f"{file} is not an agreement file (.yaml or .yml)"))
    if not loaded[0].readable:
        raise ReportError(visible(f"cannot summarise {file}: {loaded[0].why_unreadable()}"))
    emit(summaries.render(loaded[0], today, output_format, audience), output, [file])


@click.command(cls=Command)
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@format_option(
    "md",
    "csv",
    "html",
    default="md",
    help="md (a table), csv (for spreadsheets) or html (a sortable, printable page).",
)
@output_option
@today_option
@config_option
def register(
    paths: tuple[str, ...], output_format: str, output: Path | None, today: dt.date, config_path: Path | None
) -> None:
    """List every agreement in PATHS (default: agreements/): status, parties, review, findings."""
    from isa_lint.reports import register as registers
    from isa_lint.reports.common import config_for, emit, lint

    config = config_for(config_path, today)
    loaded = lint(paths, config)
    rendered = registers.render(loaded, today, output_format, config.settings.review_window_days)
    emit(rendered, output, [agreement.path for agreement in loaded])


@click.command(cls=Command)
@click.argument("files", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "--base",
    metavar="REV",
    help="Compare the agreements in FILES (default: agreements/) with the Git revision REV.",
)
@format_option("md", "json", default="md", help="md (for a pull-request comment) or json.")
@click.option(
    "--exit-code", is_flag=True, help="Exit with 1 when anything changed in meaning (like git diff)."
)
@output_option
@config_option
def diff(
    files: tuple[str, ...],
    base: str | None,
    output_format: str,
    exit_code: bool,
    output: Path | None,
    config_path: Path | None,
) -> None:
    """Explain in plain English what changed in meaning between two agreements.

    Either OLD NEW (two files), or --base REV [PATHS] to compare with a Git revision.
    Reordered keys, reordered lists of ids and reformatting are not changes.
    """
    import sys

    from isa_lint.check.findings import UsageProblem
    from isa_lint.reports import diff as diffs
    from isa_lint.reports.common import config_for, emit

    if base is None:
        if len(files) != 2:
            raise UsageProblem("give two files, OLD and NEW, or --base REV with optional PATHS")
        results = [diffs.compare_files(files[0], files[1])]
    else:
        config = config_for(config_path, dt.date.today())
        results = diffs.compare_with_revision(base, files, config)
    emit(diffs.render(results, output_format), output, files)
    if exit_code and any(result.changes for result in results):
        sys.exit(1)


_WITHIN = re.compile(r"^\s*(\d{1,5})\s*(d|days?|w|weeks?|m|months?)?\s*$", re.IGNORECASE)


def parse_within(ctx: click.Context | None, param: click.Parameter | None, value: str | None) -> str | None:
    """Check --within early so a mistake is a usage error before anything is read."""
    if value is not None and not _WITHIN.match(value):
        raise click.BadParameter(f"{value!r} is not a period: write it as 90d, 12w or 3m")
    return value


def within_end(value: str, today: dt.date) -> dt.date:
    """The last day of the window: days, weeks, or calendar months (3m from 31 Jan is 30 April)."""
    match = _WITHIN.match(value)
    if match is None:
        raise click.BadParameter(f"{value!r} is not a period: write it as 90d, 12w or 3m")
    count, unit = int(match.group(1)), (match.group(2) or "d")[0].lower()
    if unit == "d":
        return today + dt.timedelta(days=count)
    if unit == "w":
        return today + dt.timedelta(weeks=count)
    month = today.month - 1 + count
    year, month = today.year + month // 12, month % 12 + 1
    if year > dt.MAXYEAR:
        raise click.BadParameter(f"{value!r} reaches past the year {dt.MAXYEAR}")
    import calendar

    return dt.date(year, month, min(today.day, calendar.monthrange(year, month)[1]))


@click.command(cls=Command)
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "--within",
    metavar="PERIOD",
    callback=parse_within,
    help="Show reviews due within this period: 90d (days), 12w (weeks) or 3m (calendar months). "
    "Default: the configuration's review-warning-days (90).",
)
@format_option(
    "text",
    "md",
    "json",
    default="text",
    help="text for the screen, md for a report or an issue, json for scripts.",
)
@click.option(
    "--ics",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write an iCalendar file with one all-day event per review listed.",
)
@output_option
@today_option
@config_option
def due(
    paths: tuple[str, ...],
    within: str | None,
    output_format: str,
    ics: Path | None,
    output: Path | None,
    today: dt.date,
    config_path: Path | None,
) -> None:
    """List agreements in PATHS (default: agreements/) whose review is due or overdue, with owners."""
    from isa_lint.reports import due as dues
    from isa_lint.reports.common import config_for, emit, lint

    config = config_for(config_path, today)
    end = (
        within_end(within, today) if within else today + dt.timedelta(days=config.settings.review_window_days)
    )
    period = within or f"{config.settings.review_window_days}d"
    loaded = lint(paths, config)
    result = dues.find(loaded, today, end, period)
    read = [agreement.path for agreement in loaded]
    emit(dues.render(result, output_format), output, read)
    if ics is not None:
        emit(dues.calendar(result), ics, read)
        count = len(result.due)
        click.echo(f"Wrote {count} review{'' if count == 1 else 's'} to {ics}.", err=True)


@click.command(cls=Command)
@click.argument("agreement_id", metavar="ID", required=False)
@click.option(
    "--template",
    "template_name",
    default="basic",
    show_default=True,
    help="The agreement to start from: 'basic' (shipped with isa-lint) or the id of one in --dir.",
)
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("agreements"),
    show_default=True,
    help="The folder of agreements: templates are read from it and the new file is written to it.",
)
@click.option("--list", "list_templates", is_flag=True, help="List the templates and exit.")
def init(agreement_id: str | None, template_name: str, directory: Path, list_templates: bool) -> None:
    """Start a new agreement ID from a template, with placeholders to fill in; never overwrites."""
    from isa_lint.reports import init as inits
    from isa_lint.reports.escape import one_line

    templates = inits.templates(directory)
    if list_templates:
        for name, template in templates.items():
            click.echo(f"{one_line(name)}\t{one_line(template.title)}")
        return
    if agreement_id is None:
        raise click.UsageError("give the new agreement's ID, such as northshire-early-help")
    target, placeholders = inits.create(agreement_id, template_name, directory, templates)
    click.echo(
        f"Created {target} from the '{template_name}' template, with {placeholders} placeholders "
        f"written '[insert ...]'. Fill them in; 'isa-lint lint {target}' lists those left."
    )
