"""A provision of the Criminal Code or the Code of Administrative Offences, as the YAML holds it.

One file per article. Law is dated: an article has versions, each in force over a range of
dates, each with its parts; the date of the act picks the version. Every part, penalty and
critique carries its source; a figure the reference marks UNVERIFIED is `verified: false`
and is shown as "not verified", never filled in.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, StrictBool, model_validator

from engine.model.base import Strict
from engine.model.conditions import Condition
from engine.model.sources import SourceRef

Code = Literal["criminal", "administrative"]
PartId = Annotated[str, Field(pattern=r"^kz\.(cc|ac)\.[0-9]+(-[0-9]+)?(\.[0-9]+)?$")]
Aim = Literal["national_security", "public_order", "rights_of_others", "public_health", "public_morals"]


class InForce(Strict):
    from_: Annotated[dt.date, Field(alias="from")]
    to: dt.date | None = None  # first day no longer in force; None = still in force

    @model_validator(mode="after")
    def _ordered(self) -> InForce:
        if self.to is not None and self.to <= self.from_:
            raise ValueError(f"in_force.to ({self.to}) must be after in_force.from ({self.from_})")
        return self

    def covers(self, day: dt.date) -> bool:
        return self.from_ <= day and (self.to is None or day < self.to)


class Range(Strict):
    min: float | None = None
    max: float | None = None


class Penalty(Strict):
    """What the part carries. `text` is the law's list in words; the ranges are for ranking."""

    text: str
    prison_years: Range | None = None
    restricted_freedom_years: Range | None = None
    arrest_days: Range | None = None
    fine_mci: Range | None = None
    verified: StrictBool = True
    source: SourceRef

    @property
    def custodial(self) -> bool:
        return self.prison_years is not None or self.arrest_days is not None

    def severity(self) -> float:
        """Heaviest sanction, in days of liberty lost, so parts can be ranked across codes."""
        days = [0.0]
        if self.prison_years and self.prison_years.max:
            days.append(self.prison_years.max * 365)
        if self.restricted_freedom_years and self.restricted_freedom_years.max:
            days.append(self.restricted_freedom_years.max * 365 * 0.5)
        if self.arrest_days and self.arrest_days.max:
            days.append(self.arrest_days.max)
        if self.fine_mci and self.fine_mci.max:
            days.append(min(self.fine_mci.max / 100, 30))
        return max(days)


class Element(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9_]+$")]
    says: str
    when: Condition


class Part(Strict):
    id: PartId
    says: str
    aggravates: PartId | None = None  # this part needs the base part to apply too
    elements: Annotated[list[Element], Field(min_length=1)]
    penalty: Penalty
    source: SourceRef
    note: str | None = None

    @property
    def number(self) -> str | None:
        tail = self.id.split(".")
        return tail[3] if len(tail) == 4 else None


class Version(Strict):
    label: str
    in_force: InForce
    verified: StrictBool = True
    note: str | None = None
    source: SourceRef
    parts: Annotated[list[Part], Field(min_length=1)]


class Defence(Strict):
    """A clause of the law that takes an act out of a part (e.g. the note to Art. 375)."""

    id: Annotated[str, Field(pattern=r"^kz\.(cc|ac)\.[0-9-]+\.[a-z0-9_.]+$")]
    says: str
    exempts: list[PartId]
    when: Condition
    source: SourceRef


class Amendment(Strict):
    law: str
    note: str | None = None
    source: SourceRef


class Repeal(Strict):
    on: dt.date
    by: str
    replaced_by: str | None = None  # e.g. "administrative 73-3"
    note: str
    source: SourceRef


class Critique(Strict):
    by: str
    ref: str | None = None
    para: str | None = None
    says: str
    source: SourceRef


class Statistic(Strict):
    says: str
    source: SourceRef


class Flag(Strict):
    """A property of the provision the ICCPR rules read (e.g. vague wording), with its source."""

    name: Annotated[str, Field(pattern=r"^[a-z_]+$")]
    why: str
    source: SourceRef


class Provision(Strict):
    code: Code
    article: Annotated[str, Field(pattern=r"^[0-9]+(-[0-9]+)?$")]
    title: str
    chapter: str | None = None
    aims: list[Aim] = []
    flags: list[Flag] = []
    versions: Annotated[list[Version], Field(min_length=1)]
    defences: list[Defence] = []
    amended_by: list[Amendment] = []
    repealed: Repeal | None = None
    critiques: list[Critique] = []
    statistics: list[Statistic] = []
    notes: list[str] = []
    source: SourceRef

    @property
    def key(self) -> str:
        return f"kz.{'cc' if self.code == 'criminal' else 'ac'}.{self.article}"

    def version_on(self, day: dt.date) -> Version | None:
        return next((v for v in self.versions if v.in_force.covers(day)), None)

    def flag_names(self) -> list[str]:
        return sorted(f.name for f in self.flags)
