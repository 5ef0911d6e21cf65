"""The quick answers of ``isa-lint``: the same text as click gives, from saved pages."""

from __future__ import annotations

import datetime as dt
import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from isa_lint.cli import launch
from isa_lint.cli.app import main
from isa_lint.run import compiled
from isa_lint.run.cache import NOT_LINTED

QUICK = [
    ["--version"],
    ["-V"],
    ["--help"],
    ["-h"],
    ["rules"],
    ["rules", "--format", "text"],
    ["rules", "--format=json"],
    ["rules", "--format", "json"],
    ["explain", "ISA401"],
    ["explain", "isa401"],
    ["explain", "art6-basis-missing"],
    ["explain", " ISA702 "],
]


def run_console(args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``isa-lint ARGS`` as a user runs it: a new process through the launcher."""
    return subprocess.run(
        [sys.executable, "-m", "isa_lint", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "COLUMNS": "80", **(env or {})},
        check=False,
    )


def run_click(args: list[str]) -> str:
    result = CliRunner().invoke(main, args, prog_name="isa-lint", terminal_width=78)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("args", QUICK, ids=" ".join)
def test_quick_answer_is_what_click_prints(args: list[str]) -> None:
    expected = run_click(args)
    for _ in range(2):  # the first run may build the pages, the second reads them
        result = run_console(args)
        assert result.returncode == 0, result.stderr
        assert result.stdout == expected


def test_saved_pages_are_read_without_importing_rules_or_click() -> None:
    run_console(["rules"])
    probe = (
        "import sys; from isa_lint.cli.launch import quick_page;"
        "page = quick_page(['explain', 'ISA401']);"
        "print(page.splitlines()[0]);"
        "print(sorted(m for m in sys.modules if m.startswith(('click', 'isa_lint.rules', 'isa_lint.cli.app'))))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines() == ["ISA401 art6-basis-missing (error)", "[]"]


def test_unknown_rule_is_left_to_click() -> None:
    assert launch.quick_page(["explain", "ISA999"]) is None
    result = run_console(["explain", "ISA999"])
    assert result.returncode == 2
    assert "no rule 'ISA999'" in result.stderr


@pytest.mark.parametrize(
    "args", [["rules", "--format", "xml"], ["lint", "--help"], ["--debug", "rules"], ["explain"], []]
)
def test_other_commands_are_not_quick(args: list[str]) -> None:
    assert launch.page_name(args) is None


def test_help_follows_the_terminal_width() -> None:
    narrow = run_console(["--help"], {"COLUMNS": "60"}).stdout
    wide = run_console(["--help"], {"COLUMNS": "200"}).stdout
    assert max(len(line) for line in narrow.splitlines()) <= 58
    assert narrow != wide
    expected = CliRunner().invoke(main, ["--help"], prog_name="isa-lint", terminal_width=58).output
    assert narrow == expected


def test_stamp_changes_when_a_package_file_changes(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    source = tmp_path / "rules" / "a.py"
    source.write_text("x = 1\n")
    first = compiled.source_stamp(str(tmp_path))
    assert compiled.source_stamp(str(tmp_path)) == first
    source.write_text("x = 22\n")
    edited = compiled.source_stamp(str(tmp_path))
    assert edited != first
    (tmp_path / "rules" / "b.yaml").write_text("")
    added = compiled.source_stamp(str(tmp_path))
    assert added != edited
    (tmp_path / "rules" / "__pycache__").mkdir()
    (tmp_path / "rules" / "__pycache__" / "pages-x.marshal").write_bytes(b"")
    assert compiled.source_stamp(str(tmp_path)) == added  # its own copies do not count
    (tmp_path / "examples").mkdir()
    (tmp_path / "examples" / "c.yaml").write_text("x: 1\n")
    assert compiled.source_stamp(str(tmp_path), skip=("examples",)) == added
    assert compiled.source_stamp(str(tmp_path)) != added
    (tmp_path / "rules" / "examples").mkdir()  # skipped only directly under the root
    (tmp_path / "rules" / "examples" / "d.yaml").write_text("")
    assert compiled.source_stamp(str(tmp_path), skip=("examples",)) != added


def test_compiled_copies_fall_back_and_never_serve_garbage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "package-cache"
    blocked.write_text("a file where the folder should be: not writable as a folder")
    user = tmp_path / "user"
    monkeypatch.setattr(compiled, "folders", lambda: [str(blocked), str(user)])
    compiled.write("pages", "k1", {"a": "b"})
    assert compiled.read("pages", "k1") == {"a": "b"}
    compiled.write("pages", "k2", {"a": "c"})
    assert compiled.read("pages", "k1") is None  # older copies are dropped
    assert [p.name.split(".")[0] for p in user.iterdir()] == ["pages-k2"]
    next(user.iterdir()).write_bytes(b"\x00not marshal")
    assert compiled.read("pages", "k2") is None
    compiled.write("pages", "k3", {"not": {"marshal": object()}})  # type: ignore[dict-item]
    assert compiled.read("pages", "k3") is None


@pytest.mark.parametrize("special", ["fifo", "device", "folder", "large"])
def test_compiled_copies_that_are_not_regular_files_are_passed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, special: str
) -> None:
    """A pipe or /dev/zero where a compiled copy belongs would hang a read: it counts as missing."""
    monkeypatch.setattr(compiled, "folders", lambda: [str(tmp_path)])
    place = tmp_path / compiled._name("pages", "k1")
    if special == "fifo":
        os.mkfifo(place)
    elif special == "device":
        place.symlink_to("/dev/zero")
    elif special == "folder":
        place.mkdir()
    else:
        monkeypatch.setattr(compiled, "MAX_BYTES", 8)
        place.write_bytes(marshal.dumps({"a": "a longer text than eight bytes"}))
    assert compiled.read("pages", "k1") is None
    compiled.write("pages", "k1", {"a": "b"})  # a regular copy is made beside or over it
    if special != "folder":
        assert compiled.read("pages", "k1") == {"a": "b"}  # (a small one fits the lowered limit)


# The plain ``isa-lint lint PATH...`` that pre-commit runs: linted without click.


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    from isa_lint.examples import base_text

    path = tmp_path / "example-referrals.yaml"
    path.write_text(base_text().replace("status: approved", "status: active"), encoding="utf-8")
    return path


DAY = dt.date(2026, 6, 1)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["lint"], {"paths": ()}),
        (["lint", "a.yaml", "b.yaml"], {"paths": ("a.yaml", "b.yaml")}),
        (["lint", "--no-cache", "a.yaml"], {"paths": ("a.yaml",), "cache": False}),
        (["lint", "a.yaml", "--no-cache"], {"paths": ("a.yaml",), "cache": False}),
        (["lint", "--today", "2026-06-01", "a"], {"paths": ("a",), "today": DAY}),
        (["lint", "--today=2026-06-01", "--today", "2026-06-01"], {"paths": (), "today": DAY}),
        (["lint", "-j", "1", "--jobs=2", "a"], {"paths": ("a",), "jobs": 2}),
        (["lint", "--jobs", " 3", "a"], {"paths": ("a",), "jobs": 3}),  # as click's int() reads it
        # Left to click: other options, forms and values click refuses or reads otherwise.
        (["lint", "--format", "json", "a.yaml"], None),
        (["lint", "--today", "1 June 2026", "a.yaml"], None),
        (["lint", "--today"], None),
        (["lint", "--jobs", "0"], None),
        (["lint", "-j2"], None),
        (["lint", "-j=2"], None),
        (["lint", "--no-cache=yes"], None),
        (["lint", "--", "a.yaml"], None),
        (["lint", "-"], None),
        (["--debug", "lint", "a.yaml"], None),
        (["summary", "a.yaml"], None),
        ([], None),
    ],
)
def test_plain_lint_reads_paths_and_a_few_options(args: list[str], expected: object) -> None:
    assert launch.plain_lint(args) == expected


@pytest.mark.parametrize(
    "extra",
    [[], ["--no-cache"], ["--today", "2026-06-01", "--jobs", "1"], ["--today=2027-06-01", "-j", "2"]],
)
def test_plain_lint_prints_what_click_prints(broken: Path, extra: list[str]) -> None:
    clean = str(Path(__file__).parent.parent / "agreements")
    for args in (["lint", *extra, str(broken)], ["lint", *extra, clean]):
        assert launch.plain_lint(args) is not None
        expected = CliRunner().invoke(main, args, prog_name="isa-lint")
        result = run_console(args)
        assert (result.returncode, result.stdout) == (expected.exit_code, expected.output)
    assert run_console(["lint", str(broken)]).returncode == 1


@pytest.mark.parametrize("args", [["--today", "someday"], ["--jobs", "0"], ["-j"]])
def test_values_click_refuses_are_refused_as_click_words_it(args: list[str]) -> None:
    expected = CliRunner().invoke(main, ["lint", *args], prog_name="isa-lint")
    result = run_console(["lint", *args])
    assert (result.returncode, result.stderr) == (2, expected.output)


SLOW_IMPORTS = (
    "click",
    "isa_lint.cli.app",
    "dataclasses",
    "inspect",
    "hashlib",
    "tempfile",
    "difflib",
    "shutil",
    "jsonschema",
    *(f"isa_lint.{folder}" for folder in NOT_LINTED),  # not in the results cache's key
)
"""Modules that linting an agreement with no mistake of form need not import (docs/performance.md)."""


def _shipped_agreement(tmp_path: Path) -> Path:
    """A copy of a shipped agreement in ``tmp_path/agreements``, as a project holds it."""
    shipped = Path(__file__).parent.parent / "agreements" / "northshire-mash.yaml"
    agreement = tmp_path / "agreements" / shipped.name
    agreement.parent.mkdir()
    agreement.write_bytes(shipped.read_bytes())
    return agreement


def _run_probe(probe: str, folder: Path) -> subprocess.CompletedProcess[str]:
    """Run ``probe`` in a new interpreter in ``folder``, as a command runs: nothing imported yet."""
    return subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=folder
    )


@pytest.mark.parametrize("cache", [["--no-cache"], []])
def test_plain_lint_imports_only_what_it_needs(tmp_path: Path, cache: list[str]) -> None:
    agreement = _shipped_agreement(tmp_path)
    probe = (
        "import sys; from isa_lint.cli import launch;"
        f"code = launch.run(['lint', *{cache!r}, {str(agreement)!r}]);"
        f"print(code, sorted(m for m in sys.modules if m.startswith({SLOW_IMPORTS!r})))"
    )
    result = _run_probe(probe, tmp_path)
    assert result.stdout.splitlines()[-1] == "0 []"
    assert (tmp_path / ".isa-lint-cache").is_dir() == (cache == [])


def test_plain_lint_compiles_no_text(tmp_path: Path) -> None:
    """No ``compile()`` of text while linting: the first one in a process builds Python's syntax
    tree types, about a tenth of a one-file lint (docs/performance.md). A named tuple whose
    field types are strings (``from __future__ import annotations``) compiles each of them."""
    agreement = _shipped_agreement(tmp_path)
    probe = (
        "import builtins, os\n"
        "real = builtins.compile\n"
        "def counted(source, filename, *args, **kwargs):\n"
        "    if not str(filename).endswith('.py'):  # a module without bytecode is compiled once\n"
        "        os.write(2, f'compiled {source!r:.60}\\n'.encode())\n"
        "    return real(source, filename, *args, **kwargs)\n"
        "builtins.compile = counted\n"
        "from isa_lint.cli import launch\n"
        f"print(launch.run(['lint', '--no-cache', {str(agreement)!r}]))\n"
    )
    result = _run_probe(probe, tmp_path)
    assert result.stdout.splitlines()[-1] == "0"
    assert "compiled" not in result.stderr, result.stderr


def test_one_file_lint_never_runs_the_garbage_collector(tmp_path: Path) -> None:
    """The rules are imported before the collector is turned back on with what is alive frozen
    (run/pool.py), so importing them cannot set it off; one file's own objects stay far below
    its threshold."""
    agreement = _shipped_agreement(tmp_path)
    probe = (
        "import gc, sys\n"
        "gc.disable()  # as launch.main does\n"
        "runs = []\n"
        "gc.callbacks.append(lambda phase, info: phase == 'stop' and runs.append(info['generation']))\n"
        "from isa_lint.cli import launch\n"
        f"code = launch.run(['lint', '--no-cache', {str(agreement)!r}])\n"
        "print(code, runs)\n"
    )
    result = _run_probe(probe, tmp_path)
    assert result.stdout.splitlines()[-1] == "0 []"


def test_plain_lint_leaves_usage_problems_to_click(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.yaml")
    result = run_console(["lint", missing])
    assert result.returncode == 2
    assert result.stderr.startswith("Usage: isa-lint lint [OPTIONS] [PATHS]...")
    assert f"Error: {missing}: no such file or directory" in result.stderr
    assert launch.quick_lint({"paths": (missing,)}) is None


def test_plain_lint_words_a_failure_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import isa_lint.cli.lint_command

    def explode(*_: object, **__: object) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr(isa_lint.cli.lint_command, "run", explode)
    assert launch.quick_lint({"paths": ("agreements",)}) == 2
    assert "isa-lint: internal error (RuntimeError: boom)" in capsys.readouterr().err

    def interrupt(*_: object, **__: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(isa_lint.cli.lint_command, "run", interrupt)
    assert launch.quick_lint({"paths": ("agreements",)}) == 130
    assert capsys.readouterr().err == "isa-lint: interrupted\n"


@pytest.mark.parametrize(
    ("code", "status", "stderr"), [(None, 0, ""), (3, 3, ""), ("stopped", 1, "stopped\n")]
)
def test_exit_now_flushes_and_keeps_sys_exit_meaning(code: object, status: int, stderr: str) -> None:
    probe = (
        f"import sys; from isa_lint.cli import launch; sys.stdout.write('printed'); launch.exit_now({code!r})"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert (result.returncode, result.stdout, result.stderr) == (status, "printed", stderr)


def test_a_reader_that_stops_early_is_no_failure(broken: Path) -> None:
    """``isa-lint lint | head -1``: the rest of the report goes nowhere, quietly, with lint's exit code."""
    process = subprocess.Popen(
        [sys.executable, "-m", "isa_lint", "lint", "--no-cache", str(broken)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait() == 1
    assert stderr == ""


def test_closed_standard_output_is_no_failure(tmp_path: Path) -> None:
    shipped = Path(__file__).parent.parent / "agreements"
    result = subprocess.run(
        [sys.executable, "-m", "isa_lint", "lint", "--no-cache", str(shipped)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
        cwd=tmp_path,
        preexec_fn=lambda: os.close(1),
    )
    assert (result.returncode, result.stderr) == (0, "")


def test_the_quick_option_table_comes_from_the_click_command(monkeypatch: pytest.MonkeyPatch) -> None:
    """One definition of each option: the quick path reads --today and --jobs as click declares them."""
    import click

    from isa_lint.cli.app import lint

    assert launch.build_option_table() == {
        "--today": ["today", "date"],
        "-j": ["jobs", "int", 1, None],
        "--jobs": ["jobs", "int", 1, None],
    }
    jobs = next(p for p in lint.params if p.name == "jobs")
    monkeypatch.setattr(jobs, "type", click.IntRange(min=2, max=3))
    table = launch.build_option_table()
    assert table["--jobs"] == ["jobs", "int", 2, 3]
    monkeypatch.setattr(launch, "option_table", lambda: table)
    assert launch.plain_lint(["lint", "--jobs", "1", "a.yaml"]) is None  # click would refuse it now
    assert launch.plain_lint(["lint", "--jobs", "3", "a.yaml"]) == {"paths": ("a.yaml",), "jobs": 3}
