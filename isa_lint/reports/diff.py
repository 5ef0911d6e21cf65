"""``isa-lint diff``: what changed in meaning between two versions of an agreement, in plain English.

Agreements are compared as data, never as text: list items are matched by their ids (a
party's ``id``, a retention entry's ``data``, a signatory's ``party``...), lists of ids are
compared as sets, and text is compared with its whitespace collapsed. So reordering keys or
list items, re-indenting, re-wrapping a paragraph or switching between quoting styles is not
a change; adding a party, changing a retention period or signing is.

``--base REV`` reads the old versions from Git (``git cat-file``, run with an argument list,
never a shell).
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import click

from isa_lint import __version__
from isa_lint.check.config import Config
from isa_lint.load.document import Document, load_bytes
from isa_lint.reports import wording as w
from isa_lint.reports.common import DEFAULT_PATHS, ReportError, to_json
from isa_lint.reports.escape import md
from isa_lint.reports.view import ALL, Agreement, as_text, mapping, mappings, strings

SECTIONS = {
    "identity": "Identity and status",
    "scope": "Scope",
    "review": "Review",
    "changelog": "Changelog",
    "parties": "Parties",
    "purposes": "Purposes and lawful bases",
    "data": "Information shared",
    "sharing": "When and how it is shared",
    "security": "Security",
    "retention": "Retention",
    "rights": "Rights and complaints",
    "records": "Records of decisions",
    "signatories": "Signatures",
    "other": "Other",
}
"""Headings changes are grouped under, in the order they are reported."""

DATA_LABEL_LIMIT = 60
"""Data categories are named by their description up to this length, else by their id."""

TOP_LEVEL = {
    "schema_version": "identity",
    "id": "identity",
    "title": "identity",
    "version": "identity",
    "status": "identity",
    "effective_from": "identity",
}


@dataclass(frozen=True)
class Change:
    """One change in meaning: which section, added / removed / changed, where, and in words."""

    section: str
    kind: str
    pointer: str
    message: str
    old: Any = None
    new: Any = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "section": self.section,
            "kind": self.kind,
            "pointer": self.pointer,
            "message": self.message,
            "old": self.old,
            "new": self.new,
        }


@dataclass
class FileDiff:
    """The changes between an old and a new version of one agreement."""

    old: str
    new: str
    id: str = ""
    title: str = ""
    changes: list[Change] = field(default_factory=list)


# Normalising and showing values --------------------------------------------------------------


def _norm(value: Any) -> Any:
    """Whitespace-collapsed text; lists in a stable order (order never carries meaning here)."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, dict):
        return {key: _norm(item) for key, item in value.items()}
    if isinstance(value, list):
        return sorted((_norm(item) for item in value), key=_sort_key)
    return value


def _sort_key(value: Any) -> str:
    import json

    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _same(old: Any, new: Any) -> bool:
    return _sort_key(_norm(old)) == _sort_key(_norm(new))


