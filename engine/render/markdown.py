"""The Markdown report: one file, GitHub-flavoured (tables and `[^n]` footnotes), deterministic.

Markdown has no autoescape, so the environment escapes every value it prints (its `finalize`):
a scenario summary holding `<script>`, `*`, `|` or `[link](x)` shows as the characters typed,
renders no HTML and never breaks a table. Only what this module builds itself (footnote markers,
quoted blocks whose lines it escaped) is passed through as `Markup`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from engine.render.report import Footnotes, Ref, ReportView
from engine.sources import Source

TEMPLATES = Path(__file__).resolve().parent / "templates"

# Every character CommonMark lets a backslash escape that could start markup, plus `~` (GFM
# strikethrough) and `=` (setext headings). `<`, `>` and `&` become entities instead, so raw HTML
# and entity references in the input show as text.
_SPECIALS = frozenset("\\`*_{}[]()#+-.!|~=")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_SPACE = re.compile(r"\s+")


def escape_line(text: str) -> str:
    """Escape one line of text for Markdown; whitespace runs (newlines included) become one space."""
    out = []
    for ch in _SPACE.sub(" ", text):
        if ch in _ENTITIES:
            out.append(_ENTITIES[ch])
        elif ch in _SPECIALS:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def quote(text: str) -> Markup:
    """A block quote that keeps the text's own line breaks; every line escaped."""
    lines = text.strip().splitlines() or [""]
    return Markup("\n".join(f"> {escape_line(line)}  " if line.strip() else ">" for line in lines).rstrip())


def _finalize(value: Any) -> str:
    if isinstance(value, Markup):
        return str(value)
    if value is None:
        return ""
    return escape_line(str(value))


def _markers(notes: Footnotes) -> Any:
    def cite(refs: Ref | list[Ref] | None) -> Markup:
        items = [refs] if isinstance(refs, Ref) else list(refs or [])
        return Markup("".join(f"[^{notes.number(r)}]" for r in items))

    return cite


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=False,  # noqa: S701 - Markdown: every value is escaped by `finalize` instead
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )
    env.filters["quote"] = quote
    return env


def render(view: ReportView, sources: dict[str, Source]) -> str:
    """The report as Markdown text. Same view, same bytes: nothing here reads the clock."""
    notes = Footnotes(sources)
    text = _environment().get_template("report.md.j2").render(view=view, cite=_markers(notes), footnotes=notes)
    return re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n"
