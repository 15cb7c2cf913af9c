"""`kzlex sources`: the bibliography of every registered source, for reading or for a reference manager."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from engine.knowledge.base import load
from engine.knowledge.bibliography import bibtex, csl_json, plain
from kzlex_cli.common import check_format, guarded

SOURCE_FORMATS = ("text", "csl-json", "bibtex")


@guarded
def sources(
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="text (short form, a tab, the full citation), csl-json (Zotero, pandoc) or bibtex.",
        ),
    ] = "text",
) -> None:
    """List every source kzlex cites, each with its short form and full citation.

    \b
    Examples:
      kzlex sources
      kzlex sources --format csl-json > kzlex.json
      kzlex sources --format bibtex > kzlex.bib
    """
    fmt = check_format(format, SOURCE_FORMATS)
    registry = load().sources.values()
    render = {"text": plain, "csl-json": csl_json, "bibtex": bibtex}[fmt]
    sys.stdout.write(render(registry))
