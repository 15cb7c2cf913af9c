"""References to the sources every fact in the knowledge base rests on.

`rules/sources.yaml` is the registry: one entry per document (a seed file, a code text, a UN
document) with what a footnote needs. Rule and case files point into it by key, so a report
can print every source in full and `kzlex validate` can refuse a key nobody registered.
"""

import datetime as dt
from typing import Any, Literal

from pydantic import field_validator

from engine.model.base import Strict


class SourceRef(Strict):
    """Where a fact comes from: a key of rules/sources.yaml and the passage within it."""

    doc: str
    where: str | None = None


class Source(Strict):
    """One document, described well enough to cite it in full in a footnote."""

    key: str
    kind: Literal["seed", "code_text", "un_document", "ngo_report", "reference", "other"]
    title: str
    publisher: str | None = None
    date: str | None = None
    symbol: str | None = None  # a UN document symbol, e.g. CCPR/C/GC/34
    locator: str | None = None  # file in ../shared/seeds, repository path, or address
    note: str | None = None
    # What a reader sees (reports, `kzlex sources`): never a file name, commit or repository path.
    short: str | None = None  # the short form cited after the first, e.g. "Amnesty 2017"
    citation: str | None = None  # the full citation, as a bibliography lists it
    author: str | None = None  # the person or body responsible, as cited
    url: str | None = None  # a public address, where the document has one

    def short_form(self) -> str:
        """The short form a report cites; the registry key where none is registered."""
        return self.short or self.key

    def full_citation(self) -> str:
        """The full citation; where none is registered, the title, author and date that are."""
        if self.citation:
            return self.citation
        head = ", ".join(x for x in (self.author, self.title, self.date) if x)
        return head + (f", {self.symbol}" if self.symbol else "") + (f", {self.url}" if self.url else "")

    @field_validator("date", mode="before")
    @classmethod
    def _iso(cls, value: Any) -> Any:
        return value.isoformat() if isinstance(value, dt.date) else value


class SourceRegistry(Strict):
    """The file rules/sources.yaml."""

    sources: list[Source]
