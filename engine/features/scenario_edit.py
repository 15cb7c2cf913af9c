"""Editing a scenario by the dotted field names of SCENARIO_FORMAT.md: the ground whatif, chill and compare stand on.

A trainer types `--set platform=whatsapp`; this module checks the name and the value against
the scenario model (one message naming the field and the allowed values), and builds the
edited scenario through the same validation a file goes through. Pure: no printing, no files.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from enum import Enum
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from engine.knowledge.safe_yaml import validate
from engine.model.dates import parse_date
from engine.model.errors import InputError
from engine.model.facts import FACT_PATHS, FIELD_VALUES, LIST_READINGS, field_value, model_in
from engine.model.scenario import Scenario

UNKNOWN = "null"  # `--set stance=null`: make a field unknown again
SETTABLE: frozenset[str] = (FACT_PATHS - LIST_READINGS.keys()) | {"date"}  # list readings are derived
CLAIMS = "content.claims."
MAX_VARIANTS = 60  # each variant is a full evaluation; more than this is a typo, not a question
MAX_CASES = 3


def _has_list(annotation: Any) -> bool:
    if get_origin(annotation) is list:
        return True
    return any(_has_list(arg) for arg in get_args(annotation))


def is_list_field(path: str) -> bool:
    """Themes, calls and targets hold several values; a claim's fields are set on every claim."""
    if path == "date" or path.startswith(CLAIMS):
        return False
    model: Any = Scenario
    annotation: Any = None
    for step in path.split("."):
        annotation = model.model_fields[step].annotation
        model = model_in(annotation)
    return _has_list(annotation)


def allowed_values(path: str) -> list[str]:
    """The values a field takes, as a user types them (for messages and for grid axes)."""
    if path == "date":
        return []
    allowed = FIELD_VALUES[path]
    if isinstance(allowed, frozenset):
        return sorted(allowed)
    return ["true", "false"] if allowed is bool else []


def check_field(path: str, option: str) -> str:
    """The field, or an error that names it, suggests the nearest and lists every field."""
    if path in SETTABLE:
        return path
    near = difflib.get_close_matches(path, sorted(SETTABLE), n=1)
    hint = f"; did you mean '{near[0]}'?" if near else ""
    raise InputError(f"{option}: unknown field '{path}'{hint} Fields: {', '.join(sorted(SETTABLE))}")


def parse_value(path: str, text: str, option: str = "--set") -> Any:
    """A typed value from the command line: enums by name, true/false, whole numbers, dates.

    `null` makes a field unknown again; for a list field an empty value means "none"
    (`content.calls_to=`), and `,` or `+` separate its items.
    """
    check_field(path, option)
    where = f"{option} {path}={text}"
    text = text.strip()
    if text == UNKNOWN:
        if path == "act":
            raise InputError(
                f"{where}: act is required and cannot be unknown; use one of {', '.join(allowed_values('act'))}"
            )
        return None
    if path == "date":
        return parse_date(text, where).isoformat()
    allowed = FIELD_VALUES[path]
    if isinstance(allowed, frozenset):
        if is_list_field(path):
            items = [t.strip() for t in text.replace("+", ",").split(",") if t.strip()]
        else:
            items = [text]
        for item in items:
            if item not in allowed:
                raise InputError(
                    f"{where}: '{item}' is not a value of {path}; use one of {', '.join(sorted(allowed))}"
                    + (" (several separated by commas)" if is_list_field(path) else "")
                    + f", or {UNKNOWN} for unknown"
                )
        return list(dict.fromkeys(items)) if is_list_field(path) else items[0]
    if allowed is bool:
        low = text.lower()
        if low in ("true", "yes"):
            return True
        if low in ("false", "no"):
            return False
        raise InputError(f"{where}: {path} is true or false, or {UNKNOWN} for unknown; not '{text}'")
    try:
        number = int(text.replace("_", ""))
    except ValueError:
        raise InputError(f"{where}: {path} is a whole number, or {UNKNOWN} for unknown; not '{text}'") from None
    return number


def split_assignment(text: str, option: str) -> tuple[str, str]:
    field, sep, value = text.partition("=")
    if not sep or not field.strip():
        raise InputError(f"{option} '{text}': write FIELD=VALUE, e.g. platform=print or stance=criticises")
    return check_field(field.strip(), option), value


def scenario_data(scenario: Scenario) -> dict[str, Any]:
    """A scenario (or a precedent read as one) as plain data: only the scenario's own fields."""
    return scenario.model_dump(mode="json", exclude_none=True, include=set(Scenario.model_fields))


def put(data: dict[str, Any], path: str, value: Any) -> None:
    """Set (or, for None, remove) a dotted field in scenario data, creating blocks as needed."""
    if path.startswith(CLAIMS):
        leaf = path.removeprefix(CLAIMS)
        claims = data.setdefault("content", {}).setdefault("claims", [])
        if not claims and value is not None:
            claims.append({})
        for claim in claims:
            if value is None:
                claim.pop(leaf, None)
            else:
                claim[leaf] = value
        return
    *parents, leaf = path.split(".")
    node = data
    for step in parents:
        if step not in node:
            if value is None:
                return
            node[step] = {}
        node = node[step]
    if value is None:
        node.pop(leaf, None)
    else:
        node[leaf] = value


def with_fields(scenario: Scenario, changes: Iterable[tuple[str, Any]], origin: str = "variant") -> Scenario:
    """The scenario with the given dotted fields set; an invalid combination is an InputError."""
    data = scenario_data(scenario)
    for path, value in changes:
        put(data, path, value)
    return validate(Scenario, data, origin=origin)


def set_field(scenario: Scenario, path: str, value: Any) -> Scenario:
    return with_fields(scenario, [(path, value)], origin=f"{path}={display(value)}")


def display(value: Any) -> str:
    """A value as the command line spells it, for labels and messages."""
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ", ".join(display(v) for v in value) if value else "none"
    if isinstance(value, BaseModel):
        return "; ".join(f"{k} {display(v)}" for k, v in value.model_dump(exclude_none=True).items())
    return str(value)


def current(scenario: Scenario, path: str) -> Any:
    """A field's value in plain data terms (what `parse_value` returns), None when unknown."""
    if path == "date":
        return scenario.date.isoformat() if scenario.date else None
    value = field_value(scenario, path)
    if value is None:
        return None
    if isinstance(value, list):
        plain = [v.value if isinstance(v, Enum) else v for v in value]
        return plain if is_list_field(path) else (plain[0] if len(set(plain)) == 1 else plain)
    return value.value if isinstance(value, Enum) else value
