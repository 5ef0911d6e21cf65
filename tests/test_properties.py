"""Property-based tests: random mutations of the shipped agreements never crash the linter
and give the same findings on every run.

Set ISA_LINT_FUZZ_EXAMPLES (default 40 per property) for a longer run, for example
``ISA_LINT_FUZZ_EXAMPLES=2000 .venv/bin/pytest tests/test_properties.py``.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from isa_lint.check.engine import lint_document
from isa_lint.examples import base_text
from isa_lint.load.document import load_text
from isa_lint.rules._rule import Settings

from .conftest import AGREEMENTS, FIXED_TODAY

EXAMPLES = int(os.environ.get("ISA_LINT_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SOURCES = [base_text(), *(p.read_text(encoding="utf-8") for p in sorted(Path(AGREEMENTS).glob("*.yaml")))]
ODD = st.sampled_from(
    [
        "",
        " ",
        "TBC",
        "\u202e",
        "\x1b[31m",
        "<script>alert(1)</script>",
        "=cmd|'/C calc'!A0",
        "ä" * 300,
        "0",
        "-1",
        "null",
    ]
)
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.text(max_size=30) | ODD,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


def _lint(text: str) -> list[tuple[str, int, int, str, str]]:
    findings = lint_document(load_text(text, "example-referrals.yaml"), Settings(today=FIXED_TODAY))
    return [(f.code, f.line, f.column, f.pointer, f.message) for f in findings]


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*prefix, index))
    return found


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A shipped agreement with a few structural changes, written back out as YAML (JSON)."""
    data = copy.deepcopy(load_text(draw(st.sampled_from(SOURCES)), "x.yaml").data)
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p in _paths(data) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, last = _parent(data, path), path[-1]
        action = draw(st.sampled_from(["drop", "duplicate", "retype", "rename", "odd"]))
        if action == "drop":
            del parent[last]
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))
        elif action == "rename" and isinstance(parent, dict):
            parent[str(last) + draw(st.sampled_from(["s", "_", "X"]))] = parent.pop(last)
        elif action == "odd":
            parent[last] = draw(ODD)
        else:
            parent[last] = draw(VALUES)
    return json.dumps(data, ensure_ascii=False, indent=1)


@st.composite
def text_mutated(draw: st.DrawFn) -> str:
    """A shipped agreement with lines deleted, duplicated or garbled in the text itself."""
    lines = draw(st.sampled_from(SOURCES)).splitlines()
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "insert", "indent"]))
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "insert":
            lines.insert(index, draw(st.text(max_size=40)))
        else:
            lines[index] = " " * draw(st.integers(1, 5)) + lines[index]
    return "\n".join(lines) + "\n"


@FUZZ
@given(mutated())
def test_structural_mutations_never_crash_and_are_stable(text: str) -> None:
    assert _lint(text) == _lint(text)


@FUZZ
@given(text_mutated())
def test_text_mutations_never_crash_and_are_stable(text: str) -> None:
    assert _lint(text) == _lint(text)


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes_never_crash(raw: bytes) -> None:
    from isa_lint.load.document import load_bytes

    document = load_bytes(raw, "x.yaml")
    lint_document(document, Settings(today=FIXED_TODAY))


@st.composite
def aliased(draw: st.DrawFn) -> str:
    """A shipped agreement with anchors put on some values and aliases to them put elsewhere,
    including inside the anchored value itself (a loop)."""
    lines = draw(st.sampled_from(SOURCES)).splitlines()
    names = []
    for number in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, len(lines) - 1))
        line = lines[index]
        if ": " in line and not line.lstrip().startswith("#"):
            key, _, value = line.partition(": ")
            lines[index] = f"{key}: &n{number} {value}"
            names.append((f"n{number}", index))
    for name, anchored_at in names:
        for _ in range(draw(st.integers(1, 3))):
            index = draw(st.sampled_from([anchored_at, *range(len(lines))]))
            indent = len(lines[index]) - len(lines[index].lstrip())
            shape = draw(st.sampled_from(["value", "item", "flow", "key"]))
            text = {
                "value": f"alias: *{name}",
                "item": f"- *{name}",
                "flow": f"loop: {{a: [*{name}]}}",
                "key": f"? *{name}\n{' ' * indent}: x",
            }[shape]
            lines.insert(index + 1, " " * indent + text)
    return "\n".join(lines) + "\n"


@FUZZ
@given(aliased())
def test_anchors_and_aliases_never_crash_and_are_stable(text: str) -> None:
    assert _lint(text) == _lint(text)


@FUZZ
@given(st.text(alphabet="ab&*[]{},: -\n", max_size=60))
def test_alias_soup_never_crashes(text: str) -> None:
    _lint(text)


