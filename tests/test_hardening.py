"""Issue 14's defects, each driven the way a user meets it: a located finding or one clear
error with a documented exit code, never a traceback, a hang or a replaced file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from isa_lint.examples import base_text
from isa_lint.load.document import load_text

TODAY = ["--today", "2026-06-01"]
LOOP = "a: &a {b: *a}\n"
"""An anchor whose value holds an alias to itself: a loop a naive converter recurses into forever."""


def _run(args: list[str], folder: Path) -> subprocess.CompletedProcess[str]:
    """isa-lint as a user starts it, in its own process, bounded in time."""
    return subprocess.run(
        [sys.executable, "-m", "isa_lint", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _agreement(folder: Path, name: str = "good") -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(base_text().replace("id: example-referrals", f"id: {name}"), encoding="utf-8")
    return path


# --- 1. an alias that refers to the value holding it -------------------------------------


@pytest.mark.parametrize("text", [LOOP, "- &x [*x]\n", "a: &a\n  b:\n    - c: *a\n", "&r {k: &s [*r, *s]}\n"])
def test_alias_loop_is_a_located_finding(text: str) -> None:
    document = load_text(text, "r.yaml")
    codes = [p.code for p in document.problems]
    assert "ISA005" in codes, document.problems
    problem = next(p for p in document.problems if p.code == "ISA005")
    assert problem.line >= 1 and "loop" in problem.message


def test_alias_loop_in_a_folder_leaves_the_other_files_linted(tmp_path: Path) -> None:
    (tmp_path / "agreements").mkdir()
    (tmp_path / "agreements" / "r.yaml").write_text(LOOP)
    _agreement(tmp_path / "agreements")
    result = _run(["lint", *TODAY, "--format", "json", "agreements"], tmp_path)
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert (
        sorted(report["files"]) == ["agreements/good.yaml", "agreements/r.yaml"] or len(report["files"]) == 2
    )
    assert any(f["code"] == "ISA005" and f["path"].endswith("r.yaml") for f in report["findings"])


@pytest.mark.parametrize(
    "args",
    [
        ["register", *TODAY, "agreements"],
        ["due", *TODAY, "agreements"],
        ["init", "--list"],
        ["lint", "--no-cache", "--jobs", "1", *TODAY, "agreements"],
    ],
)
def test_alias_loop_does_not_stop_the_report_commands(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "agreements").mkdir()
    (tmp_path / "agreements" / "r.yaml").write_text(LOOP)
    _agreement(tmp_path / "agreements")
    result = _run(args, tmp_path)
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert result.returncode in (0, 1), result.stderr


def test_alias_loop_in_summary_is_reported(tmp_path: Path) -> None:
    (tmp_path / "r.yaml").write_text(LOOP)
    result = _run(["summary", *TODAY, "r.yaml"], tmp_path)
    assert result.returncode in (0, 2) and "internal error" not in result.stderr, result.stderr
    assert "loop" in result.stdout + result.stderr


def test_alias_loop_in_diff_is_not_an_internal_error(tmp_path: Path) -> None:
    (tmp_path / "r.yaml").write_text(LOOP)
    good = _agreement(tmp_path)
    result = _run(["diff", "r.yaml", good.name], tmp_path)
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 1, 2)


@pytest.mark.parametrize("where", ["config", "pack"])
def test_alias_loop_in_configuration_or_pack_is_a_located_error(tmp_path: Path, where: str) -> None:
    _agreement(tmp_path)
    if where == "config":
        (tmp_path / ".isa-lint.yaml").write_text("select: &a [*a]\n")
    else:
        (tmp_path / ".isa-lint.yaml").write_text("policy-packs: [pack.yaml]\n")
        (tmp_path / "pack.yaml").write_text("pack: &p {rules: *p}\n")
    result = _run(["lint", *TODAY, "good.yaml"], tmp_path)
    assert result.returncode == 2, result.stderr
    assert "internal error" not in result.stderr
    assert ":1:" in result.stderr and "loop" in result.stderr


def test_alias_loop_with_base_revision(tmp_path: Path) -> None:
    git = ["git", "-c", "user.email=t@example.org", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "agreements").mkdir()
    (tmp_path / "agreements" / "r.yaml").write_text(LOOP)
    subprocess.run([*git, "add", "."], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-qm", "loop"], cwd=tmp_path, check=True)
    (tmp_path / "agreements" / "r.yaml").write_text(LOOP + "c: 1\n")
    for args in (["lint", *TODAY, "--base", "HEAD", "agreements"], ["diff", "--base", "HEAD", "agreements"]):
        result = _run(args, tmp_path)
        assert "internal error" not in result.stderr and "Traceback" not in result.stderr, result.stderr
        assert "loop" in result.stdout + result.stderr


# --- 9, 10, 13, 15 -------------------------------------------------------------------------


def test_an_id_too_long_for_a_file_name_is_refused(tmp_path: Path) -> None:
    result = _run(["init", "a" * 300], tmp_path)
    assert result.returncode == 2, result.stderr
    assert "internal error" not in result.stderr and "at most 100" in result.stderr
    assert not (tmp_path / "agreements").exists() or not any((tmp_path / "agreements").iterdir())
    assert _run(["init", "a" * 100], tmp_path).returncode == 0


def test_an_id_too_long_is_a_schema_finding(tmp_path: Path) -> None:
    name = "a" * 101
    (tmp_path / f"{name}.yaml").write_text(base_text().replace("id: example-referrals", f"id: {name}"))
    result = _run(["lint", *TODAY, "--format", "json", f"{name}.yaml"], tmp_path)
    assert any(f["pointer"] == "/id" for f in json.loads(result.stdout)["findings"]), result.stdout


def test_template_titles_are_escaped_in_init_list(tmp_path: Path) -> None:
    (tmp_path / "agreements").mkdir()
    text = base_text().replace("id: example-referrals", "id: evil")
    text = "\n".join(
        'title: "\\e]0;owned\\a\\e[31mRed"' if line.startswith("title:") else line
        for line in text.splitlines()
    )
    (tmp_path / "agreements" / "evil.yaml").write_text(text + "\n")
    result = _run(["init", "--list"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "\\x1b[31mRed" in result.stdout


def test_file_names_are_escaped_in_summary_errors(tmp_path: Path) -> None:
    name = "evil\x1b[31m.yaml"
    (tmp_path / name).write_text("a: [\n")
    result = _run(["summary", *TODAY, name], tmp_path)
    assert result.returncode == 2
    assert "\x1b" not in result.stderr and "evil\\x1b[31m.yaml" in result.stderr, result.stderr


@pytest.mark.parametrize(
    "text",
    [
        "? !!python/object/apply:os.system [x]\n: 1\n",
        "!!python/name:os.system key: 1\n",
        "? [a, !!python/object:os.system b]\n: 1\n",
    ],
)
def test_tags_on_keys_are_reported(text: str) -> None:
    document = load_text(text, "k.yaml")
    assert any(p.code == "ISA004" and "python" in p.message for p in document.problems), document.problems


@pytest.mark.parametrize(("bom", "name"), [(b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32")])
def test_utf32_is_named_utf32(tmp_path: Path, bom: bytes, name: str) -> None:
    codec = "utf-32-le" if bom.startswith(b"\xff") else "utf-32-be"
    (tmp_path / "w.yaml").write_bytes(bom + "id: w\n".encode(codec))
    result = _run(["lint", *TODAY, "--format", "json", "w.yaml"], tmp_path)
    messages = [f["message"] for f in json.loads(result.stdout)["findings"] if f["code"] == "ISA007"]
    assert messages and all(name in m and "UTF-16" not in m for m in messages)


def test_internal_error_points_to_the_projects_own_reporting_page(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from isa_lint.cli import failure, lint_command
    from isa_lint.cli.app import main

    def broken(*args: object, **kwargs: object) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr(lint_command, "run", broken)
    result = CliRunner().invoke(main, ["lint"])
    assert result.exit_code == 2
    assert "internal error (RuntimeError: boom)" in result.output
    assert failure.REPORTING in result.output and "github.com" not in result.output
    page = Path(__file__).parent.parent / failure.REPORTING
    assert "--debug" in page.read_text(encoding="utf-8")


# --- 2. special files ------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["listed", "in-folder", "jobs-2", "no-cache-serial"])
def test_a_fifo_named_yaml_is_refused_with_a_finding(tmp_path: Path, how: str) -> None:
    (tmp_path / "agreements").mkdir()
    os.mkfifo(tmp_path / "agreements" / "x.yaml")
    _agreement(tmp_path / "agreements")
    target = "agreements/x.yaml" if how == "listed" else "agreements"
    extra = {"jobs-2": ["--jobs", "2"], "no-cache-serial": ["--no-cache", "--jobs", "1"]}.get(how, [])
    result = _run(["lint", *TODAY, *extra, "--format", "json", target], tmp_path)
    assert result.returncode == 1, result.stderr
    findings = json.loads(result.stdout)["findings"]
    assert any(
        f["code"] == "ISA007" and f["path"].endswith("x.yaml") and "not a regular file" in f["message"]
        for f in findings
    ), findings


@pytest.mark.parametrize("command", ["register", "due"])
def test_a_fifo_does_not_hang_the_reports(tmp_path: Path, command: str) -> None:
    (tmp_path / "agreements").mkdir()
    os.mkfifo(tmp_path / "agreements" / "x.yaml")
    _agreement(tmp_path / "agreements")
    result = _run([command, *TODAY, "agreements"], tmp_path)
    assert result.returncode in (0, 1) and "internal error" not in result.stderr, result.stderr


def test_a_fifo_named_as_a_policy_pack_is_a_pack_error(tmp_path: Path) -> None:
    _agreement(tmp_path)
    os.mkfifo(tmp_path / "pack.yaml")
    (tmp_path / ".isa-lint.yaml").write_text("policy-packs: [pack.yaml]\n")
    result = _run(["lint", *TODAY, "good.yaml"], tmp_path)
    assert result.returncode == 2 and "pack.yaml" in result.stderr and "regular file" in result.stderr


@pytest.mark.parametrize("name", [".isa-lint.yaml", "baseline"])
def test_a_fifo_as_configuration_or_baseline_does_not_hang(tmp_path: Path, name: str) -> None:
    _agreement(tmp_path)
    if name == "baseline":
        os.mkfifo(tmp_path / "b.json")
        result = _run(["lint", *TODAY, "--baseline", "b.json", "good.yaml"], tmp_path)
    else:
        os.mkfifo(tmp_path / name)
        result = _run(["lint", *TODAY, "--config", name, "good.yaml"], tmp_path)
    assert result.returncode == 2 and "internal error" not in result.stderr, result.stderr


# --- 6. configuration read as TOML -----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        '[tool."isa-lint"]\nfail-on = "warning"\n',
        "[ tool.isa-lint ]\nfail-on = 'warning'\n",
        '[tool]\nisa-lint.fail-on = "warning"\n',
        'tool.isa-lint.fail-on = "warning"\n',
        '[tool]\nisa-lint = { fail-on = "warning" }\n',
        b'# caf\xe9 \xff\n[tool.isa-lint]\nfail-on = "warning"  # \xfe\n'.decode("latin-1"),
        '[project]\nname = "x"\n\n[tool.isa-lint]\n"fail-on" = "warning"\n',
    ],
)
def test_every_toml_spelling_of_the_table_is_read(tmp_path: Path, text: str) -> None:
    from isa_lint.check.config import Severity, load

    (tmp_path / "pyproject.toml").write_bytes(text.encode("latin-1"))
    assert load(None, search_from=tmp_path).fail_on == Severity.WARNING


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tool = 5\n", ":1:"),
        ('[tool]\nisa-lint = "x"\n', ":2:"),
        ("[tool.isa-lint]\nselect = " + "[" * 3000 + "]" * 3000 + "\n", "pyproject.toml"),
        ("[tool.isa-lint]\nselect = [[[['ISA1']]]]\n", ":2:"),
        ("[tool.isa-lint]\nreview-warning-days = true\n", ":2:"),
        ("[tool.isa-lint]\nseverity = 3\n", ":2:"),
        ('[tool.isa-lint]\nfail-on = "w\\udc80"\n', "pyproject.toml"),
        (b'[tool.isa-lint]\nfail-on = "w\xff"\n'.decode("latin-1"), ":2:"),
        ("[tool.isa-lint\n", "pyproject.toml"),
    ],
)
def test_wrong_toml_shapes_are_located_configuration_errors(tmp_path: Path, text: str, expected: str) -> None:
    (tmp_path / "pyproject.toml").write_bytes(text.encode("latin-1"))
    _agreement(tmp_path)
    result = _run(["lint", *TODAY, "--config", "pyproject.toml", "good.yaml"], tmp_path)
    assert result.returncode == 2, result.stderr
    assert "internal error" not in result.stderr and expected in result.stderr, result.stderr


def test_yaml_configuration_refuses_a_boolean_for_a_number(tmp_path: Path) -> None:
    (tmp_path / ".isa-lint.yaml").write_text("nation: england\nreview-warning-days: true\n")
    _agreement(tmp_path)
    result = _run(["lint", *TODAY, "good.yaml"], tmp_path)
    assert result.returncode == 2 and ".isa-lint.yaml:2:" in result.stderr, result.stderr


# --- 4, 5, 12. writing what the user named ---------------------------------------------------


def _device(folder: Path, name: str, minor: int) -> Path:
    """A memory device node of the test's own, never /dev/null or /dev/full themselves: as root, a
    regression would replace the system's node with a regular file."""
    import stat

    device = folder / name
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    except PermissionError:
        pytest.skip("making a device node needs root")
    return device


