"""Which facts a ruleset can use, and the facts as its rules see them: the shortcuts of `Reasoner.run`.

Kept apart from engine/reasoning/runtime.py (the only module that touches durable_rules) because
none of it needs the engine: it reads the compiled patterns as data. A fact no pattern matches
can take part in no firing, so the runtime leaves it out (each fact asserted costs a JSON round
trip and a sink action in the C engine); facts the rules cannot tell apart share one answer.
"""

from __future__ import annotations

import operator
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from typing import Any

Fact = dict[str, Any]
Test = tuple[str, str, Any]  # (operator, attribute, argument), as durable's alpha tests
Tests = tuple[Test, ...]
Key = tuple[Any, ...]

PRIVATE = frozenset({"sid", "id", "$s"})  # the engine's own keys: a fact of ours never carries them
MISSING = object()


class Gate:
    """The patterns for one (kind, name): any value, a set of values, or general tests."""

    __slots__ = ("any_value", "values", "general")

    def __init__(self, any_value: bool, values: frozenset[Any], general: tuple[Tests, ...]) -> None:
        self.any_value = any_value
        self.values = values  # `value == v` patterns (hashable values only)
        self.general = general

    def __eq__(self, other: object) -> bool:  # the same tests (a snapshot read back is checked so)
        if not isinstance(other, Gate):
            return NotImplemented
        return (self.any_value, self.values, self.general) == (other.any_value, other.values, other.general)

    __hash__ = None  # type: ignore[assignment]

    def admits(self, fact: Fact) -> bool:
        if self.any_value:
            return True
        value = fact.get("value", MISSING)
        try:
            if value in self.values:
                return True
        except TypeError:
            pass
        return any(all(passes(fact, t) for t in tests) for tests in self.general)


class Wanted:
    """What a fact must pass to match at least one pattern of a ruleset, by (kind, name).

    The tests are durable's own alpha tests, evaluated here on strictly typed facts (pydantic
    strict models, normalised rule values), where Python's comparisons and durable's agree; an
    operator not listed here counts as passing, so a doubt keeps the fact.
    """

    __slots__ = ("by_name", "by_kind")

    def __init__(self, by_name: dict[tuple[Any, Any], Gate], by_kind: dict[Any, Gate]) -> None:
        self.by_name = by_name
        self.by_kind = by_kind

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Wanted):
            return NotImplemented
        return (self.by_name, self.by_kind) == (other.by_name, other.by_kind)

    __hash__ = None  # type: ignore[assignment]

    def decides(self, kind: Any, name: Any) -> bool | None:
        """Whether every fact of this kind and name is admitted (True) or none is (False); None
        when it depends on the fact's value."""
        gates = [g for g in (self.by_name.get((kind, name)), self.by_kind.get(kind)) if g is not None]
        if any(g.any_value for g in gates):
            return True
        return None if gates else False

    def compared(self, kind: Any, name: Any) -> tuple[int, ...] | None:
        """The numbers a fact of this kind and name is compared with, when comparing its value
        with numbers is all the patterns test of it; None when they test anything else."""
        gate = self.by_name.get((kind, name))
        if gate is None or gate.any_value or gate.values or kind in self.by_kind:
            return None
        bounds: set[int] = set()
        for tests in gate.general:
            for op, attr, arg in tests:
                if attr != "value" or op not in _RANGE_OPS or not isinstance(arg, int) or isinstance(arg, bool):
                    return None
                bounds.add(arg)
        return tuple(sorted(bounds))

    def admits(self, fact: Fact) -> bool:
        kind = fact.get("kind")
        gate = self.by_name.get((kind, fact.get("name")))
        if gate is not None and gate.admits(fact):
            return True
        gate = self.by_kind.get(kind)
        return gate is not None and gate.admits(fact)


def _gate(alternatives: list[Tests], pinned: tuple[str, ...]) -> Gate:
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
    return Gate(any_value, frozenset(values), tuple(dict.fromkeys(general)))  # many rules test alike


def _is_hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "$gt": operator.gt,
    "$gte": operator.ge,
    "$lt": operator.lt,
    "$lte": operator.le,
    "$neq": operator.ne,
}


def passes(fact: Fact, test: Test) -> bool:
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
        if op in COMPARE:
            return bool(COMPARE[op](value, arg))
    except TypeError:
        return True
    return True


def tests_of(pattern: dict[str, Any]) -> list[Test] | None:
    """A pattern as (operator, attribute, argument) tests, or None when it is not a plain conjunction."""
    conj = pattern["$and"] if set(pattern) == {"$and"} else [pattern]
    out: list[Test] = []
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


