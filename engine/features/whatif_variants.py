"""The variants of a what-if: each `--set` and each value of each `--vary`, as scenarios.

Pure: the rules engine decides every variant afresh elsewhere; this module only builds them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from engine.features.scenario_edit import (
    MAX_VARIANTS,
    display,
    is_list_field,
    parse_value,
    split_assignment,
    with_fields,
)
from engine.model.errors import InputError
from engine.model.facts import features
from engine.model.scenario import Scenario


@dataclass(frozen=True)
class FieldChange:
    field: str
    value: Any  # as parse_value returns it: str, bool, int, list of str, or None for unknown

    @property
    def label(self) -> str:
        return f"{self.field} = {display(self.value)}"


@dataclass(frozen=True)
class Variant:
    changes: tuple[FieldChange, ...]
    scenario: Scenario

    @property
    def label(self) -> str:
        return " + ".join(c.label for c in self.changes)

    @property
    def fields(self) -> frozenset[str]:
        return frozenset(c.field for c in self.changes)


def variants(scenario: Scenario, sets: Sequence[str] = (), varies: Sequence[str] = ()) -> list[Variant]:
    """One variant per --set and per --vary value, each changing one fact of the scenario.

    With several --set options, a last variant applies them all together: one fact at a time
    shows which fact matters, all together shows where they lead.
    """
    singles: list[tuple[FieldChange, str]] = []
    for text in sets:
        field, raw = split_assignment(text, "--set")
        singles.append((FieldChange(field, parse_value(field, raw, "--set")), f"--set {text}"))
    for text in varies:
        field, raw = split_assignment(text, "--vary")
        if not raw.strip() and not is_list_field(field):
            raise InputError(f"--vary '{text}': give the values to try, separated by commas, e.g. {field}=V1,V2")
        for piece in raw.split(","):
            singles.append((FieldChange(field, parse_value(field, piece, "--vary")), f"--vary {field}={piece}"))
    if len(singles) > MAX_VARIANTS:
        raise InputError(f"{len(singles)} variants; give at most {MAX_VARIANTS} values across --set and --vary")
    out: list[Variant] = []
    seen: set[tuple[tuple[str, Any], ...]] = set()

    def add(changes: tuple[FieldChange, ...], origin: str) -> None:
        key = tuple((c.field, tuple(c.value) if isinstance(c.value, list) else c.value) for c in changes)
        if key not in seen:
            seen.add(key)
            out.append(Variant(changes, with_fields(scenario, [(c.field, c.value) for c in changes], origin=origin)))

    for change, origin in singles:
        add((change,), origin)
    together = [c for c, _ in singles[: len(sets)]]
    if len(together) > 1 and len({c.field for c in together}) == len(together):
        add(tuple(together), "--set " + " --set ".join(sets))
    return out


def same_facts(a: Scenario, b: Scenario) -> bool:
    return features(a) == features(b) and a.date == b.date
