"""ISA252's index picks the same earlier party as comparing with every earlier party would.

The reference below is the plain scan the index replaced: for each party, the first earlier
party (same name first, then same ICO number) that ``_same_organisation`` accepts and that
has another value (the rule's definition of the same organisation, kept here as the
reference the index must agree with). Random registers with repeated names, shared ICO numbers, parties of one
file, local and national kinds and missing values must give the same choice every time.
"""

from __future__ import annotations

import random
from typing import Any

from isa_lint.rules.across_files import _DESCRIBED, LOCAL_KINDS, _Party, _PartyIndex


def _same_organisation(party: _Party, other: _Party, key: str) -> bool:
    """Whether ``other`` is the same organisation as ``party`` for comparing ``key`` (ISA252)."""
    if other.path == party.path:
        return False  # two parties in one file are ISA608's to judge
    same_name = bool(party.name_key) and party.name_key == other.name_key
    if key != "nation":
        return same_name
    same_ico = bool(party.ico) and party.ico == other.ico
    return (same_name or same_ico) and {party.values.get("kind"), other.values.get("kind")} <= LOCAL_KINDS


def reference(parties: list[_Party]) -> list[tuple[int, str, int | None]]:
    chosen = []
    by_name: dict[str, list[_Party]] = {}
    by_ico: dict[str, list[_Party]] = {}
    for number, party in enumerate(parties):
        earlier = [*by_name.get(party.name_key, ()), *by_ico.get(party.ico, ())]
        for key, _ in _DESCRIBED:
            mine = party.values.get(key)
            other = next(
                (
                    o
                    for o in earlier
                    if mine
                    and o.values.get(key)
                    and o.values[key] != mine
                    and _same_organisation(party, o, key)
                ),
                None,
            )
            chosen.append((number, key, parties.index(other) if other is not None else None))
        if party.name_key:
            by_name.setdefault(party.name_key, []).append(party)
        if party.ico:
            by_ico.setdefault(party.ico, []).append(party)
    return chosen


def indexed(parties: list[_Party]) -> list[tuple[int, str, int | None]]:
    """What the index picks when, as the Checker does, a file's parties join it once the file is checked."""
    chosen = []
    index = _PartyIndex()
    waiting: list[_Party] = []
    for number, party in enumerate(parties):
        if waiting and waiting[-1].path != party.path:
            for done in waiting:
                index.add(done)
            waiting = []
        for key, _ in _DESCRIBED:
            mine = party.values.get(key)
            other = index.first_different(party, key, mine) if mine else None
            chosen.append((number, key, parties.index(other) if other is not None else None))
        waiting.append(party)
    return chosen


def test_the_index_keeps_two_parties_per_organisation_and_field() -> None:
    """One body named in 500 files with 500 ICO numbers: the index stays small, so lookups stay cheap."""
    index = _PartyIndex()
    for number in range(500):
        values = {"ico_registration": f"Z{number:07d}", "kind": "local_authority", "nation": "england"}
        party = _Party.make(f"f{number}.yaml", "/parties/0", "council", "Northshire Council", values)
        found = index.first_different(party, "ico_registration", values["ico_registration"])
        assert (found.path if found else None) == (None if number == 0 else "f0.yaml")
        index.add(party)
    assert max(len(kept) for kept in [*index.by_name.values(), *index.by_ico.values()]) <= 2


def random_register(rng: random.Random) -> list[_Party]:
    files = [f"f{n}.yaml" for n in range(rng.randint(1, 6))]
    kinds: list[Any] = [*sorted(LOCAL_KINDS)[:2], "charity_vcse", "integrated_care_board", None]
    parties = []
    for file in files:
        for number in range(rng.randint(0, 4)):
            values = {
                "ico_registration": rng.choice(["Z1", "Z2", "Z3", None]),
                "kind": rng.choice(kinds),
                "nation": rng.choice(["england", "wales", None]),
            }
            name = rng.choice(["Northshire Council", "northshire  council", "Police", "", "Trust"])
            parties.append(
                _Party.make(
                    file, f"/parties/{number}", f"p{number}", name, {k: v for k, v in values.items() if v}
                )
            )
    return parties


def test_index_agrees_with_a_full_scan() -> None:
    rng = random.Random(252)
    differing = 0
    for _ in range(3000):
        parties = random_register(rng)
        expected = reference(parties)
        assert indexed(parties) == expected
        differing += sum(1 for *_, other in expected if other is not None)
    assert differing > 1000  # the registers do disagree, often
