"""kzlex compare: several scenarios (or one under several laws) side by side. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import BaseModel

from engine.features.outcome_diff import ArticleState, Heaviest, _right_verdicts, heaviest, state
from engine.features.scenario_edit import SETTABLE, current, display
from engine.knowledge.base import KnowledgeBase
from engine.model.base import Frozen
from engine.model.facts import model_in
from engine.model.result import DISCLAIMER, Result, RightVerdict, Verdict
from engine.model.scenario import Scenario

TOP_CASES = 3


def field_order() -> list[str]:
    """Settable fields in the order SCENARIO_FORMAT.md tells a scenario, not alphabetically."""
    out: list[str] = []

    def walk(model: type[BaseModel], prefix: str) -> None:
        for name, info in model.model_fields.items():
            path = f"{prefix}{name}"
            nested = model_in(info.annotation)
            if nested is not None:
                walk(nested, path + ".")
            elif path in SETTABLE:
                out.append(path)

    walk(Scenario, "")
    return out


class Column(Frozen):
    label: str
    scenario: str | None
    title: str | None
    law: str
    law_as_of: str
    verdict: Verdict
    rights: dict[str, RightVerdict]
    heaviest: Heaviest | None
    precedents: list[str]  # the closest real cases, "id (similarity)"
    notes: list[str]


class FactRow(Frozen):
    field: str
    values: list[str]


class ArticleRow(Frozen):
    code: str
    article: str
    title: str
    cells: list[ArticleState | None]


class Comparison(Frozen):
    columns: list[Column]
    facts: list[FactRow]  # only the facts on which the columns differ
    articles: list[ArticleRow]
    disclaimer: str = DISCLAIMER


@dataclass(frozen=True)
class Entry:
    """One column: a scenario evaluated under one law (its own knowledge base)."""

    label: str
    law: str
    scenario: Scenario
    result: Result
    kb: KnowledgeBase


def side_by_side(entries: Sequence[Entry]) -> Comparison:
    """The columns, the facts that differ between them, and every article any of them reaches."""
    facts: list[FactRow] = []
    for path in field_order():
        values = [display(current(e.scenario, path)) for e in entries]
        if len(set(values)) > 1:
            facts.append(FactRow(field=path, values=values))
    order: dict[tuple[str, str], str] = {}
    for e in entries:
        for a in e.result.articles:
            order.setdefault((a.code, a.article), a.title)
    articles = [
        ArticleRow(
            code=code,
            article=article,
            title=title,
            cells=[
                next((state(a) for a in e.result.articles if (a.code, a.article) == (code, article)), None)
                for e in entries
            ],
        )
        for (code, article), title in order.items()
    ]
    columns = [
        Column(
            label=e.label,
            scenario=e.scenario.id,
            title=e.scenario.title,
            law=e.law,
            law_as_of=e.result.law_as_of,
            verdict=e.result.assessment.verdict,
            rights=_right_verdicts(e.result),
            heaviest=heaviest(e.kb, e.result),
            precedents=[f"{p.id} ({p.similarity:.2f})" for p in e.result.precedents[:TOP_CASES]],
            notes=list(e.result.law_notes),
        )
        for e in entries
    ]
    return Comparison(columns=columns, facts=facts, articles=articles)
