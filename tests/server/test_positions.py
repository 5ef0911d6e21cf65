"""Reading positions from the text: what a finding underlines, and the keys at the cursor."""

from __future__ import annotations

import pytest

from isa_lint.server.positions import Span, cursor_at, finding_span, split_lines

TEXT = """\
parties:
- id: council
  kind: local_authority  # a comment
  name: 'Exampleshire ''County'' Council'
purposes:
  - id: p
    gateways: [ca1989_s47, ca2004_s11]
    lawful_bases:
      - parties: [council]
        regime: uk_gdpr
        art9:
          - substantial_public_interest
        sch1: [p18_safe
"""
LINES = split_lines(TEXT)


def _cursor(needle: str, offset: int = 0) -> tuple[str, ...]:
    row = next(i for i, line in enumerate(LINES) if needle in line)
    return cursor_at(LINES, row, LINES[row].index(needle) + offset).path


@pytest.mark.parametrize(
    ("needle", "offset", "path"),
    [
        ("local_authority", 3, ("parties", "*", "kind")),
        ("ca2004_s11", 2, ("purposes", "*", "gateways", "*")),
        ("uk_gdpr", 1, ("purposes", "*", "lawful_bases", "*", "regime")),
        ("substantial_public_interest", 4, ("purposes", "*", "lawful_bases", "*", "art9", "*")),
        ("p18_safe", 8, ("purposes", "*", "lawful_bases", "*", "sch1", "*")),
        ("a comment", 2, ()),
    ],
)
def test_keys_at_the_cursor_from_indentation(needle: str, offset: int, path: tuple[str, ...]) -> None:
    assert _cursor(needle, offset) == path


def test_spans_end_where_the_token_does() -> None:
    assert finding_span(LINES, 3, 9) == Span(2, 8, 23)  # the value, not its comment
    assert finding_span(LINES, 3, 3) == Span(2, 2, 6)  # the key, to its colon
    assert finding_span(LINES, 4, 9) == Span(3, 8, 41)  # a quoted value with doubled quotes
    assert finding_span(['  a: "say \\"hi\\"" # c'], 1, 6) == Span(0, 5, 17)  # escaped quotes
    assert finding_span(LINES, 7, 16) == Span(6, 15, 25)  # an item of a flow list
    assert finding_span(LINES, 99, 1).line == len(LINES) - 1  # past the end: the last line


def test_lines_split_as_lsp_splits_them() -> None:
    assert split_lines("a\r\nb\rc\nd") == ["a", "b", "c", "d"]
