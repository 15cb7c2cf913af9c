"""A scenario as the flat facts the rules engine matches on.

One small fact per field value (`{"name": "content.themes", "value": "ethnicity"}`), not one
big scenario fact: small facts keep each fact's fan-out in the Rete network low (the 64-branch
pitfall of durable_rules) and make the trace name exactly which fact a rule matched. Unknown
fields produce no fact at all, so "unknown" never matches "false".
"""

from __future__ import annotations

from enum import Enum
from typing import Any, get_args

from pydantic import BaseModel

from engine.model.scenario import Claim, Scenario

Feature = tuple[str, bool | int | str]

_SKIP = {
    "id",
    "title",
    "date",
    "content.summary",
    "content.text",
    "content.claims.text",
    "sanction.amount",
    "sanction.note",
}


def _paths(model: type[BaseModel], prefix: str = "") -> set[str]:
    out: set[str] = set()
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        nested = model_in(info.annotation)
        if nested is not None:
            out |= _paths(nested, path + ".")
        elif path not in _SKIP:
            out.add(path)
    return out


def model_in(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model a field's annotation holds (`Reach | None`, `list[Claim]`), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = model_in(arg)
        if found is not None:
            return found
    return None


# Readings of a whole list (SCENARIO_FORMAT.md v2, "What a list means"): each item counts, so
# "calls for nothing harmful" is a fact about the whole list. The rules could only test it item
# by item with negation, which durable_rules does not maintain (../shared/reference/
# durable-rules.md), so it is read here: True when any item is in the set, False when the list
# is given and none is, absent (unknown) when the list is not given.
LIST_READINGS: dict[str, tuple[str, frozenset[str]]] = {
    "content.calls_to_harm": ("content.calls_to", frozenset({"violence", "terrorism", "hostility", "discrimination"})),
    "content.targets_group": ("content.targets", frozenset({"ethnic_group", "religious_group"})),
    "content.targets_person": ("content.targets", frozenset({"individual", "named_official"})),
    "content.calls_to_violence": ("content.calls_to", frozenset({"violence"})),
    "content.targets_social_group": ("content.targets", frozenset({"social_group"})),
}

FACT_PATHS: frozenset[str] = frozenset(_paths(Scenario)) | frozenset(LIST_READINGS)


def _leaf_type(model: type[BaseModel], path: str) -> Any:
    current: Any = model
    annotation: Any = None
    for step in path.split("."):
        annotation = current.model_fields[step].annotation
        current = model_in(annotation)
    return annotation


def _allowed(annotation: Any) -> frozenset[Any] | type:
    """The enum values a field takes, or its plain type (bool, int), through Optional and list."""
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return frozenset(m.value for m in annotation)
    for arg in get_args(annotation):
        found = _allowed(arg)
        if isinstance(found, frozenset):
            return found
    if "bool" in str(annotation):
        return bool
    return float if "float" in str(annotation) else int


FIELD_VALUES: dict[str, frozenset[Any] | type] = {
    p: bool if p in LIST_READINGS else _allowed(_leaf_type(Scenario, p)) for p in FACT_PATHS
}


def normalise(path: str, value: Any) -> Any:
    """A rule's value as the fact will carry it; raises ValueError for a value the field never takes.

    YAML reads `verified: false` as a boolean, but the field's values are the strings
    true|false|unknown, and durable_rules would compare "false" with False loosely.
    """
    allowed = FIELD_VALUES[path]
    if isinstance(allowed, frozenset):
        if isinstance(value, bool):
            value = "true" if value else "false"
        if value not in allowed:
            raise ValueError(f"'{value}' is not a value of {path}; use one of {', '.join(sorted(allowed))}")
        return value
    if allowed is bool and not isinstance(value, bool):
        raise ValueError(f"{path} is true or false, not '{value}'")
    if allowed is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise ValueError(f"{path} is a whole number, not '{value}'")
    if allowed is float and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise ValueError(f"{path} is a number, not '{value}'")
    return value


def _value(value: Any) -> bool | int | str:
    out: bool | int | str = value.value if isinstance(value, Enum) else value
    return out


def features(scenario: Scenario) -> list[Feature]:
    """Every known fact of a scenario as (dotted path, value), in a stable order."""
    out: list[Feature] = []
    _walk(scenario, "", out)
    for reading, (path, items) in LIST_READINGS.items():
        given = field_value(scenario, path)
        if given is not None:
            out.append((reading, any(_value(v) in items for v in given)))
    return sorted(set(out), key=lambda f: (f[0], str(f[1])))


def _walk(obj: BaseModel, prefix: str, out: list[Feature]) -> None:
    """The facts under `obj`, added to `out`. A module function, not a closure: a closure that
    calls itself is a reference cycle, which only the cycle collector frees, so a batch left its
    facts (two lists a scenario) for the collector to find."""
    # A precedent is a scenario plus an outcome: only the scenario's own fields are facts.
    for name in Scenario.model_fields if not prefix else type(obj).model_fields:
        path = f"{prefix}{name}"
        if path in _SKIP:
            continue
        value = getattr(obj, name)
        if value is None:
            continue
        if isinstance(value, BaseModel):
            _walk(value, path + ".", out)
        elif isinstance(value, list):
            if not value and path == "content.calls_to":
                out.append((path, "none"))  # the contract's `calls_to: []`: calls for nothing
            for item in value:
                if isinstance(item, Claim):
                    _walk(item, path + ".", out)
                else:
                    out.append((path, _value(item)))
        else:
            out.append((path, _value(value)))


def field_value(scenario: Scenario, path: str) -> Any:
    """The value at a dotted path, or None when the scenario does not say.

    An empty list is said ("none"); a value that is itself `unknown` (a claim's truth, who
    complained) is not.
    """
    if path in LIST_READINGS:
        given = field_value(scenario, LIST_READINGS[path][0])
        return None if given is None else any(_value(v) in LIST_READINGS[path][1] for v in given)
    obj: Any = scenario
    for step in path.split("."):
        if isinstance(obj, list):  # claims: the field of any claim
            values = [getattr(item, step, None) for item in obj]
            known = [v for v in values if v is not None and _value(v) != "unknown"]
            return known or None
        obj = getattr(obj, step, None)
        if obj is None:
            return None
    return None if not isinstance(obj, list) and _value(obj) == "unknown" else obj
