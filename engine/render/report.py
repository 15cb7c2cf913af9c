"""What a written report says, prepared once for both formats (Markdown and HTML).

The result of `evaluate` names its sources as strings; a report must cite each, so this module
goes back to the knowledge base for the structured reference behind every string (the part,
penalty and version of an article, the sources of a case, the paragraphs of a test) and hands the
templates plain records plus `Ref`s. Footnote numbers are given by `Footnotes` as the template
first cites a source, so the numbering follows the reading order whatever the layout. A footnote
gives the short form and the passage ("GC 34, para 25"); the full citation of each source is
given once, in the bibliography at the end (`Footnotes.bibliography`). No file name, commit or
repository path reaches the reader (`engine.knowledge.bibliography.public_passage`).

The comparison table ("Kazakh provision against the international standard") is read from the
data: a provision's flags are the properties the ICCPR rules test, so the paragraphs a flag is
set against are those of the rules that read it and that decided a step of this assessment.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from engine.features.reform import Effect, change_done, change_label
from engine.knowledge.base import KnowledgeBase
from engine.knowledge.bibliography import ordered, public_passage, public_text
from engine.model.conditions import Condition, FlagCond, atoms
from engine.model.provision import Provision
from engine.model.reform import Reform
from engine.model.result import DISCLAIMER, ArticleOut, ElementOut, PatternOut, PrecedentOut, Result, RightOut, TestOut
from engine.model.rights import Standard, TestRule
from engine.model.scenario import Scenario
from engine.model.sources import Source, SourceRef
from engine.model.version import __version__

# ---------------------------------------------------------------- footnotes


@dataclass(frozen=True, order=True)
class Ref:
    """A source and the passage cited in it; one footnote per distinct pair."""

    doc: str
    passage: str | None = None


def ref_of(src: SourceRef) -> Ref:
    return Ref(src.doc, src.where)


def ref_of_label(label: str) -> Ref:
    """`GC34 para 25` -> (GC34, para 25); `ICCPR Art. 20(2)` -> (ICCPR, Art. 20(2)); keys hold no spaces."""
    doc, _, passage = label.partition(" ")
    return Ref(doc, passage or None)


@dataclass(frozen=True)
class Footnote:
    """One note: the source's short form and the passage, e.g. `GC 34, para 25`."""

    n: int
    key: str
    short: str
    passage: str | None

    @property
    def text(self) -> str:
        return f"{self.short}, {self.passage}" if self.passage else self.short

    def parts(self) -> list[str]:
        return [self.text]


@dataclass(frozen=True)
class BibEntry:
    """A source cited in the report: its short form and, once in the whole report, its full citation."""

    key: str
    anchor: str  # an HTML id made of the key
    short: str
    citation: str


def anchor(key: str) -> str:
    return "src-" + re.sub(r"[^A-Za-z0-9_-]", "-", key)


class Footnotes:
    """Numbers sources in the order they are first cited; the same source and passage keep one number."""

    def __init__(self, registry: dict[str, Source]) -> None:
        self._registry = registry
        self._numbers: dict[Ref, int] = {}
        self._cited: dict[str, None] = {}

    def number(self, ref: Ref) -> int:
        if ref not in self._numbers:
            self._numbers[ref] = len(self._numbers) + 1
        return self._numbers[ref]

    def cite(self, ref: Ref) -> None:
        """A citation shown in full in the text: no footnote, but its source goes in the bibliography."""
        self._cited.setdefault(ref.doc, None)

    def short(self, key: str) -> str:
        src = self._registry.get(key)
        return src.short_form() if src else key

    def passage(self, ref: Ref) -> str | None:
        return public_passage(ref.passage, self._registry) or None if ref.passage else None

    def label(self, ref: Ref) -> str:
        """The short citation shown in the text: `Amnesty 2017, 5. Elena Semyonova`."""
        passage = self.passage(ref)
        return f"{self.short(ref.doc)}, {passage}" if passage else self.short(ref.doc)

    def entries(self) -> list[Footnote]:
        return [
            Footnote(n=n, key=ref.doc, short=self.short(ref.doc), passage=self.passage(ref))
            for ref, n in sorted(self._numbers.items(), key=lambda item: item[1])
        ]

    def bibliography(self) -> list[BibEntry]:
        """Every source the report cited, each once, by short form."""
        keys = {ref.doc for ref in self._numbers} | set(self._cited)
        known = ordered(self._registry[k] for k in keys if k in self._registry)
        out = [BibEntry(s.key, anchor(s.key), s.short_form(), s.full_citation()) for s in known]
        out += [
            BibEntry(k, anchor(k), k, f"{k} (not in the source registry)") for k in sorted(keys - self._registry.keys())
        ]
        return out


