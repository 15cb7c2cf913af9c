"""The terminal rendering of `kzlex articles`, `article`, `cases` and `case`.

Returns rich renderables and never prints. Every piece of knowledge-base text (titles, case
summaries, quotations) goes into `Text`, never through markup, so brackets in a source passage
show as written. "not verified" is spelt out wherever the record says so: a reader must never
take a secondary-source figure for the text of the law.
"""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from engine.features.browse import (
    ArticlesOut,
    CaseOut,
    CasesOut,
    PartOut,
    ProvisionOut,
    RefOut,
    SourceOut,
    code_label,
    code_name,
)
from engine.render.console import CODES_LEGEND, FIELD_LEGEND, labelled, legend

NOT_VERIFIED = "not verified"
PART_ID = ("kz.cc.174.1", "a part's id: Criminal Code (kz.ac: administrative code), Art. 174, part 1")
RULE_LEGEND = ("rule: a.b = x", "the element as kzlex tests it, on facts of the scenario (`kzlex schema scenario`)")
VERSION_MARK = ("◀", "the version in force on the date")
UNVERIFIED = (NOT_VERIFIED, "from secondary sources, not read in the text of the law")
SOURCE_KEYS = ("CC21, GC34 …", "source keys: the documents listed under Sources")
STATUS_STYLE = {
    "convicted": "red",
    "sanctioned": "red",
    "acquitted": "green",
    "dropped": "green",
    "pending": "yellow",
    "investigated": "yellow",
    "unknown": "dim",
}


def _heading(title: str) -> Rule:
    return Rule(Text(title, style="bold"), align="left")


def _ref(ref: RefOut) -> str:
    """A citation as a reader sees it: the short form and the passage, never a file name."""
    name = ref.short or ref.doc
    where = _public(ref.where) if ref.where else ""
    return f"{name}, {where}" if where else name


def _public(text: str) -> str:
    from engine.knowledge.base import load
    from engine.knowledge.bibliography import public_passage

    return public_passage(text, load().sources)


def _span(frm: str, to: str | None) -> str:
    return f"{frm} to {to}" if to else f"from {frm}"


# ---------------------------------------------------------------- kzlex articles


def articles(out: ArticlesOut, *, quiet: bool = False) -> Group:
    head = Text("kzlex articles", style="bold")
    what = f"in force on {out.date}" if out.in_force_filter else f"all provisions; parts in force on {out.date}"
    head.append(
        f": {out.count} {'provision' if out.count == 1 else 'provisions'}{' of the ' + out.code + ' code' if out.code else ''} ({what})"
    )
    if not out.articles:
        return Group(head, Text("No provision matches."))
    # Few narrow columns, each at least as wide as its longest word; the title takes the rest of
    # the line and carries the repeal and the flags, so nothing is split at 80 columns.
    table = Table(show_edge=False, pad_edge=False, expand=False)
    table.add_column("code", no_wrap=True)
    table.add_column("art.", no_wrap=True)
    table.add_column("title, repeal and flags", overflow="fold")
    table.add_column("parts", max_width=10)
    table.add_column("versions", max_width=12)
    table.add_column("cases", no_wrap=True, justify="right")
    for row in out.articles:
        versions = Text()
        for n, v in enumerate(row.versions):
            if n:
                versions.append("\n")
            versions.append(f"{v['from'][:4]}–{v['to'][:4] if v['to'] else ''}")
            if not v["verified"]:
                versions.append(f"\n{NOT_VERIFIED}", style="yellow")
        title = Text(row.title)
        if row.repealed:
            title.append(f"\nrepealed {row.repealed}", style="bold")
            if row.replaced_by:
                code, _, number = row.replaced_by.partition(" ")
                title.append(f" → {code_label(code)} {number}", style="dim")
        if row.flags:
            title.append(f"\nflags: {', '.join(row.flags)}", style="dim")
        table.add_row(
            Text(code_label(row.code)),
            Text(row.article, style="bold"),
            title,
            Text(", ".join(row.parts) if row.parts else "-", style="" if row.in_force else "dim"),
            versions,
            Text(str(row.cases)),
        )
    parts: list[RenderableType] = [head, table]
    if not quiet:
        parts.append(
            legend(
                [
                    CODES_LEGEND,
                    ("parts", "the parts in force on the date (dim: none is)"),
                    ("2015–2020", "the years a version was in force; 2024– is in force still"),
                    UNVERIFIED,
                    ("cases", "real cases in the knowledge base charged under the article"),
                    ("more", "`kzlex article 174` or `kzlex article CC 174(2)` shows one in full"),
                ]
            )
        )
    return Group(*parts)


