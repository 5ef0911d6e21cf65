"""Loading: positions for every key and value, and every YAML trap caught, never a crash."""

from __future__ import annotations

import pytest

from isa_lint.load.document import MAX_BYTES, load_bytes, load_text


def _codes(text: str) -> list[tuple[str, int, int]]:
    return [(p.code, p.line, p.column) for p in load_text(text, "t.yaml").problems]


def test_positions_for_keys_and_values_are_one_based() -> None:
    document = load_text("a:\n  b: [1, {c: 2}]\n", "t.yaml")
    assert document.keys["/a/b"] == (2, 3)
    assert document.values["/a/b/1/c"] == (2, 14)
    assert document.locate("/a/b/7/missing") == (2, 3)
    assert document.locate("/nowhere") == (1, 1)


def test_pointer_parts_are_escaped() -> None:
    document = load_text("'a/b': {'c~d': 1}\n", "t.yaml")
    assert document.data == {"a/b": {"c~d": 1}}
    assert "/a~1b/c~0d" in document.keys


def test_duplicate_keys_top_and_nested_keep_the_first() -> None:
    document = load_text("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n", "t.yaml")
    assert document.data == {"a": 1, "b": {"c": 1}}
    assert [(p.code, p.line) for p in document.problems] == [("ISA002", 4), ("ISA002", 5)]


def test_scalars_keep_their_written_meaning() -> None:
    document = load_text("v: 2.10\nd: 2024-01-01\nz: 010\nn: no\no: on\nt: true\nq: '010'\ni: 12\n", "t.yaml")
    assert document.data == {
        "v": "2.10",
        "d": "2024-01-01",
        "z": "010",
        "n": "no",
        "o": "on",
        "t": True,
        "q": "010",
        "i": 12,
    }
    assert _codes("z: 010\n") == [("ISA006", 1, 4)]


def test_object_tags_are_reported_and_never_run(tmp_path: pytest.TempPathFactory) -> None:
    marker = f"{tmp_path}/ran"
    text = f"a: !!python/object/apply:os.system ['touch {marker}']\nb: !local x\n"
    assert [code for code, _, _ in _codes(text)] == ["ISA004", "ISA004"]
    import os

    assert not os.path.exists(marker)


def test_alias_bomb_is_stopped_quickly() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    problems = load_text("\n".join(lines) + "\n", "t.yaml").problems  # expanded, it would be 10**9 nodes
    assert [p.code for p in problems] == ["ISA005"]
    assert problems[0].line == 3  # the 17th alias use


def test_merge_keys_are_reported_and_ignored() -> None:
    document = load_text("x: &x {a: 1}\ny:\n  <<: *x\n  b: 2\n", "t.yaml")
    assert document.data["y"] == {"b": 2}
    assert [(p.code, p.line) for p in document.problems] == [("ISA005", 3)]


@pytest.mark.parametrize(
    "text",
    ["a: " + "[" * 5000 + "]" * 5000 + "\n", "".join("  " * i + "- \n" for i in range(2000))],
    ids=["flow", "block"],
)
def test_deep_nesting_is_refused_without_recursion(text: str) -> None:
    assert [code for code, _, _ in _codes(text)] == ["ISA007"]


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("a: " + "[" * 64 + "]" * 64 + "\n", False),
        ("a: " + "[" * 65 + "]" * 65 + "\n", True),
        ("a: [" + "{b: [c]}, " * 40 + "]\n", False),  # many brackets, shallow
        ("a: '" + "[" * 70 + "'\n", False),  # brackets in quotes
        ("".join("  " * i + "- \n" for i in range(64)), False),
        ("".join("  " * i + "- \n" for i in range(65)), True),
    ],
)
def test_nesting_limit_is_exact(text: str, refused: bool) -> None:
    assert ("ISA007" in [code for code, _, _ in _codes(text)]) == refused


def test_more_than_one_document() -> None:
    assert _codes("a: 1\n---\nb: 2\n") == [("ISA003", 2, 1)]


def test_syntax_error_has_a_location() -> None:
    assert _codes("a: [1, 2\nb: 3\n")[0][0] == "ISA001"
    assert _codes("a:\n\tb: 1\n") == [("ISA001", 2, 1)]


@pytest.mark.parametrize(
    ("raw", "where"),
    [
        (b"a: 1\nb: \xe9\n", (2, 4)),
        (b"\xff\xfea\x00:\x00", (1, 1)),
        (b"a: 1\x00\n", (1, 5)),
        (b"x" * (MAX_BYTES + 1), (1, 1)),
    ],
    ids=["latin-1", "utf-16", "nul", "too-large"],
)
def test_unreadable_bytes(raw: bytes, where: tuple[int, int]) -> None:
    problems = load_bytes(raw, "t.yaml").problems
    assert [(p.code, p.line, p.column) for p in problems] == [("ISA007", *where)]


def test_utf8_bom_and_crlf_are_fine() -> None:
    document = load_bytes(b"\xef\xbb\xbfa: 1\r\nb: 2\r\n", "t.yaml")
    assert document.data == {"a": 1, "b": 2}
    assert document.problems == []
    assert document.keys["/b"] == (2, 1)


@pytest.mark.parametrize("text", ["", "# only a comment\n", "---\n"])
def test_empty_files_have_no_data(text: str) -> None:
    assert load_text(text, "t.yaml").data is None


def test_fast_resolver_gives_ruamel_yamls_tags() -> None:
    from ruamel.yaml.cyaml import CSafeLoader

    from isa_lint.examples import base_text
    from isa_lint.load.document import _fast_loader

    from .conftest import AGREEMENTS

    scalars = (
        "yes|No|on|OFF|true|False|null|~||010|0x1F|0o17|1_000|-1|+2|.5|1e3|.inf|-.Inf|.NaN|2026-02-30|"
        "2026-01-01T10:00:00|12:30|<<|=|'quoted'|\"1\"|nul|truest|n|y|Null|NULL|0|0.0|1.0"
    ).split("|")
    tricky = "\n".join(f"k{i}: {v}" for i, v in enumerate(scalars))
    texts = [base_text(), tricky, *(p.read_text(encoding="utf-8") for p in sorted(AGREEMENTS.glob("*.yaml")))]

    def tags(loader_class: type, text: str) -> list[tuple[str, str]]:
        loader = loader_class(text)
        try:
            found: list[tuple[str, str]] = []
            stack = [loader.get_single_node()]
            while stack:
                node = stack.pop()
                if isinstance(node.value, str):
                    found.append((node.value, node.tag))
                else:
                    stack.extend(
                        n for item in node.value for n in (item if isinstance(item, tuple) else (item,))
                    )
            return found
        finally:
            loader.dispose()

    for text in texts * 2:  # the second time, answers come from what the resolver remembers
        assert tags(_fast_loader(), text) == tags(CSafeLoader, text)
