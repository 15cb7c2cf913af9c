"""The terminal rendering of `kzlex case ID`: the facts, the outcome, every disputed reading, the sources.

Returns rich renderables and never prints. A disputed fact shows each reading with the source
that gives it, so the reader sees the disagreement rather than kzlex's choice.
"""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from engine.features.browse import CaseOut
from engine.render.browse_common import SOURCE_KEYS, STATUS_STYLE, cited, heading, public
from engine.render.console import CODES_LEGEND, FIELD_LEGEND, legend, words


def _value(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_value(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _facts(data: dict[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for key, value in data.items():
        if key in ("id", "title") and not prefix:
            continue
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out += _facts(value, name + ".")
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for n, item in enumerate(value, 1):
                out += _facts(item, f"{name}[{n}].")
        else:
            out.append((name, _value(value) if value != [] else "none"))
    return out


def case(out: CaseOut, *, quiet: bool = False) -> Group:
    """The record, then the legend unless `quiet`."""
    head = Text()
    head.append(out.id, style="bold")
    if out.title:
        head.append(f": {out.title}")
    head.append(f"\nsubjects: {', '.join(out.subjects)}\nresponse: {words(out.response)}")
    if out.file:
        head.append(f"\nfile: {out.file}", style="dim")
    parts: list[RenderableType] = [head]

    parts.append(heading("Facts"))
    ft = Table(show_header=False, show_edge=False, pad_edge=False, box=None)
    ft.add_column(style="bold", no_wrap=True)
    ft.add_column(overflow="fold")
    for name, value in _facts(out.scenario):
        ft.add_row(Text(name), Text(value))
    parts.append(ft)

    o = out.outcome
    parts.append(heading("Outcome"))
    t = Text()
    t.append(o.status, style=f"bold {STATUS_STYLE.get(o.status, '')}".strip())
    if o.decided:
        t.append(f" on {o.decided}")
    if o.court:
        t.append(f", {o.court}")
    for ch in o.charges:
        t.append("\n- charge: ", style="bold")
        t.append(ch.label)
        if not ch.speech:
            t.append(" (non-speech charge)", style="dim")
        if ch.provision:
            t.append(f"  [kzlex article {ch.article} --code {ch.code}]", style="dim")
        if ch.note and not ch.label_names_note:
            t.append(f"\n  {ch.note}", style="dim")
    if o.sanction:
        t.append("\nsanction: ", style="bold")
        t.append(o.sanction.text)
        if o.sanction.note:
            t.append(f" ({o.sanction.note})", style="dim")
    if o.summary:
        t.append(f"\n{o.summary}")
    for a in o.assessments:
        t.append(f"\nassessment by {a.by}: ", style="bold")
        t.append(a.finding)
        if a.source:
            t.append(f"\n  source: {cited(a.source)}", style="dim")
    parts.append(t)

    if out.disputed:
        parts.append(heading("Disputed in the sources"))
        for d in out.disputed:
            dt_ = Text()
            dt_.append(d.field, style="bold yellow")
            dt_.append(f": {len(d.readings)} readings")
            for n, r in enumerate(d.readings, 1):
                dt_.append(f"\n  {n}. ", style="bold")
                dt_.append(_value(r.value), style="bold")
                dt_.append(f"\n     \u201c{r.says}\u201d")
                dt_.append(f"\n     source: {cited(r.source)}", style="dim")
                if r.source.title:
                    dt_.append(f" ({r.source.title})", style="dim")
            if d.note:
                dt_.append(f"\n  {d.note}", style="italic")
            parts.append(Padding(dt_, (0, 0, 1, 0)))

    parts.append(heading("Sources"))
    for s in out.sources:
        st = Text()
        st.append(s.short or s.doc, style="bold")
        st.append(f"  {s.citation}" if s.citation else "  (not in the source registry)")
        if s.where:
            st.append(f"\n  passage: {public(s.where)}")
        if s.url and s.url not in (s.citation or ""):
            st.append(f"\n  {s.url}", style="dim")
        parts.append(st)

    if out.regression_exempt:
        parts.append(heading("Not a regression test"))
        parts.append(Text(out.regression_exempt))
    if out.notes:
        parts.append(heading("Notes"))
        parts.extend(Text(f"- {n}") for n in out.notes)
    if not quiet:
        parts.append(legend([CODES_LEGEND, FIELD_LEGEND, SOURCE_KEYS]))
    return Group(*parts)
