"""The severity policy, in one place: a rule says how strong its source is; this module says
what severity that earns, and caps findings that rest on an unconfirmed catalogue entry.

Rules never choose a severity. Each declares a :class:`Basis` (the kind of source and a
one-line reason); :data:`POLICY` turns the kind into a severity, and the engine applies
:func:`unconfirmed` to every finding. docs/severity.md explains the policy to readers.
"""

import enum
from collections.abc import Iterable
from typing import NamedTuple

from isa_lint.check.findings import Severity


class Source(enum.Enum):
    """How strong the source of a rule is."""

    STATUTE = "statute"
    """A breach of an Act, regulations or UK GDPR."""
    INTEGRITY = "integrity"
    """The file cannot be checked, or says something false about itself (approved but unsigned)."""
    GUIDANCE = "guidance"
    """What statutory guidance or the ICO's statutory code says should be done."""
    CLERICAL = "clerical"
    """A clerical fault: a malformed number, a typing slip, a dangling note."""
    PRACTICE = "practice"
    """Good practice that no statute or statutory guidance requires."""
    CHECK = "check"
    """Something the reader should look at: it may be right."""
    LOCAL = "local"
    """A partnership's own requirement, from a policy pack, which sets its own severity."""

    def __str__(self) -> str:
        return self.value


POLICY: dict[Source, Severity] = {
    Source.STATUTE: Severity.ERROR,
    Source.INTEGRITY: Severity.ERROR,
    Source.GUIDANCE: Severity.WARNING,
    Source.CLERICAL: Severity.WARNING,
    Source.PRACTICE: Severity.INFO,
    Source.CHECK: Severity.INFO,
    Source.LOCAL: Severity.WARNING,
}
"""The whole policy: the severity each kind of source earns (a policy pack's rule states its own)."""

CAP = Severity.WARNING
"""The highest severity of a finding decided by an unverified or secondary catalogue entry."""

CONFIRMED = "verified"
"""The one catalogue status that lets a finding reach ``error``."""


class Basis(NamedTuple):
    """What a rule rests on: the kind of source and why (shown by ``rules`` and ``explain``).

    ``chosen`` is the severity a policy pack gives its own rule; built-in rules never set it.
    """

    source: Source
    reason: str
    chosen: Severity | None = None

    @property
    def severity(self) -> Severity:
        if self.source is Source.LOCAL and self.chosen is not None:
            return self.chosen
        return POLICY[self.source]


def statute(reason: str) -> Basis:
    return Basis(Source.STATUTE, reason)


def integrity(reason: str) -> Basis:
    return Basis(Source.INTEGRITY, reason)


def guidance(reason: str) -> Basis:
    return Basis(Source.GUIDANCE, reason)


def clerical(reason: str) -> Basis:
    return Basis(Source.CLERICAL, reason)


def practice(reason: str) -> Basis:
    return Basis(Source.PRACTICE, reason)


def check(reason: str) -> Basis:
    return Basis(Source.CHECK, reason)


def local(severity: Severity, title: str) -> Basis:
    """The basis of a policy pack's rule: the partnership's own choice of severity."""
    return Basis(Source.LOCAL, f"A requirement of the partnership's own policy pack '{title}'.", severity)


def unconfirmed(refs: Iterable[str]) -> list[tuple[str, str]]:
    """The citation and status of each ``catalogue:id`` in ``refs`` that is not verified.

    An unknown reference counts as unconfirmed: a finding is never raised to ``error`` on
    the strength of an entry nobody can find.
    """
    from isa_lint import catalogues

    found = []
    for ref in refs:
        name, _, entry_id = ref.partition(":")
        entry = catalogues.entry(name, entry_id) if name in catalogues.NAMES else None
        status = entry.get("status") if entry is not None else "unknown"
        if status != CONFIRMED:
            citation = entry.get("citation") if entry is not None else ref
            found.append((str(citation), str(status)))
    return found


def unconfirmed_note(entries: list[tuple[str, str]]) -> str:
    """The sentence added to a capped finding's message."""
    listed = "; ".join(f"{citation} ({status})" for citation, status in entries)
    return (
        f" (source unconfirmed: {listed} is not yet checked against the published text, so this is "
        "at most a warning)"
    )


def capped(severity: Severity, is_unconfirmed: bool) -> Severity:
    """``severity``, lowered to :data:`CAP` when the finding rests on an unconfirmed entry."""
    return min(severity, CAP) if is_unconfirmed else severity
