"""ISA25x: agreements read together. Checked across every file of a run, not file by file.

A partnership keeps many agreements in one repository: operational (tier 2) agreements for
each service, often sitting under one overarching (tier 1) protocol that every partner
signed. Each file can be perfect on its own while the set contradicts itself: two files
claim the same id, one organisation appears with two ICO numbers, an agreement relies on a
protocol that is missing, lapsed or stricter than the agreement.

Each rule is declared with ``@rule(..., across=True)``: its check reads one agreement and the
:class:`Checker` holding what earlier files left (``check(agreement, checker)``). The driver
(:mod:`isa_lint.run.driver`) hands each file of the run to a :class:`Checker` once it is
loaded and linted on its own, in path order, and takes its findings at the end; they are
configured (select, ignore, severity, per-file ignores) like any other. Files that could
not be loaded, or are not a mapping, take no part: their own findings say why. A single
file cannot show these rules, so they have no fail/pass example files and are tested in
``tests/test_crossfile.py``. A file named differently from its id is reported per file (ISA014).

The engine hands each file of the run to a :class:`Checker` once it is loaded and linted
on its own, in path order, and takes its findings at the end; they are configured (select,
ignore, severity, per-file ignores) like any other. Files that could not be loaded, or are not a
mapping, take no part: their own findings say why.

The same organisation (ISA252) is found by its name (compared ignoring case and spacing)
or its ICO registration number, and compared with the same organisation in files earlier
by path; within one file, ISA608 judges. One name is one organisation, so its ICO number,
kind and nation must agree. One ICO number is one controller, which may act through
several services (a council through its youth justice service) and, if it is a national
body, in both nations; so then only the nation is compared, and only for bodies that
belong to one area (:data:`LOCAL_KINDS`).

Overarching protocols are looked up among the agreements of the run first, then on disk
as ``<id>.yaml`` (or ``<id>.yml``) in the same folder as the agreement, because
pre-commit passes only the files that changed. Only that exact name is tried: the id must
be a plain local id (no '/' or '..'; the schema reports any other), symbolic links are not
followed, and nothing else the agreement says is ever used as a path. A retired agreement
relies on nothing, so it is not checked. A reference to an operational (tier 2) agreement, or
to the agreement itself, is reported as not finding a protocol (ISA253). Whether the
protocol is in force (ISA254) matters once the agreement is approved: a draft may be
written alongside a draft protocol.

What "weaker than the protocol" means (ISA255), and why these and no more:

* a breach notice: ``security.breach_notification.within_hours`` larger than the protocol's;
* a security standard the protocol records for ``all`` parties that the agreement does not
  record for every one of its parties (Cyber Essentials Plus meets Cyber Essentials; the
  catch-all ``other`` cannot be compared and is skipped);
* a transfer method (``sharing.methods``) not in the protocol's list, when it has one;
* a retention period longer than the protocol's for the same data id *counted from the
  same event* (``from``, compared ignoring case and spacing). Data ids are local to each
  file, so only the same id is compared, and periods from different events cannot be
  compared by a machine: those are left to the reviewers.

Party-level requirements of the protocol (a standard required of one named party) are not
compared, because party ids are local to each file too.
"""

import errno
import os
import re
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from isa_lint.check.severity import clerical, guidance, integrity
from isa_lint.load.document import MAX_BYTES, Document, load_bytes
from isa_lint.load.files import printable_path, usable
from isa_lint.load.schema import ALL_PARTIES, LOCAL_ID
from isa_lint.rules._rule import Context, Hit, Rule, Settings, cite, parse_date, rule, text
from isa_lint.rules.required import placeholder_in

RUN_LEVEL = True
"""These rules look at several files at once; the per-file example test skips them."""

PROTOCOLS = "practice_sources:short_guide_protocols"

