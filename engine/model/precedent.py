"""A precedent: a scenario as it happened, plus what the authorities did and where it is told.

One format for both (SCENARIO_FORMAT.md), so every precedent runs through the engine like any
scenario and doubles as a regression test. Where the sources disagree the record keeps every
reading with its source (`disputed`), never a silent choice.
"""

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import Field, StrictBool

from engine.model.base import Strict
from engine.model.scenario import Sanction, Scenario, Slug
from engine.model.sources import SourceRef


class Charge(Strict):
    code: Literal["criminal", "administrative", "civil", "none"]
    article: str | None = None  # "174", "73-3"; None for a civil claim or closure
    part: str | None = None  # None where the sources do not say
    note: str | None = None  # "dropped", "amended from part 1", "extortion", ...
    speech: StrictBool = True  # False: a non-speech charge (drugs, extortion, embezzlement)


class CaseFinding(Strict):
    """What a UN body, court or NGO found about this case (`outcome.assessments`): not kzlex's assessment."""

    by: str
    finding: str
    source: SourceRef | None = None


class Outcome(Strict):
    status: Literal["convicted", "acquitted", "dropped", "pending", "sanctioned", "investigated", "unknown"]
    charges: list[Charge] = []
    sanction: Sanction | None = None
    decided: dt.date | None = None
    court: str | None = None
    summary: str | None = None
    assessments: list[CaseFinding] = []


class Reading(Strict):
    value: Any
    says: str
    source: SourceRef


class Dispute(Strict):
    field: str
    readings: Annotated[list[Reading], Field(min_length=2)]
    note: str | None = None


Response = Literal[
    "speech_charge",  # a criminal or administrative charge for the expression itself
    "non_speech_charge",  # extortion, drugs, embezzlement... brought against a speaker
    "civil_claim",
    "closure",
    "dismissal",
    "detention",  # arrest or detention without a speech charge on record
    "investigation",  # investigated, not (yet) charged
    "foreign_litigation",
]


class Precedent(Scenario):
    """A scenario plus its outcome. Only `id`, `act`, `outcome` and `sources` are required."""

    id: Slug
    subjects: Annotated[list[str], Field(min_length=1)]
    response: Response
    outcome: Outcome
    sources: Annotated[list[SourceRef], Field(min_length=1)]
    disputed: list[Dispute] = []
    # Why the engine is not expected to rank the real charges first, if it is not.
    regression_exempt: str | None = None
    notes: list[str] = []
