"""Helpers the machine formats share: stable per-finding fingerprints and control characters.

Not a format itself (it is not in :data:`isa_lint.formats.FORMAT_MODULES`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator

from isa_lint.check.findings import Finding
from isa_lint.run.digest import sha256

TOOL_NAME = "isa-lint"
INFORMATION_URI = "https://github.com/isa-lint/isa-lint"

_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
"""Control characters (not tab, LF or CR), bidi overrides, line separators and lone surrogates
(which UTF-8 cannot encode; a YAML ``"\ud800"`` escape can make one)."""

_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 cannot hold at all, not even as character references."""


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def show_controls(value: str) -> str:
    """Write control characters (an ANSI escape, a bell, a bidi override) as visible escapes.

    Tab, LF and CR are kept: each format deals with line breaks in its own way. A raw ESC in a
    CI log would recolour or rewrite the log; ``\\x1b`` shows what the file really holds.
    """
    return _CONTROL.sub(_visible, value)


def xml_safe(value: str) -> str:
    """Text an XML 1.0 document can hold: control characters and lone surrogates escaped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _XML_INVALID.sub(_visible, show_controls(value))


def repo_path(path: str) -> str:
    """A finding's path as CI tools want it: without a leading ``./`` (the engine already uses '/')."""
    while path.startswith("./"):
        path = path[2:]
    return path


def base_fingerprint(finding: Finding) -> str:
    """The engine's fingerprint, or one made the same way when a finding has none.

    It hashes the code, path, JSON Pointer and message, never the line, so it survives lines
    moving. The engine's own version also replaces list indexes by item ids.
    """
    if finding.fingerprint:
        return finding.fingerprint
    text = "\x1f".join((finding.code, finding.path, finding.pointer, finding.message))
    return sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def fingerprints(findings: Iterable[Finding]) -> Iterator[str]:
    """One fingerprint per finding, unique within the run, in the findings' order.

    The first finding with a given base fingerprint keeps it (so it matches the baseline
    file); a second identical problem in the same file gets the hash of the base and its
    occurrence number, so consumers that key on fingerprints (GitLab, GitHub code scanning)
    still show both.
    """
    seen: Counter[str] = Counter()
    for finding in findings:
        base = base_fingerprint(finding)
        occurrence = seen[base]
        seen[base] += 1
        yield base if occurrence == 0 else sha256(f"{base}:{occurrence}".encode()).hexdigest()[:32]


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&])")
"""Characters that could start Markdown markup (no link can form once brackets are escaped)."""


def markdown_text(value: str) -> str:
    """Plain text made safe inside Markdown (and a GFM table cell): no markup, HTML or breaks.

    Markdown punctuation is backslash-escaped, ``<``, ``>`` and ``&`` become entities, so a
    ``<script>`` in a message is shown and never run, and line breaks become ``<br>``.
    """
    value = show_controls(value.replace("\r\n", "\n").replace("\r", "\n"))
    escaped = _MARKDOWN_SPECIAL.sub(
        lambda m: {"<": "&lt;", ">": "&gt;", "&": "&amp;"}.get(m.group(), "\\" + m.group()), value
    )
    return escaped.replace("\n", "<br>")
