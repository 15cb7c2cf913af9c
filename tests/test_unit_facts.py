"""A scenario as the flat facts the rules match on (engine.model.facts).

What the rules can see is exactly what `features` emits: a field left out must give no fact
(unknown never matches "false"), and `calls_to: []` must give the fact "none".
"""

from __future__ import annotations

from typing import Any

import pytest

from engine.model.facts import features, field_value, normalise
from engine.model.scenario import Scenario


def scenario(**fields: Any) -> Scenario:
    return Scenario.model_validate({"act": "post", **fields})


def facts(s: Scenario) -> dict[str, set[Any]]:
    out: dict[str, set[Any]] = {}
    for name, value in features(s):
        out.setdefault(name, set()).add(value)
    return out


# ---------------------------------------------------------------- features


def test_features_gives_an_empty_calls_to_the_fact_none() -> None:
    assert facts(scenario(content={"calls_to": []}))["content.calls_to"] == {"none"}


def test_features_gives_no_calls_to_fact_when_calls_to_is_left_out() -> None:
    got = facts(scenario(content={"themes": ["religion"]}))
    assert "content.calls_to" not in got
    assert got["content.themes"] == {"religion"}


def test_features_gives_an_empty_themes_list_no_fact() -> None:
    # only calls_to reads [] as a value ("calls for nothing"); an empty themes list says no theme
    assert "content.themes" not in facts(scenario(content={"themes": []}))


def test_features_gives_a_left_out_field_no_fact_and_a_false_one_the_fact_false() -> None:
    assert "reach.public" not in facts(scenario())
    assert facts(scenario(reach={"public": False}))["reach.public"] == {False}


def test_features_gives_one_fact_per_list_item() -> None:
    got = facts(scenario(content={"themes": ["religion", "ethnicity"], "calls_to": ["violence", "assembly"]}))
    assert got["content.themes"] == {"religion", "ethnicity"}
    assert got["content.calls_to"] == {"violence", "assembly"}


def test_features_reads_enums_as_their_plain_values() -> None:
    got = features(scenario(speaker={"role": "journalist"}, reach={"audience": 2500}))
    assert ("speaker.role", "journalist") in got
    assert ("reach.audience", 2500) in got
    assert all(type(v) in (bool, int, str) for _, v in got)


def test_features_names_claim_fields_under_content_claims() -> None:
    got = facts(scenario(content={"claims": [{"verified": "false", "harm_alleged": "public_order"}]}))
    assert got["content.claims.verified"] == {"false"}
    assert got["content.claims.harm_alleged"] == {"public_order"}


def test_features_leaves_out_free_text_and_the_date() -> None:
    s = scenario(
        id="x",
        title="A title",
        date="2020-01-01",
        content={"summary": "words", "text": "more words", "claims": [{"text": "a claim", "verified": "true"}]},
        sanction={"kind": "fine", "amount": "100 MCI", "note": "n"},
    )
    names = {name for name, _ in features(s)}
    assert names.isdisjoint(
        {
            "id",
            "title",
            "date",
            "content.summary",
            "content.text",
            "content.claims.text",
            "sanction.amount",
            "sanction.note",
        }
    )
    assert ("sanction.kind", "fine") in features(s)


def test_features_are_in_a_stable_sorted_order_without_duplicates() -> None:
    s = scenario(content={"themes": ["religion", "ethnicity", "religion"], "calls_to": ["violence"]})
    got = features(s)
    assert got == sorted(set(got), key=lambda f: (f[0], str(f[1])))
    assert got.count(("content.themes", "religion")) == 1


@pytest.mark.parametrize(
    ("calls_to", "harm", "violence"),
    [
        (["violence"], True, True),
        (["discrimination", "assembly"], True, False),
        (["assembly", "strike"], False, False),
        ([], False, False),
    ],
)
def test_features_reads_calls_to_as_a_whole_list(calls_to: list[str], harm: bool, violence: bool) -> None:
    got = facts(scenario(content={"calls_to": calls_to}))
    assert got["content.calls_to_harm"] == {harm}
    assert got["content.calls_to_violence"] == {violence}


@pytest.mark.parametrize(
    ("targets", "group", "person"),
    [
        (["religious_group"], True, False),
        (["ethnic_group", "individual"], True, True),
        (["the_authorities"], False, False),
        ([], False, False),
    ],
)
def test_features_reads_targets_as_a_whole_list(targets: list[str], group: bool, person: bool) -> None:
    got = facts(scenario(content={"targets": targets}))
    assert got["content.targets_group"] == {group}
    assert got["content.targets_person"] == {person}


