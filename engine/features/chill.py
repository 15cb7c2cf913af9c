"""The chilling-effect matrix and the ladder: how little it takes to reach a prison term.

A trainer's room needs to see the whole landscape at once (ordinary acts against ordinary
topics, each cell the most serious article and what it carries) and then one act climbed fact
by fact from harmless to the version that drew a sentence. Both are only many evaluations of
variants of one scenario; the rules decide every cell, this module only lays out the grid, the
ladder and the heatmap.

Pure, except `write_heatmap` and `write_ladder`, whose job is to write the image the user asked for.
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

from engine.features.variation import (
    ArticleState,
    allowed_values,
    check_field,
    current,
    display,
    most_serious,
    parse_value,
    put,
    scenario_data,
    short_penalty,
    state,
    years,
)
from engine.knowledge.atomic import atomic_path
from engine.knowledge.base import KnowledgeBase
from engine.knowledge.safe_yaml import validate
from engine.model.base import Frozen
from engine.model.errors import InputError
from engine.model.precedent import Precedent
from engine.model.provision import Penalty
from engine.model.result import DISCLAIMER, Result, Verdict, cite
from engine.model.scenario import Scenario
from engine.reasoning.evaluate import Engine, evaluate

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

# The theme that names each topic: a real case is on the topic when its themes include it.
TOPIC_THEME: dict[str, str] = {topic: facts["content.themes"][0] for topic, facts in TOPICS.items()}

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

# The heaviest penalty as people read it: an ordinal scale, from nothing to more than ten years.
# A part's category is its heaviest kind of sanction; for prison, its longest term.
SEVERITY: tuple[str, ...] = (
    "no article",
    "fine",
    "arrest",
    "restriction of liberty",
    "prison up to 2 years",
    "prison 2-5 years",
    "prison 5-10 years",
    "prison over 10 years",
)
NOT_KNOWN = "penalty not known"  # no range in the rules (a text not verified): off the scale
# One colour a category: white for no article, then cividis (colour-blind safe) from light to
# dark at even steps of lightness (CIE L* 85, 72, 60, 49, 37, 26, 14), so it reads in greyscale.
SEVERITY_COLOURS: tuple[str, ...] = (
    "#ffffff",
    "#ead34c",
    "#c0b16a",
    "#979177",
    "#737475",
    "#51586d",
    "#263d6e",
    "#00224e",
)


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


def case_matches(case: Precedent, field: str, value: str) -> bool:
    """Whether a real case has the fact a row or column sets: its act, its topic's theme, its value."""
    if field == TOPIC:
        return TOPIC_THEME[value] in [t.value for t in case.content.themes or []]
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


def penalty_of(kb: KnowledgeBase, a: ArticleState) -> Penalty | None:
    """The penalty of the part that applies, in the version in force."""
    p = kb.provision(a.code, a.article)
    version = next((v for v in (p.versions if p else ()) if v.label == a.version), None)
    part = next((q for q in (version.parts if version else ()) if q.id == a.part_id), None)
    return part.penalty if part else None


def severity(pen: Penalty | None) -> int | None:
    """The category in SEVERITY of a part's heaviest sanction; None when the rules give no range.

    Prison with no longest term in the rules is not known either: no band can be told."""
    if pen is None:
        return None
    if pen.prison_years is not None:
        return None if pen.prison_years.max is None else severity_of_years(pen.prison_years.max)
    if pen.restricted_freedom_years is not None:
        return 3
    if pen.arrest_days is not None:
        return 2
    if pen.fine_mci is not None:
        return 1
    return None


def severity_of_years(top: float) -> int:
    return 4 if top <= 2 else 5 if top <= 5 else 6 if top <= 10 else 7


def severity_label(level: int | None) -> str:
    return NOT_KNOWN if level is None else SEVERITY[level]


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


# ---------------------------------------------------------------------------------------------
# The heatmap

FIGSIZE = (13.333, 7.5)  # inches: a 16:9 slide
DPI = 150  # 2000 x 1125 pixels
AXES = (0.15, 0.29, 0.66, 0.6)  # left, bottom, width, height of the grid, as fractions of the slide
CAPTION = "kzlex: advice about legal risk, not a verdict"


