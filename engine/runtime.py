"""The only module that touches durable_rules: one host per process, one sid per evaluation.

durable_rules 2.0.28 is unmaintained; this wrapper follows the pattern measured in
../shared/reference/durable-rules.md: a host without background threads, rulesets compiled
once, a fresh sid per evaluation, `delete_state` afterwards, swallowed action errors surfaced,
and actions made idempotent (an identical fact asserted twice is not an error for us).
"""

from __future__ import annotations

import threading
import uuid
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from engine.errors import EngineError

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from durable.engine import Host, MessageNotHandledException, MessageObservedException

Fact = dict[str, Any]

MAX_RULES_PER_RULESET = 250  # 400 single-pattern rules fail to compile (error 108), measured here


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


class _SyncHost(Host):  # type: ignore[misc]
    def _run(self) -> None:  # no dispatcher threads: we use no timers
        pass


_PRIVATE = {"sid", "id", "$s"}


def _public(fact: Any) -> Fact:
    data = fact.__dict__.get("_d", fact) if not isinstance(fact, dict) else fact  # durable's Content
    return {k: v for k, v in data.items() if k not in _PRIVATE}


class Reasoner:
    """Compiled rulesets and the means to run a batch of facts through one of them."""

    def __init__(self, rulesets: dict[str, list[RuleSpec]]) -> None:
        self._firings: dict[str, list[Firing]] = {}
        self._lock = threading.Lock()
        definitions: dict[str, dict[str, Any]] = {}
        for name, rules in rulesets.items():
            if len(rules) > MAX_RULES_PER_RULESET:
                raise EngineError(
                    f"ruleset '{name}' has {len(rules)} rules; the limit is {MAX_RULES_PER_RULESET}. "
                    "Split the provision file"
                )
            body: dict[str, Any] = {}
            for spec in rules:
                body[spec.id] = {"all": [{alias: pat} for alias, pat in spec.patterns], "run": self._action(spec)}
            # A sink for every fact, so an unmatched assert never aborts an action (issue #350).
            body["_sink"] = {"all": [{"m": {"$ex": {"kind": 1}}}], "run": _noop}
            definitions[name] = body
        self._host = _SyncHost()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            try:
                self._host.register_rulesets(definitions)
            except Exception as exc:  # the C engine raises bare codes
                raise EngineError(f"the rules engine refused the compiled rules: {exc}") from exc
        self.names = tuple(rulesets)

    def _action(self, spec: RuleSpec) -> Callable[[Any], None]:
        aliases = [alias for alias, _ in spec.patterns]
        conclusion = dict(spec.conclusion, by=spec.id)

        def action(c: Any) -> None:
            matched = tuple(_public(getattr(c, alias)) for alias in aliases)
            self._firings.setdefault(c.s.sid, []).append(Firing(spec.id, matched, _public(conclusion)))
            try:
                # A copy: durable's assert_fact writes the current sid into the dict it is given,
                # and a shared dict would send every later evaluation's conclusion to this sid.
                c.assert_fact(dict(conclusion))
            except MessageObservedException:
                pass  # an identical conclusion exists already (two routes to one fact)

        return action

    def run(self, ruleset: str, facts: list[Fact]) -> tuple[list[Fact], list[Firing]]:
        """Assert facts into a fresh sid; return every fact derived and every rule fired."""
        sid = uuid.uuid4().hex
        with self._lock, warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            try:
                try:
                    self._host.assert_facts(ruleset, [dict(f, sid=sid) for f in facts])
                except MessageNotHandledException:
                    pass  # no rule matched anything: a valid, empty answer
                except MessageObservedException:
                    pass
                state = self._host.get_state(ruleset, sid)
                if "exception" in state:
                    raise EngineError(f"a rule in '{ruleset}' failed: {state['exception']}")
                derived = [_public(f) for f in self._host.get_facts(ruleset, sid) if "by" in f]
                return derived, self._firings.pop(sid, [])
            finally:
                self._firings.pop(sid, None)
                try:
                    self._host.delete_state(ruleset, sid)
                except Exception:  # noqa: S110 - a sid with no state is fine to leave
                    pass


def _noop(c: Any) -> None:
    return None
