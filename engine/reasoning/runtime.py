"""The only module that touches durable_rules: rulesets compiled once per process, one sid per evaluation.

durable_rules 2.0.28 is unmaintained; this wrapper follows the pattern measured in
../shared/reference/durable-rules.md: no background threads, rulesets compiled once, a fresh
sid per evaluation, `delete_state` afterwards, action errors surfaced, and actions made
idempotent (an identical fact asserted twice is not an error for us).

It drives the C engine (`durable_rules_engine`) directly rather than through `durable.engine`'s
Host: that Python layer builds a closure, reads the clock twice (through a deprecated call) and
round-trips the whole state through JSON for every action, and was most of the time an
evaluation took. The protocol is the Host's own (assert, then start/complete actions until none
is left), minus the parts we never use (timers, async actions, statecharts, state updates:
our actions never change the state).
"""

from __future__ import annotations

import json
import threading
import uuid
from dataclasses import dataclass
from typing import Any

import durable_rules_engine as _c  # type: ignore[import-not-found]  # the C core of durable_rules

from engine.model.errors import EngineError

Fact = dict[str, Any]

MAX_RULES_PER_RULESET = 250  # 400 single-pattern rules fail to compile (error 108), measured here

# Result codes of the C engine's assert calls (durable/engine.py, Ruleset._handle_result).
_NOT_HANDLED = 1  # no rule's pattern took the fact
_OBSERVED = 2  # an identical fact exists already
_DEFERRED = 3  # queued; actions are started from state handle 0


@dataclass(frozen=True)
class Firing:
    """One rule that fired: what it matched and what it concluded."""

    rule: str
    matched: tuple[Fact, ...]
    concluded: Fact


@dataclass(frozen=True)
class RuleSpec:
    """A compiled rule, engine-neutral: named patterns that must all match, and a conclusion."""

    id: str
    patterns: tuple[tuple[str, dict[str, Any]], ...]
    conclusion: Fact


_PRIVATE = {"sid", "id", "$s"}
SINK = "_sink"
_SINK_MESSAGE = json.dumps({SINK: 0})[:-3]  # '{"_sink":'


def _public(fact: Fact) -> Fact:
    return {k: v for k, v in fact.items() if k not in _PRIVATE}


class _Compiled:
    """One ruleset in the C engine, and what this module knows of its patterns."""

    __slots__ = ("handle", "rules", "wants", "ranges", "decided")

    def __init__(
        self,
        handle: int,
        rules: dict[str, RuleSpec],  # rule name -> spec; the sink is not here
        wants: _Wanted | None,
        ranges: dict[tuple[Any, Any], tuple[tuple[str, Any], ...]],  # (kind, name) -> the tests on its value
    ) -> None:
        self.handle = handle
        self.rules = rules
        self.wants = wants
        self.ranges = ranges
        self.decided: dict[tuple[Any, ...], bool] = {}  # fact key -> admitted?

    def admits(self, fact: Fact, key: tuple[Any, ...]) -> bool:
        if self.wants is None:
            return True
        verdict = self.decided.get(key)
        if verdict is None:
            if len(self.decided) >= MEMO_SIZE:
                self.decided.clear()
            verdict = self.decided[key] = self.wants.admits(fact)
        return verdict


MEMO_SIZE = 4_096  # answers kept per process (~13 KB each, so ~55 MB at most), cleared when full


