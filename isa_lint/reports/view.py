"""A crash-proof view of one agreement's plain data, for reports.

Reports are made for agreements that may still have lint errors: a section of the wrong type
reads as empty, a value of the wrong type reads as text, and an unknown party id is shown as
written. Nothing here raises on bad data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from isa_lint.rules._rule import parse_date

ALL = "all"
EACH_PARTY = "each_party"


def as_text(value: Any) -> str:
    """Scalars as the text a reader expects; lists, mappings and nothing as ''."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return ""


def mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def mappings(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def strings(value: Any) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


class Agreement:
    """Typed, forgiving access to an agreement's sections."""

    def __init__(self, data: Any, path: str = "") -> None:
        self.data: dict[str, Any] = data if isinstance(data, dict) else {}
        self.path = path
        self.parties: dict[str, dict[str, Any]] = self._by_id("parties")
        self.purposes: dict[str, dict[str, Any]] = self._by_id("purposes")
        self.categories: dict[str, dict[str, Any]] = self._by_id("data")

    def _by_id(self, name: str) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for item in self.items(name):
            key = as_text(item.get("id"))
            if key and key not in found:
                found[key] = item
        return found

    def text(self, *keys: str) -> str:
        """A nested scalar as text, or '' when missing or of the wrong type."""
        value: Any = self.data
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        return as_text(value)

    def section(self, name: str) -> dict[str, Any]:
        return mapping(self.data.get(name))

    def items(self, name: str) -> list[dict[str, Any]]:
        return mappings(self.data.get(name))

    @property
    def id(self) -> str:
        return self.text("id")

    @property
    def title(self) -> str:
        return self.text("title") or self.id or self.path

    def expand(self, refs: Iterable[str]) -> list[str]:
        """Party references with 'all' replaced by every party, in the parties' order, unique."""
        wanted: list[str] = []
        for ref in refs:
            for party in self.parties if ref == ALL else [ref]:
                if party not in wanted:
                    wanted.append(party)
        order = {party: index for index, party in enumerate(self.parties)}
        return sorted(wanted, key=lambda p: (order.get(p, len(order)), p))

    def party_name(self, ref: str) -> str:
        if ref == ALL:
            return "Every party"
        if ref == EACH_PARTY:
            return "Each party, for its own records"
        party = self.parties.get(ref)
        return (as_text(party.get("name")) or ref) if party else ref

    def party_names(self, refs: Iterable[str]) -> list[str]:
        """Names for party references, keeping 'all' as 'Every party' when it is all that is given."""
        given = list(refs)
        if given == [ALL]:
            return ["Every party"]
        return [self.party_name(ref) for ref in self.expand(given)]

    def data_label(self, ref: str) -> str:
        category = self.categories.get(ref)
        return (as_text(category.get("description")) or ref) if category else ref

    def review_due(self) -> dt.date | None:
        return parse_date(self.section("review").get("due"))

    def kinds_shared(self) -> set[str]:
        return {as_text(c.get("kind")) for c in self.categories.values()}

    def signed_parties(self) -> dict[str, Mapping[str, Any]]:
        """Party id -> its signatory entry, for parties whose signature has a date."""
        signed: dict[str, Mapping[str, Any]] = {}
        for signatory in self.items("signatories"):
            party = as_text(signatory.get("party"))
            if party and parse_date(signatory.get("signed")) is not None:
                signed.setdefault(party, signatory)
        return signed
