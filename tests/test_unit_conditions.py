"""The condition language below the compiler: its normal form, its atoms, its plain words.

`expand` turns a condition into alternatives (each a list of atoms that must all hold); the
compiler makes one durable rule per alternative, so a wrong expansion is a wrong rule.
"""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from engine.model.conditions import (
    MAX_CONJUNCTIONS,
    Condition,
    FactCond,
    FlagCond,
    PenaltyCond,
    UnknownCond,
    atoms,
    describe,
    expand,
)

_CONDITION: TypeAdapter[Condition] = TypeAdapter(Condition)


def cond(data: dict[str, Any]) -> Condition:
    """A condition as a rule file writes it."""
    return _CONDITION.validate_python(data)


def shown(alternatives: list[list[Any]]) -> list[list[str]]:
    """Alternatives in plain words, so a failure reads like the rule file."""
    return [[describe(a) for a in conj] for conj in alternatives]


# ---------------------------------------------------------------- expand


def test_expand_leaves_a_single_atom_as_one_alternative_of_itself() -> None:
    c = cond({"fact": "reach.public", "is": True})
    assert expand(c) == [[c]]


def test_expand_splits_any_of_into_one_equality_alternative_per_value() -> None:
    out = expand(cond({"fact": "content.themes", "any_of": ["ethnicity", "religion", "clan"]}))
    assert shown(out) == [["content.themes is ethnicity"], ["content.themes is religion"], ["content.themes is clan"]]
    assert all(isinstance(a, FactCond) and a.is_ is not None and a.any_of is None for conj in out for a in conj)


def test_expand_keeps_none_of_as_one_atom() -> None:
    c = cond({"fact": "content.calls_to", "none_of": ["violence", "terrorism"]})
    assert expand(c) == [[c]]


def test_expand_any_gives_each_branch_as_its_own_alternative_in_order() -> None:
    out = expand(cond({"any": [{"derived": "publicly"}, {"fact": "reach.public", "is": True}, {"flag": "vague"}]}))
    assert shown(out) == [["publicly"], ["reach.public is true"], ["an applicable provision is vague"]]


def test_expand_all_joins_its_parts_into_one_alternative() -> None:
    out = expand(cond({"all": [{"derived": "publicly"}, {"fact": "act", "is": "post"}]}))
    assert shown(out) == [["publicly", "act is post"]]


def test_expand_all_over_disjunctions_gives_their_cross_product() -> None:
    out = expand(
        cond(
            {
                "all": [
                    {"any": [{"derived": "publicly"}, {"derived": "mass_media"}]},
                    {"fact": "content.themes", "any_of": ["ethnicity", "religion"]},
                ]
            }
        )
    )
    assert shown(out) == [
        ["publicly", "content.themes is ethnicity"],
        ["publicly", "content.themes is religion"],
        ["mass media", "content.themes is ethnicity"],
        ["mass media", "content.themes is religion"],
    ]


def test_expand_flattens_nested_any_and_all() -> None:
    out = expand(
        cond(
            {
                "any": [
                    {"all": [{"derived": "a"}, {"any": [{"derived": "b"}, {"derived": "c"}]}]},
                    {"unknown": "reach.public"},
                ]
            }
        )
    )
    assert shown(out) == [["a", "b"], ["a", "c"], ["reach.public is not given"]]


def test_expand_allows_exactly_the_conjunction_limit() -> None:
    values = [{"derived": f"d{i}"} for i in range(8)]
    out = expand(cond({"all": [{"any": values}, {"any": values}]}))  # 8 x 8 = 64
    assert len(out) == MAX_CONJUNCTIONS == 64


def test_expand_refuses_a_condition_past_the_conjunction_limit_naming_the_count() -> None:
    values = [{"derived": f"d{i}"} for i in range(5)]
    c = cond({"all": [{"any": values}, {"any": values}, {"any": values}]})  # 125 alternatives
    with pytest.raises(ValueError, match=r"expands to 125 alternatives \(limit 64\)"):
        expand(c)


def test_expand_refuses_an_any_of_longer_than_the_limit() -> None:
    c = FactCond.model_validate({"fact": "reach.audience", "any_of": list(range(MAX_CONJUNCTIONS + 1))})
    with pytest.raises(ValueError, match="limit 64"):
        expand(c)


