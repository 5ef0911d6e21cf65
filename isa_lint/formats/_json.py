"""JSON written as it is made: the layout of ``json.dumps(indent=2, ensure_ascii=False)``, in chunks.

A report of 10,000 files, built as one tree and one string, held tens of megabytes at once
(docs/performance.md). :func:`chunks` walks the document's own dicts and lists and writes
any iterator in it as a list, one item at a time, so only one finding's record is held.

Not a format itself (it is not in :data:`isa_lint.formats.FORMAT_MODULES`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

INDENT = "  "
_ENCODER = json.JSONEncoder(indent=len(INDENT), ensure_ascii=False)


def output(value: Any) -> Iterator[str]:
    """A whole JSON output: ``value`` in chunks, then the closing newline."""
    yield from chunks(value)
    yield "\n"


def chunks(value: Any, level: int = 0) -> Iterator[str]:
    """``json.dumps(value, indent=2, ensure_ascii=False)`` piece by piece, at nesting ``level``.

    Dicts (with string keys), lists and tuples are walked; an iterator stands for a list,
    and each of its items is encoded whole; anything else is encoded by :mod:`json` itself.
    Encoded JSON holds no raw line break (inside strings it is ``\\n``), so indenting an
    item's lines by its level gives exactly the bytes ``json.dumps`` gives for the whole.
    """
    if isinstance(value, dict) and value:
        yield from _container("{", "}", (_member(k, v, level + 1) for k, v in value.items()), level)
    elif isinstance(value, (list, tuple)) and value:
        yield from _container("[", "]", (chunks(item, level + 1) for item in value), level)
    elif isinstance(value, Iterator):
        yield from _container("[", "]", (iter((_encode(item, level + 1),)) for item in value), level)
    else:
        yield _encode(value, level)


def _member(key: str, value: Any, level: int) -> Iterator[str]:
    yield _ENCODER.encode(key) + ": "
    yield from chunks(value, level)


def _container(opening: str, closing: str, parts: Iterator[Iterator[str]], level: int) -> Iterator[str]:
    """``opening``, the parts one to a line, ``closing``; ``[]`` or ``{}`` when there are none."""
    inner = "\n" + INDENT * (level + 1)
    separator = opening + inner
    empty = True
    for part in parts:
        yield separator
        yield from part
        separator, empty = "," + inner, False
    yield opening + closing if empty else "\n" + INDENT * level + closing


def _encode(value: Any, level: int) -> str:
    return _ENCODER.encode(value).replace("\n", "\n" + INDENT * level)
