"""The driver's in-memory entry (what the editor server calls) agrees with linting the file.

``lint_source(text, path, config, workspace)`` must report for ``path`` exactly what
``isa-lint lint`` reports for it when it holds ``text``, the checks across files included,
and must use ``text`` rather than what is on disk.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from isa_lint.check.config import Config
from isa_lint.load.files import PathProblem
from isa_lint.rules._rule import Settings
from isa_lint.run.driver import lint_paths, lint_source

from .conftest import FIXED_TODAY
from .test_parallel import PROTOCOL_ID, agreement, cross_file_cases

CONFIG = Config(settings=Settings(today=FIXED_TODAY))


@pytest.fixture
def register(tmp_path: Path) -> Path:
    folder = tmp_path / "agreements"
    folder.mkdir()
    cross_file_cases(folder)
    (folder / "plain.yaml").write_text(agreement("plain"), encoding="utf-8")
    (folder / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    return folder


def test_in_memory_gives_the_same_findings_as_the_file(register: Path) -> None:
    run = lint_paths([str(register)], CONFIG)
    assert {f.code for f in run.findings} >= {"ISA251", "ISA252", "ISA253", "ISA255"}
    for name in run.files:
        path = run.paths[name]
        text = path.read_text(encoding="utf-8")
        expected = [f for f in run.findings if f.path == name]
        assert lint_source(text, path, CONFIG, workspace=[register]) == expected, name


def test_the_text_in_memory_wins_over_the_file(register: Path) -> None:
    path = register / "plain.yaml"
    unsaved = agreement("weaker")  # takes an id another file of the workspace has
    found = lint_source(unsaved, path, CONFIG, workspace=[register])
    assert "ISA251" in {f.code for f in found}
    assert all(f.path == str(path) for f in found)
    assert "ISA251" not in {f.code for f in lint_source(path.read_text(), path, CONFIG, workspace=[register])}


def test_a_file_not_saved_yet_finds_its_protocol_beside_it(register: Path) -> None:
    path = register / "new.yaml"
    text = agreement(
        "new", ("tier: operational", f"tier: operational\n  overarching_protocol: {PROTOCOL_ID}")
    )
    alone = lint_source(text, path, CONFIG)
    assert not path.exists()
    assert "ISA253" not in {f.code for f in alone}  # found on disk beside it, as lint would
    assert "ISA255" not in {f.code for f in alone}


def test_an_unreadable_text_is_a_finding_not_an_error(register: Path) -> None:
    found = lint_source("a: &a {b: [*a\n", register / "x.yaml", CONFIG)
    assert found and found[0].code.startswith("ISA00")


def test_a_missing_workspace_path_is_a_usage_problem(tmp_path: Path) -> None:
    with pytest.raises(PathProblem):
        lint_source("id: x\n", tmp_path / "x.yaml", CONFIG, workspace=[tmp_path / "nowhere"])


def test_duplicate_ids_cost_one_load_per_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 14, defect 14: 5 ids shared by many files must not read any file twice.

    Counted, not timed: every file is parsed once, however many findings across files it gets
    (a finding across files is located from the file's projection, not by loading it again).
    """
    from isa_lint.load import document

    folder = tmp_path / "agreements"
    folder.mkdir()
    count = 60
    for number in range(count):
        (folder / f"file-{number:03d}.yaml").write_text(agreement(f"shared-{number % 5}"), encoding="utf-8")
    parsed: list[str] = []
    compose = document._compose

    def counting(text: str) -> object:
        parsed.append(text)
        return compose(text)

    monkeypatch.setattr(document, "_compose", counting)
    run = lint_paths([str(folder)], CONFIG)
    assert sum(f.code == "ISA251" for f in run.findings) == count - 5
    assert len(parsed) == count
    assert all(f.line > 1 for f in run.findings if f.code == "ISA251")  # located on the id line


@pytest.mark.parametrize("text", ["id: a\ud800\n", "id: \udcff\n", "\x00\x1b[2J", "", "a: &a {b: [*a\n"])
def test_hostile_text_in_memory_is_findings_never_an_error(tmp_path: Path, text: str) -> None:
    found = lint_source(text, tmp_path / "x.yaml", CONFIG)
    assert found and all(f.path == str(tmp_path / "x.yaml") for f in found)