def wanted(patterns: list[list[Test] | None]) -> Wanted | None:
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
    return Wanted(
        {k: _gate(v, ("kind", "name")) for k, v in by_name.items()},
        {k: _gate(v, ("kind",)) for k, v in by_kind.items()},
    )


_RANGE_OPS = {"$gt", "$gte", "$lt", "$lte", "$neq"}
Ranges = dict[tuple[Any, Any], tuple[tuple[str, Any], ...]]  # (kind, name) -> the tests on its value


def ranges(patterns: list[list[Test] | None]) -> Ranges:
    """Fact values the ruleset only ever compares (never tests for equality), with every comparison.

    Two numbers that pass and fail the same comparisons are indistinguishable to the rules:
    two acts on different days of the same version of the law match the same rules in the same
    way. That is what lets one answer stand for many (see `memo_key`).
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


def fact_key(fact: Fact) -> Key:
    """A fact as a hashable key; the type is part of it (True == 1 in Python, not to the rules).

    A simple fact (kind, name, a scalar value, by) has a short key, `(kind, name, type, value,
    by)`; any other is keyed by all its items, sorted, as `("exact", ...)`.
    """
    if fact.keys() <= _SIMPLE:
        value = fact.get("value", MISSING)
        if isinstance(value, (str, int, float, bool)) or value is MISSING:
            return (fact.get("kind"), fact.get("name"), type(value).__name__, value, fact.get("by"))
    return ("exact", _exact(fact))


def memo_key(ruleset: str, found: Ranges, keyed: list[tuple[Fact, Key]]) -> tuple[Key, dict[tuple[Any, Any], Fact]]:
    """The facts as the rules see them, and the real facts that a class of values stands in for.

    The run is deterministic (same facts in, same firings in the same order out), so an answer
    can be reused for the same facts; a compared-only number enters the key as the outcome of
    its comparisons, and the real fact is put back into the firings it matched (the runtime's
    `_restore`).
    """
    if not found:
        return (ruleset, *(k for _, k in keyed)), {}
    parts: list[Any] = [ruleset]
    stand_ins: dict[tuple[Any, Any], Fact] = {}
    for fact, key in keyed:
        tests = found.get(key[:2]) if key[0] != "exact" else None
        value = key[3] if tests else None
        if tests and isinstance(value, int) and not isinstance(value, bool):
            if key[:2] in stand_ins:  # two such facts: keep both exact
                return (ruleset, *(k for _, k in keyed)), {}
            stand_ins[key[:2]] = dict(fact)
            parts.append((*key[:3], "~", tuple(COMPARE[op](value, bound) for op, bound in tests), key[4]))
        else:
            parts.append(key)
    return tuple(parts), stand_ins


def _exact(fact: Fact) -> Key:
    return tuple((k, _hashable(v)) for k, v in sorted(fact.items()))


def _hashable(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return ("list", tuple(_hashable(v) for v in value))
    if isinstance(value, dict):
        return ("dict", _exact(value))
    return (type(value).__name__, value)


class Split:
    """The rulesets as they take the facts of one kind and name: those that admit every such
    fact, and those that test its value. Where those tests only compare the value with numbers
    (every date against the days versions of the law begin and end), two numbers between the
    same bounds are admitted alike, so the answer is kept per place among the bounds."""

    __slots__ = ("always", "tested", "bounds", "_by_place")

    def __init__(self, kind: Any, name: Any, always: tuple[str, ...], tested: tuple[tuple[str, Wanted], ...]) -> None:
        self.always = always
        self.tested = tested
        found = [w.compared(kind, name) for _n, w in tested]
        self.bounds: tuple[int, ...] | None = None
        if tested and all(bounds is not None for bounds in found):
            self.bounds = tuple(sorted({b for bounds in found for b in bounds or ()}))
        self._by_place: dict[tuple[int, int], tuple[str, ...]] = {}

    def tested_admitting(self, fact: Fact, key: Key) -> tuple[str, ...]:
        """The rulesets among those that test the value which admit this fact."""
        value = fact.get("value")
        if self.bounds is None or key[0] == "exact" or type(value) is not int:
            return tuple(n for n, w in self.tested if w.admits(fact))
        place = (bisect_left(self.bounds, value), bisect_right(self.bounds, value))
        names = self._by_place.get(place)
        if names is None:
            names = self._by_place[place] = tuple(n for n, w in self.tested if w.admits(fact))
        return names
