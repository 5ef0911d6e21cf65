"""Format errors name the place as a person would, and a wrong value comes with what to write instead."""

from __future__ import annotations

from isa_lint.examples import base_text
from isa_lint.load import structure
from isa_lint.load.document import load_text


def _messages(text: str) -> list[str]:
    return [hit.message for _, hit in structure.check(load_text(text, "example-referrals.yaml"))]


def _base_without(line: str, replacement: str = "") -> str:
    text = base_text()
    assert line in text, line
    return text.replace(line, replacement, 1)


def test_a_missing_key_names_the_purpose_by_its_id() -> None:
    text = base_text()
    start = text.index("    lawful_bases:")
    end = (
        text.index("\n    consent:", start)
        if "\n    consent:" in text[start:]
        else text.index("\ndata:", start)
    )
    messages = _messages(text[:start] + text[end + 1 :])
    assert any(m.startswith("'lawful_bases' is missing from purpose 'child-protection'") for m in messages), (
        messages
    )
    assert not any("from '0'" in m for m in messages)


def test_a_wrong_value_names_the_party_and_suggests_the_nearest() -> None:
    messages = _messages(
        _base_without("    kind: chief_officer_of_police", "    kind: chief_officer_of_polise")
    )
    assert any(
        m.startswith("party 'police', 'kind' is 'chief_officer_of_polise'")
        and "did you mean 'chief_officer_of_police'" in m
        for m in messages
    ), messages


def test_a_wrong_value_far_from_any_still_gets_the_nearest_values() -> None:
    messages = _messages(_base_without("    kind: chief_officer_of_police", "    kind: zz"))
    assert any("not in the catalogue; the nearest values are '" in m for m in messages), messages


def test_a_wrong_value_among_few_lists_them_and_suggests_one() -> None:
    messages = _messages(_base_without("    role: controller\n", "    role: controler\n"))
    assert any(
        m.startswith("party 'council', 'role' is 'controler'; did you mean 'controller'?")
        and "Use one of: controller, joint_controller, processor" in m
        for m in messages
    ), messages


def test_an_entry_without_an_id_is_named_by_its_position() -> None:
    assert structure.where({"purposes": [{"id": 3}, {}]}, ["purposes", 1]) == "purpose 2"
    assert structure.where({"review": {"owner": {}}}, ["review", "owner"]) == "'review.owner'"
    assert (
        structure.where({"scope": {"nations": ["x"]}}, ["scope", "nations", 0]) == "'scope.nations' entry 1"
    )
    data = {"purposes": [{"id": "triage", "lawful_bases": [{}, {}]}]}
    assert structure.where(data, ["purposes", 0, "lawful_bases", 1]) == "purpose 'triage', lawful basis 2"
    assert structure.where(data, []) == "the agreement"
