"""Whether a YAML file is an isa-lint agreement, told from its first lines.

Hooks run on every YAML file of a repository (workflows, compose files, anything), and the
language server looks across the workspace for the other agreements; both need to know an
agreement wherever it sits, without parsing the file. An agreement says so near its top:
either ``schema_version:`` as a top-level key, or the schema line editors read,
``# yaml-language-server: $schema=...agreement-v1.schema.json``.
"""

from __future__ import annotations

import re
from pathlib import Path

HEAD_BYTES = 4096
"""How much of a file is read to recognise it: the schema line and ``schema_version`` come first."""

_SIGNS = re.compile(
    rb"^(?:schema_version\s*:|#\s*yaml-language-server\s*:\s*\$schema=\S*agreement-v\d+\.schema\.json)",
    re.MULTILINE,
)


def looks_like_agreement(head: bytes) -> bool:
    """Whether the first bytes of a file carry an agreement's signs."""
    return _SIGNS.search(head[:HEAD_BYTES]) is not None


def is_agreement_file(path: Path) -> bool:
    """Whether ``path`` is a regular file that begins like an agreement (unreadable: no)."""
    try:
        if not path.is_file():
            return False
        with path.open("rb") as handle:
            return looks_like_agreement(handle.read(HEAD_BYTES))
    except OSError:
        return False