class Reasoner:
    """Compiled rulesets and the means to run a batch of facts through one of them."""

    def __init__(self, rulesets: dict[str, list[RuleSpec]], *, shortcuts: bool = True) -> None:
        """`shortcuts=False` asserts every fact and remembers no answer: the plain reference that
        the fact filter and the memo of `run` are tested against."""
        self._shortcuts = shortcuts
        self._lock = threading.Lock()
        self._rulesets: dict[str, _Compiled] = {}
        for name, rules in rulesets.items():
            if len(rules) > MAX_RULES_PER_RULESET:
                raise EngineError(
                    f"ruleset '{name}' has {len(rules)} rules; the limit is {MAX_RULES_PER_RULESET}. "
                    "Split the provision file"
                )
            body: dict[str, Any] = {spec.id: {"all": [{alias: pat} for alias, pat in spec.patterns]} for spec in rules}
            # A sink for every fact, so an unmatched assert never aborts an action (issue #350).
            # (A sink that never completes, to spare its no-op actions, corrupts the C heap on
            # `delete_state`; so does leaving a fact unhandled. Fewer facts is the safe saving.)
            body[SINK] = {"all": [{"m": {"$ex": {"kind": 1}}}]}
            try:
                handle = _c.create_ruleset(name, json.dumps(body, ensure_ascii=False))
            except Exception as exc:  # the C engine raises bare codes
                raise EngineError(f"the rules engine refused the compiled rules of '{name}': {exc}") from exc
            parsed = [_tests(pattern) for spec in rules for _alias, pattern in spec.patterns]
            self._rulesets[name] = _Compiled(
                handle, {spec.id: spec for spec in rules}, _wanted(parsed), _ranges(parsed)
            )
        self.names = tuple(rulesets)
        self._memo: dict[tuple[Any, ...], tuple[list[Fact], list[Firing]]] = {}

    def run(self, ruleset: str, facts: list[Fact]) -> tuple[list[Fact], list[Firing]]:
        """Assert facts into a fresh sid; return every fact derived and every rule fired.

        Only the facts some pattern of the ruleset can match are asserted: a fact no pattern
        matches can never take part in a firing, so leaving it out changes nothing but the time
        spent (each fact costs a JSON round trip into the C engine). No fact left: nothing fires.
        The same facts always give the same answer, so an answer is remembered (`_memo_key`) and
        reused; the firings returned are shared with the memo and must not be changed.
        """
        rs = self._rulesets[ruleset]
        keyed = [(f, k) for f in facts if rs.admits(f, k := _fact_key(f)) or not self._shortcuts]
        if not keyed:
            return [], []
        facts = [f for f, _ in keyed]
        key, stand_ins = _memo_key(ruleset, rs, keyed)
        with self._lock:
            hit = self._memo.get(key) if self._shortcuts else None
            if hit is None:
                hit = self._run(ruleset, rs, facts)
                if len(self._memo) >= MEMO_SIZE:
                    self._memo.clear()
                self._memo[key] = hit
        derived, firings = hit
        return [dict(f) for f in derived], [_restore(f, stand_ins) for f in firings]

    def _run(self, ruleset: str, rs: _Compiled, facts: list[Fact]) -> tuple[list[Fact], list[Firing]]:
        sid = uuid.uuid4().hex
        try:
            firings, errors = self._fire(rs, sid, facts)
            state = json.loads(_c.get_state(rs.handle, sid))
            if errors or "exception" in state:
                raise EngineError(f"a rule in '{ruleset}' failed: {(errors or [state.get('exception')])[0]}")
            derived = [_public(f) for f in json.loads(_c.get_facts(rs.handle, sid)) if "by" in f]
            return derived, firings
        finally:
            try:
                _c.delete_state(rs.handle, sid)
            except Exception:  # noqa: S110 - a sid with no state is fine to leave
                pass

    def _fire(self, rs: _Compiled, sid: str, facts: list[Fact]) -> tuple[list[Firing], list[str]]:
        """Assert the facts, then run every action the engine schedules, in its order, to the end."""
        firings: list[Firing] = []
        errors: list[str] = []
        code, state_handle = _c.assert_facts(
            rs.handle, json.dumps([dict(f, sid=sid) for f in facts], ensure_ascii=False)
        )
        if code in (_NOT_HANDLED, _OBSERVED):
            return firings, errors  # nothing matched (or nothing new): a valid, empty answer
        if code == _DEFERRED:
            state_handle = 0
        started = _c.start_action_for_state(rs.handle, state_handle)
        if not started:
            return firings, errors
        message = started[1]
        while message:
            if message.startswith(_SINK_MESSAGE):  # most actions are the sink's: skip the parse
                message = _c.complete_and_start_action(rs.handle, state_handle)
                continue
            (rule, matched), *_ = json.loads(message).items()
            spec = rs.rules.get(rule)
            if spec is not None:  # the sink's actions do nothing
                concluded = dict(spec.conclusion, by=spec.id)
                firings.append(Firing(spec.id, tuple(_public(matched[a]) for a, _ in spec.patterns), concluded))
                result = _c.assert_fact(rs.handle, json.dumps(dict(concluded, sid=sid), ensure_ascii=False))
                if result[0] == _NOT_HANDLED:
                    errors.append(f"rule {spec.id}: its conclusion {concluded} was not taken by any rule")
                # _OBSERVED: an identical conclusion exists already (two routes to one fact)
            message = _c.complete_and_start_action(rs.handle, state_handle)
        return firings, errors


