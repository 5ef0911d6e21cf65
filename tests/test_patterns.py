"""Regular expressions compiled from saved programs behave exactly as freshly compiled ones."""

from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from isa_lint.run import compiled, patterns

SAMPLES = [
    (r"\b(?:ethnic\ origin|racial\ origin)(?:s|es)?\b", re.IGNORECASE),
    (r"(?P<day>\d{2})-(?P<month>\d{2})", 0),
    (r"^\s*ignore\[(?P<rules>[^\]]*)\](?:\s+until=(?P<until>\S+))?", re.MULTILINE),
    (r"(?<![\w(])art\.?\s*6\(4\)", re.IGNORECASE | re.VERBOSE),
    (rb"^\s*\[\s*tool\s*\.\s*isa-lint\s*\]", re.MULTILINE),
]
TEXTS = [
    "Ethnic origins noted",
    "dated 07-12 and 31-03",
    "  # ignore[ISA102] until=2027-01-01",
    "ART 6(4)",
    "",
]


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(compiled, "folders", lambda: [str(tmp_path)])
    monkeypatch.setattr(patterns, "KEPT_FROM", patterns.KEPT_FROM | {"tests"})  # these tests compile
    re.purge()  # re's own per-process cache would answer before the store is asked
    return tmp_path


def _compile_all() -> list[re.Pattern[object]]:
    re.purge()
    return [re.compile(pattern, flags) for pattern, flags in SAMPLES]  # type: ignore[arg-type]


def test_saved_programs_are_used_and_equal_fresh_ones(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with patterns.kept():
        first = _compile_all()
    assert [p.pattern for p in first] == [p for p, _ in SAMPLES]
    assert list(store.glob("patterns-*.marshal")), "the programs were saved"

    def never(pattern: object, flags: int) -> patterns.Program:
        raise AssertionError(f"compiled again: {pattern!r}")

    monkeypatch.setattr(patterns, "_program", never)
    with patterns.kept():
        again = _compile_all()
    re.purge()
    fresh = [re.compile(pattern, flags) for pattern, flags in SAMPLES]  # type: ignore[arg-type]
    assert again == fresh  # CPython compares pattern, flags and the matcher's program
    for kept_pattern, fresh_pattern in zip(again, fresh, strict=True):
        assert kept_pattern.groupindex == fresh_pattern.groupindex
        assert kept_pattern.groups == fresh_pattern.groups
        for text in TEXTS:
            subject = text.encode() if isinstance(fresh_pattern.pattern, bytes) else text
            assert [m.groupdict() | {"": m.span()} for m in kept_pattern.finditer(subject)] == [  # type: ignore[arg-type]
                m.groupdict() | {"": m.span()}
                for m in fresh_pattern.finditer(subject)  # type: ignore[arg-type]
            ]


def test_compiling_is_as_usual_outside_the_block(store: Path) -> None:
    from re import _compiler

    original = _compiler.compile
    with patterns.kept():
        assert _compiler.compile is not original
    assert _compiler.compile is original
    with pytest.raises(RuntimeError), patterns.kept():
        raise RuntimeError("the block failed")
    assert _compiler.compile is original


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not marshal at all",
        marshal.dumps({("x", 0): "not a program"}),
        marshal.dumps({(SAMPLES[0][0], int(SAMPLES[0][1])): (0, [1, 2, 3], 0, {}, ())}),
        marshal.dumps(["a", "list"]),
    ],
)
def test_a_damaged_store_is_compiled_past(store: Path, damage: bytes) -> None:
    name = compiled._name("patterns-other", patterns.store_key())
    (store / name).write_bytes(damage)
    with patterns.kept():
        made = _compile_all()
    re.purge()
    assert made == [re.compile(pattern, flags) for pattern, flags in SAMPLES]  # type: ignore[arg-type]