def test_features_leaves_the_whole_list_readings_out_when_the_lists_are_not_given() -> None:
    names = {name for name, _ in features(scenario(content={"themes": ["religion"]}))}
    assert names.isdisjoint(
        {
            "content.calls_to_harm",
            "content.calls_to_violence",
            "content.targets_group",
            "content.targets_person",
            "content.targets_social_group",
        }
    )


def test_features_of_a_precedent_leave_out_its_outcome() -> None:
    from engine.knowledge.base import load

    case = next(c for c in load().precedents if c.outcome.charges)
    names = {name for name, _ in features(case)}
    assert not any(n.split(".")[0] in {"outcome", "subjects", "response", "sources", "disputed"} for n in names)
    assert ("act", case.act.value) in features(case)


# ---------------------------------------------------------------- field_value


def test_field_value_is_none_for_a_field_left_out() -> None:
    assert field_value(scenario(), "reach.public") is None
    assert field_value(scenario(), "assembly.role") is None  # the whole section is left out


def test_field_value_gives_a_given_value_including_false() -> None:
    assert field_value(scenario(reach={"public": False}), "reach.public") is False


def test_field_value_says_an_empty_list_rather_than_none() -> None:
    assert field_value(scenario(content={"calls_to": []}), "content.calls_to") == []


def test_field_value_treats_a_value_of_unknown_as_not_given() -> None:
    assert field_value(scenario(context={"complaint_by": "unknown"}), "context.complaint_by") is None
    assert field_value(scenario(), "platform") is None  # defaults to unknown


def test_field_value_of_a_claim_field_lists_the_known_values_of_every_claim() -> None:
    s = scenario(content={"claims": [{"verified": "false"}, {"verified": "unknown"}, {"verified": "true"}]})
    assert [v.value for v in field_value(s, "content.claims.verified")] == ["false", "true"]


def test_field_value_of_a_claim_field_is_none_when_no_claim_knows_it() -> None:
    s = scenario(content={"claims": [{"verified": "unknown"}]})
    assert field_value(s, "content.claims.verified") is None
    assert field_value(scenario(), "content.claims.verified") is None


@pytest.mark.parametrize(
    ("content", "expected"),
    [({"calls_to": ["terrorism"]}, True), ({"calls_to": ["boycott"]}, False), ({"calls_to": []}, False), ({}, None)],
)
def test_field_value_reads_a_whole_list_reading(content: dict[str, Any], expected: bool | None) -> None:
    assert field_value(scenario(content=content), "content.calls_to_harm") is expected


# ---------------------------------------------------------------- normalise


def test_normalise_passes_a_value_the_field_takes() -> None:
    assert normalise("content.themes", "religion") == "religion"
    assert normalise("reach.public", True) is True
    assert normalise("reach.audience", 1000) == 1000
    assert normalise("sanction.years", 2.5) == 2.5


def test_normalise_turns_a_yaml_boolean_into_the_enum_spelling() -> None:
    assert normalise("content.claims.verified", False) == "false"
    assert normalise("content.claims.verified", True) == "true"


def test_normalise_refuses_a_value_outside_an_enum_and_lists_the_values() -> None:
    with pytest.raises(ValueError, match=r"'gossip' is not a value of content.form; use one of .*opinion"):
        normalise("content.form", "gossip")


def test_normalise_refuses_a_boolean_for_an_enum_without_true_and_false() -> None:
    with pytest.raises(ValueError, match="'true' is not a value of act"):
        normalise("act", True)


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("reach.public", "yes", "reach.public is true or false, not 'yes'"),
        ("content.calls_to_harm", 1, "content.calls_to_harm is true or false, not '1'"),
        ("reach.audience", True, "reach.audience is a whole number, not 'True'"),
        ("reach.audience", 2.5, "reach.audience is a whole number, not '2.5'"),
        ("reach.audience", "100", "reach.audience is a whole number, not '100'"),
        ("sanction.years", False, "sanction.years is a number, not 'False'"),
        ("sanction.years", "two", "sanction.years is a number, not 'two'"),
    ],
)
def test_normalise_refuses_a_value_of_the_wrong_type(path: str, value: Any, message: str) -> None:
    with pytest.raises(ValueError) as err:
        normalise(path, value)
    assert str(err.value) == message
