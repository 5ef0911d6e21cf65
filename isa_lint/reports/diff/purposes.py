"""Changes to why information is shared (purposes and lawful bases) and what is shared (data)."""

from __future__ import annotations

from typing import Any

from isa_lint.reports import wording as w
from isa_lint.reports.diff.base import DifferBase
from isa_lint.reports.diff.model import (
    _category_words,
    _law_words,
    _same,
    _short,
    show,
)
from isa_lint.reports.view import as_text, mapping, mappings, strings


class Purposes(DifferBase):
    def purposes(self, old: Any, new: Any) -> None:
        added, removed, both = self.keyed(old, new, lambda p: as_text(p.get("id")))
        for pid, purpose in added:
            description = " ".join(as_text(purpose.get("description")).split())
            self.add(
                "purposes",
                "added",
                f"/purposes/[{pid}]",
                f"Added purpose {pid}: {description}",
                None,
                purpose,
            )
        for pid, purpose in removed:
            self.add("purposes", "removed", f"/purposes/[{pid}]", f"Removed purpose {pid}.", purpose, None)
        for pid, before, after in both:
            pointer = f"/purposes/[{pid}]"
            of = f"purpose {pid}"
            if before.get("urgent") is not after.get("urgent"):
                now = after.get("urgent") is True
                message = f"Purpose {pid} is {'now' if now else 'no longer'} urgent."
                self.add(
                    "purposes",
                    "changed",
                    f"{pointer}/urgent",
                    message,
                    before.get("urgent"),
                    after.get("urgent"),
                )
            self.set_change(
                "purposes",
                f"{pointer}/gateways",
                before.get("gateways"),
                after.get("gateways"),
                (f"Purpose {pid} now relies on ", "."),
                (f"Purpose {pid} no longer relies on ", "."),
                _law_words("statutory_gateways"),
            )
            self.lawful_bases(pid, before.get("lawful_bases"), after.get("lawful_bases"))
            old_consent, new_consent = mapping(before.get("consent")), mapping(after.get("consent"))
            if not _same(old_consent.get("approach"), new_consent.get("approach")):
                message = (
                    f"Consent for purpose {pid} changed from "
                    f"{show(w.CONSENT.get(as_text(old_consent.get('approach')), old_consent.get('approach')))} to "
                    f"{show(w.CONSENT.get(as_text(new_consent.get('approach')), new_consent.get('approach')))}"
                )
                self.add(
                    "purposes",
                    "changed",
                    f"{pointer}/consent/approach",
                    message.rstrip(".") + ".",
                    old_consent.get("approach"),
                    new_consent.get("approach"),
                )
            self.fields(
                "purposes",
                f"{pointer}/consent",
                ("purposes", "consent"),
                f"the consent approach for {of}",
                old_consent,
                new_consent,
                skip=("approach",),
            )
            self.fields(
                "purposes",
                pointer,
                ("purposes",),
                of,
                before,
                after,
                skip=("id", "urgent", "gateways", "lawful_bases", "consent"),
            )

    def lawful_bases(self, pid: str, old: Any, new: Any) -> None:
        def key(basis: dict[str, Any]) -> str:
            return ",".join(sorted(strings(basis.get("parties"))))

        def text(basis: dict[str, Any]) -> str:
            return "; ".join(str(law) for law in w.basis_laws(basis)) or "nothing"

        added, removed, both = self.keyed(old, new, key)
        pointer = f"/purposes/[{pid}]/lawful_bases"
        single = len(mappings(old)) == 1 and len(mappings(new)) == 1
        for _, before, after in both:
            old_laws, new_laws = w.basis_laws(before), w.basis_laws(after)
            gone = [law for law in old_laws if law not in new_laws]
            came = [law for law in new_laws if law not in old_laws]
            who = "" if single else f" (for {self.parties(strings(after.get('parties')))})"
            subject = f"Lawful basis for purpose {pid}{who}"
            if gone and came:
                message = (
                    f"{subject} changed from {'; '.join(map(str, gone))} to {'; '.join(map(str, came))}."
                )
            elif came:
                message = f"{subject} now also relies on {'; '.join(map(str, came))}."
            elif gone:
                message = f"{subject} no longer relies on {'; '.join(map(str, gone))}."
            else:
                continue
            self.add("purposes", "changed", pointer, message, before, after)
        if len(added) == 1 and len(removed) == 1:
            before, after = removed[0][1], added[0][1]
            message = (
                f"Lawful basis for purpose {pid} changed from {text(before)} "
                f"(for {self.parties(strings(before.get('parties')))}) to {text(after)} "
                f"(for {self.parties(strings(after.get('parties')))})."
            )
            self.add("purposes", "changed", pointer, message, before, after)
            return
        for _, basis in added:
            who = self.parties(strings(basis.get("parties")))
            self.add(
                "purposes",
                "added",
                pointer,
                f"Lawful basis added for purpose {pid} (for {who}): {text(basis)}.",
                None,
                basis,
            )
        for _, basis in removed:
            who = self.parties(strings(basis.get("parties")))
            self.add(
                "purposes",
                "removed",
                pointer,
                f"Lawful basis removed for purpose {pid} (for {who}): {text(basis)}.",
                basis,
                None,
            )

    def categories(self, old: Any, new: Any) -> None:
        added, removed, both = self.keyed(old, new, lambda c: as_text(c.get("id")))
        for did, category in added:
            kind = w.enum_words(w.DATA_KINDS, category.get("kind")).lower()
            providers = self.parties(strings(category.get("providers")))
            recipients = self.parties(strings(category.get("recipients")))
            description = _short(as_text(category.get("description")), 120) or did
            message = (
                f"Added information shared: {description} ({did}), {kind}, from {providers} to {recipients}."
            )
            self.add("data", "added", f"/data/[{did}]", message, None, category)
        for did, category in removed:
            description = _short(as_text(category.get("description")), 120) or did
            self.add(
                "data",
                "removed",
                f"/data/[{did}]",
                f"No longer shared: {description} ({did}).",
                category,
                None,
            )
        for did, before, after in both:
            pointer = f"/data/[{did}]"
            label = self.data(did)
            if not _same(before.get("kind"), after.get("kind")) and before.get("kind") and after.get("kind"):
                message = (
                    f"{label} is now {w.enum_words(w.DATA_KINDS, after['kind']).lower()} "
                    f"(was {w.enum_words(w.DATA_KINDS, before['kind']).lower()})."
                )
                self.add("data", "changed", f"{pointer}/kind", message, before["kind"], after["kind"])
            self.set_change(
                "data",
                f"{pointer}/categories",
                before.get("categories"),
                after.get("categories"),
                (f"{label} now includes ", "."),
                (f"{label} no longer includes ", "."),
                _category_words,
            )
            self.set_change(
                "data",
                f"{pointer}/purposes",
                before.get("purposes"),
                after.get("purposes"),
                (f"{label} is now used for purpose ", "."),
                (f"{label} is no longer used for purpose ", "."),
            )
            self.set_change(
                "data",
                f"{pointer}/providers",
                before.get("providers"),
                after.get("providers"),
                ("", f" now provides {label}."),
                ("", f" no longer provides {label}."),
                self.party,
            )
            self.set_change(
                "data",
                f"{pointer}/recipients",
                before.get("recipients"),
                after.get("recipients"),
                ("", f" now receives {label}."),
                ("", f" no longer receives {label}."),
                self.party,
            )
            skip = ["id", "categories", "purposes", "providers", "recipients"]
            skip += ["kind"] if before.get("kind") and after.get("kind") else []
            self.fields("data", pointer, ("data",), f"information {did}", before, after, skip=skip)
