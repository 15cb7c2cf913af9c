"""How a report cites: footnotes numbered in reading order, and one bibliography at the end.

What a report says (its records and which source stands behind each finding) is built by
`engine.features.report_view`; this module only presents the citations. `Footnotes` gives numbers
as a renderer first cites a source, so the numbering follows the reading order whatever the
layout. A footnote gives the short form and the passage ("GC 34, para 25"); the full citation of
each source is given once, in the bibliography at the end (`Footnotes.bibliography`). No file
name, commit or repository path reaches the reader (`engine.knowledge.bibliography.public_passage`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template

from engine.features.report_refs import Ref
from engine.knowledge.bibliography import ordered, public_passage
from engine.model.sources import Source

# ---------------------------------------------------------------- footnotes


@dataclass(frozen=True)
class Footnote:
    """One note: the source's short form and the passage, e.g. `GC 34, para 25`."""

    n: int
    key: str
    short: str
    passage: str | None

    @property
    def text(self) -> str:
        return f"{self.short}, {self.passage}" if self.passage else self.short

    def parts(self) -> list[str]:
        return [self.text]


@dataclass(frozen=True)
class BibEntry:
    """A source cited in the report: its short form and, once in the whole report, its full citation."""

    key: str
    anchor: str  # an HTML id made of the key
    short: str
    citation: str


def anchor(key: str) -> str:
    return "src-" + re.sub(r"[^A-Za-z0-9_-]", "-", key)


class Footnotes:
    """Numbers sources in the order they are first cited; the same source and passage keep one number."""

    def __init__(self, registry: dict[str, Source]) -> None:
        self._registry = registry
        self._numbers: dict[Ref, int] = {}
        self._cited: dict[str, None] = {}

    def number(self, ref: Ref) -> int:
        if ref not in self._numbers:
            self._numbers[ref] = len(self._numbers) + 1
        return self._numbers[ref]

    def cite(self, ref: Ref) -> None:
        """A citation shown in full in the text: no footnote, but its source goes in the bibliography."""
        self._cited.setdefault(ref.doc, None)

    def short(self, key: str) -> str:
        src = self._registry.get(key)
        return src.short_form() if src else key

    def passage(self, ref: Ref) -> str | None:
        return public_passage(ref.passage, self._registry) or None if ref.passage else None

    def label(self, ref: Ref) -> str:
        """The short citation shown in the text: `Amnesty 2017, 5. Elena Semyonova`."""
        passage = self.passage(ref)
        return f"{self.short(ref.doc)}, {passage}" if passage else self.short(ref.doc)

    def entries(self) -> list[Footnote]:
        return [
            Footnote(n=n, key=ref.doc, short=self.short(ref.doc), passage=self.passage(ref))
            for ref, n in sorted(self._numbers.items(), key=lambda item: item[1])
        ]

    def bibliography(self) -> list[BibEntry]:
        """Every source the report cited, each once, by short form."""
        keys = {ref.doc for ref in self._numbers} | set(self._cited)
        known = ordered(self._registry[k] for k in keys if k in self._registry)
        out = [BibEntry(s.key, anchor(s.key), s.short_form(), s.full_citation()) for s in known]
        out += [
            BibEntry(k, anchor(k), k, f"{k} (not in the source registry)") for k in sorted(keys - self._registry.keys())
        ]
        return out


TEMPLATES = Path(__file__).resolve().parent / "templates"


def template(name: str, filters: dict[str, Any], **escaping: Any) -> Template:
    """A report template with the settings every format shares (strict names, kept newlines);
    `escaping` is the one thing the formats differ in: HTML autoescapes, Markdown finalizes."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
        **escaping,
    )
    env.filters.update(filters)
    return env.get_template(name)
