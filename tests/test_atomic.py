"""Files are written whole or not at all, and printing survives a reader that goes away."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from isa_lint.run import atomic
from isa_lint.run.atomic import OutputError, emit, write_atomic


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.endswith(".tmp"))


def test_writes_and_replaces_whole(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    write_atomic(target, "first\n")
    write_atomic(target, "second, é\n")
    assert target.read_text(encoding="utf-8") == "second, é\n"
    write_atomic(target, b"\x00bytes")
    assert target.read_bytes() == b"\x00bytes"
    assert leftovers(tmp_path) == []


def test_never_replaces_when_asked_not_to(tmp_path: Path) -> None:
    target = tmp_path / "new.yaml"
    write_atomic(target, "mine\n", overwrite=False)
    with pytest.raises(FileExistsError):
        write_atomic(target, "theirs\n", overwrite=False)
    assert target.read_text() == "mine\n"
    assert leftovers(tmp_path) == []


def test_a_failure_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "register.csv"
    target.write_text("old\n")

    def fail(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, "new\n")
    assert target.read_text() == "old\n"
    assert leftovers(tmp_path) == []


def test_temporary_files_are_new_private_and_never_followed(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    handle, name = atomic._new_file_beside(target)
    os.close(handle)
    assert Path(name).parent == tmp_path and name.endswith(".tmp")
    assert os.stat(name).st_mode & 0o777 == 0o600
    other_handle, other = atomic._new_file_beside(target)
    os.close(other_handle)
    assert other != name


def test_emit_prints_or_writes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    emit("to the screen\n", None)
    emit(b"bytes too\n", None)
    assert capsys.readouterr().out == "to the screen\nbytes too\n"
    emit("to a file\n", tmp_path / "out.txt")
    assert (tmp_path / "out.txt").read_text() == "to a file\n"
    with pytest.raises(OutputError, match=r"cannot write .*missing.*out\.txt"):
        emit("nowhere\n", tmp_path / "missing" / "out.txt")


@pytest.mark.parametrize("durable", [True, False])
def test_durable_writes_wait_for_the_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, durable: bool
) -> None:
    synced: list[int] = []
    monkeypatch.setattr(atomic.os, "fsync", synced.append)
    write_atomic(tmp_path / "shard.json", "{}", durable=durable)
    assert (tmp_path / "shard.json").read_text() == "{}"
    assert len(synced) == (1 if durable else 0)
