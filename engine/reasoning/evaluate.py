"""One scenario through the stages: definitions -> each article -> ICCPR; then ranking.

The rules engine draws every conclusion (derived facts, elements, parts, exemptions, engaged
rights, test steps, the Rabat threshold). This module only moves facts between stages, applies
the law in time (which version, lex mitior), ranks, and folds test conclusions into verdicts.
It never prints and never reads files: the knowledge base and the date come in as arguments.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from engine.knowledge.base import KnowledgeBase
from engine.model.dates import CODES_START
from engine.model.facts import Feature, features, field_value
from engine.model.ids import cite
from engine.model.result import (
    ArticleOut,
    AssessmentOut,
    PrecedentOut,
    ProvisionAssessmentOut,
    Result,
    TraceOut,
)
from engine.model.scenario import Scenario
from engine.reasoning import assess, policy
from engine.reasoning.compiler import DEFINITIONS, ICCPR, RuleIndex, compile_all, day_number, unknown_paths
from engine.reasoning.law_stage import articles_found, law_stage
from engine.reasoning.runtime import Fact, KeyedFacts, Prepared, Reasoner, prepare
from engine.reasoning.similarity import patterns, rank, summarise
from engine.reasoning.trace import trace_lines


class Engine(NamedTuple):
    """A knowledge base and its compiled rules: built once per process, reused per scenario."""

    kb: KnowledgeBase
    reasoner: Reasoner
    rules: RuleIndex  # rule id -> what it is about and its source, recorded as it was compiled
    asks_unknown: frozenset[str]  # fields whose absence some rule reasons about


# What a knowledge base compiles to: the rulesets (prepared for the C engine), the rule index,
# the fields asked about when unknown.
Compiled = tuple[dict[str, Prepared], RuleIndex, frozenset[str]]

_ENGINES: dict[KnowledgeBase, Engine] = {}  # by identity: one engine per knowledge-base object


def compile_kb(kb: KnowledgeBase) -> Compiled:
    """Everything an Engine needs besides the C engine's own rulesets: plain data, so a snapshot
    (`engine.reasoning.engine_cache`) can store it."""
    index: RuleIndex = {}
    rulesets = {name: prepare(name, rules) for name, rules in compile_all(kb, index).items()}
    return rulesets, index, unknown_paths(kb)


def engine_for(kb: KnowledgeBase, compiled: Compiled | None = None) -> Engine:
    """The engine of `kb`, built once per process. `compiled`, read back from a snapshot, spares
    compiling; the C engine's rulesets cannot be stored, so the Reasoner is built every run."""
    engine = _ENGINES.get(kb)
    if engine is None:
        rulesets, index, asks = compiled if compiled is not None else compile_kb(kb)
        engine = _ENGINES[kb] = Engine(kb=kb, reasoner=Reasoner(rulesets), rules=index, asks_unknown=asks)
    return engine


def _as_facts(scenario: Scenario, found: list[Feature], act_date: dt.date, asks_unknown: frozenset[str]) -> list[Fact]:
    facts = [{"kind": "f", "name": name, "value": value} for name, value in found]
    facts.append({"kind": "f", "name": "date", "value": day_number(act_date)})
    facts += [{"kind": "u", "name": p} for p in sorted(asks_unknown) if field_value(scenario, p) is None]
    return facts


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
    base: KeyedFacts,
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
        concluded, firings = eng.reasoner.run(ICCPR, base.plus(_sorted_unique(extra)))
        trace.extend(trace_lines(f"{ICCPR} {label}".strip(), firings, eng.rules))
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
    found = features(scenario)
    given = KeyedFacts(_as_facts(scenario, found, act_date, eng.asks_unknown))
    derived, firings = eng.reasoner.run(DEFINITIONS, given)
    trace = trace_lines(DEFINITIONS, firings, eng.rules)
    base = given.plus([f for f in derived if f["kind"] == "d"])
    findings, law_trace = law_stage(eng.kb, eng.reasoner, eng.rules, act_date, base)
    trace.extend(law_trace)
    ranked = rank(scenario, eng.kb.precedents, found)
    articles = articles_found(scenario, findings, ranked, today)
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
    precedents: list[PrecedentOut] = [summarise(m) for m in ranked[: policy.TOP_PRECEDENTS]]
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
