"""Baselines: record today's findings, then report only new ones.

This is how a partnership adopts isa-lint over many legacy agreements without fixing all
of them at once. A baseline stores each finding's fingerprint (which survives lines moving
and list items being reordered), with its code, file and message for people reading it.
Matching counts fingerprints, so a second identical problem is still new.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from isa_lint.check.findings import Finding, UsageProblem
from isa_lint.run.atomic import write_output

FORMAT_VERSION = 1
MAX_BYTES = 256 * 2**20
"""Largest baseline read (256 MiB): about a million findings."""


class BaselineError(UsageProblem):
    """A baseline file that cannot be read (exit 2)."""


def write(path: Path, findings: list[Finding], inputs: Iterable[str | os.PathLike[str]] = ()) -> None:
    """Write the baseline for ``findings`` (sorted, so the file is stable under Git).

    An :class:`~isa_lint.run.atomic.OutputError` when it cannot be written or is one of ``inputs``.
    """
    entries = sorted(
        (
            {"fingerprint": f.fingerprint, "code": f.code, "path": f.path, "message": f.message}
            for f in findings
        ),
        key=lambda e: (e["path"], e["code"], e["fingerprint"]),
    )
    document = {"isa-lint-baseline": FORMAT_VERSION, "findings": entries}
    write_output(path, json.dumps(document, indent=2, ensure_ascii=False) + "\n", inputs)


def read(path: Path) -> Counter[str]:
    """The fingerprints in a baseline file, counted."""
    from isa_lint.load.document import read_regular

    try:
        raw = read_regular(path, MAX_BYTES)
        if len(raw) > MAX_BYTES:
            raise BaselineError(f"{path}: the baseline is larger than {MAX_BYTES // 2**20} MiB")
        document = json.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise BaselineError(f"{path}: cannot read the baseline ({error})") from None
    if not isinstance(document, dict) or document.get("isa-lint-baseline") != FORMAT_VERSION:
        raise BaselineError(f"{path}: not an isa-lint baseline (write one with --write-baseline)")
    entries = document.get("findings")
    if not isinstance(entries, list):
        raise BaselineError(f"{path}: the baseline has no 'findings' list")
    return Counter(str(e.get("fingerprint")) for e in entries if isinstance(e, dict))


def new_findings(findings: list[Finding], known: Counter[str]) -> list[Finding]:
    """The findings not covered by the baseline."""
    remaining = Counter(known)
    fresh = []
    for finding in findings:
        if remaining[finding.fingerprint] > 0:
            remaining[finding.fingerprint] -= 1
        else:
            fresh.append(finding)
    return fresh
