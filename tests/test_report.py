"""`kzlex report`: escaped, footnoted, well-formed and byte-for-byte reproducible reports.

The markers are parsed out of the written files rather than compared with a golden copy: the
rule files change often, and what must hold whatever they say is that every marker has its
footnote, every footnote is used, numbering follows first use, and scenario text stays text.
Citations (short forms, one bibliography) are tested in test_report_citations.py.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from engine.features.report_refs import CitationIndex
from engine.render.markdown import escape_line

BOKAEV = "scenarios/precedents/bokaev-ayan.yaml"
SYCHEV = "scenarios/precedents/sychev.yaml"
HOSTILE = {
    "id": "hostile-text",
    "title": "A <b>bold</b> title | with a pipe",
    "date": "2017-03-01",
    "act": "post",
    "platform": "facebook",
    "reach": {"public": True},
    "content": {
        "summary": "Ethnic slur? <script>alert(1)</script> *stars* [link](http://x.test) # not a heading\n- not a list",
        "themes": ["ethnicity"],
        "calls_to": [],
    },
}

REPO = Path(__file__).resolve().parent.parent
SAFE_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "section", "h1", "h2", "h3", "h4", "p",
    "strong", "table", "thead", "tbody", "tr", "th", "td", "ul", "ol", "li", "span", "blockquote", "sup", "a", "br", "nav",
}  # fmt: skip


class _Tags(HTMLParser):
    """Every tag, every link target and every event-handler attribute of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.links: list[str] = []
        self.handlers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.names.add(tag)
        for name, value in attrs:
            if name in ("href", "src", "action", "data"):
                self.links.append(value or "")
            if name.startswith("on"):
                self.handlers.append(name)


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(HOSTILE, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def write(cli: Callable[..., Any], out: Path, *scenarios: str | Path, law: str | None = None) -> str:
    args = ["report", *(str(s) for s in scenarios), "-o", str(out)]
    if law:
        args += ["--law", law]
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    return out.read_text(encoding="utf-8")


# ---------------------------------------------------------------- escaping


def test_html_report_shows_script_as_text_and_runs_nothing(
    cli: Callable[..., Any], tmp_path: Path, hostile: Path
) -> None:
    page = write(cli, tmp_path / "r.html", hostile)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script" not in page.lower()
    assert "&lt;b&gt;bold&lt;/b&gt;" in page and "<b>" not in page
    # Self-contained: only plain document tags, links only within the page, no handlers, no imports.
    tags = _Tags()
    tags.feed(page)
    assert tags.names <= SAFE_TAGS, tags.names - SAFE_TAGS
    assert all(value.startswith("#") for value in tags.links), tags.links
    assert not tags.handlers
    assert "@import" not in page and "url(" not in page
    assert "@media print" in page


def test_markdown_report_shows_script_as_text(cli: Callable[..., Any], tmp_path: Path, hostile: Path) -> None:
    text = write(cli, tmp_path / "r.md", hostile)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<script" not in text.lower() and "<b>" not in text
    assert "\\*stars\\*" in text and "\\[link\\](http://x.test)" in text
    assert "> \\- not a list" in text  # a line of the quote that would start a list
    assert not re.search(r"^#+ not a heading", text, flags=re.M)


def test_markdown_escape_covers_every_special() -> None:
    raw = "\\ ` * _ { } [ ] < > ( ) # + - . ! | ~ &amp; &#60;"
    assert escape_line(raw) == "\\\\ \\` \\* \\_ { } \\[ \\] &lt; &gt; ( ) # + - . ! \\| \\~ &amp;amp; &amp;#60;"
    assert escape_line("two\nlines") == "two lines"


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("Art. 174(1), in force 2015-01-01", "Art. 174(1), in force 2015-01-01"),  # nothing to escape
        ("snake_case and Q&A", "snake_case and Q&A"),
        ("# heading", "\\# heading"),
        ("- item", "\\- item"),
        ("+ item", "\\+ item"),
        ("1. item", "1\\. item"),
        ("2) item", "2\\) item"),
        ("---", "\\---"),
        ("0.2.0 is a version", "0.2.0 is a version"),
        ("_emphasis_", "\\_emphasis\\_"),
    ],
)
def test_markdown_escapes_only_what_would_become_markup(raw: str, escaped: str) -> None:
    assert escape_line(raw) == escaped


# ---------------------------------------------------------------- footnotes


def _check_numbering(markers: list[int], notes: list[int]) -> None:
    assert markers, "the report cites nothing"
    assert set(markers) == set(notes), "a marker without a footnote, or a footnote never cited"
    assert notes == list(range(1, len(notes) + 1)), "footnotes are numbered 1..N in order"
    first_use = list(dict.fromkeys(markers))
    assert first_use == sorted(first_use), "numbers follow the order of first citation"


def test_every_markdown_citation_has_a_footnote(cli: Callable[..., Any], tmp_path: Path) -> None:
    text = write(cli, tmp_path / "r.md", BOKAEV, SYCHEV)
    body, _, notes_part = text.partition("\n## Notes\n")
    notes_part = notes_part.partition("\n## Bibliography\n")[0]
    markers = [int(n) for n in re.findall(r"\[\^(\d+)\](?!:)", body)]
    defs = re.findall(r"^\[\^(\d+)\]: (.+)$", notes_part, flags=re.M)
    _check_numbering(markers, [int(n) for n, _ in defs])
    texts = [t for _, t in defs]
    assert len(texts) == len(set(texts)), "one source and passage, one footnote"


