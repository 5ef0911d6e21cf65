"""The law as data: packaged YAML catalogues, loaded once per process and looked up by id.

Each catalogue file has a header (``catalogue``, ``title``, ``source``) and a list of
``entries``, every one with an ``id``, a plain ``title``, a ``citation``, a ``status``
saying how firmly the fact was checked (verified, secondary, unverified), a
``commencement`` saying from when the law counts (see :data:`COMMENCEMENT`) and the date
it was last ``checked``. Updating the law means editing these files: when a provision is
commenced, its date goes in ``commencement`` and every rule reads it against the date taken
as today (``--today``), with no change of code. :func:`validate` (run by the tests) keeps
their shape honest.

The YAML files are the source of truth. Parsing all of them would cost every command that
names a rule at start-up (docs/performance.md), so they are also compiled to one marshal file
keyed on a hash of their bytes (:mod:`isa_lint.run.compiled`): an edited catalogue is never
served stale.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from isa_lint.run.digest import blake2b

HERE = Path(__file__).parent

Entry = dict[str, Any]

_NATIONS = ["england", "wales"]
_ID = {"type": "string", "regex": r"^[a-z][a-z0-9_]*$", "required": True}
_TEXT = {"type": "string", "empty": False}
_FLAG = {"type": "boolean"}
_TERMS = {"type": "list", "schema": _TEXT}
"""Words and phrases that name a kind of data (a plural 's' is allowed), or, under
``not_terms``, longer phrases starting with one of them that do not."""

_DATE = r"\d{4}-\d{2}-\d{2}"

COMMENCEMENT = (
    rf"^(?:not yet commenced|in force(?: from (?P<start>{_DATE}))?"
    rf"(?:, (?:repealed|replaced) from (?P<end_after>{_DATE}))?|(?:repealed|replaced) from (?P<end>{_DATE}))$"
)
"""How an entry's ``commencement`` is written, one of:

- ``in force``: in force on every date the linter deals with (settled law, date not recorded);
- ``in force from 2026-06-19``: counts from that date (a future date is allowed: regulations
  often name one);
