"""The checks across the files of a run (ISA25x): duplicate ids, parties, overarching protocols.

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

from __future__ import annotations

import errno
import os
import re
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from isa_lint.check.config import Config
from isa_lint.check.engine import FATAL_LOAD_CODES, from_hit, printable_path
from isa_lint.check.findings import Finding
from isa_lint.load.document import MAX_BYTES, Document, load_bytes
from isa_lint.load.schema import ALL_PARTIES, LOCAL_ID
from isa_lint.rules import across_files
from isa_lint.rules._rule import Context, Hit, Rule, Settings, parse_date, text
from isa_lint.rules.across_files import (
    DUPLICATE_ID,
    PARTY_DESCRIBED_DIFFERENTLY,
    PROTOCOL_NOT_FOUND,
    PROTOCOL_NOT_IN_FORCE,
    PROTOCOL_WEAKENED,
)
from isa_lint.rules.required import placeholder_in
from isa_lint.run.projection import in_protocol_checks

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


def usable(document: Document) -> bool:
    """Whether a loaded file can take part: loaded without a fatal problem, and a mapping."""
    return isinstance(document.data, dict) and not any(p.code in FATAL_LOAD_CODES for p in document.problems)


class Checker:
    """The checks across files, fed one file at a time in path order, keeping only what they need.

    A register of thousands of files should not be held in memory for these checks. Of each
    file they keep its id and path (ISA251), a few values of each party (ISA252, compared as
    the file arrives), and the whole projection only of a file the protocol checks may read
    later (:func:`isa_lint.run.projection.in_protocol_checks`). :attr:`documents` keeps the
    files findings were reported in, for their fingerprints.
    """

    def __init__(self, config: Config) -> None:
        self.enabled = any(config.enabled(rule) for rule in across_files.RULES)
        self.settings = config.settings
        self.findings: list[Finding] = []
        self.documents: dict[str, Document] = {}
        self.parties = _PartyIndex()
        self.protocols = _Protocols(self.settings)
        self.read_beside = False
        """Whether a protocol was looked for on disk, outside the files of the run."""

    def add(self, path: str, document: Document, source: Path | None) -> None:
        """Check one more file against the files before it (files must come sorted by path)."""
        if not self.enabled or not usable(document):
            return
        agreement = Agreement(path, document, Context(document, self.settings), source)
        found = [*self._duplicate_id(agreement), *_parties(agreement, self.parties)]
        self.protocols.add(agreement)
        self._report(agreement, found)

    def finish(self) -> list[Finding]:
        """Every finding, once every file has been added."""
        for agreement, found in self.protocols.check():
            self._report(agreement, found)
        self.read_beside = bool(self.protocols.on_disk)
        return self.findings

    def _report(self, agreement: Agreement, found: list[Finding]) -> None:
        if found:
            self.findings += found
            self.documents[agreement.path] = Document(path=agreement.path, text="", data=agreement.data)

    def _duplicate_id(self, agreement: Agreement) -> Iterator[Finding]:
        """ISA251: asked before the agreement joins the protocol checks' first agreement by id."""
        agreement_id = agreement.id
        first = self.protocols.by_id.get(agreement_id) if agreement_id is not None else None
        if first is not None:
            yield _hit(
                DUPLICATE_ID,
                agreement,
                "/id",
                f"agreement id '{agreement_id}' is also the id of {first.path}",
            )


def _hit(
    rule: Rule, agreement: Agreement, pointer: str, message: str, fix: str | None = None, at_key: bool = False
) -> Finding:
    """A finding at ``pointer``: at the value by default, at the key for a whole section."""
    return from_hit(rule, agreement.document, Hit(pointer, message, fix, at_key=at_key))


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
    def make(cls, path: str, pointer: str, party_id: str, name: str, values: dict[str, str]) -> _Party:
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


def _same_organisation(party: _Party, other: _Party, key: str) -> bool:
    """Whether ``other`` is the same organisation as ``party`` for comparing ``key``.

    The same name means the same organisation. One ICO number is one controller, which may
    act through several services (a council through its youth justice service), so only
    the nation is compared then, and the nation only for bodies that belong to one area.
    """
    if other.path == party.path:
        return False  # two parties in one file are ISA608's to judge
    same_name = bool(party.name_key) and party.name_key == other.name_key
    if key != "nation":
        return same_name
    same_ico = bool(party.ico) and party.ico == other.ico
    return (same_name or same_ico) and {party.values.get("kind"), other.values.get("kind")} <= LOCAL_KINDS


