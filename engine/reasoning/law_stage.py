"""The law stage: each provision in force on the act's date, its parts and their status.

The per-article rulesets conclude elements, parts and exemptions; this module reads those
conclusions into findings, applies the law in time (lex mitior) and kzlex's own ranking
(engine/reasoning/policy.py), and builds the `articles` of the result.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from engine.knowledge.base import KnowledgeBase
from engine.model.conditions import FactCond, atoms
from engine.model.facts import field_value
from engine.model.ids import at_version
from engine.model.provision import Part, Provision, Version
from engine.model.result import ArticleOut, ElementOut, TraceOut
from engine.model.scenario import Scenario
from engine.reasoning import policy
from engine.reasoning.by_identity import ByIdentity
from engine.reasoning.compiler import RuleIndex, part_key, source_text
from engine.reasoning.runtime import KeyedFacts, Reasoner
from engine.reasoning.similarity import Match, speech_charges
from engine.reasoning.trace import trace_lines


class PartFinding(NamedTuple):
    provision: Provision
    version: Version
    part: Part
    met: frozenset[str]
    applies: bool
    exempt_by: str | None


def _element_facts(part: Part) -> dict[str, list[str]]:
    """The scenario fields each element of a part reads, sorted."""
    return {el.id: sorted({a.fact for a in atoms(el.when) if isinstance(a, FactCond)}) for el in part.elements}


_facts_of: ByIdentity[Part, dict[str, list[str]]] = ByIdentity(_element_facts)


def _unknown_facts(scenario: Scenario, part: Part, element_id: str) -> list[str]:
    return [n for n in _facts_of(part)[element_id] if field_value(scenario, n) is None]


def _keyed_parts(version: Version) -> tuple[tuple[Part, str], ...]:
    """A version's parts, each with its key as the rules name it (`kz.cc.174.1@2015`)."""
    return tuple((part, part_key(part, version)) for part in version.parts)


_parts_of: ByIdentity[Version, tuple[tuple[Part, str], ...]] = ByIdentity(_keyed_parts)


_key_of: ByIdentity[Provision, str] = ByIdentity(lambda p: p.key)


def law_stage(
    kb: KnowledgeBase, reasoner: Reasoner, index: RuleIndex, act_date: dt.date, base: KeyedFacts
) -> tuple[list[PartFinding], list[TraceOut]]:
    """Each provision's ruleset run over the facts; what it concluded for the version in force."""
    findings: list[PartFinding] = []
    trace: list[TraceOut] = []
    for p in kb.provisions:
        version = p.version_on(act_date)
        if version is None:
            continue
        ruleset = _key_of(p)
        derived, firings = reasoner.run(ruleset, base)
        trace.extend(trace_lines(ruleset, firings, index))
        elements: dict[str, set[str]] = {}
        applies: set[str] = set()
        exempt: dict[str, str] = {}
        for f in derived:
            if f["kind"] == "el":
                elements.setdefault(f["part"], set()).add(f["el"])
            elif f["kind"] == "part":
                applies.add(f["part"])
            elif f["kind"] == "exempt":
                exempt[f["part"]] = f["defence"]
        for part, key in _parts_of(version):
            findings.append(
                PartFinding(
                    provision=p,
                    version=version,
                    part=part,
                    met=frozenset(elements.get(key, set())),
                    applies=key in applies,
                    exempt_by=exempt.get(key),
                )
            )
    return findings, trace


def _status(f: PartFinding, scenario: Scenario, today: dt.date, base_possible: bool = False) -> str | None:
    """applies, exempt, no longer criminal, or possible: one element turns on an unstated fact.

    An aggravated part is possible when its base part is possible and the aggravation is shown.
    """
    missing = [el.id for el in f.part.elements if el.id not in f.met]
    if f.applies:
        if f.exempt_by:
            return "exempt"
        rep = f.provision.repealed
        if f.provision.code == "criminal" and rep is not None and rep.on <= today:
            return "no_longer_criminal"
        return "applies"
    if f.part.aggravates:
        return "possible" if base_possible and len(missing) == 0 else None
    # Possible: all but one element shown (at least two), and the missing one turns on facts the
    # scenario does not give (kzlex's calibration, engine/reasoning/policy.py).
    if (
        len(missing) == policy.POSSIBLE_MAX_MISSING
        and len(f.met) >= policy.POSSIBLE_MIN_MET
        and _unknown_facts(scenario, f.part, missing[0])
    ):
        return "possible"
    return None


