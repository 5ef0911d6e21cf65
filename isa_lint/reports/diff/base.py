"""What every section's differ shares: the two versions, the list of changes, names, and
generic comparisons of fields, sets and lists of items keyed by id."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from isa_lint.reports import wording as w
from isa_lint.reports.diff.model import (
    DATA_LABEL_LIMIT,
    Change,
    _field_order,
    _norm,
    _ordered_keys,
    _same,
    _schema_title,
    show,
    show_plain,
)
from isa_lint.reports.view import ALL, Agreement, as_text, mapping, mappings, strings


class DifferBase:
    """The two versions being compared and the changes found so far."""

    def __init__(self, old: Any, new: Any) -> None:
        self.old = Agreement(old)
        self.new = Agreement(new)
        self.changes: list[Change] = []

    def add(
        self, section: str, kind: str, pointer: str, message: str, old: Any = None, new: Any = None
    ) -> None:
        self.changes.append(Change(section, kind, pointer, message, old, new))

    # names, taken from the new version where they exist there
    def party(self, ref: str) -> str:
        if ref == ALL:
            return "every party"
        return self.new.party_name(ref) if ref in self.new.parties else self.old.party_name(ref)

    def parties(self, refs: Iterable[str]) -> str:
        return w.join_words(self.party(ref) for ref in sorted(set(refs), key=self._party_order)) or "nobody"

    def _party_order(self, ref: str) -> tuple[int, str]:
        order = list(self.new.parties) + [p for p in self.old.parties if p not in self.new.parties]
        return (order.index(ref) if ref in order else len(order), ref)

    def data(self, ref: str) -> str:
        """A data category by its description when that is short, else by its id."""
        found = self.new.categories.get(ref) or self.old.categories.get(ref)
        description = " ".join(as_text(found.get("description")).split()).rstrip(".") if found else ""
        return description if description and len(description) <= DATA_LABEL_LIMIT else ref

    def generic(self, section: str, pointer: str, title: str, of: str, old: Any, new: Any) -> None:
        """A field compared as a whole: added, removed, or changed from / to."""
        if _same(old, new):
            return
        of = f" of {of}" if of else ""
        if old is None:
            self.add(section, "added", pointer, f"{title}{of} added: {show(new)}.", None, new)
        elif new is None:
            self.add(section, "removed", pointer, f"{title}{of} removed (was {show(old)}).", old, None)
        else:
            self.add(
                section, "changed", pointer, f"{title}{of} changed from {show(old)} to {show(new)}.", old, new
            )

    def fields(
        self,
        section: str,
        pointer: str,
        schema_path: tuple[str, ...],
        of: str,
        old: Any,
        new: Any,
        skip: Iterable[str] = (),
    ) -> None:
        """Every field of a mapping compared generically, named by the schema's titles."""
        old_map, new_map = mapping(old), mapping(new)
        for key in _ordered_keys(old_map, new_map, _field_order(*schema_path)):
            if key not in skip:
                title = _schema_title(*schema_path, key)
                self.generic(section, f"{pointer}/{key}", title, of, old_map.get(key), new_map.get(key))

    def set_change(
        self,
        section: str,
        pointer: str,
        old: Any,
        new: Any,
        added: tuple[str, str],
        removed: tuple[str, str],
        words: Callable[[str], str] = show_plain,
    ) -> None:
        """A list of ids or short texts compared as a set, one change per item added or removed.

        ``added`` and ``removed`` are the words before and after the item, which ``words`` names.
        """
        old_items = {_norm(v): v for v in strings(old)}
        new_items = {_norm(v): v for v in strings(new)}
        for key, value in new_items.items():
            if key not in old_items:
                self.add(section, "added", pointer, f"{added[0]}{words(value)}{added[1]}", None, value)
        for key, value in old_items.items():
            if key not in new_items:
                self.add(section, "removed", pointer, f"{removed[0]}{words(value)}{removed[1]}", value, None)

    def keyed(
        self, old: Any, new: Any, key: Callable[[dict[str, Any]], str]
    ) -> tuple[
        list[tuple[str, dict[str, Any]]],
        list[tuple[str, dict[str, Any]]],
        list[tuple[str, dict[str, Any], dict[str, Any]]],
    ]:
        """Match list items by key: (added, removed, in both), in the new version's order."""

        def index(items: Any) -> dict[str, dict[str, Any]]:
            found: dict[str, dict[str, Any]] = {}
            for item in mappings(items):
                name = " ".join(key(item).split())
                while name in found:  # a duplicate key (a lint error) must not hide an item
                    name += "'"
                found[name] = item
            return found

        before, after = index(old), index(new)
        added = [(k, v) for k, v in after.items() if k not in before]
        removed = [(k, v) for k, v in before.items() if k not in after]
        both = [(k, before[k], v) for k, v in after.items() if k in before]
        return added, removed, both

    def added_removed(
        self,
        section: str,
        pointer: str,
        added: list[tuple[str, dict[str, Any]]],
        removed: list[tuple[str, dict[str, Any]]],
        on_add: Callable[[str, dict[str, Any]], str],
        on_remove: Callable[[str], str],
    ) -> None:
        """Record list items matched by :meth:`keyed` that were added or removed."""
        for name, item in added:
            self.add(section, "added", pointer, on_add(name, item), None, item)
        for name, item in removed:
            self.add(section, "removed", pointer, on_remove(name), item, None)