def show(value: Any) -> str:
    """A value in a sentence: text in quotes when it has spaces, lists joined, yes/no for flags."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        text = " ".join(value.split())
        return f'"{text}"' if " " in text else text
    if isinstance(value, list):
        return ", ".join(show(item) for item in value) or "nothing"
    if isinstance(value, dict):
        return "; ".join(f"{key}: {show(item)}" for key, item in value.items())
    return "nothing" if value is None else str(value)


def _clean(value: Any) -> str:
    """Scalar text with its whitespace collapsed."""
    return " ".join(as_text(value).split())


def show_plain(value: Any) -> str:
    """A value in a sentence without quotes."""
    return " ".join(value.split()) if isinstance(value, str) else show(value)


def _schema_title(*keys: str) -> str:
    """The schema's title for a field, so generic messages use the format's own names."""
    from isa_lint.load.schema import agreement_schema

    node: Any = agreement_schema()
    for key in keys:
        while isinstance(node, dict) and node.get("type") == "array":
            node = node.get("items", {})
        node = mapping(mapping(node).get("properties")).get(key)
        if node is None:
            return key.replace("_", " ").capitalize()
    return str(mapping(node).get("title") or keys[-1])


def _field_order(*keys: str) -> list[str]:
    from isa_lint.load.schema import agreement_schema

    node: Any = agreement_schema()
    for key in keys:
        while isinstance(node, dict) and node.get("type") == "array":
            node = node.get("items", {})
        node = mapping(mapping(node).get("properties")).get(key, {})
    while isinstance(node, dict) and node.get("type") == "array":
        node = node.get("items", {})
    return list(mapping(mapping(node).get("properties")))


def _ordered_keys(old: dict[str, Any], new: dict[str, Any], order: list[str]) -> list[str]:
    keys = set(old) | set(new)
    known = [key for key in order if key in keys]
    return known + sorted(keys - set(known))


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split()).rstrip(".")
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + "\u2026"


# The comparison ------------------------------------------------------------------------------


class _Differ:
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


def _law_words(catalogue: str) -> Callable[[str], str]:
    def words(entry_id: str) -> str:
        return str(w.law(catalogue, entry_id))

    return words


def _category_words(entry_id: str) -> str:
    return w.law("uk_gdpr_art9_categories", entry_id).title.lower()


def _nation_words(nation: str) -> str:
    return w.enum_words(w.NATIONS, nation)


def compare(old: Any, new: Any) -> list[Change]:
    """The changes in meaning from ``old`` to ``new`` (plain agreement data)."""
    return _Differ(old, new).run()


# Files and Git ------------------------------------------------------------------------------


def _read(document: Document, role: str) -> Any:
    fatal = [p for p in document.problems if p.code in ("ISA001", "ISA005", "ISA007")]
    if fatal or not isinstance(document.data, dict):
        where = f"line {fatal[0].line}: {fatal[0].message}" if fatal else "it does not hold an agreement"
        raise ReportError(f"cannot compare: {role} {document.path} cannot be read ({where})")
    return document.data


def _load_file(path: str, role: str) -> Any:
    file = Path(path)
    if not file.is_file():
        raise click.UsageError(f"{path}: no such file")
    try:
        raw = file.read_bytes()
    except OSError as error:
        raise ReportError(f"cannot read {path}: {error.strerror or error}") from None
    return _read(load_bytes(raw, path), role)


def _result(old_label: str, new_label: str, old: Any, new: Any) -> FileDiff:
    agreement = Agreement(new if new is not None else old)
    changes: list[Change]
    if old is None:
        changes = [
            Change("identity", "added", "", f"New agreement: {agreement.title} ({agreement.id}).", None, None)
        ]
    elif new is None:
        changes = [
            Change(
                "identity",
                "removed",
                "",
                f"Agreement removed: {agreement.title} ({agreement.id}).",
                None,
                None,
            )
        ]
    else:
        changes = compare(old, new)
    return FileDiff(old_label, new_label, agreement.id, agreement.title, changes)


def compare_files(old_path: str, new_path: str) -> FileDiff:
    return _result(old_path, new_path, _load_file(old_path, "OLD"), _load_file(new_path, "NEW"))


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False, timeout=60)
    except FileNotFoundError:
        raise ReportError("--base needs Git, and the git command was not found") from None
    except subprocess.TimeoutExpired:
        raise ReportError(f"git {args[0]} took too long") from None


def compare_with_revision(rev: str, paths: tuple[str, ...], config: Config) -> list[FileDiff]:
    """Compare the agreements under ``paths`` with their versions at the Git revision ``rev``."""
    from isa_lint.load.files import SUFFIXES, PathProblem, discover, load, read

    if not rev or rev.startswith("-") or any(c in rev for c in "\0\n"):
        raise click.BadParameter(f"{rev!r} is not a revision", param_hint="--base")
    cwd = Path.cwd()
    top_run = _git(["rev-parse", "--show-toplevel"], cwd)
    if top_run.returncode != 0:
        raise ReportError("--base compares with Git history, but this folder is not inside a Git repository")
    top = Path(top_run.stdout.decode("utf-8", "replace").strip()).resolve()
    commit_run = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], top)
    if commit_run.returncode != 0:
        raise ReportError(f"unknown revision {rev!r}: Git has no commit by that name")
    commit = commit_run.stdout.decode("ascii", "replace").strip()
    given = paths or DEFAULT_PATHS
    try:
        current = discover(given, config)
    except PathProblem as problem:
        raise click.UsageError(str(problem)) from None

    def relative(path: Path) -> str:
        try:
            return PurePosixPath(path.resolve().relative_to(top)).as_posix()
        except ValueError:
            raise click.UsageError(f"{path} is outside the Git repository at {top}") from None

    now = {relative(path): display for path, display in current}
    before: set[str] = set()
    for given_path in given:
        listing = _git(
            ["ls-tree", "-r", "-z", "--name-only", "--full-name", commit, "--", relative(Path(given_path))],
            top,
        )
        for name in listing.stdout.decode("utf-8", "surrogateescape").split("\0"):
            base_name = PurePosixPath(name).name
            if (
                name
                and name.endswith(SUFFIXES)
                and not base_name.startswith(".")
                and not config.excluded(name)
            ):
                before.add(name)
    results = []
    for rel in sorted(set(now) | before):
        display = now.get(rel, rel)
        old: Any = None
        blob = _git(["cat-file", "blob", f"{commit}:{rel}"], top)
        if blob.returncode == 0:
            old = _read(load_bytes(blob.stdout, f"{rev}:{rel}"), "OLD")
        new: Any = None
        if rel in now:
            path = next(p for p, d in current if d == display)
            new = _read(load(read(path), display), "NEW")
        if old is None and new is None:
            continue
        results.append(_result(f"{rev}:{rel}", display if rel in now else "(deleted)", old, new))
    return results


# Output ---------------------------------------------------------------------------------------


def render(results: list[FileDiff], output_format: str) -> str:
    if output_format == "json":
        return to_json(
            {
                "tool": "isa-lint",
                "tool_version": __version__,
                "report": "diff",
                "changed": sum(1 for r in results if r.changes),
                "files": [
                    {
                        "old": r.old,
                        "new": r.new,
                        "id": r.id,
                        "title": r.title,
                        "changes": [c.as_dict() for c in r.changes],
                    }
                    for r in results
                ],
            }
        )
    return markdown(results)


def markdown(results: list[FileDiff]) -> str:
    changed = [r for r in results if r.changes]
    out = ["## Changes in meaning", ""]
    if not changed:
        compared = w.plural(len(results), "agreement")
        return "\n".join([*out, f"No changes in meaning ({compared} compared).", ""])
    unchanged = len(results) - len(changed)
    for result in changed:
        heading = md(result.title or result.id or result.new)
        out += [
            f"### {heading}",
            "",
            f"{md(result.old)} \u2192 {md(result.new)}: {w.plural(len(result.changes), 'change')}.",
            "",
        ]
        section = None
        for change in result.changes:
            if change.section != section:
                section = change.section
                if out[-1]:
                    out.append("")
                out += [f"**{SECTIONS[section]}**", ""]
            out.append(f"- {md(change.message)}")
        out.append("")
    if unchanged:
        out += [f"{w.plural(unchanged, 'other agreement')} compared, with no change in meaning.", ""]
    out += [f"*Made by isa-lint {__version__}: reordering and reformatting are not changes.*", ""]
    return "\n".join(out)
