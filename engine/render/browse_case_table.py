"""The terminal rendering of `kzlex cases`: one row a case, with the filters that chose them.

Returns rich renderables and never prints.
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from engine.features.browse import CasesOut
from engine.render.browse_common import STATUS_STYLE
from engine.render.console import CODES_LEGEND, legend, words


def cases(out: CasesOut, *, quiet: bool = False) -> Group:
    """The table, then the legend unless `quiet`."""
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
        what.append(f"\n{words(c.act)} ({words(c.platform)}); ")
        what.append(", ".join(c.charges) or words(c.response))
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
