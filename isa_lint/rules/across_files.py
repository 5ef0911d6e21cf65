"""ISA25x: agreements read together. Checked across every file of a run, not file by file.

A partnership keeps many agreements in one repository: operational (tier 2) agreements for
each service, often sitting under one overarching (tier 1) protocol that every partner
signed. Each file can be perfect on its own while the set contradicts itself: two files
claim the same id, one organisation appears with two ICO numbers, an agreement relies on a
protocol that is missing, lapsed or stricter than the agreement. These rules read the
files of a run together; :mod:`isa_lint.rules.across_files` holds their checks.

The rules carry no per-file ``check`` (``RUN_LEVEL``): a single file cannot show them, so
they have no fail/pass example files and are tested in ``tests/test_crossfile.py``. A file
named differently from its id is reported per file (ISA014).
"""

from __future__ import annotations

from isa_lint.check.findings import Severity
from isa_lint.rules._rule import Rule, cite

RUN_LEVEL = True
"""These rules look at several files at once; the per-file example test skips them."""

FAMILY = "across_files"
PROTOCOLS = "practice_sources:short_guide_protocols"


DUPLICATE_ID = Rule(
    "ISA251",
    "duplicate-agreement-id",
    FAMILY,
    Severity.ERROR,
    "Two agreement files have the same id.",
    "The id is how the register, reminders, reviews and other agreements find an agreement. Two "
    "files with one id make every reference to it ambiguous, and one of them is usually an old "
    "copy that nobody reviews.",
    cite("practice_sources:ico_code_accountability"),
    "If one file is an old copy, set its status to retired and give it its own id (renaming the "
    "file to match); if they are different agreements, give the newer one a new id and rename its file.",
)

PARTY_DESCRIBED_DIFFERENTLY = Rule(
    "ISA252",
    "party-described-differently",
    FAMILY,
    Severity.WARNING,
    "The same organisation is described differently in two agreements: one name with two ICO "
    "registration numbers or two kinds of body, or a local body (same name or same ICO number) "
    "in two nations.",
    "An organisation is one controller with one ICO registration and one legal form, whichever "
    "agreement it signs, and a council, police force or NHS trust is in one nation. When two "
    "agreements disagree, at least one is wrong, and the wrong one may rest on duties or lawful "
    "bases the body does not have. (A national body such as the Probation Service can rightly be "
    "a party in England in one agreement and in Wales in another, and one ICO number can cover "
    "several services of one controller, so those are not reported.)",
    cite("identifier_formats:ico_registration", "practice_sources:ico_code_dsa"),
    "Check the organisation's entry on the ICO register and its legal form, then correct the "
    "agreement that is wrong so that both describe it the same way.",
)

PROTOCOL_NOT_FOUND = Rule(
    "ISA253",
    "protocol-not-found",
    FAMILY,
    Severity.ERROR,
    "scope.overarching_protocol names a protocol that cannot be found: no agreement linted has "
    "that id and there is no '<id>.yaml' beside the agreement, or it is not an overarching protocol.",
    "An operational agreement that sits under an overarching protocol relies on it for the "
    "terms all partners accepted. If the protocol cannot be found, nobody can check what the "
    "agreement relies on, and the agreement may be incomplete without it.",
    cite(PROTOCOLS, "practice_sources:ico_code_dsa"),
    "Add the protocol to the repository as '<id>.yaml' in the same folder as the agreement, or "
    "correct the id in scope.overarching_protocol, or remove it if the agreement stands alone.",
)

PROTOCOL_NOT_IN_FORCE = Rule(
    "ISA254",
    "protocol-not-in-force",
    FAMILY,
    Severity.ERROR,
    "An approved agreement relies on an overarching protocol that is not approved, or whose "
    "review date has passed.",
    "An agreement in force cannot rest on a protocol that is still a draft, suspended, retired "
    "or overdue for review: the common terms it relies on are not, or no longer, agreed.",
    cite(PROTOCOLS, "practice_sources:ico_code_review"),
    "Bring the protocol up to date first: complete its review or approval with all partners. "
    "If the protocol has been replaced, point scope.overarching_protocol at the new one.",
)

PROTOCOL_WEAKENED = Rule(
    "ISA255",
    "protocol-weakened",
    FAMILY,
    Severity.ERROR,
    "The agreement is weaker than its overarching protocol: a slower breach notice, a security "
    "standard the protocol requires of all parties missing, a transfer method the protocol does "
    "not list, or data kept longer.",
    "The overarching protocol sets the minimum every partner accepted; an operational agreement "
    "may add to it, never take away. An agreement weaker than its protocol breaks the promise "
    "partners made to each other, and people's information is protected less than they were told.",
    cite(PROTOCOLS, "practice_sources:ico_code_security", "practice_sources:ico_code_retention"),
    "Bring the agreement up to the protocol's standard (shown in the message). If the protocol "
    "itself should change, change it with all its partners first.",
)

RULES = [
    DUPLICATE_ID,
    PARTY_DESCRIBED_DIFFERENTLY,
    PROTOCOL_NOT_FOUND,
    PROTOCOL_NOT_IN_FORCE,
    PROTOCOL_WEAKENED,
]
