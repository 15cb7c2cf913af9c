"""Citations in reports and the bibliography export (issue 14).

A report of the shipped scenarios, in HTML, Markdown and Word, gives each source's full citation
once (in the bibliography) and short forms everywhere else, and names no file, commit or
repository path; text copied from the HTML keeps paragraph numbers apart from footnote numbers;
`kzlex sources` exports valid CSL-JSON and BibTeX.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import docx
import pytest

from engine.knowledge.base import KnowledgeBase
from engine.knowledge.bibliography import date_parts, public_passage

REPO = Path(__file__).resolve().parent.parent
SHIPPED = sorted(str(p.relative_to(REPO)) for p in (REPO / "scenarios").glob("*.yaml"))
# What must never reach a reader: seed file names, repository paths, commits, the old footnote tail.
INTERNAL = re.compile(r"shared/|\.txt\b|\.md\b|@[0-9a-f]{6,}|@|\bgit\b|kzlex source key|\b[0-9a-f]{40}\b")
CSL_TYPES = {"legislation", "document", "report", "webpage", "article-newspaper", "book"}


def write(cli: Callable[..., Any], out: Path, *scenarios: str, title: str | None = None) -> None:
    args = ["report", *scenarios, "-o", str(out)] + (["--title", title] if title else [])
    result = cli(*args)
    assert result.exit_code == 0, result.stderr


# ---------------------------------------------------------------- reading the three formats back

_BLOCKS = {"p", "div", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "table", "ul", "ol", "section", "header"}
_BLOCKS |= {"nav", "blockquote", "br", "thead", "tbody", "body", "html", "title"}


class _Copy(HTMLParser):
    """The text a browser's copy gives: tags gone, element boundaries of blocks kept as spaces,
    inline elements (sup, a, span, strong) joined to their neighbours, nothing from <style>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "head"):
            self._skip += 1
        elif tag in _BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "head"):
            self._skip -= 1
        elif tag in _BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def copied(page: str) -> str:
    parser = _Copy()
    parser.feed(page)
    return re.sub(r"\s+", " ", "".join(parser.parts))


