"""The ``isa-lint`` command line: small click commands over the shared load-check-report pipeline.

Heavy modules (the engine, jsonschema, the catalogues) are imported inside the commands
that need them, so ``--version``, ``--help``, ``rules`` and ``explain`` start quickly.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

from isa_lint import __version__
from isa_lint.check.findings import EXIT_ERROR, Severity
from isa_lint.cli.failure import EXIT_INTERRUPTED, INTERRUPTED, internal_error
from isa_lint.cli.options import (
    Command,
    config_option,
    format_option,
    no_cache_option,
    output_option,
    today_option,
)
from isa_lint.formats import FORMAT_NAMES

LAZY_COMMANDS = {
    "summary": "isa_lint.reports.commands:summary",
    "register": "isa_lint.reports.commands:register",
    "diff": "isa_lint.reports.commands:diff",
    "due": "isa_lint.reports.commands:due",
    "init": "isa_lint.reports.commands:init",
}
"""Commands whose modules are imported only when they run, so start-up stays fast."""


class _Group(click.Group):
    """Lazy commands, and an unexpected exception as one line with exit 2 (``--debug``: traceback)."""

    command_class = Command

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *LAZY_COMMANDS])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS:
            import importlib

            module, _, attribute = LAZY_COMMANDS[cmd_name].partition(":")
            command = getattr(importlib.import_module(module), attribute)
            return command if isinstance(command, click.Command) else None
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            click.echo(INTERRUPTED, err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except Exception as error:  # the promise: never a traceback unless asked
            if ctx.obj and ctx.obj.get("debug"):
                import traceback

                traceback.print_exc()
            else:
                click.echo(internal_error(error), err=True)
            ctx.exit(EXIT_ERROR)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="isa-lint", message="%(prog)s %(version)s")
@click.option("--debug", is_flag=True, help="Show the full traceback if isa-lint itself fails.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Check information sharing agreements written as YAML against the law and good practice.

    Exit codes: 0 no findings at or above --fail-on, 1 findings, 2 usage or internal error.
    """
    ctx.ensure_object(dict)["debug"] = debug


def help_text(prog: str, width: int) -> str:
    """What ``PROG --help`` prints on a terminal whose help is wrapped at ``width``."""
    context = click.Context(main, info_name=prog, terminal_width=width, **main.context_settings)
    return context.get_help() + "\n"


def _parse_severity_or_none(ctx: click.Context, param: click.Parameter, value: str | None) -> Severity | None:
    return Severity.parse(value) if value else None


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@format_option(
    *FORMAT_NAMES, default="text", help="text for people; json, sarif, junit, github or gitlab for machines."
)
@output_option
@today_option
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"], case_sensitive=False),
    callback=_parse_severity_or_none,
    help="The lowest severity that makes the run fail (exit 1). Default: error, or the configuration's.",
)
@config_option
@click.option(
    "--select",
    multiple=True,
    metavar="RULE",
    help="Run only these rules (code, code prefix such as ISA4, or name). Repeatable.",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="RULE",
    help="Do not run these rules (code, prefix or name). Repeatable.",
)
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Report only findings that are not in this baseline file.",
)
@click.option(
    "--write-baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Record every current finding in this baseline file, and exit 0.",
)
@click.option(
    "--base",
    metavar="REV",
    help="Also compare each agreement with its version where this branch left the Git revision REV "
    "(such as origin/main): version bumped, changelog entry, re-signed, id unchanged, nothing deleted.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Lint in this many processes (default: the number of processors).",
)
@no_cache_option
@click.option(
    "--agreements-only",
    is_flag=True,
    help="Skip files given that are not agreements (no 'schema_version:' line and no isa-lint "
    "schema line near the top): for hooks that pass every YAML file.",
)
def lint(
    paths: tuple[str, ...],
    output_format: str,
    output: Path | None,
    today: dt.date,
    fail_on: Severity | None,
    config_path: Path | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    baseline: Path | None,
    write_baseline: Path | None,
    base: str | None,
    jobs: int | None,
    no_cache: bool,
    agreements_only: bool,
) -> None:
    """Check agreements in PATHS (files or directories; default: agreements/)."""
    from isa_lint.cli import lint_command

    code = lint_command.run(
        paths,
        output_format=output_format,
        output=output,
        today=today,
        fail_on=fail_on,
        config_path=config_path,
        select=select,
        ignore=ignore,
        baseline=baseline,
        write_baseline=write_baseline,
        base=base,
        jobs=jobs,
        cache=not no_cache,
        agreements_only=agreements_only,
    )
    sys.exit(code)


