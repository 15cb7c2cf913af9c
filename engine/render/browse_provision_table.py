"""The terminal rendering of `kzlex articles`: one row a provision, readable at 80 columns.

Returns rich renderables and never prints.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from engine.features.browse import ArticlesOut, code_label
from engine.model.ids import cite
from engine.render.browse_common import NOT_VERIFIED, UNVERIFIED
from engine.render.console import CODES_LEGEND, legend


def articles(out: ArticlesOut, *, quiet: bool = False) -> Group:
    """The table, then the legend unless `quiet`."""
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
            if row.replacement:
                title.append(f" → {cite(row.replacement.code, row.replacement.article)}", style="dim")
            elif row.replaced_by:
                title.append(f" → {row.replaced_by}", style="dim")
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