- ``not yet commenced``: enacted, but no commencement date is known;
- ``repealed from 2026-02-05`` (or ``replaced from`` for guidance): counts only before then;
- ``in force from 2018-05-25, repealed from 2026-02-05``: both.
"""

_COMMON: dict[str, Any] = {
    "id": _ID,
    "title": {**_TEXT, "required": True},
    "citation": {**_TEXT, "required": True},
    "status": {"type": "string", "allowed": ["verified", "secondary", "unverified"], "required": True},
    "commencement": {"type": "string", "regex": COMMENCEMENT, "required": True},
    "checked": {"type": "string", "regex": _DATE, "required": True},
    "notes": _TEXT,
}

EXTRA_FIELDS: dict[str, dict[str, Any]] = {
    "body_kinds": {
        "nations": {
            "type": "dict",
            "required": True,
            "keysrules": {"allowed": _NATIONS},
            "valuesrules": {"type": "list", "schema": {"type": "string"}},
        },
        "public_authority": {**_FLAG, "required": True},
        "competent_authority": {**_FLAG, "required": True},
        "safeguarding_partner": {**_FLAG, "required": True},
        "health_or_social_care": {**_FLAG, "required": True},
        "education": {**_FLAG, "required": True},
        "ods_identifier": {"type": "string"},
    },
    "safeguarding_duties": {
        "nations": {"type": "list", "allowed": _NATIONS, "required": True},
        "duty": {**_TEXT, "required": True},
    },
    "safeguarding_partners": {
        "nations": {"type": "list", "allowed": _NATIONS, "required": True},
        "kind": {**_TEXT, "required": True},
    },
    "uk_gdpr_art6": {
        "point": {**_TEXT, "required": True},
        "needs_basis_in_law": {**_FLAG, "required": True},
        "public_authority_restricted": {**_FLAG, "required": True},
        "needs_annex1": {**_FLAG, "required": True},
    },
    "uk_gdpr_annex1": {"para": {"type": "integer", "required": True}},
    "uk_gdpr_art9_categories": {"terms": _TERMS, "not_terms": _TERMS},
    "uk_gdpr_art9_conditions": {
        "point": {**_TEXT, "required": True},
        "needs_sch1": {"type": "string", "allowed": ["none", "part1", "part2"], "required": True},
        "sch1_para": {"type": "integer"},
        "health_or_social_care_only": _FLAG,
        "requires_consent": _FLAG,
    },
    "dpa2018_sch1": {
        "part": {"type": "integer", "allowed": [1, 2, 3], "required": True},
        "para": {"type": "integer", "required": True},
        "apd": {"type": "string", "allowed": ["required", "not_required"], "required": True},
        "apd_exception": _TEXT,
        "without_consent": _FLAG,
        "extends_part2": _FLAG,
    },
    "dpa2018_sch8": {"para": {"type": "integer", "required": True}, "without_consent": _FLAG},
    "dpa2018_part3": {"rule": {**_TEXT, "required": True}},
    "criminal_offence_data": {"rule": {**_TEXT, "required": True}, "terms": _TERMS, "not_terms": _TERMS},
    "statutory_gateways": {
        "kind": {
            "type": "string",
            "allowed": ["power", "duty", "exemption", "common_law"],
            "required": True,
        },
        "nations": {"type": "list", "allowed": _NATIONS, "required": True},
        "excludes_health_social_care_data": {**_FLAG, "required": True},
        "body_kinds": {"type": "list", "schema": {"type": "string"}},
        "wales_counterpart": {"type": "list", "schema": {"type": "string"}, "empty": False},
        "recipients": {
            "type": "dict",
            "schema": {
                "citation": {**_TEXT, "required": True},
                "status": {
                    "type": "string",
                    "allowed": ["verified", "secondary", "unverified"],
                    "required": True,
                },
                "checked": {"type": "string", "regex": _DATE, "required": True},
                "kinds": {"type": "list", "schema": {"type": "string"}, "required": True, "empty": False},
                "notes": _TEXT,
            },
        },
        "effect": {
            "type": "string",
            "allowed": [
                "duty_to_share",
                "power_to_share",
                "duty_to_cooperate",
                "function",
                "definition",
                "constraint",
                "justification",
                "exemption",
            ],
        },
    },
    "identifier_formats": {
        "pattern": {**_TEXT, "required": True},
        "check": {"type": "string", "allowed": ["nhs_mod11", "upn_mod23", "none"]},
        "examples": {"type": "list", "schema": {"type": "string"}, "required": True},
        "personal": {**_FLAG, "required": True},
        "values": {"type": "list", "schema": {"type": "string"}},
    },
    "practice_sources": {
        "summary": {**_TEXT, "required": True},
        "nations": {"type": "list", "allowed": _NATIONS},
        "wales_counterpart": {"type": "string"},
        "also_known_as": {"type": "list", "schema": {**_TEXT}},
    },
    "retired_body_kinds": {
        "aliases": {"type": "list", "schema": {"type": "string"}, "required": True},
        "successor": {**_TEXT, "required": True},
        "successor_kinds": {"type": "list", "schema": {"type": "string"}, "required": True},
    },
    "data_protection_provisions": {
        "amended_by": _TEXT,
        "also_known_as": {"type": "list", "schema": {**_TEXT}},
        "replaced_by": {"type": "string"},
    },
}
"""The fields each catalogue's entries carry besides the common ones."""

NAMES = tuple(EXTRA_FIELDS)


@functools.cache
def _raw(name: str) -> dict[str, Any]:
    data = _compiled().get(name)
    if not isinstance(data, dict):
        raise ValueError(f"catalogue {name} is not a mapping")
    return data


@functools.cache
def _sources() -> tuple[str, dict[str, bytes]]:
    """The digest of every catalogue file's bytes, and the bytes: read once in a process."""
    sources = {name: (HERE / f"{name}.yaml").read_bytes() for name in NAMES}
    hashed = blake2b(digest_size=16)
    for name in NAMES:
        hashed.update(name.encode() + b"\0" + sources[name] + b"\0")
    return hashed.hexdigest(), sources


