"""The ``isa-lint`` command line: small click commands over the shared load-check-report pipeline.

Heavy modules (the engine, jsonschema, the catalogues) are imported inside the commands
that need them, so ``--version``, ``--help``, ``rules`` and ``explain`` start quickly.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import traceback
from typing import Any

import click

from isa_lint import __version__
from isa_lint.findings import EXIT_ERROR, Severity

REPORT_URL = "https://github.com/isa-lint/isa-lint/issues"


def _use_color(stream: Any) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _parse_today(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date:
    """--today as a date; the real date when it is not given."""
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date written YYYY-MM-DD") from None


def _parse_severity(ctx: click.Context, param: click.Parameter, value: str) -> Severity:
    return Severity.parse(value)


class _Group(click.Group):
    """Turn an unexpected exception into one line and exit 2; ``--debug`` shows the traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("isa-lint: interrupted", err=True)
            ctx.exit(130)
        except Exception as error:  # the promise: never a traceback unless asked
            if ctx.obj and ctx.obj.get("debug"):
                traceback.print_exc()
            else:
                click.echo(
                    f"isa-lint: internal error ({type(error).__name__}: {error}). "
                    f"Please report it at {REPORT_URL}; run with --debug to see the details.",
                    err=True,
                )
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


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for machines.",
)
@click.option(
    "--today",
    metavar="YYYY-MM-DD",
    callback=_parse_today,
    help="Treat this date as today when checking review dates (default: the real date).",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"], case_sensitive=False),
    default="error",
    callback=_parse_severity,
    show_default=True,
    help="The lowest severity that makes the run fail (exit 1).",
)
def lint(paths: tuple[str, ...], output_format: str, today: dt.date, fail_on: Severity) -> None:
    """Check agreements in PATHS (files or directories; default: agreements/)."""
    from isa_lint.engine import PathProblem, lint_paths
    from isa_lint.findings import exit_code
    from isa_lint.formats import Report, renderers
    from isa_lint.rules._rule import Settings

    settings = Settings(today=today)
    try:
        run = lint_paths(paths or ("agreements",), settings)
    except PathProblem as problem:
        raise click.UsageError(str(problem)) from None
    stream = sys.stdout
    report = Report(run.files, run.findings, color=_use_color(stream), fail_on=fail_on)
    click.echo(renderers()[output_format](report), nl=False)
    sys.exit(exit_code(run.findings, fail_on))


@main.command()
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text", help="Output format."
)
def rules(output_format: str) -> None:
    """List every rule: code, name, severity and what it checks."""
    from isa_lint.docs import rules_json, rules_table

    click.echo(rules_json() if output_format == "json" else rules_table(), nl=False)


@main.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Explain RULE (a code such as ISA401 or a name): why it matters, the law, examples."""
    from isa_lint.docs import explain_rule
    from isa_lint.rules import lookup

    found = lookup(rule)
    if found is None:
        raise click.BadParameter(f"no rule {rule!r}; 'isa-lint rules' lists them all", param_hint="RULE")
    click.echo(explain_rule(found), nl=False)


@main.command()
def schema() -> None:
    """Print the JSON Schema of the agreement format (Draft 2020-12)."""
    from isa_lint.schema import schema_text

    click.echo(schema_text(), nl=False)
