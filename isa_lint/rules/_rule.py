"""What a rule is, and the context its check reads an agreement through.

A rule is metadata (code, name, the basis its severity follows from, what it checks, why, the law, how to fix) plus a
``check`` generator that yields :class:`Hit` objects and nothing else: no printing, no
configuration, no suppressions. Checks read the agreement through :class:`Context`, whose
accessors skip values of the wrong type, so a rule never crashes on a broken file (the
schema check reports the wrong type once).
"""

import bisect
import datetime as dt
import functools
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, NamedTuple

from isa_lint import catalogues
from isa_lint.check.findings import Severity
from isa_lint.check.settings import Settings as Settings
from isa_lint.check.severity import Basis
from isa_lint.load.document import Document, escape_pointer_part
from isa_lint.load.schema import ALL_PARTIES

Item = tuple[str, dict[str, Any]]
"""A JSON Pointer and the mapping found there."""


class Hit(NamedTuple):
    """One problem a check found: where (a JSON Pointer) and what, in plain words."""

    pointer: str
    message: str
    fix: str | None = None
    at_key: bool = True
    sources: tuple[str, ...] = ()
    """The catalogue entries (``catalogue:id``) that decided this hit, if any.

    The engine lowers the finding to a warning when any of them is not ``verified``
    (:mod:`isa_lint.check.severity`)."""
    citation: str | None = None
    """The law for this finding when it differs from the rule's (a Welsh agreement's guidance)."""


Check = Callable[["Context"], Iterable[Hit]]
AcrossCheck = Callable[..., Iterable[Hit]]
"""A check across files: ``check(agreement, checker)`` (see :mod:`isa_lint.rules.across_files`)."""


class Rule(NamedTuple):
    """A rule's documentation and its check. Codes are permanent: never renumber or reuse."""

    code: str
    name: str
    family: str
    basis: Basis
    summary: str
    rationale: str
    citation: str
    fix: str
    check: Check | None = None
    check_across: AcrossCheck | None = None
    """Set instead of ``check`` for a rule that reads the files of a run together."""

    @property
    def severity(self) -> Severity:
        """The severity the policy gives the rule's basis (:data:`isa_lint.check.severity.POLICY`)."""
        return self.basis.severity

    def run(self, context: "Context") -> Iterator[Hit]:
        if self.check is None:
            return
        local = nation_citation(self.citation, context.memo("context.nations", context.nations_now))
        if local is None:
            yield from self.check(context)
            return
        for hit in self.check(context):
            yield hit._replace(citation=local) if hit.citation is None else hit


def rule(
    code: str,
    name: str,
    basis: Basis,
    *,
    summary: str,
    rationale: str,
    citation: str,
    fix: str,
    across: bool = False,
) -> Callable[[AcrossCheck], Rule]:
    """Declare a rule: decorate its check function with the rule's documentation.

    ``across``: the check reads the files of a run together (``check(agreement, checker)``),
    so the engine never runs it on one file alone.
    """

    def wrap(check: AcrossCheck) -> Rule:
        family = check.__module__.rsplit(".", 1)[-1]
        if across:
            return Rule(code, name, family, basis, summary, rationale, citation, fix, None, check)
        return Rule(code, name, family, basis, summary, rationale, citation, fix, check)

    return wrap


_CITED: dict[str, tuple[str, ...]] = {}
"""Each citation :func:`cite` built, with the references it was built from."""


def cite(*refs: str) -> str:
    """Citations from catalogue entries, written ``catalogue:id``; other text is kept as is.

    Rules cite the law through the catalogues so that a citation is corrected in one place.
    """
    parts = []
    for ref in refs:
        name, _, entry_id = ref.partition(":")
        found = catalogues.entry(name, entry_id) if entry_id and name in catalogues.NAMES else None
        if entry_id and name in catalogues.NAMES and found is None:
            raise KeyError(f"unknown catalogue reference {ref!r}")
        parts.append(f"{found['citation']} ({found['title']})" if found else ref)
    joined = "; ".join(parts)
    _CITED.setdefault(joined, refs)
    return joined


def cited_refs(citation: str) -> tuple[str, ...]:
    """The ``catalogue:id`` references (and plain texts) a rule's citation was built from."""
    return _CITED.get(citation, ())


@functools.cache
def nation_citation(citation: str, nations: frozenset[str]) -> str | None:
    """A citation fit for an agreement's nations, or None when the rule's own one is.

    Some guidance applies in England only (Working Together to Safeguard Children, Keeping
    Children Safe in Education, the information sharing advice): its practice_sources entry
    says so and names the Welsh counterpart. A Wales-only agreement is pointed at the
    counterpart instead; an agreement in both nations gets both.
    """
    if "wales" not in nations:
        return None
    refs: list[str] = []
    changed = False
    for ref in cited_refs(citation):
        name, _, entry_id = ref.partition(":")
        found = catalogues.entry(name, entry_id) if name == "practice_sources" else None
        counterpart = (
            found.get("wales_counterpart") if found and found.get("nations") == ["england"] else None
        )
        if counterpart is None:
            refs.append(ref)
            continue
        changed = True
        welsh = f"practice_sources:{counterpart}"
        if "england" in nations:
            refs.append(ref)
        if welsh not in refs:
            refs.append(welsh)
    return cite(*refs) if changed else None


