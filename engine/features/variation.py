"""The names engine/features/chill.py still imports from before whatif and compare were split by job."""

from __future__ import annotations

from engine.features.outcome_diff import ArticleState as ArticleState
from engine.features.outcome_diff import most_serious as most_serious
from engine.features.outcome_diff import short_penalty as short_penalty
from engine.features.outcome_diff import state as state
from engine.features.outcome_diff import years as years
from engine.features.scenario_edit import allowed_values as allowed_values
from engine.features.scenario_edit import check_field as check_field
from engine.features.scenario_edit import current as current
from engine.features.scenario_edit import display as display
from engine.features.scenario_edit import parse_value as parse_value
from engine.features.scenario_edit import put as put
from engine.features.scenario_edit import scenario_data as scenario_data
from engine.model.ids import cite as cite
