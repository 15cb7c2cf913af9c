"""The only module that touches durable_rules: rulesets compiled once per process, one state each.

durable_rules 2.0.28 is unmaintained; this wrapper follows the pattern measured in
../shared/reference/durable-rules.md: no background threads, rulesets compiled once, action
errors surfaced, and actions made idempotent (an identical fact asserted twice is not an error
for us).

It drives the C engine (`durable_rules_engine`) directly rather than through `durable.engine`'s
Host: that Python layer builds a closure, reads the clock twice (through a deprecated call) and
round-trips the whole state through JSON for every action, and was most of the time an
evaluation took. The protocol is the Host's own (assert, then start/complete actions until none
is left), minus the parts we never use (timers, async actions, statecharts, state updates:
our actions never change the state).

What a run costs beyond the C engine's own work is kept small (issue 13): facts name no sid, so
the engine files every run under the state "0", deleted after the run (no uuid, no state to
look up, no `get_state`/`get_facts` round trip: the derived facts are the conclusions the engine
took, which this module asserted itself). A fact's JSON, and the engine's id for it (a hash of
its content), is then the same in every run: the JSON of a simple fact and of each rule's
conclusion is built once, and an action message, which repeats, is parsed once
(`_Compiled.firing`).

The state is deleted, not emptied by retracting what the run asserted: in 2.0.28 a retraction
that reaches an action already completed reads and writes freed memory (`deleteMessageFromFrame`
walks past the frame of a rule that joined two or more facts, since completing an action leaves
the facts pointing at its deleted frame). Reproduced here with valgrind, and as a corrupted
Python dict that hung a later run; `delete_state` frees the whole state and has no such path.
"""

from __future__ import annotations

import json
import threading
from typing import Any, NamedTuple

import durable_rules_engine as _c  # type: ignore[import-not-found]  # the C core of durable_rules

from engine.model.errors import EngineError
from engine.reasoning.fact_filter import (
    PRIVATE,
    Key,
    Ranges,
    Split,
    Wanted,
    fact_key,
    memo_key,
    ranges,
    tests_of,
    wanted,
)
from engine.reasoning.fact_filter import Fact as Fact

MAX_RULES_PER_RULESET = 250  # 400 single-pattern rules fail to compile (error 108), measured here
MEMO_SIZE = 4_096  # answers kept per process (~13 KB each, so ~55 MB at most), cleared when full
FIRINGS_SIZE = 512  # parsed action messages kept per ruleset (~2 KB each), cleared when full
FRAGMENTS_SIZE = 8_192  # JSON texts of simple facts kept per process (~100 bytes each)

# Result codes of the C engine's assert calls (durable/engine.py, Ruleset._handle_result).
_NOT_HANDLED = 1  # no rule's pattern took the fact
_OBSERVED = 2  # an identical fact exists already
_DEFERRED = 3  # queued; actions are started from state handle 0

_SID = "0"  # the state the engine files a fact under when the fact names none
SINK = "_sink"
_SINK_MESSAGE = json.dumps({SINK: 0})[:-3]  # '{"_sink":'


class Firing(NamedTuple):
    """One rule that fired: what it matched and what it concluded."""

    rule: str
    matched: tuple[Fact, ...]
    concluded: Fact


class RuleSpec(NamedTuple):
    """A compiled rule, engine-neutral: named patterns that must all match, and a conclusion."""

    id: str
    patterns: tuple[tuple[str, dict[str, Any]], ...]
    conclusion: Fact


def ruleset_json(rules: list[RuleSpec]) -> str:
    """The ruleset as the C engine takes it: every rule, and a sink for every fact, so an
    unmatched assert never aborts an action (issue #350). (A sink that never completes, to
    spare its no-op actions, corrupts the C heap on `delete_state`; so does leaving a fact
    unhandled. Fewer facts is the safe saving.)"""
    body: dict[str, Any] = {spec.id: {"all": [{alias: pat} for alias, pat in spec.patterns]} for spec in rules}
    body[SINK] = {"all": [{"m": {"$ex": {"kind": 1}}}]}
    return json.dumps(body, ensure_ascii=False)


def conclusion_of(spec: RuleSpec) -> tuple[Fact, str]:
    """What the rule concludes (its conclusion, `by` the rule), and that fact's JSON for the engine."""
    concluded = dict(spec.conclusion, by=spec.id)
    if not PRIVATE.isdisjoint(concluded):
        raise EngineError(f"rule {spec.id}: a conclusion cannot carry the engine's own keys {sorted(PRIVATE)}")
    return concluded, json.dumps(concluded, ensure_ascii=False)