FIELDS: tuple[str, ...] = (
    "/id",
    "/status",
    "/scope/overarching_protocol",
    "/scope/tier",
    "/review/due",
    "/parties/*/id",
    "/parties/*/name",
    "/parties/*/ico_registration",
    "/parties/*/kind",
    "/parties/*/nation",
)
PROTOCOL_FIELDS: tuple[str, ...] = (
    "/security/breach_notification/within_hours",
    "/security/standards/*/standard",
    "/security/standards/*/party",
    "/sharing/methods/*/method",
    "/retention/*/data",
    "/retention/*/period",
    "/retention/*/from",
)
"""Every value these checks read (JSON Pointers; ``*`` is every list item). A run may keep
only these of each file (:mod:`isa_lint.run.projection`); a check that reads more must add it here."""

PROTOCOL_POINTER = "/scope/overarching_protocol"
BREACH_POINTER = "/security/breach_notification/within_hours"
PROTOCOL_SUFFIXES = (".yaml", ".yml")
MEETS = {"cyber_essentials": {"cyber_essentials", "cyber_essentials_plus"}}
"""A standard the protocol requires -> the standards that meet it (default: itself)."""
UNCOMPARABLE_STANDARDS = {"other"}

_PERIOD = re.compile(r"^\s*(\d+)\s+(day|week|month|year)s?\s*$", re.IGNORECASE)
_DAYS = {"day": 1.0, "week": 7.0, "month": 365.25 / 12, "year": 365.25}


def in_protocol_checks(data: dict[str, Any]) -> bool:
    """Whether a file names an overarching protocol or may be one (not an operational agreement)."""
    scope = data.get("scope")
    scope = scope if isinstance(scope, dict) else {}
    return isinstance(scope.get("overarching_protocol"), str) or scope.get("tier") != "operational"


class Agreement(NamedTuple):
    """One agreement of the run (or a protocol found on disk) with typed views of it."""

    path: str
    document: Document
    context: Context
    source: Path | None = None

    @property
    def data(self) -> dict[str, Any]:
        return self.context.data

    @property
    def id(self) -> str | None:
        return text(self.data, "id")


@rule(
    "ISA251",
    "duplicate-agreement-id",
    integrity("Two agreements with one id make every reference to either ambiguous."),
    summary="Two agreement files have the same id.",
    rationale=(
        "The id is how the register, reminders, reviews and other agreements find an agreement. Two "
        "files with one id make every reference to it ambiguous, and one of them is usually an old "
        "copy that nobody reviews."
    ),
    citation=cite("practice_sources:ico_code_accountability"),
    fix=(
        "If one file is an old copy, set its status to retired and give it its own id (renaming the "
        "file to match); if they are different agreements, give the newer one a new id and rename its file."
    ),
    across=True,
)
def duplicate_id(agreement: Agreement, checker: "Checker") -> Iterator[Hit]:
    """Asked as the file arrives, before it joins the index: the first file with an id keeps it."""
    agreement_id = agreement.id
    first = checker.by_id.get(agreement_id) if agreement_id is not None else None
    if first is not None:
        yield Hit("/id", f"agreement id '{agreement_id}' is also the id of {first.path}", at_key=False)


@rule(
    "ISA252",
    "party-described-differently",
    clerical("Two descriptions of one body are a slip in one of them."),
    summary=(
        "The same organisation is described differently in two agreements: one name with two ICO "
        "registration numbers or two kinds of body, or a local body (same name or same ICO number) "
        "in two nations."
    ),
    rationale=(
        "An organisation is one controller with one ICO registration and one legal form, whichever "
        "agreement it signs, and a council, police force or NHS trust is in one nation. When two "
        "agreements disagree, at least one is wrong, and the wrong one may rest on duties or lawful "
        "bases the body does not have. (A national body such as the Probation Service can rightly be "
        "a party in England in one agreement and in Wales in another, and one ICO number can cover "
        "several services of one controller, so those are not reported.)"
    ),
    citation=cite("identifier_formats:ico_registration", "practice_sources:ico_code_dsa"),
    fix=(
        "Check the organisation's entry on the ICO register and its legal form, then correct the "
        "agreement that is wrong so that both describe it the same way."
    ),
    across=True,
)
def party_described_differently(agreement: Agreement, checker: "Checker") -> Iterator[Hit]:
    """Compare each party of ``agreement`` with the same organisation in earlier files (by path).

    Each party is compared with the first earlier party (in file order; same name first,
    then same ICO number) of the same organisation that has another value: the same name
    means the same organisation; one ICO number is one controller, which may act through
    several services (a council through its youth justice service), so then only the
    nation is compared, and the nation only for bodies that belong to one area. Two parties
    in one file are ISA608's to judge. An index (:class:`_PartyIndex`) keeps, for each
    organisation and field, the first party with each value and the first from another
    file, so a register of thousands of files that name one body the same way costs a
    lookup per party, not a scan of every earlier mention.
    """
    for party in _party_records(agreement):
        for key, label in _DESCRIBED:
            mine = party.values.get(key)
            other = checker.parties.first_different(party, key, mine) if mine else None
            if other is None or mine is None:
                continue
            same = (
                f"the same name, '{party.name}'"
                if party.name_key and party.name_key == other.name_key
                else f"the same ICO registration number, {party.ico}"
            )
            yield Hit(
                f"{party.pointer}/{key}",
                f"party '{party.party_id}' has {label} {mine} here, but {other.values[key]} in "
                f"{other.path} (party '{other.party_id}', with {same})",
                (
                    f"Check the {label} of {party.name or 'this organisation'} and correct whichever of "
                    f"this file and {other.path} is wrong."
                ),
                at_key=False,
            )