def test_output_to_a_character_device_writes_through(tmp_path: Path) -> None:
    _agreement(tmp_path)
    device = _device(tmp_path, "null", 3)
    before = os.stat(device)
    result = _run(["lint", *TODAY, "-o", str(device), "good.yaml"], tmp_path)
    assert result.returncode == 0, result.stderr
    after = os.stat(device)
    assert device.is_char_device() and after.st_ino == before.st_ino and after.st_rdev == before.st_rdev


def test_output_to_a_fifo_writes_through(tmp_path: Path) -> None:
    import threading

    _agreement(tmp_path)
    os.mkfifo(tmp_path / "out")
    received: list[str] = []

    def read() -> None:
        with open(tmp_path / "out", encoding="utf-8") as reader:
            received.append(reader.read())

    reader = threading.Thread(target=read, daemon=True)  # blocks for good if the FIFO is replaced
    reader.start()
    result = _run(["lint", *TODAY, "-o", "out", "good.yaml"], tmp_path)
    reader.join(timeout=10)
    assert result.returncode == 0, result.stderr
    assert received and "passed" in received[0]
    assert (tmp_path / "out").is_fifo()


@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
def test_output_through_a_symlink_replaces_its_target_and_keeps_the_link(tmp_path: Path, option: str) -> None:
    _agreement(tmp_path)
    (tmp_path / "real.txt").write_text("old\n")
    os.chmod(tmp_path / "real.txt", 0o640)
    (tmp_path / "link.txt").symlink_to("real.txt")
    result = _run(["lint", *TODAY, option, "link.txt", "good.yaml"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "link.txt").is_symlink()
    assert (tmp_path / "real.txt").read_text() != "old\n"
    assert os.stat(tmp_path / "real.txt").st_mode & 0o777 == 0o640


def test_new_outputs_follow_the_umask(tmp_path: Path) -> None:
    _agreement(tmp_path)
    for umask, expected in ((0o022, 0o644), (0o077, 0o600)):
        target = tmp_path / f"report-{umask:o}.txt"
        subprocess.run(
            [
                sys.executable,
                "-c",
                f"import os, sys; os.umask({umask}); from isa_lint.cli.launch import main; sys.argv=['isa-lint','lint','--today','2026-06-01','-o','{target.name}','good.yaml']; main()",
            ],
            cwd=tmp_path,
            check=False,
            timeout=60,
        )
        assert os.stat(target).st_mode & 0o777 == expected


@pytest.mark.parametrize(
    "args",
    [
        ["summary", *TODAY, "good.yaml", "-o", "good.yaml"],
        ["summary", *TODAY, "good.yaml", "-o", "./hard.yaml"],
        ["register", *TODAY, ".", "-o", "good.yaml"],
        ["due", *TODAY, ".", "--ics", "good.yaml"],
        ["lint", *TODAY, "good.yaml", "-o", "good.yaml"],
        ["lint", *TODAY, "good.yaml", "--write-baseline", "good.yaml"],
        ["lint", *TODAY, "good.yaml", "-o", "link.yaml"],
    ],
)
def test_an_output_that_is_an_input_is_refused(tmp_path: Path, args: list[str]) -> None:
    original = _agreement(tmp_path).read_bytes()
    os.link(tmp_path / "good.yaml", tmp_path / "hard.yaml")
    (tmp_path / "link.yaml").symlink_to("good.yaml")
    result = _run(args, tmp_path)
    assert result.returncode == 2, result.stderr
    assert "cannot write" in result.stderr and "reads" in result.stderr
    assert (tmp_path / "good.yaml").read_bytes() == original


@pytest.mark.parametrize("where", ["nope/b.json", "readonly/b.json", "full", "a-folder"])
@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
def test_unwritable_outputs_are_a_clear_error(tmp_path: Path, where: str, option: str) -> None:
    _agreement(tmp_path)
    if where == "full":
        _device(tmp_path, "full", 7)  # every write: "No space left on device"
    (tmp_path / "readonly").mkdir()
    (tmp_path / "a-folder").mkdir()
    os.chmod(tmp_path / "readonly", 0o555)
    if os.geteuid() == 0 and where.startswith("readonly"):
        pytest.skip(
            "root writes into a read-only folder; the full-disk and missing-folder cases cover the path"
        )
    result = _run(["lint", *TODAY, option, where, "good.yaml"], tmp_path)
    assert result.returncode == 2, result.stderr
    assert "internal error" not in result.stderr, result.stderr
    assert "cannot write" in result.stderr or "is a directory" in result.stderr, result.stderr


def test_a_full_disk_on_an_atomic_write_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from isa_lint.run import atomic

    def full(_: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, "fsync", full)
    (tmp_path / "b.json").write_text("old\n")
    with pytest.raises(atomic.OutputError, match=r"cannot write .*b\.json: No space left on device"):
        atomic.write_output(tmp_path / "b.json", "new\n")
    assert (tmp_path / "b.json").read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["b.json"]


def test_stale_temporaries_of_a_dead_writer_are_cleaned_on_the_next_write(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    script = (
        "import os, sys\n"
        "from isa_lint.run import atomic\n"
        "atomic.os.replace = lambda *a: os._exit(9)\n"  # dies between fsync and rename
        f"atomic.write_atomic({str(target)!r}, 'half')\n"
    )
    assert subprocess.run([sys.executable, "-c", script], check=False, timeout=60).returncode == 9
    left = [p.name for p in tmp_path.iterdir()]
    assert len(left) == 1 and left[0].startswith(".report.md.") and left[0].endswith(".tmp")
    (tmp_path / ".other.md.1-0123456789ab.tmp").write_text("not ours to clean")
    from isa_lint.run.atomic import write_atomic

    write_atomic(target, "whole\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.md.1-0123456789ab.tmp", "report.md"]
    assert target.read_text() == "whole\n"


# --- 7. policy-pack regexes --------------------------------------------------------------------


def _pack(folder: Path, regex: str) -> None:
    (folder / ".isa-lint.yaml").write_text("policy-packs: [pack.yaml]\n")
    (folder / "pack.yaml").write_text(
        "pack: local\ntitle: Local rules\nrules:\n"
        "  - code: LOCAL001\n    name: party-name\n    severity: error\n    section: parties\n"
        "    schema:\n      name:\n"
        f"        regex: {json.dumps(regex)}\n"
        "    message: the party's name has the wrong shape\n    citation: Local policy 1\n    fix: Rename it.\n"
    )


def test_a_catastrophic_regex_cannot_hang_the_run(tmp_path: Path) -> None:
    """``^(a+)+$`` against 40 a's and a '!': minutes with Python's re, at once with RE2."""
    _pack(tmp_path, "^(a+)+$")
    text = _agreement(tmp_path).read_text(encoding="utf-8")
    (tmp_path / "good.yaml").write_text(
        text.replace("name: Exampleshire County Council", f"name: {'a' * 40}!")
    )
    result = _run(
        ["lint", *TODAY, "--no-cache", "--select", "LOCAL001", "--format", "json", "good.yaml"], tmp_path
    )
    assert result.returncode == 1, result.stderr
    assert any(f["code"] == "LOCAL001" for f in json.loads(result.stdout)["findings"])


@pytest.mark.parametrize(("regex", "reason"), [("(", "missing )"), ("(a)\\1", "escape")])
def test_an_unusable_regex_is_a_located_pack_error(tmp_path: Path, regex: str, reason: str) -> None:
    _pack(tmp_path, regex)
    _agreement(tmp_path)
    result = _run(["lint", *TODAY, "good.yaml"], tmp_path)
    assert result.returncode == 2, result.stderr
    assert "pack.yaml:10:16" in result.stderr and reason in result.stderr, result.stderr
    assert "internal error" not in result.stderr and "re2.cc" not in result.stderr


# --- 3, 8. the results cache -------------------------------------------------------------------


def _cached_project(folder: Path) -> tuple[Path, str]:
    """A project with one agreement that has findings, linted once so its cache is written."""
    (folder / "agreements").mkdir()
    (folder / "agreements" / "x.yaml").write_text("id: x\n")
    first = _run(["lint", *TODAY, "--format", "json", "agreements"], folder)
    assert first.returncode == 1 and (folder / ".isa-lint-cache").is_dir()
    return folder / ".isa-lint-cache", first.stdout


def _shards(cache_folder: Path) -> list[Path]:
    return sorted(p for p in cache_folder.rglob("*.json") if p.is_file())


@pytest.mark.parametrize("kind", ["fifo", "zero", "dangling"])
def test_special_files_in_the_cache_do_not_hang_the_run(tmp_path: Path, kind: str) -> None:
    cache_folder, expected = _cached_project(tmp_path)
    for shard in _shards(cache_folder):
        shard.unlink()
        if kind == "fifo":
            os.mkfifo(shard)
        elif kind == "zero":
            shard.symlink_to("/dev/zero")
        else:
            shard.symlink_to("nowhere")
    result = _run(["lint", *TODAY, "--format", "json", "agreements"], tmp_path)
    assert result.returncode == 1 and result.stdout == expected, result.stderr


def test_a_crafted_shard_cannot_hide_findings(tmp_path: Path) -> None:
    """Anyone who can add files to the project (a pull request) can write the cache folder."""
    cache_folder, expected = _cached_project(tmp_path)
    for shard in _shards(cache_folder):
        text = shard.read_text()
        body = text[text.index("{") :]
        data = json.loads(body)
        for entry in data["entries"].values():
            if isinstance(entry, dict):
                entry["f"] = []
            else:
                entry.clear()
        shard.write_text(json.dumps(data))  # as planted: no seal, or another user's
    result = _run(["lint", *TODAY, "--format", "json", "agreements"], tmp_path)
    assert result.stdout == expected and result.returncode == 1


def test_a_symlinked_cache_folder_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    project = tmp_path / "project"
    project.mkdir()
    (project / ".isa-lint-cache").symlink_to(outside)
    (project / "agreements").mkdir()
    (project / "agreements" / "x.yaml").write_text("id: x\n")
    for _ in range(2):
        result = _run(["lint", *TODAY, "agreements"], project)
        assert result.returncode == 1, result.stderr
    assert list(outside.iterdir()) == []


def test_a_same_size_catalogue_edit_with_its_time_kept_is_not_served_from_the_cache() -> None:
    from isa_lint.run import cache

    def fingerprint() -> str:  # in a new process, as the next run reads the catalogues
        probe = "from isa_lint.run import cache; print(cache.code_fingerprint())"
        return subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, check=True
        ).stdout

    folder = Path(cache.__file__).parent.parent / "catalogues"
    catalogue = sorted(folder.glob("*.yaml"))[0]
    before = fingerprint()
    original = catalogue.read_bytes()
    info = os.stat(catalogue)
    changed = bytearray(original)
    index = changed.index(b"e")
    changed[index : index + 1] = b"E"
    try:
        catalogue.write_bytes(bytes(changed))
        os.utime(catalogue, ns=(info.st_atime_ns, info.st_mtime_ns))
        assert os.stat(catalogue).st_size == info.st_size
        assert fingerprint() != before
    finally:
        catalogue.write_bytes(original)
        os.utime(catalogue, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert fingerprint() == before


def test_the_catalogue_digest_is_of_the_catalogues_this_process_read() -> None:
    """A long-running process (the editor server) keys its results on the law it loaded,
    not on catalogue files edited on disk since."""
    from isa_lint import catalogues
    from isa_lint.run import cache

    loaded = catalogues.catalogue("uk_gdpr_art6")
    digest = catalogues.digest()
    assert digest in cache.code_fingerprint()
    catalogue = Path(catalogues.__file__).parent / "uk_gdpr_art6.yaml"
    original = catalogue.read_bytes()
    try:
        catalogue.write_bytes(original + b"\n# edited\n")
        assert catalogues.catalogue("uk_gdpr_art6") is loaded
        assert catalogues.digest() == digest
    finally:
        catalogue.write_bytes(original)


def test_the_checking_libraries_versions_are_in_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    from isa_lint.run import cache

    versions = cache.dependency_versions()
    for name in ("ruamel-yaml", "jsonschema", "cerberus"):
        assert any(v.startswith(f"{name}-") and not v.endswith("-missing") for v in versions), versions
    assert all(v in cache.code_fingerprint() for v in versions)


# --- 11. workers outlive a killed parent -------------------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")
def test_workers_exit_when_the_parent_is_killed(tmp_path: Path) -> None:
    import signal
    import time

    (tmp_path / "agreements").mkdir()
    text = (Path(__file__).parent.parent / "agreements" / "northshire-mash.yaml").read_text(encoding="utf-8")
    for number in range(600):
        (tmp_path / "agreements" / f"a{number:04d}.yaml").write_text(text)
    process = subprocess.Popen(
        [sys.executable, "-m", "isa_lint", "lint", *TODAY, "--no-cache", "--jobs", "2", "agreements"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        workers: list[int] = []
        while len(workers) < 2 and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
            workers = _children(process.pid)
        assert len(workers) >= 2, "the pool did not start"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        deadline = time.monotonic() + 10
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = [w for w in workers if _alive(w)]
    finally:
        process.kill()
    for worker in left:
        os.kill(worker, signal.SIGKILL)
    assert left == [], "workers still running after their parent was killed"


def test_a_fifo_in_the_template_folder_does_not_hang_init_list(tmp_path: Path) -> None:
    (tmp_path / "agreements").mkdir()
    os.mkfifo(tmp_path / "agreements" / "x.yaml")
    (tmp_path / "agreements" / "zero.yaml").symlink_to("/dev/zero")
    result = _run(["init", "--list"], tmp_path)
    assert result.returncode == 0 and result.stdout.startswith("basic\t"), result.stderr