SPECIAL_KINDS = ["regular", "fifo", "zero", "dangling", "folder", "loop"]


def _make(path: Path, kind: str) -> None:
    if kind == "regular":
        path.write_text(SOURCES[0])
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "zero":
        path.symlink_to("/dev/zero")
    elif kind == "dangling":
        path.symlink_to(path.parent / "nowhere")
    elif kind == "folder":
        path.mkdir()
        (path / "inner.yaml").write_text("id: inner\n")
    else:
        path.symlink_to(path)


@settings(max_examples=min(EXAMPLES, 15), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kinds=st.lists(st.sampled_from(SPECIAL_KINDS), min_size=1, max_size=4),
    listed=st.booleans(),
    keep=st.booleans(),
)
def test_special_files_never_hang_or_crash(kinds: list[str], listed: bool, keep: bool) -> None:
    """FIFOs, devices, dangling and looping links and folders named like agreements: each a
    finding or skipped, the rest linted; never a hang (a FIFO would block an open for ever)."""
    import tempfile

    from isa_lint.run.driver import lint_paths

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        names = []
        for number, kind in enumerate(kinds):
            _make(root / f"f{number}.yaml", kind)
            names.append(str(root / f"f{number}.yaml"))
        run = lint_paths(names if listed else [folder], Settings(today=FIXED_TODAY), keep_data=keep)
        assert run.files
        for number, kind in enumerate(kinds):
            if kind in ("fifo", "zero") or (kind == "dangling" and listed) or (kind == "loop" and listed):
                shown = [f for f in run.findings if f.path.endswith(f"f{number}.yaml")]
                assert any(f.code == "ISA007" for f in shown), (kind, shown)


TOML_VALUES = st.recursive(
    st.sampled_from(
        ['"warning"', "true", "5", "-1", "1979-05-27", '"ISA4"', "'x'", "3.5", '"\\u00e9"', "[]"]
    ),
    lambda inner: (
        st.lists(inner, max_size=3).map(lambda items: "[" + ", ".join(items) + "]")
        | st.dictionaries(st.sampled_from(["a", "ISA401", '"*.yaml"']), inner, max_size=2).map(
            lambda table: "{" + ", ".join(f"{k} = {v}" for k, v in table.items()) + "}"
        )
    ),
    max_leaves=5,
)
OPTION_NAMES = st.sampled_from(
    [
        "select",
        "ignore",
        "severity",
        "per-file-ignores",
        "exclude",
        "fail-on",
        "review-warning-days",
        "nation",
        "policy-packs",
        "unknown",
    ]
)


@st.composite
def hostile_toml(draw: st.DrawFn) -> bytes:
    """pyproject.toml text in many spellings of [tool.isa-lint], with odd values and bytes."""
    header = draw(
        st.sampled_from(
            [
                "[tool.isa-lint]",
                '[tool."isa-lint"]',
                "[ tool . isa-lint ]",
                "[tool]",
                "",
                "tool = 5",
                "[tool.isa-lint.x]",
            ]
        )
    )
    prefix = "isa-lint." if header in ("[tool]", "") else ""
    prefix = "tool." + prefix if header == "" else prefix
    lines = [header]
    for _ in range(draw(st.integers(0, 4))):
        lines.append(f"{prefix}{draw(OPTION_NAMES)} = {draw(TOML_VALUES)}")
    text = "\n".join(lines).encode("utf-8")
    if draw(st.booleans()):
        text += draw(
            st.sampled_from([b"\n# \xff\xfe", b"\n\x00", b"\nx = '\xe9'", b"\n[[", b"\n" + b"[" * 500])
        )
    return text


@FUZZ
@given(hostile_toml())
def test_hostile_toml_configuration_is_read_or_a_configuration_error(raw: bytes) -> None:
    import tempfile

    from isa_lint.check.config import ConfigError, load

    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "pyproject.toml").write_bytes(raw)
        try:
            load(Path(folder) / "pyproject.toml")
        except ConfigError as error:
            assert "pyproject.toml" in str(error)


@FUZZ
@given(st.dictionaries(OPTION_NAMES, VALUES, max_size=4), st.booleans())
def test_hostile_yaml_configuration_is_read_or_a_configuration_error(
    options: dict[str, Any], loop: bool
) -> None:
    import tempfile

    from isa_lint.check.config import ConfigError, load

    text = json.dumps(options, ensure_ascii=False)
    if loop:
        text = "select: &s [*s]\n" if not options else text.replace("{", "{x: &l [*l], ", 1)
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / ".isa-lint.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            load(Path(folder) / ".isa-lint.yaml")
        except ConfigError as error:
            assert ".isa-lint.yaml" in str(error)