# ---------------------------------------------------------------- kzlex article N


def _part(p: PartOut) -> RenderableType:
    head = Text()
    head.append(f"Part {p.number}", style="bold")
    head.append(f"  ({p.id})")
    if p.aggravates:
        head.append(f"  aggravates {p.aggravates}", style="dim")
    if not p.verified:
        head.append(f"  [{NOT_VERIFIED}]", style="bold yellow")
    body: list[RenderableType] = [head, Text(p.says)]
    body.append(
        Text("Elements (all must hold):" if not p.aggravates else "Aggravating factor (with the base part):", "bold")
    )
    for el in p.elements:
        item = Text(el.says)
        item.append(f"\nrule: {el.condition}", style="dim")
        body.append(labelled([("-", item)], indent=2))
    penalty = Text("Penalty: ", style="bold")
    penalty.append(p.penalty.text, style="")
    if not p.penalty.verified:
        penalty.append(f"  [{NOT_VERIFIED}]", style="bold yellow")
    body.append(penalty)
    ranges = [
        f"{label} {value}"
        for label, value in (
            ("imprisonment", p.penalty.prison_years),
            ("restriction of liberty", p.penalty.restricted_freedom_years),
            ("arrest", p.penalty.arrest_days),
            ("fine", p.penalty.fine_mci),
        )
        if value
    ]
    detail = Text()
    if ranges:
        detail.append("ranges: " + "; ".join(ranges) + "\n", style="dim")
    if p.penalty.source != p.source:
        detail.append(f"source: {_ref(p.penalty.source)}", style="dim")
    if detail.plain:
        detail.rstrip()
        body.append(Padding(detail, (0, 0, 0, 2)))
    if p.note:
        body.append(Text(f"note: {p.note}", style="dim"))
    body.append(Text(f"source: {_ref(p.source)}", style="dim"))
    return Padding(Group(*body), (0, 0, 1, 2))


def _sources(sources: list[SourceOut]) -> list[RenderableType]:
    out: list[RenderableType] = [_heading("Sources")]
    for s in sources:
        t = Text()
        t.append(s.short or s.doc, style="bold")
        if s.citation:
            t.append(f"  {s.citation}")
        else:
            t.append("  (not in the source registry)", style="yellow")
        if s.url and s.url not in (s.citation or ""):
            t.append(f"\n  {s.url}", style="dim")
        for where in s.passages:
            t.append(f"\n  - {_public(where)}")
        out.append(Padding(t, (0, 0, 1, 0)))
    return out


