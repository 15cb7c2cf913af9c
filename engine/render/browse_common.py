"""What the browsing views share: how a citation reads, the legend entries, the outcome colours.

Every piece of knowledge-base text (titles, case summaries, quotations) goes into `Text`, never
through markup, so brackets in a source passage show as written. "not verified" is spelt out
wherever the record says so: a reader must never take a secondary-source figure for the text of
the law.
"""

from __future__ import annotations

from rich.rule import Rule
from rich.text import Text

from engine.features.browse import RefOut
from engine.knowledge.base import load
from engine.knowledge.bibliography import public_passage

NOT_VERIFIED = "not verified"
PART_ID = ("kz.cc.174.1", "a part's id: Criminal Code (kz.ac: administrative code), Art. 174, part 1")
RULE_LEGEND = ("rule: a.b = x", "the element as kzlex tests it, on facts of the scenario (`kzlex schema scenario`)")
VERSION_MARK = ("◀", "the version in force on the date")
UNVERIFIED = (NOT_VERIFIED, "from secondary sources, not read in the text of the law")
SOURCE_KEYS = ("CC21, GC34 …", "source keys: the documents listed under Sources")
STATUS_STYLE = {
    "convicted": "red",
    "sanctioned": "red",
    "acquitted": "green",
    "dropped": "green",
    "pending": "yellow",
    "investigated": "yellow",
    "unknown": "dim",
}


def heading(title: str) -> Rule:
    return Rule(Text(title, style="bold"), align="left")


def cited(ref: RefOut) -> str:
    """A citation as a reader sees it: the short form and the passage, never a file name."""
    name = ref.short or ref.doc
    where = public(ref.where) if ref.where else ""
    return f"{name}, {where}" if where else name


def public(text: str) -> str:
    """A cited passage with file names and registry keys read as a reader cites them."""
    return public_passage(text, load().sources)