def _private_matplotlib_config() -> None:
    """Keep matplotlib's font cache out of the home directory: kzlex writes only the files the
    user names. A temporary folder, removed at exit, unless the user chose one (MPLCONFIGDIR)."""
    if "MPLCONFIGDIR" not in os.environ:
        folder = tempfile.mkdtemp(prefix="kzlex-matplotlib-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        os.environ["MPLCONFIGDIR"] = folder


def _rc(**sizes: float) -> dict[str, Any]:
    """Fixed fonts and a fixed SVG salt: the same picture gives the same bytes."""
    return {
        "svg.hashsalt": "kzlex",
        "svg.fonttype": "path",
        "font.family": "DejaVu Sans",
        "font.size": 12,
        "axes.titlesize": 18,
        "axes.labelsize": 14,
        "hatch.color": "#888888",
        **sizes,
    }


def _save(fig: Any, path: Path, fmt: Literal["png", "svg"]) -> None:
    metadata: dict[str, Any] = {"Date": None} if fmt == "svg" else {"Software": None}
    with atomic_path(path) as (_fd, tmp):
        fig.savefig(tmp, format=fmt, metadata=metadata)


def _swatch(level: int | None) -> dict[str, Any]:
    """How a category is filled: its colour; white with a grey edge for none, hatched for not known."""
    if level is None:
        return {"facecolor": "white", "edgecolor": "#888888", "hatch": "///", "linewidth": 1}
    if level == 0:
        return {"facecolor": SEVERITY_COLOURS[0], "edgecolor": "#b0b0b0", "linewidth": 1}
    return {"facecolor": SEVERITY_COLOURS[level], "edgecolor": SEVERITY_COLOURS[level], "linewidth": 1}


def _ink(level: int | None) -> str:
    """Text that reads on the category's colour: white on the dark half of the scale."""
    return "white" if level is not None and level >= 4 else "black"


def _legend(fig: Any, levels: set[int | None], x: float, top: float, size: float) -> None:
    from matplotlib.patches import Patch

    handles = [Patch(label=name, **_swatch(i)) for i, name in enumerate(SEVERITY)]
    if None in levels:
        handles.append(Patch(label=NOT_KNOWN, **_swatch(None)))
    fig.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(x, top),
        title="heaviest penalty",
        fontsize=size,
        title_fontsize=size + 1,
        frameon=False,
        handlelength=1.6,
        handleheight=1.3,
        alignment="left",
    )


def write_heatmap(g: Grid, path: Path, fmt: Literal["png", "svg"]) -> None:
    """Draw the grid as a heatmap of the heaviest penalty, on the ordinal scale of SEVERITY, and
    write it whole or not at all.

    Deterministic: no dates or software versions in the file, a fixed SVG hash salt, and glyphs
    drawn as paths, so the same grid gives the same bytes and a slide deck can be diffed.
    """
    _private_matplotlib_config()
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    nrows, ncols = len(g.rows), len(g.cols)
    # Three lines per cell where they fit, else one; the font is the largest that fits the cell.
    row_pt = AXES[3] * FIGSIZE[1] * 72 / nrows
    col_pt = AXES[2] * FIGSIZE[0] * 72 / ncols
    stacked = row_pt >= 3 * 1.3 * 8
    lines, chars = (3, 17) if stacked else (1, 30)
    cell_font = max(5.0, min(11.0, row_pt / (lines * 1.3 + 0.6), col_pt / (chars * 0.62)))
    sep = "\n" if stacked else " · "
    rc = _rc(**{"xtick.labelsize": 12 if ncols <= 8 else 10, "ytick.labelsize": 12 if nrows <= 10 else 10})
    with matplotlib.rc_context(rc):  # type: ignore[arg-type]
        fig = Figure(figsize=FIGSIZE, dpi=DPI)
        ax = fig.add_axes(AXES)
        ax.set_xlim(-0.5, ncols - 0.5)
        ax.set_ylim(nrows - 0.5, -0.5)
        for i, line in enumerate(g.cells):
            for j, c in enumerate(line):
                ax.add_patch(Rectangle((j - 0.47, i - 0.47), 0.94, 0.94, **_swatch(c.severity)))
                if c.article is None:
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
                    colour = _ink(c.severity)
                box = {"facecolor": "white", "edgecolor": "none", "pad": 1.5} if c.severity is None else None
                ax.text(
                    j, i, text, ha="center", va="center", color=colour, fontsize=cell_font, linespacing=1.25, bbox=box
                )
        ax.set_xticks(range(ncols), [_wrap(label(c)) for c in g.cols])
        ax.set_yticks(range(nrows), [label(r) for r in g.rows])
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
        _legend(fig, {c.severity for line in g.cells for c in line}, AXES[0] + AXES[2] + 0.012, AXES[1] + AXES[3], 10.5)
        caption = (
            f"Law in force on {g.law_as_of}. Base: {g.base_label}. Each cell: the most serious article that applies, "
            f"its heaviest penalty and the real cases in kzlex's records charged under that article whose "
            f"{_axis_noun(g.rows_field)} and {_axis_noun(g.cols_field)} match the cell. The colour is the kind of "
            "heaviest penalty, from none (white) to more than ten years of prison (darkest)."
        )
        if "act" in (g.rows_field, g.cols_field):
            caption += (
                " A repost shares another's words with approval; a message goes to a closed chat; a protest call "
                "is for a gathering the authorities refused."
            )
        caption += f" {CAPTION}."
        fig.text(0.15, 0.025, textwrap.fill(caption, 148), fontsize=10.5, color="#333333", va="bottom", linespacing=1.4)
        _save(fig, path, fmt)


