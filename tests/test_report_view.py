"""The report view: what a report shows is decided in the features layer, from structured data.

A step's citations, a presumption's source and the comparison table's paragraphs come from the
knowledge base's own references (`Citation`, `SourceRef`), never from taking a label apart; the
renderers only lay the records out.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

import pytest

from engine.features.report_compare import compare_rows
from engine.features.report_refs import CitationIndex, Presumptions, Ref, citation_ref
from engine.knowledge.base import KnowledgeBase
from engine.model.result import PresumedOut, Result
from engine.model.rights import Citation

REPO = Path(__file__).resolve().parent.parent
SHIPPED = sorted(str(p.relative_to(REPO)) for p in (REPO / "scenarios").glob("*.yaml"))
BOKAEV = "scenarios/precedents/bokaev-ayan.yaml"
RENDERERS = ["report.py", "markdown.py", "html.py", "docx.py"]


def _citations(kb: KnowledgeBase) -> list[Citation]:
    out: list[Citation] = []
    for s in kb.standards:
        out += s.threshold.citations if s.threshold else []
        for t in s.tests:
            out += t.citations + [c for r in t.rules for c in r.citations]
    return out


def test_a_citation_footnote_reads_as_its_label(kb: KnowledgeBase) -> None:
    for c in _citations(kb):
        ref = citation_ref(c)
        assert ref.doc == c.doc
        assert (f"{ref.doc} {ref.passage}" if ref.passage else ref.doc) == c.label(), c


def test_art_20_2_is_cited_as_the_article() -> None:
    assert citation_ref(Citation(doc="ICCPR", para="Art. 20(2)")) == Ref("ICCPR", "Art. 20(2)")
    assert citation_ref(Citation(doc="GC34", para="25")) == Ref("GC34", "para 25")
    assert citation_ref(Citation(doc="RABAT")) == Ref("RABAT")


@pytest.mark.parametrize("path", [*SHIPPED, BOKAEV])
def test_every_step_citation_is_found_in_the_standards(
    path: str, check: Callable[..., Result], kb: KnowledgeBase
) -> None:
    index = CitationIndex(kb)
    known = {c.label(): c for c in _citations(kb)}
    result = check(path)
    for right in result.assessment.rights:
        for test in right.tests:
            for label in test.citations:
                assert label in known, label
                assert index[label].ref == citation_ref(known[label])


def test_an_unknown_label_is_cited_whole_never_split(kb: KnowledgeBase) -> None:
    assert CitationIndex(kb)["XYZ para 9"].ref == Ref("XYZ para 9")


def test_a_presumption_shows_its_definition_by_short_form(kb: KnowledgeBase) -> None:
    presumptions = Presumptions(kb)
    d = next(d for d in kb.definitions if d.source.doc == "GC34" and d.source.where)
    shown = presumptions.shown(PresumedOut(field="f", presumed="p", source=f"GC34, {d.source.where}"))
    assert shown == f"f (GC 34, {d.source.where})"
    own = PresumedOut(field="f", presumed="p", source="rule iccpr.19.legality.x")
    assert presumptions.shown(own) == "f (rule iccpr.19.legality.x)"


def test_the_comparison_sets_a_vague_provision_against_its_paragraphs(
    check: Callable[..., Result], kb: KnowledgeBase
) -> None:
    rows = compare_rows(check(BOKAEV), kb)
    vague = next(r for r in rows if r.provision.startswith("CC Art. 174") and r.feature == "vague")
    assert Ref("GC34", "para 25") in [c.ref for c in vague.standards]
    incitement = next(r for r in rows if r.provision.startswith("CC Art. 174") and r.feature == "incitement")
    assert Ref("ICCPR", "Art. 20(2)") in [c.ref for c in incitement.standards]


@pytest.mark.parametrize("name", RENDERERS)
def test_renderers_read_the_view_and_decide_no_law(name: str) -> None:
    """A renderer takes records from the report view; it reads no rule, condition or reasoning."""
    tree = ast.parse((REPO / "engine" / "render" / name).read_text(encoding="utf-8"))
    modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    modules |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    engine = {m for m in modules if m.startswith("engine.")}
    allowed = {"engine.features.report_refs", "engine.features.report_view", "engine.knowledge.bibliography"}
    allowed |= {"engine.model.sources", "engine.render.report"}
    assert engine <= allowed, engine - allowed
    assert "ref_of_label" not in (REPO / "engine" / "render" / name).read_text(encoding="utf-8")
