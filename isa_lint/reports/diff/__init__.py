"""``isa-lint diff``: what changed in meaning between two versions of an agreement, in plain English.

Agreements are compared as data, never as text: list items are matched by their ids (a
party's ``id``, a retention entry's ``data``, a signatory's ``party``...), lists of ids are
compared as sets, and text is compared with its whitespace collapsed. So reordering keys or
list items, re-indenting, re-wrapping a paragraph or switching between quoting styles is not
a change; adding a party, changing a retention period or signing is.

The package, load -> compare -> show:

* :mod:`.source`: the two versions, from files or from a Git revision (through
  :mod:`isa_lint.load.gitrev`, the one Git layer); problems raise :class:`.source.DiffProblem`,
  a :class:`~isa_lint.check.findings.UsageProblem`, never a click error;
* :mod:`.differ`: each section compared by its own module (:mod:`.about`, :mod:`.parties`,
  :mod:`.purposes`, :mod:`.sharing`, :mod:`.keeping`, on the shared :mod:`.base`), changes
  as :mod:`.model` defines them;
* :mod:`.render`: Markdown or JSON."""

from __future__ import annotations

from isa_lint.reports.diff.differ import compare
from isa_lint.reports.diff.model import Change, FileDiff
from isa_lint.reports.diff.render import render
from isa_lint.reports.diff.source import DiffProblem, compare_files, compare_with_revision

__all__ = ["Change", "DiffProblem", "FileDiff", "compare", "compare_files", "compare_with_revision", "render"]
