"""`--law NAME`, shared by the commands that accept it: the law in force, or a reform file."""

from __future__ import annotations

import datetime as dt

from engine.features.reform import CURRENT, evaluate_law, laws, load_reform
from engine.knowledge.base import load
from engine.model.result import Result
from engine.model.scenario import Scenario
from kzlex_cli.common import today

LAW_HELP = "current (the law in force), or a reform in rules/reforms, e.g. reformed."


def checked_law(name: str) -> str:
    """Refuse an unknown law before any scenario is read, naming the ones there are."""
    if name != CURRENT:
        load_reform(name)
    return name


def under_law(name: str, scenario: Scenario, as_of: dt.date | None = None) -> Result:
    """A scenario evaluated under a reform; its law notes say what each change did and why."""
    return evaluate_law(load(), checked_law(name), scenario, today=today(), as_of=as_of)


__all__ = ["CURRENT", "LAW_HELP", "checked_law", "laws", "under_law"]
