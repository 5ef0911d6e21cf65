"""ISA0xx: the file itself. Found by the loader and the schema check, not by a rule's check.

These rules carry no ``check``: the loader (:mod:`isa_lint.load.document`) and the structure check
(:mod:`isa_lint.load.structure`) produce their findings, because a file that cannot be read or
has the wrong shape must be reported before any law-aware rule looks at it.
"""

from __future__ import annotations

from isa_lint.check.severity import Basis, clerical, integrity
from isa_lint.rules._rule import Rule

FORMAT_DOC = "isa-lint agreement format v1 (isa-lint schema)"
YAML_SPEC = "YAML 1.2.2 specification"
SUPPRESSIONS_DOC = "isa-lint README: inline suppressions"


def _file_rule(
    code: str, name: str, basis: Basis, summary: str, rationale: str, citation: str, fix: str
) -> Rule:
    return Rule(code, name, "file_format", basis, summary, rationale, citation, fix)


RULES = [
    _file_rule(
        "ISA001",
        "yaml-syntax",
        integrity("A file that cannot be read as YAML cannot be checked or shown to anyone."),
        "The file is not valid YAML.",
        "If the file cannot be read, nothing in it can be checked, and the agreement cannot be shown to anyone.",
        YAML_SPEC,
        "Fix the YAML at the line shown: indent with spaces (never tabs), close brackets and quotes, "
        "and put a space after each colon.",
    ),
    _file_rule(
        "ISA002",
        "duplicate-key",
        integrity("With two values for one key, nobody can say which one the partners agreed."),
        "A key appears twice in the same section.",
        "With two values for one key, readers and tools disagree about which one the partners agreed to.",
        f"{YAML_SPEC} section 3.2.1.1 (keys are unique)",
        "Keep one of the two entries and delete the other, merging what each says.",
    ),
    _file_rule(
        "ISA003",
        "multiple-documents",
        integrity("Every tool reads only one document per file, so the rest is never checked."),
        "The file holds more than one YAML document (a second '---').",
        "One file is one agreement; a second document would be ignored by every tool.",
        FORMAT_DOC,
        "Move the second document into its own file named after its id, or delete the extra '---'.",
    ),
    _file_rule(
        "ISA004",
        "unsafe-tag",
        integrity(
            "The file asks a reader to build objects, not read data: it cannot be trusted as a record."
        ),
        "A YAML tag (such as !!python/object) asks for something other than plain data.",
        "Tags can make some YAML readers build objects or run code. isa-lint never does, "
        "but an agreement must be plain data that any tool can read safely.",
        f"{YAML_SPEC} section 3.2.1.2 (tags)",
        "Remove the tag (the word starting with '!') and write the value as plain text.",
    ),
    _file_rule(
        "ISA005",
        "alias-limit",
        integrity("Past this limit the file is not read in full, so the checks would mislead."),
        "Anchors, aliases or merge keys are used beyond what an agreement needs.",
        "Aliases can make a small file expand to billions of values ('billion laughs'), and merge "
        "keys hide what a section really says. Agreements are read by people: write values out.",
        f"{YAML_SPEC} section 3.2.2.2 (anchors and aliases)",
        "Replace '*name' aliases and '<<' merge keys with the values written out in full.",
    ),
    _file_rule(
        "ISA006",
        "ambiguous-scalar",
        clerical("A slip in how a number is written; readers may disagree about its value."),
        "A number is written in a way different YAML tools read differently (such as 010).",
        "YAML 1.1 tools read 010 as the octal number 8, YAML 1.2 tools as 10: the value must mean "
        "the same thing in every tool that reads the agreement.",
        f"{YAML_SPEC} section 10.3.2 (integers); YAML 1.1 int type",
        "Put the value in quotes if it is a code ('010'), or drop the leading zero if it is a number.",
    ),
    _file_rule(
        "ISA007",
        "unreadable-file",
        integrity("The file cannot be read, so nothing in it can be checked."),
        "The file cannot be read as an agreement: wrong encoding, control characters, too large or too deep.",
        "Agreements must be plain UTF-8 text that any editor, reviewer and tool can open.",
        f"{YAML_SPEC} section 5.2 (character encodings); {FORMAT_DOC}",
        "Save the file as UTF-8 text, remove control characters, and keep it under 1 MiB and "
        "under 64 levels of nesting.",
    ),
    _file_rule(
        "ISA008",
        "schema-version",
        integrity("A file in an unknown format version cannot be checked against it."),
        "schema_version is not a version of the format this isa-lint knows.",
        "The file format can change between versions; checking a file against the wrong version "
        "would give wrong answers, so isa-lint refuses it clearly.",
        FORMAT_DOC,
        "Write 'schema_version: 1' as the first key, or upgrade isa-lint.",
    ),
    _file_rule(
        "ISA010",
        "missing-required",
        integrity("A required part of the agreement is missing, so it cannot be checked or relied on."),
        "A required section or field is missing or empty.",
        "Every element of an agreement answers a question the law or the ICO data sharing code asks: "
        "who shares, why, under which law, how, how safely, how long, and who signed.",
        "ICO Data sharing code of practice: data sharing agreements; " + FORMAT_DOC,
        "Add the missing section or field; 'isa-lint explain ISA010' and the shipped agreements show examples.",
    ),
    _file_rule(
        "ISA011",
        "unknown-key",
        integrity("A key outside the format is never checked, and is often a misspelt required one."),
        "A key is not part of the format (often a misspelling).",
        "A misspelt key is silently ignored by every other tool, so what it says is lost.",
        FORMAT_DOC,
        "Correct the spelling (the message suggests the nearest key) or remove the key.",
    ),
    _file_rule(
        "ISA012",
        "wrong-type",
        integrity("A value of the wrong type cannot be checked."),
        "A value has the wrong type (text where a list belongs, and so on).",
        "Tools and readers rely on each section having the shape the format defines.",
        FORMAT_DOC,
        "Write the value in the shape shown in the message; see 'isa-lint schema' for every field.",
    ),
    _file_rule(
        "ISA013",
        "invalid-value",
        integrity("A value outside those the format allows cannot be checked."),
        "A value is not one of those allowed, or not in the expected form.",
        "Kinds of body, lawful bases and conditions come from catalogues of the law; a value outside "
        "them cannot be checked against the law.",
        FORMAT_DOC,
        "Use one of the values the message lists, or the nearest one it suggests.",
    ),
    _file_rule(
        "ISA019",
        "retired-body-kind",
        integrity(
            "A party that no longer exists cannot share or be accountable: the agreement names the wrong body."
        ),
        "A party's kind is a body that no longer exists (a clinical commissioning group, a community "
        "rehabilitation company, Public Health England, a local safeguarding children board).",
        "Bodies are abolished and their work passes to others: integrated care boards replaced "
        "clinical commissioning groups on 1 July 2022, the Probation Service took over community "
        "rehabilitation companies' work on 26 June 2021, the UK Health Security Agency and the "
        "Office for Health Improvement and Disparities replaced Public Health England on 1 October "
        "2021, and the safeguarding partners replaced local safeguarding children boards. An "
        "agreement naming a body that no longer exists cannot be checked against the law, and the "
        "duties it assumes now sit with the successor. This finding replaces the generic 'not in "
        "the catalogue' one (ISA013), so it is an error for the same reason: the kind is not a "
        "kind of body that exists. The dates and Acts are kept in the retired_body_kinds "
        "catalogue; they are secondary, so the message's history is to be confirmed, not the "
        "fact that the value is not a current kind.",
        "retired_body_kinds catalogue (Health and Care Act 2022; Children and Social Work Act 2017; "
        "probation unification 2021; abolition of Public Health England 2021)",
        "Replace the kind with the successor's (the message names it), and the party's name, ICO "
        "registration and contacts with the successor body's.",
    ),
    _file_rule(
        "ISA014",
        "file-name-matches-id",
        clerical("Naming the file after the agreement is a filing convention, not a legal requirement."),
        "The file is not named after the agreement's id.",
        "Registers, reminders and reviews find an agreement by its id: the file name must match it.",
        "No legal source: a convention of isa-lint, so that registers and reviews find an agreement by its id",
        "Rename the file to '<id>.yaml', or correct the id.",
    ),
    _file_rule(
        "ISA020",
        "suppression-without-reason",
        integrity("A finding is hidden with no recorded reason, so nobody can see why it was set aside."),
        "An '# isa-lint: ignore[...]' comment gives no reason.",
        "A reviewer must be able to see why a finding was accepted; an unexplained suppression hides a gap.",
        SUPPRESSIONS_DOC,
        "Add the reason after the brackets: '# isa-lint: ignore[ISA802] review booked for 2026-07-01'.",
    ),
    _file_rule(
        "ISA021",
        "suppression-unknown-rule",
        integrity("A suppression that names no real rule cannot be honoured or reviewed."),
        "A suppression names a rule that does not exist.",
        "A mistyped code would silence nothing while looking as if it did.",
        SUPPRESSIONS_DOC,
        "Use a code or name from 'isa-lint rules', such as ISA802 or review-due-soon.",
    ),
    _file_rule(
        "ISA022",
        "suppression-unused",
        clerical("A suppression that hides nothing is a stale note."),
        "A suppression does not match any finding on its line.",
        "Stale suppressions hide future problems on that line; keep only those that are needed.",
        SUPPRESSIONS_DOC,
        "Remove the suppression, or move it to the line the finding is reported on.",
    ),
    _file_rule(
        "ISA023",
        "suppression-expired",
        clerical("The finding it hid is reported again on its own; the expired note is a tidying job."),
        "A suppression's 'until=' date has passed, so the finding it hid is back.",
        "Temporary acceptance of a gap must be revisited; the expiry date is when the partners said they would.",
        SUPPRESSIONS_DOC,
        "Fix the finding and remove the suppression, or agree a new date and reason.",
    ),
    _file_rule(
        "ISA024",
        "suppression-malformed",
        clerical("A note isa-lint cannot read hides nothing; every finding is still reported."),
        "An '# isa-lint:' comment is not in the form isa-lint understands.",
        "A suppression that is not understood must not silently pass (the trap of blanket '# noqa').",
        SUPPRESSIONS_DOC,
        "Write '# isa-lint: ignore[ISA123] reason' or '# isa-lint: ignore[ISA123] until=2026-12-31 reason'.",
    ),
]
