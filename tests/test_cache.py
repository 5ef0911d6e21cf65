"""The results cache: same bytes with and without it, invalidated by what findings depend on.

Every test runs ``isa-lint lint`` through the command line in its own folder, which is the
project root the cache goes in. Whether a run used the cache is seen from the outside: a
file changed behind the cache's back (its content restored, its key kept) is not re-read.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from isa_lint.cli.app import main
from isa_lint.run import cache
from isa_lint.run import pool as parallel

from . import test_crossfile as crossfile_cases
from .conftest import AGREEMENTS, FIXED_TODAY, ROOT

sys.path.insert(0, str(ROOT))
from bench.corpus import generate

TODAY = ["--today", FIXED_TODAY.isoformat()]


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Path]:
    """A project folder with a register of agreements, as the current folder."""
    generate(tmp_path / "agreements", 12, seed=3)
    for path in sorted(AGREEMENTS.glob("*.yaml"))[:2]:
        (tmp_path / "agreements" / path.name).write_bytes(path.read_bytes())
    previous = Path.cwd()
    os.chdir(tmp_path)
    yield tmp_path
    os.chdir(previous)


def lint(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["lint", *TODAY, *args], catch_exceptions=False)
    return result.exit_code, result.output


def cache_files(project: Path) -> list[Path]:
    folder = project / cache.CACHE_DIR
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def shards(project: Path) -> list[Path]:
    return [p for p in cache_files(project) if p.suffix == ".json"]


def test_same_bytes_with_and_without_the_cache(project: Path) -> None:
    uncached = lint("--no-cache", "agreements")
    first = lint("agreements")
    second = lint("agreements")
    assert uncached == first == second
    assert uncached[0] == 1
    for output_format in ("json", "sarif"):
        assert lint("--no-cache", "--format", output_format) == lint("--format", output_format)


def test_folder_is_tagged_and_ignored(project: Path) -> None:
    lint("agreements")
    folder = project / cache.CACHE_DIR
    assert (folder / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"
    assert shards(project)


def test_no_cache_writes_nothing(project: Path) -> None:
    lint("--no-cache", "agreements")
    assert not (project / cache.CACHE_DIR).exists()


def _entries(shard: Path) -> Any:
    """A shard's data, after the line that seals it."""
    return json.loads(shard.read_text().partition("\n")[2])


def _store(shard: Path, data: Any) -> None:
    """Write a shard sealed as isa-lint seals it (as this user could; no one else can)."""
    text = json.dumps(data)
    shard.write_text(f"{cache.seal(text)}\n{text}")


def _plant(project: Path, path: Path, text: str) -> None:
    """Store ``text``'s findings as the cached result for ``path``'s current content."""
    for shard in shards(project):
        data = _entries(shard)
        key = cache.file_key(f"agreements/{path.name}", path.read_bytes())
        if key in data["entries"]:
            data["entries"][key]["f"][0][3] = text
            _store(shard, data)
            return
    raise AssertionError("no cached entry for the file")


def _first_finding_file(project: Path) -> Path:
    _, output = lint("--format", "json", "agreements")
    return project / json.loads(output)["findings"][0]["path"]


def test_cached_results_are_used(project: Path) -> None:
    path = _first_finding_file(project)
    _plant(project, path, "planted message")
    assert "planted message" in lint("agreements")[1]


def test_a_changed_file_is_linted_again(project: Path) -> None:
    path = _first_finding_file(project)
    _plant(project, path, "planted message")
    path.write_text(path.read_text() + "\n# a comment\n")
    assert "planted message" not in lint("agreements")[1]


def test_changed_configuration_is_a_new_key(project: Path) -> None:
    path = _first_finding_file(project)
    _plant(project, path, "planted message")
    assert "planted message" not in lint("--select", "ISA", "agreements")[1]
    assert "planted message" not in lint("--today", "2026-06-02", "agreements")[1]
    (project / ".isa-lint.yaml").write_text("review-warning-days: 30\n")
    assert "planted message" not in lint("agreements")[1]


