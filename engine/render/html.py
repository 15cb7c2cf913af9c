"""The HTML report: one self-contained page (inline CSS, no scripts, nothing fetched), deterministic.

Autoescape is on for every value, so scenario and case text can never become markup; only the
footnote markers and citations this module builds (from escaped text) are passed through as
`Markup`. A footnote marker is a bracketed number, `[17]`, so text copied from the page (or from a
PDF printed from it) reads "para 22[17]", never "para 2217". A citation shown in the text
("GC 34, para 25") links to its entry in the bibliography and needs no footnote. The page prints
well: the stylesheet has a print section (serif type, no link colours, tables kept whole).
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from engine.features.report_refs import Ref
from engine.features.report_view import ReportView
from engine.model.sources import Source
from engine.render.report import Footnote, Footnotes, anchor, template


def _markers(notes: Footnotes) -> Any:
    def cite(refs: Ref | list[Ref] | None) -> Markup:
        items = [refs] if isinstance(refs, Ref) else list(refs or [])
        numbers = [notes.number(r) for r in items]
        if not numbers:
            return Markup("")
        links = ", ".join(f'<a href="#fn{n}">{n}</a>' for n in numbers)
        return Markup(f'<sup class="fn">[{links}]</sup>')

    return cite


def _citations(notes: Footnotes) -> tuple[Any, Any]:
    """`ref(r)`: a citation in the text, its short form linked to the bibliography (which lists the
    source because the report cited it); `ref_note(f)`: the same for a note."""

    def linked(key: str, short: str, passage: str | None) -> Markup:
        head = Markup('<a href="#{}">{}</a>').format(anchor(key), short)
        return head + Markup(", ") + escape(passage) if passage else head

    def ref(r: Ref) -> Markup:
        notes.cite(r)
        return linked(r.doc, notes.short(r.doc), notes.passage(r))

    def ref_note(f: Footnote) -> Markup:
        return linked(f.key, f.short, f.passage)

    return ref, ref_note


def _paragraphs(text: str) -> Markup:
    """Text as given keeps its line breaks (CSS pre-wrap); it is escaped like every other value."""
    return Markup(f'<blockquote class="given">{escape(text.strip())}</blockquote>')


def render(view: ReportView, sources: dict[str, Source]) -> str:
    """The report as one HTML page. Same view, same bytes: nothing here reads the clock."""
    notes = Footnotes(sources)
    ref, ref_note = _citations(notes)
    text = template("report.html.j2", {"given": _paragraphs}, autoescape=True).render(
        view=view, cite=_markers(notes), ref=ref, ref_note=ref_note, footnotes=notes
    )
    return text.rstrip("\n") + "\n"
