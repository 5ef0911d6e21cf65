"""Changes to how long information is kept, people's rights, and records of decisions."""

from __future__ import annotations

from typing import Any

from isa_lint.reports import wording as w
from isa_lint.reports.diff.base import DifferBase
from isa_lint.reports.diff.model import (
    _field_order,
    _ordered_keys,
    _same,
    show_plain,
)
from isa_lint.reports.view import as_text, mapping, strings


class Keeping(DifferBase):
    def retention(self, old: Any, new: Any) -> None:
        added, removed, both = self.keyed(old, new, lambda r: as_text(r.get("data")))

        def kept(r: dict[str, Any]) -> str:
            period, start = (
                " ".join(as_text(r.get("period")).split()),
                " ".join(as_text(r.get("from")).split()),
            )
            return f"{period or 'no period'} after {start}" if start else period or "no period"

        for did, item in added:
            self.add(
                "retention",
                "added",
                f"/retention/[{did}]",
                f"Retention set for {self.data(did)}: {kept(item)}.",
                None,
                item,
            )
        for did, item in removed:
            self.add(
                "retention",
                "removed",
                f"/retention/[{did}]",
                f"Retention removed for {self.data(did)} (was {kept(item)}).",
                item,
                None,
            )
        for did, before, after in both:
            pointer = f"/retention/[{did}]"
            period_changed = not _same(before.get("period"), after.get("period"))
            from_changed = not _same(before.get("from"), after.get("from"))
            if period_changed and not from_changed and as_text(after.get("from")):
                message = (
                    f"Retention of {self.data(did)} changed from {show_plain(before.get('period'))} to "
                    f"{show_plain(after.get('period'))} after {' '.join(as_text(after.get('from')).split())}."
                )
                self.add("retention", "changed", pointer, message, before.get("period"), after.get("period"))
            elif period_changed or from_changed:
                message = f"Retention of {self.data(did)} changed from {kept(before)} to {kept(after)}."
                self.add("retention", "changed", pointer, message, before, after)
            if not _same(before.get("disposal"), after.get("disposal")):
                self.generic(
                    "retention",
                    f"{pointer}/disposal",
                    "Disposal",
                    self.data(did),
                    before.get("disposal"),
                    after.get("disposal"),
                )
            self.fields(
                "retention",
                pointer,
                ("retention",),
                self.data(did),
                before,
                after,
                skip=("data", "period", "from", "disposal"),
            )

    def rights(self, old: Any, new: Any) -> None:
        old_map, new_map = mapping(old), mapping(new)
        for key in _ordered_keys(old_map, new_map, _field_order("rights")):
            before, after = old_map.get(key), new_map.get(key)
            words = w.RIGHTS.get(key, key.replace("_", " ").capitalize())
            pointer = f"/rights/{key}"
            if not isinstance(before, dict) or not isinstance(after, dict):
                self.generic("rights", pointer, words, "", before, after)
                continue
            if not _same(before.get("handled_by"), after.get("handled_by")):
                message = (
                    f"{words}: now handled by {self.handler(after.get('handled_by'))} "
                    f"(was {self.handler(before.get('handled_by'))})."
                )
                self.add(
                    "rights",
                    "changed",
                    f"{pointer}/handled_by",
                    message,
                    before.get("handled_by"),
                    after.get("handled_by"),
                )
            self.fields(
                "rights", pointer, ("rights", key), words.lower(), before, after, skip=("handled_by",)
            )

    def handler(self, ref: Any) -> str:
        text = as_text(ref)
        return "each party, for its own records" if text == "each_party" else self.party(text) or "nobody"

    def records(self, old: Any, new: Any) -> None:
        def key(r: dict[str, Any]) -> str:
            return ",".join(sorted(strings(r.get("parties"))))

        added, removed, both = self.keyed(old, new, key)
        for _, item in added:
            who = self.parties(strings(item.get("parties")))
            self.add(
                "records",
                "added",
                "/records",
                f"Added how {who} record decisions: {' '.join(as_text(item.get('how')).split())}",
                None,
                item,
            )
        for _, item in removed:
            who = self.parties(strings(item.get("parties")))
            self.add("records", "removed", "/records", f"Removed how {who} record decisions.", item, None)
        for _, before, after in both:
            who = self.parties(strings(after.get("parties")))
            if (before.get("decisions_not_to_share") is True) != (
                after.get("decisions_not_to_share") is True
            ):
                now = after.get("decisions_not_to_share") is True
                message = f"Decisions not to share are {'now' if now else 'no longer'} recorded by {who}."
                self.add(
                    "records",
                    "changed",
                    "/records",
                    message,
                    before.get("decisions_not_to_share"),
                    after.get("decisions_not_to_share"),
                )
            self.fields(
                "records",
                "/records",
                ("records",),
                f"the records kept by {who}",
                before,
                after,
                skip=("parties", "decisions_not_to_share"),
            )
