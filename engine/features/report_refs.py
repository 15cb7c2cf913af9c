"""The citations a report view hands its renderers, and the words it uses for findings.

A renderer numbers footnotes and prints short forms; which source and passage stand behind a
finding is decided here, from the structured references the knowledge base holds (`SourceRef`,
`Citation`). A `Ref` is never recovered from a label: a step's citations travel in the result as
labels for people (`GC34 para 25`), so the view looks each label up in a map built once from the
standards that produced it (`CitationIndex`), and no string is split back into a document and a
passage. A presumption's source is found the same way, from the definitions (`Presumptions`).
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.knowledge.base import KnowledgeBase
from engine.knowledge.bibliography import public_text
from engine.model.ids import abbreviation
from engine.model.result import ArticleOut, PresumedOut
from engine.model.rights import Citation
from engine.model.sources import SourceRef

# ---------------------------------------------------------------- references


@dataclass(frozen=True, order=True)
class Ref:
    """A source and the passage cited in it; one footnote per distinct pair."""

    doc: str
    passage: str | None = None


def ref_of(src: SourceRef) -> Ref:
    return Ref(src.doc, src.where)


def citation_ref(c: Citation) -> Ref:
    """The passage of a standard's paragraph as `Citation.label` words it after the document
    (`para 25`, `Art. 20(2)`), so a footnote reads the same as the label the result carries."""
    return Ref(c.doc, c.passage())


@dataclass(frozen=True)
class Cited:
    """A citation as the result labels it (e.g. `GC34 para 25`) with the source its footnote gives;
    the label keeps one entry per citation, the `Ref` is what the report prints."""

    label: str
    ref: Ref


def cited(c: Citation) -> Cited:
    return Cited(c.label(), citation_ref(c))


def cited_source(src: SourceRef) -> Cited:
    """A standard's own source cited beside its paragraphs, labelled as a citation would be."""
    return Cited(f"{src.doc} {src.where}" if src.where else src.doc, ref_of(src))


class CitationIndex:
    """Every paragraph the standards cite, by the label the assessment gives it.

    The assessment writes a step's citations as `Citation.label()` of the test's or its rules'
    citations (and the threshold's); this index holds those same `Citation`s, so the view gets the
    document and passage from the data, never by reading the label.
    """

    def __init__(self, kb: KnowledgeBase) -> None:
        self._by_label: dict[str, Citation] = {}
        for s in kb.standards:
            found = [*(s.threshold.citations if s.threshold else [])]
            for t in s.tests:
                found += t.citations
                found += [c for r in t.rules for c in r.citations]
            for c in found:
                self._by_label.setdefault(c.label(), c)

    def __getitem__(self, label: str) -> Cited:
        """The citation behind a label; one the standards do not hold (a result from other
        rules) is cited whole, so the bibliography shows it as an unregistered source."""
        c = self._by_label.get(label)
        return cited(c) if c is not None else Cited(label, Ref(label))


class Presumptions:
    """Where each presumption's source is shown from its definition's `SourceRef`.

    The result names a presumption's source as `assess` words it for people: a definition's
    document and passage (`GC34, para 21: ...`), or the rule that presumes (`rule ...`). The
    definitions are looked up by that wording, built from their own references, so the document
    is shown by its short form without reading a key out of the text; a source no definition
    gives (a rule's own presumption) is kzlex's wording and shown as it is.
    """

    def __init__(self, kb: KnowledgeBase) -> None:
        self._sources = kb.sources
        self._refs: dict[str, SourceRef] = {}
        for d in kb.definitions:
            where = f", {d.source.where}" if d.source.where else ""
            self._refs.setdefault(f"{d.source.doc}{where}", d.source)

    def shown(self, p: PresumedOut) -> str:
        ref = self._refs.get(p.source)
        if ref is None:
            return f"{p.field} ({p.source})"
        src = self._sources.get(ref.doc)
        head = src.short_form() if src else ref.doc
        where = f", {public_text(ref.where, self._sources)}" if ref.where else ""
        return f"{p.field} ({head}{where})"


# ---------------------------------------------------------------- words


STATUS_WORDS = {
    "applies": "applies",
    "possible": "may apply (an element turns on a fact not given)",
    "exempt": "met, but exempted by the law",
    "no_longer_criminal": "met, but no longer criminal (repealed; lex mitior)",
}
RESULT_WORDS = {"pass": "pass", "fail": "fail", "uncertain": "uncertain"}
THRESHOLD_WORDS = {"pass": "reached", "fail": "not reached", "uncertain": "uncertain"}
RIGHT_ARTICLES = {"ICCPR-19": "ICCPR Art. 19", "ICCPR-20": "ICCPR Art. 20", "ICCPR-21": "ICCPR Art. 21"}


def cite_article(a: ArticleOut) -> str:
    return f"{abbreviation(a.code)} Art. {a.article}" + (f"({a.part})" if a.part else "")
