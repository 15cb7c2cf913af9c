"""`kzlex whatif`: change one fact of a scenario at a time and see what changes, and why."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from engine.features import whatif as whatifs
from engine.features.outcome_diff import ArticleState, Heaviest, short_penalty
from engine.features.whatif import Summary, VariantOut, WhatIf
from engine.features.whatif_variants import variants
from engine.knowledge.base import KnowledgeBase
from engine.model.errors import InputError
from engine.render import json_out
from engine.render.console import CITE_LEGEND, CODES_LEGEND, STATUS_LEGEND, VERDICT_STYLE, labelled, legend
from kzlex_cli.common import check_format, get_engine, guarded, parse_date, read_scenario, settings, show, today

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
    """What if one fact were different? What appears or drops, the heaviest penalty, the verdict, and why.

    Articles and parts that appear or drop, the heaviest penalty, the ICCPR verdict, the rules that
    made the difference, and the real cases that speak to it.

    The heaviest penalty is that of the articles that apply; a possible article (one element turns
    on a fact not given) with a heavier penalty is named beside it, marked possible.

    \b
    Examples:
      kzlex whatif scenarios/land-protest-call.yaml --set platform=print
      kzlex whatif scenarios/corruption-post.yaml --vary speaker.role=journalist,activist,official
      kzlex whatif scenarios/repost-with-comment.yaml --set content.themes=ethnicity,religion
      kzlex whatif scenarios/precedents/sychev.yaml --set reach.followers=null --format json
    """
    check_format(format)
    when = parse_date(as_of, "--as-of") if as_of is not None else None
    if not set_ and not vary:
        raise InputError("give at least one --set FIELD=VALUE or --vary FIELD=V1,V2 (e.g. --set platform=print)")
    parsed = read_scenario(scenario)
    chosen = variants(parsed, set_ or [], vary or [])
    eng = get_engine()
    out = whatifs.whatif(eng, parsed, chosen, today=today(), as_of=when)
    if format == "json":
        sys.stdout.write(json_out.dumps(out))
    else:
        show(render(out, eng.kb, quiet=settings.quiet))


def heaviest_text(heaviest: Heaviest | None, states: list[ArticleState], kb: KnowledgeBase | None) -> Text:
    """The heaviest penalty of the articles that apply, and of a possible article when it is heavier:
    "none applies" beside a possible 3-year article would read as no risk at all."""
    possible = [a for a in states if a.status == "possible"]
    top = max(possible, key=lambda a: a.heaviest_days, default=None)
    heavier = top is not None and kb is not None and top.heaviest_days > (heaviest.days if heaviest else 0.0)
    t = Text(f"{heaviest.short} ({heaviest.cite})" if heaviest else "none" + (" yet" if heavier else ""))
    if heavier and top is not None and kb is not None:
        t.append(f"; {short_penalty(kb, top)} if the possible {top.cite} applies", style="yellow")
    return t


def _summary_line(label: str, s: Summary, kb: KnowledgeBase | None = None) -> Text:
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
    t.append_text(heaviest_text(s.heaviest, s.articles, kb))
    t.append("; ICCPR ")
    t.append(s.verdict, style=VERDICT_STYLE[s.verdict])
    return t


def _variant(v: VariantOut) -> RenderableType:
    t = Text()
    t.append(v.label, style="bold cyan")
    if v.same_as_scenario:
        t.append("  (as in the scenario)", style="dim")
    rows: list[tuple[str | Text, str | Text]] = [("-", line) for line in v.says]
    d = v.diff
    if d.deciding:
        why = Text(
            "" if d.changed else "rules that fire differently, without changing the articles or the verdict: ",
            style="dim",
        )
        shown = d.deciding[:MAX_RULES_SHOWN]
        why.append(
            "; ".join(f"{r.rule} {'now fires' if r.fires else 'no longer fires'} ({r.concluded})" for r in shown),
            style="dim",
        )
        if len(d.deciding) > len(shown):
            why.append(f"; and {len(d.deciding) - len(shown)} more (--format json lists them)", style="dim")
        rows.append((Text("why", style="dim"), why))
    for case in v.real_cases:
        rows.append(("-", Text(case.says, style="green" if case.kind == "confirms" else "yellow")))
    return Padding(Group(t, labelled(rows)), (1, 0, 0, 0))


def render(out: WhatIf, kb: KnowledgeBase | None = None, *, quiet: bool = False) -> Group:
    """The text output; `kb` lets the summary name a heavier possible article's penalty."""
    head = Text()
    head.append("kzlex whatif", style="bold")
    if out.title or out.scenario:
        head.append(": ")
        head.append(out.title or out.scenario or "")
    head.append(f"\nlaw as of {out.law_as_of}\n")
    head.append_text(_summary_line("The scenario", out.base, kb))
    parts: list[RenderableType] = [head]
    parts += [_variant(v) for v in out.variants]
    if not quiet:
        parts.append(Text(""))
        parts.append(
            legend(
                [
                    CODES_LEGEND,
                    CITE_LEGEND,
                    ("possible", STATUS_LEGEND["possible"]),
                    (
                        "heaviest",
                        "the heaviest penalty of the articles that apply, and of a heavier possible one "
                        "(y: years, d: days)",
                    ),
                    ("*", "penalty not verified in the text of the law"),
                    ("a.b=x", "a fact of the scenario changed (`kzlex schema scenario` lists them)"),
                    ("why", "the rule ids (kz.cc.174.1 …) that fire or stop firing, and what each concluded"),
                ]
            )
        )
    parts.append(Text(f"\n{out.disclaimer}", style="dim italic"))
    return Group(*parts)