@rule(
    "ISA253",
    "protocol-not-found",
    integrity("The agreement relies on terms in a protocol that cannot be found."),
    summary=(
        "scope.overarching_protocol names a protocol that cannot be found: no agreement linted has "
        "that id and there is no '<id>.yaml' beside the agreement, or it is not an overarching protocol."
    ),
    rationale=(
        "An operational agreement that sits under an overarching protocol relies on it for the "
        "terms all partners accepted. If the protocol cannot be found, nobody can check what the "
        "agreement relies on, and the agreement may be incomplete without it."
    ),
    citation=cite(PROTOCOLS, "practice_sources:ico_code_dsa"),
    fix=(
        "Add the protocol to the repository as '<id>.yaml' in the same folder as the agreement, or "
        "correct the id in scope.overarching_protocol, or remove it if the agreement stands alone."
    ),
    across=True,
)
def protocol_not_found(agreement: Agreement, checker: "Checker") -> Iterator[Hit]:
    protocol = checker.protocol_of(agreement)
    if isinstance(protocol, _NotFound):
        yield Hit(PROTOCOL_POINTER, protocol.message, protocol.fix, at_key=False)


@rule(
    "ISA254",
    "protocol-not-in-force",
    guidance(
        "The ICO data sharing code expects agreed, regularly reviewed terms; a lapsed protocol is not unlawful in itself."
    ),
    summary=(
        "An approved agreement relies on an overarching protocol that is not approved, or whose "
        "review date has passed."
    ),
    rationale=(
        "An agreement in force cannot rest on a protocol that is still a draft, suspended, retired "
        "or overdue for review: the common terms it relies on are not, or no longer, agreed."
    ),
    citation=cite(PROTOCOLS, "practice_sources:ico_code_review"),
    fix=(
        "Bring the protocol up to date first: complete its review or approval with all partners. "
        "If the protocol has been replaced, point scope.overarching_protocol at the new one."
    ),
    across=True,
)
def protocol_not_in_force(agreement: Agreement, checker: "Checker") -> Iterator[Hit]:
    """Whether the protocol is in force matters once the agreement is approved."""
    protocol = checker.protocol_of(agreement)
    if not isinstance(protocol, Agreement) or text(agreement.data, "status") != "approved":
        return
    named = f"the overarching protocol '{protocol.id}' ({protocol.path})"
    status = text(protocol.data, "status")
    if status != "approved":
        state = f"is {status}" if status else "has no status"
        yield Hit(
            PROTOCOL_POINTER, f"this agreement is approved but {named} {state}, not approved", at_key=False
        )
        return
    due = parse_date(protocol.context.section("review").get("due"))
    today = checker.settings.today
    if due is not None and due < today:
        days = (today - due).days
        yield Hit(
            PROTOCOL_POINTER,
            f"{named} was due for review on {due.isoformat()}, {days} day{'s' if days != 1 else ''} ago",
            at_key=False,
        )