def provision(out: ProvisionOut, *, part: str | None = None, quiet: bool = False) -> Group:
    """The record; `part` (from `174(2)`) narrows the parts and the cases to that part."""
    head = Text()
    head.append(f"{code_name(out.code)} Art. {out.article}", style="bold")
    head.append(f": {out.title}")
    if out.chapter:
        head.append(f"\n{out.chapter}", style="dim")
    head.append(f"\n{'as of' if out.as_of_given else 'today,'} {out.date}: ")
    if out.in_force:
        head.append("in force", style="bold green")
        head.append(f", version {out.version}")
    else:
        head.append("not in force", style="bold red")
    if out.file:
        head.append(f"\nfile: {out.file}", style="dim")
    parts: list[RenderableType] = [head]
    if not quiet:
        parts += [Text(f"note: {notice}", style="yellow") for notice in out.notices]

    shown = [p for p in out.parts if part is None or p.number == part]
    which = f"Part {part}" if part is not None else "Parts"
    parts.append(
        _heading(f"{which} (version {out.version}{'' if out.version_in_force else ', not in force on the date'})")
    )
    parts.extend(_part(p) for p in shown)

    parts.append(_heading("Versions"))
    vt = Table(show_edge=False, pad_edge=False, expand=False)
    vt.add_column("version", no_wrap=True)
    vt.add_column("in force", max_width=14)
    vt.add_column("verified", max_width=8)
    vt.add_column("parts", max_width=8)
    vt.add_column("note", overflow="fold")
    for v in out.versions:
        label = Text(v.label, style="bold" if v.in_force_on_date else "")
        if v.in_force_on_date:
            label.append(" ◀", style="green")
        vt.add_row(
            label,
            Text(_span(v.in_force["from"] or "", v.in_force["to"])),
            Text("yes") if v.verified else Text(NOT_VERIFIED, style="yellow"),
            Text(", ".join(pid.rsplit(".", 1)[-1] for pid in v.parts)),
            Text(v.note or ""),
        )
    parts.append(vt)

    if out.amended_by:
        parts.append(_heading("Amending laws"))
        for a in out.amended_by:
            t = Text(f"- {a.law}", style="bold")
            if a.note:
                t.append(f": {a.note}", style="")
            t.append(f"\n  source: {_ref(a.source)}", style="dim")
            parts.append(t)

    if out.repealed:
        r = out.repealed
        parts.append(_heading("Repeal"))
        t = Text()
        t.append(f"Repealed on {r.on} by {r.by}.", style="bold")
        if r.replacement:
            rep = r.replacement
            t.append(f"\nReplaced by {code_name(rep.code)} Art. {rep.article}")
            if rep.title:
                t.append(f" ({rep.title})")
            t.append(f": see `kzlex article {rep.article} --code {rep.code}`.")
        elif r.replaced_by:
            t.append(f"\nReplaced by {r.replaced_by}.")
        t.append(f"\n{r.note}")
        t.append(f"\nsource: {_ref(r.source)}", style="dim")
        parts.append(t)

    if out.defences:
        parts.append(_heading("Defences written into the law"))
        for d in out.defences:
            t = Text()
            t.append(d.id, style="bold")
            t.append(f" exempts {', '.join(d.exempts)}\n{d.says}\n")
            t.append(f"  rule: {d.condition}\n  source: {_ref(d.source)}", style="dim")
            parts.append(Padding(t, (0, 0, 1, 0)))

    if out.flags or out.aims:
        parts.append(_heading("Flags and aims"))
        if out.aims:
            parts.append(Text(f"Aims the State would invoke (ICCPR 19(3)): {', '.join(out.aims)}"))
        for f in out.flags:
            t = Text(f"- {f.name}: ", style="bold")
            t.append(f.why, style="")
            t.append(f"\n  source: {_ref(f.source)}", style="dim")
            parts.append(t)

    if out.critiques:
        parts.append(_heading("Critiques"))
        for c in out.critiques:
            t = Text()
            t.append(c.by, style="bold")
            ref = " ".join(x for x in (c.ref, f"para {c.para}" if c.para else None) if x)
            if ref:
                t.append(f" ({ref})")
            t.append(f"\n{c.says}")
            t.append(f"\nsource: {_ref(c.source)}", style="dim")
            parts.append(Padding(t, (0, 0, 1, 0)))

    if out.statistics:
        parts.append(_heading("Statistics"))
        for s in out.statistics:
            t = Text(f"- {s.says}")
            t.append(f"\n  source: {_ref(s.source)}", style="dim")
            parts.append(t)

    applied = [c for c in out.cases if part is None or c.part in (part, None)]
    if part is None:
        parts.append(_heading(f"Cases that applied it ({len(applied)})"))
    else:
        parts.append(_heading(f"Cases charged under part {part}, or with no part on file ({len(applied)})"))
    if applied:
        ct = Table(show_edge=False, pad_edge=False, expand=False)
        ct.add_column("case", no_wrap=True)  # an id is typed back into `kzlex case ID`: never split it
        ct.add_column("outcome")
        ct.add_column("subjects, charge and sanction", overflow="fold")
        for case in applied:
            case_id = Text(case.id, style="bold")
            case_id.append(f"\n{case.date or '-'}", style="dim")
            what = Text(", ".join(case.subjects))
            what.append("\ncharge: ", style="bold")
            what.append(case.charge)
            if not case.speech:
                what.append(" (non-speech)", style="dim")
            if case.note:
                what.append(f"\n{case.note}", style="dim")
            what.append("\nsanction: ", style="bold")
            what.append((case.sanction or "-") + (f" ({case.decided})" if case.decided else ""))
            ct.add_row(case_id, Text(case.status, style=STATUS_STYLE.get(case.status, "")), what)
        parts.append(ct)
    else:
        parts.append(Text(f"No case in the knowledge base was charged under this {'part' if part else 'article'}."))

    if out.notes:
        parts.append(_heading("Notes"))
        parts.extend(Text(f"- {n}") for n in out.notes)

    parts += _sources(out.sources)
    if not quiet:
        parts.append(legend([CODES_LEGEND, PART_ID, RULE_LEGEND, VERSION_MARK, UNVERIFIED, SOURCE_KEYS]))
    return Group(*parts)