def strings(mapping: Mapping[str, Any], key: str) -> list[str]:
    """The strings in a list-valued field, ignoring anything of another type."""
    value = mapping.get(key)
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def text(mapping: Mapping[str, Any], key: str) -> str | None:
    """A string field, or None when it is missing or not a string."""
    value = mapping.get(key)
    return value if isinstance(value, str) else None


def is_processor(ctx: "Context", party_id: str) -> bool:
    """Whether a party is a processor: it acts for a controller under an Art 28 contract and
    takes no sharing decision (UK GDPR Art 29), so controller checks skip it (ISA603 checks it)."""
    found = ctx.parties.get(party_id)
    return found is not None and found[1].get("role") == "processor"


def parse_date(value: Any) -> dt.date | None:
    """A YYYY-MM-DD string as a date, or None (the schema reports bad dates)."""
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def names_after(before: str, names: Iterable[str]) -> str:
    """The pattern ``(?:BEFORE)(?:NAME|NAME|...)``, written so the engine finds it quickly.

    With an assertion first (a look-behind, ``\\b``), the regular expression engine tries the
    whole pattern at every position of a text. Here each run of names with the same first
    character is written as their common beginning, then ``before`` checked where that began
    (inside a look-behind), then the rest of each name: the engine then jumps from one
    place the beginnings occur to the next. The names keep their order, so at any one
    position the same name wins as in the plain alternation.
    """
    parts = []
    for _, run in itertools.groupby(names, key=lambda name: name[:1]):
        group = list(run)
        common = group[0]
        for name in group[1:]:
            while not name.startswith(common):
                common = common[:-1]
        rests = "|".join(re.escape(name[len(common) :]) for name in group)
        parts.append(f"{re.escape(common)}(?<={before}{re.escape(common)})(?:{rests})")
    return f"(?:{'|'.join(parts)})"


class Texts:
    """Text values with their pointers, joined by NUL so that one search covers them all.

    NUL is neither a letter, a digit nor a space, and stands where each value ends: a
    pattern without anchors that cannot match NUL finds something in :attr:`joined` exactly
    where it would find it in one of the values. Checks that look for something rare search
    once per agreement instead of once per value. A value may itself hold a NUL (a YAML
    ``"\\0"`` escape), so a match is traced to its value by offset, never by counting NULs.
    """

    def __init__(self, items: list[tuple[str, str]]) -> None:
        self.items = items
        self.joined = "\0".join([value for _, value in items])
        self.starts = list(itertools.accumulate((len(value) + 1 for _, value in items[:-1]), initial=0))
        """Where each value begins in :attr:`joined` (and in :attr:`folded`: ASCII keeps lengths)."""

    @functools.cached_property
    def folded(self) -> str | None:
        """:attr:`joined` in lower case when it is ASCII, else None.

        In ASCII text a lower-case pattern finds what the same pattern with IGNORECASE does,
        several times faster; Unicode case rules (and lengths) differ beyond ASCII.
        """
        return self.joined.lower() if self.joined.isascii() else None

    def matching(
        self, pattern: re.Pattern[str], lower: re.Pattern[str] | None = None
    ) -> list[tuple[str, str]]:
        """The values in which ``pattern`` finds something, in document order.

        ``lower``, the same pattern in lower case without IGNORECASE, is searched in
        :attr:`folded` instead where the text is ASCII.
        """
        if lower is not None and self.folded is not None:
            found = lower.finditer(self.folded)
        else:
            found = pattern.finditer(self.joined)
        result = []
        last = -1
        for match in found:
            index = bisect.bisect_right(self.starts, match.start()) - 1
            if index != last:
                result.append(self.items[index])
                last = index
        return result


def _walk_strings(
    pointer: str, value: dict[str, Any] | list[Any], add: Callable[[tuple[str, str]], None]
) -> None:
    """Hand ``add`` every text value under ``value`` with its pointer, in document order.

    Two plain loops and recursion (bounded by the loader's MAX_DEPTH): the fastest walk in
    CPython, and every check that reads text values waits for it. A module function, not a
    closure that calls itself: such a closure is a reference cycle, which would keep the
    file's whole context alive until the garbage collector finds it.
    """
    if isinstance(value, dict):
        for key, item in value.items():
            where = (
                f"{pointer}/{key}"
                if "~" not in key and "/" not in key
                else f"{pointer}/{escape_pointer_part(key)}"
            )
            if isinstance(item, str):
                add((where, item))
            elif isinstance(item, (dict, list)):
                _walk_strings(where, item, add)
    else:
        for index, item in enumerate(value):
            where = f"{pointer}/{index}"
            if isinstance(item, str):
                add((where, item))
            elif isinstance(item, (dict, list)):
                _walk_strings(where, item, add)


