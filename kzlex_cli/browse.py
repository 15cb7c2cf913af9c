"""`kzlex articles`, `article`, `cases`, `case`: read the knowledge base from the terminal.

A lawyer or a report writer must be able to check what kzlex knows before trusting what it
concludes; these commands show every provision and case with its sources, as text or JSON.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from engine import browse
from engine.knowledge import load
from engine.render import browse as render
from engine.render import json_out
from kzlex_cli.common import check_format, guarded, parse_date, stdout_console, today

_FORMAT_HELP = "text (for the terminal) or json (stable keys)."


def _emit(value: browse.ArticlesOut | browse.ProvisionOut | browse.CasesOut | browse.CaseOut, format: str) -> None:
    if format == "json":
        sys.stdout.write(json_out.dumps(value))
        return
    if isinstance(value, browse.ArticlesOut):
        stdout_console.print(render.articles(value))
    elif isinstance(value, browse.ProvisionOut):
        stdout_console.print(render.provision(value))
    elif isinstance(value, browse.CasesOut):
        stdout_console.print(render.cases(value))
    else:
        stdout_console.print(render.case(value))


@guarded
def articles(
    code: Annotated[
        str | None, typer.Option("--code", help="Only this code: criminal or administrative.", show_default=False)
    ] = None,
    in_force: Annotated[
        str | None,
        typer.Option("--in-force", help="Only provisions in force on this date (YYYY-MM-DD).", show_default=False),
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help=_FORMAT_HELP)] = "text",
) -> None:
    """List every provision: its parts in force, versions, repeal, flags and the number of cases that applied it."""
    check_format(format)
    browse.check_code(code)
    day = parse_date(in_force, "--in-force") if in_force is not None else today()
    _emit(browse.articles_table(load(), day=day, code=code, in_force_only=in_force is not None), format)


@guarded
def article(
    number: Annotated[str, typer.Argument(help="The article number, e.g. 174 or 73-3.", show_default=False)],
    code: Annotated[
        str | None,
        typer.Option(
            "--code", help="criminal or administrative (needed only if both codes have the number).", show_default=False
        ),
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Show the law as it stood on this date (YYYY-MM-DD).")
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help=_FORMAT_HELP)] = "text",
) -> None:
    """One provision: parts, elements, penalties, versions, repeal, defences, critiques, cases and sources."""
    check_format(format)
    browse.check_code(code)
    day = parse_date(as_of, "--as-of") if as_of is not None else today()
    _emit(browse.provision_record(load(), number, code=code, day=day, as_of_given=as_of is not None), format)


@guarded
def cases(
    article: Annotated[
        str | None, typer.Option("--article", help="Charged under this article (any code).", show_default=False)
    ] = None,
    act: Annotated[str | None, typer.Option("--act", help="The kind of act, e.g. post.", show_default=False)] = None,
    platform: Annotated[
        str | None, typer.Option("--platform", help="Where it was said, e.g. facebook.", show_default=False)
    ] = None,
    year: Annotated[
        int | None, typer.Option("--year", help="The act or the decision fell in this year.", show_default=False)
    ] = None,
    outcome: Annotated[
        str | None, typer.Option("--outcome", help="convicted, acquitted, dropped, ...", show_default=False)
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", help="The act or the decision fell on or after this day (YYYY-MM-DD).", show_default=False
        ),
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help=_FORMAT_HELP)] = "text",
) -> None:
    """List the real cases, with filters; each row names the charges and the outcome."""
    check_format(format)
    day = parse_date(since, "--since") if since is not None else None
    result = browse.cases_table(
        load(), article=article, act=act, platform=platform, year=year, outcome=outcome, since=day
    )
    _emit(result, format)


@guarded
def case(
    case_id: Annotated[str, typer.Argument(metavar="ID", help="The case id, e.g. sychev.", show_default=False)],
    format: Annotated[str, typer.Option("--format", "-f", help=_FORMAT_HELP)] = "text",
) -> None:
    """One case in full: facts, outcome, sanction, sources with passages, and every disputed reading."""
    check_format(format)
    _emit(browse.case_record(load(), case_id), format)
