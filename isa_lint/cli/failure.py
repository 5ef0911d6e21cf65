"""How isa-lint words its own failures: one line and exit 2, never a traceback unless asked.

Shared by the click commands (:mod:`isa_lint.cli.app`) and the launcher's quick path
(:mod:`isa_lint.cli.launch`), so a failure reads the same whichever way the command ran.
"""

from __future__ import annotations

REPORTING = "docs/reporting-problems.md"
"""The page on what to send and where when isa-lint fails: the one place the code names it."""

INTERRUPTED = "isa-lint: interrupted"
EXIT_INTERRUPTED = 130
"""What a shell reports for a program stopped by Ctrl-C (128 + SIGINT)."""


def internal_error(error: BaseException) -> str:
    """The line printed when isa-lint itself fails: what, where to report it, how to see more."""
    return (
        f"isa-lint: internal error ({type(error).__name__}: {error}). "
        f"This is a fault in isa-lint, not in your files: run again with --debug to see the details, "
        f"and report it as {REPORTING} in isa-lint's source (or 'Reporting a problem' in its README) says."
    )
