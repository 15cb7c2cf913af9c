"""The chilling-effect grid: ordinary acts against ordinary topics, each cell the most serious
article and what it carries.

A trainer's room needs to see the whole landscape at once. The grid is only many evaluations of
variants of one scenario: the rules decide every cell, this module lays out the axes and reads
each result into a cell. What an act or a topic means as facts is data
(rules/features/chill_presets.yaml), kzlex's own teaching presets.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Sequence
from typing import Any

from engine.features.chill_scale import SEVERITY, penalty_of, severity, severity_label
from engine.features.outcome_diff import ArticleState, most_serious, short_penalty, state, years
from engine.features.scenario_edit import allowed_values, check_field, current, parse_value, put, scenario_data
from engine.knowledge.base import KnowledgeBase
from engine.knowledge.feature_files import chill_presets
from engine.knowledge.safe_yaml import validate
from engine.model.base import Frozen
from engine.model.errors import InputError
from engine.model.ids import cite
from engine.model.precedent import Precedent
from engine.model.presets import ChillPresets
from engine.model.result import DISCLAIMER, Result, Verdict
from engine.model.scenario import Scenario
from engine.reasoning.evaluate import Engine, evaluate

TOPIC = "topic"  # a pseudo-field: a topic sets themes, targets and calls together
MAX_AXIS = 30  # 30 x 30 cells is already ~15 s; a grid larger than that is a mistake


class Cell(Frozen):
    row: str
    col: str
    article: ArticleState | None  # the most serious article that applies
    penalty: str | None  # its heaviest sanction, in short
    years: float  # heaviest_days / 365: years of prison (restriction of liberty counts half)
    penalty_known: bool
    severity: int | None  # index in SEVERITY; None when the penalty is not known
    severity_label: str  # SEVERITY[severity], or NOT_KNOWN
    cases: int  # real cases charged under that article whose facts match the row and the column
    case_ids: list[str]
    possible: list[str]  # articles one unstated fact away, when none applies
    verdict: Verdict


class Grid(Frozen):
    rows_field: str
    cols_field: str
    rows: list[str]
    cols: list[str]
    cells: list[list[Cell]]
    law_as_of: str
    base: dict[str, Any]
    base_label: str
    disclaimer: str = DISCLAIMER


# ---------------------------------------------------------------------------------------------
# The presets, by name


def presets() -> ChillPresets:
    """rules/features/chill_presets.yaml, read on first use (a broken file fails the command, not the import)."""
    return chill_presets()


def default_acts() -> tuple[str, ...]:
    return tuple(presets().acts)


def acts() -> dict[str, dict[str, Any]]:
    """What each act implies, so a row is the act as people do it; set after the base, before the column."""
    return {name: copy.deepcopy(p.sets) for name, p in presets().acts.items()}


def topics() -> dict[str, dict[str, Any]]:
    """What each topic means as facts: only what the topic itself says."""
    return {name: copy.deepcopy(p.sets) for name, p in presets().topics.items()}


def topic_theme() -> dict[str, str]:
    """The theme that names each topic: a real case is on the topic when its themes include it."""
    out: dict[str, str] = {}
    for name, p in presets().topics.items():
        themes = p.sets.get("content.themes")  # a list of one or more: engine/knowledge/feature_files.py checks it
        out[name] = str(themes[0]) if isinstance(themes, list) and themes else ""
    return out


# ---------------------------------------------------------------------------------------------
# Axes


def default_base(day: dt.date) -> Scenario:
    """The preset base (a public Facebook post by an ordinary user), on the law's date."""
    start = presets().base.scenario.model_dump(mode="json", exclude_none=True)
    return Scenario.model_validate({**start, "date": day.isoformat()})


def axis(spec: str, option: str) -> tuple[str, list[str]]:
    """`FIELD` or `FIELD=V1,V2,...`: the field and its values (every value, for an enum or a flag)."""
    field, _, raw = spec.partition("=")
    field = field.strip()
    if field == TOPIC:
        known = list(presets().topics)
        values = [v.strip() for v in raw.split(",") if v.strip()] if raw else known
        for v in values:
            if v not in known:
                raise InputError(f"{option} topic={v}: '{v}' is not a topic; use one of {', '.join(known)}")
    else:
        try:
            check_field(field, option)
        except InputError as exc:
            raise InputError(f"{exc}, or {TOPIC} (themes, targets and calls together)") from None
        if raw:
            values = [v.strip() for v in raw.split(",") if v.strip()]
            for v in values:
                parse_value(field, v, option)  # a list value joins its items with +
        elif field == "act":
            values = list(default_acts())
        else:
            values = allowed_values(field)
            if not values:
                raise InputError(
                    f"{option} {field}: give the values to compare, e.g. {option} {field}="
                    + ("100,10000,1000000" if field == "reach.audience" else "V1,V2")
                )
    if not values:
        raise InputError(f"{option} {spec}: no values to show")
    if len(values) > MAX_AXIS:
        raise InputError(f"{option} {field}: {len(values)} values; give at most {MAX_AXIS} (FIELD=V1,V2,...)")
    return field, list(dict.fromkeys(values))