def test_changed_version_is_a_new_key(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _first_finding_file(project)
    _plant(project, path, "planted message")
    monkeypatch.setattr(cache, "__version__", "99.0.0")
    assert "planted message" not in lint("agreements")[1]
    assert (project / cache.CACHE_DIR / "99.0.0").is_dir()


def test_changed_catalogue_or_code_is_a_new_key(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _first_finding_file(project)
    _plant(project, path, "planted message")
    monkeypatch.setattr(cache, "code_fingerprint", lambda: "edited")
    assert "planted message" not in lint("agreements")[1]


@pytest.mark.parametrize(
    "corruption",
    [
        b"",
        b"{not json",
        b"[]",
        b'{"format": 1, "entries": []}',
        b'{"format": 1, "entries": {"x": 1}}',
        b"\xff\xfe\x00",
    ],
)
def test_corrupt_shards_are_ignored(project: Path, corruption: bytes) -> None:
    expected = lint("--no-cache", "agreements")
    lint("agreements")
    for shard in shards(project):
        shard.write_bytes(corruption)
    assert lint("agreements") == expected
    assert lint("agreements") == expected


def test_corrupt_entries_are_ignored(project: Path) -> None:
    expected = lint("--no-cache", "agreements")
    lint("agreements")
    bad_entries = [
        {"f": "x"},
        {"f": [[1, 2]], "p": None, "e": []},
        {"f": [], "p": None, "e": [["ISA001"]]},
        {},
    ]
    for index, shard in enumerate(shards(project)):
        data = _entries(shard)
        for number, key in enumerate(data["entries"]):
            data["entries"][key] = bad_entries[(index + number) % len(bad_entries)]
        _store(shard, data)
    assert lint("agreements") == expected


def test_unwritable_cache_is_not_an_error(project: Path) -> None:
    (project / cache.CACHE_DIR).write_text("a file where the folder would be")
    assert lint("agreements") == lint("--no-cache", "agreements")


def _plant_across(project: Path, text: str) -> None:
    """Give the first cached finding across files of every stored run the message ``text``."""
    shard = next(p for p in shards(project) if p.stem == cache.ACROSS)
    data = _entries(shard)
    for findings in data["entries"].values():
        findings[0][4] = text
    _store(shard, data)


def _duplicate(project: Path) -> Path:
    """A copy of an agreement under another name: its id is then a duplicate (ISA251)."""
    source = sorted((project / "agreements").glob("*.yaml"))[0]
    copy = project / "agreements" / f"zz-{source.name}"
    copy.write_bytes(source.read_bytes())
    return copy


def test_results_across_files_are_cached_for_the_same_files(project: Path) -> None:
    copy = _duplicate(project)
    expected = lint("agreements")
    assert "ISA251" in expected[1]
    assert lint("agreements") == expected
    _plant_across(project, "planted across")
    assert "planted across" in lint("agreements")[1]
    original = f"agreements/{copy.name.removeprefix('zz-')}"
    assert "planted across" not in lint(original, f"agreements/{copy.name}")[1]  # other files
    copy.write_text(copy.read_text() + "\n# a comment\n")
    assert "planted across" not in lint("agreements")[1]
    copy.unlink()
    assert "ISA251" not in lint("agreements")[1]


def test_a_file_edited_during_the_run_keys_results_on_what_was_linted(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The run hashes each file, then reads it again to lint it: an edit in between must not file
    the result across files under the bytes hashed first (a later run of those bytes would get it)."""
    copy = _duplicate(project)
    duplicated = copy.read_bytes()
    renamed = re.sub(rb"(?m)^id: .*$", b"id: renamed-meanwhile", duplicated, count=1)
    assert renamed != duplicated
    reads: dict[str, int] = {}
    read = parallel._read

    def edited_after_hashing(path: Path) -> bytes | OSError:
        reads[path.name] = reads.get(path.name, 0) + 1
        if path.name == copy.name and reads[path.name] == 2:  # the read that lints it
            return renamed
        return read(path)

    monkeypatch.setattr(parallel, "_read", edited_after_hashing)
    assert "ISA251" not in lint("--jobs", "1", "agreements")[1]  # it linted the renamed bytes
    monkeypatch.setattr(parallel, "_read", read)
    assert "ISA251" in lint("agreements")[1]  # the bytes on disk still duplicate an id


def test_protocol_read_from_disk_is_read_again(project: Path) -> None:
    """A protocol outside the files linted is read on every run: it is not in the cache's keys."""
    folder = project / "agreements"
    agreement = folder / "operational.yaml"
    agreement.write_text(
        crossfile_cases.agreement("operational", protocol=crossfile_cases.PROTOCOL_ID), encoding="utf-8"
    )
    protocol = crossfile_cases.write(folder, crossfile_cases.protocol_text())
    assert "ISA254" not in lint(str(agreement))[1]
    protocol.write_text(protocol.read_text().replace("status: approved", "status: draft"), encoding="utf-8")
    assert "ISA254" in lint(str(agreement))[1]
    assert lint(str(agreement)) == lint("--no-cache", str(agreement))


def test_run_over_cached_files_imports_no_rules(project: Path) -> None:
    """With every result cached, neither the rules nor the parser are imported, and the
    catalogues are only hashed for the key (their data is not read)."""
    expected = lint("agreements")
    script = (
        "import atexit, sys\n"
        "atexit.register(lambda: print(sorted(m for m in sys.modules if m.startswith(("
        "'isa_lint.rules', 'isa_lint.catalogues.', 'isa_lint.run.projection', 'ruamel'))),"
        " sys.modules['isa_lint.catalogues']._compiled.cache_info().currsize, file=sys.stderr))\n"
        "from isa_lint.cli.app import main\n"
        f"main(['lint', '--today', '{FIXED_TODAY.isoformat()}', 'agreements'])\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=project, capture_output=True, text=True)
    assert (done.returncode, done.stdout) == expected
    assert done.stderr.strip() == "[] 0"
