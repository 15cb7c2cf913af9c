"""Scenario fields by their dotted names, for data files that name fields (chill presets, interview).

The features' data files name scenario fields as users type them (`reach.public`); checking them,
and reading an enum's values in the order SCENARIO_FORMAT.md lists them, needs the field's type,
which only the Scenario model knows.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from functools import cache
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from engine.model.facts import model_in
from engine.model.scenario import Scenario


def annotation(path: str) -> Any | None:
    """The type a dotted field is declared with (through blocks and the list of claims); None if no field."""
    model: type[BaseModel] | None = Scenario
    found: Any = None
    for step in path.split("."):
        if model is None or step not in model.model_fields:
            return None
        found = model.model_fields[step].annotation
        model = model_in(found)
    return found


@cache
def field_paths() -> tuple[str, ...]:
    """Every dotted field a scenario has, blocks left out: what a data file may name."""
    out: list[str] = []

    def walk(model: type[BaseModel], prefix: str) -> None:
        for name, info in model.model_fields.items():
            nested = model_in(info.annotation)
            if nested is not None and not holds_list(info.annotation):
                walk(nested, f"{prefix}{name}.")
            else:
                out.append(f"{prefix}{name}")
                if nested is not None:  # the list of claims: each claim's fields too
                    walk(nested, f"{prefix}{name}.")

    walk(Scenario, "")
    return tuple(out)


def holds_list(ann: Any) -> bool:
    """Whether the annotation is a list (through Optional and Annotated)."""
    if get_origin(ann) is list:
        return True
    return any(holds_list(arg) for arg in get_args(ann))


def enum_of(ann: Any) -> type[Enum] | None:
    """The enum a field's values come from (through Optional, Annotated and list), if any."""
    if isinstance(ann, type) and issubclass(ann, Enum):
        return ann
    for arg in get_args(ann):
        found = enum_of(arg)
        if found is not None:
            return found
    return None


def named_values(path: str) -> tuple[str, ...]:
    """The values of an enum field in the order the model declares them (that of SCENARIO_FORMAT.md)."""
    enum = enum_of(annotation(path))
    return tuple(str(m.value) for m in enum) if enum is not None else ()


def is_date(path: str) -> bool:
    return dt.date in get_args(annotation(path)) or annotation(path) is dt.date
