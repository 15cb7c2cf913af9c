"""One scenario through the stages: definitions -> each article -> ICCPR; then ranking.

The rules engine draws every conclusion (derived facts, elements, parts, exemptions, engaged
rights, test steps, the Rabat threshold). This module only moves facts between stages, applies
the law in time (which version, lex mitior), ranks, and folds test conclusions into verdicts.
It never prints and never reads files: the knowledge base and the date come in as arguments.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from engine.knowledge.base import KnowledgeBase
from engine.model.conditions import FactCond, atoms
from engine.model.facts import features, field_value
from engine.model.provision import Part, Provision, Version
from engine.model.result import (
    ArticleOut,
    AssessmentOut,
    ElementOut,
    PrecedentOut,
    ProvisionAssessmentOut,
    Result,
    TraceOut,
    cite,
)
from engine.model.scenario import Scenario
from engine.reasoning import assess
from engine.reasoning.compiler import DEFINITIONS, ICCPR, base_rule_id, compile_all, day_number, part_key, unknown_paths
from engine.reasoning.runtime import Fact, Firing, Reasoner
from engine.reasoning.similarity import patterns, rank, summarise

CODES_START = dt.date(2015, 1, 1)
TOP_PRECEDENTS = 5


@dataclass(frozen=True)
class Engine:
    """A knowledge base and its compiled rules: built once per process, reused per scenario."""

    kb: KnowledgeBase
    reasoner: Reasoner
    sources: dict[str, str]  # rule id -> its source, for the trace
    asks_unknown: frozenset[str]  # fields whose absence some rule reasons about


@cache
def engine_for(kb: KnowledgeBase) -> Engine:
    return Engine(kb=kb, reasoner=Reasoner(compile_all(kb)), sources=_rule_sources(kb), asks_unknown=unknown_paths(kb))


def _rule_sources(kb: KnowledgeBase) -> dict[str, str]:
    out: dict[str, str] = {}
    for d in kb.definitions:
        out[d.id] = _src(d.source.doc, d.source.where)
    for p in kb.provisions:
        for v in p.versions:
            for part in v.parts:
                key = part_key(part, v)
                out[key] = _src(part.source.doc, part.source.where)
                for el in part.elements:
                    out[f"{key}/{el.id}"] = out[key]
        for defence in p.defences:
            for v in p.versions:
                for target in defence.exempts:
                    out[f"{defence.id}@{v.label}>{target}"] = _src(defence.source.doc, defence.source.where)
    for s in kb.standards:
        out[f"{s.right.lower()}.engaged"] = _src(s.source.doc, s.source.where)
        for t in s.tests:
            for r in t.rules:
                out[r.id] = "; ".join(c.label() for c in r.citations)
    return out


def _src(doc: str, where: str | None) -> str:
    return f"{doc}, {where}" if where else doc


def _fact_text(f: Fact) -> str:
    kind = f.get("kind")
    if kind == "f":
        value = f["value"]
        if f["name"] == "date":
            v = str(value)
            return f"date = {v[:4]}-{v[4:6]}-{v[6:]}"
        return f"{f['name']} = {str(value).lower() if isinstance(value, bool) else value}"
    if kind == "d":
        return f"derived {f['name']}"
    if kind == "u":
        return f"{f['name']} not given"
    if kind == "el":
        return f"element {f['el']} of {f['part']}"
    if kind == "part":
        return f"part {f['part']} applies"
    if kind == "exempt":
        return f"{f['part']} exempted by {f['defence']}"
    if kind == "t":
        return f"{f['test']} {f['result']}"
    if kind == "engaged":
        return f"{f['right']} engaged"
    if kind == "art":
        return f"{f['code']} Art. {f['article']} applies"
    if kind in ("flag", "pen", "law"):
        return f"{kind} {f['name']}"
    return str(f)


def _trace(stage: str, firings: list[Firing], sources: dict[str, str]) -> list[TraceOut]:
    seen: set[tuple[str, str]] = set()
    out = []
    for firing in firings:
        rule = base_rule_id(firing.rule)
        concluded = _fact_text(firing.concluded)
        if (rule, concluded) in seen:
            continue
        seen.add((rule, concluded))
        out.append(
            TraceOut(
                stage=stage,
                rule=rule,
                matched=[_fact_text(m) for m in firing.matched],
                concluded=concluded,
                source=sources.get(rule),
            )
        )
    return out


def _as_facts(scenario: Scenario, act_date: dt.date, asks_unknown: frozenset[str]) -> list[Fact]:
    facts = [{"kind": "f", "name": name, "value": value} for name, value in features(scenario)]
    facts.append({"kind": "f", "name": "date", "value": day_number(act_date)})
    facts += [{"kind": "u", "name": p} for p in sorted(asks_unknown) if field_value(scenario, p) is None]
    return facts


@dataclass(frozen=True)
class _PartFinding:
    provision: Provision
    version: Version
    part: Part
    met: frozenset[str]
    applies: bool
    exempt_by: str | None


def _unknown_facts(scenario: Scenario, part: Part, element_id: str) -> list[str]:
    el = next(e for e in part.elements if e.id == element_id)
    names = sorted({a.fact for a in atoms(el.when) if isinstance(a, FactCond)})
    return [n for n in names if field_value(scenario, n) is None]


def _law_stage(eng: Engine, act_date: dt.date, base: list[Fact]) -> tuple[list[_PartFinding], list[TraceOut]]:
    findings: list[_PartFinding] = []
    trace: list[TraceOut] = []
    for p in eng.kb.provisions:
        version = p.version_on(act_date)
        if version is None:
            continue
        derived, firings = eng.reasoner.run(p.key, base)
        trace.extend(_trace(p.key, firings, eng.sources))
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
        for part in version.parts:
            key = part_key(part, version)
            findings.append(
                _PartFinding(
                    provision=p,
                    version=version,
                    part=part,
                    met=frozenset(elements.get(key, set())),
                    applies=key in applies,
                    exempt_by=exempt.get(key),
                )
            )
    return findings, trace


def _status(f: _PartFinding, scenario: Scenario, today: dt.date, base_possible: bool = False) -> str | None:
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
    # scenario does not give. A lone "publicly" met is no sign an article is in play.
    if len(missing) == 1 and len(f.met) >= 2 and _unknown_facts(scenario, f.part, missing[0]):
        return "possible"
    return None


_STATUS_WEIGHT = {"applies": 3.0, "possible": 1.5, "exempt": 0.5, "no_longer_criminal": 0.5}
LIKE_THIS_ACT = 0.25  # a precedent at least this similar counts as "an act like this one"


def part_key_of(part_id: str, version: Version) -> str:
    return f"{part_id}@{version.label}"


def _score(status: str, f: _PartFinding, similarities: list[float]) -> float:
    """How strongly an article applies: its status, the share of elements met, a matched
    aggravation (more of the offence's elements shown), and how often and how closely the
    authorities applied it to acts like this one."""
    alike = [s for s in similarities if s >= LIKE_THIS_ACT]
    return round(
        _STATUS_WEIGHT[status]
        + len(f.met) / len(f.part.elements)
        + (0.25 if f.part.aggravates and f.applies else 0.0)
        + 2 * max(alike, default=0.0)
        + 0.1 * min(len(alike), 5),
        4,
    )


def _articles(
    scenario: Scenario,
    findings: list[_PartFinding],
    ranked: list[tuple[Any, float, list[str], list[str]]],
    today: dt.date,
) -> list[ArticleOut]:
    by_article: dict[str, list[tuple[_PartFinding, str]]] = {}
    statuses: dict[str, str | None] = {}
    for f in sorted(findings, key=lambda f: f.part.aggravates is not None):  # base parts first
        base = statuses.get(part_key_of(f.part.aggravates, f.version)) if f.part.aggravates else None
        status = _status(f, scenario, today, base_possible=base == "possible")
        statuses[part_key(f.part, f.version)] = status
        if status is not None:
            by_article.setdefault(f.provision.key, []).append((f, status))
    out: list[ArticleOut] = []
    for _key, candidates in by_article.items():
        best_status = min(candidates, key=lambda c: -_STATUS_WEIGHT[c[1]])[1]
        pool = [c for c in candidates if c[1] == best_status]
        f, status = max(pool, key=lambda c: (c[0].part.penalty.severity(), c[0].part.id))
        p = f.provision
        support = [
            (case.id, sim)
            for case, sim, _s, _d in ranked
            if any(ch.code == p.code and ch.article == p.article and ch.speech for ch in case.outcome.charges)
        ]
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
                precedents=[cid for cid, _ in support[:TOP_PRECEDENTS]],
                version=f.version.label,
                in_force={
                    "from": f.version.in_force.from_.isoformat(),
                    "to": f.version.in_force.to.isoformat() if f.version.in_force.to else None,
                },
                version_verified=f.version.verified,
                score=score,
                notes=notes,
                sources=[_src(f.part.source.doc, f.part.source.where), _src(pen.source.doc, pen.source.where)],
            )
        )
    out.sort(key=lambda a: (-a.score, -a.heaviest_days, a.code, a.article))
    return out


def _notes(f: _PartFinding, status: str) -> list[str]:
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


def _provision_facts(a: ArticleOut, kb: KnowledgeBase) -> list[Fact]:
    """What the ICCPR stage knows of one provision: its code, its flags, its part's penalty."""
    facts: list[Fact] = [
        {"kind": "art", "code": a.code, "article": a.article},
        {"kind": "law", "name": "any_article"},
        {"kind": "law", "name": a.code},
    ]
    p = kb.provision(a.code, a.article)
    for name in p.flag_names() if p else []:
        facts.append({"kind": "flag", "name": name})
    pen = next(
        part.penalty
        for v in (p.versions if p else ())
        for part in v.parts
        if part.id == a.part_id and v.label == a.version
    )
    if pen.prison_years:
        facts.append({"kind": "pen", "name": "prison"})
    if pen.arrest_days:
        facts.append({"kind": "pen", "name": "arrest"})
    # A penalty the sources do not verify cannot be shown to exclude custody.
    facts.append({"kind": "pen", "name": "custodial" if pen.custodial or not pen.verified else "non_custodial_only"})
    return facts


def _act_facts(articles: list[ArticleOut], act_date: dt.date) -> list[Fact]:
    """The act alone: no encoded provision reaches it (which is not the same as no law)."""
    facts: list[Fact] = [{"kind": "law", "name": "no_article"}]
    if act_date < CODES_START:
        facts.append({"kind": "law", "name": "pre_2015"})
    if any(a.status == "no_longer_criminal" for a in articles):
        facts.append({"kind": "law", "name": "decriminalised"})
    return facts


def _sorted_unique(facts: list[Fact]) -> list[Fact]:
    unique = {tuple(sorted(f.items())): f for f in facts}
    return [unique[k] for k in sorted(unique)]


def _assess(
    eng: Engine,
    scenario: Scenario,
    articles: list[ArticleOut],
    act_date: dt.date,
    base: list[Fact],
    derivations: assess.Derivations,
) -> tuple[AssessmentOut, list[TraceOut]]:
    """Each provision the law stage found, assessed on its own; then one verdict over them."""
    runs: list[tuple[ArticleOut | None, list[Fact]]] = [
        (a, _provision_facts(a, eng.kb)) for a in articles if a.status in ("applies", "possible")
    ]
    if not runs:
        runs = [(None, _act_facts(articles, act_date))]
    assessed: list[ProvisionAssessmentOut] = []
    trace: list[TraceOut] = []
    for a, extra in runs:
        label = cite(a.code, a.article, a.part) if a else ""
        concluded, firings = eng.reasoner.run(ICCPR, base + _sorted_unique(extra))
        trace.extend(_trace(f"{ICCPR} {label}".strip(), firings, eng.sources))
        verdict, summary, missing, rests, presumed, rights = assess.assess_run(
            eng.kb.standards, concluded, firings, derivations, scenario, provision=label
        )
        assessed.append(
            ProvisionAssessmentOut(
                provision=label,
                code=a.code if a else None,
                article=a.article if a else None,
                part=a.part if a else None,
                status=a.status if a else None,
                verdict=verdict,
                summary=summary,
                missing_facts=missing,
                rests_on=rests,
                presumed=presumed,
                rights=rights,
            )
        )
    verdict, summary, concerns, missing = assess.overall(assessed, sanction_given=scenario.sanction is not None)
    pool = [x for x in assessed if x.provision in concerns] or assessed[:1]  # [] concerns: the act alone
    lead = pool[0]
    presumed_all = {p.field: p for x in pool for p in x.presumed}
    return (
        AssessmentOut(
            verdict=verdict,
            summary=summary,
            missing_facts=missing,
            rights=lead.rights,
            concerns=concerns,
            rests_on=sorted({r for x in pool for r in x.rests_on}),
            presumed=[presumed_all[k] for k in sorted(presumed_all)],
            provisions=assessed,
        ),
        trace,
    )


def _sanction_assessed(scenario: Scenario) -> Scenario:
    """A precedent is assessed for the sanction it received, unless the scenario names another."""
    outcome = getattr(scenario, "outcome", None)
    if scenario.sanction is None and outcome is not None and outcome.sanction is not None:
        return scenario.model_copy(update={"sanction": outcome.sanction})
    return scenario


def evaluate(eng: Engine, scenario: Scenario, *, today: dt.date, as_of: dt.date | None = None) -> Result:
    """The three answers for one scenario. `today` is passed in so the result is reproducible."""
    scenario = _sanction_assessed(scenario)
    act_date = as_of or scenario.date or today
    law_notes: list[str] = []
    if as_of is not None and scenario.date is not None and as_of != scenario.date:
        law_notes.append(
            f"What if: the act is treated as committed on {as_of.isoformat()} (it was {scenario.date.isoformat()})."
        )
    if scenario.date is None and as_of is None:
        law_notes.append(f"The scenario gives no date; the law in force today ({today.isoformat()}) is applied.")
    if act_date < CODES_START:
        law_notes.append(
            "The act predates 1 January 2015, when the current Criminal Code and Code of Administrative "
            "Offences took effect; the earlier codes are not encoded, so no article is given. The ICCPR "
            "assessment below does not depend on the Kazakh code."
        )
    base = _as_facts(scenario, act_date, eng.asks_unknown)
    derived, firings = eng.reasoner.run(DEFINITIONS, base)
    trace = _trace(DEFINITIONS, firings, eng.sources)
    base = base + [f for f in derived if f["kind"] == "d"]
    findings, law_trace = _law_stage(eng, act_date, base)
    trace.extend(law_trace)
    ranked = rank(scenario, eng.kb.precedents)
    articles = _articles(scenario, findings, ranked, today)
    for a in articles:
        if a.status == "no_longer_criminal":
            p = eng.kb.provision(a.code, a.article)
            if p and p.repealed and p.repealed.replaced_by:
                law_notes.append(
                    f"Art. {a.article} was repealed on {p.repealed.on.isoformat()}; {p.repealed.replaced_by} now covers such acts "
                    "but does not reach back to acts committed before it took effect."
                )
    assessment, iccpr_trace = _assess(
        eng, scenario, articles, act_date, base, assess.Derivations(firings, eng.kb.definitions)
    )
    trace.extend(iccpr_trace)
    precedents: list[PrecedentOut] = [summarise(c, s, sh, d) for c, s, sh, d in ranked[:TOP_PRECEDENTS]]
    return Result(
        scenario=scenario.id,
        title=scenario.title,
        law_as_of=act_date.isoformat(),
        act_date_given=scenario.date is not None or as_of is not None,
        law_notes=law_notes,
        articles=articles,
        precedents=precedents,
        patterns=patterns(ranked),
        assessment=assessment,
        trace=trace,
    )
