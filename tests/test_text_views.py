"""The shared text views and quick tests find exactly what the plain, slower searches find.

Checks search every text value of an agreement; to do that once per agreement instead of
once per value they use :class:`isa_lint.rules._rule.Texts` (values joined by NUL), and
placeholder_in tests cheap required text before each pattern. These tests compare both
with the straightforward search, on the shipped agreements, the rule examples and random
text built from the words the patterns look for.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from isa_lint.catalogues import identifiers
from isa_lint.check.engine import lint_document
from isa_lint.examples import base_text
from isa_lint.load.document import escape_pointer_part, load_text
from isa_lint.rules import personal_data, required
from isa_lint.rules._rule import Context, Settings, Texts

from .conftest import AGREEMENTS, FIXED_TODAY

EXAMPLES = Path(required.__file__).resolve().parent.parent / "examples" / "rules"
SOURCES = [base_text(), *(p.read_text(encoding="utf-8") for p in sorted(AGREEMENTS.glob("*.yaml")))]
SOURCES += [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.yaml"))]

WORDS = st.sampled_from(
    [
        *(
            "TBC|tbd|Tba|todo|TODOS|FIXME|xxx|XXXX|lorem ipsum|to be agreed|yet to be confirmed|"
            "to  be decided|(to be agreed|: to be advised|- to be completed|[insert name]|<enter date>|"
            "{name of officer}|[|policy|policies|as per each organisation's policy|"
            "in line with each partner's retention policy|according to their own policy|per local policy|"
            "under the relevant agency's own data policy|subject to individual members' retention schedules|"
            "retention schedule|\uff34\uff4f\uff44\uff4f|\u0130|\u0131|\u017f|\u212a|K|\u00e9|Stra\u00dfe|"
            "date of birth|DOB|d.o.b.|born on|12/03/2015|1st March 2014|Jane Smith|jane.smith@gmail.com|"
            "@|-|:| |\n"
        ).split("|"),
        "\0",  # a YAML "\\0" escape puts NUL, the joining character, inside a value
    ]
)
"""What the patterns look for, near misses, letters whose case rules differ beyond ASCII, and NUL."""
TEXT = st.lists(WORDS, max_size=8).map(" ".join)
VALUES = st.lists(TEXT, max_size=12)


def _one_search(value: str) -> str | None:
    """placeholder_in as written before: every pattern as one alternation, no quick tests.

    A hand-off to local policy that is in fact the answer (required._excused) is passed over,
    and the search goes on from the next character.
    """
    patterns = [p for p, _ in required.PLACEHOLDER_PATTERNS]
    pattern = re.compile("|".join(f"(?P<p{i}>{p})" for i, p in enumerate(patterns)), re.IGNORECASE)
    deferral = f"p{patterns.index(required._DEFERRAL)}"
    found = pattern.search(value)
    while found and found.lastgroup == deferral and required._excused(value, *found.span()):
        found = pattern.search(value, found.start() + 1)
    if not found:
        return None
    words = found.group(0).strip().lstrip(":\u2013\u2014-").strip()
    return words[1:].strip() if words[:1] in "([<{" and words[-1:] not in ")]>}" else words


def _all_values() -> list[str]:
    values = []
    for source in SOURCES:
        document = load_text(source, "x.yaml")
        if isinstance(document.data, dict):
            values += [value for _, value in Context(document, Settings(today=FIXED_TODAY)).all_strings]
    return values


def test_placeholder_quick_tests_change_nothing_on_real_text() -> None:
    values = _all_values()
    assert any(required.placeholder_in(v) for v in values)
    for value in values:
        assert required.placeholder_in(value) == _one_search(value), value


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_placeholder_quick_tests_change_nothing(value: str) -> None:
    assert required.placeholder_in(value) == _one_search(value)


@settings(max_examples=300, deadline=None)
@given(VALUES)
def test_has_placeholder_answers_as_placeholder_in_does(values: list[str]) -> None:
    texts = Texts([(f"/{i}", v) for i, v in enumerate(values)])
    assert required.has_placeholder(texts) == any(required.placeholder_in(v) for v in values)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_each_pattern_needs_its_text(value: str) -> None:
    for pattern, needs in required.PLACEHOLDER_PATTERNS:
        if re.search(pattern, value, re.IGNORECASE):
            assert any(re.search(n, value, re.IGNORECASE) for n in needs), (pattern, value)


@settings(max_examples=300, deadline=None)
@given(VALUES)
def test_matching_finds_the_values_a_search_of_each_finds(values: list[str]) -> None:
    texts = Texts([(f"/{i}", v) for i, v in enumerate(values)])
    pairs = [
        (required._MAYBE_ANY_CASE, required._MAYBE_LOWER),
        (personal_data._AT, None),
        (re.compile(r"\bborn\b", re.IGNORECASE), None),
    ]
    for pattern, lower in pairs:
        expected = [(p, v) for p, v in texts.items if pattern.search(v)]
        assert texts.matching(pattern, lower) == expected


def _reference_walk(value: Any, pointer: str = "") -> list[tuple[str, str]]:
    if isinstance(value, str):
        return [(pointer, value)]
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _reference_walk(item, f"{pointer}/{escape_pointer_part(key)}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _reference_walk(item, f"{pointer}/{index}")
    return found


def test_all_strings_in_document_order_with_escaped_pointers() -> None:
    text = base_text() + "\nnotes:\n  a/b: slash\n  c~d: [tilde, 3, {e/f~g: deep}]\n"
    document = load_text(text, "x.yaml")
    strings = Context(document, Settings(today=FIXED_TODAY)).all_strings
    assert strings == _reference_walk(document.data)
    assert ("/notes/a~1b", "slash") in strings
    assert ("/notes/c~0d/2/e~1f~0g", "deep") in strings


IDENTIFIER_TEXT = st.lists(
    st.sampled_from(
        "943 476 5919|9434765919|x9434765919|9434765919x|AB123456C|AB 12 34 56 C|QQ123456C|"
        "ab123456c|A801200120005|A80120012000|_A801200120005|2026-04-01|12|\0|-|/| |x|\n".split("|")
    ),
    max_size=10,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(IDENTIFIER_TEXT)
def test_may_find_answers_as_the_bounded_pattern_does(joined: str) -> None:
    formats = ("nhs_number", "ni_number", "upn")
    found = {f: identifiers._inside(f).search(joined) is not None for f in formats}
    for format_id in formats:
        assert identifiers.may_find((format_id,), joined) == found[format_id]
    assert identifiers.may_find(formats, joined) == any(found.values())
    assert identifiers.may_find(formats[1:], joined) == any(found[f] for f in formats[1:])


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_birth_quick_test_holds_whenever_the_full_pattern_matches(value: str) -> None:
    if value.isascii() and personal_data._BIRTH.search(value):
        assert any(quick.search(value.lower()) for quick in personal_data._BIRTH_QUICK)


def test_a_nul_inside_a_value_does_not_move_findings_to_another_value() -> None:
    texts = Texts([("/a", "one\0two\0\0three"), ("/b", "TBC")])
    assert texts.matching(re.compile("TBC")) == [("/b", "TBC")]
    assert texts.matching(re.compile("three")) == [("/a", "one\0two\0\0three")]
    title = 'title: "Referrals\\0agreement TBC"'  # the YAML escape for NUL
    text = re.sub(r"(?m)^title: .*$", lambda _: title, base_text(), count=1)
    findings = lint_document(load_text(text, "example.yaml"), Settings(today=FIXED_TODAY))
    assert [(f.code, f.pointer) for f in findings if f.code == "ISA102"] == [("ISA102", "/title")]


NAME_PIECES = st.lists(
    st.sampled_from(["art", "art.", "article", " ", "6", "(4)", "k", "K", "\u212a", "s", "\u017f", "-", "("]),
    min_size=1,
    max_size=4,
).map("".join)


@settings(max_examples=300)
@given(
    st.lists(NAME_PIECES, min_size=1, max_size=6),
    st.sampled_from([r"\b", r"(?<![\w(])", r"(?<!\w)"]),
    st.lists(st.one_of(NAME_PIECES, st.sampled_from([" ", "x", "\0", "\n", "(", "see "])), max_size=10).map(
        "".join
    ),
)
def test_names_after_finds_what_the_plain_alternation_finds(names: list[str], before: str, text: str) -> None:
    from isa_lint.rules._rule import names_after

    plain = f"(?:{before})(?:{'|'.join(map(re.escape, names))})"
    for flags in (0, re.IGNORECASE):
        expected = [m.span() for m in re.finditer(plain, text, flags)]
        assert [m.span() for m in re.finditer(names_after(before, names), text, flags)] == expected


def test_the_hand_off_pattern_is_written_in_lower_case() -> None:
    """required._first searches ASCII text for it in lower case, without IGNORECASE."""
    assert required._DEFERRAL.lower() == required._DEFERRAL
    assert not re.search(r"\\[A-Z]", required._DEFERRAL)  # no \W, \S, \B, \D that lower() would change


def _term_words() -> list[str]:
    from isa_lint.rules.data_retention import _data_terms

    return [word for term in _data_terms() for word in term.terms]


@settings(max_examples=300)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(_term_words()).flatmap(
                lambda w: st.sampled_from([w, w.upper(), w.title(), w + "s"])
            ),
            st.sampled_from(["a", "no", "-", "_", " ", "\u017f", "\u212a", "\u0130", "x"]),
        ),
        max_size=6,
    ).map(" ".join)
)
def test_the_quick_test_of_special_data_words_is_the_case_insensitive_search(words: str) -> None:
    """ISA306 tests ASCII words in lower case; it must find what the IGNORECASE pattern finds."""
    from isa_lint.rules.data_retention import _any_term, _may_name_a_term

    assert _may_name_a_term(words) == (_any_term()[0].search(words) is not None)
