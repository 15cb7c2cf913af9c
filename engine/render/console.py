"""The terminal report: articles, precedents, ICCPR assessment, and one disclaimer line.

Returns rich renderables and never prints. Scenario and case text is always wrapped in `Text`
(never parsed as markup), so a summary containing `[red]` or escape-like text shows as written.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from engine.result import ArticleOut, Result, RightOut

VERDICT_STYLE = {"violation": "bold red", "permissible": "bold green", "uncertain": "bold yellow", "not_reached": "dim"}
RESULT_MARK = {"pass": ("pass", "green"), "fail": ("fail", "red"), "uncertain": ("uncertain", "yellow")}
STATUS_STYLE = {"applies": "bold", "possible": "yellow", "exempt": "dim", "no_longer_criminal": "dim"}


def _cite(a: ArticleOut) -> str:
    code = "CC" if a.code == "criminal" else "CAO"
    return f"{code} {a.article}" + (f"({a.part})" if a.part else "")


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _articles(result: Result, detail: int) -> list[RenderableType]:
    out: list[RenderableType] = [Rule(Text("1. Articles", style="bold"), align="left")]
    if not result.articles:
        out.append(Text("No encoded provision in force on that date reaches the act as described."))
        return out
    table = Table(show_edge=False, pad_edge=False, expand=False)
    for col in ("#", "article", "status", "title", "penalty", "elements", "cases"):
        table.add_column(col, overflow="fold")
    for n, a in enumerate(result.articles, 1):
        table.add_row(
            str(n),
            Text(_cite(a), style="bold"),
            Text(a.status.replace("_", " "), style=STATUS_STYLE[a.status]),
            Text(a.title),
            Text(_short(a.penalty)),
            f"{len(a.elements_met)}/{len(a.elements)}",
            Text(", ".join(a.precedents[:3]) or "-"),
        )
    out.append(table)
    for a in result.articles[:detail]:
        lines = Text()
        lines.append(f"{_cite(a)} ", style="bold")
        lines.append(f"({a.part_id}, version {a.version}, in force from {a.in_force['from']})\n")
        lines.append(f"  penalty: {a.penalty}\n")
        for el in a.elements:
            lines.append("  met     " if el.met else "  missing ", style="green" if el.met else "red")
            lines.append(el.says)
            if el.unknown_facts:
                lines.append(f"  [not given: {', '.join(el.unknown_facts)}]", style="yellow")
            lines.append("\n")
        for note in a.notes:
            lines.append(f"  note: {note}\n", style="dim")
        lines.append(f"  source: {'; '.join(dict.fromkeys(a.sources))}", style="dim")
        out.append(Padding(lines, (1, 0, 0, 0)))
    return out


def _precedents(result: Result) -> list[RenderableType]:
    out: list[RenderableType] = [Rule(Text("2. Precedents", style="bold"), align="left")]
    if not result.precedents:
        out.append(Text("No precedent in the knowledge base."))
        return out
    for p in result.precedents:
        t = Text()
        t.append(f"{p.id}", style="bold")
        t.append(f"  similarity {p.similarity:.2f}  ")
        t.append(", ".join(p.subjects))
        charges = ", ".join(
            f"{c.code} {c.article or ''}{'(' + c.part + ')' if c.part else ''}{' ' + c.note if c.note else ''}".strip()
            for c in p.charges
        )
        t.append(f"\n  outcome: {p.outcome.status}")
        if p.outcome.sanction:
            t.append(f", {p.outcome.sanction}")
        if p.outcome.decided:
            t.append(f" ({p.outcome.decided})")
        if charges:
            t.append(f"; charges: {charges}")
        if p.shared:
            t.append("\n  shares: ", style="green")
            t.append("; ".join(p.shared[:6]))
        if p.differs:
            t.append("\n  differs: ", style="red")
            t.append("; ".join(p.differs[:4]))
        if p.disputed:
            t.append(f"\n  disputed in the sources: {', '.join(p.disputed)}", style="yellow")
        t.append(f"\n  source: {'; '.join(p.sources)}", style="dim")
        out.append(Padding(t, (0, 0, 1, 0)))
    for pattern in result.patterns:
        line = Text("pattern: ", style="bold yellow")
        line.append(f"{pattern.says} ({', '.join(pattern.cases)})")
        out.append(Padding(line, (0, 0, 1, 0)))
    return out


def _right(r: RightOut) -> RenderableType:
    t = Text()
    t.append(f"{r.right}  ", style="bold")
    t.append(r.verdict, style=VERDICT_STYLE[r.verdict])
    t.append(f"  {r.title}\n")
    t.append(f"  {r.summary}\n", style="italic")
    for test in r.tests:
        mark, style = RESULT_MARK[test.result]
        t.append(f"  {mark:<10}", style=style)
        t.append(f"{test.title}\n", style="bold")
        for reason in test.reasons:
            t.append(f"            {reason}\n")
        t.append(f"            {'; '.join(test.citations)}\n", style="dim")
    return Padding(t, (0, 0, 1, 0))


def _assessment(result: Result) -> list[RenderableType]:
    a = result.assessment
    out: list[RenderableType] = [Rule(Text("3. ICCPR assessment", style="bold"), align="left")]
    head = Text("Verdict: ")
    head.append(a.verdict, style=VERDICT_STYLE[a.verdict])
    head.append(f"  {a.summary}")
    if a.rests_on:
        head.append("\n  rests on: ", style="bold")
        head.append("; ".join(a.rests_on), style="dim")
    for assumed in a.presumed:
        head.append(f"\n  presumed: {assumed.field}", style="bold")
        head.append(f" ({assumed.source})", style="dim")
    if a.missing_facts:
        head.append("\n  turns on: ", style="bold")
        head.append(", ".join(a.missing_facts))
    out.append(Padding(head, (0, 0, 1, 0)))
    if len(a.provisions) > 1:
        table = Table(show_edge=False, pad_edge=False, title="Each provision on its own", title_justify="left")
        for col in ("provision", "status", "verdict", "turns on"):
            table.add_column(col, overflow="fold")
        for p in a.provisions:
            table.add_row(
                p.provision or "the act alone",
                p.status or "",
                Text(p.verdict, style=VERDICT_STYLE[p.verdict]),
                ", ".join(p.missing_facts),
            )
        out.append(Padding(table, (0, 0, 1, 0)))
    if a.concerns:
        out.append(Text(f"As assessed for {a.concerns[0]}:", style="bold"))
    out.extend(_right(r) for r in a.rights)
    return out


def _trace(result: Result) -> list[RenderableType]:
    table = Table(show_edge=False, pad_edge=False, title="Trace: rules that fired, in order", title_justify="left")
    for col in ("stage", "rule", "matched", "concluded", "source"):
        table.add_column(col, overflow="fold")
    for line in result.trace:
        table.add_row(
            line.stage, line.rule, Text("; ".join(line.matched)), Text(line.concluded), Text(line.source or "")
        )
    return [table]


def report(result: Result, *, detail: int = 3, trace: bool = False) -> Group:
    title = Text()
    title.append("kzlex check", style="bold")
    if result.title or result.scenario:
        title.append(": ")
        title.append(result.title or result.scenario or "")
    title.append(f"\nlaw as of {result.law_as_of}")
    parts: list[RenderableType] = [title]
    for note in result.law_notes:
        parts.append(Text(f"note: {note}", style="yellow"))
    parts += _articles(result, detail)
    parts += _precedents(result)
    parts += _assessment(result)
    if trace:
        parts += _trace(result)
    parts.append(Text(result.disclaimer, style="dim italic"))
    return Group(*parts)
