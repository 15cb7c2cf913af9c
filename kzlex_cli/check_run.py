"""What `kzlex check` does, without typer: shared by the typer command (`kzlex_cli.check`) and the
fast path (`kzlex_cli.fast`), so both give the same bytes by running the same code."""

from __future__ import annotations

import sys
from typing import Any

from engine.model.result import Result
from engine.reasoning.evaluate import evaluate
from engine.render import json_out
from kzlex_cli.shared import check_format, get_engine, parse_date, read_scenario, settings, show, source_titles, today


def evaluate_check(scenario: str, format: str, as_of: str | None, law: str) -> Result:
    """Check the options, read the scenario and evaluate it: every refusal comes from here."""
    check_format(format)
    when = parse_date(as_of, "--as-of") if as_of is not None else None
    parsed = read_scenario(scenario)
    if law == "current":
        return evaluate(get_engine(), parsed, today=today(), as_of=when)
    from kzlex_cli.law import under_law  # reforms, and their models, only when asked for

    return under_law(law, parsed, when)


def render_check(result: Result, format: str, *, trace: bool, detail: int) -> Any:
    """The JSON text, or the report as a rich renderable (rich only for the terminal report)."""
    if format == "json":
        return json_out.dumps(result)
    from engine.render import console

    quiet = settings.quiet
    sources = None if quiet else source_titles()
    return console.report(result, detail=detail, trace=trace, quiet=quiet, sources=sources)


def emit(rendered: Any) -> None:
    """Write what `render_check` made to standard output (the report through a pager if tall)."""
    if isinstance(rendered, str):
        sys.stdout.write(rendered)
    else:
        show(rendered)
