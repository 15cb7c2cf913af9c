"""The chilling-effect matrix and the ladder: how little it takes to reach a prison term.

One name for the feature, as `kzlex chill` and its tests use it; the work is in modules of one
job each: the grid (chill_grid), the ladder (chill_ladder), the severity scale both rank by
(chill_scale) and the pictures (chill_drawing). What acts, topics and the harmless version mean
as facts is data, rules/features/chill_presets.yaml, read on first use: the old constant names
(TOPICS, ACTS, DEFAULT_ACTS, TOPIC_THEME, HARMLESS) still answer, from that file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engine.features.chill_drawing import write_heatmap, write_ladder
from engine.features.chill_grid import (
    MAX_AXIS,
    TOPIC,
    Cell,
    Grid,
    acts,
    axis,
    case_matches,
    cell,
    cell_cases,
    cell_scenario,
    charged_cases,
    current_data,
    default_acts,
    default_base,
    grid,
    label,
    presets,
    topic_theme,
    topics,
)
from engine.features.chill_ladder import Ladder, Rung, harmless, ladder
from engine.features.chill_scale import (
    NOT_KNOWN,
    SEVERITY,
    SEVERITY_COLOURS,
    penalty_of,
    severity,
    severity_label,
    severity_of_years,
)

__all__ = [
    "MAX_AXIS",
    "NOT_KNOWN",
    "SEVERITY",
    "SEVERITY_COLOURS",
    "TOPIC",
    "Cell",
    "Grid",
    "Ladder",
    "Rung",
    "acts",
    "axis",
    "case_matches",
    "cell",
    "cell_cases",
    "cell_scenario",
    "charged_cases",
    "current_data",
    "default_acts",
    "default_base",
    "grid",
    "harmless",
    "label",
    "ladder",
    "penalty_of",
    "presets",
    "severity",
    "severity_label",
    "severity_of_years",
    "topic_theme",
    "topics",
    "write_heatmap",
    "write_ladder",
]

# The presets under the names they had as constants, read from the data file when first asked for.
_PRESETS: dict[str, Callable[[], Any]] = {
    "DEFAULT_ACTS": default_acts,
    "ACTS": acts,
    "TOPICS": topics,
    "TOPIC_THEME": topic_theme,
    "HARMLESS": harmless,
}


def __getattr__(name: str) -> Any:
    if name in _PRESETS:
        return _PRESETS[name]()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
