"""`kzlex whatif`: change one fact of a scenario at a time and see what changes, and why."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from engine import variation
from engine.errors import InputError
from engine.render import json_out
from engine.render.console import VERDICT_STYLE
from engine.variation import Summary, VariantOut, WhatIf
from kzlex_cli.common import check_format, get_engine, guarded, parse_date, read_scenario, stdout_console, today

MAX_RULES_SHOWN = 6


@guarded
def whatif(
    scenario: Annotated[
        str, typer.Argument(help="Scenario file (YAML or JSON), or - for standard input.", show_default=False)
    ],
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            "-s",
            help="FIELD=VALUE: one variant with this fact changed (e.g. platform=print, content.themes=ethnicity,religion; "
            "null makes a fact unknown). Repeat for more; several --set are also tried together.",
            show_default=False,
        ),
    ] = None,
    vary: Annotated[
        list[str] | None,
        typer.Option(
            "--vary",
            help="FIELD=V1,V2,...: one variant per value (join the items of a list value with +, e.g. "
            "content.themes=ethnicity+religion,secession).",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        str, typer.Option("--format", "-f", help="text (for the terminal) or json (stable keys).")
    ] = "text",
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Treat the act (and every variant) as committed on this date.")
    ] = None,
) -> None:
    """What if one fact were different? Articles and parts that appear or drop, the heaviest penalty, the ICCPR
    verdict, the rules that made the difference, and the real cases that speak to it."""
    check_format(format)
    when = parse_date(as_of, "--as-of") if as_of is not None else None
    if not set_ and not vary:
        raise InputError("give at least one --set FIELD=VALUE or --vary FIELD=V1,V2 (e.g. --set platform=print)")
    parsed = read_scenario(scenario)
    chosen = variation.variants(parsed, set_ or [], vary or [])
    out = variation.whatif(get_engine(), parsed, chosen, today=today(), as_of=when)
    if format == "json":
        sys.stdout.write(json_out.dumps(out))
    else:
        stdout_console.print(render(out))


def _summary_line(label: str, s: Summary) -> Text:
    t = Text()
    t.append(f"{label}: ", style="bold")
    live = [a for a in s.articles if a.status == "applies"]
    t.append(
        ", ".join(a.cite for a in live) + (" apply" if len(live) > 1 else " applies") if live else "no article applies"
    )
    possible = [a.cite for a in s.articles if a.status == "possible"]
    if possible:
        t.append(f" ({', '.join(possible)} possible)", style="yellow")
    t.append("; heaviest ")
    t.append(f"{s.heaviest.short} ({s.heaviest.cite})" if s.heaviest else "none")
    t.append("; ICCPR ")
    t.append(s.verdict, style=VERDICT_STYLE[s.verdict])
    return t


def _variant(v: VariantOut) -> RenderableType:
    t = Text()
    t.append(v.label, style="bold cyan")
    if v.same_as_scenario:
        t.append("  (as in the scenario)", style="dim")
    for line in v.says:
        t.append("\n  ")
        t.append(line)
    d = v.diff
    if d.deciding:
        t.append("\n  ")
        t.append(
            "why: " if d.changed else "rules that fire differently, without changing the articles or the verdict: ",
            style="dim",
        )
        shown = d.deciding[:MAX_RULES_SHOWN]
        t.append(
            "; ".join(f"{r.rule} {'now fires' if r.fires else 'no longer fires'} ({r.concluded})" for r in shown),
            style="dim",
        )
        if len(d.deciding) > len(shown):
            t.append(f"; and {len(d.deciding) - len(shown)} more (--format json lists them)", style="dim")
    for case in v.real_cases:
        t.append("\n  ")
        t.append(case.says, style="green" if case.kind == "confirms" else "yellow")
    return Padding(t, (1, 0, 0, 0))


def render(out: WhatIf) -> Group:
    head = Text()
    head.append("kzlex whatif", style="bold")
    if out.title or out.scenario:
        head.append(": ")
        head.append(out.title or out.scenario or "")
    head.append(f"\nlaw as of {out.law_as_of}\n")
    head.append_text(_summary_line("The scenario", out.base))
    parts: list[RenderableType] = [head]
    parts += [_variant(v) for v in out.variants]
    foot = Text("\n* penalty not verified in the text of the law\n", style="dim")
    foot.append(out.disclaimer, style="dim italic")
    parts.append(foot)
    return Group(*parts)