def docx_text(path: Path) -> tuple[str, list[Any]]:
    """All the text of a .docx (paragraphs and table cells, in order) and its superscript runs."""
    document = docx.Document(str(path))
    texts: list[str] = []
    sup: list[Any] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            texts.append("".join(t.text or "" for t in block.iter() if t.tag.endswith("}t")))
    for paragraph in document.paragraphs:
        sup += [r for r in paragraph.runs if r.font.superscript]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                texts.append(cell.text)
                sup += [r for p in cell.paragraphs for r in p.runs if r.font.superscript]
    return "\n".join(texts), sup


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The shipped scenarios as one report in each format (written once for the module)."""
    from typer.testing import CliRunner

    from cli import app

    out = tmp_path_factory.mktemp("reports")
    paths = {fmt: out / f"shipped.{fmt}" for fmt in ("html", "md", "docx")}
    runner = CliRunner()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KZLEX_TODAY", "2026-11-23")
        for path in paths.values():
            result = runner.invoke(app, ["report", *SHIPPED, "-o", str(path)], catch_exceptions=False)
            assert result.exit_code == 0, result.stderr
    return paths


def visible(fmt: str, path: Path) -> str:
    if fmt == "html":
        return copied(path.read_text(encoding="utf-8"))
    if fmt == "md":  # as rendered: escapes and entities read as the characters they stand for
        text = re.sub(r"\\([\\`*_\[\]|~#+\-.)=])", r"\1", path.read_text(encoding="utf-8").replace("**", ""))
        return html.unescape(text)
    return docx_text(path)[0]


def cited_sources(text: str, kb: KnowledgeBase) -> list[str]:
    return [k for k, s in kb.sources.items() if s.full_citation() in text]


# ---------------------------------------------------------------- the registry


def test_every_source_has_a_short_form_and_a_full_citation(kb: KnowledgeBase) -> None:
    shorts = [s.short_form() for s in kb.sources.values()]
    assert all(s.short and s.citation for s in kb.sources.values())
    assert len(shorts) == len(set(shorts)), "two sources share a short form"
    for s in kb.sources.values():
        for text in (s.short_form(), s.full_citation(), s.url or ""):
            assert not INTERNAL.search(text), (s.key, text)
        assert not s.url or s.url.startswith(("http://", "https://")), s.key


def test_seed_citations_follow_the_seed_readme(kb: KnowledgeBase) -> None:
    amnesty = kb.sources["002_b86750ec806bf8c8.txt"]
    assert amnesty.short == "Amnesty 2017"
    assert amnesty.full_citation() == (
        "Amnesty International, Think before you post: Closing down social media space in Kazakhstan, "
        "London, 9 February 2017, Index: EUR 57/5644/2017"
    )
    assert (
        kb.sources["003_8a55e3f2a9fd7dc1.txt"].url == "https://www.hrw.org/news/2015/11/13/kazakhstan-activist-arrested"
    )
    assert "CCPR/C/KAZ/CO/2" in kb.sources["CO2"].full_citation()


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (
            "sec006-ch009.md, Art. 274 (27.12.2019); same in CC21 and CC23",
            "Art. 274 (27.12.2019); same in CC (2021-2023 texts) and CC (mid-2023 text)",
        ),
        ("sec002-ch010, Art. 73-3 part 3", "Art. 73-3 part 3"),
        ("para 25", "para 25"),
    ],
)
def test_passages_lose_file_names(kb: KnowledgeBase, raw: str, shown: str) -> None:
    assert public_passage(raw, kb.sources) == shown


# ---------------------------------------------------------------- reports of the shipped scenarios


@pytest.mark.parametrize("fmt", ["html", "md", "docx"])
def test_each_full_citation_once_and_no_internal_path(fmt: str, reports: dict[str, Path], kb: KnowledgeBase) -> None:
    text = visible(fmt, reports[fmt])
    cited = cited_sources(text, kb)
    assert {"GC34", "002_b86750ec806bf8c8.txt", "ICCPR"} <= set(cited)
    for key in cited:
        assert text.count(kb.sources[key].full_citation()) == 1, f"{key}: full citation given more than once"
    entries = {"html": r'<li id="src-', "md": r"^- \*\*", "docx": None}[fmt]
    if entries:  # every bibliography entry is a registered source's full citation
        raw = reports[fmt].read_text(encoding="utf-8")
        assert len(
            re.findall(
                entries, raw.partition("Bibliography</h2>" if fmt == "html" else "## Bibliography")[2], flags=re.M
            )
        ) == len(cited)
    # Everything cited before the bibliography is cited by short form.
    body = re.split(r"Bibliography", text)[-2]
    assert body.count("GC 34, para") >= 5
    match = INTERNAL.search(text)
    assert match is None, text[max(0, match.start() - 80) : match.end() + 40] if match else ""


@pytest.mark.parametrize("fmt", ["html", "md", "docx"])
def test_summary_contents_version_and_how_to_cite(fmt: str, reports: dict[str, Path]) -> None:
    text = visible(fmt, reports[fmt])
    for words in (
        "Summary",
        "Contents",
        "kzlex 0.",
        "Generated: 2026-11-23",
        "How to cite this report:",
        "as of 2026-",
    ):
        assert words in text, words
    assert text.index("Summary") < text.index("1. A Facebook post")


def test_text_copied_from_html_keeps_numbers_apart(reports: dict[str, Path]) -> None:
    page = reports["html"].read_text(encoding="utf-8")
    text = copied(page)
    # Every marker that follows a digit in the page comes out as "...22[17]" in the copied text.
    before = re.findall(r"(\d)<sup class=\"fn\">\[((?:<a href=\"#fn\d+\">\d+</a>(?:, )?)+)\]</sup>", page)
    assert len(before) >= 5, "no marker follows a number; the test would prove nothing"
    for digit, links in before:
        numbers = ", ".join(re.findall(r">(\d+)<", links))
        assert f"{digit}[{numbers}]" in text
    assert re.search(r"\d\[\d+\]", text)
    assert not re.search(r"\d{4}-\d{2}-\d{3,}", text), "a date ran into a footnote number"
    # A citation in a table cell keeps its paragraph number whole: "GC 34, para 22;" or at a cell's end.
    for m in re.finditer(r"GC 34, para (\d+)", text):
        assert text[m.end()] in " ;,.:)[", text[m.start() : m.end() + 5]


def test_docx_markers_are_bracketed_superscripts(reports: dict[str, Path]) -> None:
    text, sup = docx_text(reports["docx"])
    assert sup and all(re.fullmatch(r"\[\d+(, \d+)*\]", r.text) for r in sup)
    assert "Notes" in text and "Bibliography" in text


def test_markdown_has_no_needless_escapes(reports: dict[str, Path]) -> None:
    text = reports["md"].read_text(encoding="utf-8")
    assert "Art. 174(1)" in text and "Art\\." not in text and "\\(" not in text
    assert text.count("\\") < 100


def test_docx_is_reproducible_and_takes_a_title(cli: Callable[..., Any], tmp_path: Path) -> None:
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    for out in (a, b):
        write(cli, out, SHIPPED[0], title="Brief for <counsel>")
    assert a.read_bytes() == b.read_bytes()
    document = docx.Document(str(a))
    assert document.paragraphs[0].text == "Brief for <counsel>"
    assert document.core_properties.title == "Brief for <counsel>"


def test_title_is_escaped_in_html_and_markdown(cli: Callable[..., Any], tmp_path: Path) -> None:
    write(cli, tmp_path / "r.html", SHIPPED[0], title="Brief <b>for</b> counsel")
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<h1>Brief &lt;b&gt;for&lt;/b&gt; counsel</h1>" in page and "<b>" not in page
    write(cli, tmp_path / "r.md", SHIPPED[0], title="# Brief *for* counsel")
    md = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert md.startswith("# \\# Brief \\*for\\* counsel\n")
    assert "How to cite this report:** \\# Brief \\*for\\* counsel. Report generated by kzlex" in md


def test_empty_title_is_refused(cli: Callable[..., Any], tmp_path: Path) -> None:
    result = cli("report", SHIPPED[0], "-o", str(tmp_path / "r.md"), "--title", "  ")
    assert result.exit_code == 2
    assert "--title" in result.stderr and not (tmp_path / "r.md").exists()


# ---------------------------------------------------------------- kzlex sources


def test_sources_csl_json_is_valid(cli: Callable[..., Any], kb: KnowledgeBase) -> None:
    result = cli("sources", "--format", "csl-json")
    assert result.exit_code == 0, result.stderr
    items = json.loads(result.stdout)
    assert isinstance(items, list) and len(items) == len(kb.sources)
    assert len({i["id"] for i in items}) == len(items)
    for item in items:
        assert isinstance(item["id"], str) and item["id"]
        assert item["type"] in CSL_TYPES
        assert isinstance(item["title"], str) and item["title"]
        for person in item.get("author", []):
            assert set(person) == {"literal"} and person["literal"]
        if "issued" in item:
            (parts,) = item["issued"]["date-parts"]
            assert 1 <= len(parts) <= 3 and all(isinstance(x, int) for x in parts)
        for key in ("URL", "number", "citation-label", "note"):
            assert key not in item or isinstance(item[key], str)
        assert not INTERNAL.search(json.dumps({k: v for k, v in item.items() if k != "id"}, ensure_ascii=False))
    gc34 = next(i for i in items if i["id"] == "GC34")
    assert gc34["number"] == "CCPR/C/GC/34" and gc34["issued"] == {"date-parts": [[2011, 9, 12]]}


def _balanced(entry: str) -> bool:
    depth = 0
    for ch in re.sub(r"\\[{}]", "", entry):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def test_sources_bibtex_has_one_balanced_entry_a_source(cli: Callable[..., Any], kb: KnowledgeBase) -> None:
    result = cli("sources", "--format", "bibtex")
    assert result.exit_code == 0, result.stderr
    entries = re.split(r"\n(?=@)", result.stdout.strip())
    keys = [re.match(r"@(\w+)\{([A-Za-z0-9_:.-]+),\n", e) for e in entries]
    assert all(keys) and len(entries) == len(kb.sources)
    assert len({k.group(2) for k in keys if k}) == len(entries)
    for entry in entries:
        assert _balanced(entry), entry
        assert entry.rstrip().endswith("}")
        for line in entry.splitlines()[1:-1]:
            assert re.fullmatch(r"  [a-z]+ = \{.*\},?", line), line


def test_sources_text_lists_every_short_form(cli: Callable[..., Any], kb: KnowledgeBase) -> None:
    result = cli("sources")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(kb.sources)
    assert "GC 34\tUN Human Rights Committee, General comment No. 34" in result.stdout


def test_unknown_sources_format_is_refused(cli: Callable[..., Any]) -> None:
    result = cli("sources", "--format", "ris")
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: --format: 'ris' is not a format; use one of text, csl-json, bibtex"


@pytest.mark.parametrize(
    ("date", "parts"),
    [("2011-09-12", [2011, 9, 12]), ("June 2020", [2020, 6]), ("2020", [2020]), ("early 2016", None), (None, None)],
)
def test_csl_dates(date: str | None, parts: list[int] | None) -> None:
    assert date_parts(date) == parts


def test_html_unescaped_bibliography_entries_name_no_file(reports: dict[str, Path]) -> None:
    page = reports["html"].read_text(encoding="utf-8")
    entries = re.findall(r'<ul class="bibliography">(.*?)</ul>', page, flags=re.S)
    assert len(entries) == 1
    assert not INTERNAL.search(html.unescape(re.sub(r'id="[^"]*"', "", entries[0])))
