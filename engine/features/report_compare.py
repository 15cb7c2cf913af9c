"""The comparison table of a report: each Kazakh provision against the international standard.

It is read from the data: a provision's flags are the properties the ICCPR rules test, so the
paragraphs a flag is set against are those of the rules that read it and that decided a step of
this provision's own assessment, and its findings are those steps' results. Deciding that is
reasoning about the law, so it lives here and not in a renderer.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.features.report_refs import (
    RESULT_WORDS,
    RIGHT_ARTICLES,
    STATUS_WORDS,
    THRESHOLD_WORDS,
    Cited,
    Ref,
    cite_article,
    cited,
    cited_source,
    ref_of,
)
from engine.knowledge.base import KnowledgeBase
from engine.knowledge.bibliography import public_text
from engine.model.conditions import Condition, FlagCond, atoms
from engine.model.provision import Critique, Provision
from engine.model.result import ArticleOut, Result
from engine.model.rights import Citation, Standard, TestRule

# A flag that engages Art. 20(2) is set against the article itself as well as the standard's
# source (the Rabat Plan), because the threshold is the article's own test.
ART_20_2 = Citation(doc="ICCPR", para="Art. 20(2)")


@dataclass(frozen=True)
class CompareRow:
    provision: str
    feature: str  # "vague", or "critics"
    says: list[tuple[str, Ref]]  # what the provision does or what critics say, each with its source
    standards: list[Cited]
    findings: list[str]


def _rules_by_id(standards: tuple[Standard, ...]) -> dict[str, TestRule]:
    return {r.id: r for s in standards for t in s.tests for r in t.rules}


def _flags_in(cond: Condition) -> set[str]:
    return {a.flag for a in atoms(cond) if isinstance(a, FlagCond)}


def _against(
    flag: str, result: Result, a: ArticleOut, kb: KnowledgeBase, rules: dict[str, TestRule]
) -> tuple[list[Cited], list[str]]:
    """The paragraphs and findings of the rules that read `flag` and decided a step of this
    provision's own assessment."""
    found: dict[str, Cited] = {}
    findings: list[str] = []
    own = next(
        (x for x in result.assessment.provisions if (x.code, x.article) == (a.code, a.article)),
        None,
    )
    for right in own.rights if own else []:
        standard = next(s for s in kb.standards if s.right == right.right)
        article = RIGHT_ARTICLES[right.right]
        if flag in _flags_in(standard.engaged_when) and right.threshold is not None:
            for c in (cited_source(standard.source), cited(ART_20_2)):
                found.setdefault(c.label, c)
            findings.append(f"{article}: Rabat threshold {THRESHOLD_WORDS[right.threshold]}")
        for test in right.tests:
            hit = [rules[rid] for rid in test.rules if rid in rules and flag in _flags_in(rules[rid].when)]
            if not hit:
                continue
            for rule in hit:
                for c in map(cited, rule.citations):
                    found.setdefault(c.label, c)
            findings.append(f"{article}, {test.title}: {RESULT_WORDS[test.result]}")
    return list(found.values()), findings


def _critique_label(c: Critique) -> str:
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
                standards, findings = _against(flag.name, result, a, kb, rules)
            else:
                standards, findings = [], [f"not assessed: the article is {STATUS_WORDS[a.status]}"]
            if live and not findings:
                findings = ["no step of this assessment turned on it"]
            for c in standards:
                all_cited.setdefault(c.label, c)
            all_findings.extend(f for f in findings if f not in all_findings)
            rows.append(
                CompareRow(
                    name,
                    flag.name.replace("_", " "),
                    [(public_text(flag.why.strip(), kb.sources), ref_of(flag.source))],
                    standards,
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