def digest() -> str:
    """A hash of the catalogues this process checks with (the bytes it read, not what is on
    disk now): the compiled copy's key, and part of the results cache's
    (:func:`isa_lint.run.cache.code_fingerprint`), so a finding is keyed on the law it used."""
    return _sources()[0]


@functools.cache
def _compiled() -> dict[str, Any]:
    """Every catalogue's data: from the compiled copy when it matches the YAML, else parsed."""
    from isa_lint.run import compiled

    key, sources = _sources()
    data = compiled.read("catalogues", key)
    if isinstance(data, dict) and set(data) == set(NAMES):
        return data
    from isa_lint.load.document import load_yaml

    data = {name: load_yaml(sources[name].decode("utf-8")) for name in NAMES}
    compiled.write("catalogues", key, data)
    return data


@functools.cache
def catalogue(name: str) -> Mapping[str, Entry]:
    """Entries of one catalogue by id, in file order."""
    return {entry["id"]: entry for entry in _raw(name)["entries"]}


def header(name: str) -> dict[str, Any]:
    """A catalogue's title and sources."""
    return {key: value for key, value in _raw(name).items() if key != "entries"}


def entry(name: str, entry_id: str) -> Entry | None:
    """One entry, or None when the id is not in the catalogue."""
    return catalogue(name).get(entry_id)


class Commencement:
    """An entry's ``commencement`` read as dates: ``start`` (None: always) and ``end`` (None: never)."""

    __slots__ = ("commenced", "end", "start")

    def __init__(self, written: str) -> None:
        match = _commencement_pattern().match(written)
        if match is None:
            raise ValueError(f"commencement {written!r} is not in a form COMMENCEMENT allows")
        self.commenced = written != "not yet commenced"
        start, end = match.group("start"), match.group("end") or match.group("end_after")
        self.start = dt.date.fromisoformat(start) if start else None
        self.end = dt.date.fromisoformat(end) if end else None

    def in_force(self, today: dt.date) -> bool:
        """Whether the law counts on ``today``."""
        if not self.commenced:
            return False
        return (self.start is None or self.start <= today) and (self.end is None or today < self.end)

    def words(self, today: dt.date) -> str:
        """Where the law stands on ``today``, in words: 'not yet commenced', 'in force from ...'."""
        if not self.commenced:
            return "not yet commenced"
        if self.start is not None and today < self.start:
            return f"not in force until {self.start.isoformat()}"
        if self.end is not None and today >= self.end:
            return f"repealed or replaced from {self.end.isoformat()}"
        return f"in force from {self.start.isoformat()}" if self.start else "in force"


@functools.cache
def _commencement_pattern() -> re.Pattern[str]:
    return re.compile(COMMENCEMENT)


@functools.cache
def commencement(written: str) -> Commencement:
    """A ``commencement`` value read once per process."""
    return Commencement(written)


def in_force(entry: Entry, today: dt.date) -> bool:
    """Whether a catalogue entry's law counts on ``today`` (the date ``--today`` sets)."""
    return commencement(str(entry["commencement"])).in_force(today)


@functools.cache
def _retired_names() -> dict[str, Entry]:
    names: dict[str, Entry] = {}
    for entry_id, found in catalogue("retired_body_kinds").items():
        for name in (entry_id, *found["aliases"]):
            names[name] = found
    return names


def retired_kind(value: str) -> Entry | None:
    """The retired_body_kinds entry a party's kind names (by id or alias, any case), or None."""
    return _retired_names().get(re.sub(r"[\s-]+", "_", value.strip().lower()))


def ids(name: str) -> list[str]:
    """Every id of a catalogue, in file order (used for schema enums)."""
    return list(catalogue(name))


