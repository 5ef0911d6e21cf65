"""ISA85x: how an agreement changed since a Git revision (``isa-lint lint --base REV``).

Agreements live in Git and change through pull requests. What changed matters as much as
what the file says now: partners signed a particular text, so a changed text needs a new
version, a changelog entry saying what changed, and fresh signatures (or a return to
draft); an id is how everything else finds the agreement, so it never changes; and an
agreement is retired, never deleted, so the record of what was shared survives.
:mod:`isa_lint.check.history` compares each agreement with its version at REV.

What counts as a change: the agreement's data as loaded, without ``version``, ``changelog``
and ``signatories``. Layout, comments, quoting and the order of keys are not changes;
collecting signatures on an unchanged text is not either. The order of list items is.

These rules carry no per-file ``check`` (``RUN_LEVEL``) and need ``--base``; they are tested
in ``tests/test_history.py``.
"""

from __future__ import annotations

from isa_lint.check.severity import integrity
from isa_lint.rules._rule import Rule, cite

RUN_LEVEL = True
"""These rules compare with a Git revision; the per-file example test skips them."""

FAMILY = "history"

VERSION_NOT_INCREASED = Rule(
    "ISA851",
    "version-not-increased",
    FAMILY,
    integrity("Two texts under one version make it impossible to say which was signed."),
    "The agreement's content changed since the base revision but its version did not increase.",
    "Partners, auditors and the register identify the text that was agreed by its version. Two "
    "different texts under one version make it impossible to say which one a partner signed "
    "or which one was in force when information was shared.",
    cite("practice_sources:ico_code_accountability"),
    "Give the agreement a higher version (for example 1.1 to 1.2) and add a changelog entry for it "
    "saying what changed and when.",
)

CHANGELOG_REWRITTEN = Rule(
    "ISA852",
    "changelog-rewritten",
    FAMILY,
    integrity("A rewritten history no longer shows what was agreed when."),
    "A changelog entry that existed at the base revision was removed or rewritten.",
    "The changelog is the agreement's audit trail: what partners agreed to at each version must "
    "stay as it was recorded, so reviewers can trust it without comparing old files. (A new "
    "version with no entry at all is ISA806.)",
    cite("practice_sources:ico_code_accountability"),
    "Restore the earlier entry as it was, and describe the new change in a new entry at the end.",
)

ID_CHANGED = Rule(
    "ISA853",
    "id-changed",
    FAMILY,
    integrity("A changed id breaks every reference to the agreement in the register and other agreements."),
    "The agreement's id is different from its id at the base revision.",
    "The id is how the register, reminders, other agreements and past decisions find an agreement. "
    "Changing it breaks every reference and makes the old agreement seem to vanish.",
    cite("practice_sources:ico_code_accountability"),
    "Put the old id back. If this really is a new agreement, create it as a new file with a new id "
    "and retire the old one (status: retired).",
)

APPROVED_CHANGED_NOT_RESIGNED = Rule(
    "ISA854",
    "approved-changed-not-resigned",
    FAMILY,
    integrity("The agreement says it is approved, but the text in force is not the one that was signed."),
    "An approved agreement's content changed since the base revision, but nobody has signed it since.",
    "Each organisation approved the text it signed. A changed text still marked approved claims "
    "an approval nobody gave: the partners may be sharing under terms they never accepted.",
    cite("practice_sources:ico_code_accountability"),
    "Have the partners approve the changed agreement and record the new 'signed' dates, or set "
    "status to draft until they have.",
)

AGREEMENT_DELETED = Rule(
    "ISA855",
    "agreement-deleted",
    FAMILY,
    integrity("The record of what was agreed is gone; an agreement that ends is retired, not deleted."),
    "An agreement file that existed at the base revision has been deleted.",
    "An agreement is the record of what was shared, why and under which law. It must be kept "
    "after sharing stops, to answer complaints, subject access requests and reviews about what "
    "happened while it was in force. Deleting it loses that record from the register.",
    cite("practice_sources:ico_code_termination", "practice_sources:ico_code_accountability"),
    "Restore the file and retire the agreement instead: set status to retired and add a "
    "changelog entry saying why and from when.",
)

RULES = [
    VERSION_NOT_INCREASED,
    CHANGELOG_REWRITTEN,
    ID_CHANGED,
    APPROVED_CHANGED_NOT_RESIGNED,
    AGREEMENT_DELETED,
]
