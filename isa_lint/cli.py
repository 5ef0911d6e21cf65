"""The ``isa-lint`` command line: small click commands over the shared load-check-report pipeline.

Heavy modules (the engine, jsonschema, the catalogues) are imported inside the commands
that need them, so ``--version``, ``--help``, ``rules`` and ``explain`` start quickly.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

import click

from isa_lint import __version__
from isa_lint.findings import EXIT_ERROR, Severity
from isa_lint.formats import FORMAT_NAMES
from isa_lint.options import config_option, output_option, today_option

REPORT_URL = "https://github.com/isa-lint/isa-lint/issues"


def _use_color(stream: Any) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


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
            click.echo("isa-lint: interrupted", err=True)
            ctx.exit(130)
        except Exception as error:  # the promise: never a traceback unless asked
            if ctx.obj and ctx.obj.get("debug"):
                import traceback

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


def help_text(prog: str, width: int) -> str:
    """What ``PROG --help`` prints on a terminal whose help is wrapped at ``width``."""
    context = click.Context(main, info_name=prog, terminal_width=width, **main.context_settings)
    return context.get_help() + "\n"


def _parse_severity_or_none(ctx: click.Context, param: click.Parameter, value: str | None) -> Severity | None:
    return Severity.parse(value) if value else None


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMAT_NAMES),
    default="text",
    show_default=True,
    help="text for people; json, sarif, junit, github or gitlab for machines.",
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
@click.option(
    "--no-cache",
    is_flag=True,
    help="Neither read nor write the results cache (.isa-lint-cache/ in the project root).",
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
) -> None:
    """Check agreements in PATHS (files or directories; default: agreements/)."""
    from isa_lint.config import load, with_overrides
    from isa_lint.engine import add_findings
    from isa_lint.findings import UsageProblem, exit_code
    from isa_lint.formats import Report, renderer

    try:
        config = with_overrides(load(config_path), today=today, select=select, ignore=ignore, fail_on=fail_on)
        run = _lint_run(
            paths or ("agreements",), config, jobs=jobs, cache=not no_cache, whole=base is not None
        )
        if base is not None:
            from isa_lint import history

            add_findings(run, history.check(run, config, base), config)
        findings = run.findings
        if write_baseline is not None:
            from isa_lint import baseline as baselines

            baselines.write(write_baseline, findings)
            click.echo(f"Wrote {len(findings)} findings to the baseline {write_baseline}.", err=True)
            sys.exit(0)
        if baseline is not None:
            from isa_lint import baseline as baselines

            findings = baselines.new_findings(findings, baselines.read(baseline))
    except UsageProblem as problem:
        raise click.UsageError(str(problem)) from None
    color = output is None and output_format == "text" and _use_color(sys.stdout)
    report = Report(run.files, findings, color=color, fail_on=config.fail_on)
    _emit(renderer(output_format)(report), output)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if output_format == "github" and summary:
        from isa_lint.formats.github import append_step_summary

        append_step_summary(report, Path(summary))
    sys.exit(exit_code(findings, config.fail_on))


def _lint_run(paths: tuple[str, ...], config: Any, *, jobs: int | None, cache: bool, whole: bool) -> Any:
    """Lint file by file, in ``jobs`` processes, with the results cache (isa_lint.parallel).

    ``whole``: keep every parsed document, serially and uncached (--base compares them).
    """
    from isa_lint.engine import lint_paths

    if whole:
        return lint_paths(paths, config)
    from isa_lint.cache import ResultCache
    from isa_lint.parallel import default_jobs

    store = ResultCache.for_config(config) if cache else None
    return lint_paths(paths, config, keep_documents=False, jobs=jobs or default_jobs(), cache=store)


def _emit(text: str, output: Path | None) -> None:
    """Print, or write atomically to ``output``."""
    if output is None:
        click.echo(text, nl=False)
        return
    from isa_lint.atomic import write_atomic

    try:
        write_atomic(output, text)
    except OSError as error:
        raise click.UsageError(f"cannot write {output}: {error.strerror or error}") from None


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
