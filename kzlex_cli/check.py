"""`kzlex check`: one scenario in; articles, precedents and an ICCPR assessment out."""

from __future__ import annotations

from typing import Annotated

import typer

from kzlex_cli.check_run import emit, evaluate_check, render_check
from kzlex_cli.common import guarded


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
    result = evaluate_check(scenario, format, as_of, law)
    emit(render_check(result, format, trace=trace, detail=detail))
