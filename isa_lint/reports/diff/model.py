"""What a diff is made of (changes, grouped by section) and how values are compared and shown."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from isa_lint.reports import wording as w
from isa_lint.reports.view import as_text, mapping

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


def _law_words(catalogue: str) -> Callable[[str], str]:
    def words(entry_id: str) -> str:
        return str(w.law(catalogue, entry_id))

    return words


def _category_words(entry_id: str) -> str:
    return w.law("uk_gdpr_art9_categories", entry_id).title.lower()


def _nation_words(nation: str) -> str:
    return w.enum_words(w.NATIONS, nation)
