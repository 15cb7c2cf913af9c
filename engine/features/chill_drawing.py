"""The pictures of `kzlex chill`: the grid as a heatmap and the ladder as bars, on a 16:9 slide.

Drawing is apart from the grid and the ladder because it is the one part with side effects (it
writes the file the user asked for) and the only user of matplotlib, which is imported here, late,
so that the table and the JSON never pay for it.

Deterministic: no dates or software versions in the file, a fixed SVG hash salt, and glyphs drawn
as paths, so the same grid gives the same bytes and a slide deck can be diffed.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import textwrap
from pathlib import Path
from typing import Any, Literal

from engine.features.chill_grid import TOPIC, Grid, label, presets
from engine.features.chill_ladder import Ladder
from engine.features.chill_scale import NOT_KNOWN, SEVERITY, SEVERITY_COLOURS
from engine.knowledge.atomic import atomic_path

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
            caption += f" {presets().act_caption}"
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
