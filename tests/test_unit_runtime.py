"""The runtime's reuse across runs changes no answer: a run sees only its own facts.

engine/reasoning/runtime.py files every run under the same state ("0"), keeps the JSON of facts
and conclusions and the parse of action messages from one run to the next, and deletes the state
after each run (issue 13: no new sid, state read or fact listing per run). These tests hold it to
what a brand-new Reasoner answers: run after run on one Reasoner, after a run stopped part-way (an
action in flight), after the engine's own error, and over the shipped rules in two orders. They
also pin why the state is deleted rather than emptied by retraction (durable_rules 2.0.28
corrupts memory on that path).
"""

from __future__ import annotations

import datetime as dt
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import engine.reasoning.runtime as runtime
from bench.generate import scenario
from engine.model.errors import EngineError
from engine.reasoning.evaluate import Engine, compile_kb, evaluate
from engine.reasoning.fact_filter import fact_key
from engine.reasoning.runtime import Fact, Firing, KeyedFacts, Reasoner, RuleSpec
from kzlex_cli.common import scenario_from_data

REPO = Path(__file__).resolve().parent.parent


def _p(**tests: Any) -> dict[str, Any]:
    return {"$and": [{k: v} for k, v in tests.items()]}


RULES = [
    RuleSpec("a", (("m", _p(kind="f", name="x", value=1)),), {"kind": "el", "el": "a"}),
    RuleSpec("b", (("m", _p(kind="f", name="y")),), {"kind": "el", "el": "b"}),
    RuleSpec("b2", (("m", _p(kind="f", name="w")),), {"kind": "el", "el": "b"}),  # a second route to `b`
    RuleSpec(
        "ab",
        (("e0", _p(kind="el", el="a")), ("e1", _p(kind="el", el="b"))),
        {"kind": "part", "part": "p"},
    ),
    RuleSpec(
        "late",
        (
            ("p", _p(kind="part", part="p")),
            ("d", {"$and": [{"kind": "f"}, {"name": "date"}, {"$gte": {"value": 100}}]}),
        ),
        {"kind": "exempt", "part": "p"},
    ),
    RuleSpec("given", (("g", _p(kind="d", name="g")),), {"kind": "el", "el": "g"}),
]

_F = {
    "x": {"kind": "f", "name": "x", "value": 1},
    "x2": {"kind": "f", "name": "x", "value": 2},
    "y": {"kind": "f", "name": "y", "value": True},
    "w": {"kind": "f", "name": "w", "value": "on"},
    "old": {"kind": "f", "name": "date", "value": 50},
    "new": {"kind": "f", "name": "date", "value": 150},
    "newer": {"kind": "f", "name": "date", "value": 151},
    "g": {"kind": "d", "name": "g", "by": "def.g"},
    "noise": {"kind": "f", "name": "unused", "value": "z"},
}
CASES = [
    ["x", "y", "new"],
    ["x", "y", "w", "new"],
    ["x", "y", "old"],
    ["y", "x", "newer", "noise"],
    ["x2", "y", "new"],
    ["g", "x", "w"],
    ["noise"],
    ["x", "y", "new"],
    ["w", "g", "y", "x", "old"],
]


def _facts(names: list[str]) -> list[Fact]:
    return [dict(_F[n]) for n in names]


def _answer(reasoner: Reasoner, names: list[str]) -> tuple[list[str], list[Firing]]:
    derived, firings = reasoner.run("t", _facts(names))
    return sorted(map(repr, derived)), firings


def _fresh(names: list[str], *, shortcuts: bool = True) -> tuple[list[str], list[Firing]]:
    return _answer(Reasoner({"t": RULES}, shortcuts=shortcuts), names)


class _Calls:
    """Stands in for the C engine's module: records every call, and raises on the chosen one."""

    def __init__(self, real: Any, fail: str | None = None, on: int = 0) -> None:
        self.real, self.fail, self.on = real, fail, on
        self.names: list[str] = []

    def __getattr__(self, name: str) -> Callable[..., Any]:
        function = getattr(self.real, name)

        def call(*args: Any) -> Any:
            self.names.append(name)
            if name == self.fail and self.names.count(name) == self.on:
                raise KeyboardInterrupt  # what a user's Ctrl-C does mid-run: not an Exception
            return function(*args)

        return call


