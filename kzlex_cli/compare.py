"""`kzlex compare`: scenarios side by side, or one scenario under the current and a reformed law."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from engine.features.compare import Comparison, Entry, side_by_side
from engine.features.outcome_diff import ArticleState
from engine.knowledge.base import KnowledgeBase
from engine.model.errors import InputError
from engine.model.ids import cite
from engine.reasoning.evaluate import engine_for, evaluate
from engine.render import json_out
from engine.render.console import (
    CITE_LEGEND,
    CODES_LEGEND,
    FIELD_LEGEND,
    STATUS_LEGEND,
    VERDICT_LEGEND,
    VERDICT_STYLE,
    legend,
    words,
)
from kzlex_cli.common import (
    check_format,
    get_engine,
    guarded,
    parse_date,
    read_scenario,
    settings,
    show,
    stdin_once,
    today,
)
from kzlex_cli.whatif import heaviest_text

CURRENT = "current"
STATUS_STYLE = {"applies": "bold", "possible": "yellow", "exempt": "dim", "no_longer_criminal": "dim"}


def law_kb(name: str, kb: KnowledgeBase) -> KnowledgeBase:
    """The knowledge base under a named law: `current`, or a reform from rules/reforms/NAME.yaml."""
    if name == CURRENT:
        return kb
    from engine.features.reform import apply_reform  # reforms, and their models, only when asked for

    reformed: KnowledgeBase = apply_reform(kb, name)
    return reformed


@guarded
def compare(
    scenarios: Annotated[
        list[str],
        typer.Argument(help="Two or more scenario files (one is enough with two --law).", show_default=False),
    ],
    law: Annotated[
        list[str] | None,
        typer.Option(
            "--law",
            help="Evaluate under this law: current, or a reform in rules/reforms (e.g. reformed). Repeat to compare laws.",
            show_default=False,
        ),
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="text (a table) or json.")] = "text",
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Treat every act as committed on this date (YYYY-MM-DD).")
    ] = None,
) -> None:
    """Side by side: differing facts, articles and parts, heaviest penalties, closest cases, ICCPR verdicts.

    \b
    Examples:
      kzlex compare scenarios/precedents/mambetalin.yaml scenarios/precedents/sychev.yaml
      kzlex compare scenarios/land-protest-call.yaml --law current --law reformed
      kzlex compare scenarios/corruption-post.yaml scenarios/repost-with-comment.yaml --format json
    """
    check_format(format)
    when = parse_date(as_of, "--as-of") if as_of is not None else None
    laws = list(dict.fromkeys(law or [CURRENT]))
    if len(scenarios) * len(laws) < 2:
        raise InputError(
            "give two or more scenarios, or one scenario with two different --law (e.g. --law current --law reformed)"
        )
    stdin_once(scenarios)
    base_kb = get_engine().kb
    kbs = {name: law_kb(name, base_kb) for name in laws}
    parsed = [(path, read_scenario(path)) for path in scenarios]
    labels = _labels([p for p, _ in parsed], [s.id for _, s in parsed])
    entries: list[Entry] = []
    for (_, s), label in zip(parsed, labels, strict=True):
        for name in laws:
            result = evaluate(engine_for(kbs[name]), s, today=today(), as_of=when)
            shown = label if len(laws) == 1 else f"{label} [{name}]"
            entries.append(Entry(label=shown, law=name, scenario=s, result=result, kb=kbs[name]))
    out = side_by_side(entries)
    if format == "json":
        sys.stdout.write(json_out.dumps(out))
    else:
        show(render(out, [e.kb for e in entries], quiet=settings.quiet))


def _labels(paths: list[str], ids: list[str | None]) -> list[str]:
    """Each column's name: the scenario's id, else its file name; numbered where two coincide."""
    names = [sid or (Path(p).stem if p != "-" else "stdin") for p, sid in zip(paths, ids, strict=True)]
    return [f"{n} ({i})" if names.count(n) > 1 else n for i, n in enumerate(names, 1)]


def _article_cell(a: ArticleState | None) -> Text:
    if a is None:
        return Text("-", style="dim")
    t = Text(a.cite, style=STATUS_STYLE.get(a.status, ""))
    if a.status != "applies":
        t.append(f" {a.status.replace('_', ' ')}", style=STATUS_STYLE.get(a.status, ""))
    return t


def render(c: Comparison, kbs: list[KnowledgeBase] | None = None, *, quiet: bool = False) -> Group:
    """The table; `kbs` (one per column) lets the heaviest-penalty row name a heavier possible article."""
    table = Table(show_lines=False, show_edge=False, pad_edge=False, title="kzlex compare", title_justify="left")
    # A fixed width, the longest fact name's: the value columns share what is left, and no name is split.
    labels = [f.field for f in c.facts] + ["heaviest penalty"]
    table.add_column("", style="bold", overflow="fold", width=min(max(len(x) for x in labels), 34))
    for col in c.columns:
        table.add_column(Text(col.label), overflow="fold")
    if c.facts:
        for f in c.facts:
            table.add_row(Text(f.field, style="cyan"), *[Text(v) for v in f.values])
    else:
        table.add_row(Text("facts", style="cyan"), *[Text("the same facts", style="dim") for _ in c.columns])
    table.add_section()
    table.add_row("law as of", *[Text(col.law_as_of) for col in c.columns])
    for row in c.articles:
        head = Text(cite(row.code, row.article), style="bold")
        head.append(f" {row.title}", style="dim")
        table.add_row(head, *[_article_cell(a) for a in row.cells])
    if not c.articles:
        table.add_row("articles", *[Text("none", style="dim") for _ in c.columns])
    table.add_section()
    heaviest = []
    for i, col in enumerate(c.columns):
        states = [s for s in (row.cells[i] for row in c.articles) if s is not None]
        heaviest.append(heaviest_text(col.heaviest, states, kbs[i] if kbs else None))
    table.add_row("heaviest penalty", *heaviest)
    table.add_row("closest cases", *[Text("\n".join(col.precedents) or "-") for col in c.columns])
    table.add_section()
    table.add_row("ICCPR verdict", *[Text(col.verdict, style=VERDICT_STYLE[col.verdict]) for col in c.columns])
    for right in sorted({r for col in c.columns for r in col.rights}):
        table.add_row(
            f"  {right}",
            *[
                Text(col.rights[right], style=VERDICT_STYLE[col.rights[right]])
                if right in col.rights
                else Text("not engaged", style="dim")
                for col in c.columns
            ],
        )
    foot = Text()
    if not quiet:
        for col in c.columns:
            for note in col.notes:
                foot.append(f"{col.label}: {note}\n", style="dim")
    foot.append(c.disclaimer, style="dim italic")
    if quiet:
        return Group(table, foot)
    entries = [
        CODES_LEGEND,
        CITE_LEGEND,
        *[(words(s), STATUS_LEGEND[s]) for s in STATUS_LEGEND if s != "applies"],
        ("*", "penalty not verified in the text of the law"),
        FIELD_LEGEND,
        VERDICT_LEGEND,
    ]
    return Group(table, Padding(legend(entries), (0, 0, 1, 0)), foot)
