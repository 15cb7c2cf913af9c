"""References to the sources every fact in the knowledge base rests on.

`rules/sources.yaml` is the registry: one entry per document (a seed file, a code text, a UN
document) with what a footnote needs. Rule and case files point into it by key, so a report
can print every source in full and `kzlex validate` can refuse a key nobody registered.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, field_validator


class SourceRef(BaseModel):
    """Where a fact comes from: a key of rules/sources.yaml and the passage within it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    doc: str
    where: str | None = None


class Source(BaseModel):
    """One document, described well enough to cite it in full in a footnote."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str
    kind: Literal["seed", "code_text", "un_document", "ngo_report", "reference", "other"]
    title: str
    publisher: str | None = None
    date: str | None = None
    symbol: str | None = None  # a UN document symbol, e.g. CCPR/C/GC/34
    locator: str | None = None  # file in ../shared/seeds, repository path, or address
    note: str | None = None

    @field_validator("date", mode="before")
    @classmethod
    def _iso(cls, value: Any) -> Any:
        return value.isoformat() if isinstance(value, dt.date) else value


class SourceRegistry(BaseModel):
    """The file rules/sources.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sources: list[Source]