def _parties(agreement: Agreement, index: _PartyIndex) -> Iterator[Finding]:
    """Compare each party of ``agreement`` with the same organisation in earlier files (by path).

    Each party is compared with the first earlier party (in file order; same name first,
    then same ICO number) that :func:`_same_organisation` accepts and that has another
    value. An index keeps, for each organisation and field, the first party with each value
    and the first from another file, so a register of thousands of files that name one body
    the same way costs a lookup per party, not a scan of every earlier mention. ``index``
    holds the earlier files' parties; this agreement's are added to it.
    """
    for party in _party_records(agreement):
        for key, label in _DESCRIBED:
            mine = party.values.get(key)
            other = index.first_different(party, key, mine) if mine else None
            if other is None or mine is None:
                continue
            same = (
                f"the same name, '{party.name}'"
                if party.name_key and party.name_key == other.name_key
                else f"the same ICO registration number, {party.ico}"
            )
            yield _hit(
                PARTY_DESCRIBED_DIFFERENTLY,
                agreement,
                f"{party.pointer}/{key}",
                f"party '{party.party_id}' has {label} {mine} here, but {other.values[key]} in "
                f"{other.path} (party '{other.party_id}', with {same})",
                fix=(
                    f"Check the {label} of {party.name or 'this organisation'} and correct whichever of "
                    f"this file and {other.path} is wrong."
                ),
            )
        index.add(party)


_Firsts = dict[str, tuple[tuple[int, "_Party"], ...]]
"""value -> the first party with it and, if any, the first from another file than that one's."""


class _PartyIndex:
    """Earlier parties by organisation (name, or ICO number for the nation) and field."""

    def __init__(self) -> None:
        self.count = 0
        self.by_name: dict[tuple[str, str], _Firsts] = {}
        self.by_ico: dict[str, _Firsts] = {}

    def add(self, party: _Party) -> None:
        self.count += 1
        entry = (self.count, party)
        local = party.values.get("kind") in LOCAL_KINDS
        for key, _ in _DESCRIBED:
            value = party.values.get(key)
            if not value or (key == "nation" and not local):
                continue  # the nation is compared only between bodies that belong to one area
            if party.name_key:
                self._note(self.by_name.setdefault((party.name_key, key), {}), value, entry)
            if key == "nation" and party.ico:
                self._note(self.by_ico.setdefault(party.ico, {}), value, entry)

    @staticmethod
    def _note(firsts: _Firsts, value: str, entry: tuple[int, _Party]) -> None:
        kept = firsts.get(value, ())
        if not kept or (len(kept) == 1 and kept[0][1].path != entry[1].path):
            firsts[value] = (*kept, entry)

    def first_different(self, party: _Party, key: str, mine: str) -> _Party | None:
        """The first earlier party of the same organisation with another value for ``key``."""
        if key != "nation":
            return (
                self._first(self.by_name.get((party.name_key, key)), party, mine) if party.name_key else None
            )
        if party.values.get("kind") not in LOCAL_KINDS:
            return None
        found = self._first(self.by_name.get((party.name_key, key)), party, mine) if party.name_key else None
        if found is None and party.ico:
            found = self._first(self.by_ico.get(party.ico), party, mine)
        return found

    @staticmethod
    def _first(firsts: _Firsts | None, party: _Party, mine: str) -> _Party | None:
        best: tuple[int, _Party] | None = None
        for value, kept in (firsts or {}).items():
            if value == mine:
                continue
            candidate = next((k for k in kept if k[1].path != party.path), None)
            if candidate is not None and (best is None or candidate[0] < best[0]):
                best = candidate
        return best[1] if best is not None else None


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


