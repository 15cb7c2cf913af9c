"""What-if: a scenario with one fact changed, and what that changes in the answer.

Trainers need to show that one fact (a platform, a stance, a theme) moves an act from a fine
to years in prison, and why. Each variant is evaluated afresh by the rules; this module puts
the summaries, the diffs and the real-case notes together. Pure: no printing, no files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from engine.features.outcome_diff import ArticleState, Diff, Heaviest, diff, diff_lines, heaviest, state
from engine.features.real_case_notes import CaseNote, real_cases
from engine.features.whatif_variants import Variant, same_facts
from engine.knowledge.base import KnowledgeBase
from engine.model.base import Frozen
from engine.model.result import DISCLAIMER, Result, Verdict
from engine.model.scenario import Scenario
from engine.reasoning.evaluate import Engine, evaluate


class Summary(Frozen):
    articles: list[ArticleState]
    heaviest: Heaviest | None
    verdict: Verdict


class VariantOut(Frozen):
    label: str
    changes: list[dict[str, Any]]
    same_as_scenario: bool
    result: Summary
    diff: Diff
    says: list[str]
    real_cases: list[CaseNote]


class WhatIf(Frozen):
    scenario: str | None
    title: str | None
    law_as_of: str
    base: Summary
    variants: list[VariantOut]
    disclaimer: str = DISCLAIMER


def summary(kb: KnowledgeBase, result: Result) -> Summary:
    return Summary(
        articles=[state(a) for a in result.articles],
        heaviest=heaviest(kb, result),
        verdict=result.assessment.verdict,
    )


def whatif(
    eng: Engine, scenario: Scenario, chosen: Sequence[Variant], *, today: dt.date, as_of: dt.date | None = None
) -> WhatIf:
    """The scenario, then each variant against it: what changes, why, and what real cases say."""
    base = evaluate(eng, scenario, today=today, as_of=as_of)
    outs: list[VariantOut] = []
    for v in chosen:
        same = same_facts(v.scenario, scenario)
        result = base if same else evaluate(eng, v.scenario, today=today, as_of=as_of)
        d = diff(eng.kb, base, result, v.fields)
        says = diff_lines(d)
        if same:
            says.insert(0, "This is the scenario as given.")
        elif not d.changed:
            says.insert(0, "Nothing changes: the same articles and parts, the same heaviest penalty and ICCPR verdict.")
        elif not d.articles:
            says.insert(0, "The articles and parts stay the same.")
        if result.law_as_of != base.law_as_of:
            says.insert(0, f"The law in force on {result.law_as_of} applies (not that of {base.law_as_of}).")
        outs.append(
            VariantOut(
                label=v.label,
                changes=[{"field": c.field, "value": c.value} for c in v.changes],
                same_as_scenario=same,
                result=summary(eng.kb, result),
                diff=d,
                says=says,
                real_cases=real_cases(eng.kb, scenario, v, base, result),
            )
        )
    return WhatIf(
        scenario=scenario.id,
        title=scenario.title,
        law_as_of=base.law_as_of,
        base=summary(eng.kb, base),
        variants=outs,
    )
