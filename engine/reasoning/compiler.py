"""Rule files -> rules for the engine. Pure: the same knowledge base gives the same rules.

Stages, each its own ruleset, so no fact meets more than a few dozen rules:
  definitions   plain facts -> derived facts (telecom network, mass media, publicly ...)
  one per article   facts -> elements -> parts (dated; aggravated parts join their base part)
                    -> exemptions written into the law
  iccpr         facts + what the law stage found -> engaged rights -> test steps -> Rabat threshold
Conditions are expanded to conjunctions here (see engine.model.conditions), so every durable rule
is a plain join of equality and range tests.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from engine.knowledge.base import KnowledgeBase
from engine.model.conditions import (
    ArticleCond,
    Atom,
    Condition,
    DerivedCond,
    FactCond,
    FlagCond,
    LawCond,
    PenaltyCond,
    TestCond,
    UnknownCond,
    atoms,
    expand,
)
from engine.model.facts import normalise
from engine.model.ids import RuleInfo, at_version
from engine.model.provision import Part, Provision, Version
from engine.model.rights import threshold_test
from engine.model.sources import SourceRef
from engine.reasoning.runtime import RuleSpec

DEFINITIONS = "definitions"
ICCPR = "iccpr"

RuleIndex = dict[str, RuleInfo]  # rule id as written (no alternative number) -> what it is about


def day_number(day: dt.date) -> int:
    """Dates as YYYYMMDD integers: the engine compares numbers, never strings."""
    return day.year * 10000 + day.month * 100 + day.day


def part_key(part: Part, version: Version) -> str:
    """A part as it stood in one version of the law: `kz.cc.174.1@2015`."""
    return at_version(part.id, version.label)


def source_text(src: SourceRef) -> str:
    """A source as the trace shows it: `key, passage`."""
    return f"{src.doc}, {src.where}" if src.where else src.doc


def _note(index: RuleIndex | None, info: RuleInfo) -> None:
    if index is not None:
        index[info.id] = info


def atom_pattern(atom: Atom) -> dict[str, Any]:
    if isinstance(atom, FactCond):
        tests: list[dict[str, Any]] = [{"kind": "f"}, {"name": atom.fact}]
        if atom.is_ is not None:
            tests.append({"value": normalise(atom.fact, atom.is_)})
        elif atom.none_of is not None:
            tests.extend({"$neq": {"value": normalise(atom.fact, v)}} for v in atom.none_of)
        elif atom.at_least is not None:
            tests.append({"$gte": {"value": atom.at_least}})
        elif atom.at_most is not None:
            tests.append({"$lte": {"value": atom.at_most}})
        return {"$and": tests}
    if isinstance(atom, DerivedCond):
        return {"$and": [{"kind": "d"}, {"name": atom.derived}]}
    if isinstance(atom, UnknownCond):
        return {"$and": [{"kind": "u"}, {"name": atom.unknown}]}
    if isinstance(atom, ArticleCond):
        tests = [{"kind": "art"}, {"article": atom.article}]
        if atom.code:
            tests.append({"code": atom.code})
        return {"$and": tests}
    if isinstance(atom, FlagCond):
        return {"$and": [{"kind": "flag"}, {"name": atom.flag}]}
    if isinstance(atom, PenaltyCond):
        return {"$and": [{"kind": "pen"}, {"name": atom.penalty}]}
    if isinstance(atom, LawCond):
        return {"$and": [{"kind": "law"}, {"name": atom.law}]}
    assert isinstance(atom, TestCond)
    return {"$and": [{"kind": "t"}, {"test": atom.test}, {"result": atom.result}]}


def _rules(
    rule_id: str, when: Condition, conclusion: dict[str, Any], extra: list[dict[str, Any]] | None = None
) -> list[RuleSpec]:
    """One rule per alternative of a condition; all alternatives conclude the same fact."""
    alternatives = expand(when)
    out = []
    for n, conj in enumerate(alternatives):
        pats = [*(extra or []), *(atom_pattern(a) for a in conj)]
        rid = rule_id if len(alternatives) == 1 else f"{rule_id}#{n + 1}"
        out.append(RuleSpec(rid, tuple((f"e{i}", p) for i, p in enumerate(pats)), conclusion))
    return out


def base_rule_id(rule_id: str) -> str:
    """The rule as written in the YAML, without the alternative number the compiler added."""
    return rule_id.split("#", 1)[0]


def compile_definitions(kb: KnowledgeBase, index: RuleIndex | None = None) -> list[RuleSpec]:
    out: list[RuleSpec] = []
    for d in kb.definitions:
        out.extend(_rules(d.id, d.when, {"kind": "d", "name": d.derives}))
        _note(index, RuleInfo(d.id, "definition", source=source_text(d.source)))
    return out


def compile_provision(p: Provision, index: RuleIndex | None = None) -> list[RuleSpec]:
    """Each version's parts and defences; `index` (if given) learns what each rule is about."""
    out: list[RuleSpec] = []
    for v in p.versions:
        start = day_number(v.in_force.from_)
        end = day_number(v.in_force.to) if v.in_force.to else 99991231
        in_force = {"$and": [{"kind": "f"}, {"name": "date"}, {"$gte": {"value": start}}, {"$lt": {"value": end}}]}
        for part in v.parts:
            key = part_key(part, v)
            joins: list[dict[str, Any]] = [in_force]
            if part.aggravates:
                joins.append({"$and": [{"kind": "part"}, {"part": f"{part.aggravates}@{v.label}"}]})
            about = {"provision": p.key, "version": v.label, "part": part.id, "source": source_text(part.source)}
            for el in part.elements:
                out.extend(_rules(f"{key}/{el.id}", el.when, {"kind": "el", "part": key, "el": el.id}))
                _note(index, RuleInfo(f"{key}/{el.id}", "element", element=el.id, **about))
                joins.append({"$and": [{"kind": "el"}, {"part": key}, {"el": el.id}]})
            out.append(RuleSpec(key, tuple((f"e{i}", j) for i, j in enumerate(joins)), {"kind": "part", "part": key}))
            _note(index, RuleInfo(key, "part", **about))
        for defence in p.defences:
            for target in defence.exempts:
                if target not in {part.id for part in v.parts}:
                    continue
                key = f"{target}@{v.label}"
                applies = {"$and": [{"kind": "part"}, {"part": key}]}
                rule_id = f"{defence.id}@{v.label}>{target}"
                _note(
                    index,
                    RuleInfo(rule_id, "defence", p.key, v.label, part=target, source=source_text(defence.source)),
                )
                out.extend(
                    _rules(
                        rule_id,
                        defence.when,
                        {"kind": "exempt", "part": key, "defence": defence.id},
                        [applies],
                    )
                )
    return out