class Prepared(NamedTuple):
    """A ruleset ready for the C engine: its JSON and what this module learns from its patterns.

    Plain data, so the engine snapshot can store it: building it was most of a cold start's
    ruleset time, while the C engine's own ruleset (a handle in this process) is made each run.
    Only what a run reads: a rule keeps the names of its patterns (to read what each matched),
    not the patterns, which the JSON holds (they were most of the snapshot's load time).
    """

    rules: dict[str, tuple[str, ...]]  # rule name -> the names of its patterns; the sink is not here
    json: str
    wants: Wanted | None
    ranges: Ranges
    concluded: dict[str, tuple[Fact, str]]


def prepare(name: str, rules: list[RuleSpec]) -> Prepared:
    if len(rules) > MAX_RULES_PER_RULESET:
        raise EngineError(
            f"ruleset '{name}' has {len(rules)} rules; the limit is {MAX_RULES_PER_RULESET}. Split the provision file"
        )
    parsed = [tests_of(pattern) for spec in rules for _alias, pattern in spec.patterns]
    return Prepared(
        rules={spec.id: tuple(alias for alias, _ in spec.patterns) for spec in rules},
        json=ruleset_json(rules),
        wants=wanted(parsed),
        ranges=ranges(parsed),
        concluded={spec.id: conclusion_of(spec) for spec in rules},
    )


class _Compiled:
    """One ruleset in the C engine, and what this module knows of its patterns. It is made on its
    first run, which primes it (`_prime`): a cold check made and primed all 29, a tenth of its
    time, where a scenario reaches some twenty."""

    __slots__ = ("name", "json", "handle", "primed", "rules", "wants", "ranges", "concluded", "firings")

    def __init__(self, name: str, prepared: Prepared) -> None:
        self.name = name
        self.json = prepared.json
        self.handle: int | None = None
        self.primed = False  # an action has run in one of its states (see `_prime`)
        self.rules = prepared.rules
        self.wants: Wanted | None = prepared.wants
        self.ranges: Ranges = prepared.ranges
        self.concluded = prepared.concluded
        self.firings: dict[str, Firing | None] = {}  # action message -> what it means

    def made(self) -> int:
        """The C engine's handle of this ruleset, made on first use."""
        if self.handle is None:
            try:
                self.handle = _c.create_ruleset(self.name, self.json)
            except Exception as exc:  # the C engine raises bare codes
                raise EngineError(f"the rules engine refused the compiled rules of '{self.name}': {exc}") from exc
        return self.handle

    def firing(self, message: str) -> Firing | None:
        """The firing an action message reports (None for a rule not ours); the same message,
        the same facts matched, so it is parsed once."""
        if message in self.firings:
            return self.firings[message]
        (rule, matched), *_ = json.loads(message).items()
        aliases = self.rules.get(rule)
        found = None
        if aliases is not None:
            found = Firing(rule, tuple(matched[a] for a in aliases), self.concluded[rule][0])
        if len(self.firings) >= FIRINGS_SIZE:
            self.firings.clear()
        self.firings[message] = found
        return found


class KeyedFacts:
    """Facts with their keys worked out once, for facts run through many rulesets (the law stage
    runs the same facts through every provision's ruleset, the ICCPR stage the same base facts
    once per provision), and, once a Reasoner has sorted them, the facts each ruleset admits."""

    __slots__ = ("pairs", "_base", "_sorted_by", "_admitted")

    def __init__(self, facts: list[Fact], *, base: KeyedFacts | None = None) -> None:
        self.pairs: list[tuple[Fact, Key]] = (base.pairs if base else []) + [(f, fact_key(f)) for f in facts]
        self._base = base  # the facts these extend, whose sorting a Reasoner can build on
        self._sorted_by: object = None  # the Reasoner that sorted them
        self._admitted: dict[str, list[tuple[Fact, Key]]] = {}

    def plus(self, facts: list[Fact]) -> KeyedFacts:
        """These facts and more, the keys of these kept."""
        return KeyedFacts(facts, base=self)


# An answer as remembered: derived facts, firings, and which firings matched a fact that a class
# of values may stand in for (`memo_key`), so only those are rebuilt with the caller's own fact.
_Answer = tuple[tuple[Fact, ...], tuple[Firing, ...], tuple[int, ...]]


