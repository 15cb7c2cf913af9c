"""The terminal rendering of `kzlex article N`: one provision, section by section, each line with its source.

Returns rich renderables and never prints. Each section is its own function, in the order the
reader meets them: parts, versions, amending laws, repeal, defences, flags and aims, critiques,
statistics, the cases that applied it, notes, and the sources.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from engine.features.browse import PartOut, ProvisionOut, SourceOut, code_name
from engine.features.browse_dates import span
from engine.render.browse_common import (
    NOT_VERIFIED,
    PART_ID,
    RULE_LEGEND,
    SOURCE_KEYS,
    STATUS_STYLE,
    UNVERIFIED,
    VERSION_MARK,
    cited,
    heading,
    public,
)
from engine.render.console import CODES_LEGEND, labelled, legend


def _part(p: PartOut) -> RenderableType:
    head = Text()
    head.append(f"Part {p.number}", style="bold")
    head.append(f"  ({p.id})")
    if p.aggravates:
        head.append(f"  aggravates {p.aggravates}", style="dim")
    if not p.verified:
        head.append(f"  [{NOT_VERIFIED}]", style="bold yellow")
    body: list[RenderableType] = [head, Text(p.says)]
    if p.text_ru or p.text_en:
        words = Text()
        if p.text_ru:
            words.append(f"«{p.text_ru}»")
        if p.text_en:
            words.append(("\n" if p.text_ru else "") + f'"{p.text_en}"')
        if p.text_source:
            words.append(f"\nthe law's words: {cited(p.text_source)}", style="dim")
        body.append(Padding(words, (0, 0, 0, 2)))
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
        detail.append(f"source: {cited(p.penalty.source)}", style="dim")
    if detail.plain:
        detail.rstrip()
        body.append(Padding(detail, (0, 0, 0, 2)))
    if p.note:
        body.append(Text(f"note: {p.note}", style="dim"))
    body.append(Text(f"source: {cited(p.source)}", style="dim"))
    return Padding(Group(*body), (0, 0, 1, 2))


def _sources(sources: list[SourceOut]) -> list[RenderableType]:
    out: list[RenderableType] = [heading("Sources")]
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
            t.append(f"\n  - {public(where)}")
        out.append(Padding(t, (0, 0, 1, 0)))
    return out


def _head(out: ProvisionOut) -> Text:
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
    return head


def _versions(out: ProvisionOut) -> list[RenderableType]:
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
            Text(span(v.in_force["from"] or "", v.in_force["to"])),
            Text("yes") if v.verified else Text(NOT_VERIFIED, style="yellow"),
            Text(", ".join(v.part_numbers)),
            Text(v.note or ""),
        )
    return [heading("Versions"), vt]


def _history(out: ProvisionOut) -> list[RenderableType]:
    """The amending laws and the repeal, with where such acts fall now."""
    parts: list[RenderableType] = []
    if out.amended_by:
        parts.append(heading("Amending laws"))
        for a in out.amended_by:
            t = Text(f"- {a.law}", style="bold")
            if a.note:
                t.append(f": {a.note}", style="")
            t.append(f"\n  source: {cited(a.source)}", style="dim")
            parts.append(t)
    if out.repealed:
        r = out.repealed
        parts.append(heading("Repeal"))
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
        t.append(f"\nsource: {cited(r.source)}", style="dim")
        parts.append(t)
    return parts


def _reading(out: ProvisionOut) -> list[RenderableType]:
    """What the law says of itself and what others say of it: defences, flags and aims, critiques, statistics."""
    parts: list[RenderableType] = []
    if out.defences:
        parts.append(heading("Defences written into the law"))
        for d in out.defences:
            t = Text()
            t.append(d.id, style="bold")
            t.append(f" exempts {', '.join(d.exempts)}\n{d.says}\n")
            t.append(f"  rule: {d.condition}\n  source: {cited(d.source)}", style="dim")
            parts.append(Padding(t, (0, 0, 1, 0)))
    if out.flags or out.aims:
        parts.append(heading("Flags and aims"))
        if out.aims:
            parts.append(Text(f"Aims the State would invoke (ICCPR 19(3)): {', '.join(out.aims)}"))
        for f in out.flags:
            t = Text(f"- {f.name}: ", style="bold")
            t.append(f.why, style="")
            t.append(f"\n  source: {cited(f.source)}", style="dim")
            parts.append(t)
    if out.critiques:
        parts.append(heading("Critiques"))
        for c in out.critiques:
            t = Text()
            t.append(c.by, style="bold")
            ref = " ".join(x for x in (c.ref, f"para {c.para}" if c.para else None) if x)
            if ref:
                t.append(f" ({ref})")
            t.append(f"\n{c.says}")
            t.append(f"\nsource: {cited(c.source)}", style="dim")
            parts.append(Padding(t, (0, 0, 1, 0)))
    if out.statistics:
        parts.append(heading("Statistics"))
        for s in out.statistics:
            t = Text(f"- {s.says}")
            t.append(f"\n  source: {cited(s.source)}", style="dim")
            parts.append(t)
    return parts


def _cases(out: ProvisionOut, part: str | None) -> list[RenderableType]:
    applied = [c for c in out.cases if part is None or c.part in (part, None)]
    parts: list[RenderableType] = []
    if part is None:
        parts.append(heading(f"Cases that applied it ({len(applied)})"))
    else:
        parts.append(heading(f"Cases charged under part {part}, or with no part on file ({len(applied)})"))
    if not applied:
        parts.append(Text(f"No case in the knowledge base was charged under this {'part' if part else 'article'}."))
        return parts
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
    return parts


def provision(out: ProvisionOut, *, part: str | None = None, quiet: bool = False) -> Group:
    """The record; `part` (from `174(2)`) narrows the parts and the cases to that part."""
    parts: list[RenderableType] = [_head(out)]
    if not quiet:
        parts += [Text(f"note: {notice}", style="yellow") for notice in out.notices]
    which = f"Part {part}" if part is not None else "Parts"
    parts.append(
        heading(f"{which} (version {out.version}{'' if out.version_in_force else ', not in force on the date'})")
    )
    parts.extend(_part(p) for p in out.parts if part is None or p.number == part)
    parts += _versions(out)
    parts += _history(out)
    parts += _reading(out)
    parts += _cases(out, part)
    if out.notes:
        parts.append(heading("Notes"))
        parts.extend(Text(f"- {n}") for n in out.notes)
    parts += _sources(out.sources)
    if not quiet:
        parts.append(legend([CODES_LEGEND, PART_ID, RULE_LEGEND, VERSION_MARK, UNVERIFIED, SOURCE_KEYS]))
    return Group(*parts)