def test_another_interpreters_programs_are_never_read(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with patterns.kept():
        _compile_all()
    monkeypatch.setattr(sys, "version", sys.version + " (another build)")
    asked: list[object] = []
    real = patterns._program
    monkeypatch.setattr(patterns, "_program", lambda p, f: asked.append(p) or real(p, f))
    with patterns.kept():
        _compile_all()
    assert len(asked) == len(SAMPLES)


def test_the_store_starts_afresh_when_full(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(patterns, "MAX_KEPT", 3)
    with patterns.kept():
        _compile_all()
    (saved,) = store.glob("patterns-*.marshal")
    assert len(marshal.loads(saved.read_bytes())) == len(SAMPLES)
    with patterns.kept():
        re.purge()
        re.compile("only-this-one")
    assert list(marshal.loads(saved.read_bytes())) == [("only-this-one", 0)]


@settings(max_examples=60, deadline=None)
@given(st.from_regex(r"[a-z()|*+?\\dws\[\]^$.{}0-9,-]{1,24}", fullmatch=True), st.text(max_size=30))
def test_any_pattern_behaves_the_same_kept(
    tmp_path_factory: pytest.TempPathFactory, pattern: str, text: str
) -> None:
    try:
        re.purge()
        fresh = re.compile(pattern)
    except re.error:
        return
    folder = tmp_path_factory.mktemp("store")
    original, kept_from = compiled.folders, patterns.KEPT_FROM
    compiled.folders = lambda: [str(folder)]  # type: ignore[assignment]
    patterns.KEPT_FROM = kept_from | {"tests"}
    try:
        for _ in range(2):  # made, then read back
            with patterns.kept():
                re.purge()
                kept = re.compile(pattern)
            assert kept == fresh
            assert [m.span() for m in kept.finditer(text)] == [m.span() for m in fresh.finditer(text)]
    finally:
        compiled.folders = original  # type: ignore[assignment]
        patterns.KEPT_FROM = kept_from


def test_a_lint_run_saves_programs_and_the_next_one_reads_them(tmp_path: Path) -> None:
    """As a user runs it: the first run saves the programs, the second reads them and prints the same."""
    agreements = Path(__file__).resolve().parent.parent / "agreements"
    home = tmp_path / "home"
    env = {**os.environ, "XDG_CACHE_HOME": str(home), "HOME": str(home)}
    package_store = Path(patterns.__file__).resolve().parent.parent / "__pycache__"
    command = [sys.executable, "-m", "isa_lint", "lint", "--no-cache", str(agreements)]
    first = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    stores = list(package_store.glob("patterns-lint-*.marshal")) + list(home.rglob("patterns-lint-*.marshal"))
    assert stores, "the first run saved its programs"
    second = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert (second.returncode, second.stdout, second.stderr) == (first.returncode, first.stdout, first.stderr)
    assert first.returncode == 0, first.stdout + first.stderr


def test_each_command_keeps_its_own_store(store: Path) -> None:
    """The store pre-commit's lint reads holds lint's patterns, not every other command's."""
    with patterns.kept("lint"):
        re.purge()
        re.compile("linted")
    with patterns.kept("site"):
        re.purge()
        re.compile("templated")
    with patterns.kept("../../etc"):
        re.purge()
        re.compile("elsewhere")
    saved = {path.name.split("-")[1]: marshal.loads(path.read_bytes()) for path in store.glob("patterns-*")}
    assert {kind: list(table) for kind, table in saved.items()} == {
        "lint": [("linted", 0)],
        "site": [("templated", 0)],
        "other": [("elsewhere", 0)],
    }


@pytest.mark.parametrize(("module", "saved"), [("isa_lint.rules.example", True), ("tokenize", False)])
def test_only_the_kept_packages_patterns_are_saved(store: Path, module: str, saved: bool) -> None:
    code = compile("made = re.compile(PATTERN)", f"<{module}>", "exec")
    with patterns.kept():
        re.purge()
        namespace = {"__name__": module, "re": re, "PATTERN": "from (?:a|b) module"}
        exec(code, namespace)  # the pattern compiled by code of that module
    assert namespace["made"] == re.compile("from (?:a|b) module")
    stores = [marshal.loads(path.read_bytes()) for path in store.glob("patterns-*.marshal")]
    assert [list(table) for table in stores] == ([[("from (?:a|b) module", 0)]] if saved else [])


def test_runs_that_import_jsonschema_leave_the_store_as_they_found_it(tmp_path: Path) -> None:
    """An agreement with a schema error imports jsonschema, whose dependencies compile the
    standard tokenize module's pattern: its text changes from run to run (built from a set,
    in hash order), so kept, it would add an entry and rewrite the store on every run."""
    (tmp_path / "wrong.yaml").write_text("isa_version: 1\ntitle: 3\nparties: nobody\n", encoding="utf-8")
    package_store = Path(patterns.__file__).resolve().parent.parent / "__pycache__"
    command = [sys.executable, "-m", "isa_lint", "lint", "--no-cache", "wrong.yaml"]

    def run(seed: str) -> dict[str, bytes]:
        env = {**os.environ, "PYTHONHASHSEED": seed, "XDG_CACHE_HOME": str(tmp_path / "home")}
        done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, env=env, check=False)
        assert done.returncode == 1 and "ISA0" in done.stdout, done.stdout + done.stderr
        stores = [*package_store.glob("patterns-lint-*.marshal"), *(tmp_path / "home").rglob("patterns-*")]
        return {path.name: path.read_bytes() for path in stores}

    first = run("1")
    assert run("2") == first
    assert run("3") == first
