"""Changes to what the agreement is: identity and status, scope, review, changelog, signatures."""

from __future__ import annotations

from typing import Any

from isa_lint.reports import wording as w
from isa_lint.reports.diff.base import DifferBase
from isa_lint.reports.diff.model import (
    _clean,
    _nation_words,
    _same,
)
from isa_lint.reports.view import as_text, mapping


class About(DifferBase):
    def identity(self, key: str, old: Any, new: Any) -> None:
        pointer = f"/{key}"
        if _same(old, new):
            return
        if key == "effective_from" and old is not None and new is not None:
            message = f"Effective date changed from {w.long_date(old)} to {w.long_date(new)}."
            self.add("identity", "changed", pointer, message, old, new)
            return
        titles = {
            "schema_version": "File format version",
            "id": "Agreement id",
            "title": "Title",
            "version": "Version",
            "status": "Status",
            "effective_from": "Effective date",
        }
        self.generic("identity", pointer, titles[key], "", old, new)

    def scope(self, old: Any, new: Any) -> None:
        self.set_change(
            "scope",
            "/scope/nations",
            mapping(old).get("nations"),
            mapping(new).get("nations"),
            ("The agreement now covers ", "."),
            ("The agreement no longer covers ", "."),
            _nation_words,
        )
        old_map, new_map = mapping(old), mapping(new)
        if old_map.get("tier") != new_map.get("tier") and old_map.get("tier") and new_map.get("tier"):
            message = (
                f"Kind of agreement changed from {w.enum_words(w.TIERS, old_map['tier'])} "
                f"to {w.enum_words(w.TIERS, new_map['tier'])}."
            )
            self.add("scope", "changed", "/scope/tier", message, old_map["tier"], new_map["tier"])
        self.fields("scope", "/scope", ("scope",), "", old, new, skip=("nations", "tier"))

    def review(self, old: Any, new: Any) -> None:
        old_map, new_map = mapping(old), mapping(new)
        if not _same(old_map.get("due"), new_map.get("due")) and old_map.get("due") and new_map.get("due"):
            message = f"Review due date changed from {w.long_date(old_map['due'])} to {w.long_date(new_map['due'])}."
            self.add("review", "changed", "/review/due", message, old_map["due"], new_map["due"])
        else:
            self.generic(
                "review", "/review/due", "Review due date", "", old_map.get("due"), new_map.get("due")
            )
        old_f, new_f = old_map.get("frequency_months"), new_map.get("frequency_months")
        if old_f != new_f and isinstance(old_f, int) and isinstance(new_f, int):
            message = f"Review frequency changed from every {old_f} months to every {new_f} months."
            self.add("review", "changed", "/review/frequency_months", message, old_f, new_f)
        else:
            self.generic("review", "/review/frequency_months", "Review frequency (months)", "", old_f, new_f)
        old_owner, new_owner = mapping(old_map.get("owner")), mapping(new_map.get("owner"))
        if not _same(old_owner, new_owner):

            def owner(value: dict[str, Any]) -> str:
                return ", ".join(
                    x for x in (_clean(value.get("role")), self.party(as_text(value.get("party")))) if x
                )

            message = (
                f"Review owner changed from {owner(old_owner) or 'nobody'} to {owner(new_owner) or 'nobody'}."
            )
            self.add("review", "changed", "/review/owner", message, old_owner or None, new_owner or None)
        self.fields("review", "/review", ("review",), "", old, new, skip=("due", "frequency_months", "owner"))

    def changelog(self, old: Any, new: Any) -> None:
        added, removed, both = self.keyed(old, new, lambda c: as_text(c.get("version")))
        for version, entry in added:
            when = as_text(entry.get("date"))
            message = f"Changelog entry added for version {version}" + (f" ({when})" if when else "")
            message += f": {' '.join(as_text(entry.get('summary')).split())}"
            self.add("changelog", "added", f"/changelog/[{version}]", message.rstrip(".") + ".", None, entry)
        for version, entry in removed:
            self.add(
                "changelog",
                "removed",
                f"/changelog/[{version}]",
                f"Changelog entry for version {version} removed.",
                entry,
                None,
            )
        for version, before, after in both:
            self.fields(
                "changelog",
                f"/changelog/[{version}]",
                ("changelog",),
                f"the changelog entry for version {version}",
                before,
                after,
            )

    def signatories(self, old: Any, new: Any) -> None:
        added, removed, both = self.keyed(old, new, lambda s: as_text(s.get("party")))
        for pid, item in added:
            role = as_text(item.get("role"))
            if item.get("signed"):
                message = f"Signed for {self.party(pid)} by the {role or 'signatory'} on {w.long_date(item.get('signed'))}."
            else:
                message = (
                    f"Signatory added for {self.party(pid)}: {role or 'no role given'} (not signed yet)."
                )
            self.add("signatories", "added", f"/signatories/[{pid}]", message, None, item)
        for pid, item in removed:
            self.add(
                "signatories",
                "removed",
                f"/signatories/[{pid}]",
                f"Signatory for {self.party(pid)} removed.",
                item,
                None,
            )
        for pid, before, after in both:
            pointer = f"/signatories/[{pid}]"
            old_signed, new_signed = before.get("signed"), after.get("signed")
            role = as_text(after.get("role")) or "signatory"
            if _same(old_signed, new_signed):
                pass
            elif not old_signed:
                message = f"Signed for {self.party(pid)} by the {role} on {w.long_date(new_signed)}."
                self.add("signatories", "added", f"{pointer}/signed", message, old_signed, new_signed)
            elif not new_signed:
                message = (
                    f"Signature for {self.party(pid)} removed (was signed on {w.long_date(old_signed)})."
                )
                self.add("signatories", "removed", f"{pointer}/signed", message, old_signed, new_signed)
            else:
                message = f"{self.party(pid)} signed again on {w.long_date(new_signed)} (was {w.long_date(old_signed)})."
                self.add("signatories", "changed", f"{pointer}/signed", message, old_signed, new_signed)
            self.fields(
                "signatories",
                pointer,
                ("signatories",),
                f"the signatory for {self.party(pid)}",
                before,
                after,
                skip=("party", "signed"),
            )
