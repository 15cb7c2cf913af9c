"""The ladder: one act climbed fact by fact, from harmless to the version that drew a sentence.

Each rung is one evaluation of the scenario with some of its aggravating facts taken away; the
rules decide every rung. Which facts are taken away, to what, and in what order they come back
is data (`harmless` in rules/features/chill_presets.yaml), kzlex's own teaching preset.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from engine.features.chill_grid import current_data, presets
from engine.features.chill_scale import penalty_of, severity, severity_label
from engine.features.outcome_diff import ArticleState, most_serious, short_penalty, state, years
from engine.features.scenario_edit import display, put, scenario_data
from engine.model.base import Frozen
from engine.model.ids import cite
from engine.model.result import DISCLAIMER, Verdict
from engine.model.scenario import Scenario
from engine.reasoning.evaluate import Engine, evaluate


class Rung(Frozen):
    step: int
    added: str | None  # the fact added at this rung, "field = value"; None for the harmless start
    field: str | None
    article: ArticleState | None
    penalty: str | None
    years: float
    severity: int | None  # index in SEVERITY (0: no article); None when the penalty is not known
    severity_label: str
    articles: list[str]  # every article that applies, cited
    appears: list[str]
    drops: list[str]
    verdict: Verdict


class Ladder(Frozen):
    scenario: str | None
    title: str | None
    law_as_of: str
    harmless: list[str]  # the facts taken away for rung 0, as "field = harmless value"
    rungs: list[Rung]
    disclaimer: str = DISCLAIMER


def harmless() -> tuple[tuple[str, Any], ...]:
    """Each fact to take away for the harmless version and its harmless value, in the order they come back."""
    return tuple(copy.deepcopy(list(presets().harmless.items())))


def ladder(eng: Engine, scenario: Scenario, *, today: dt.date, as_of: dt.date | None = None) -> Ladder:
    """From the act with every aggravating fact taken away, back to the act, one fact per rung.

    Only facts the scenario states are taken away (an unknown fact stays unknown on every
    rung), so the last rung is the scenario itself.
    """
    real = scenario_data(scenario)
    steps: list[tuple[str, Any, Any]] = []  # field, harmless value, real value
    for field, harmless_value in harmless():
        have = current_data(real, field)
        if have is None or have == "unknown":
            continue  # only what the scenario states is taken away
        if field.startswith("assembly.") and "assembly" not in real:
            continue
        if have != harmless_value:
            steps.append((field, harmless_value, have))
    data = scenario_data(scenario)
    for field, harmless_value, _ in steps:
        put(data, field, harmless_value)
    start = Scenario.model_validate(data)
    rungs: list[Rung] = []
    law_as_of = ""
    before: set[str] | None = None
    current_s = start
    for n, step in enumerate([None, *steps]):
        if step is not None:
            field, _, value = step
            put(data, field, value)
            current_s = Scenario.model_validate(data)
        result = evaluate(eng, current_s, today=today, as_of=as_of)
        top = most_serious(result)
        level = severity(penalty_of(eng.kb, state(top))) if top else 0
        cited = [cite(a.code, a.article, a.part) for a in result.articles if a.status == "applies"]
        now = set(cited)
        rungs.append(
            Rung(
                step=n,
                added=None if step is None else f"{step[0]} = {display(_claims_label(step[0], step[2]))}",
                field=None if step is None else step[0],
                article=state(top) if top else None,
                penalty=short_penalty(eng.kb, top) if top else None,
                years=years(top.heaviest_days) if top else 0.0,
                severity=level,
                severity_label=severity_label(level),
                articles=cited,
                appears=[c for c in cited if before is not None and c not in before],
                drops=sorted(before - now) if before is not None else [],
                verdict=result.assessment.verdict,
            )
        )
        before = now
        law_as_of = result.law_as_of
    return Ladder(
        scenario=scenario.id,
        title=scenario.title,
        law_as_of=law_as_of,
        harmless=[f"{field} = {display(value)}" for field, value, _ in steps],
        rungs=rungs,
    )


def _claims_label(field: str, value: Any) -> Any:
    if field == "content.claims" and isinstance(value, list):
        return f"{len(value)} claim{'s' if len(value) != 1 else ''} of fact"
    return value
