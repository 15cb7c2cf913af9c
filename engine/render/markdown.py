"""The Markdown report: one file, GitHub-flavoured (tables and `[^n]` footnotes), deterministic.

Markdown has no autoescape, so the environment escapes every value it prints (its `finalize`),
and escapes only what could become markup: a scenario summary holding `<script>`, `*`, `|` or
`[link](x)` shows as the characters typed, renders no HTML and never breaks a table, while
"Art. 174(1)" or "2015-01-01" stay as written. Only what this module builds itself (footnote
markers, quoted blocks whose lines it escaped) is passed through as `Markup`.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

from engine.features.report_refs import Ref
from engine.features.report_view import ReportView
from engine.model.sources import Source
from engine.render.report import Footnote, Footnotes, template

# Anywhere in a line: code spans, emphasis, links and images, table cells, strikethrough, raw
# HTML. `(`, `)`, `.`, `-`, `+`, `#`, `!` and `=` make markup only after `[` or at the start of a
# line (or not at all once `[` is escaped), so they are escaped only there.
_ALWAYS = frozenset("\\`*[]|~")
_ENTITIES = {"<": "&lt;", ">": "&gt;"}
_AMP_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")  # "&amp;" or "&#60;" would be read as a character
_SPACE = re.compile(r"\s+")
# What a value may start with to open a block when it begins a line or a list item: a heading,
# a list item, an ordered list item, or a thematic break or setext underline.
_LEADING = re.compile(r"^(\s*)(?:(#{1,6}|[-+])(?= |$)|(\d{1,9})([.)])(?= |$)|([-=_])(?=[-=_ ]*$))")


def _flanked(text: str, i: int) -> bool:
    """An underscore between two letters or digits cannot open or close emphasis."""
    return 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()


def escape_line(text: str) -> str:
    """Escape one line of text for Markdown; whitespace runs (newlines included) become one space."""
    line = _AMP_ENTITY.sub("&amp;", _SPACE.sub(" ", text))
    out = []
    for i, ch in enumerate(line):
        if ch in _ENTITIES:
            out.append(_ENTITIES[ch])
        elif ch in _ALWAYS or (ch == "_" and not _flanked(line, i)):
            out.append("\\" + ch)
        else:
            out.append(ch)
    escaped = "".join(out)
    m = _LEADING.match(escaped)
    if not m:
        return escaped
    if m.group(3):  # "1. x" -> "1\\. x"
        return f"{m.group(1)}{m.group(3)}\\{escaped[m.end(3) :]}"
    return f"{m.group(1)}\\{escaped[m.end(1) :]}"


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


def _citations(notes: Footnotes) -> tuple[Any, Any]:
    """`ref(r)`: a citation shown in the text by short form (no footnote; the source goes in the
    bibliography); `ref_note(f)`: a note's text. Both plain strings, escaped by `finalize`."""

    def ref(r: Ref) -> str:
        notes.cite(r)
        return notes.label(r)

    def ref_note(f: Footnote) -> str:
        return f.text

    return ref, ref_note


def render(view: ReportView, sources: dict[str, Source]) -> str:
    """The report as Markdown text. Same view, same bytes: nothing here reads the clock."""
    notes = Footnotes(sources)
    ref, ref_note = _citations(notes)
    text = (
        # Markdown: not autoescaped, every value is escaped by `_finalize` instead
        template("report.md.j2", {"quote": quote}, autoescape=False, finalize=_finalize).render(
            view=view, cite=_markers(notes), ref=ref, ref_note=ref_note, footnotes=notes
        )
    )
    return re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n"