Tests = tuple[tuple[str, str, Any], ...]


class _Gate:
    """The patterns for one (kind, name): any value, a set of values, or general tests."""

    __slots__ = ("any_value", "values", "general")

    def __init__(self, any_value: bool, values: frozenset[Any], general: tuple[Tests, ...]) -> None:
        self.any_value = any_value
        self.values = values  # `value == v` patterns (hashable values only)
        self.general = general

    def admits(self, fact: Fact) -> bool:
        if self.any_value:
            return True
        value = fact.get("value", _MISSING)
        try:
            if value in self.values:
                return True
        except TypeError:
            pass
        return any(all(_passes(fact, t) for t in tests) for tests in self.general)


_MISSING = object()


class _Wanted:
    """What a fact must pass to match at least one pattern of a ruleset, by (kind, name).

    A fact that matches no pattern can take part in no firing; asserting it only costs a JSON
    round trip and a sink action. The tests are durable's own alpha tests, evaluated here on
    strictly typed facts (pydantic strict models, normalised rule values), where Python's
    comparisons and durable's agree; an operator not listed here counts as passing, so a doubt
    keeps the fact.
    """

    __slots__ = ("by_name", "by_kind")

    def __init__(self, by_name: dict[tuple[Any, Any], _Gate], by_kind: dict[Any, _Gate]) -> None:
        self.by_name = by_name
        self.by_kind = by_kind

    def admits(self, fact: Fact) -> bool:
        kind = fact.get("kind")
        gate = self.by_name.get((kind, fact.get("name")))
        if gate is not None and gate.admits(fact):
            return True
        gate = self.by_kind.get(kind)
        return gate is not None and gate.admits(fact)


def _gate(alternatives: list[Tests], pinned: tuple[str, ...]) -> _Gate:
    any_value = False
    values: set[Any] = set()
    general: list[Tests] = []
    for tests in alternatives:
        rest = [t for t in tests if not (t[0] == "==" and t[1] in pinned)]
        if not rest:
            any_value = True
        elif len(rest) == 1 and rest[0][0] == "==" and rest[0][1] == "value" and _is_hashable(rest[0][2]):
            values.add(rest[0][2])
        else:
            general.append(tuple(rest))
    return _Gate(any_value, frozenset(values), tuple(general))


def _is_hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _passes(fact: Fact, test: tuple[str, str, Any]) -> bool:
    op, attr, arg = test
    if op == "$ex":
        return attr in fact
    if op == "$nex":
        return attr not in fact
    if attr not in fact:
        return False  # durable: a missing attribute matches nothing, `$neq` included
    value = fact[attr]
    try:
        if op == "==":
            return bool(value == arg)
        if op in _COMPARE:
            return bool(_COMPARE[op](value, arg))
    except TypeError:
        return True
    return True


def _tests(pattern: dict[str, Any]) -> list[tuple[str, str, Any]] | None:
    """A pattern as (operator, attribute, argument) tests, or None when it is not a plain conjunction."""
    conj = pattern["$and"] if set(pattern) == {"$and"} else [pattern]
    out: list[tuple[str, str, Any]] = []
    for test in conj:
        if not isinstance(test, dict) or len(test) != 1:
            return None
        (key, value), *_ = test.items()
        if not key.startswith("$"):
            out.append(("==", key, value))
        elif isinstance(value, dict) and len(value) == 1:
            (attr, arg), *_ = value.items()
            out.append((key, attr, arg))
        # any other operator inside a conjunction only narrows it: leaving it out keeps more facts
    return out


def _wanted(patterns: list[list[tuple[str, str, Any]] | None]) -> _Wanted | None:
    """Which facts a ruleset can use; None (every fact) when some pattern does not pin its kind."""
    by_name: dict[tuple[Any, Any], list[Tests]] = {}
    by_kind: dict[Any, list[Tests]] = {}
    for tests in patterns:
        eq = {attr: arg for op, attr, arg in tests or () if op == "=="}
        if tests is None or "kind" not in eq:
            return None
        if "name" in eq:
            by_name.setdefault((eq["kind"], eq["name"]), []).append(tuple(tests))
        else:
            by_kind.setdefault(eq["kind"], []).append(tuple(tests))
    return _Wanted(
        {k: _gate(v, ("kind", "name")) for k, v in by_name.items()},
        {k: _gate(v, ("kind",)) for k, v in by_kind.items()},
    )