# ---------------------------------------------------------------- atoms


def test_atoms_lists_every_atom_at_any_depth_in_written_order() -> None:
    c = cond(
        {
            "all": [
                {"fact": "content.themes", "any_of": ["ethnicity", "religion"]},
                {"any": [{"unknown": "content.calls_to"}, {"all": [{"flag": "vague"}, {"penalty": "prison"}]}]},
            ]
        }
    )
    assert atoms(c) == [
        FactCond.model_validate({"fact": "content.themes", "any_of": ["ethnicity", "religion"]}),
        UnknownCond(unknown="content.calls_to"),
        FlagCond(flag="vague"),
        PenaltyCond(penalty="prison"),
    ]


def test_atoms_of_an_atom_is_that_atom_alone() -> None:
    c = cond({"test": "ICCPR-20.intent", "result": "pass"})
    assert atoms(c) == [c]


# ---------------------------------------------------------------- describe


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"fact": "reach.public", "is": True}, "reach.public is true"),
        ({"fact": "reach.public", "is": False}, "reach.public is false"),
        ({"fact": "act", "is": "post"}, "act is post"),
        (
            {"fact": "content.themes", "any_of": ["ethnicity", "religion"]},
            "content.themes is one of ethnicity, religion",
        ),
        ({"fact": "content.calls_to", "none_of": ["violence"]}, "content.calls_to is none of violence"),
        ({"fact": "reach.audience", "at_least": 10000}, "reach.audience is at least 10,000"),
        ({"fact": "reach.audience", "at_most": 1500}, "reach.audience is at most 1,500"),
        ({"derived": "telecom_network"}, "telecom network"),
        ({"unknown": "content.imminent"}, "content.imminent is not given"),
        ({"article": "174", "code": "criminal"}, "criminal code Art. 174 applies"),
        ({"article": "174"}, "any code Art. 174 applies"),
        ({"flag": "vague"}, "an applicable provision is vague"),
        ({"penalty": "non_custodial_only"}, "an applicable part carries non_custodial_only"),
        ({"law": "no_article"}, "law stage: no article"),
        ({"test": "ICCPR-20.intent", "result": "fail"}, "ICCPR-20.intent is fail"),
    ],
)
def test_describe_says_each_atom_kind_in_plain_words(data: dict[str, Any], words: str) -> None:
    assert describe(cond(data)) == words


def test_describe_brackets_a_conjunction_inside_a_disjunction() -> None:
    c = cond({"any": [{"all": [{"derived": "a"}, {"derived": "b"}]}, {"derived": "c"}]})
    assert describe(c) == "(a and b) or c"


def test_describe_brackets_a_disjunction_inside_a_conjunction() -> None:
    c = cond({"all": [{"any": [{"derived": "a"}, {"derived": "b"}]}, {"derived": "c"}]})
    assert describe(c) == "(a or b) and c"


# ---------------------------------------------------------------- FactCond: exactly one test


@pytest.mark.parametrize(
    "data",
    [
        {"fact": "reach.public"},
        {"fact": "reach.public", "is": True, "any_of": [True]},
        {"fact": "reach.audience", "at_least": 1, "at_most": 5},
        {"fact": "content.themes", "any_of": ["clan"], "none_of": ["religion"]},
    ],
    ids=["no-test", "is-and-any_of", "at_least-and-at_most", "any_of-and-none_of"],
)
def test_fact_condition_needs_exactly_one_test(data: dict[str, Any]) -> None:
    with pytest.raises(ValidationError, match=f"condition on '{data['fact']}' needs exactly one of"):
        FactCond.model_validate(data)


def test_fact_condition_counts_a_false_value_as_a_test() -> None:
    # `is: false` is a test (not a missing one): it must not be mistaken for "no test given"
    assert FactCond.model_validate({"fact": "reach.public", "is": False}).is_ is False


def test_conditions_refuse_an_unknown_key() -> None:
    with pytest.raises(ValidationError):
        cond({"fact": "reach.public", "is": True, "because": "typo"})


def test_any_and_all_refuse_an_empty_list() -> None:
    with pytest.raises(ValidationError):
        cond({"any": []})
    with pytest.raises(ValidationError):
        cond({"all": []})