@rule(
    "ISA255",
    "protocol-weakened",
    guidance(
        "The partners' own protocol (following the ICO data sharing code) sets the floor; weakening it breaks their terms, not statute."
    ),
    summary=(
        "The agreement is weaker than its overarching protocol: a slower breach notice, a security "
        "standard the protocol requires of all parties missing, a transfer method the protocol does "
        "not list, or data kept longer."
    ),
    rationale=(
        "The overarching protocol sets the minimum every partner accepted; an operational agreement "
        "may add to it, never take away. An agreement weaker than its protocol breaks the promise "
        "partners made to each other, and people's information is protected less than they were told."
    ),
    citation=cite(PROTOCOLS, "practice_sources:ico_code_security", "practice_sources:ico_code_retention"),
    fix=(
        "Bring the agreement up to the protocol's standard (shown in the message). If the protocol "
        "itself should change, change it with all its partners first."
    ),
    across=True,
)
def protocol_weakened(agreement: Agreement, checker: "Checker") -> Iterator[Hit]:
    protocol = checker.protocol_of(agreement)
    if not isinstance(protocol, Agreement):
        return
    named = f"the overarching protocol '{protocol.id}' ({protocol.path})"
    yield from _breach(agreement, protocol, named)
    yield from _standards(agreement, protocol, named)
    yield from _methods(agreement, protocol, named)
    yield from _retention(agreement, protocol, named)


# --- ISA252 -------------------------------------------------------------------------------

LOCAL_KINDS = frozenset(
    {
        "local_authority",
        "district_council",
        "chief_officer_of_police",
        "local_policing_body",
        "fire_and_rescue_authority",
        "integrated_care_board",
        "local_health_board",
        "nhs_trust",
        "nhs_foundation_trust",
        "gp_practice",
        "youth_offending_team",
        "maintained_school",
        "pupil_referral_unit",
    }
)
"""Kinds of body that belong to one area, so to one nation. Others (the Probation Service, the
National Crime Agency, government departments, national charities, private providers) can
rightly be a party in England in one agreement and in Wales in another."""

_DESCRIBED = (
    ("ico_registration", "ICO registration number"),
    ("kind", "kind of body"),
    ("nation", "nation"),
)


class _Party(NamedTuple):
    """A party as ISA252 compares it; the index keeps thousands, so it is small (a tuple, interned text).

    ``path`` is the file the party is in (the index keeps parties, never whole agreements);
    ``name_key`` its name as compared. Made with :meth:`make`.
    """

    path: str
    pointer: str
    party_id: str
    name: str
    values: dict[str, str]
    name_key: str

    @classmethod
    def make(cls, path: str, pointer: str, party_id: str, name: str, values: dict[str, str]) -> "_Party":
        return cls(path, pointer, party_id, name, values, sys.intern(" ".join(name.split()).casefold()))

    @property
    def ico(self) -> str:
        return self.values.get("ico_registration", "")


def _party_records(agreement: Agreement) -> Iterator[_Party]:
    for party_id, (pointer, party) in agreement.context.parties.items():
        values = {}
        for key, _ in _DESCRIBED:
            value = text(party, key)
            if value is not None and value.strip() and placeholder_in(value) is None:
                values[key] = sys.intern(
                    value.strip().upper() if key == "ico_registration" else value.strip()
                )
        yield _Party.make(agreement.path, sys.intern(pointer), party_id, text(party, "name") or "", values)


_Firsts = list[tuple[str, "_Party"]]
"""The first party with a value and, once one comes, the first with another value."""


