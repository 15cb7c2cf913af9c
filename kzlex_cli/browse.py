"""`kzlex articles`, `article`, `cases`, `case`: read the knowledge base from the terminal.

A lawyer or a report writer must be able to check what kzlex knows before trusting what it
concludes; these commands show every provision and case with its sources, as text or JSON.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from engine.features import browse
from engine.knowledge.base import load
from engine.model.errors import InputError
from engine.model.ids import cite
from engine.render import browse as render
from engine.render import json_out
from kzlex_cli.common import check_format, guarded, parse_date, settings, show, today

_FORMAT_HELP = "text (for the terminal) or json (stable keys)."


_CODE_HELP = "criminal or administrative (CC and CAO also do)."


def _emit(
    value: browse.ArticlesOut | browse.ProvisionOut | browse.CasesOut | browse.CaseOut,
    format: str,
    part: str | None = None,
) -> None:
    if format == "json":
        sys.stdout.write(json_out.dumps(value))
        return
    quiet = settings.quiet
    if isinstance(value, browse.ArticlesOut):
        show(render.articles(value, quiet=quiet))
    elif isinstance(value, browse.ProvisionOut):
        show(render.provision(value, part=part, quiet=quiet))
    elif isinstance(value, browse.CasesOut):
        show(render.cases(value, quiet=quiet))
    else:
        show(render.case(value, quiet=quiet))


def _check_part(record: browse.ProvisionOut, part: str | None) -> None:
    """A part asked for (`174(2)`) must be a part of the version shown."""
    numbers = [p.number for p in record.parts]
    if part is not None and part not in numbers:
        name = cite(record.code, record.article)
        raise InputError(
            f"{name} has no part {part} in version {record.version}; its parts are {', '.join(numbers) or 'none'}"
        )


@guarded
def articles(
    code: Annotated[
        str | None,
        typer.Option(
            "--code", help="Only this code: criminal or administrative (CC and CAO also do).", show_default=False
        ),
    ] = None,
    in_force: Annotated[
        str | None,
        typer.Option("--in-force", help="Only provisions in force on this date (YYYY-MM-DD).", show_default=False),
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help=_FORMAT_HELP)] = "text",
) -> None:
    """List every provision: its parts in force, versions, repeal, flags and the number of cases that applied it.

    \b
    Examples:
      kzlex articles
      kzlex articles --code CC
      kzlex articles --code administrative --in-force 2019-01-01
      kzlex articles --format json
    """
    check_format(format)
    code = browse.check_code(code)
    day = parse_date(in_force, "--in-force") if in_force is not None else today()
    _emit(browse.articles_table(load(), day=day, code=code, in_force_only=in_force is not None), format)


@guarded
def article(
    number: Annotated[
        str,
        typer.Argument(
            metavar="ARTICLE",
            help="The article, as the code or kzlex writes it: 174, 73-3, 174(2), CC 174(2), Art. 174, CAO 73-3.",
            show_default=False,
        ),
    ],
    code: Annotated[
        str | None,
        typer.Option(
            "--code",
            help="criminal or administrative, or CC or CAO (needed only if both codes have the number).",
            show_default=False,
        ),
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Show the law as it stood on this date (YYYY-MM-DD).")
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help=_FORMAT_HELP)] = "text",
) -> None:
    """One provision: parts, elements, penalties, versions, repeal, defences, critiques, cases and sources.

    A part (174(2), CC 174(2)) narrows the text output to that part and the cases charged under it;
    the JSON is always the whole article.

    \b
    Examples:
      kzlex article 174
      kzlex article "CC 174(2)"
      kzlex article 174 --code CC
      kzlex article "CAO 73-3" --as-of 2019-06-01
      kzlex article 130 --format json
    """
    check_format(format)
    code = browse.check_code(code)
    ref = browse.parse_article(number, code=code)
    day = parse_date(as_of, "--as-of") if as_of is not None else today()
    record = browse.provision_record(load(), ref, code=code, day=day, as_of_given=as_of is not None)
    _check_part(record, ref.part)
    _emit(record, format, part=ref.part)


@guarded
def cases(
    article: Annotated[
        str | None,
        typer.Option(
            "--article",
            help="Charged under this article: 174 (any code), CC 174, or CC 174(2) (that part).",
            show_default=False,
        ),
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
    """List the real cases, with filters; each row names the charges and the outcome.

    \b
    Examples:
      kzlex cases
      kzlex cases --article "CC 174(2)"
      kzlex cases --platform facebook --outcome convicted
      kzlex cases --since 2020-01-01 --format json
    """
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
    """One case in full: facts, outcome, sanction, sources with passages, and every disputed reading.

    \b
    Examples:
      kzlex case sychev
      kzlex case bokaev-ayan --format json
      kzlex check scenarios/precedents/sychev.yaml
    """
    check_format(format)
    _emit(browse.case_record(load(), case_id), format)
