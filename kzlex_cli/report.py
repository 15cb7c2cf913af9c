"""`kzlex report`: scenarios in; one Markdown, HTML or Word report out, citing each source by short
form with one bibliography at the end."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from engine.features.reform import CURRENT, Effect, apply_reform, compare_laws, load_reform
from engine.features.report_view import reform_view, report_view
from engine.knowledge.atomic import atomic_path, check_target
from engine.knowledge.base import load
from engine.model.errors import InputError
from engine.model.result import Result
from engine.model.scenario import Scenario
from engine.reasoning.evaluate import engine_for, evaluate
from engine.render import html, markdown
from kzlex_cli.common import atomic_write, err_console, guarded, read_scenario, stdin_once, today
from kzlex_cli.law import LAW_HELP, checked_law

FORMATS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".docx": "docx"}


def report_format(output: str) -> str:
    """The format the file name asks for; the suffix decides, so a report never lands in the wrong syntax."""
    fmt = FORMATS.get(Path(output).suffix.lower())
    if fmt is None:
        raise InputError(
            f"-o: '{output}' must end in .md or .markdown (Markdown), .html or .htm (HTML), or .docx (Word); "
            "the suffix chooses the report format"
        )
    return fmt


@guarded
def report(
    scenarios: Annotated[
        list[str],
        typer.Argument(help="Scenario files (YAML or JSON), or - for standard input.", show_default=False),
    ],
    output: Annotated[
        str,
        typer.Option(
            "--output",
            "-o",
            help="The report to write: FILE.md (Markdown), FILE.html (one self-contained page) or FILE.docx (Word).",
        ),
    ],
    law: Annotated[str, typer.Option("--law", help=LAW_HELP)] = CURRENT,
    title: Annotated[
        str | None,
        typer.Option(
            "--title", help="The report's title (default: one naming the scenario, or how many).", show_default=False
        ),
    ] = None,
) -> None:
    """Write a citable report: summary, facts, articles, cases, ICCPR assessment, notes and a bibliography."""
    fmt = report_format(output)
    if title is not None and not title.strip():
        raise InputError("--title: the title is empty; give some text, or leave the option out")
    check_target(Path(output))  # before any scenario is evaluated
    stdin_once(scenarios)
    name = checked_law(law)
    day = today()
    kb = load()
    items: list[tuple[Scenario, Result, list[Effect] | None]] = []
    for path in scenarios:
        scenario = read_scenario(path)
        if name == CURRENT:
            items.append((scenario, evaluate(engine_for(kb), scenario, today=day), None))
        else:
            cmp = compare_laws(kb, name, scenario, today=day)
            items.append((scenario, cmp.reformed, cmp.effects))
    reform = reform_view(name, load_reform(name), kb) if name != CURRENT else None
    view = report_view(
        items,
        apply_reform(kb, name),
        today=day,
        law=name,
        reform=reform,
        title=" ".join(title.split()) if title else None,
    )
    if fmt == "docx":
        from engine.render import docx

        data = docx.render(view, kb.sources)
        with atomic_path(Path(output)) as (fd, _tmp), os.fdopen(fd, "wb", closefd=False) as handle:
            handle.write(data)
    else:
        text = markdown.render(view, kb.sources) if fmt == "md" else html.render(view, kb.sources)
        with atomic_write(Path(output)) as handle:
            handle.write(text)
    err_console.print(f"wrote {output} ({len(items)} scenario{'s' if len(items) != 1 else ''})", markup=False)
