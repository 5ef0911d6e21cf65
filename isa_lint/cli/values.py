"""How option values are read, without click: shared by the click options and the quick start.

Each reader takes the text given and returns the value, or raises ValueError. The click
options call these (:mod:`isa_lint.cli.options`), and so does the launcher's quick path
(:func:`isa_lint.cli.launch.plain_lint`), through a table built from the click command's
own parameters: one definition of how each option is read.
"""

from __future__ import annotations

import datetime as dt


def read_date(text: str) -> dt.date:
    """A date written YYYY-MM-DD."""
    return dt.date.fromisoformat(text)


def read_int(text: str, low: int | None = None, high: int | None = None) -> int:
    """A whole number within ``low`` and ``high`` (either None: no bound), as click.IntRange reads it."""
    number = int(text)
    if (low is not None and number < low) or (high is not None and number > high):
        raise ValueError(text)
    return number
