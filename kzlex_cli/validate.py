"""`kzlex validate`: lint the knowledge base, or given rule, case and scenario files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from engine.knowledge.validation import validate_paths
from engine.model.errors import ExitCode
from kzlex_cli.common import err_console, guarded, stdout_console


@guarded
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Files or folders to check; default: the whole knowledge base.", show_default=False),
    ] = None,
) -> None:
    """Check rule, case and scenario files: schema, unknown fields, duplicate ids, dangling references, sources.

    \b
    Examples:
      kzlex validate
      kzlex validate scenarios/land-protest-call.yaml
      kzlex validate scenarios/precedents rules/kz_criminal_code
    """
    checked, problems = validate_paths(paths or [])
    for problem in problems:
        err_console.print(problem, markup=False)
    if problems:
        err_console.print(f"[bold red]{len(problems)} problem(s)[/] in {checked} file(s)")
        raise typer.Exit(int(ExitCode.BAD_INPUT))
    stdout_console.print(f"ok: {checked} file(s), no problems")
