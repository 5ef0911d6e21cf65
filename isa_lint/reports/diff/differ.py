"""The differ: each section of an agreement compared by its own module, in the order reported."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from isa_lint.reports.diff.about import About
from isa_lint.reports.diff.keeping import Keeping
from isa_lint.reports.diff.model import (
    SECTIONS,
    TOP_LEVEL,
    Change,
    _field_order,
    _ordered_keys,
    _same,
)
from isa_lint.reports.diff.parties import Parties
from isa_lint.reports.diff.purposes import Purposes
from isa_lint.reports.diff.sharing import Sharing


class Differ(About, Parties, Purposes, Sharing, Keeping):
    """Every section's differ; :meth:`run` sends each top-level key to its own."""

    def run(self) -> list[Change]:
        old, new = self.old.data, self.new.data
        handlers: dict[str, Callable[[Any, Any], None]] = {
            "scope": self.scope,
            "review": self.review,
            "changelog": self.changelog,
            "parties": self.party_list,
            "purposes": self.purposes,
            "data": self.categories,
            "sharing": self.sharing,
            "security": self.security,
            "retention": self.retention,
            "rights": self.rights,
            "records": self.records,
            "signatories": self.signatories,
        }
        for key in _ordered_keys(old, new, _field_order()):
            if key in TOP_LEVEL:
                self.identity(key, old.get(key), new.get(key))
            elif key in handlers:
                handlers[key](old.get(key), new.get(key))
            elif not _same(old.get(key), new.get(key)):
                self.generic(
                    "other", f"/{key}", key.replace("_", " ").capitalize(), "", old.get(key), new.get(key)
                )
        order = list(SECTIONS)
        return sorted(self.changes, key=lambda c: order.index(c.section))


def compare(old: Any, new: Any) -> list[Change]:
    """The changes in meaning from ``old`` to ``new`` (plain agreement data)."""
    return Differ(old, new).run()
