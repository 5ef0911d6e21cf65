"""What the checks across files need of each file, kept instead of the whole loaded document.

The driver works file by file: a worker loads a file, runs every per-file rule and drops
the parsed tree (a loaded agreement with its position maps takes about 200 KB; a register
of 10,000 would not fit in memory, and holding parsed trees slows the garbage collector).
The checks across files (:mod:`isa_lint.rules.across_files`) still need a few values of
every agreement, so each worker also returns a *projection*: the values at the pointers in
:data:`isa_lint.rules.across_files.FIELDS` (``*`` is every item of a list; list items keep
their index and their naming keys, so findings and fingerprints come out the same) and the
line and column of each value kept, as plain JSON data that the results cache can store
too. :func:`document_of` turns it back into a :class:`~isa_lint.load.document.Document`
holding just those values and positions, so a finding across files is located without
reading its file again.

Every run goes this way, whatever it is for; ``tests/test_parallel.py`` checks that
findings across files are the same from projections as from whole documents.
"""

from __future__ import annotations

import functools
from typing import Any

from isa_lint.check.engine import ID_KEYS as NAMING_KEYS
from isa_lint.load.document import Document, LoadProblem
from isa_lint.load.files import FATAL_LOAD_CODES

Trie = dict[str, Any]
Fields = tuple[tuple[str, ...], tuple[str, ...]]
Places = dict[str, list[int]]
"""pointer -> [key line, key column, value line, value column] (0 where there is none)."""


def fields() -> Fields:
    """The pointers to keep always, and those kept where the protocol checks compare them
    (in an agreement that names an overarching protocol, and in any file whose
    ``scope.tier`` is not ``operational``): :mod:`isa_lint.rules.across_files` declares both."""
    from isa_lint.rules import across_files

    return across_files.FIELDS, across_files.PROTOCOL_FIELDS


@functools.cache
def _trie(pointers: tuple[str, ...]) -> Trie:
    root: Trie = {}
    for pointer in pointers:
        node = root
        for part in pointer.split("/")[1:]:
            node = node.setdefault(part, {})
    return root


def project(document: Document, pointers: Fields) -> Any:
    """The parts of the document the checks across files read, with their places: plain JSON data."""
    from isa_lint.rules.across_files import in_protocol_checks

    data = document.data
    if not isinstance(data, dict):
        return None
    always, protocol = pointers
    places: Places = {}
    kept = _Keeper(document, places).keep(
        data, _trie(always + protocol if in_protocol_checks(data) else always), ""
    )
    return [kept, places]


class _Keeper:
    def __init__(self, document: Document, places: Places) -> None:
        self.keys, self.values, self.places = document.keys, document.values, places

    def keep(self, value: Any, trie: Trie, pointer: str) -> Any:
        key, at = self.keys.get(pointer), self.values.get(pointer)
        if key is not None or at is not None:
            self.places[pointer] = [*(key or (0, 0)), *(at or (0, 0))]
        if not trie:  # a leaf: scalars as they are, containers emptied (their type is what checks see)
            if isinstance(value, dict):
                return {}
            if isinstance(value, list):
                return []
            return value
        if isinstance(value, dict):
            return {
                name: self.keep(value[name], trie[name], f"{pointer}/{name}")
                for name in trie
                if name in value
            }
        if isinstance(value, list) and "*" in trie:
            item_trie = trie["*"]
            named: Trie = {name: {} for name in NAMING_KEYS if name not in item_trie}
            both = {**named, **item_trie}
            return [
                self.keep(item, both, f"{pointer}/{index}") if isinstance(item, dict) else None
                for index, item in enumerate(value)
            ]
        return {} if isinstance(value, dict) else None


def fatal_problems(document: Document) -> list[tuple[str, str, int, int, str]]:
    """The load problems that make a file unusable, as plain tuples (for the cache)."""
    return [
        (p.code, p.message, p.line, p.column, p.pointer)
        for p in document.problems
        if p.code in FATAL_LOAD_CODES
    ]


def document_of(display: str, projection: Any, problems: list[tuple[str, str, int, int, str]]) -> Document:
    """The document a projection stands for: its kept values, their places and its fatal problems.

    A projection of the wrong shape (a damaged cache) stands for a file without data.
    """
    loaded = [LoadProblem(*p) for p in problems]
    if not (isinstance(projection, list) and len(projection) == 2 and isinstance(projection[1], dict)):
        return Document(path=display, text="", problems=loaded)
    data, places = projection
    keys, values = {}, {}
    for pointer, place in places.items():
        if isinstance(place, list) and len(place) == 4 and all(type(n) is int for n in place):
            if place[0]:
                keys[pointer] = (place[0], place[1])
            if place[2]:
                values[pointer] = (place[2], place[3])
    return Document(path=display, text="", data=data, keys=keys, values=values, problems=loaded)