class _Protocols:
    """ISA253-255 for every agreement that names an overarching protocol.

    Agreements are added in path order, and the first with an id is the one that id names;
    the checks run once every id is known. Only agreements these checks read again are kept
    whole: those that name a protocol and those that are not operational
    (:func:`isa_lint.run.projection.in_protocol_checks`).
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.by_id: dict[str, Agreement | _Operational] = {}
        self.naming: list[Agreement] = []
        self.on_disk: dict[Path, Agreement | str | None] = {}

    def add(self, agreement: Agreement) -> None:
        if agreement.id is not None and agreement.id not in self.by_id:
            kept = in_protocol_checks(agreement.data)
            self.by_id[agreement.id] = agreement if kept else _Operational(agreement.path)
        if text(agreement.context.section("scope"), "overarching_protocol") is not None:
            self.naming.append(agreement)

    def check(self) -> Iterator[tuple[Agreement, list[Finding]]]:
        """Each agreement that names a protocol, with its findings."""
        for agreement in self.naming:
            yield agreement, list(self._check(agreement))

    def _check(self, agreement: Agreement) -> Iterator[Finding]:
        status = text(agreement.data, "status")
        protocol_id = text(agreement.context.section("scope"), "overarching_protocol")
        if status == "retired" or protocol_id is None or not re.fullmatch(LOCAL_ID, protocol_id):
            return  # a retired agreement relies on nothing; a malformed id is the schema's finding
        if protocol_id == agreement.id:
            yield _hit(
                PROTOCOL_NOT_FOUND,
                agreement,
                PROTOCOL_POINTER,
                f"scope.overarching_protocol names this agreement itself ('{protocol_id}')",
                fix="Put the id of the overarching protocol here, or remove overarching_protocol.",
            )
            return
        protocol = self._find(agreement, protocol_id)
        if not isinstance(protocol, (Agreement, _Operational)):
            yield _hit(PROTOCOL_NOT_FOUND, agreement, PROTOCOL_POINTER, protocol or "")
            return
        if (
            isinstance(protocol, _Operational)
            or text(protocol.context.section("scope"), "tier") == "operational"
        ):
            yield _hit(
                PROTOCOL_NOT_FOUND,
                agreement,
                PROTOCOL_POINTER,
                f"'{protocol_id}' ({protocol.path}) is an operational agreement (scope.tier), not an "
                "overarching protocol",
                fix="Put the id of the overarching (tier 1) protocol here, or remove overarching_protocol.",
            )
            return
        if status == "approved":
            yield from self._in_force(agreement, protocol, protocol_id)
        yield from _weakened(agreement, protocol, protocol_id)

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

    def _in_force(self, agreement: Agreement, protocol: Agreement, protocol_id: str) -> Iterator[Finding]:
        status = text(protocol.data, "status")
        named = f"the overarching protocol '{protocol_id}' ({protocol.path})"
        if status != "approved":
            state = f"is {status}" if status else "has no status"
            yield _hit(
                PROTOCOL_NOT_IN_FORCE,
                agreement,
                PROTOCOL_POINTER,
                f"this agreement is approved but {named} {state}, not approved",
            )
            return
        due = parse_date(protocol.context.section("review").get("due"))
        today = self.settings.today
        if due is not None and due < today:
            days = (today - due).days
            yield _hit(
                PROTOCOL_NOT_IN_FORCE,
                agreement,
                PROTOCOL_POINTER,
                f"{named} was due for review on {due.isoformat()}, {days} day{'s' if days != 1 else ''} ago",
            )


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


def _weakened(agreement: Agreement, protocol: Agreement, protocol_id: str) -> Iterator[Finding]:
    named = f"the overarching protocol '{protocol_id}' ({protocol.path})"
    yield from _breach(agreement, protocol, named)
    yield from _standards(agreement, protocol, named)
    yield from _methods(agreement, protocol, named)
    yield from _retention(agreement, protocol, named)


def _breach(agreement: Agreement, protocol: Agreement, named: str) -> Iterator[Finding]:
    mine, theirs = _hours(agreement.context), _hours(protocol.context)
    if mine is not None and theirs is not None and mine > theirs:
        yield _hit(
            PROTOCOL_WEAKENED,
            agreement,
            BREACH_POINTER,
            f"partners are told of a breach within {mine} hours here, but {named} requires {theirs} hours",
            fix=f"Set security.breach_notification.within_hours to {theirs} or fewer.",
        )


def _standards(agreement: Agreement, protocol: Agreement, named: str) -> Iterator[Finding]:
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
            yield _hit(
                PROTOCOL_WEAKENED,
                agreement,
                pointer,
                f"{named} requires {standard} of all parties, but this agreement does not record it for {who}",
                fix=(
                    f"Add '- standard: {standard}' to security.standards with 'party: all' (or one entry per "
                    "party) and its current status."
                ),
                at_key=True,
            )


def _methods(agreement: Agreement, protocol: Agreement, named: str) -> Iterator[Finding]:
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
            yield _hit(
                PROTOCOL_WEAKENED,
                agreement,
                f"{pointer}/method",
                f"transfer method {method} is not one that {named} allows ({', '.join(allowed)})",
                fix=f"Use one of the protocol's methods ({', '.join(allowed)}), or agree a change to the protocol first.",
            )


def _retention(agreement: Agreement, protocol: Agreement, named: str) -> Iterator[Finding]:
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
        yield _hit(
            PROTOCOL_WEAKENED,
            agreement,
            f"{pointer}/period",
            f"data '{data_id}' is kept {period} here, but {named} keeps it {limit[1]} from the same event "
            f"('{text(entry, 'from')}')",
            fix=f"Keep '{data_id}' no longer than {limit[1]}, as the protocol says.",
        )
