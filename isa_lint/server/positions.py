"""Where things are in the editor's text: the range a finding covers, and the keys at the cursor.

Findings carry the 1-based line and column where a key or value starts (from the loader's
position maps); an editor wants a range to underline. The end is found on the same line: a
quoted value to its closing quote, a key to its colon, an item of a flow list to the next
comma or bracket, any other value to the end of the line before a comment.

Completion and hover work on half-typed files that do not parse, so the keys leading to the
cursor are read from indentation alone (:func:`key_path`), the way a person reads YAML.
Lines are split as LSP splits them (``\\n``, ``\\r\\n``, ``\\r``); columns here count code
points, and the server converts them to the client's units.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_ITEM = re.compile(r"^(?P<indent> *)(?P<dashes>(?:- +)*)(?P<rest>.*)$")
_KEY = re.compile(r"""^(?P<key>[^\s#'"\[\]{},:-][^:#]*?|"[^"]*"|'[^']*')\s*:(?:\s|$)""")
_COMMENT = re.compile(r"\s#")


class Span(NamedTuple):
    """A range on one line: 0-based line, and 0-based start and end columns in code points."""

    line: int
    start: int
    end: int


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` as LSP counts them, without their line breaks."""
    return _LINE_BREAK.split(text)


def finding_span(lines: list[str], line: int, column: int) -> Span:
    """The span of the token a finding points at (``line`` and ``column`` are 1-based)."""
    row = min(max(line - 1, 0), max(len(lines) - 1, 0))
    text = lines[row] if lines else ""
    start = min(max(column - 1, 0), len(text))
    end = token_end(text, start)
    if end <= start:  # nothing to underline there (an empty line, the end of the file)
        start, end = _first_word(text)
    return Span(row, start, end)


def token_end(text: str, start: int) -> int:
    """Where the key, value or list item starting at ``start`` ends on its line."""
    if start >= len(text):
        return start
    first = text[start]
    if first in "\"'":
        index = start + 1
        while index < len(text):
            if text[index] == "\\" and first == '"':
                index += 2
                continue
            if text[index] == first:
                if first == "'" and text[index + 1 : index + 2] == "'":
                    index += 2
                    continue
                return index + 1
            index += 1
        return len(text)
    key = _KEY.match(text[start:])
    if key:
        return start + key.end("key")
    before = text[:start].rstrip()
    stops = ",]}" if before.endswith(("[", ",", "{")) else ""
    index = start
    while index < len(text) and text[index] not in stops:
        if text[index] == "#" and index > start and text[index - 1].isspace():
            break
        index += 1
    return start + len(text[start:index].rstrip())


def _first_word(text: str) -> tuple[int, int]:
    stripped = text.lstrip()
    start = len(text) - len(stripped)
    return (start, max(len(text.rstrip()), start + 1)) if stripped else (0, max(len(text), 1))


class Cursor(NamedTuple):
    """What the cursor is on: the keys leading to it (``*`` for a list item) and the word there."""

    path: tuple[str, ...]
    word: str
    start: int
    end: int
    """The word's span on the cursor's line (0-based, code points)."""


_WORD = re.compile(r"[A-Za-z0-9_\-]+")


def word_at(text: str, column: int) -> tuple[str, int, int]:
    """The word (letters, digits, '_' or '-') at or just before ``column``, and its span."""
    for match in _WORD.finditer(text):
        if match.start() <= column <= match.end():
            return match.group(), match.start(), match.end()
    return "", column, column


class _Node(NamedTuple):
    """A key or a list item's dash on a line: its column, its key, and whether it holds a value inline."""

    column: int
    key: str | None
    inline: bool = False


def _nodes(text: str) -> list[_Node]:
    """The dashes and the key that open on a line, outermost first."""
    item = _ITEM.match(text)
    assert item is not None  # the pattern matches any line
    column = len(item.group("indent"))
    nodes = []
    for dash in item.group("dashes").split("-")[:-1]:
        nodes.append(_Node(column, None))
        column += len(dash) + 1
    key = _KEY.match(item.group("rest"))
    if key is not None:
        value = item.group("rest")[key.end() :].strip()
        inline = bool(value) and not value.startswith("#")
        nodes.append(_Node(column, _unquote(key.group("key")), inline))
    return nodes


def _contains(outer: _Node, inner: _Node) -> bool:
    if outer.key is None:
        return outer.column < inner.column
    return not outer.inline and (
        outer.column < inner.column or (inner.key is None and outer.column == inner.column)
    )


def cursor_at(lines: list[str], line: int, column: int) -> Cursor:
    """The keys leading to the value at (``line``, ``column``), 0-based, read from indentation.

    ``kind: loc`` gives ``(..., "kind")``; ``- sub`` under ``art9:`` and ``art9: [sub`` give
    ``(..., "art9", "*")``. Anywhere else (a comment, a key being typed) the path is empty.
    """
    text = lines[line] if 0 <= line < len(lines) else ""
    column = min(column, len(text))
    word, start, end = word_at(text, column)
    head = text[:column]
    if head.lstrip().startswith("#") or _COMMENT.search(head):
        return Cursor((), word, start, end)
    nodes = _nodes(head)
    if not nodes or (nodes[-1].key is None and _KEY.match(head[nodes[-1].column + 1 :].lstrip())):
        return Cursor((), word, start, end)
    path = ["*" if node.key is None else node.key for node in nodes]
    last = nodes[-1]
    typed = text[start:column] if start <= column else ""  # the word's part before the cursor
    if last.key is not None:
        value = head[last.column :].split(":", 1)[1]
        if "[" in value:
            path.append("*")
        elif value.strip() not in ("", typed):
            return Cursor((), word, start, end)
    elif head[last.column + 1 :].strip() not in ("", typed):
        return Cursor((), word, start, end)
    return Cursor((*_enclosing(lines, line, nodes[0]), *path), word, start, end)


def _enclosing(lines: list[str], line: int, node: _Node) -> list[str]:
    """The keys (and ``*`` for list items) above ``line`` that enclose ``node``, outermost first."""
    found: list[str] = []
    current = node
    for row in range(line - 1, -1, -1):
        text = lines[row]
        stripped = text.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        for outer in reversed(_nodes(text)):
            if _contains(outer, current):
                found.append("*" if outer.key is None else outer.key)
                current = outer
        if current.column == 0 and current.key is not None:
            break
    return list(reversed(found))


def _unquote(key: str) -> str:
    key = key.strip()
    return key[1:-1] if len(key) >= 2 and key[0] == key[-1] and key[0] in "\"'" else key
