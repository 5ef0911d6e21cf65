"""Changes to when and how information is shared, and how it is kept secure."""

from __future__ import annotations

from typing import Any

from isa_lint.reports import wording as w
from isa_lint.reports.diff.base import DifferBase
from isa_lint.reports.diff.model import (
    _field_order,
    _ordered_keys,
    _same,
    _schema_title,
    show,
)
from isa_lint.reports.view import as_text, mapping


class Sharing(DifferBase):
    def sharing(self, old: Any, new: Any) -> None:
        old_map, new_map = mapping(old), mapping(new)
        added, removed, both = self.keyed(
            old_map.get("methods"), new_map.get("methods"), lambda m: as_text(m.get("method"))
        )
        for method, item in added:
            words = w.enum_words(w.METHODS, method)
            description = " ".join(as_text(item.get("description")).split())
            self.add(
                "sharing",
                "added",
                f"/sharing/methods/[{method}]",
                f"Added transfer method: {words}" + (f": {description}" if description else "."),
                None,
                item,
            )
        for method, item in removed:
            self.add(
                "sharing",
                "removed",
                f"/sharing/methods/[{method}]",
                f"Removed transfer method: {w.enum_words(w.METHODS, method)}.",
                item,
                None,
            )
        for method, before, after in both:
            self.fields(
                "sharing",
                f"/sharing/methods/[{method}]",
                ("sharing", "methods"),
                f"transfer method {w.enum_words(w.METHODS, method)}",
                before,
                after,
                skip=("method",),
            )
        self.set_change(
            "sharing",
            "/sharing/triggers",
            old_map.get("triggers"),
            new_map.get("triggers"),
            ("Added trigger: ", ""),
            ("Removed trigger: ", ""),
        )

        def level(r: dict[str, Any]) -> str:
            return f"{as_text(r.get('purpose'))} at level {as_text(r.get('level'))}"

        added, removed, both = self.keyed(old_map.get("response_times"), new_map.get("response_times"), level)
        self.added_removed(
            "sharing",
            "/sharing/response_times",
            added,
            removed,
            lambda name, item: (
                f"Added response time for purpose {name}: within {as_text(item.get('within'))}."
            ),
            lambda name: f"Removed response time for purpose {name}.",
        )
        for name, before, after in both:
            if not _same(before.get("within"), after.get("within")):
                message = f"Response time for purpose {name} changed from {show(before.get('within'))} to {show(after.get('within'))}."
                self.add(
                    "sharing",
                    "changed",
                    "/sharing/response_times",
                    message,
                    before.get("within"),
                    after.get("within"),
                )
            self.fields(
                "sharing",
                "/sharing/response_times",
                ("sharing", "response_times"),
                f"the response time for purpose {name}",
                before,
                after,
                skip=("purpose", "level", "within"),
            )
        self.fields(
            "sharing",
            "/sharing",
            ("sharing",),
            "",
            old_map,
            new_map,
            skip=("methods", "triggers", "response_times"),
        )

    def security(self, old: Any, new: Any) -> None:
        old_map, new_map = mapping(old), mapping(new)

        def standard(s: dict[str, Any]) -> str:
            return f"{w.enum_words(w.STANDARDS, s.get('standard'))} ({self.party(as_text(s.get('party')))})"

        added, removed, both = self.keyed(old_map.get("standards"), new_map.get("standards"), standard)
        self.added_removed(
            "security",
            "/security/standards",
            added,
            removed,
            lambda name, item: f"Added security standard: {name}: {as_text(item.get('status'))}.",
            lambda name: f"Removed security standard: {name}.",
        )
        for name, before, after in both:
            self.fields(
                "security",
                "/security/standards",
                ("security", "standards"),
                name,
                before,
                after,
                skip=("standard", "party"),
            )
        old_breach, new_breach = (
            mapping(old_map.get("breach_notification")),
            mapping(new_map.get("breach_notification")),
        )
        old_h, new_h = old_breach.get("within_hours"), new_breach.get("within_hours")
        if old_h != new_h and isinstance(old_h, int) and isinstance(new_h, int):
            message = f"Breach notification time changed from {w.plural(old_h, 'hour')} to {w.plural(new_h, 'hour')}."
            self.add(
                "security", "changed", "/security/breach_notification/within_hours", message, old_h, new_h
            )
        else:
            self.generic(
                "security",
                "/security/breach_notification/within_hours",
                "Breach notification time (hours)",
                "",
                old_h,
                new_h,
            )
        self.fields(
            "security",
            "/security/breach_notification",
            ("security", "breach_notification"),
            "the breach notification",
            old_breach,
            new_breach,
            skip=("within_hours",),
        )
        labels = {
            "transfer": "Security in transit",
            "storage": "Security at rest",
            "access_control": "Access control",
            "training": "Training",
        }
        for key in _ordered_keys(old_map, new_map, _field_order("security")):
            if key not in ("standards", "breach_notification"):
                self.generic(
                    "security",
                    f"/security/{key}",
                    labels.get(key) or _schema_title("security", key),
                    "",
                    old_map.get(key),
                    new_map.get(key),
                )
