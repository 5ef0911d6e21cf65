"""The options checks may read, in a module of their own.

The configuration holds them and the results cache keys on them, so a run whose every
result is cached needs them without importing the rule registry they belong to.
"""

import datetime as dt
from typing import NamedTuple


class Settings(NamedTuple):
    """The options checks may read; configuration files and the command line fill them.

    ``today`` is the date review dates are measured from: the real date, unless fixed.
    """

    today: dt.date
    review_window_days: int = 90
    max_review_months: int = 36
    breach_warning_hours: int = 24
    default_nation: str | None = None
