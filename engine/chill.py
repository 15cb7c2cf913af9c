"""The chilling-effect matrix and the ladder: how little it takes to reach a prison term.

A trainer's room needs to see the whole landscape at once (ordinary acts against ordinary
topics, each cell the most serious article and what it carries) and then one act climbed fact
by fact from harmless to the version that drew a sentence. Both are only many evaluations of
variants of one scenario; the rules decide every cell, this module only lays out the grid, the
ladder and the heatmap.

Pure, except `write_heatmap`, whose job is to write the image the user asked for.
"""

from __future__ import annotations

import atexit
import datetime as dt
import os
import shutil
import tempfile
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from engine.atomic import atomic_path
from engine.errors import InputError
from engine.evaluate import Engine, evaluate
from engine.knowledge import KnowledgeBase
from engine.loader import validate
from engine.result import DISCLAIMER, Result, Verdict, cite
from engine.scenario import Scenario
from engine.variation import (
    ArticleState,
    allowed_values,
    check_field,
    display,
    most_serious,
    parse_value,
    put,
    scenario_data,
    short_penalty,
    state,
    years,
)

TOPIC = "topic"  # a pseudo-field: a topic sets themes, targets and calls together

DEFAULT_ACTS = ("post", "repost", "comment", "poll", "video", "message", "protest_call")

# What each topic means as facts. Only what the topic itself says: no call to violence, no
# insult, no false claim, so the grid shows what the subject alone can carry.
TOPICS: dict[str, dict[str, Any]] = {
    "government_criticism": {"content.themes": ["government_criticism"], "content.targets": ["the_authorities"]},
    "ethnicity": {"content.themes": ["ethnicity"], "content.targets": ["ethnic_group"]},
    "religion": {"content.themes": ["religion"], "content.targets": ["religious_group"]},
    "land_reform": {"content.themes": ["land_reform", "government_criticism"]},
    "secession": {"content.themes": ["secession"]},
    "corruption": {
        "content.themes": ["corruption", "officials"],
        "content.targets": ["named_official"],
        "content.form": "factual_claim",
    },
    "assembly": {"content.themes": ["assembly"], "content.calls_to": ["assembly"]},
}

# What each act implies, so a row is the act as people do it: a repost passes on someone
# else's words with approval; a message goes to a closed chat; a call to protest is a call to
# a gathering the authorities refused. Set after the base and before the column.
ACTS: dict[str, dict[str, Any]] = {
    "post": {"authorship": "own"},
    "repost": {"authorship": "shared", "stance": "endorses"},
    "comment": {"authorship": "own"},
    "poll": {"authorship": "own", "content.form": "question"},
    "video": {"authorship": "own"},
    "message": {"authorship": "own", "reach.public": False},
    "protest_call": {
        "authorship": "own",
        "content.calls_to": ["assembly"],
        "assembly.role": "organiser",
        "assembly.notified": True,
        "assembly.permission_refused": True,
        "assembly.peaceful": True,
    },
}

# Lists a preset adds to rather than replaces: a protest call about land reform calls for the
# gathering and keeps whatever else the topic calls for.
_MERGED = {"content.calls_to"}

MAX_AXIS = 30  # 30 x 30 cells is already ~15 s; a grid larger than that is a mistake


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class Cell(_Out):
    row: str
    col: str
    article: ArticleState | None  # the most serious article that applies
    penalty: str | None  # its heaviest sanction, in short
    years: float  # heaviest_days / 365: years of prison (restriction of liberty counts half)
    penalty_known: bool
    cases: int  # real cases charged under that article
    case_ids: list[str]
    possible: list[str]  # articles one unstated fact away, when none applies
    verdict: Verdict


class Grid(_Out):
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
# Axes


def default_base(day: dt.date) -> Scenario:
    """A public Facebook post by an ordinary user: the most ordinary act there is."""
    return Scenario.model_validate(
        {
            "id": "chill-base",
            "title": "A public Facebook post by an ordinary user",
            "date": day.isoformat(),
            "act": "post",
            "platform": "facebook",
            "reach": {"public": True},
            "speaker": {"role": "ordinary_user"},
            "authorship": "own",
            "content": {"calls_to": [], "insulting_terms": False, "form": "opinion"},
        }
    )


def axis(spec: str, option: str) -> tuple[str, list[str]]:
    """`FIELD` or `FIELD=V1,V2,...`: the field and its values (every value, for an enum or a flag)."""
    field, _, raw = spec.partition("=")
    field = field.strip()
    if field == TOPIC:
        values = [v.strip() for v in raw.split(",") if v.strip()] if raw else list(TOPICS)
        for v in values:
            if v not in TOPICS:
                raise InputError(f"{option} topic={v}: '{v}' is not a topic; use one of {', '.join(TOPICS)}")
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
            values = list(DEFAULT_ACTS)
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
    if field == TOPIC:
        return list(TOPICS[value].items())
    parsed = parse_value(field, value)
    out: list[tuple[str, Any]] = [(field, parsed)]
    if field == "act":
        out = list(ACTS.get(value, {}).items()) + out
    return out