class _PartyIndex:
    """Earlier files' parties by organisation (name, or ICO number for the nation) and field.

    The :class:`Checker` adds a file's parties only once the file has been checked, so every
    party here is from another file. Then the first earlier party whose value differs from a
    given one is the first party kept, or else the first with another value: two parties per
    organisation and field answer every question, so each lookup and each addition costs the
    same however many files name the organisation (``tests/test_crossfile_index.py``).
    """

    def __init__(self) -> None:
        self.by_name: dict[tuple[str, str], _Firsts] = {}
        self.by_ico: dict[str, _Firsts] = {}

    def add(self, party: _Party) -> None:
        local = party.values.get("kind") in LOCAL_KINDS
        for key, _ in _DESCRIBED:
            value = party.values.get(key)
            if not value or (key == "nation" and not local):
                continue  # the nation is compared only between bodies that belong to one area
            if party.name_key:
                self._note(self.by_name.setdefault((party.name_key, key), []), value, party)
            if key == "nation" and party.ico:
                self._note(self.by_ico.setdefault(party.ico, []), value, party)

    @staticmethod
    def _note(firsts: _Firsts, value: str, party: _Party) -> None:
        if not firsts or (len(firsts) == 1 and firsts[0][0] != value):
            firsts.append((value, party))

    def first_different(self, party: _Party, key: str, mine: str) -> _Party | None:
        """The first earlier party of the same organisation with another value for ``key``."""
        if key != "nation":
            return self._first(self.by_name.get((party.name_key, key)), mine) if party.name_key else None
        if party.values.get("kind") not in LOCAL_KINDS:
            return None
        found = self._first(self.by_name.get((party.name_key, key)), mine) if party.name_key else None
        if found is None and party.ico:
            found = self._first(self.by_ico.get(party.ico), mine)
        return found

    @staticmethod
    def _first(firsts: _Firsts | None, mine: str) -> _Party | None:
        return next((party for value, party in firsts or () if value != mine), None)


# --- ISA253, ISA254, ISA255 ---------------------------------------------------------------


def _period_days(value: Any) -> float | None:
    match = _PERIOD.match(value) if isinstance(value, str) else None
    return int(match.group(1)) * _DAYS[match.group(2).lower()] if match else None


def _same_text(value: Any) -> str:
    return " ".join(value.split()).casefold() if isinstance(value, str) else ""


def _hours(ctx: Context) -> int | None:
    breach = ctx.section("security").get("breach_notification")
    hours = breach.get("within_hours") if isinstance(breach, dict) else None
    return hours if isinstance(hours, int) and not isinstance(hours, bool) and hours >= 0 else None


class _Operational(NamedTuple):
    """An operational agreement of the run, known only by its path: naming it as a protocol is wrong."""

    path: str


class _NotFound(NamedTuple):
    """Why an agreement's protocol was not found (ISA253), and what to do when the rule's fix does not fit."""

    message: str
    fix: str | None = None


Report = tuple[Rule, Document, Hit]
"""A rule's hit in one agreement of the run (the driver turns it into a finding)."""

ON_ARRIVAL = (duplicate_id, party_described_differently)
"""Rules that compare a file with the files before it, asked as it arrives."""
AT_END = (protocol_not_found, protocol_not_in_force, protocol_weakened)
"""Rules that need every id of the run, asked once every file has arrived."""
RULES = [*ON_ARRIVAL, *AT_END]