# ---------------------------------------------------------------- records for the templates


@dataclass(frozen=True)
class Cited:
    """A label shown in the text (e.g. `GC34 para 25`) with the source its footnote gives."""

    label: str
    ref: Ref


@dataclass(frozen=True)
class FactRow:
    field: str
    value: str


@dataclass(frozen=True)
class ArticleView:
    heading: str  # "CC Art. 174(2)"
    title: str
    status: str
    part_id: str
    part_says: str | None
    penalty: str
    penalty_verified: bool
    penalty_ref: Ref | None
    version: str
    in_force: str
    version_verified: bool
    version_ref: Ref | None
    part_ref: Ref | None
    elements: list[ElementOut]
    notes: list[str]
    precedents: list[str]


@dataclass(frozen=True)
class CaseAssessment:
    by: str
    finding: str
    ref: Ref | None


@dataclass(frozen=True)
class PrecedentView:
    out: PrecedentOut
    charges: str
    refs: list[Ref]
    assessments: list[CaseAssessment]


@dataclass(frozen=True)
class TestView:
    title: str
    result: str
    reasons: list[str]
    citations: list[Cited]


@dataclass(frozen=True)
class RightView:
    right: str
    title: str
    verdict: str
    summary: str
    engaged_because: str
    threshold: str | None
    source: Ref
    tests: list[TestView]


@dataclass(frozen=True)
class CompareRow:
    provision: str
    feature: str  # "vague", or "critics"
    says: list[tuple[str, Ref]]  # what the provision does or what critics say, each with its source
    standards: list[Cited]
    findings: list[str]


@dataclass(frozen=True)
class ChangeView:
    label: str
    done: str
    why: str
    refs: list[Ref]


@dataclass(frozen=True)
class EffectView:
    label: str
    before: str
    after: str
    changes_outcome: bool


@dataclass(frozen=True)
class ReformView:
    name: str
    title: str
    summary: str
    changes: list[ChangeView]


@dataclass(frozen=True)
class ScenarioView:
    n: int
    heading: str
    id: str | None
    date: str
    top_article: str  # the first article the engine lists, or "none"
    facts: list[FactRow]
    summary: str | None
    text: str | None
    law_as_of: str
    law_notes: list[str]
    verdict: str
    verdict_summary: str
    missing_facts: list[str]
    provisions: list[tuple[str, str, str, str]]  # provision, status, verdict, the facts it turns on
    presumed: list[str]  # "field (source)"
    articles: list[ArticleView]
    precedents: list[PrecedentView]
    patterns: list[PatternOut]
    rights: list[RightView]
    compare: list[CompareRow]
    effects: list[EffectView] = field(default_factory=list)


@dataclass(frozen=True)
class ReportView:
    law: str
    law_title: str
    today: str
    disclaimer: str
    reform: ReformView | None
    scenarios: list[ScenarioView]
    title: str = "kzlex report"
    version: str = __version__
    law_date: str | None = None  # the latest code text the knowledge base read

    @property
    def how_to_cite(self) -> str:
        law = f"; Kazakh law texts as of {self.law_date}" if self.law_date else ""
        return f"{self.title}. Report generated by kzlex {self.version} on {self.today}{law}."


# ---------------------------------------------------------------- building