class Context:
    """Typed, crash-proof views of one agreement for the checks, built once per file."""

    def __init__(self, document: Document, settings: Settings) -> None:
        self.document = document
        self.settings = settings
        self.data: dict[str, Any] = document.data if isinstance(document.data, dict) else {}
        self._memo: dict[str, Any] = {}

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        """``compute()``, worked out once per agreement and shared by every rule that asks.

        For views several rules read (``key`` names the view; use the module's name in it);
        the shared value must not be changed by the caller.
        """
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def section(self, name: str) -> dict[str, Any]:
        value = self.data.get(name)
        return value if isinstance(value, dict) else {}

    def items(self, pointer: str, value: Any) -> list[Item]:
        """The mappings in a list, each with its pointer."""
        if not isinstance(value, list):
            return []
        return [(f"{pointer}/{index}", item) for index, item in enumerate(value) if isinstance(item, dict)]

    def entries(self, name: str) -> list[Item]:
        """The mappings in a top-level list section such as ``parties``."""
        return self.items(f"/{name}", self.data.get(name))

    def _by_id(self, name: str) -> dict[str, Item]:
        found: dict[str, Item] = {}
        for pointer, item in self.entries(name):
            key = item.get("id")
            if isinstance(key, str) and key not in found:
                found[key] = (pointer, item)
        return found

    @functools.cached_property
    def parties(self) -> dict[str, Item]:
        return self._by_id("parties")

    @functools.cached_property
    def purposes(self) -> dict[str, Item]:
        return self._by_id("purposes")

    @functools.cached_property
    def data_categories(self) -> dict[str, Item]:
        return self._by_id("data")

    def expand(self, refs: Iterable[str]) -> set[str]:
        """Party references with ``all`` replaced by every declared party."""
        result: set[str] = set()
        for ref in refs:
            result |= set(self.parties) if ref == ALL_PARTIES else {ref}
        return result

    def kind(self, party: Mapping[str, Any]) -> catalogues.Entry | None:
        """The body_kinds entry of a party, or None when unknown."""
        kind = party.get("kind")
        return catalogues.entry("body_kinds", kind) if isinstance(kind, str) else None

    def nations(self) -> set[str]:
        """The nations the agreement operates in: its scope, its parties', or the configured one."""
        return set(self.memo("context.nations", self.nations_now))

    def nations_now(self) -> frozenset[str]:
        """:meth:`nations` worked out afresh (callers use the memo, as :meth:`nations` does)."""
        declared = set(strings(self.section("scope"), "nations"))
        if declared:
            return frozenset(declared)
        found = {n for _, p in self.parties.values() if isinstance(n := p.get("nation"), str)}
        default = self.settings.default_nation
        return frozenset(found or ({default} if default else set()))

    def bases_for(
        self, purpose: Mapping[str, Any], pointer: str
    ) -> list[tuple[str, dict[str, Any], set[str]]]:
        """A purpose's lawful-basis entries with their pointers and the parties each covers."""
        return [
            (where, basis, self.expand(strings(basis, "parties")))
            for where, basis in self.items(f"{pointer}/lawful_bases", purpose.get("lawful_bases"))
        ]

    def participants(self, purpose_id: str) -> dict[str, set[str]]:
        """Party id -> data category ids it provides or receives for one purpose."""
        shared = self.memo(f"participants:{purpose_id}", lambda: self._participants(purpose_id))
        return {party: set(data_ids) for party, data_ids in shared.items()}

    def _participants(self, purpose_id: str) -> dict[str, set[str]]:
        result: dict[str, set[str]] = {}
        for data_id, (_, category) in self.data_categories.items():
            if purpose_id not in strings(category, "purposes"):
                continue
            for side in ("providers", "recipients"):
                for party in self.expand(strings(category, side)):
                    result.setdefault(party, set()).add(data_id)
        return result

    @functools.cached_property
    def all_strings(self) -> list[tuple[str, str]]:
        """Every text value in the agreement with its pointer, in document order."""
        found: list[tuple[str, str]] = []
        _walk_strings("", self.data, found.append)
        return found

    @functools.cached_property
    def texts(self) -> Texts:
        """:attr:`all_strings`, joined for searching all of them at once."""
        return Texts(self.all_strings)

    def hit(
        self,
        pointer: str,
        message: str,
        fix: str | None = None,
        at_key: bool = True,
        sources: tuple[str, ...] = (),
        citation: str | None = None,
    ) -> Hit:
        return Hit(pointer, message, fix, at_key, sources, citation)

    @staticmethod
    def child(pointer: str, key: str | int) -> str:
        return f"{pointer}/{escape_pointer_part(key)}"