def _no_state(reasoner: Reasoner) -> bool:
    """Whether the ruleset's state is gone (the engine answers an unknown sid with an error)."""
    try:
        runtime._c.get_facts(reasoner._rulesets["t"].handle, "0")
    except Exception:
        return True
    return False


@pytest.mark.parametrize("shortcuts", [True, False])
def test_run_after_run_answers_as_a_fresh_reasoner(shortcuts: bool) -> None:
    shared = Reasoner({"t": RULES}, shortcuts=shortcuts)
    for _ in range(2):  # the second round comes from the memo when shortcuts are on
        for names in CASES:
            assert _answer(shared, names) == _fresh(names, shortcuts=shortcuts), names
            assert _no_state(shared)


def test_the_answers_are_the_expected_ones() -> None:
    """Not only equal to a fresh run: right (a join, two routes to one fact, a compared date)."""
    derived, firings = _fresh(["x", "y", "w", "new"])
    assert [f.rule for f in firings] == ["a", "b", "b2", "ab", "ab", "late"]  # `ab` once per route to `b`
    assert derived == sorted(
        map(
            repr,
            [
                {"kind": "el", "el": "a", "by": "a"},
                {"kind": "el", "el": "b", "by": "b"},
                {"kind": "el", "el": "b", "by": "b2"},
                {"kind": "part", "part": "p", "by": "ab"},
                {"kind": "exempt", "part": "p", "by": "late"},
            ],
        )
    )
    late = next(f for f in firings if f.rule == "late")
    assert late.matched[1] == _F["new"]
    # `newer` passes the same comparison: one answer stands for both, with its own fact put back
    shared = Reasoner({"t": RULES})
    shared.run("t", _facts(["x", "y", "new"]))
    _, again = shared.run("t", _facts(["x", "y", "newer"]))
    assert next(f for f in again if f.rule == "late").matched[1] == _F["newer"]
    assert _fresh(["noise"]) == ([], ())


@pytest.mark.parametrize(
    ("fail", "on"),
    [
        ("complete_and_start_action", 2),  # an action in flight, others queued
        ("assert_fact", 1),  # inside the first rule action, its conclusion not yet asserted
        ("assert_facts", 1),  # before any state exists
        ("start_action_for_state", 1),
    ],
)
def test_a_run_stopped_part_way_leaves_nothing_behind(monkeypatch: pytest.MonkeyPatch, fail: str, on: int) -> None:
    shared = Reasoner({"t": RULES})
    assert _answer(shared, ["x", "y", "w", "new"]) == _fresh(["x", "y", "w", "new"])
    real = runtime._c
    monkeypatch.setattr(runtime, "_c", _Calls(real, fail, on))
    with pytest.raises(KeyboardInterrupt):
        shared.run("t", _facts(["x", "y", "old"]))
    monkeypatch.setattr(runtime, "_c", real)
    assert _no_state(shared)
    for names in CASES:  # the failed facts included: nothing was remembered for them
        assert _answer(shared, names) == _fresh(names), names


def test_an_engine_error_is_raised_and_leaves_nothing_behind() -> None:
    """A conclusion no pattern takes (here: one without `kind`, which the sink needs) is the
    engine's error: it is raised, and the next run starts from nothing."""
    broken = [*RULES, RuleSpec("stray", (("m", _p(kind="f", name="y")),), {"el": "no kind"})]
    shared = Reasoner({"t": broken})
    with pytest.raises(EngineError, match="stray"):
        shared.run("t", _facts(["x", "y"]))
    assert _no_state(shared)
    _, firings = shared.run("t", _facts(["x", "w"]))
    assert [f.rule for f in firings] == ["a", "b2", "ab"]


def test_a_duplicate_fact_answers_as_it_always_did() -> None:
    """The engine reports a duplicate in one assert as 'observed' and kzlex has always answered
    that with no firing; the queued actions go with the state, so the next run is unaffected."""
    shared = Reasoner({"t": RULES}, shortcuts=False)
    derived, firings = shared.run("t", _facts(["x", "x", "g"]))
    assert firings == () and derived == (_F["g"],)
    assert _no_state(shared)
    assert _answer(shared, ["x", "y", "new"]) == _fresh(["x", "y", "new"])


