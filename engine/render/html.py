"""The HTML report: one self-contained page (inline CSS, no scripts, nothing fetched), deterministic.

Autoescape is on for every value, so scenario and case text can never become markup; only the
footnote markers this module builds are passed through as `Markup`. The page prints well: the
stylesheet has a print section (serif type, no link colours, tables kept whole where they fit).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from engine.render.report import Footnotes, Ref, ReportView
from engine.sources import Source

TEMPLATES = Path(__file__).resolve().parent / "templates"


def _markers(notes: Footnotes) -> Any:
    def cite(refs: Ref | list[Ref] | None) -> Markup:
        items = [refs] if isinstance(refs, Ref) else list(refs or [])
        numbers = [notes.number(r) for r in items]
        if not numbers:
            return Markup("")
        links = ",".join(f'<a href="#fn{n}">{n}</a>' for n in numbers)
        return Markup(f'<sup class="fn">{links}</sup>')

    return cite


def _paragraphs(text: str) -> Markup:
    """Text as given keeps its line breaks (CSS pre-wrap); it is escaped like every other value."""
    return Markup(f'<blockquote class="given">{escape(text.strip())}</blockquote>')


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )
    env.filters["given"] = _paragraphs
    return env


def render(view: ReportView, sources: dict[str, Source]) -> str:
    """The report as one HTML page. Same view, same bytes: nothing here reads the clock."""
    notes = Footnotes(sources)
    text = _environment().get_template("report.html.j2").render(view=view, cite=_markers(notes), footnotes=notes)
    return text.rstrip("\n") + "\n"
