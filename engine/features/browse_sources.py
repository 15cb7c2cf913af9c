"""The citations a browsing record carries: each passage with enough of the registry to find it.

Every line a record shows rests on a source, so a lawyer can go from any line of the output to
the passage; these models are how the registry's entry travels with the citation into the JSON.
"""

from __future__ import annotations

from engine.knowledge.base import KnowledgeBase
from engine.model.base import Frozen
from engine.model.sources import SourceRef


class RefOut(Frozen):
    """One citation: the registry key, the passage, and enough of the registry to read it."""

    doc: str
    where: str | None
    title: str | None
    publisher: str | None
    date: str | None
    locator: str | None
    short: str | None = None  # the short form a reader cites, e.g. "Amnesty 2017"
    citation: str | None = None  # the full bibliographic citation
    url: str | None = None


class SourceOut(Frozen):
    """One document and every passage of it a record cites."""

    doc: str
    title: str | None
    publisher: str | None
    date: str | None
    symbol: str | None
    locator: str | None
    passages: list[str]
    short: str | None = None
    citation: str | None = None
    url: str | None = None


def ref_out(kb: KnowledgeBase, src: SourceRef) -> RefOut:
    """The citation with its registry entry; a key the registry lacks keeps only the key and passage."""
    reg = kb.sources.get(src.doc)
    return RefOut(
        doc=src.doc,
        where=src.where,
        title=reg.title if reg else None,
        publisher=reg.publisher if reg else None,
        date=reg.date if reg else None,
        locator=reg.locator if reg else None,
        short=reg.short_form() if reg else None,
        citation=reg.full_citation() if reg else None,
        url=reg.url if reg else None,
    )


def sources_out(kb: KnowledgeBase, refs: list[SourceRef]) -> list[SourceOut]:
    """Citations grouped by document, in the order first cited, so each document is listed once."""
    passages: dict[str, list[str]] = {}
    for src in refs:
        seen = passages.setdefault(src.doc, [])
        if src.where and src.where not in seen:
            seen.append(src.where)
    out = []
    for doc, where in passages.items():
        reg = kb.sources.get(doc)
        out.append(
            SourceOut(
                doc=doc,
                title=reg.title if reg else None,
                publisher=reg.publisher if reg else None,
                date=reg.date if reg else None,
                symbol=reg.symbol if reg else None,
                locator=reg.locator if reg else None,
                passages=where,
                short=reg.short_form() if reg else None,
                citation=reg.full_citation() if reg else None,
                url=reg.url if reg else None,
            )
        )
    return out
