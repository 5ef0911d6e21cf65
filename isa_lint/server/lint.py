"""The one place the language server calls the engine: lint a document as the editor holds it.

:func:`lint_open_document` takes the text (not the file on disk), the configuration found for
the document's folder, and the other agreements of its workspace folder for the checks across
files (ISA25x), and returns the findings for that document alone. Everything else the engine
does (suppressions, configuration, severity, fingerprints) it does here exactly as for
``isa-lint lint``; the server only turns the findings into diagnostics.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from isa_lint.agreement_files import is_agreement_file

if TYPE_CHECKING:
    from isa_lint.check.config import Config
    from isa_lint.check.findings import Finding
    from isa_lint.load.document import Document

LISTING_SECONDS = 2.0
"""How long the list of a workspace's agreement files is trusted before the folder is walked again."""

MAX_FILES_WALKED = 50_000
"""Files looked at when listing a workspace's agreements, so a huge folder cannot stall each lint."""


class Workspace:
    """A workspace folder: its configuration and its agreements on disk, re-read only when changed.

    Agreements are the YAML files under the folder that begin like one
    (:mod:`isa_lint.agreement_files`), found as ``isa-lint lint`` finds files (hidden folders
    and excluded paths left out). Each is loaded once per modification time.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._configs: dict[Path, tuple[tuple[Path, float] | None, Config]] = {}
        self._loaded: dict[Path, tuple[float, Document]] = {}
        self._listing: tuple[float, list[Path]] | None = None

    def config_for(self, path: Path) -> Config:
        """The configuration that applies to ``path``: the nearest one at or above its folder."""
        from isa_lint.check import config as configs

        folder = path.parent
        found = configs.find(folder)
        stamp = (found, found.stat().st_mtime) if found is not None else None
        cached = self._configs.get(folder)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        loaded = configs.load(found) if found is not None else configs.Config()
        self._configs[folder] = (stamp, loaded)
        return loaded

    def display(self, path: Path, config: Config) -> str:
        """The path as ``isa-lint lint`` run at the configuration's root would show it."""
        from isa_lint.check.engine import printable_path

        for base in (config.root, self.root):
            try:
                return printable_path(path.relative_to(base))
            except ValueError:
                continue
        return printable_path(path)

    def agreements(self, config: Config) -> list[Path]:
        """Every agreement file under the workspace folder, sorted, excluded paths left out.

        Listed again at most every :data:`LISTING_SECONDS`, not on every keystroke.
        """
        import time

        from isa_lint.check.engine import SUFFIXES

        now = time.monotonic()
        if self._listing is not None and now - self._listing[0] < LISTING_SECONDS:
            return self._listing[1]
        found = []
        seen = 0
        for folder, dirs, files in os.walk(self.root):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            seen += len(files)
            if seen > MAX_FILES_WALKED:
                break  # a workspace opened on a home folder: check against what was found so far
            for name in files:
                path = Path(folder, name)
                if (
                    name.endswith(SUFFIXES)
                    and not name.startswith(".")
                    and not config.excluded(self.display(path, config))
                    and is_agreement_file(path)
                ):
                    found.append(path)
        self._listing = (now, sorted(found))
        return self._listing[1]

    def load(self, path: Path) -> Document:
        """``path`` as saved, loaded again only when its modification time has changed."""
        from isa_lint.check.engine import load

        try:
            mtime = path.stat().st_mtime
        except OSError:
            mtime = -1.0
        cached = self._loaded.get(path)
        if cached is not None and cached[0] == mtime:
            return cached[1]
        document = load(path, str(path))
        self._loaded[path] = (mtime, document)
        return document


def lint_open_document(
    text: str, path: Path, workspace: Workspace, open_texts: Mapping[Path, str] | None = None
) -> list[Finding]:
    """Findings for ``text``, the editor's copy of ``path``, checked alone and against its workspace.

    ``open_texts`` holds the editor's copies of other open files, used in place of what is saved.
    """
    from isa_lint.rules.across_files import Checker
    from isa_lint.check.engine import Run, add_findings, lint_document

    config = workspace.config_for(path)
    shown = workspace.display(path, config)
    document = _load_held(text, shown)
    run = Run()
    run.findings = lint_document(document, config)
    run.documents[shown] = document
    checker = Checker(config)
    for other in sorted({*workspace.agreements(config), path}):
        if other == path:
            checker.add(shown, document, path)
            continue
        unsaved = (open_texts or {}).get(other)
        name = workspace.display(other, config)
        loaded = _load_held(unsaved, name) if unsaved is not None else workspace.load(other)
        loaded.path = name
        checker.add(name, loaded, other)
    add_findings(run, (f for f in checker.finish() if f.path == shown), config)
    return run.findings


def _load_held(text: str, shown: str) -> Document:
    """Load text an editor holds, refusing what is too large to be a file ``lint`` would read (ISA007)."""
    from isa_lint.load.document import MAX_BYTES, load_bytes, load_text

    if len(text) > MAX_BYTES // 4 and len(text.encode("utf-8", "replace")) > MAX_BYTES:
        return load_bytes(text.encode("utf-8", "replace"), shown)
    return load_text(text, shown)