class Reasoner:
    """Compiled rulesets and the means to run a batch of facts through one of them."""

    def __init__(self, rulesets: dict[str, list[RuleSpec]] | dict[str, Prepared], *, shortcuts: bool = True) -> None:
        """`shortcuts=False` asserts every fact and remembers no answer: the plain reference that
        the fact filter and the memo of `run` are tested against. A ruleset may come prepared
        (`prepare`, e.g. from the engine snapshot)."""
        self._shortcuts = shortcuts
        self._lock = threading.Lock()
        self._rulesets: dict[str, _Compiled] = {}
        for name, given in rulesets.items():
            prepared = given if isinstance(given, Prepared) else prepare(name, given)
            self._rulesets[name] = _Compiled(name, prepared)
        self.names = tuple(rulesets)
        self._memo: dict[Key, _Answer] = {}
        self._admitting: dict[Key, tuple[str, ...]] = {}  # fact key -> the rulesets that admit the fact
        self._split: dict[tuple[Any, Any], Split] = {}
        self._fragments: dict[tuple[Key, tuple[str, ...]], str] = {}

    def run(self, ruleset: str, facts: list[Fact] | KeyedFacts) -> tuple[tuple[Fact, ...], tuple[Firing, ...]]:
        """Assert facts into a fresh state of the ruleset; return every fact derived and every rule fired.

        Only the facts some pattern of the ruleset can match are asserted: a fact no pattern
        matches can never take part in a firing, so leaving it out changes nothing but the time
        spent (each fact costs a JSON round trip into the C engine). No fact left: nothing fires.
        The same facts always give the same answer, so an answer is remembered (`memo_key`) and
        reused. What is returned is the memo's own: tuples no caller can change, of facts that
        every caller only reads (as it reads the facts the firings matched).
        """
        rs = self._rulesets[ruleset]
        if not isinstance(facts, KeyedFacts):
            facts = KeyedFacts(facts)
        keyed = self._sort(facts).get(ruleset, []) if self._shortcuts else list(facts.pairs)
        if not keyed:
            return (), ()
        key, stand_ins = memo_key(ruleset, rs.ranges, keyed)
        with self._lock:
            hit = self._memo.get(key) if self._shortcuts else None
            if hit is None:
                hit = self._run(ruleset, rs, keyed)
                if len(self._memo) >= MEMO_SIZE:
                    self._memo.clear()
                self._memo[key] = hit
        derived, firings, ranged = hit
        if stand_ins and ranged:
            out = list(firings)
            for i in ranged:
                out[i] = _restore(out[i], stand_ins)
            firings = tuple(out)
        return derived, firings

    def _sort(self, facts: KeyedFacts) -> dict[str, list[tuple[Fact, Key]]]:
        """The facts each ruleset admits, in their order, worked out once for all rulesets: a
        fact is looked up once, not once per ruleset (most facts reach only a few). Facts that
        extend facts already sorted (`KeyedFacts.plus`) reuse their lists; only the rulesets the
        new facts reach get a list of their own (the base's lists are never changed)."""
        if facts._sorted_by is self:
            return facts._admitted
        base = facts._base
        admitted: dict[str, list[tuple[Fact, Key]]] = {}
        start, copied = 0, None  # copied: the base's lists this one has copied before adding to them
        if base is not None and base._sorted_by is self:
            admitted = dict(base._admitted)
            start, copied = len(base.pairs), set[str]()
        for pair in facts.pairs[start:]:
            for name in self._admitting_of(pair):
                if copied is not None and name not in copied:
                    copied.add(name)
                    admitted[name] = [*admitted.get(name, ()), pair]
                elif name in admitted:
                    admitted[name].append(pair)
                else:
                    admitted[name] = [pair]
        facts._sorted_by, facts._admitted = self, admitted
        return admitted

    def _admitting_of(self, pair: tuple[Fact, Key]) -> tuple[str, ...]:
        """The rulesets that admit a fact, remembered by its key. For most rulesets its kind and
        name decide; only the others test its value (`Split`)."""
        names = self._admitting.get(pair[1])
        if names is None:
            fact = pair[0]
            split = self._by_kind_name(fact.get("kind"), fact.get("name"))
            if len(self._admitting) >= MEMO_SIZE:
                self._admitting.clear()
            names = self._admitting[pair[1]] = split.always + split.tested_admitting(fact, pair[1])
        return names

    def _by_kind_name(self, kind: Any, name: Any) -> Split:
        """The rulesets that admit every fact of a kind and name, and those that test its value."""
        split = self._split.get((kind, name))
        if split is None:
            always: list[str] = []
            tested: list[tuple[str, Wanted]] = []
            for n, rs in self._rulesets.items():
                decided = True if rs.wants is None else rs.wants.decides(kind, name)
                if decided is None:
                    tested.append((n, rs.wants))  # type: ignore[arg-type]  # decides() is None only for a Wanted
                elif decided:
                    always.append(n)
            split = self._split[(kind, name)] = Split(kind, name, tuple(always), tuple(tested))
        return split

    def _run(self, ruleset: str, rs: _Compiled, keyed: list[tuple[Fact, Key]]) -> _Answer:
        facts_json = "[" + ",".join([self._json(f, k) for f, k in keyed]) + "]"
        taken: list[str] = []  # rules whose conclusion the engine took, in order
        handle = rs.made()
        try:
            firings, errors = self._fire(rs, handle, facts_json, taken)
        finally:
            if not rs.primed:  # the ruleset's first run, stopped before its first action
                _prime(handle)
                rs.primed = True
            try:
                _c.delete_state(handle, _SID)
            except Exception:  # noqa: S110 - a run that stopped before the engine made its state
                pass
        if errors:
            raise EngineError(f"a rule in '{ruleset}' failed: {errors[0]}")
        derived: list[Fact] = []
        seen: set[Key] = set()  # the engine keeps one of identical facts
        for fact, key in keyed:
            if "by" in fact and key not in seen:
                seen.add(key)
                derived.append(dict(fact))  # the memo's own copy
        ranged = tuple(
            i
            for i, firing in enumerate(firings)
            if any("by" not in m and (m.get("kind"), m.get("name")) in rs.ranges for m in firing.matched)
        )
        return (*derived, *(rs.concluded[r][0] for r in taken)), tuple(firings), ranged

    def _json(self, fact: Fact, key: Key) -> str:
        """The fact's JSON for the engine; a simple fact's is kept, by its key and its keys' order."""
        if key[0] == "exact" or key[2] == "float":  # floats: -0.0 == 0.0 as keys, not as text
            if not PRIVATE.isdisjoint(fact):
                raise EngineError(f"a fact cannot carry the engine's own keys {sorted(PRIVATE)}: {fact}")
            return json.dumps(fact, ensure_ascii=False)
        slot = (key, tuple(fact))
        text = self._fragments.get(slot)
        if text is None:
            if len(self._fragments) >= FRAGMENTS_SIZE:
                self._fragments.clear()
            text = self._fragments[slot] = json.dumps(fact, ensure_ascii=False)
        return text

    @staticmethod
    def _fire(rs: _Compiled, handle: int, facts_json: str, taken: list[str]) -> tuple[list[Firing], list[str]]:
        """Assert the facts, then run every action the engine schedules, in its order, to the end."""
        firings: list[Firing] = []
        errors: list[str] = []
        code, state_handle = _c.assert_facts(handle, facts_json)
        if code in (_NOT_HANDLED, _OBSERVED):
            return firings, errors  # a fact unmatched, or a duplicate: answered as no firing, as always
        if code == _DEFERRED:
            state_handle = 0
        started = _c.start_action_for_state(handle, state_handle)
        message = started[1] if started else None
        if message:
            rs.primed = True
        while message:
            if not message.startswith(_SINK_MESSAGE):  # most actions are the sink's: no parse
                firing = rs.firing(message)
                if firing is not None:
                    firings.append(firing)
                    result = _c.assert_fact(handle, rs.concluded[firing.rule][1])[0]
                    if result == _NOT_HANDLED:
                        errors.append(
                            f"rule {firing.rule}: its conclusion {firing.concluded} was not taken by any rule"
                        )
                    elif result != _OBSERVED:  # observed: an identical conclusion exists (two routes to one fact)
                        taken.append(firing.rule)
            message = _c.complete_and_start_action(handle, state_handle)
        return firings, errors


def _prime(handle: int) -> None:
    """Run one fact through the ruleset's current state to the end, so an action has started in
    it before it is deleted.

    The C engine never initialises a new state's action context (the message and state texts of
    the action in flight); `delete_state` frees them, so deleting a state no action ever started
    in (a run answered early, or stopped before its first action) frees whatever the memory held
    and aborts the process. Once an action has started in a state, deleting it leaves them empty,
    and every later state of the ruleset reuses that slot (one state at a time, freed slots
    reused first). A ruleset's first run nearly always starts an action itself (every fact
    fires the sink); only one that does not is primed here, before its state is deleted.
    """
    code, state_handle = _c.assert_fact(handle, json.dumps({"kind": "$prime"}))
    if code == _DEFERRED:
        state_handle = 0
    started = _c.start_action_for_state(handle, state_handle)
    message = started[1] if started else None
    while message:
        message = _c.complete_and_start_action(handle, state_handle)


def _restore(firing: Firing, stand_ins: dict[tuple[Any, Any], Fact]) -> Firing:
    matched = tuple(stand_ins.get((m.get("kind"), m.get("name")), m) if "by" not in m else m for m in firing.matched)
    return Firing(firing.rule, matched, firing.concluded)