_RANGE_OPS = {"$gt", "$gte", "$lt", "$lte", "$neq"}
_COMPARE = {
    "$gt": lambda v, t: v > t,
    "$gte": lambda v, t: v >= t,
    "$lt": lambda v, t: v < t,
    "$lte": lambda v, t: v <= t,
    "$neq": lambda v, t: v != t,
}


def _ranges(patterns: list[list[tuple[str, str, Any]] | None]) -> dict[tuple[Any, Any], tuple[tuple[str, Any], ...]]:
    """Fact values the ruleset only ever compares (never tests for equality), with every comparison.

    Two numbers that pass and fail the same comparisons are indistinguishable to the rules:
    two acts on different days of the same version of the law match the same rules in the same
    way. That is what lets one answer stand for many (see `_memo_key`).
    """
    tests: dict[tuple[Any, Any], set[tuple[str, Any]]] = {}
    exact: set[tuple[Any, Any]] = set()
    for found in patterns:
        eq = {attr: arg for op, attr, arg in found or () if op == "=="}
        if found is None or "kind" not in eq:
            continue
        kind, name = eq["kind"], eq.get("name")
        for op, attr, arg in found:
            if attr != "value":
                continue
            if op in _RANGE_OPS and isinstance(arg, int) and not isinstance(arg, bool):
                tests.setdefault((kind, name), set()).add((op, arg))
            else:
                exact.add((kind, name))
    return {k: tuple(sorted(v)) for k, v in tests.items() if k not in exact}


_SIMPLE = frozenset({"kind", "name", "value", "by"})


def _fact_key(fact: Fact) -> tuple[Any, ...]:
    """A fact as a hashable key; the type is part of it (True == 1 in Python, not to the rules)."""
    if fact.keys() <= _SIMPLE:
        value = fact.get("value", _MISSING)
        if isinstance(value, (str, int, float, bool)) or value is _MISSING:
            return (fact.get("kind"), fact.get("name"), type(value).__name__, value, fact.get("by"))
    return ("exact", _exact(fact))


def _memo_key(
    ruleset: str, rs: _Compiled, keyed: list[tuple[Fact, tuple[Any, ...]]]
) -> tuple[tuple[Any, ...], dict[tuple[Any, Any], Fact]]:
    """The facts as the rules see them, and the real facts that a class of values stands in for.

    The run is deterministic (same facts in, same firings in the same order out), so an answer
    can be reused for the same facts; a compared-only number enters the key as the outcome of
    its comparisons, and the real fact is put back into the firings it matched (`_restore`).
    """
    if not rs.ranges:
        return (ruleset, *(k for _, k in keyed)), {}
    parts: list[Any] = [ruleset]
    stand_ins: dict[tuple[Any, Any], Fact] = {}
    for fact, key in keyed:
        tests = rs.ranges.get(key[:2]) if key[0] != "exact" else None
        value = key[3] if tests else None
        if tests and isinstance(value, int) and not isinstance(value, bool):
            if key[:2] in stand_ins:  # two such facts: keep both exact
                return (ruleset, *(k for _, k in keyed)), {}
            stand_ins[key[:2]] = _public(fact)
            parts.append((*key[:3], "~", tuple(_COMPARE[op](value, bound) for op, bound in tests), key[4]))
        else:
            parts.append(key)
    return tuple(parts), stand_ins


def _exact(fact: Fact) -> tuple[Any, ...]:
    return tuple((k, _hashable(v)) for k, v in sorted(fact.items()))


def _hashable(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return ("list", tuple(_hashable(v) for v in value))
    if isinstance(value, dict):
        return ("dict", _exact(value))
    return (type(value).__name__, value)


def _restore(firing: Firing, stand_ins: dict[tuple[Any, Any], Fact]) -> Firing:
    if not stand_ins:
        return firing
    matched = tuple(stand_ins.get((m.get("kind"), m.get("name")), m) if "by" not in m else m for m in firing.matched)
    return Firing(firing.rule, matched, firing.concluded)