def _score(status: str, f: PartFinding, similarities: list[float]) -> float:
    """How strongly an article applies: its status, the share of elements met, a matched
    aggravation (more of the offence's elements shown), and how often and how closely the
    authorities applied it to acts like this one."""
    alike = [s for s in similarities if s >= policy.LIKE_THIS_ACT]
    return round(
        policy.STATUS_WEIGHT[status]
        + len(f.met) / len(f.part.elements)
        + (policy.AGGRAVATION_SHOWN if f.part.aggravates and f.applies else 0.0)
        + policy.CLOSEST_CASE_WEIGHT * max(alike, default=0.0)
        + policy.EACH_ALIKE_CASE * min(len(alike), policy.ALIKE_CASES_COUNTED),
        policy.SCORE_DIGITS,
    )


def articles_found(
    scenario: Scenario,
    findings: list[PartFinding],
    ranked: list[Match],
    today: dt.date,
) -> list[ArticleOut]:
    by_article: dict[str, list[tuple[PartFinding, str]]] = {}
    statuses: dict[str, str | None] = {}
    for f in sorted(findings, key=lambda f: f.part.aggravates is not None):  # base parts first
        base = statuses.get(at_version(f.part.aggravates, f.version.label)) if f.part.aggravates else None
        status = _status(f, scenario, today, base_possible=base == "possible")
        statuses[part_key(f.part, f.version)] = status
        if status is not None:
            by_article.setdefault(f.provision.key, []).append((f, status))
    out: list[ArticleOut] = []
    for _key, candidates in by_article.items():
        best_status = min(candidates, key=lambda c: -policy.STATUS_WEIGHT[c[1]])[1]
        pool = [c for c in candidates if c[1] == best_status]
        f, status = max(pool, key=lambda c: (c[0].part.penalty.severity(), c[0].part.id))
        p = f.provision
        charge = (p.code, p.article)
        support = [(m.case.id, m.similarity) for m in ranked if charge in speech_charges(m.case)]
        score = _score(status, f, [s for _, s in support])
        notes = _notes(f, status)
        elements = [
            ElementOut(
                id=el.id,
                says=el.says,
                met=el.id in f.met,
                unknown_facts=[] if el.id in f.met else _unknown_facts(scenario, f.part, el.id),
            )
            for el in f.part.elements
        ]
        if f.part.aggravates:
            base_part = next(q for q in findings if q.part.id == f.part.aggravates and q.version is f.version)
            if status == "possible":
                gaps = [el.says for el in base_part.part.elements if el.id not in base_part.met]
                notes.insert(0, f"Aggravates {base_part.part.id}, whose element is not shown: {'; '.join(gaps)}")
            else:
                notes.insert(0, f"Aggravates {base_part.part.id}: the base offence's elements are met too.")
        pen = f.part.penalty
        out.append(
            ArticleOut(
                code=p.code,
                article=p.article,
                part=f.part.number,
                part_id=f.part.id,
                title=p.title,
                status=status,
                penalty=pen.text if pen.verified else f"{pen.text} (not verified)",
                penalty_verified=pen.verified,
                heaviest_days=round(pen.severity(), 1),
                elements_met=[e.says for e in elements if e.met],
                elements_missing=[e.says for e in elements if not e.met],
                elements=elements,
                precedents=[cid for cid, _ in support[: policy.TOP_PRECEDENTS]],
                version=f.version.label,
                in_force={
                    "from": f.version.in_force.from_.isoformat(),
                    "to": f.version.in_force.to.isoformat() if f.version.in_force.to else None,
                },
                version_verified=f.version.verified,
                score=score,
                notes=notes,
                sources=[source_text(f.part.source), source_text(pen.source)],
            )
        )
    out.sort(key=lambda a: (-a.score, -a.heaviest_days, a.code, a.article))
    return out


def _notes(f: PartFinding, status: str) -> list[str]:
    notes = []
    if status == "exempt":
        defence = next(d for d in f.provision.defences if d.id == f.exempt_by)
        notes.append(f"Exempt under {defence.id}: {defence.says}")
    if status == "no_longer_criminal" and f.provision.repealed:
        rep = f.provision.repealed
        notes.append(
            f"Repealed on {rep.on.isoformat()} by {rep.by}: a later milder criminal law applies to earlier acts "
            f"(lex mitior), so the act is no longer criminal under this article. {rep.note}"
        )
    if status == "possible":
        notes.append("One element turns on facts the scenario does not give; the others are met.")
    if not f.version.verified:
        notes.append("The text of this version is not verified; figures come from secondary sources.")
    if f.version.note:
        notes.append(f.version.note)
    return notes