@main.command()
@format_option(
    "text", "json", "markdown", default="text", help="Output format (markdown: the page docs/rules.md)."
)
def rules(output_format: str) -> None:
    """List every rule: code, name, severity and what it checks."""
    from isa_lint.rules.docs import rules_json, rules_markdown, rules_table

    pages = {"json": rules_json, "markdown": rules_markdown}
    click.echo(pages.get(output_format, rules_table)(), nl=False)


@main.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Explain RULE (a code such as ISA401 or a name): why it matters, the law, examples."""
    from isa_lint.rules import lookup
    from isa_lint.rules.docs import explain_rule

    found = lookup(rule)
    if found is None:
        raise click.BadParameter(f"no rule {rule!r}; 'isa-lint rules' lists them all", param_hint="RULE")
    click.echo(explain_rule(found), nl=False)


@main.command()
@format_option(
    "text",
    "md",
    "json",
    default="text",
    help="text for people, md for the docs page (docs/law.md), json for machines.",
)
def law(output_format: str) -> None:
    """List every legal fact the linter uses: citation, status, commencement, date checked, rules."""
    from isa_lint.reports.law import render

    click.echo(render(output_format), nl=False)


@main.command()
def schema() -> None:
    """Print the JSON Schema of the agreement format (Draft 2020-12)."""
    from isa_lint.load.schema import schema_text

    click.echo(schema_text(), nl=False)


@main.command(name="import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="The YAML file to write (one Word file), or a folder. Default: <suggested id>.yaml here. "
    "An existing file is never replaced.",
)
def import_command(paths: tuple[str, ...], output: Path | None) -> None:
    """Read Word agreements (.docx) in PATHS into draft agreements in the v1 format, losing nothing.

    Exit codes: 0 every file imported; 2 a file refused or not written (each with its reason).
    """
    from isa_lint.word.commands import import_files

    sys.exit(import_files(paths, output))


@main.command()
@click.argument("path", type=click.Path(path_type=str))
@format_option("docx", "pdf", default="docx", help="docx for Word; pdf needs the [pdf] extra (WeasyPrint).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write (atomically). Default: beside the agreement, with .docx or .pdf.",
)
def export(path: str, output_format: str, output: Path | None) -> None:
    """Write the agreement in PATH as a Word document or PDF for the people who sign it."""
    from isa_lint.word.commands import export_file

    sys.exit(export_file(path, output_format, output))


@main.command()
def server() -> None:
    """Run the language server for editors, speaking LSP over stdin and stdout (README: Editors)."""
    try:
        from isa_lint.server.app import serve
    except ImportError as missing:
        raise click.ClickException(
            f"the language server needs pygls ({missing}); install isa-lint with the 'server' extra"
        ) from None
    serve()


@main.command("site")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "-o",
    "--output",
    "directory",
    required=True,
    type=click.Path(path_type=Path),
    help="The folder to build the site in: new, empty, or a site isa-lint built before (which is replaced).",
)
@click.option(
    "--base-url",
    metavar="URL",
    help="Where the site will be published (https://...), for the calendar's links; pages link relatively.",
)
@click.option(
    "--repo-url",
    metavar="URL",
    help="The web address of the agreements' files (such as https://github.com/ORG/REPO/blob/main/), "
    "for a link to each agreement's YAML source.",
)
@today_option
@config_option
@no_cache_option
def site(
    paths: tuple[str, ...],
    directory: Path,
    base_url: str | None,
    repo_url: str | None,
    today: dt.date,
    config_path: Path | None,
    no_cache: bool,
) -> None:
    """Build a static website of the agreements in PATHS (default: agreements/) in a folder.

    An index to filter and sort, a page per agreement, data-flow maps and the reviews with a
    calendar to subscribe to. Needs Graphviz's dot program for the maps. Agreements unchanged
    since the last build are read from the results cache, as lint does.
    """
    from isa_lint.reports.common import config_for
    from isa_lint.site.build import build

    config = config_for(config_path, today)
    count = build(
        paths, directory, config=config, today=today, base_url=base_url, repo_url=repo_url, cache=not no_cache
    )
    click.echo(f"Built the site of {count} agreement{'' if count == 1 else 's'} in {directory}.", err=True)
