"""ISA8xx: review, status, signatures and version history.

An agreement is only as good as its upkeep. The ICO data sharing code expects agreements to
be reviewed regularly and signed off by a senior person in each organisation, and reviews of
published agreements keep finding lapsed review dates, agreements in force before every
partner signed, and histories nobody can follow. These rules check the dates, the
signatures and the changelog against each other and against today.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator
from typing import Any

from isa_lint.check.severity import check, clerical, guidance, integrity, practice
from isa_lint.rules._rule import Context, Hit, Item, cite, is_processor, parse_date, rule, text
from isa_lint.rules.references import intended

REVIEW_DUE = "/review/due"
_VERSION = re.compile(r"^\d+(\.\d+)*$")

Version = tuple[int, ...]


def parse_version(value: Any) -> Version | None:
    """A version as a tuple of ints padded to three parts (1.0 == 1.0.0), or None if unparsable."""
    if not isinstance(value, str) or not _VERSION.match(value.strip()):
        return None
    parts = tuple(int(part) for part in value.strip().split("."))
    return parts + (0,) * (3 - len(parts))


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the last day of that month when it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        return dt.date.max if months > 0 else dt.date.min
    return day.replace(year=year, month=month, day=min(day.day, _days_in(year, month)))


def _days_in(year: int, month: int) -> int:
    """Days in a month (December: 31, so the next month never overflows the year)."""
    return 31 if month == 12 else (dt.date(year, month + 1, 1) - dt.date(year, month, 1)).days


def _status(ctx: Context) -> str | None:
    return text(ctx.data, "status")


def _date_at(ctx: Context, pointer: str, mapping: dict[str, Any], key: str) -> tuple[str, dt.date] | None:
    """The pointer and date of ``mapping[key]``, when it is a real date."""
    day = parse_date(mapping.get(key))
    return (ctx.child(pointer, key), day) if day else None


def _review_due(ctx: Context) -> dt.date | None:
    return parse_date(ctx.section("review").get("due"))


def _effective(ctx: Context) -> dt.date | None:
    return parse_date(ctx.data.get("effective_from"))


def _due_to_check(ctx: Context) -> dt.date | None:
    """The review date that ISA801/ISA802 judge against today.

    None for a retired agreement (nobody reviews it) and when the due date falls before the
    agreement takes effect: that date is wrong, and ISA808 says so.
    """
    due = _review_due(ctx)
    effective = _effective(ctx)
    if due is None or _status(ctx) == "retired" or (effective is not None and effective > due):
        return None
    return due


def _signatories(ctx: Context) -> list[Item]:
    return ctx.entries("signatories")


def _signed_dates(ctx: Context) -> Iterator[tuple[str, str, dt.date]]:
    """(pointer, party, date) of every signature by a declared party with a real date.

    A signatory naming no declared party is a reference error (ISA201) and nothing more: its
    date is not a party's signature.
    """
    for pointer, entry in _signatories(ctx):
        party = text(entry, "party")
        found = _date_at(ctx, pointer, entry, "signed")
        if found and party in ctx.parties:
            yield found[0], party, found[1]


def _days(count: int) -> str:
    return f"{count} day{'s' if count != 1 else ''}"


@rule(
    "ISA801",
    "review-overdue",
    guidance(
        "The ICO data sharing code says agreements are reviewed regularly; an overdue review does not make sharing unlawful."
    ),
    summary="The agreement's review due date has passed.",
    rationale=(
        "An agreement past its review date may describe sharing that has changed, partners who have "
        "left or law that has moved on. Reviews of published agreements often find review dates "
        "long lapsed."
    ),
    citation=cite("practice_sources:ico_code_review"),
    fix=(
        "Review the agreement with the partners, record the review as a new changelog entry and "
        "version, and set review.due to the next review date."
    ),
)
def review_overdue(ctx: Context) -> Iterator[Hit]:
    due = _due_to_check(ctx)
    today = ctx.settings.today
    if due is not None and due < today:
        yield ctx.hit(
            REVIEW_DUE,
            f"the review was due on {due.isoformat()}, {_days((today - due).days)} ago",
            at_key=False,
        )


@rule(
    "ISA802",
    "review-due-soon",
    check("A reminder that the review falls due soon."),
    summary="The agreement's review falls due within the warning window (90 days by default).",
    rationale=(
        "A review needs every partner's time and sign-off; starting it before the due date keeps the "
        "agreement current instead of lapsed."
    ),
    citation=cite("practice_sources:ico_code_review"),
    fix=(
        "Arrange the review with the partners now. Once it is done, record it in the changelog and "
        "set review.due to the next date."
    ),
)
def review_due_soon(ctx: Context) -> Iterator[Hit]:
    due = _due_to_check(ctx)
    today = ctx.settings.today
    window = ctx.settings.review_window_days
    if due is not None and today <= due <= today + dt.timedelta(days=window):
        left = (due - today).days
        when = "today" if left == 0 else f"in {_days(left)}"
        yield ctx.hit(
            REVIEW_DUE,
            f"the review is due {when} ({due.isoformat()}), within the {window}-day warning window",
            at_key=False,
        )


@rule(
    "ISA803",
    "review-interval-too-long",
    practice("How often to review is the partners' choice; the ICO code asks only for regular review."),
    summary="Reviews are set further apart than allowed (36 months by default).",
    rationale=(
        "Safeguarding arrangements, partners and the law change often; an agreement left for years "
        "without review stops describing what really happens. Annual review is the norm."
    ),
    citation=cite("practice_sources:ico_code_review"),
    fix=(
        "Set review.frequency_months to 12 (or at most the configured maximum) and review.due no "
        "later than that many months after effective_from."
    ),
)
def review_interval_too_long(ctx: Context) -> Iterator[Hit]:
    limit = ctx.settings.max_review_months
    review = ctx.section("review")
    months = review.get("frequency_months")
    if isinstance(months, int) and not isinstance(months, bool) and months > limit:
        yield ctx.hit(
            "/review/frequency_months",
            f"reviews every {months} months is longer than the {limit} months allowed",
            at_key=False,
        )
    due, effective = _review_due(ctx), _effective(ctx)
    if due is not None and effective is not None:
        latest = add_months(effective, limit)
        if due > latest:
            yield ctx.hit(
                REVIEW_DUE,
                f"the review is due {due.isoformat()}, more than {limit} months after the agreement "
                f"takes effect on {effective.isoformat()} (the latest allowed is {latest.isoformat()})",
                at_key=False,
            )


@rule(
    "ISA804",
    "approved-not-signed",
    integrity("An agreement marked approved that a party has not signed says something false about itself."),
    summary="An approved agreement has not been signed for every party.",
    rationale=(
        "Approval means each organisation has accepted the agreement through a senior signatory. A "
        "party that has not signed has not committed to the rules it sets, yet others share with "
        "it as if it had."
    ),
    citation=cite("practice_sources:ico_code_accountability"),
    fix=(
        "Add a signatories entry for each party with its signatory's role and the 'signed' date, "
        "or set status to draft until everyone has signed."
    ),
)
def approved_not_signed(ctx: Context) -> Iterator[Hit]:
    if _status(ctx) != "approved":
        return
    entries: dict[str, list[Item]] = {}
    for pointer, entry in _signatories(ctx):
        party = text(entry, "party")
        if party is not None:
            entries.setdefault(party, []).append((pointer, entry))
    misspelt = intended(ctx, "party", "/signatories")  # ISA201's: fixing it fixes both
    for party_id in ctx.parties:
        if is_processor(ctx, party_id):
            continue  # a processor takes no sharing decision: its controller signs (UK GDPR Art 29)
        found = entries.get(party_id, [])
        if any(entry.get("signed") is not None for _, entry in found) or (not found and party_id in misspelt):
            continue  # a signed value that is not a real date is the schema's finding (ISA013)
        if found:
            yield ctx.hit(
                found[0][0],
                f"the agreement is approved but party '{party_id}' has not signed: its signatory has no 'signed' date",
                fix=f"Add the date party '{party_id}' signed ('signed: YYYY-MM-DD'), or set status to draft.",
            )
        else:
            yield ctx.hit(
                "/status",
                f"the agreement is approved but party '{party_id}' has no entry in signatories",
                fix=f"Add a signatories entry for party '{party_id}' with role and signed date, or set status to draft.",
                at_key=False,
            )


@rule(
    "ISA805",
    "signed-after-effective",
    guidance(
        "The ICO data sharing code expects sign-off before sharing; no statute makes a signature a condition of lawful sharing."
    ),
    summary="An approved agreement took effect before a party signed it.",
    rationale=(
        "Sharing under an agreement a party had not yet signed rested on nothing that party had "
        "accepted. Published agreements are often in force before every partner approved them."
    ),
    citation=cite("practice_sources:ico_code_accountability"),
    fix=(
        "If the signature date is right, set effective_from to the date the last party signed; "
        "otherwise correct the signed date."
    ),
)
def signed_after_effective(ctx: Context) -> Iterator[Hit]:
    effective = _effective(ctx)
    if _status(ctx) != "approved" or effective is None:
        return
    for pointer, party, signed in _signed_dates(ctx):
        if effective < signed <= ctx.settings.today:  # a future date is ISA807's finding
            yield ctx.hit(
                pointer,
                f"party '{party}' signed on {signed.isoformat()}, after the agreement took effect "
                f"on {effective.isoformat()}",
                at_key=False,
            )


@rule(
    "ISA806",
    "version-not-in-changelog",
    clerical("A version missing from the changelog is a slip in the record."),
    summary="The agreement's version is not the latest version in its changelog.",
    rationale=(
        "Partners, auditors and the register identify an agreement by its version; if the version "
        "does not match the latest changelog entry, nobody can tell which text was agreed and when."
    ),
    citation=cite("practice_sources:ico_code_accountability"),
    fix=(
        "Add a changelog entry for the new version (version, date, summary), or set version to the "
        "latest version in the changelog."
    ),
)
def version_not_in_changelog(ctx: Context) -> Iterator[Hit]:
    written = ctx.data.get("version")
    version = parse_version(written)
    history = [
        (v, entry["version"])
        for _, entry in ctx.entries("changelog")
        if (v := parse_version(entry.get("version")))
    ]
    if version is None or not history:
        return
    latest, latest_text = max(history)
    if version == latest:
        return
    if version > latest:
        message = f"version is {written} but the changelog's latest entry is {latest_text}"
        fix = f"Add a changelog entry for version {written} with its date and a summary of what changed."
    else:
        message = f"version is {written} but the changelog already records version {latest_text}"
        fix = f"Set version to {latest_text}, or correct the changelog."
    yield ctx.hit("/version", message, fix=fix, at_key=False)


@rule(
    "ISA807",
    "date-in-future",
    clerical("A date in the future is almost always a typing slip."),
    summary="A signature or changelog date is later than today.",
    rationale=(
        "A signature or a change cannot be dated in the future: the date is a mistake, or the "
        "record claims something that has not happened yet."
    ),
    citation=cite("practice_sources:ico_code_accountability"),
    fix="Correct the date to the day it happened, or remove the entry until it has happened.",
)
def date_in_future(ctx: Context) -> Iterator[Hit]:
    today = ctx.settings.today
    for pointer, party, signed in _signed_dates(ctx):
        if signed > today:
            yield ctx.hit(
                pointer,
                f"party '{party}' is recorded as signing on {signed.isoformat()}, which is after today "
                f"({today.isoformat()})",
                at_key=False,
            )
    for pointer, entry in ctx.entries("changelog"):
        found = _date_at(ctx, pointer, entry, "date")
        if found and found[1] > today:
            label = text(entry, "version") or "?"
            yield ctx.hit(
                found[0],
                f"changelog entry for version {label} is dated {found[1].isoformat()}, which is after "
                f"today ({today.isoformat()})",
                at_key=False,
            )


@rule(
    "ISA808",
    "dates-out-of-order",
    clerical("A review due before the agreement starts is a slip in one of the dates."),
    summary="The review is due before the agreement takes effect.",
    rationale=(
        "A review date before the start date is always a mistake, usually a wrong year, and it hides "
        "when the agreement really needs reviewing."
    ),
    citation=cite("practice_sources:ico_code_review"),
    fix="Correct review.due (or effective_from) so that the review falls after the agreement takes effect.",
)
def dates_out_of_order(ctx: Context) -> Iterator[Hit]:
    due, effective = _review_due(ctx), _effective(ctx)
    if due is not None and effective is not None and effective > due:
        yield ctx.hit(
            REVIEW_DUE,
            f"the review is due {due.isoformat()}, before the agreement takes effect on {effective.isoformat()}",
            at_key=False,
        )


@rule(
    "ISA809",
    "changelog-order",
    clerical("Changelog entries out of order are a slip in the record."),
    summary="Changelog versions are not listed oldest first in increasing order, or a version appears twice.",
    rationale=(
        "The changelog is the agreement's audit trail: it must read as one history, each version "
        "once and each newer than the one before, so reviewers can see what changed when."
    ),
    citation=cite("practice_sources:ico_code_accountability"),
    fix=(
        "List the changelog oldest first, give each entry a higher version than the one before, and "
        "merge or renumber entries that share a version."
    ),
)
def changelog_order(ctx: Context) -> Iterator[Hit]:
    history = [
        (ctx.child(pointer, "version"), entry["version"], parsed)
        for pointer, entry in ctx.entries("changelog")
        if (parsed := parse_version(entry.get("version")))
    ]
    versions = [version for _, _, version in history]
    if len(versions) > 1 and all(a > b for a, b in itertools.pairwise(versions)):
        yield ctx.hit(
            "/changelog",
            "the changelog lists the newest version first; the format lists versions oldest first",
            fix="Reverse the order of the changelog entries so the oldest comes first.",
        )
        return
    seen: dict[Version, str] = {}
    previous: tuple[Version, str] | None = None
    for pointer, written, version in history:
        if version in seen:
            yield ctx.hit(pointer, f"changelog version {written} appears twice", at_key=False)
        elif previous is not None and version < previous[0]:
            yield ctx.hit(
                pointer,
                f"changelog version {written} comes after version {previous[1]}; versions must increase",
                at_key=False,
            )
        seen.setdefault(version, written)
        previous = (version, written)


@rule(
    "ISA810",
    "retired-or-suspended",
    check("A reminder that no sharing may take place under this agreement."),
    summary="The agreement is suspended or retired, so no sharing may take place under it.",
    rationale=(
        "Partners, and anyone reading the register, must know that this agreement no longer allows "
        "sharing: new sharing needs another agreement, or the suspension lifted."
    ),
    citation=cite("practice_sources:ico_code_termination"),
    fix=(
        "Nothing to fix if this is intended. Make sure every party has stopped sharing under it, and "
        "say in the changelog why and from when."
    ),
)
def retired_or_suspended(ctx: Context) -> Iterator[Hit]:
    status = _status(ctx)
    if status == "suspended":
        message = "the agreement is suspended: sharing under it must stop until it is reinstated"
    elif status == "retired":
        message = "the agreement is retired: sharing under it has stopped; keep it for the record"
    else:
        return
    yield ctx.hit("/status", message, at_key=False)
