"""`kzlex schema`: the published JSON Schemas of the scenario format and of the JSON result.

Generated from the pydantic models the engine itself validates with, so the schema cannot drift
from what kzlex accepts and emits. Keys are sorted and nothing depends on the clock or the
machine: the same version of kzlex prints the same bytes, fit to commit or diff.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer

from engine.model.errors import InputError
from kzlex_cli.common import guarded

DIALECT = "https://json-schema.org/draft/2020-12/schema"
KINDS = ("scenario", "precedent", "result")


def json_schema(kind: str) -> dict[str, Any]:
    """The schema of one kind: inputs as kzlex validates them, the result as it serialises it."""
    if kind == "scenario":
        from engine.model.scenario import Scenario

        body = Scenario.model_json_schema(mode="validation")
        about = "A scenario: one act of expression or assembly (SCENARIO_FORMAT.md). Input of `kzlex check`."
    elif kind == "precedent":
        from engine.model.precedent import Precedent

        body = Precedent.model_json_schema(mode="validation")
        about = "A precedent: a scenario plus what the authorities did and the sources that tell it."
    elif kind == "result":
        from engine.model.result import Result

        body = Result.model_json_schema(mode="serialization")
        about = "The result of `kzlex check --format json`, and of each `ok` line of `kzlex batch`."
    else:
        raise InputError(f"'{kind}' is not a schema; use one of {', '.join(KINDS)}")
    return {"$schema": DIALECT, **body, "description": about}


def dumps_schema(kind: str) -> str:
    return json.dumps(json_schema(kind), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@guarded
def schema(
    kind: Annotated[
        str, typer.Argument(help="scenario (the input format), precedent, or result (the JSON output).")
    ] = "scenario",
) -> None:
    """Print the JSON Schema of the scenario format or of the JSON result.

    \b
    Examples:
      kzlex schema
      kzlex schema result > result.schema.json
      kzlex schema precedent
    """
    sys.stdout.write(dumps_schema(kind))
