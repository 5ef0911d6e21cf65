"""The ``isa-lint`` command: answers the quick questions at once, hands everything else to click.

``--version``, ``--help``, ``rules`` and ``explain`` print text that depends only on the
installed package. Building it means importing click, every rule and the catalogues, about
ten times what Python itself takes to start; so the pages are built once, saved with
:mod:`isa_lint.run.compiled` under a key that changes whenever any file of the package changes,
and printed from there. Anything else, and any page not saved yet, goes through
:mod:`isa_lint.cli.app` as usual, so the answer is the same either way (the tests compare them).

A plain ``isa-lint lint PATH...``, what pre-commit runs on every commit (and with
``--no-cache``, ``--today`` or ``--jobs``, what CI and the benchmark run), has little for
click to parse: :func:`plain_lint` reads it and it goes straight to
:func:`isa_lint.cli.lint_command.run`, the function the click command calls too. Any other
option, a value click would refuse, or a usage problem (a missing file, a bad
configuration) is handed to click, which words it with the command's usage line as always.

Two things spare time that only a whole process can spare (docs/performance.md):

* the cyclic garbage collector is off while modules are imported; linting turns it back
  on with those objects frozen (:func:`isa_lint.run.pool.lint_files`), and any other
  command gets it back before it starts;
* once everything is printed and flushed, the process ends with ``os._exit``: tearing
  down every module object one by one would take longer than the lint of one file.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys

PROG = "isa-lint"

PAGE_VERSION = 1
"""Bump when the layout of the saved pages changes."""


def main() -> None:
    """Entry point of the console script and of ``python -m isa_lint``: run, flush, exit."""
    gc.disable()
    code: object
    try:
        code = run(sys.argv[1:])
    except SystemExit as stop:
        code = stop.code
    exit_now(code)


def run(args: list[str]) -> int:
    """Do what ``isa-lint ARGS`` asks and return the exit code (click's path raises SystemExit)."""
    page = quick_page(args)
    if page is not None:
        sys.stdout.write(page)
        return 0
    from isa_lint.run import patterns

    with patterns.kept(args[0] if args else ""):
        return _run_command(args)


def _run_command(args: list[str]) -> int:
    plain = plain_lint(args)
    if plain is not None:
        code = quick_lint(plain)
        if code is not None:
            return code
    gc.enable()
    from isa_lint.cli.app import main as cli_main

    cli_main(args=args, prog_name=PROG)
    return 0  # not reached: click ends with SystemExit


def exit_now(code: object) -> None:
    """Flush what was printed and end the process at once, with ``sys.exit``'s meaning of ``code``."""
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        sys.stderr.write(f"{code}\n")
        status = 1
    for stream in (sys.stdout, sys.stderr):
        # A reader gone, a stream closed, or none at all (started with it closed): nothing to do.
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()
    os._exit(status)


QUICK_OPTIONS = {"today": "today", "jobs": "jobs"}
"""Options of ``lint`` the quick path reads itself (click parameter name -> ``run`` keyword).
How each is spelt and read comes from the click command itself (:func:`build_option_table`)."""


def option_table() -> dict[str, object]:
    """``{flag: [keyword, reader, *arguments]}`` for :data:`QUICK_OPTIONS`, built from the click
    command's own parameters and saved with the compiled pages (keyed on the cli folder)."""
    from isa_lint.run import compiled

    key = f"{PAGE_VERSION}-{compiled.source_stamp(os.path.join(compiled.PACKAGE, 'cli'))}"
    table = compiled.read("options", key)
    if not isinstance(table, dict):
        table = build_option_table()
        compiled.write("options", key, table)
    return table


def build_option_table() -> dict[str, object]:
    """The quick options' table from ``isa-lint lint``'s click parameters (imports click).

    A parameter whose type or reader the quick path does not know is left out, so click
    reads it (a plain lint using it goes through click).
    """
    import click

    from isa_lint.cli import options
    from isa_lint.cli.app import lint

    table: dict[str, object] = {}
    for param in lint.params:
        keyword = QUICK_OPTIONS.get(param.name or "")
        if keyword is None or not isinstance(param, click.Option):
            continue
        reader: list[object]
        if isinstance(param.type, click.IntRange) and not (param.type.min_open or param.type.max_open):
            reader = ["int", param.type.min, param.type.max]
        elif param.callback is options._parse_today:
            reader = ["date"]
        else:
            continue
        for flag in param.opts:
            table[flag] = [keyword, *reader]
    return table


def _read(reader: list[object], value: str) -> object:
    from isa_lint.cli import values

    kind, *arguments = reader
    if kind == "int":
        return values.read_int(value, *arguments)  # type: ignore[arg-type]
    if kind == "date":
        return values.read_date(value)
    raise ValueError(kind)


def plain_lint(args: list[str]) -> dict[str, object] | None:
    """The keywords for :func:`isa_lint.cli.lint_command.run` when ``args`` are a plain ``lint``.

    Plain: paths, ``--no-cache``, ``--agreements-only`` (what the pre-commit hook adds), and :data:`QUICK_OPTIONS` as ``--today DATE`` or
    ``--today=DATE``. Any other option, or a value click would refuse, returns None, and
    click runs the command (and words the refusal).
    """
    if not args or args[0] != "lint":
        return None
    table = option_table()
    paths: list[str] = []
    found: dict[str, object] = {}
    rest = iter(args[1:])
    for arg in rest:
        if arg == "--no-cache":
            found["cache"] = False
            continue
        if arg == "--agreements-only":
            found["agreements_only"] = True
            continue
        name, equals, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        entry = table.get(name)
        if not isinstance(entry, list) or not entry:
            if arg.startswith("-"):
                return None
            paths.append(arg)
            continue
        given = value if equals else next(rest, None)
        if given is None:
            return None
        keyword, *reader = entry
        try:
            found[str(keyword)] = _read(reader, given)
        except (ValueError, TypeError):
            return None
    return {"paths": tuple(paths), **found}


def quick_lint(options: dict[str, object]) -> int | None:
    """Lint as ``isa-lint lint`` would with ``options``; None for a usage problem, which click words."""
    from isa_lint.check.findings import EXIT_ERROR, UsageProblem
    from isa_lint.cli import lint_command
    from isa_lint.cli.failure import EXIT_INTERRUPTED, INTERRUPTED, internal_error

    try:
        return lint_command.run(**options)  # type: ignore[arg-type]
    except UsageProblem:
        return None
    except KeyboardInterrupt:
        sys.stderr.write(f"{INTERRUPTED}\n")
        return EXIT_INTERRUPTED
    except Exception as error:  # the promise: never a traceback (click's path gives --debug)
        sys.stderr.write(f"{internal_error(error)}\n")
        return EXIT_ERROR


def quick_page(args: list[str]) -> str | None:
    """The text ``isa-lint ARGS`` prints, when it is a saved page; else None (ask click)."""
    if args in (["--version"], ["-V"]):
        from isa_lint import __version__

        return f"{PROG} {__version__}\n"
    wanted = page_name(args)
    if wanted is None:
        return None
    from isa_lint.run import compiled

    key = f"{PAGE_VERSION}-{compiled.source_stamp()}"
    pages = compiled.read("pages", key)
    if not isinstance(pages, dict) or not isinstance(pages.get("aliases"), dict):
        pages = build_pages(wanted)
        compiled.write("pages", key, pages)
    elif wanted.startswith("help ") and wanted not in pages:
        pages.update(build_pages(wanted))
        compiled.write("pages", key, pages)
    aliases = pages["aliases"]
    page = pages.get(aliases.get(wanted, wanted) if isinstance(aliases, dict) else wanted)
    return page if isinstance(page, str) else None  # None: no such rule, click words the error


def page_name(args: list[str]) -> str | None:
    """The saved page that ``args`` ask for, if they ask for one."""
    if args in (["--help"], ["-h"]):
        return f"help {help_width()}"
    if args in (["rules"], ["rules", "--format", "text"], ["rules", "--format=text"]):
        return "rules text"
    if args in (["rules", "--format", "json"], ["rules", "--format=json"]):
        return "rules json"
    if len(args) == 2 and args[0] == "explain" and not args[1].startswith("-"):
        return f"explain {args[1].strip().upper()}"
    return None


def help_width() -> int:
    """The width click wraps help to on this terminal (see click.formatting.HelpFormatter)."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns if sys.__stdout__ else 80
        except (AttributeError, ValueError, OSError):
            columns = 80
    return max(min(columns, 80) - 2, 50)


def build_pages(wanted: str) -> dict[str, object]:
    """Every rule page, and the help page ``wanted`` names if it is one, rendered the slow way.

    ``aliases`` maps ``explain NAME`` to ``explain CODE``, so a page is saved once.
    """
    from isa_lint.rules import RULES, docs

    pages: dict[str, object] = {"rules text": docs.rules_table(), "rules json": docs.rules_json()}
    pages["aliases"] = {f"explain {rule.name.upper()}": f"explain {rule.code}" for rule in RULES}
    pages.update({f"explain {rule.code}": docs.explain_rule(rule) for rule in RULES})
    if wanted.startswith("help "):
        from isa_lint.cli.app import help_text

        pages[wanted] = help_text(PROG, int(wanted.split()[1]))
    return pages