# ---------------------------------------------------------------- kzlex cases


def cases(out: CasesOut, *, quiet: bool = False) -> Group:
    head = Text("kzlex cases", style="bold")
    active = [f"{k} {v}" for k, v in out.filters.items() if v is not None]
    head.append(f": {out.count} {'case' if out.count == 1 else 'cases'}")
    if active:
        head.append(f" ({'; '.join(active)})")
    if not out.cases:
        return Group(head, Text("No case matches these filters."))
    table = Table(show_edge=False, pad_edge=False, expand=False)
    table.add_column("case", no_wrap=True)  # an id is typed back into `kzlex case ID`: never split it
    table.add_column("outcome")
    table.add_column("subjects, act, charges and sanction", overflow="fold")
    for c in out.cases:
        case_id = Text(c.id, style="bold")
        case_id.append(f"\n{c.date or '-'}", style="dim")
        if c.disputed:
            case_id.append("\ndisputed", style="yellow")
        what = Text(", ".join(c.subjects))
        what.append(f"\n{c.act.replace('_', ' ')} ({c.platform.replace('_', ' ')}); ")
        what.append(", ".join(c.charges) or c.response.replace("_", " "))
        if c.sanction:
            what.append("\nsanction: ", style="bold")
            what.append(c.sanction)
        table.add_row(case_id, Text(c.status, style=STATUS_STYLE.get(c.status, "")), what)
    if quiet:
        return Group(head, table)
    return Group(
        head,
        table,
        legend(
            [
                CODES_LEGEND,
                (
                    "convicted …",
                    "the outcome: convicted, sanctioned (administrative), acquitted, dropped, "
                    "pending, investigated, unknown",
                ),
                ("disputed", "the sources disagree on a fact of the case"),
                ("more", "`kzlex case ID` shows a full record with its sources"),
            ]
        ),
    )


# ---------------------------------------------------------------- kzlex case ID


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
    head = Text()
    head.append(out.id, style="bold")
    if out.title:
        head.append(f": {out.title}")
    head.append(f"\nsubjects: {', '.join(out.subjects)}\nresponse: {out.response.replace('_', ' ')}")
    if out.file:
        head.append(f"\nfile: {out.file}", style="dim")
    parts: list[RenderableType] = [head]

    parts.append(_heading("Facts"))
    ft = Table(show_header=False, show_edge=False, pad_edge=False, box=None)
    ft.add_column(style="bold", no_wrap=True)
    ft.add_column(overflow="fold")
    for name, value in _facts(out.scenario):
        ft.add_row(Text(name), Text(value))
    parts.append(ft)

    o = out.outcome
    parts.append(_heading("Outcome"))
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
        if ch.note and ch.note not in ch.label:
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
            t.append(f"\n  source: {_ref(a.source)}", style="dim")
    parts.append(t)

    if out.disputed:
        parts.append(_heading("Disputed in the sources"))
        for d in out.disputed:
            dt_ = Text()
            dt_.append(d.field, style="bold yellow")
            dt_.append(f": {len(d.readings)} readings")
            for n, r in enumerate(d.readings, 1):
                dt_.append(f"\n  {n}. ", style="bold")
                dt_.append(_value(r.value), style="bold")
                dt_.append(f"\n     \u201c{r.says}\u201d")
                dt_.append(f"\n     source: {_ref(r.source)}", style="dim")
                if r.source.title:
                    dt_.append(f" ({r.source.title})", style="dim")
            if d.note:
                dt_.append(f"\n  {d.note}", style="italic")
            parts.append(Padding(dt_, (0, 0, 1, 0)))

    parts.append(_heading("Sources"))
    for s in out.sources:
        st = Text()
        st.append(s.short or s.doc, style="bold")
        st.append(f"  {s.citation}" if s.citation else "  (not in the source registry)")
        if s.where:
            st.append(f"\n  passage: {_public(s.where)}")
        if s.url and s.url not in (s.citation or ""):
            st.append(f"\n  {s.url}", style="dim")
        parts.append(st)

    if out.regression_exempt:
        parts.append(_heading("Not a regression test"))
        parts.append(Text(out.regression_exempt))
    if out.notes:
        parts.append(_heading("Notes"))
        parts.extend(Text(f"- {n}") for n in out.notes)
    if not quiet:
        parts.append(legend([CODES_LEGEND, FIELD_LEGEND, SOURCE_KEYS]))
    return Group(*parts)
