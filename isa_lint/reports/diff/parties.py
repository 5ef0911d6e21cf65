"""Changes to the parties: who joins or leaves, and what is recorded of each."""

from __future__ import annotations

from typing import Any

from isa_lint.reports import wording as w
from isa_lint.reports.diff.base import DifferBase
from isa_lint.reports.diff.model import (
    _clean,
    _law_words,
    _same,
    _schema_title,
    show,
)
from isa_lint.reports.view import as_text, mapping


class Parties(DifferBase):
    def party_list(self, old: Any, new: Any) -> None:
        added, removed, both = self.keyed(old, new, lambda p: as_text(p.get("id")))
        for pid, party in added:
            kind = w.law("body_kinds", party.get("kind")).title if party.get("kind") else ""
            role = w.enum_words(w.ROLES, party.get("role")).lower()
            extra = ", ".join(x for x in (kind, role) if x)
            name = as_text(party.get("name")) or pid
            self.add(
                "parties",
                "added",
                f"/parties/[{pid}]",
                f"Added party: {name} ({pid})" + (f", {extra}." if extra else "."),
                None,
                party,
            )
        for pid, party in removed:
            name = as_text(party.get("name")) or pid
            self.add(
                "parties", "removed", f"/parties/[{pid}]", f"Removed party: {name} ({pid}).", party, None
            )
        for pid, before, after in both:
            pointer = f"/parties/[{pid}]"
            name = as_text(after.get("name")) or pid
            if not _same(before.get("name"), after.get("name")) and before.get("name") and after.get("name"):
                message = f"Party {pid} renamed from {show(before['name'])} to {show(after['name'])}."
                self.add("parties", "changed", f"{pointer}/name", message, before["name"], after["name"])
            if not _same(before.get("kind"), after.get("kind")) and before.get("kind") and after.get("kind"):
                old_kind, new_kind = w.law("body_kinds", before["kind"]), w.law("body_kinds", after["kind"])
                message = f"Kind of body of {name} changed from {old_kind.title} to {new_kind.title}."
                self.add("parties", "changed", f"{pointer}/kind", message, before["kind"], after["kind"])
            if not _same(before.get("role"), after.get("role")) and before.get("role") and after.get("role"):
                message = (
                    f"Role of {name} changed from {w.enum_words(w.ROLES, before['role']).lower()} "
                    f"to {w.enum_words(w.ROLES, after['role']).lower()}."
                )
                self.add("parties", "changed", f"{pointer}/role", message, before["role"], after["role"])
            self.set_change(
                "parties",
                f"{pointer}/safeguarding_duties",
                before.get("safeguarding_duties"),
                after.get("safeguarding_duties"),
                (f"{name} now claims the safeguarding duty: ", "."),
                (f"{name} no longer claims the safeguarding duty: ", "."),
                _law_words("safeguarding_duties"),
            )
            for key in ("safeguarding_lead", "ig_lead", "dpo"):
                self._contact(pointer, key, name, before.get(key), after.get(key))
            skip = ["id", "safeguarding_duties", "safeguarding_lead", "ig_lead", "dpo"]
            skip += [k for k in ("name", "kind", "role") if before.get(k) and after.get(k)]
            self.fields("parties", pointer, ("parties",), name, before, after, skip=skip)

    def _contact(self, pointer: str, key: str, name: str, old: Any, new: Any) -> None:
        def text(value: Any) -> str | None:
            contact = mapping(value)
            parts = (_clean(contact.get("role")), _clean(contact.get("contact")))
            words = ", ".join(x for x in parts if x)
            return words or None

        self.generic("parties", f"{pointer}/{key}", _schema_title("parties", key), name, text(old), text(new))
