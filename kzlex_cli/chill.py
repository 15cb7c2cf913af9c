"""`kzlex chill`: the chilling-effect matrix (acts against topics) and the ladder of one act."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from engine.features import chill as matrix
from engine.features.chill import Cell, Grid, Ladder
from engine.knowledge.atomic import check_target
from engine.model.errors import InputError, KzlexError
from engine.render import json_out
from engine.render.console import VERDICT_STYLE
from kzlex_cli.common import (
    check_format,
    err_console,
    get_engine,
    guarded,
    parse_date,
    read_scenario,
    stdout_console,
    today,
)


def _from_presets(text: Callable[[], str], fallback: str) -> str:
    """Help text read from the presets; a broken presets file must not break `kzlex --help` (the
    command itself then says what is wrong)."""
    try:
        return text()
    except KzlexError:
        return fallback


@guarded
def chill(
    rows: Annotated[
        str,
        typer.Option(
            "--rows",
            help="FIELD or FIELD=V1,V2,...: the rows (any scenario field, or topic). Default: seven ordinary acts.",
        ),
    ] = "act",
    cols: Annotated[
        str,
        typer.Option(
            "--cols",
            help=_from_presets(
                lambda: f"FIELD or FIELD=V1,V2,...: the columns. Default: topic ({', '.join(matrix.topics())}).",
                "FIELD or FIELD=V1,V2,...: the columns. Default: topic.",
            ),
        ),
    ] = matrix.TOPIC,
    base: Annotated[
        str | None,
        typer.Option(
            "--base",
            help=_from_presets(
                lambda: f"Scenario every cell starts from. Default: {matrix.presets().base.label}.",
                "Scenario every cell starts from.",
            ),
        ),
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="The law in force on this date (YYYY-MM-DD). Default: today.")
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="text (a table) or json.")] = "text",
    png: Annotated[
        Path | None,
        typer.Option("--png", help="Also draw the grid as a PNG heatmap (with --steps: the ladder) on a 16:9 slide."),
    ] = None,
    svg: Annotated[
        Path | None,
        typer.Option("--svg", help="Also draw the grid as an SVG heatmap (with --steps: the ladder) on a 16:9 slide."),
    ] = None,
    steps: Annotated[
        str | None,
        typer.Option(
            "--steps",
            help="Instead of the grid: the ladder of this scenario, from a harmless version to the act, one fact per rung.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """How little it takes: the most serious article, heaviest penalty and real cases for ordinary acts on
    ordinary topics; or, with --steps, one act climbed fact by fact."""
    check_format(format)
    when = parse_date(as_of, "--as-of") if as_of is not None else None
    eng = get_engine()
    if steps is not None:
        grid_options = [n for n, v in (("--base", base),) if v is not None]
        grid_options += [n for n, v, d in (("--rows", rows, "act"), ("--cols", cols, matrix.TOPIC)) if v != d]
        if grid_options:
            verb = "is" if len(grid_options) == 1 else "are"
            raise InputError(f"--steps draws the ladder of one scenario; {', '.join(grid_options)} {verb} for the grid")
        for path in (png, svg):
            if path is not None:
                check_target(path)
        out = matrix.ladder(eng, read_scenario(steps), today=today(), as_of=when)
        for path, fmt in ((png, "png"), (svg, "svg")):
            if path is not None:
                matrix.write_ladder(out, path, fmt)  # type: ignore[arg-type]
                err_console.print(f"wrote {path}", markup=False, highlight=False)
        if format == "json":
            sys.stdout.write(json_out.dumps(out))
        else:
            stdout_console.print(render_ladder(out))
        return
    for path in (png, svg):
        if path is not None:
            check_target(path)
    row_axis = matrix.axis(rows, "--rows")
    col_axis = matrix.axis(cols, "--cols")
    day = when or today()
    start = read_scenario(base) if base else matrix.default_base(day)
    label = "" if base else matrix.presets().base.label
    g = matrix.grid(eng, start, row_axis, col_axis, today=today(), as_of=when if base else None, base_label=label)
    for path, fmt in ((png, "png"), (svg, "svg")):
        if path is not None:
            matrix.write_heatmap(g, path, fmt)  # type: ignore[arg-type]
            err_console.print(f"wrote {path}", markup=False, highlight=False)
    if format == "json":
        sys.stdout.write(json_out.dumps(g))
    else:
        stdout_console.print(render_grid(g))


def _level_style(level: int | None, article: object) -> str:
    """Prison over 5 years bold red, other prison red, lighter penalties yellow (SEVERITY's scale)."""
    if article is None:
        return "dim"
    if level is None:
        return "yellow"
    return "bold red" if level >= 6 else "red" if level >= 4 else "yellow"


def _style(c: Cell) -> str:
    return _level_style(c.severity, c.article)


def _cell(c: Cell) -> Text:
    if c.article is None:
        t = Text("-", style="dim")
        if c.possible:
            t.append(f"\npossible {c.possible[0]}", style="dim yellow")
        return t
    t = Text(c.article.cite, style=_style(c))
    t.append(f"\n{c.penalty if c.penalty_known else 'penalty not known'}")
    t.append(f"\n{c.cases} case{'s' if c.cases != 1 else ''} like this", style="dim")
    return t


def render_grid(g: Grid) -> Group:
    table = Table(
        title=f"Heaviest penalty by {g.rows_field} and {g.cols_field}, law as of {g.law_as_of}",
        title_justify="left",
        show_lines=True,
    )
    table.add_column(f"{g.rows_field} \\ {g.cols_field}", style="bold")
    for c in g.cols:
        table.add_column(matrix.label(c), overflow="fold")
    for r, line in zip(g.rows, g.cells, strict=True):
        table.add_row(matrix.label(r), *[_cell(c) for c in line])
    foot = Text(f"Base: {g.base_label}. ", style="dim")
    foot.append(
        "Each cell: the most serious article that applies, its heaviest penalty (* not verified), and the real "
        f"cases in kzlex's records charged under that article whose {g.rows_field} and {g.cols_field} match the "
        "cell.\n",
        style="dim",
    )
    foot.append(g.disclaimer, style="dim italic")
    return Group(table, foot)


def render_ladder(out: Ladder) -> RenderableType:
    title = Text(f"The ladder: {out.title or out.scenario or 'the scenario'}, law as of {out.law_as_of}")  # not markup
    table = Table(title=title, title_justify="left", show_edge=False)
    for col in ("#", "fact added", "most serious", "penalty", "what changes", "ICCPR, if sanctioned"):
        table.add_column(col, overflow="fold")
    for rung in out.rungs:
        changes = Text()
        for cite in rung.appears:
            changes.append(f"+{cite} ", style="red")
        for cite in rung.drops:
            changes.append(f"-{cite} ", style="green")
        style = _level_style(rung.severity, rung.article)
        table.add_row(
            str(rung.step),
            Text(rung.added or "the harmless version (below)"),
            Text(rung.article.cite if rung.article else "-", style=style),
            Text(rung.penalty or "-", style=style),
            changes,
            Text(rung.verdict, style=VERDICT_STYLE[rung.verdict]),
        )
    foot = Text("Harmless version: ", style="dim")
    foot.append("; ".join(out.harmless) or "the scenario has no aggravating fact to take away", style="dim")
    foot.append(
        ". Each rung adds back one fact of the scenario.\n* penalty not verified in the text of the law\n", style="dim"
    )
    foot.append(out.disclaimer, style="dim italic")
    return Group(table, foot)