def test_the_state_is_deleted_never_retracted(monkeypatch: pytest.MonkeyPatch) -> None:
    """durable_rules 2.0.28: retracting a fact that took part in a completed action of a rule
    joining two or more facts walks past the freed action frame (`deleteMessageFromFrame`),
    reading and writing memory it does not own (valgrind; here it once hung a later run on a
    corrupted dict). Every run must end with `delete_state`, and no retraction."""
    calls = _Calls(runtime._c)
    monkeypatch.setattr(runtime, "_c", calls)
    shared = Reasoner({"t": RULES})
    for names in CASES:
        before = len(calls.names)
        shared.run("t", _facts(names))
        made = calls.names[before:]
        assert not any(n.startswith("retract") for n in made)
        assert not made or made[-1] == "delete_state"


def test_shipped_rules_in_two_orders_give_the_same_answers(engine: Engine) -> None:
    """Every call evaluation makes for 40 generated scenarios, replayed on two new Reasoners in
    opposite orders: each answer is the same whichever runs came before it."""
    calls: list[tuple[str, list[Fact]]] = []
    recorded = engine.reasoner

    class Recording:
        def run(self, ruleset: str, facts: Any) -> Any:
            plain = [dict(f) for f in (facts if isinstance(facts, list) else [p[0] for p in facts.pairs])]
            calls.append((ruleset, plain))
            return recorded.run(ruleset, facts)

        def __getattr__(self, name: str) -> Any:
            return getattr(recorded, name)

    spy = Engine(kb=engine.kb, reasoner=Recording(), rules=engine.rules, asks_unknown=engine.asks_unknown)  # type: ignore[arg-type]
    rng = random.Random(13)
    for n in range(40):
        evaluate(spy, scenario_from_data(scenario(rng, n), f"<generated {n}>"), today=dt.date(2026, 11, 23))
    assert len(calls) > 400
    specs, _index, _asks = compile_kb(engine.kb)
    forward, backward = Reasoner(specs, shortcuts=False), Reasoner(specs, shortcuts=False)
    ahead = [forward.run(r, f) for r, f in calls]
    behind = [backward.run(r, f) for r, f in reversed(calls)][::-1]
    for (derived, firings), (derived2, firings2) in zip(ahead, behind, strict=True):
        assert firings == firings2
        assert sorted(map(repr, derived)) == sorted(map(repr, derived2))


# A chain of rules (a derived fact that a later rule takes), run after run.


def f(name: str, value: str | int) -> Fact:
    return {"kind": "f", "name": name, "value": value}


def pat(name: str, value: str) -> dict[str, object]:
    return {"$and": [{"kind": "f"}, {"name": name}, {"value": value}]}


