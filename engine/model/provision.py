"""A provision of the Criminal Code or the Code of Administrative Offences, as the YAML holds it.

One file per article. Law is dated: an article has versions, each in force over a range of
dates, each with its parts; the date of the act picks the version. Every part, penalty and
critique carries its source; a figure the reference marks UNVERIFIED is `verified: false`
and is shown as "not verified", never filled in. A version may inherit the parts it does not
change from another version (`inherits:`, engine/model/inherit.py); it is expanded on reading.
"""

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import Field, StrictBool, model_validator

from engine.model.base import Strict
from engine.model.conditions import Condition
from engine.model.ids import ProvisionRef
from engine.model.inherit import expand_versions
from engine.model.sources import SourceRef

Code = Literal["criminal", "administrative"]
PartId = Annotated[str, Field(pattern=r"^kz\.(cc|ac)\.[0-9]+(-[0-9]+)?(\.[0-9]+)?$")]
Aim = Literal["national_security", "public_order", "rights_of_others", "public_health", "public_morals"]


class InForce(Strict):
    from_: Annotated[dt.date, Field(alias="from")]
    to: dt.date | None = None  # first day no longer in force; None = still in force

    @model_validator(mode="after")
    def _ordered(self) -> "InForce":
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
    """One numbered part. `says` is kzlex's English account of it; `text_ru` and `text_en` are the
    law's own words, copied verbatim from an official text (never translated by kzlex), so a reader
    can check the elements against the statute they encode."""

    id: PartId
    says: str
    text_ru: str | None = None  # official Russian words of the part, verbatim
    text_en: str | None = None  # an English rendering a source gives, verbatim
    text_source: SourceRef | None = None  # where those words are quoted
    aggravates: PartId | None = None  # this part needs the base part to apply too
    elements: Annotated[list[Element], Field(min_length=1)]
    penalty: Penalty
    source: SourceRef
    note: str | None = None

    @model_validator(mode="after")
    def _text_has_source(self) -> "Part":
        words = self.text_ru is not None or self.text_en is not None
        if words and self.text_source is None:
            raise ValueError("text_source is missing: say where the law's words (text_ru, text_en) are quoted")
        if not words and self.text_source is not None:
            raise ValueError("text_source is given without text_ru or text_en; add the words or drop the source")
        return self

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

    @model_validator(mode="before")
    @classmethod
    def _inherit(cls, data: Any) -> Any:
        """Expand `inherits:` here, so nothing downstream knows a file restated less."""
        return expand_versions(data)

    @property
    def key(self) -> str:
        return self.ref.key

    @property
    def ref(self) -> ProvisionRef:
        return ProvisionRef(self.code, self.article)

    def version_on(self, day: dt.date) -> Version | None:
        return next((v for v in self.versions if v.in_force.covers(day)), None)

    def flag_names(self) -> list[str]:
        return sorted(f.name for f in self.flags)