def test_every_html_citation_has_a_footnote(cli: Callable[..., Any], tmp_path: Path) -> None:
    page = write(cli, tmp_path / "r.html", BOKAEV, SYCHEV)
    body, _, notes_part = page.partition('<h2 class="sources" id="notes">')
    markers = [int(n) for n in re.findall(r'<a href="#fn(\d+)">', body)]
    notes = [int(n) for n in re.findall(r'<li id="fn(\d+)" value="\d+">', notes_part)]
    _check_numbering(markers, notes)


def test_every_assessment_citation_is_cited_by_short_form(
    cli: Callable[..., Any], check: Callable[..., Any], kb: Any, tmp_path: Path
) -> None:
    """Each paragraph the assessment cites appears by short form and passage, linked to the
    bibliography entry that gives the document in full."""
    result = check(BOKAEV)
    page = write(cli, tmp_path / "r.html", BOKAEV)
    bib = dict(re.findall(r'<li id="(src-[^"]+)"><strong>[^<]*</strong>: (.*?)</li>', page))
    labels = {c for r in result.assessment.rights for t in r.tests for c in t.citations}
    assert {"GC34 para 35", "GC37 para 70"} <= labels
    index = CitationIndex(kb)
    for label in labels:
        ref = index[label].ref
        assert ref.doc in kb.sources and ref.passage, f"{label} is not a citation the standards hold"
        short = kb.sources[ref.doc].short_form()
        shown = f'<a href="#src-{ref.doc}">{html.escape(short)}</a>, {html.escape(ref.passage)}'
        assert shown in page, f"{label} is not cited as {short}, {ref.passage}"
        assert f"src-{ref.doc}" in bib, f"{ref.doc} is cited but not in the bibliography"
    gc34 = html.unescape(bib["src-GC34"])
    assert gc34.startswith("UN Human Rights Committee, General comment No. 34")
    assert "CCPR/C/GC/34" in gc34 and "12 September 2011" in gc34


# ---------------------------------------------------------------- structure


def test_markdown_tables_are_well_formed(cli: Callable[..., Any], tmp_path: Path, hostile: Path) -> None:
    text = write(cli, tmp_path / "r.md", BOKAEV, hostile)
    lines = text.splitlines()
    tables: list[list[str]] = []
    for i, line in enumerate(lines):
        if line.startswith("|"):
            if i == 0 or not lines[i - 1].startswith("|"):
                assert lines[i - 1] == "", f"a table must follow a blank line: {line[:60]}"
                tables.append([])
            tables[-1].append(line)
    assert len(tables) >= 6
    for table in tables:
        cells = [len(re.findall(r"(?<!\\)\|", row)) for row in table]
        assert len(set(cells)) == 1, table[0]
        assert re.fullmatch(r"\|( --- \|)+", table[1]), table[1]
        assert all(row.endswith("|") for row in table)


def test_report_sections_and_one_disclaimer(cli: Callable[..., Any], tmp_path: Path) -> None:
    text = write(cli, tmp_path / "r.md", BOKAEV, SYCHEV)
    for heading in (
        "### Facts",
        "### The law applied",
        "### Articles",
        "### Precedents",
        "### ICCPR assessment",
        "### Kazakh provision against the international standard",
        "## Summary",
        "### Contents",
        "## Notes",
        "## Bibliography",
    ):
        assert text.count(heading) == (1 if heading.startswith(("## ", "### C")) else 2), heading
    assert text.count(escape_line("kzlex gives advice about legal risk")) == 1
    # Art. 174 "discord" is set against GC34 para 25 (precision) and Art. 20(2).
    row = next(line for line in text.splitlines() if line.startswith("| CC Art. 174") and "| vague |" in line)
    assert "GC 34, para 25" in row and "Provided by law: fail" in row
    incitement = next(
        line for line in text.splitlines() if line.startswith("| CC Art. 174") and "| incitement |" in line
    )
    assert "ICCPR, Art. 20(2)" in incitement
    # The version of the law applied, with its dates.
    assert "2015, in force from 2015-01-01 to 2020-07-06" in text


def test_same_input_same_bytes(cli: Callable[..., Any], tmp_path: Path, hostile: Path) -> None:
    for suffix in ("md", "html"):
        first = write(cli, tmp_path / f"a.{suffix}", BOKAEV, hostile)
        second = write(cli, tmp_path / f"b.{suffix}", BOKAEV, hostile)
        assert first == second


def test_reformed_report_says_why(cli: Callable[..., Any], tmp_path: Path) -> None:
    text = write(cli, tmp_path / "r.md", BOKAEV, law="reformed")
    assert "## The reform applied: reformed" in text
    assert "Criminal Code Art. 400" in text and "Repeal Article 400" not in text
    assert escape_line("Amnesty International recommends repealing Art. 400") in text
    assert "| CC Art. 400" not in text  # gone from the articles table


# ---------------------------------------------------------------- errors


def test_bad_suffix_is_refused(cli: Callable[..., Any], tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    result = cli("report", BOKAEV, "-o", str(out))
    assert result.exit_code == 2
    assert (
        result.stderr.strip()
        == f"error: -o: '{out}' must end in .md or .markdown (Markdown), .html or .htm (HTML), or .docx (Word); "
        "the suffix chooses the report format"
    )
    assert not out.exists()


def test_bad_scenario_writes_nothing(cli: Callable[..., Any], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("act: shout\n", encoding="utf-8")
    out = tmp_path / "r.html"
    result = cli("report", BOKAEV, str(bad), "-o", str(out))
    assert result.exit_code == 2
    assert "act: 'shout' is not allowed" in result.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == [bad]
