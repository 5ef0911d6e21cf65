"""Did-you-mean suggestions for a misspelt key, value or reference.

difflib is imported only when there is something to suggest: an agreement with no mistake
(the usual case) never pays for its import.
"""

from __future__ import annotations

from collections.abc import Iterable


def close_matches(word: str, choices: Iterable[str], n: int = 1, cutoff: float = 0.6) -> list[str]:
    """The ``n`` choices most like ``word`` (difflib's ratio at least ``cutoff``), best first."""
    import difflib

    return difflib.get_close_matches(word, list(choices), n=n, cutoff=cutoff)
