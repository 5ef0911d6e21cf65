"""What the run-level checks need of each file, kept instead of the whole loaded document.

``isa-lint lint`` works file by file: a worker loads a file, runs every per-file rule and
drops the parsed tree (a loaded agreement with its position maps takes about 200 KB; a
register of 10,000 would not fit in memory, and holding parsed trees slows the garbage
collector). The checks across files (:mod:`isa_lint.check.crossfile`) still need a few values of
every agreement, so each worker also returns a *projection*: the values at the pointers in
:data:`isa_lint.check.crossfile.FIELDS` (``*`` is every item of a list; list items keep their index and their naming
keys, so findings and fingerprints come out the same), as plain JSON data that the results
cache can store too. :class:`SlimDocument` carries a projection where a
:class:`~isa_lint.load.document.Document` is expected; it finds line numbers by loading its file
again, which happens only for the rare file a run-level check reports.

The pointers are declared beside the checks that read them, in :mod:`isa_lint.check.crossfile`.
``tests/test_parallel.py`` checks that cross-file
findings are the same from projections as from whole documents.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from isa_lint.check.engine import FATAL_LOAD_CODES as FATAL_CODES
from isa_lint.check.engine import ID_KEYS as NAMING_KEYS
from isa_lint.load.document import Document, LoadProblem, Position

Trie = dict[str, Any]


Fields = tuple[tuple[str, ...], tuple[str, ...]]


def fields() -> Fields:
    """The pointers to keep always, and those kept where the protocol checks compare them
    (in an agreement that names an overarching protocol, and in any file whose
    ``scope.tier`` is not ``operational``): :mod:`isa_lint.check.crossfile` declares both."""
    from isa_lint.check import crossfile

    return crossfile.FIELDS, crossfile.PROTOCOL_FIELDS


def in_protocol_checks(data: dict[str, Any]) -> bool:
    """Whether a file names an overarching protocol or may be one (not an operational agreement)."""
    scope = data.get("scope")
    scope = scope if isinstance(scope, dict) else {}
    return isinstance(scope.get("overarching_protocol"), str) or scope.get("tier") != "operational"


@functools.cache
def _trie(pointers: tuple[str, ...]) -> Trie:
    root: Trie = {}
    for pointer in pointers:
        node = root
        for part in pointer.split("/")[1:]:
            node = node.setdefault(part, {})
    return root


def project(data: Any, pointers: Fields) -> Any:
    """The parts of ``data`` the checks across files read: plain JSON data (dicts, lists, scalars)."""
    if not isinstance(data, dict):
        return None
    always, protocol = pointers
    return _keep(data, _trie(always + protocol if in_protocol_checks(data) else always))


def _keep(value: Any, trie: Trie) -> Any:
    if not trie:  # a leaf: scalars as they are, containers emptied (their type is what checks see)
        if isinstance(value, dict):
            return {}
        if isinstance(value, list):
            return []
        return value
    if isinstance(value, dict):
        return {key: _keep(value[key], trie[key]) for key in trie if key in value}
    if isinstance(value, list) and "*" in trie:
        item_trie = trie["*"]
        named: Trie = {key: {} for key in NAMING_KEYS if key not in item_trie}
        return [_keep(item, {**named, **item_trie}) if isinstance(item, dict) else None for item in value]
    return {} if isinstance(value, dict) else None


def fatal_problems(document: Document) -> list[tuple[str, str, int, int, str]]:
    """The load problems that make a file unusable, as plain tuples (for the cache)."""
    return [
        (p.code, p.message, p.line, p.column, p.pointer) for p in document.problems if p.code in FATAL_CODES
    ]


class SlimDocument(Document):
    """A projection standing in for a whole document; positions come from loading it again."""

    def __init__(self, path: str, source: Path | None, data: Any, problems: list[LoadProblem]) -> None:
        super().__init__(path=path, text="", data=data, problems=problems)
        self.source = source
        self._whole: Document | None = None

    def locate(self, pointer: str, prefer_key: bool = True) -> Position:
        if self._whole is None:
            self._whole = self._reload()
        return self._whole.locate(pointer, prefer_key)

    def _reload(self) -> Document:
        from isa_lint.load.document import load_path

        if self.source is None:
            return Document(path=self.path, text="")
        try:
            return load_path(self.source, self.path)
        except OSError:
            return Document(path=self.path, text="")


def slim(
    display: str, source: Path | None, data: Any, problems: list[tuple[str, str, int, int, str]]
) -> SlimDocument:
    """A :class:`SlimDocument` from a projection and its fatal problems."""
    return SlimDocument(display, source, data, [LoadProblem(*p) for p in problems])
