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

from isa_lint.load.agreement_files import is_agreement_file

if TYPE_CHECKING:
    from isa_lint.check.config import Config
    from isa_lint.check.findings import Finding
    from isa_lint.run.cache import ResultCache

LISTING_SECONDS = 2.0
"""How long the list of a workspace's agreement files is trusted before the folder is walked again."""

MAX_FILES_WALKED = 50_000
"""Files looked at when listing a workspace's agreements, so a huge folder cannot stall each lint."""


class Workspace:
    """A workspace folder: its configuration and its agreements on disk, re-read only when changed.

    Agreements are the YAML files under the folder that begin like one
    (:mod:`isa_lint.load.agreement_files`), found as ``isa-lint lint`` finds files (hidden folders
    and excluded paths left out). Results are cached as ``lint`` caches them.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._configs: dict[Path, tuple[tuple[Path, float] | None, Config]] = {}
        self._listing: tuple[float, list[Path]] | None = None
        self._cache: tuple[Config, ResultCache] | None = None

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
        from isa_lint.load.files import printable_path

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

        from isa_lint.load.files import SUFFIXES

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

    def cache(self, config: Config) -> ResultCache:
        """The results cache for ``config``'s project, kept while the configuration is the same."""
        from isa_lint.run.cache import ResultCache

        if self._cache is None or self._cache[0] is not config:
            self._cache = (config, ResultCache.for_config(config))
        return self._cache[1]


def lint_open_document(
    text: str, path: Path, workspace: Workspace, open_texts: Mapping[Path, str] | None = None
) -> list[Finding]:
    """Findings for ``text``, the editor's copy of ``path``, checked alone and against its workspace.

    ``open_texts`` holds the editor's copies of other open files, used in place of what is
    saved. The driver does the work, exactly as for ``isa-lint lint``; the workspace's
    results cache spares re-checking the files that did not change.
    """
    from isa_lint.run.driver import lint_source

    config = workspace.config_for(path)
    return lint_source(
        text,
        path,
        config,
        workspace.agreements(config),
        unsaved=open_texts,
        shown=lambda where: workspace.display(where, config),
        cache=workspace.cache(config),
    )
