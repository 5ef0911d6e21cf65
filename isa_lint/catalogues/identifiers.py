"""Identifier formats from the identifier_formats catalogue: whole-value matching, finding
identifiers inside free text, and the check-digit algorithms the catalogue names."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from isa_lint import catalogues

UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
"""The 23 letters a UPN check letter is drawn from (no I, O or S), in value order."""


@functools.cache
def _whole(format_id: str) -> re.Pattern[str]:
    entry = catalogues.entry("identifier_formats", format_id)
    if entry is None:
        raise KeyError(f"no identifier format {format_id!r}")
    return re.compile(entry["pattern"])


@functools.cache
def _inside(format_id: str) -> re.Pattern[str]:
    """The catalogue pattern without its anchors, bounded so it is not part of a longer token."""
    return re.compile(rf"(?<![A-Za-z0-9])(?:{_body(format_id)})(?![A-Za-z0-9])")


def _body(format_id: str) -> str:
    return _whole(format_id).pattern.removeprefix("^").removesuffix("$")


@functools.cache
def _any_of(format_ids: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Identifiers of any of the formats at the start of a text, and after a character that is
    not a letter or digit.

    Together they find what :func:`_inside` finds for each format, in one search for all and
    about three times faster: the regular expression engine tries the patterns only after
    such a character, where a lookbehind has it try at every position.
    """
    either = "|".join(f"(?:{_body(format_id)})" for format_id in format_ids)
    return re.compile(rf"(?:{either})(?![A-Za-z0-9])"), re.compile(
        rf"[^A-Za-z0-9](?:{either})(?![A-Za-z0-9])"
    )


def matches(format_id: str, value: str) -> bool:
    """Whether the whole value has the format (and passes its check, if it has one)."""
    return _whole(format_id).fullmatch(value) is not None and passes_check(format_id, value)


_BOUNDARY_SENSITIVE = re.compile(r"[\^$.]|\\[AZbBWDS]|\[\^")
"""Pattern parts that could behave differently where values are joined by NUL."""


def may_find(format_ids: tuple[str, ...], joined: str) -> bool:
    """False only when no value joined by NUL in ``joined`` can hold an identifier of the formats.

    One search over a whole agreement's text instead of one per value and format. Exact for
    patterns made of letters, digits, spaces, classes and lookaheads: NUL matches none of
    them and stands where a value ends, as the bounded pattern of :func:`find_in` requires.
    For any other pattern it answers True and each value is searched.
    """
    if any(_BOUNDARY_SENSITIVE.search(_body(format_id)) for format_id in format_ids):
        return True
    at_start, after = _any_of(format_ids)
    return at_start.match(joined) is not None or after.search(joined) is not None


def find_in(format_id: str, text: str) -> Iterator[str]:
    """Identifiers of this format inside free text that also pass its check."""
    for match in _inside(format_id).finditer(text):
        if passes_check(format_id, match.group()):
            yield match.group()


def passes_check(format_id: str, value: str) -> bool:
    entry = catalogues.entry("identifier_formats", format_id) or {}
    check = entry.get("check", "none")
    if check == "nhs_mod11":
        return nhs_mod11(value)
    if check == "upn_mod23":
        return upn_mod23(value)
    return True


def nhs_mod11(value: str) -> bool:
    """NHS number check digit: weights 10..2 on the first nine digits, 11 - (sum mod 11)."""
    digits = [int(c) for c in value if c.isdigit()]
    if len(digits) != 10:
        return False
    remainder = sum(d * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True)) % 11
    check = 11 - remainder
    if check == 11:
        check = 0
    return check != 10 and check == digits[9]


def upn_mod23(value: str) -> bool:
    """UPN check letter: characters 2-13 times their position, summed, mod 23, as a letter."""
    if len(value) != 13:
        return False
    total = 0
    for position, char in enumerate(value[1:], start=2):
        if char.isdigit():
            total += int(char) * position
        elif char in UPN_LETTERS:
            total += UPN_LETTERS.index(char) * position
        else:
            return False
    return UPN_LETTERS[total % 23] == value[0]