def _changes(field: str, value: str) -> list[tuple[str, Any]]:
    """The facts a row or column value sets: copies, so no cell can change the cached presets."""
    if field == TOPIC:
        return copy.deepcopy(list(presets().topics[value].sets.items()))
    parsed = parse_value(field, value)
    out: list[tuple[str, Any]] = [(field, parsed)]
    if field == "act":
        preset = presets().acts.get(value)
        out = (copy.deepcopy(list(preset.sets.items())) if preset else []) + out
    return out


def cell_scenario(base: Scenario, row: tuple[str, str], col: tuple[str, str]) -> Scenario:
    """The base, then the row's facts, then the column's; calls to act are added up, not replaced."""
    data = scenario_data(base)
    adds_to = presets().adds_to
    for field, value in _changes(*row) + _changes(*col):
        if field in adds_to and isinstance(value, list):
            have = current_data(data, field) or []
            value = list(dict.fromkeys([*have, *value]))
        put(data, field, value)
    return validate(Scenario, data, origin=f"cell {row[0]}={row[1]}, {col[0]}={col[1]}")


def current_data(data: dict[str, Any], path: str) -> Any:
    """A dotted field of scenario data, None when absent."""
    node: Any = data
    for step in path.split("."):
        if not isinstance(node, dict) or step not in node:
            return None
        node = node[step]
    return node


# ---------------------------------------------------------------------------------------------
# The grid


def charged_cases(kb: KnowledgeBase, code: str, article: str) -> list[str]:
    """Real cases whose charges include the article: the record behind a cell."""
    return sorted(
        c.id for c in kb.precedents if any(ch.code == code and ch.article == article for ch in c.outcome.charges)
    )


def case_matches(case: Precedent, field: str, value: str) -> bool:
    """Whether a real case has the fact a row or column sets: its act, its topic's theme, its value."""
    if field == TOPIC:
        return topic_theme()[value] in [t.value for t in case.content.themes or []]
    want = parse_value(field, value)
    have = current(case, field)
    if have is None:
        return False
    if isinstance(want, list):
        items = have if isinstance(have, list) else [have]
        return set(want) <= set(items) if want else items == []
    return bool(have == want)


def cell_cases(kb: KnowledgeBase, code: str, article: str, axes: Sequence[tuple[str, str]]) -> list[str]:
    """The real cases charged under the article whose facts match the cell's row and column."""
    ids = set(charged_cases(kb, code, article))
    return sorted(
        c.id for c in kb.precedents if c.id in ids and all(case_matches(c, field, value) for field, value in axes)
    )


def cell(kb: KnowledgeBase, row: tuple[str, str], col: tuple[str, str], result: Result) -> Cell:
    top = most_serious(result)
    possible = sorted(
        (a for a in result.articles if a.status == "possible"), key=lambda a: (-a.heaviest_days, a.code, a.article)
    )
    if top is None:
        return Cell(
            row=row[1],
            col=col[1],
            article=None,
            penalty=None,
            years=0.0,
            penalty_known=True,
            severity=0,
            severity_label=SEVERITY[0],
            cases=0,
            case_ids=[],
            possible=[cite(a.code, a.article, a.part) for a in possible[:3]],
            verdict=result.assessment.verdict,
        )
    ids = cell_cases(kb, top.code, top.article, (row, col))
    level = severity(penalty_of(kb, state(top)))
    return Cell(
        row=row[1],
        col=col[1],
        article=state(top),
        penalty=short_penalty(kb, top),
        years=years(top.heaviest_days),
        penalty_known=top.heaviest_days > 0,
        severity=level,
        severity_label=severity_label(level),
        cases=len(ids),
        case_ids=ids,
        possible=[],
        verdict=result.assessment.verdict,
    )


def grid(
    eng: Engine,
    base: Scenario,
    rows: tuple[str, Sequence[str]],
    cols: tuple[str, Sequence[str]],
    *,
    today: dt.date,
    as_of: dt.date | None = None,
    base_label: str = "",
) -> Grid:
    """Every row value against every column value, on the base scenario."""
    if rows[0] == cols[0]:
        raise InputError(f"--rows and --cols are both {rows[0]}; choose two different fields")
    cells: list[list[Cell]] = []
    law_as_of = (as_of or base.date or today).isoformat()
    for r in rows[1]:
        line: list[Cell] = []
        for c in cols[1]:
            s = cell_scenario(base, (rows[0], r), (cols[0], c))
            result = evaluate(eng, s, today=today, as_of=as_of)
            law_as_of = result.law_as_of
            line.append(cell(eng.kb, (rows[0], r), (cols[0], c), result))
        cells.append(line)
    return Grid(
        rows_field=rows[0],
        cols_field=cols[0],
        rows=list(rows[1]),
        cols=list(cols[1]),
        cells=cells,
        law_as_of=law_as_of,
        base=scenario_data(base),
        base_label=base_label or base.title or base.id or "the base scenario",
    )


def label(value: str) -> str:
    return value.replace("_", " ")