class Checker:
    """The checks across files, fed one file at a time in path order, keeping only what they need.

    A register of thousands of files should not be held in memory for these checks. Of each
    file they keep its id and path (ISA251), a few values of each party (ISA252, compared as
    the file arrives), and the whole file only where the protocol checks may read it later
    (:func:`in_protocol_checks`). Everything kept is looked up by key, so the work grows
    with the number of files, not with its square. Agreements are added in path order, and
    the first with an id is the one that id names; ISA253-255 run once every id is known.
    """

    def __init__(self, settings: Settings, enabled: bool = True) -> None:
        self.enabled = enabled
        self.settings = settings
        self.reports: list[Report] = []
        self.parties = _PartyIndex()
        self.by_id: dict[str, Agreement | _Operational] = {}
        self.naming: list[Agreement] = []
        self.on_disk: dict[Path, Agreement | str | None] = {}
        self._protocols: dict[str, Agreement | _NotFound | None] = {}

    @property
    def read_beside(self) -> bool:
        """Whether a protocol was looked for on disk, outside the files of the run."""
        return bool(self.on_disk)

    def add(self, document: Document, source: Path | None) -> None:
        """Check one more file against the files before it (files must come sorted by path)."""
        if not self.enabled or not usable(document):
            return
        agreement = Agreement(document.path, document, Context(document, self.settings), source)
        for check in ON_ARRIVAL:
            self._ask(check, agreement)
        for party in _party_records(agreement):
            self.parties.add(party)
        if agreement.id is not None and agreement.id not in self.by_id:
            kept = in_protocol_checks(agreement.data)
            self.by_id[agreement.id] = agreement if kept else _Operational(agreement.path)
        if text(agreement.context.section("scope"), "overarching_protocol") is not None:
            self.naming.append(agreement)

    def finish(self) -> list[Report]:
        """Every rule's hits, once every file has been added."""
        for agreement in self.naming:
            for check in AT_END:
                self._ask(check, agreement)
        return self.reports

    def _ask(self, check: Rule, agreement: Agreement) -> None:
        assert check.check_across is not None
        self.reports += [(check, agreement.document, hit) for hit in check.check_across(agreement, self)]

    def protocol_of(self, agreement: Agreement) -> Agreement | _NotFound | None:
        """The protocol ``agreement`` relies on, why it is not found, or None when nothing is to check."""
        if agreement.path not in self._protocols:
            self._protocols[agreement.path] = self._protocol(agreement)
        return self._protocols[agreement.path]

    def _protocol(self, agreement: Agreement) -> Agreement | _NotFound | None:
        status = text(agreement.data, "status")
        protocol_id = text(agreement.context.section("scope"), "overarching_protocol")
        if status == "retired" or protocol_id is None or not re.fullmatch(LOCAL_ID, protocol_id):
            return None  # a retired agreement relies on nothing; a malformed id is the schema's finding
        if protocol_id == agreement.id:
            return _NotFound(
                f"scope.overarching_protocol names this agreement itself ('{protocol_id}')",
                "Put the id of the overarching protocol here, or remove overarching_protocol.",
            )
        protocol = self._find(agreement, protocol_id)
        if not isinstance(protocol, (Agreement, _Operational)):
            return _NotFound(protocol or "")
        if (
            isinstance(protocol, _Operational)
            or text(protocol.context.section("scope"), "tier") == "operational"
        ):
            return _NotFound(
                f"'{protocol_id}' ({protocol.path}) is an operational agreement (scope.tier), not an "
                "overarching protocol",
                "Put the id of the overarching (tier 1) protocol here, or remove overarching_protocol.",
            )
        return protocol

    def _find(self, agreement: Agreement, protocol_id: str) -> Agreement | _Operational | str | None:
        """The protocol, or a message saying why it was not found."""
        found = self.by_id.get(protocol_id)
        if found is not None:
            return found
        if agreement.source is None:
            return f"scope.overarching_protocol names '{protocol_id}', but no agreement linted has that id"
        folder = agreement.source.parent
        for suffix in PROTOCOL_SUFFIXES:
            result = self._load(folder / f"{protocol_id}{suffix}", protocol_id)
            if result is not None:
                return result
        shown = printable_path(folder / f"{protocol_id}.yaml")
        return (
            f"scope.overarching_protocol names '{protocol_id}', but no agreement linted has that id "
            f"and there is no file {shown} beside this agreement"
        )

    def _load(self, path: Path, protocol_id: str) -> Agreement | str | None:
        """A protocol file beside an agreement (cached): the agreement, a problem, or None if absent."""
        if path not in self.on_disk:
            shown = printable_path(path)
            found = _read_beside(path, shown)
            result: Agreement | str | None
            if isinstance(found, Document):
                protocol = Agreement(shown, found, Context(found, self.settings), path)
                result = (
                    protocol
                    if protocol.id == protocol_id
                    else f"{shown} has the id '{protocol.id}', not '{protocol_id}'"
                )
            else:
                result = found
            if isinstance(result, str):
                result = f"scope.overarching_protocol names '{protocol_id}', but {result}"
            self.on_disk[path] = result
        return self.on_disk[path]


def _read_beside(path: Path, shown: str) -> Document | str | None:
    """Load a regular file without following a link; None if absent, else a problem or the document.

    Opened with O_NOFOLLOW and O_NONBLOCK, and checked to be a regular file once open, so
    neither a link nor a pipe swapped in after a check is ever read.
    """
    flags = (
        os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    )
    if path.is_symlink():
        return f"{shown} is a symbolic link; isa-lint does not follow links to find protocols"
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        return None
    except OSError as error:
        if error.errno == errno.ELOOP:
            return f"{shown} is a symbolic link; isa-lint does not follow links to find protocols"
        return f"{shown} cannot be opened: {error.strerror or error}"
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        return None if stat.S_ISDIR(mode) else f"{shown} is not a regular file"
    with os.fdopen(descriptor, "rb") as handle:
        raw = handle.read(MAX_BYTES + 1)
    document = load_bytes(raw, shown)
    return document if usable(document) else f"{shown} cannot be read as an agreement; lint it to see why"