def _wrap(text: str) -> str:
    return textwrap.fill(text, 14)


def _axis_title(field: str) -> str:
    if field == TOPIC:
        return "topic (content.themes, content.targets)"
    return field


def _axis_noun(field: str) -> str:
    return "topic (its theme)" if field == TOPIC else field


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


def write_ladder(out: Ladder, path: Path, fmt: Literal["png", "svg"]) -> None:
    """Draw the ladder as a picture: one bar a rung, as long and as dark as its heaviest penalty.

    Deterministic, as `write_heatmap` is."""
    _private_matplotlib_config()
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    n = len(out.rungs)
    box = (0.3, 0.27, 0.66, 0.6)  # left, bottom, width, height; the x axis names the categories
    row_pt = box[3] * FIGSIZE[1] * 72 / n
    font = max(6.0, min(11.0, row_pt / 1.6))
    with matplotlib.rc_context(_rc(**{"xtick.labelsize": 10.5, "ytick.labelsize": font})):  # type: ignore[arg-type]
        fig = Figure(figsize=FIGSIZE, dpi=DPI)
        ax = fig.add_axes(box)
        top = len(SEVERITY) - 1
        ax.set_xlim(0, top + 1.7)  # room for the last bar's label
        ax.set_ylim(n - 0.5, -0.5)
        for i, rung in enumerate(out.rungs):
            level = rung.severity
            width = 0.0 if level == 0 else 0.5 if level is None else float(level)
            ax.barh(i, width, height=0.72, left=0, **_swatch(level))
            if rung.article is None:
                text = "no article"
            else:
                text = f"{rung.article.cite}: {rung.penalty or '-'}".replace("*", "")
                if level is None:
                    text = f"{rung.article.cite}: penalty not known"
            ax.text(width + 0.08, i, text, va="center", ha="left", fontsize=font * 0.92, color="#222222")
        labels = [
            "0  the harmless version"
            if r.added is None
            else f"{r.step}  + {textwrap.shorten(r.added, 40, placeholder=' ...')}"
            for r in out.rungs
        ]
        ax.set_yticks(range(n), labels)
        ax.set_xticks(range(top + 1), [textwrap.fill(name, 11) for name in SEVERITY])
        ax.set_xlim(0, top + 1.7)
        ax.grid(axis="x", color="#dddddd", linewidth=0.8)
        ax.set_axisbelow(True)
        ax.tick_params(which="both", length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.set_xlabel("heaviest penalty of the most serious article that applies", labelpad=8)
        name = out.title or out.scenario or "the scenario"
        fig.text(0.04, 0.955, textwrap.shorten(f"The ladder: {name}", 90, placeholder=" ..."), fontsize=18, va="top")
        fig.text(
            0.04,
            0.9,
            "From the act with its aggravating facts taken away, one fact added back a rung",
            fontsize=12,
            color="#333333",
            va="top",
        )
        hatched = (
            " Hatched: the rules give no range for the penalty." if any(r.severity is None for r in out.rungs) else ""
        )
        harmless = "; ".join(out.harmless) or "the scenario has no aggravating fact to take away"
        caption = textwrap.shorten(
            f"Law in force on {out.law_as_of}.{hatched} The harmless version (rung 0): {harmless}.",
            160 * 2,
            placeholder=" ...",
        )
        caption = textwrap.fill(caption, 160) + f"\n{CAPTION}."
        fig.text(0.04, 0.025, caption, fontsize=10, color="#333333", va="bottom", linespacing=1.4)
        _save(fig, path, fmt)
