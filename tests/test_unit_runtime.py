"""The runtime's reused states: a state emptied after a run answers the next run exactly as a
fresh state would, also after a run that failed part-way (issue 13 replaced a new state per
run by one long-lived state per ruleset, emptied by retracting what the run asserted)."""

from __future__ import annotations

import pytest

from engine.model.errors import EngineError
from engine.reasoning.runtime import Fact, KeyedFacts, Reasoner, RuleSpec


def f(name: str, value: str | int) -> Fact:
    return {"kind": "f", "name": name, "value": value}


def pat(name: str, value: str) -> dict[str, object]:
    return {"$and": [{"kind": "f"}, {"name": name}, {"value": value}]}


RULES = [
    RuleSpec("post", (("a", pat("act", "post")),), {"kind": "d", "name": "posted"}),
    RuleSpec(
        "post.religion",
        (("a", pat("act", "post")), ("b", pat("content.themes", "religion"))),
        {"kind": "d", "name": "religious_post"},
    ),
    RuleSpec(
        "chain",
        (("a", {"$and": [{"kind": "d"}, {"name": "religious_post"}]}),),
        {"kind": "el", "part": "p", "el": "e"},
    ),
]
BROKEN = [*RULES, RuleSpec("broken", (("a", pat("act", "poll")),), {"name": "no kind, so no rule takes it"})]

RUNS = [
    [f("act", "post"), f("content.themes", "religion")],
    [f("act", "post")],
    [f("act", "video"), f("content.themes", "religion")],
    [f("act", "post"), f("content.themes", "religion"), f("platform", "facebook")],
    [f("act", "post"), f("content.themes", "religion")],
]


def answer(reasoner: Reasoner, facts: list[Fact]) -> tuple[list[Fact], list[tuple[str, tuple[Fact, ...], Fact]]]:
    derived, firings = reasoner.run("r", facts)
    return derived, [(x.rule, x.matched, x.concluded) for x in firings]


def fresh(
    facts: list[Fact], rules: list[RuleSpec] = RULES
) -> tuple[list[Fact], list[tuple[str, tuple[Fact, ...], Fact]]]:
    return answer(Reasoner({"r": rules}, shortcuts=False), facts)


def test_one_state_reused_run_after_run_answers_as_a_fresh_state() -> None:
    reused = Reasoner({"r": RULES})
    for facts in RUNS + RUNS[::-1]:
        assert answer(reused, facts) == fresh(facts)


def test_a_run_that_fails_part_way_leaves_the_next_run_unharmed() -> None:
    reused = Reasoner({"r": BROKEN})
    assert answer(reused, RUNS[0]) == fresh(RUNS[0], BROKEN)
    with pytest.raises(EngineError, match="was not taken by any rule"):
        reused.run("r", [f("act", "poll")])
    for facts in RUNS:
        assert answer(reused, facts) == fresh(facts, BROKEN)


def test_facts_keyed_once_give_the_same_answer_as_a_plain_list() -> None:
    reasoner = Reasoner({"r": RULES})
    for facts in RUNS:
        assert reasoner.run("r", KeyedFacts(facts)) == reasoner.run("r", facts)


def test_a_chain_of_rules_fires_in_one_run_and_names_what_each_matched() -> None:
    derived, firings = fresh(RUNS[0])
    assert {d["name"] for d in derived if d["kind"] == "d"} == {"posted", "religious_post"}
    assert [rule for rule, _m, _c in firings].count("chain") == 1