STATUS_WORDS = {
    "applies": "applies",
    "possible": "may apply (an element turns on a fact not given)",
    "exempt": "met, but exempted by the law",
    "no_longer_criminal": "met, but no longer criminal (repealed; lex mitior)",
}
RESULT_WORDS = {"pass": "pass", "fail": "fail", "uncertain": "uncertain"}
THRESHOLD_WORDS = {"pass": "reached", "fail": "not reached", "uncertain": "uncertain"}
_LONG_FIELDS = ("content.summary", "content.text")


def cite_article(a: ArticleOut) -> str:
    code = "CC" if a.code == "criminal" else "CAO"
    return f"{code} Art. {a.article}" + (f"({a.part})" if a.part else "")


def _flatten(data: Any, prefix: str = "") -> Iterable[tuple[str, Any]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _flatten(value, f"{prefix}{key}" if not prefix else f"{prefix}.{key}")
    else:
        yield prefix, data


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(_show(v) for v in value) if value else "none"
    return str(value)


def facts(scenario: Scenario) -> tuple[list[FactRow], str | None, str | None]:
    """What the scenario states, in the contract's field order: rows, then the summary and the text."""
    fields = set(Scenario.model_fields)
    data = scenario.model_dump(mode="json", exclude_unset=True, exclude_none=True, by_alias=True)
    rows: list[FactRow] = []
    for name in Scenario.model_fields:  # a precedent's outcome and sources are not facts of the act
        if name not in data or name not in fields or name in ("id", "title"):
            continue
        for path, value in _flatten({name: data[name]}):
            if path in _LONG_FIELDS:
                continue
            if path == "content.claims":
                for i, claim in enumerate(value, 1):
                    for key, v in claim.items():
                        rows.append(FactRow(f"content.claims[{i}].{key}", _show(v)))
                continue
            rows.append(FactRow(path, _show(value)))
    content = scenario.content
    return rows, content.summary, content.text


def _in_force(a: ArticleOut) -> str:
    start, end = a.in_force.get("from"), a.in_force.get("to")
    return f"in force from {start} to {end}" if end else f"in force from {start} (no end date)"


def _article(a: ArticleOut, kb: KnowledgeBase) -> ArticleView:
    p = kb.provision(a.code, a.article)
    version = next((v for v in p.versions if v.label == a.version), None) if p else None
    part = next((q for q in version.parts if q.id == a.part_id), None) if version else None
    return ArticleView(
        heading=cite_article(a),
        title=a.title,
        status=STATUS_WORDS.get(a.status, a.status),
        part_id=a.part_id,
        part_says=public_text(part.says.strip(), kb.sources) if part else None,
        penalty=public_text(part.penalty.text.strip() if part else a.penalty, kb.sources),
        penalty_verified=a.penalty_verified,
        penalty_ref=ref_of(part.penalty.source) if part else None,
        version=a.version,
        in_force=_in_force(a),
        version_verified=a.version_verified,
        version_ref=ref_of(version.source) if version else None,
        part_ref=ref_of(part.source) if part else None,
        elements=list(a.elements),
        notes=[public_text(n, kb.sources) for n in a.notes],
        precedents=list(a.precedents),
    )


def _charges(p: PrecedentOut) -> str:
    out = []
    for c in p.charges:
        text = c.code + (f" Art. {c.article}" if c.article else "") + (f"({c.part})" if c.part else "")
        out.append(text + (f" ({c.note})" if c.note else ""))
    return "; ".join(out) or "none recorded"


def _precedent(p: PrecedentOut, kb: KnowledgeBase) -> PrecedentView:
    case = kb.precedent(p.id)
    refs = [ref_of(s) for s in case.sources] if case else []
    assessments = (
        [
            CaseAssessment(a.by, public_text(a.finding.strip(), kb.sources), ref_of(a.source) if a.source else None)
            for a in case.outcome.assessments
        ]
        if case
        else []
    )
    return PrecedentView(out=p, charges=_charges(p), refs=refs, assessments=assessments)


def _rules_by_id(standards: tuple[Standard, ...]) -> dict[str, TestRule]:
    return {r.id: r for s in standards for t in s.tests for r in t.rules}


def _test(test: TestOut, kb: KnowledgeBase) -> TestView:
    return TestView(
        title=test.title,
        result=RESULT_WORDS[test.result],
        reasons=[public_text(r.strip(), kb.sources) for r in test.reasons],
        citations=[Cited(label, ref_of_label(label)) for label in test.citations],
    )


def _right(r: RightOut, kb: KnowledgeBase) -> RightView:
    standard = next(s for s in kb.standards if s.right == r.right)
    return RightView(
        right=r.right,
        title=r.title,
        verdict=r.verdict,
        summary=public_text(r.summary, kb.sources),
        engaged_because=public_text(r.engaged_because, kb.sources),
        threshold=THRESHOLD_WORDS[r.threshold] if r.threshold else None,
        source=ref_of(standard.source),
        tests=[_test(t, kb) for t in r.tests],
    )


def _flags_in(cond: Condition) -> set[str]:
    return {a.flag for a in atoms(cond) if isinstance(a, FlagCond)}


def _article_label(right: str) -> str:
    return right.replace("ICCPR-", "ICCPR Art. ")


def _against(
    flag: str, result: Result, a: ArticleOut, kb: KnowledgeBase, rules: dict[str, TestRule]
) -> tuple[list[Cited], list[str]]:
    """The paragraphs and findings of the rules that read `flag` and decided a step of this
    provision's own assessment."""
    cited: dict[str, Cited] = {}
    findings: list[str] = []
    own = next(
        (x for x in result.assessment.provisions if (x.code, x.article) == (a.code, a.article)),
        None,
    )
    for right in own.rights if own else []:
        standard = next(s for s in kb.standards if s.right == right.right)
        if flag in _flags_in(standard.engaged_when) and right.threshold is not None:
            label = f"{standard.source.doc} {standard.source.where}" if standard.source.where else standard.source.doc
            cited.setdefault(label, Cited(label, ref_of(standard.source)))
            cited.setdefault("ICCPR Art. 20(2)", Cited("ICCPR Art. 20(2)", Ref("ICCPR", "Art. 20(2)")))
            findings.append(f"{_article_label(right.right)}: Rabat threshold {THRESHOLD_WORDS[right.threshold]}")
        for test in right.tests:
            hit = [rules[rid] for rid in test.rules if rid in rules and flag in _flags_in(rules[rid].when)]
            if not hit:
                continue
            for rule in hit:
                for c in rule.citations:
                    cited.setdefault(c.label(), Cited(c.label(), ref_of_label(c.label())))
            findings.append(f"{_article_label(right.right)}, {test.title}: {RESULT_WORDS[test.result]}")
    return list(cited.values()), findings


def _critique_label(c: Any) -> str:
    head = c.by + (f", {c.ref}" if c.ref else "") + (f", para {c.para}" if c.para else "")
    return f"{head}: {c.says.strip()}"


def compare_rows(result: Result, kb: KnowledgeBase) -> list[CompareRow]:
    """Each article's flags and critiques, set against the paragraphs this assessment applied to it."""
    rules = _rules_by_id(kb.standards)
    rows: list[CompareRow] = []
    for a in result.articles:
        p: Provision | None = kb.provision(a.code, a.article)
        if p is None:
            continue
        name = f"{cite_article(a)}: {p.title}"
        live = a.status in ("applies", "possible")
        all_cited: dict[str, Cited] = {}
        all_findings: list[str] = []
        for flag in p.flags:
            if live:
                cited, findings = _against(flag.name, result, a, kb, rules)
            else:
                cited, findings = [], [f"not assessed: the article is {STATUS_WORDS[a.status]}"]
            if live and not findings:
                findings = ["no step of this assessment turned on it"]
            for c in cited:
                all_cited.setdefault(c.label, c)
            all_findings.extend(f for f in findings if f not in all_findings)
            rows.append(
                CompareRow(
                    name,
                    flag.name.replace("_", " "),
                    [(public_text(flag.why.strip(), kb.sources), ref_of(flag.source))],
                    cited,
                    findings,
                )
            )
        if p.critiques:
            rows.append(
                CompareRow(
                    name,
                    "critics",
                    [(public_text(_critique_label(c), kb.sources), ref_of(c.source)) for c in p.critiques],
                    list(all_cited.values()),
                    all_findings or ([f"not assessed: the article is {STATUS_WORDS[a.status]}"] if not live else []),
                )
            )
    return rows


def _effect(e: Effect) -> EffectView:
    return EffectView(label=e.label, before=e.before, after=e.after, changes_outcome=e.changes_outcome)


def reform_view(name: str, reform: Reform, kb: KnowledgeBase) -> ReformView:
    """The reform's changes with their reasons; `kb` is the law before the reform, which names them."""
    return ReformView(
        name=name,
        title=reform.title,
        summary=reform.summary.strip(),
        changes=[
            ChangeView(
                change_label(c, kb),
                change_done(c),
                public_text(c.why.strip(), kb.sources),
                [ref_of(s) for s in c.sources],
            )
            for c in reform.changes
        ],
    )


def scenario_view(
    n: int, scenario: Scenario, result: Result, kb: KnowledgeBase, effects: list[Effect] | None = None
) -> ScenarioView:
    rows, summary, text = facts(scenario)
    top = result.articles[0] if result.articles else None
    return ScenarioView(
        n=n,
        heading=result.title or scenario.title or result.scenario or f"Scenario {n}",
        id=result.scenario,
        date=str(scenario.date) if scenario.date else "not given",
        top_article=f"{cite_article(top)}: {top.title}" if top else "none",
        facts=rows,
        summary=summary.strip() if summary else None,
        text=text.strip() if text else None,
        law_as_of=result.law_as_of,
        law_notes=[public_text(n, kb.sources) for n in result.law_notes],
        verdict=result.assessment.verdict,
        verdict_summary=public_text(result.assessment.summary, kb.sources),
        missing_facts=list(result.assessment.missing_facts),
        provisions=[
            (p.provision or "the act alone", p.status or "", p.verdict, ", ".join(p.missing_facts))
            for p in result.assessment.provisions
        ],
        presumed=[f"{p.field} ({public_text(p.source, kb.sources)})" for p in result.assessment.presumed],
        articles=[_article(a, kb) for a in result.articles],
        precedents=[_precedent(p, kb) for p in result.precedents],
        patterns=list(result.patterns),
        rights=[_right(r, kb) for r in result.assessment.rights],
        compare=compare_rows(result, kb),
        effects=[_effect(e) for e in effects or []],
    )


def report_view(
    items: list[tuple[Scenario, Result, list[Effect] | None]],
    kb: KnowledgeBase,
    *,
    today: dt.date,
    law: str = "current",
    reform: ReformView | None = None,
    title: str | None = None,
) -> ReportView:
    """Everything the templates need. `kb` is the knowledge base the results were evaluated under."""
    scenarios = [scenario_view(n, s, r, kb, e) for n, (s, r, e) in enumerate(items, 1)]
    return ReportView(
        law=law,
        law_title=reform.title if reform else "the law in force on the date of each act",
        today=today.isoformat(),
        disclaimer=DISCLAIMER,
        reform=reform,
        scenarios=scenarios,
        title=title or default_title(scenarios),
        law_date=law_date(kb.sources),
    )


def default_title(scenarios: list[ScenarioView]) -> str:
    if len(scenarios) == 1:
        return f"kzlex report: {scenarios[0].heading}"
    return f"kzlex report: legal risk and ICCPR assessment of {len(scenarios)} scenarios"


def law_date(sources: dict[str, Source]) -> str | None:
    """The date of the latest code text read (an ISO day), which bounds what the report knows of the law."""
    days = [
        s.date
        for s in sources.values()
        if s.kind == "code_text" and s.date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", s.date)
    ]
    return max(days) if days else None