CHAIN_RULES = [
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
CHAIN_BROKEN = [
    *CHAIN_RULES,
    RuleSpec("broken", (("a", pat("act", "poll")),), {"name": "no kind, so no rule takes it"}),
]

CHAIN_RUNS = [
    [f("act", "post"), f("content.themes", "religion")],
    [f("act", "post")],
    [f("act", "video"), f("content.themes", "religion")],
    [f("act", "post"), f("content.themes", "religion"), f("platform", "facebook")],
    [f("act", "post"), f("content.themes", "religion")],
]


def answer_chain(reasoner: Reasoner, facts: list[Fact]) -> tuple[list[Fact], list[tuple[str, tuple[Fact, ...], Fact]]]:
    derived, firings = reasoner.run("r", facts)
    return derived, [(x.rule, x.matched, x.concluded) for x in firings]


def fresh_chain(
    facts: list[Fact], rules: list[RuleSpec] = CHAIN_RULES
) -> tuple[list[Fact], list[tuple[str, tuple[Fact, ...], Fact]]]:
    return answer_chain(Reasoner({"r": rules}, shortcuts=False), facts)


def test_one_state_reused_run_after_run_answers_as_a_fresh_state() -> None:
    reused = Reasoner({"r": CHAIN_RULES})
    for facts in CHAIN_RUNS + CHAIN_RUNS[::-1]:
        assert answer_chain(reused, facts) == fresh_chain(facts)


def test_a_run_that_fails_part_way_leaves_the_next_run_unharmed() -> None:
    reused = Reasoner({"r": CHAIN_BROKEN})
    assert answer_chain(reused, CHAIN_RUNS[0]) == fresh_chain(CHAIN_RUNS[0], CHAIN_BROKEN)
    with pytest.raises(EngineError, match="was not taken by any rule"):
        reused.run("r", [f("act", "poll")])
    for facts in CHAIN_RUNS:
        assert answer_chain(reused, facts) == fresh_chain(facts, CHAIN_BROKEN)


def test_facts_keyed_once_give_the_same_answer_as_a_plain_list() -> None:
    reasoner = Reasoner({"r": CHAIN_RULES})
    for facts in CHAIN_RUNS:
        assert reasoner.run("r", KeyedFacts(facts)) == reasoner.run("r", facts)


def test_a_chain_of_rules_fires_in_one_run_and_names_what_each_matched() -> None:
    derived, firings = fresh_chain(CHAIN_RUNS[0])
    assert {d["name"] for d in derived if d["kind"] == "d"} == {"posted", "religious_post"}
    assert [rule for rule, _m, _c in firings].count("chain") == 1


def test_facts_that_extend_sorted_facts_give_what_all_of_them_sorted_afresh_give() -> None:
    """`KeyedFacts.plus` reuses the base's sorting: the base's answer must not change, and the
    extended facts must answer as the same facts given at once do, in every ruleset."""
    rulesets = {"one": RULES, "two": [RULES[1], RULES[4], RULES[5]], "three": [RULES[0]]}
    rng = random.Random(3)
    names = list(_F)
    for _ in range(40):
        first, more = rng.sample(names, rng.randint(1, 5)), rng.sample(names, rng.randint(1, 4))
        reused, fresh = Reasoner(rulesets), Reasoner(rulesets)
        base = KeyedFacts(_facts(first))
        before = {n: reused.run(n, base) for n in rulesets}
        extended = base.plus(_facts(more))
        for n in rulesets:
            assert reused.run(n, extended) == fresh.run(n, _facts(first + more))
            assert reused.run(n, base) == before[n]


_FIRST_RUN_STOPPED = """
import engine.reasoning.runtime as runtime
from engine.reasoning.runtime import Reasoner, RuleSpec

real = runtime._c


class Stopped:  # the C engine as it is, but no action can start
    def __getattr__(self, name):
        if name == "start_action_for_state":
            def stop(*args):
                raise RuntimeError("stopped before the first action")
            return stop
        return getattr(real, name)


rules = [RuleSpec("a", (("m", {"$and": [{"kind": "f"}, {"name": "x"}]}),), {"kind": "el", "el": "a"})]
reasoner = Reasoner({"r": rules})
runtime._c = Stopped()
try:
    reasoner.run("r", [{"kind": "f", "name": "x", "value": 1}])
except RuntimeError as exc:
    print(exc)
runtime._c = real
for value in range(2, 22):
    derived, _ = reasoner.run("r", [{"kind": "f", "name": "x", "value": value}])
print(derived)
"""


def test_a_rulesets_first_run_stopped_before_any_action_does_not_abort_the_process() -> None:
    """Rulesets are made and primed on their first run (`_prime`). Deleting a state in which no
    action ever started frees memory the C engine never set: the process aborts (exit 134, seen
    with the prime left out). Run in a child process, so an abort fails this test, not the suite."""
    done = subprocess.run(
        [sys.executable, "-c", _FIRST_RUN_STOPPED], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines() == ["stopped before the first action", "({'kind': 'el', 'el': 'a', 'by': 'a'},)"]


def test_numbers_compared_only_are_admitted_by_their_place_among_the_bounds(engine: Engine) -> None:
    """A date is admitted per place among the days the shipped rules compare it with: for every
    day at, next to and between those bounds, the same rulesets as testing each ruleset."""
    split = engine.reasoner._by_kind_name("f", "date")
    assert split.bounds is not None and len(split.bounds) > 5
    days = {d + step for d in split.bounds for step in (-1, 0, 1)} | set(range(20141220, 20150115, 3))
    for day in sorted(days):
        fact = {"kind": "f", "name": "date", "value": day}
        want = split.always + tuple(n for n, w in split.tested if w.admits(fact))
        assert split.always + split.tested_admitting(fact, fact_key(fact)) == want, day
