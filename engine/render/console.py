"""The terminal report: articles, precedents, ICCPR assessment, a legend and one disclaimer line.

Returns rich renderables and never prints. Scenario and case text is always wrapped in `Text`
(never parsed as markup), so a summary containing `[red]` or escape-like text shows as written.

Readable at 80 columns and in a pipe: text wraps between words, never inside one. Tables keep
few narrow columns and put the long text (title, penalty, cases) in one wide cell, so every
column is at least as wide as its longest word; labelled lines are two-column grids, so a
wrapped line keeps its indent. `overflow="fold"` stays only as the last resort for a single
token wider than the whole line (a long URL), which would otherwise be cut.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from engine.model.ids import cite
from engine.model.result import ArticleOut, ChargeOut, Result, RightOut

VERDICT_STYLE = {"violation": "bold red", "permissible": "bold green", "uncertain": "bold yellow", "not_reached": "dim"}
RESULT_MARK = {"pass": ("pass", "green"), "fail": ("fail", "red"), "uncertain": ("uncertain", "yellow")}
STATUS_STYLE = {"applies": "bold", "possible": "yellow", "exempt": "dim", "no_longer_criminal": "dim"}

# What a reader of `kzlex check` meets without explanation: the short names, the status words,
# the rule ids and the scenario field paths. The legend shows the lines the output needs.
CODES_LEGEND = ("CC, CAO", "Criminal Code; Code of Administrative Offences (both of 2014)")
CITE_LEGEND = ("CC 174(1)", "Art. 174, part 1; kz.cc.174.1 is that part's rule id (kz.ac.… in the CAO)")
STATUS_LEGEND = {
    "applies": "every element of the part is met by the facts given",
    "possible": "one element turns on a fact the scenario does not give",
    "exempt": "the elements are met, but a defence written into the law applies",
    "no_longer_criminal": "the elements are met, but the article has since been repealed",
}
MET_LEGEND = ("met 2/3", "elements of the part the facts meet, of those it has")
VERDICT_LEGEND = ("violation …", "would a sanction breach the ICCPR: violation, permissible, uncertain, not reached")
TEST_LEGEND = ("pass, fail", "whether a sanction would meet that step of the test (fail: it would not)")
FIELD_LEGEND = ("a.b: value", "a fact of the scenario, e.g. assembly.place_designated; `kzlex schema scenario`")
SIMILARITY_LEGEND = ("similarity", "0 to 1: how close a real case's facts are to the scenario's")
SOURCE_KEY = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$")  # CC21, AC23, GC34, A-HRC-55-47: abbreviations to explain


def _cite(a: ArticleOut) -> str:
    return cite(a.code, a.article, a.part)


def _charge(c: ChargeOut) -> str:
    code = {"criminal": "CC", "administrative": "CAO", "civil": "civil claim", "none": "no charge"}.get(c.code, c.code)
    head = f"{code} {c.article or ''}{'(' + c.part + ')' if c.part else ''}".strip()
    return f"{head} {c.note}" if c.note else head


def words(text: str) -> str:
    """Underscores read as spaces ("not_reached" -> "not reached"); the JSON keeps the identifier."""
    return text.replace("_", " ")


def labelled(
    rows: Iterable[tuple[str | Text, str | Text]], indent: int = 2, label_width: int | None = None
) -> RenderableType:
    """Label and value side by side; a long value wraps under itself, not under the label."""
    grid = Table.grid(padding=(0, 2, 0, 0))
    grid.add_column(no_wrap=True, min_width=label_width)
    grid.add_column(overflow="fold")  # fold: only a token wider than the column is ever split
    for label, value in rows:
        grid.add_row(
            label if isinstance(label, Text) else Text(label), value if isinstance(value, Text) else Text(value)
        )
    return Padding(grid, (0, 0, 0, indent), expand=False)


def legend(entries: Sequence[tuple[str, str]], sources: Mapping[str, str] | None = None) -> RenderableType:
    """The `Legend:` footer: each abbreviation, status word or kind of id the output uses, then the
    source keys it cites with the document each names."""
    rows: list[tuple[str | Text, str | Text]] = [(Text(k, style="bold"), Text(v)) for k, v in entries]
    for key, title in (sources or {}).items():
        rows.append((Text(key, style="bold"), Text(title)))
    return Group(Text("Legend:", style="bold dim"), labelled(rows))


def source_keys(text: str, registry: Mapping[str, str]) -> dict[str, str]:
    """The abbreviated source keys (CC21, GC34) that occur in `text`, with their titles, in order of first use."""
    found: dict[str, int] = {}
    for key in registry:
        if SOURCE_KEY.match(key):
            m = re.search(rf"(?<![\w-]){re.escape(key)}(?![\w-])", text)
            if m:
                found[key] = m.start()
    return {k: registry[k] for k in sorted(found, key=found.__getitem__)}


def _articles(result: Result, detail: int, quiet: bool) -> list[RenderableType]:
    out: list[RenderableType] = [Rule(Text("1. Articles", style="bold"), align="left")]
    if not result.articles:
        out.append(Text("No encoded provision in force on that date reaches the act as described."))
        return out
    table = Table(show_edge=False, pad_edge=False, expand=False)
    table.add_column("#", no_wrap=True, justify="right")
    table.add_column("article", no_wrap=True)  # a citation is typed back into `kzlex article`: never split it
    table.add_column("status")
    table.add_column("met", no_wrap=True)
    table.add_column("offence, penalty and cases", overflow="fold")
    for n, a in enumerate(result.articles, 1):
        cell = Text(a.title)
        cell.append("\npenalty: ", style="bold")
        cell.append(a.penalty)
        cell.append("\ncases: ", style="bold")
        cell.append(", ".join(a.precedents[:3]) or "-")
        table.add_row(
            str(n),
            Text(_cite(a), style="bold"),
            Text(words(a.status), style=STATUS_STYLE[a.status]),
            f"{len(a.elements_met)}/{len(a.elements)}",
            cell,
        )
        if n < len(result.articles):
            table.add_row()
    out.append(table)
    for a in result.articles[:detail]:
        head = Text()
        head.append(_cite(a), style="bold")
        head.append(f"  {a.part_id}, version {a.version}, in force from {a.in_force['from']}")
        rows: list[tuple[str | Text, str | Text]] = [("penalty", a.penalty)]
        for el in a.elements:
            mark = Text("met" if el.met else "missing", style="green" if el.met else "red")
            says = Text(el.says)
            if el.unknown_facts:
                says.append(f"\nnot given: {', '.join(el.unknown_facts)}", style="yellow")
            rows.append((mark, says))
        if not quiet:
            rows += [(Text("note", style="dim"), Text(note, style="dim")) for note in a.notes]
        rows.append((Text("source", style="dim"), Text("; ".join(dict.fromkeys(a.sources)), style="dim")))
        out.append(Padding(Group(head, labelled(rows)), (1, 0, 0, 0)))
    return out


def _precedents(result: Result) -> list[RenderableType]:
    out: list[RenderableType] = [Rule(Text("2. Precedents", style="bold"), align="left")]
    if not result.precedents:
        out.append(Text("No precedent in the knowledge base."))
        return out
    for p in result.precedents:
        head = Text()
        head.append(f"{p.id}", style="bold")
        head.append(f"  similarity {p.similarity:.2f}  ")
        head.append(", ".join(p.subjects))
        outcome = Text(p.outcome.status)
        if p.outcome.sanction:
            outcome.append(f", {p.outcome.sanction}")
        if p.outcome.decided:
            outcome.append(f" ({p.outcome.decided})")
        rows: list[tuple[str | Text, str | Text]] = [("outcome", outcome)]
        if p.charges:
            rows.append(("charges", "; ".join(_charge(c) for c in p.charges)))
        if p.shared:
            rows.append((Text("shares", style="green"), "; ".join(p.shared[:6])))
        if p.differs:
            rows.append((Text("differs", style="red"), "; ".join(p.differs[:4])))
        if p.disputed:
            rows.append((Text("disputed", style="yellow"), Text(", ".join(p.disputed), style="yellow")))
        rows.append((Text("source", style="dim"), Text("; ".join(p.sources), style="dim")))
        out.append(Padding(Group(head, labelled(rows)), (0, 0, 1, 0)))
    for pattern in result.patterns:
        line = Text("pattern: ", style="bold yellow")
        line.append(f"{pattern.says} ({', '.join(pattern.cases)})")
        out.append(Padding(line, (0, 0, 1, 0)))
    return out


def _right(r: RightOut) -> RenderableType:
    head = Text()
    head.append(f"{r.right}  ", style="bold")
    head.append(words(r.verdict), style=VERDICT_STYLE[r.verdict])
    head.append(f"  {r.title}")
    rows: list[tuple[str | Text, str | Text]] = [("", Text(r.summary, style="italic"))]
    for test in r.tests:
        mark, style = RESULT_MARK[test.result]
        rows.append((Text(mark, style=style), Text(test.title, style="bold")))
        rows += [("", Text(reason)) for reason in test.reasons]
        rows.append(("", Text("; ".join(test.citations), style="dim")))
    return Padding(Group(head, labelled(rows, label_width=9)), (0, 0, 1, 0))


def _assessment(result: Result) -> list[RenderableType]:
    a = result.assessment
    out: list[RenderableType] = [Rule(Text("3. ICCPR assessment", style="bold"), align="left")]
    head = Text("Verdict: ")
    head.append(words(a.verdict), style=VERDICT_STYLE[a.verdict])
    head.append(f"  {a.summary}")
    rows: list[tuple[str | Text, str | Text]] = []
    if a.rests_on:
        rows.append((Text("rests on", style="bold"), Text("; ".join(a.rests_on), style="dim")))
    for assumed in a.presumed:
        value = Text(assumed.field)
        value.append(f" ({assumed.source})", style="dim")
        rows.append((Text("presumed", style="bold"), value))
    if a.missing_facts:
        rows.append((Text("turns on", style="bold"), ", ".join(a.missing_facts)))
    out.append(Padding(Group(head, labelled(rows)) if rows else head, (0, 0, 1, 0)))
    if len(a.provisions) > 1:
        table = Table(show_edge=False, pad_edge=False, title="Each provision on its own", title_justify="left")
        table.add_column("provision", no_wrap=True)
        table.add_column("status")
        table.add_column("verdict")
        table.add_column("turns on", overflow="fold")
        for p in a.provisions:
            table.add_row(
                p.provision or "the act alone",
                words(p.status or ""),
                Text(words(p.verdict), style=VERDICT_STYLE[p.verdict]),
                ", ".join(p.missing_facts),
            )
        out.append(Padding(table, (0, 0, 1, 0)))
    if a.concerns:
        out.append(Text(f"As assessed for {a.concerns[0]}:", style="bold"))
    out.extend(_right(r) for r in a.rights)
    return out


def _trace(result: Result) -> list[RenderableType]:
    out: list[RenderableType] = [Rule(Text("Trace: rules that fired, in order", style="bold"), align="left")]
    for line in result.trace:
        head = Text(f"{line.stage}  ", style="dim")
        head.append(line.rule, style="bold")
        rows: list[tuple[str | Text, str | Text]] = [
            ("matched", "; ".join(line.matched) or "-"),
            ("concluded", line.concluded),
        ]
        if line.source:
            rows.append((Text("source", style="dim"), Text(line.source, style="dim")))
        out.append(Group(head, labelled(rows)))
    return out


def _cited(result: Result, detail: int, trace: bool) -> str:
    """Every citation the report shows, to find the source keys the legend must explain."""
    bits: list[str] = []
    for a in result.articles[:detail]:
        bits += a.sources + a.notes
    for p in result.precedents:
        bits += p.sources
    bits += [x.source for x in result.assessment.presumed]
    bits += [c for r in result.assessment.rights for t in r.tests for c in t.citations]
    if trace:
        bits += [line.source or "" for line in result.trace]
    return "\n".join(bits)


def check_legend(result: Result, sources: Mapping[str, str] | None = None) -> RenderableType:
    """The legend of `kzlex check`: only the status words the result uses, and the source keys it cites
    (`sources` is the registry, key -> title; the legend keeps the keys the report shows)."""
    entries: list[tuple[str, str]] = [CODES_LEGEND, CITE_LEGEND]
    statuses = list(dict.fromkeys(a.status for a in result.articles))
    entries += [(words(s), STATUS_LEGEND[s]) for s in statuses]
    if result.articles:
        entries.append(MET_LEGEND)
    entries += [SIMILARITY_LEGEND, FIELD_LEGEND, VERDICT_LEGEND, TEST_LEGEND]
    return legend(entries, sources)


def report(
    result: Result,
    *,
    detail: int = 3,
    trace: bool = False,
    quiet: bool = False,
    sources: Mapping[str, str] | None = None,
) -> Group:
    """The report; `quiet` leaves out the notes and the legend; `sources` (the registry, key -> title)
    lets the legend name the documents behind the abbreviated source keys the report cites."""
    title = Text()
    title.append("kzlex check", style="bold")
    if result.title or result.scenario:
        title.append(": ")
        title.append(result.title or result.scenario or "")
    title.append(f"\nlaw as of {result.law_as_of}")
    parts: list[RenderableType] = [title]
    if not quiet:
        parts += [Text(f"note: {note}", style="yellow") for note in result.law_notes]
    parts += _articles(result, detail, quiet)
    parts += _precedents(result)
    parts += _assessment(result)
    if trace:
        parts += _trace(result)
    if not quiet:
        used = source_keys(_cited(result, detail, trace), sources) if sources else None
        parts.append(Padding(check_legend(result, used), (0, 0, 1, 0)))
    parts.append(Text(result.disclaimer, style="dim italic"))
    return Group(*parts)