def validate() -> list[str]:
    """Check every catalogue's shape and cross-references; return the problems found."""
    from cerberus import Validator

    problems: list[str] = []
    header_schema = {
        "catalogue": {"type": "string", "required": True},
        "title": {**_TEXT, "required": True},
        "source": {**_TEXT, "required": True},
        "entries": {"type": "list", "required": True, "empty": False},
    }
    for name in NAMES:
        data = _raw(name)
        checker = Validator(header_schema)
        if not checker.validate(data):
            problems.append(f"{name}: {checker.errors}")
            continue
        if data["catalogue"] != name:
            problems.append(f"{name}: header says catalogue {data['catalogue']!r}")
        entry_checker = Validator({**_COMMON, **EXTRA_FIELDS[name]})
        seen: set[str] = set()
        for item in data["entries"]:
            if not entry_checker.validate(item):
                problems.append(f"{name}/{item.get('id', '?')}: {entry_checker.errors}")
            else:
                problems += _dates(name, item)
            if item.get("id") in seen:
                problems.append(f"{name}: duplicate id {item.get('id')}")
            seen.add(item.get("id"))
    problems.extend(_cross_references())
    return problems


def _dates(name: str, item: Entry) -> list[str]:
    """Dates that match the pattern must also be real dates, in order."""
    where = f"{name}/{item['id']}"
    try:
        dt.date.fromisoformat(item["checked"])
        found = Commencement(item["commencement"])
    except ValueError as error:
        return [f"{where}: {error}"]
    if found.start and found.end and found.end <= found.start:
        return [f"{where}: commencement ends before it starts"]
    return []


def _cross_references() -> list[str]:
    """Ids one catalogue uses from another must exist there."""
    problems = []
    duties = catalogue("safeguarding_duties")
    kinds = catalogue("body_kinds")
    formats = catalogue("identifier_formats")
    for kind_id, kind in kinds.items():
        for nation, duty_ids in kind["nations"].items():
            problems += [f"body_kinds/{kind_id}: unknown duty {d}" for d in duty_ids if d not in duties]
            problems += [
                f"body_kinds/{kind_id}: {d} does not apply in {nation}"
                for d in duty_ids
                if d in duties and nation not in duties[d]["nations"]
            ]
        ods = kind.get("ods_identifier")
        if ods and ods not in formats:
            problems.append(f"body_kinds/{kind_id}: unknown identifier format {ods}")
    for partner_id, partner in catalogue("safeguarding_partners").items():
        if partner["kind"] not in kinds:
            problems.append(f"safeguarding_partners/{partner_id}: unknown kind {partner['kind']}")
    gateways = catalogue("statutory_gateways")
    for gateway_id, gateway in gateways.items():
        problems += [
            f"statutory_gateways/{gateway_id}: unknown kind {k}"
            for k in [*gateway.get("body_kinds", []), *gateway.get("recipients", {}).get("kinds", [])]
            if k not in kinds
        ]
        problems += [
            f"statutory_gateways/{gateway_id}: wales_counterpart {g} is not a Welsh gateway"
            for g in gateway.get("wales_counterpart", [])
            if g not in gateways or "wales" not in gateways[g]["nations"]
        ]
    sources = catalogue("practice_sources")
    for source_id, source in sources.items():
        counterpart = sources.get(source.get("wales_counterpart", ""))
        if "wales_counterpart" in source and (
            counterpart is None or "wales" not in counterpart.get("nations", [])
        ):
            problems.append(f"practice_sources/{source_id}: wales_counterpart is not a Welsh source")
    provisions = catalogue("data_protection_provisions")
    problems += [
        f"data_protection_provisions/{pid}: unknown replaced_by {p['replaced_by']}"
        for pid, p in provisions.items()
        if "replaced_by" in p and p["replaced_by"] not in provisions
    ]
    for retired_id, retired in catalogue("retired_body_kinds").items():
        problems += [
            f"retired_body_kinds/{retired_id}: unknown successor kind {k}"
            for k in retired["successor_kinds"]
            if k not in kinds
        ]
        if retired_id in kinds or set(retired["aliases"]) & set(kinds):
            problems.append(f"retired_body_kinds/{retired_id}: also a current kind of body")
    sch1_paras = {item["para"] for item in catalogue("dpa2018_sch1").values()}
    for condition_id, condition in catalogue("uk_gdpr_art9_conditions").items():
        para = condition.get("sch1_para")
        if para is not None and para not in sch1_paras:
            problems.append(f"uk_gdpr_art9_conditions/{condition_id}: no Sch 1 para {para}")
    return problems