def compile_iccpr(kb: KnowledgeBase, index: RuleIndex | None = None) -> list[RuleSpec]:
    out: list[RuleSpec] = []
    for s in kb.standards:
        engaged = f"{s.right.lower()}.engaged"
        out.extend(_rules(engaged, s.engaged_when, {"kind": "engaged", "right": s.right}))
        _note(index, RuleInfo(engaged, "engaged", source=source_text(s.source)))
        for t in s.tests:
            test = f"{s.right}.{t.id}"
            for r in t.rules:
                out.extend(_rules(r.id, r.when, {"kind": "t", "test": test, "result": r.result, "rule": r.id}))
                _note(index, RuleInfo(r.id, "step", source="; ".join(c.label() for c in r.citations)))
        if s.threshold is not None:
            threshold = threshold_test(s.right)
            required = [f"{s.right}.{t}" for t in s.threshold.requires]
            met_id = f"{s.right.lower()}.threshold.met"
            met = tuple(
                (f"e{i}", {"$and": [{"kind": "t"}, {"test": f}, {"result": "pass"}]}) for i, f in enumerate(required)
            )
            out.append(RuleSpec(met_id, met, {"kind": "t", "test": threshold, "result": "pass", "rule": met_id}))
            _note(index, RuleInfo(met_id, "threshold"))
            for f in required:
                not_met = (("e0", {"$and": [{"kind": "t"}, {"test": f}, {"result": "fail"}]}),)
                rid = f"{s.right.lower()}.threshold.not_met.{f.split('.')[-1]}"
                out.append(RuleSpec(rid, not_met, {"kind": "t", "test": threshold, "result": "fail", "rule": rid}))
                _note(index, RuleInfo(rid, "threshold"))
    return out


def unknown_paths(kb: KnowledgeBase) -> frozenset[str]:
    """The fields some rule asks about when they are not given: only these get an "unknown" fact."""
    conditions = [d.when for d in kb.definitions] + [s.engaged_when for s in kb.standards]
    conditions += [r.when for s in kb.standards for t in s.tests for r in t.rules]
    conditions += [el.when for p in kb.provisions for v in p.versions for part in v.parts for el in part.elements]
    conditions += [d.when for p in kb.provisions for d in p.defences]
    return frozenset(a.unknown for c in conditions for a in atoms(c) if isinstance(a, UnknownCond))


def compile_all(kb: KnowledgeBase, index: RuleIndex | None = None) -> dict[str, list[RuleSpec]]:
    """Every ruleset, named: `definitions`, one per article (`kz.cc.174`), `iccpr`.

    `index`, if given, is filled with what each rule is about, as the rule is built, so the
    trace and the what-if explanations never need to read a rule id apart.
    """
    rulesets = {DEFINITIONS: compile_definitions(kb, index)}
    for p in kb.provisions:
        rulesets[p.key] = compile_provision(p, index)
    rulesets[ICCPR] = compile_iccpr(kb, index)
    return rulesets