def _breach(agreement: Agreement, protocol: Agreement, named: str) -> Iterator[Hit]:
    mine, theirs = _hours(agreement.context), _hours(protocol.context)
    if mine is not None and theirs is not None and mine > theirs:
        yield Hit(
            BREACH_POINTER,
            f"partners are told of a breach within {mine} hours here, but {named} requires {theirs} hours",
            fix=f"Set security.breach_notification.within_hours to {theirs} or fewer.",
            at_key=False,
        )


def _standards(agreement: Agreement, protocol: Agreement, named: str) -> Iterator[Hit]:
    ctx = agreement.context
    parties = set(ctx.parties)
    if not parties:
        return
    required = sorted(
        {
            standard
            for _, entry in protocol.context.items(
                "/security/standards", protocol.context.section("security").get("standards")
            )
            if text(entry, "party") == ALL_PARTIES
            and (standard := text(entry, "standard")) is not None
            and standard not in UNCOMPARABLE_STANDARDS
        }
    )
    security = ctx.section("security")
    entries = ctx.items("/security/standards", security.get("standards"))
    pointer = "/security/standards" if entries else "/security"
    for standard in required:
        meets = MEETS.get(standard, {standard})
        covered: set[str] = set()
        for _, entry in entries:
            party = text(entry, "party")
            if text(entry, "standard") in meets and party is not None:
                covered |= ctx.expand([party])
        missing = sorted(parties - covered)
        if missing:
            who = ", ".join(f"'{p}'" for p in missing)
            yield Hit(
                pointer,
                f"{named} requires {standard} of all parties, but this agreement does not record it for {who}",
                fix=(
                    f"Add '- standard: {standard}' to security.standards with 'party: all' (or one entry per "
                    "party) and its current status."
                ),
                at_key=True,
            )


def _methods(agreement: Agreement, protocol: Agreement, named: str) -> Iterator[Hit]:
    listed = protocol.context.section("sharing").get("methods")
    allowed = sorted(
        {m for _, entry in protocol.context.items("/sharing/methods", listed) if (m := text(entry, "method"))}
    )
    if not allowed:
        return
    ctx = agreement.context
    for pointer, entry in ctx.items("/sharing/methods", ctx.section("sharing").get("methods")):
        method = text(entry, "method")
        if method is not None and method not in allowed:
            yield Hit(
                f"{pointer}/method",
                f"transfer method {method} is not one that {named} allows ({', '.join(allowed)})",
                fix=f"Use one of the protocol's methods ({', '.join(allowed)}), or agree a change to the protocol first.",
                at_key=False,
            )


def _retention(agreement: Agreement, protocol: Agreement, named: str) -> Iterator[Hit]:
    limits: dict[tuple[str, str], tuple[float, str]] = {}
    for _, entry in protocol.context.entries("retention"):
        data_id, period = text(entry, "data"), text(entry, "period")
        days = _period_days(period)
        key = (data_id or "", _same_text(entry.get("from")))
        if data_id and period and days is not None and (key not in limits or days < limits[key][0]):
            limits[key] = (days, period)
    for pointer, entry in agreement.context.entries("retention"):
        data_id, period = text(entry, "data"), text(entry, "period")
        days = _period_days(period)
        limit = limits.get((data_id or "", _same_text(entry.get("from"))))
        if limit is None or days is None or days <= limit[0]:
            continue
        yield Hit(
            f"{pointer}/period",
            f"data '{data_id}' is kept {period} here, but {named} keeps it {limit[1]} from the same event "
            f"('{text(entry, 'from')}')",
            fix=f"Keep '{data_id}' no longer than {limit[1]}, as the protocol says.",
            at_key=False,
        )
