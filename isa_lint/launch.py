"""The ``isa-lint`` command: answers the quick questions at once, hands everything else to click.

``--version``, ``--help``, ``rules`` and ``explain`` print text that depends only on the
installed package. Building it means importing click, every rule and the catalogues, about
ten times what Python itself takes to start; so the pages are built once, saved with
:mod:`isa_lint.compiled` under a key that changes whenever any file of the package changes,
and printed from there. Anything else, and any page not saved yet, goes through
:mod:`isa_lint.cli` as usual, so the answer is the same either way (the tests compare them).
"""

from __future__ import annotations

import os
import sys

PROG = "isa-lint"

PAGE_VERSION = 1
"""Bump when the layout of the saved pages changes."""


def main() -> None:
    """Entry point of the console script and of ``python -m isa_lint``."""
    page = quick_page(sys.argv[1:])
    if page is not None:
        sys.stdout.write(page)
        sys.stdout.flush()
        return
    from isa_lint.cli import main as cli_main

    cli_main(prog_name=PROG)


def quick_page(args: list[str]) -> str | None:
    """The text ``isa-lint ARGS`` prints, when it is a saved page; else None (ask click)."""
    if args in (["--version"], ["-V"]):
        from isa_lint import __version__

        return f"{PROG} {__version__}\n"
    wanted = page_name(args)
    if wanted is None:
        return None
    from isa_lint import compiled

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
    from isa_lint import docs
    from isa_lint.rules import RULES

    pages: dict[str, object] = {"rules text": docs.rules_table(), "rules json": docs.rules_json()}
    pages["aliases"] = {f"explain {rule.name.upper()}": f"explain {rule.code}" for rule in RULES}
    pages.update({f"explain {rule.code}": docs.explain_rule(rule) for rule in RULES})
    if wanted.startswith("help "):
        from isa_lint.cli import help_text

        pages[wanted] = help_text(PROG, int(wanted.split()[1]))
    return pages
