"""Escaping for every place text from an agreement lands: Markdown, Mermaid, CSV and terminals.

HTML is escaped by Jinja2's autoescaping (see :mod:`.html`); this module covers the rest.
The rule is the same everywhere: text that came from a file is data, never markup, never a
formula, never a terminal control sequence.
"""

from __future__ import annotations

import re
from typing import Any

_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""Control characters (ANSI escapes, C1 controls) and bidirectional overrides (Trojan Source)."""
_SPACES = re.compile(r"[ \t\r\n\f\v\x1c-\x1f\x85\u2028\u2029]+")


def visible(value: str) -> str:
    """Show control characters and bidi overrides as ``\\x1b`` / ``\\u202e``; keep tabs and newlines."""
    if value.isascii() and value.isprintable():  # most text: nothing to show, no regex run
        return value
    return _INVISIBLE.sub(
        lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", value
    )


def one_line(value: Any) -> str:
    """Text on one line: runs of whitespace (newlines included) become one space, controls visible."""
    text = value if isinstance(value, str) else "" if value is None else str(value)
    return visible(_SPACES.sub(" ", text).strip())


_MD_PUNCTUATION = re.compile(r"([\\`*_\[\]|~$#])")
_MD_LIST_NUMBER = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")
_MD_LIST_BULLET = re.compile(r"^([-+])(?=\s|$|-)")
_MENTION = re.compile(r"(?<![\w.+-])@(?=\w)")


def md(value: Any) -> str:
    """Inline Markdown text (GitHub flavour) that renders as written and can sit in a table cell.

    Escapes emphasis, code, links, tables (``|``), strikethrough, maths (``$``) and headings;
    turns ``< > &`` into entities so no HTML gets through; escapes what would start a list or
    quote at the beginning of a line; and breaks ``@name`` so a pull-request comment never
    mentions anyone.
    """
    text = one_line(value)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_PUNCTUATION.sub(r"\\\1", text)
    text = _MD_LIST_NUMBER.sub(r"\1\\\2", text)
    text = _MD_LIST_BULLET.sub(r"\\\1", text)
    return _MENTION.sub("@\u200b", text)


def md_url(url: str | None) -> str:
    """A web address as a Markdown autolink (only ``https://`` addresses with no spaces or brackets)."""
    if url is None or not is_https(url):
        return md(url or "")
    return f"<{url}>"


_HTTPS = re.compile(r"https://[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")


def is_https(url: str) -> bool:
    """Whether ``url`` is a plain https address safe to put in a link (no quotes, spaces or brackets)."""
    return bool(_HTTPS.fullmatch(url)) and not any(c in url for c in "<>\"'`()[]")


_MERMAID_SAFE = re.compile(r"[A-Za-z0-9 ,.\-]")


def mermaid_label(value: Any) -> str:
    """Text for inside a quoted Mermaid label: everything but letters, digits and ``,.-`` as ``#NN;``.

    Mermaid decodes ``#NN;`` entity codes itself, so quotes, brackets, pipes, backticks,
    ``<`` and ``;`` cannot end the label, start markup or close the Markdown code fence.
    """
    return "".join(c if _MERMAID_SAFE.fullmatch(c) else f"#{ord(c)};" for c in one_line(value))


_MERMAID_ID = re.compile(r"[^A-Za-z0-9_]")


def mermaid_id(prefix: str, index: int) -> str:
    """A node id Mermaid cannot misread: a letter prefix and a number (never a keyword like ``end``)."""
    return f"{_MERMAID_ID.sub('', prefix) or 'n'}{index}"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_cell(value: Any) -> str:
    """A CSV cell that a spreadsheet shows as text and never evaluates.

    Integers isa-lint computed (counts, days left) stay numbers. Any other cell that starts
    with ``= + - @``, a tab or a line break gets a leading ``'`` (OWASP's advice for CSV
    injection), after whitespace and controls are flattened.
    """
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int):
        return str(value)
    text = one_line(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_safe(text: str) -> str:
    """JSON text with C1 controls and bidi overrides written as ``\\uXXXX`` escapes.

    ``json.dumps`` already escapes C0 controls; the rest can only occur inside strings, where
    the escape means the same character, so the JSON is unchanged for any parser.
    """
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
