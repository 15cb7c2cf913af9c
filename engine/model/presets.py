"""The presets of `kzlex chill`, as rules/features/chill_presets.yaml writes them.

What "a repost" or "the topic religion" means as facts is a teaching choice of kzlex, not law;
it lives in data so a trainer can read and change it, and `kzlex validate` checks that every field
it sets is a scenario field and every value one the field takes (engine/knowledge/feature_files.py).
"""

from __future__ import annotations

from pydantic import Field

from engine.model.base import Strict
from engine.model.scenario import Scenario

# A field's value as a preset sets it: null leaves the field out (unknown).
Value = bool | int | str | list[str] | None


class Preset(Strict):
    """What one row or column value sets, and the real case it copies, if it copies one."""

    sets: dict[str, Value]
    source: str | None = None  # a key registered in rules/sources.yaml


class Base(Strict):
    """The scenario every cell starts from when the user gives none."""

    label: str  # how a caption names it
    scenario: Scenario


class ChillPresets(Strict):
    base: Base
    # The default rows, in order, and what each act implies, set before the column.
    acts: dict[str, Preset] = Field(min_length=1)
    act_caption: str  # what the heatmap says the acts imply, when acts are an axis
    # The default columns: what each topic means as facts; its first theme names it.
    topics: dict[str, Preset] = Field(min_length=1)
    adds_to: tuple[str, ...] = ()  # list fields a preset adds to rather than replaces
    # The ladder's harmless version: what each fact becomes, in the order the facts come back.
    harmless: dict[str, Value] = Field(min_length=1)
