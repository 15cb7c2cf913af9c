"""`kzlex check`: one scenario in; articles, precedents and an ICCPR assessment out."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from engine.reasoning.evaluate import evaluate
from engine.render import json_out
from kzlex_cli.common import (
    check_format,
    get_engine,
    guarded,
    parse_date,
    read_scenario,
    settings,
    show,
    source_titles,
    today,
)


@guarded
def check(
    scenario: Annotated[
        str, typer.Argument(help="Scenario file (YAML or JSON), or - for standard input.", show_default=False)
    ],
    format: Annotated[
        str, typer.Option("--format", "-f", help="text (a report for the terminal) or json (the stable contract).")
    ] = "text",
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="What if the act were committed on this date (YYYY-MM-DD)?")
    ] = None,
    trace: Annotated[
        bool, typer.Option("--trace", help="Show every rule that fired (text format; JSON always has it).")
    ] = False,
    detail: Annotated[
        int, typer.Option("--detail", min=0, max=50, help="How many articles to show element by element.")
    ] = 3,
    law: Annotated[
        str, typer.Option("--law", help="current (the law in force), or a reform in rules/reforms, e.g. reformed.")
    ] = "current",
) -> None:
    """Evaluate one scenario: the articles that reach it, the closest real cases, and the ICCPR assessment.

    \b
    Examples:
      kzlex check scenarios/land-protest-call.yaml
      kzlex check scenarios/corruption-post.yaml --format json
      kzlex check scenarios/precedents/sychev.yaml --as-of 2019-01-01 --trace
      kzlex check scenarios/land-protest-call.yaml --law reformed
      cat scenarios/repost-with-comment.yaml | kzlex check -
    """
    check_format(format)
    when = parse_date(as_of, "--as-of") if as_of is not None else None
    parsed = read_scenario(scenario)
    if law == "current":
        result = evaluate(get_engine(), parsed, today=today(), as_of=when)
    else:
        from kzlex_cli.law import under_law  # reforms, and their models, only when asked for

        result = under_law(law, parsed, when)
    if format == "json":
        sys.stdout.write(json_out.dumps(result))
    else:
        from engine.render import console  # rich, only for the terminal report

        quiet = settings.quiet
        sources = None if quiet else source_titles()
        show(console.report(result, detail=detail, trace=trace, quiet=quiet, sources=sources))