def cell_scenario(base: Scenario, row: tuple[str, str], col: tuple[str, str]) -> Scenario:
    """The base, then the row's facts, then the column's; calls to act are added up, not replaced."""
    data = scenario_data(base)
    for field, value in _changes(*row) + _changes(*col):
        if field in _MERGED and isinstance(value, list):
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


def cell(kb: KnowledgeBase, row: str, col: str, result: Result) -> Cell:
    top = most_serious(result)
    possible = sorted(
        (a for a in result.articles if a.status == "possible"), key=lambda a: (-a.heaviest_days, a.code, a.article)
    )
    if top is None:
        return Cell(
            row=row,
            col=col,
            article=None,
            penalty=None,
            years=0.0,
            penalty_known=True,
            cases=0,
            case_ids=[],
            possible=[cite(a.code, a.article, a.part) for a in possible[:3]],
            verdict=result.assessment.verdict,
        )
    ids = charged_cases(kb, top.code, top.article)
    return Cell(
        row=row,
        col=col,
        article=state(top),
        penalty=short_penalty(kb, top),
        years=years(top.heaviest_days),
        penalty_known=top.heaviest_days > 0,
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
            line.append(cell(eng.kb, r, c, result))
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


# ---------------------------------------------------------------------------------------------
# The heatmap

FIGSIZE = (13.333, 7.5)  # inches: a 16:9 slide
DPI = 150  # 2000 x 1125 pixels
AXES = (0.15, 0.29, 0.72, 0.6)  # left, bottom, width, height of the grid, as fractions of the slide
CAPTION = "kzlex: advice about legal risk, not a verdict"


def _private_matplotlib_config() -> None:
    """Keep matplotlib's font cache out of the home directory: kzlex writes only the files the
    user names. A temporary folder, removed at exit, unless the user chose one (MPLCONFIGDIR)."""
    if "MPLCONFIGDIR" not in os.environ:
        folder = tempfile.mkdtemp(prefix="kzlex-matplotlib-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        os.environ["MPLCONFIGDIR"] = folder


def write_heatmap(g: Grid, path: Path, fmt: Literal["png", "svg"]) -> None:
    """Draw the grid as a heatmap (years of prison) and write it whole or not at all.

    Deterministic: no dates or software versions in the file, a fixed SVG hash salt, and glyphs
    drawn as paths, so the same grid gives the same bytes and a slide deck can be diffed.
    """
    _private_matplotlib_config()
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import colormaps
    from matplotlib.colors import Normalize
    from matplotlib.figure import Figure

    nrows, ncols = len(g.rows), len(g.cols)
    values = [[c.years for c in line] for line in g.cells]
    top = max([max(line) for line in values] + [10.0])
    cmap = colormaps["YlOrRd"]
    norm = Normalize(vmin=0, vmax=top)
    # Three lines per cell where they fit, else one; the font is the largest that fits the cell.
    row_pt = AXES[3] * FIGSIZE[1] * 72 / nrows
    col_pt = AXES[2] * FIGSIZE[0] * 72 / ncols
    stacked = row_pt >= 3 * 1.3 * 8
    lines, chars = (3, 17) if stacked else (1, 30)
    cell_font = max(5.0, min(11.0, row_pt / (lines * 1.3 + 0.6), col_pt / (chars * 0.62)))
    sep = "\n" if stacked else " · "
    rc: dict[str, Any] = {
        "svg.hashsalt": "kzlex",
        "svg.fonttype": "path",
        "font.family": "DejaVu Sans",
        "font.size": 12,
        "axes.titlesize": 18,
        "axes.labelsize": 14,
        "xtick.labelsize": 12 if ncols <= 8 else 10,
        "ytick.labelsize": 12 if nrows <= 10 else 10,
    }
    with matplotlib.rc_context(rc):  # type: ignore[arg-type]
        fig = Figure(figsize=FIGSIZE, dpi=DPI)
        ax = fig.add_axes(AXES)
        cax = fig.add_axes((0.895, 0.29, 0.016, 0.6))
        image = ax.imshow(values, cmap=cmap, norm=norm, aspect="auto")
        for i, line in enumerate(g.cells):
            for j, c in enumerate(line):
                if c.article is None:
                    ax.add_patch(_blank(i, j))
                    text = (
                        "no article"
                        if not c.possible
                        else f"possible:\n{c.possible[0]}"
                        if stacked
                        else f"possible {c.possible[0]}"
                    )
                    colour = "#555555"
                else:
                    pen = (c.penalty or "").replace("*", "") if c.penalty_known else "penalty ?"
                    cases = f"{c.cases} case{'s' if c.cases != 1 else ''}"
                    text = sep.join((c.article.cite, pen, cases))
                    colour = "white" if norm(c.years) > 0.55 else "black"
                ax.text(j, i, text, ha="center", va="center", color=colour, fontsize=cell_font, linespacing=1.25)
        ax.set_xticks(range(ncols), [_wrap(label(c)) for c in g.cols])
        ax.set_yticks(range(nrows), [label(r) for r in g.rows])
        ax.set_xticks([x - 0.5 for x in range(1, ncols)], minor=True)
        ax.set_yticks([y - 0.5 for y in range(1, nrows)], minor=True)
        ax.grid(which="minor", color="white", linewidth=2)
        ax.tick_params(which="both", length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.set_xlabel(_axis_title(g.cols_field), labelpad=8)
        ax.set_ylabel(_axis_title(g.rows_field), labelpad=10)
        fig.text(
            0.15,
            0.955,
            f"What an ordinary act can carry: heaviest penalty by {g.rows_field} and {g.cols_field}",
            fontsize=18,
            va="top",
        )
        bar = fig.colorbar(image, cax=cax)
        bar.set_label("heaviest penalty, years of prison", fontsize=13)
        caption = (
            f"Law in force on {g.law_as_of}. Base: {g.base_label}. Each cell: the most serious article that applies, "
            "its heaviest penalty and the number of real cases in kzlex's records charged under that article; the "
            "colour is years of prison (restriction of liberty counts half). Grey: no article applies."
        )
        if "act" in (g.rows_field, g.cols_field):
            caption += (
                " A repost shares another's words with approval; a message goes to a closed chat; a protest call "
                "is for a gathering the authorities refused."
            )
        caption += f" {CAPTION}."
        fig.text(0.15, 0.025, textwrap.fill(caption, 148), fontsize=10.5, color="#333333", va="bottom", linespacing=1.4)
        metadata: dict[str, Any] = {"Date": None} if fmt == "svg" else {"Software": None}
        with atomic_path(path) as (_fd, tmp):
            fig.savefig(tmp, format=fmt, metadata=metadata)


def _wrap(text: str) -> str:
    return textwrap.fill(text, 14)


def _blank(i: int, j: int) -> Any:
    from matplotlib.patches import Rectangle

    return Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor="#e6e6e6", edgecolor="white", linewidth=2)


def _axis_title(field: str) -> str:
    if field == TOPIC:
        return "topic (content.themes, content.targets)"
    return field


# ---------------------------------------------------------------------------------------------
# The ladder

# Facts to take away for the harmless version, in the order they come back: first what is
# said, then who wrote it, then how far it went, then who said it, then the gathering, then the
# context. Mitigating facts (removed quickly, the form) stay as the scenario has them.
HARMLESS: tuple[tuple[str, Any], ...] = (
    ("content.themes", []),
    ("content.targets", []),
    ("content.insulting_terms", False),
    ("content.calls_to", []),
    ("content.claims", []),
    ("content.imminent", False),
    ("authorship", "own"),
    ("stance", "neutral"),
    ("reach.public", False),
    ("reach.audience", None),
    ("platform", "offline"),
    ("speaker.role", "ordinary_user"),
    ("speaker.official_position", False),
    ("speaker.leads_public_association", False),
    ("speaker.with_others", False),
    ("speaker.repeat", False),
    ("assembly.permission_refused", False),
    ("assembly.notified", True),
    ("assembly.place_designated", True),
    ("assembly.peaceful", True),
    ("context.tension", "none"),
    ("context.complaint_by", "none"),
)


class Rung(_Out):
    step: int
    added: str | None  # the fact added at this rung, "field = value"; None for the harmless start
    field: str | None
    article: ArticleState | None
    penalty: str | None
    years: float
    articles: list[str]  # every article that applies, cited
    appears: list[str]
    drops: list[str]
    verdict: Verdict


class Ladder(_Out):
    scenario: str | None
    title: str | None
    law_as_of: str
    harmless: list[str]  # the facts taken away for rung 0, as "field = harmless value"
    rungs: list[Rung]
    disclaimer: str = DISCLAIMER


def ladder(eng: Engine, scenario: Scenario, *, today: dt.date, as_of: dt.date | None = None) -> Ladder:
    """From the act with every aggravating fact taken away, back to the act, one fact per rung.

    Only facts the scenario states are taken away (an unknown fact stays unknown on every
    rung), so the last rung is the scenario itself.
    """
    real = scenario_data(scenario)
    steps: list[tuple[str, Any, Any]] = []  # field, harmless value, real value
    for field, harmless in HARMLESS:
        have = current_data(real, field)
        if have is None or have == "unknown":
            continue  # only what the scenario states is taken away
        if field.startswith("assembly.") and "assembly" not in real:
            continue
        if have != harmless:
            steps.append((field, harmless, have))
    data = scenario_data(scenario)
    for field, harmless, _ in steps:
        put(data, field, harmless)
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
