"""The Word report (.docx), made with python-docx: the same sections as the HTML page, deterministic.

Footnote markers are superscript bracketed numbers ("[17]"), so text copied out of Word reads
"para 22[17]". Scenario text goes into runs as plain text, so it can never become a field, a
hyperlink or a style. The package is written with fixed zip timestamps and core properties
dated to the report's day: the same view gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from engine.features.report_refs import Ref
from engine.features.report_view import ReportView, ScenarioView
from engine.model.sources import Source
from engine.render.report import Footnotes

# A cell or paragraph is a list of segments: plain text, or refs to footnote (a marker each).
Segment = str | Ref | list[Ref] | None
_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can carry


class _Writer:
    def __init__(self, view: ReportView, sources: dict[str, Source]) -> None:
        from docx import Document

        self.view = view
        self.notes = Footnotes(sources)
        self.doc: Any = Document()

    # ------------------------------------------------------------ primitives

    def _runs(self, paragraph: Any, segments: Iterable[Segment]) -> None:
        for seg in segments:
            if seg is None:
                continue
            if isinstance(seg, str):
                if seg:
                    paragraph.add_run(seg)
                continue
            refs = [seg] if isinstance(seg, Ref) else seg
            if refs:
                run = paragraph.add_run("[" + ", ".join(str(self.notes.number(r)) for r in refs) + "]")
                run.font.superscript = True

    def para(self, *segments: Segment, style: str | None = None, bold_lead: str | None = None) -> None:
        p = self.doc.add_paragraph(style=style)
        if bold_lead:
            p.add_run(bold_lead).bold = True
        self._runs(p, segments)

    def bullet(self, *segments: Segment, level: int = 1) -> None:
        self.para(*segments, style="List Bullet" if level == 1 else "List Bullet 2")

    def heading(self, text: str, level: int) -> None:
        self.doc.add_heading(text, level=level)

    def table(self, header: Sequence[str], rows: Iterable[Sequence[Sequence[Segment]]]) -> None:
        rows = list(rows)
        t = self.doc.add_table(rows=1, cols=len(header))
        t.style = "Table Grid"
        for cell, text in zip(t.rows[0].cells, header, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(text).bold = True
        for row in rows:
            cells = t.add_row().cells
            for cell, segments in zip(cells, row, strict=True):
                self._runs(cell.paragraphs[0], segments)

    def cite_text(self, r: Ref) -> str:
        """A citation shown in the text by its short form; its source goes in the bibliography."""
        self.notes.cite(r)
        return self.notes.label(r)

    def joined(self, refs: Iterable[Ref], sep: str = "; ") -> list[Segment]:
        return [sep.join(self.cite_text(r) for r in refs)]

    # ------------------------------------------------------------ sections

    def front(self) -> None:
        v = self.view
        self.doc.add_heading(v.title, level=0)
        self.para(f"{v.today} by kzlex {v.version}", bold_lead="Generated: ")
        law = f"{v.law} ({v.law_title}); each act is judged under the law in force on its date."
        if v.law_date:
            law += f" The latest text of the Codes read is as of {v.law_date}."
        self.para(law, bold_lead="Law applied: ")
        self.para(v.how_to_cite, bold_lead="How to cite this report: ")
        p = self.doc.add_paragraph()
        p.add_run(v.disclaimer).italic = True
        self.heading("Summary", 1)
        self.table(
            ["#", "Scenario", "Date of the act", "First article listed", "ICCPR verdict"],
            [[[str(s.n)], [s.heading], [s.date], [s.top_article], [s.verdict]] for s in v.scenarios],
        )
        self.heading("Contents", 2)
        if v.reform:
            self.bullet(f"The reform applied: {v.reform.name}")
        for s in v.scenarios:
            self.bullet(f"{s.n}. {s.heading}")
        self.bullet("Notes")
        self.bullet("Bibliography")

    def reform(self) -> None:
        r = self.view.reform
        if r is None:
            return
        self.heading(f"The reform applied: {r.name}", 1)
        self.para(f"{r.title}. {r.summary}")
        for c in r.changes:
            self.para(f"{c.label}: {c.done}. ", c.why, c.refs, style="List Number")

    def scenario(self, s: ScenarioView) -> None:
        self.heading(f"{s.n}. {s.heading}", 1)
        if s.id:
            self.para(f"Scenario: {s.id}")
        self.heading("Facts", 2)
        self.table(["Fact", "Value"], [[[f.field], [f.value]] for f in s.facts])
        for label, text in (("Summary, as given:", s.summary), ("Text, as given:", s.text)):
            if text:
                self.para(label)
                for line in text.splitlines():
                    self.para(line, style="Quote")
        self.heading("The law applied", 2)
        self.para(f"Law as of {s.law_as_of}.")
        for note in s.law_notes:
            self.bullet(note)
        if s.effects:
            self.para("What the reform changes for this act:")
            self.table(
                ["Change", "Current law", "Reform", "Outcome changes"],
                [[[e.label], [e.before], [e.after], ["yes" if e.changes_outcome else "no"]] for e in s.effects],
            )
        self.articles(s)
        self.precedents(s)
        self.iccpr(s)
        self.compare(s)

    def articles(self, s: ScenarioView) -> None:
        self.heading("Articles", 2)
        if not s.articles:
            self.para("No encoded provision in force on that date reaches the act as described.")
            return
        self.table(
            ["#", "Article", "Status", "Penalty", "Version applied", "Elements met"],
            [
                [
                    [str(i)],
                    [f"{a.heading}: {a.title}"],
                    [a.status],
                    [a.penalty, "" if a.penalty_verified else " (not verified)", a.penalty_ref],
                    [f"{a.version}, {a.in_force}", a.version_ref],
                    [f"{sum(1 for e in a.elements if e.met)} of {len(a.elements)}"],
                ]
                for i, a in enumerate(s.articles, 1)
            ],
        )
        for a in s.articles:
            self.heading(f"{a.heading}: {a.title}", 3)
            self.bullet(f"Status: {a.status}")
            self.bullet(f"Part {a.part_id}" + (f": {a.part_says}" if a.part_says else ""), a.part_ref)
            self.bullet(f"Penalty: {a.penalty}", "" if a.penalty_verified else " (not verified)", a.penalty_ref)
            unverified = "" if a.version_verified else "; the text of this version is not verified"
            self.bullet(f"Version of the law applied: {a.version}, {a.in_force}{unverified}", a.version_ref)
            self.bullet("Elements:")
            for el in a.elements:
                missing = f" (not given: {', '.join(el.unknown_facts)})" if el.unknown_facts else ""
                self.bullet(f"{'met' if el.met else 'missing'}: {el.says}{missing}", level=2)
            for note in a.notes:
                self.bullet(f"Note: {note}")
            if a.precedents:
                self.bullet(f"Real cases charged under it: {', '.join(a.precedents)}")

    def precedents(self, s: ScenarioView) -> None:
        self.heading("Precedents", 2)
        if not s.precedents:
            self.para("No precedent in the knowledge base.")
        for p in s.precedents:
            out = p.out
            self.heading(out.id + (f": {out.title}" if out.title else ""), 3)
            self.bullet(f"Similarity: {out.similarity:.2f}")
            self.bullet(f"Subjects: {', '.join(out.subjects)}")
            o = out.outcome
            sanction = f", {o.sanction}" if o.sanction else ""
            self.bullet(f"Outcome: {o.status}{sanction}" + (f" ({o.decided})" if o.decided else ""))
            self.bullet(f"Charges: {p.charges}")
            if o.summary:
                self.bullet(f"What happened: {o.summary}")
            if out.shared:
                self.bullet(f"Shares with this act: {'; '.join(out.shared)}")
            if out.differs:
                self.bullet(f"Differs: {'; '.join(out.differs)}")
            if out.disputed:
                self.bullet(f"Disputed in the sources: {', '.join(out.disputed)}")
            for x in p.assessments:
                self.bullet(f"Assessed by {x.by}: {x.finding}", x.ref)
            self.bullet("Sources: ", *self.joined(p.refs))
        for pattern in s.patterns:
            self.bullet(f"Pattern: {pattern.says} ({', '.join(pattern.cases)})")

    def iccpr(self, s: ScenarioView) -> None:
        self.heading("ICCPR assessment", 2)
        self.para(f" {s.verdict_summary}", bold_lead=f"Verdict: {s.verdict}.")
        if s.presumed:
            self.para(f"Presumed where the scenario is silent: {'; '.join(s.presumed)}.")
        if len(s.provisions) > 1:
            self.table(["Provision", "Status", "Verdict", "Turns on"], [[[x] for x in p] for p in s.provisions])
        for r in s.rights:
            self.heading(f"{r.title}: {r.verdict}", 3)
            self.para(self.cite_text(r.source))
            threshold = f" Rabat threshold: {r.threshold}." if r.threshold else ""
            self.para(f"{r.summary} Engaged because {r.engaged_because}.{threshold}")
            self.table(
                ["Step", "Result", "Reasoning", "Cited"],
                [
                    [[t.title], [t.result], [" ".join(t.reasons)], self.joined(c.ref for c in t.citations)]
                    for t in r.tests
                ],
            )

    def compare(self, s: ScenarioView) -> None:
        self.heading("Kazakh provision against the international standard", 2)
        if not s.compare:
            self.para("No article reaches the act, so there is no provision to set against the standard.")
            return
        rows: list[list[list[Segment]]] = []
        for row in s.compare:
            says: list[Segment] = []
            for i, (text, ref) in enumerate(row.says):
                says += [" / " if i else "", text, ref]
            standards: list[Segment] = self.joined(c.ref for c in row.standards) if row.standards else ["none"]
            rows.append([[row.provision], [row.feature], says, standards, ["; ".join(row.findings)]])
        self.table(
            [
                "Kazakh provision",
                "Feature",
                "What the provision does, or what critics say",
                "International standard cited in the assessment",
                "Finding",
            ],
            rows,
        )

    def back(self) -> None:
        self.heading("Notes", 1)
        self.para(
            "Each note gives a source's short form and the passage relied on; "
            "the bibliography below gives each source in full."
        )
        for f in self.notes.entries():
            self.para(f"[{f.n}] {f.text}.")
        self.heading("Bibliography", 1)
        for b in self.notes.bibliography():
            self.para(f": {b.citation}", bold_lead=b.short)

    def build(self) -> bytes:
        self.front()
        self.reform()
        for s in self.view.scenarios:
            self.scenario(s)
        self.back()
        day = datetime.fromisoformat(self.view.today)
        props = self.doc.core_properties
        props.title = self.view.title
        props.author = "kzlex"
        props.last_modified_by = "kzlex"
        props.comments = self.view.how_to_cite
        props.created = props.modified = props.last_printed = day
        props.revision = 1
        raw = io.BytesIO()
        self.doc.save(raw)
        return _fixed_zip(raw.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same package with every entry dated 1980-01-01, in a fixed order: reproducible bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(name))
    return out.getvalue()


def render(view: ReportView, sources: dict[str, Source]) -> bytes:
    """The report as a .docx package. Same view, same bytes: nothing here reads the clock."""
    return _Writer(view, sources).build()
