"""The bibliography: every registered source as a reader cites it, and as reference managers import it.

A report cites a source by its short form and the passage ("GC 34, para 25") and lists the full
citation once, here. Nothing a reader sees may name a file, a commit or a repository path: the
registry keeps those (`locator`, `note`, `publisher`) for the project's own audit, and
`public_passage` takes them out of the passages the rule files cite.

`public_text` and `public_passage` clean data, they do not read it: the rule, case and source
files were written by people who cite as they work ("sec006-ch009.md, Art. 274", "(CC21)",
"legal-facts.md"), and these functions reword such prose and passages for a reader. They are
applied to text that comes from those files (a `where` passage, a part's words, a rule's reason,
a version's note, also when kzlex quotes it inside a sentence of its own) and only on the way to
a reader; nothing is taken back out of their output, and kzlex never builds a string for them to
take apart. A reference kzlex holds as data (`SourceRef`, `Citation`) is shown from its fields
(`engine.features.report_refs`), never written out and read again.

Exports: CSL-JSON (Zotero, Mendeley, pandoc-citeproc), BibTeX and plain text, each sorted by
short form so the same registry gives the same bytes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from engine.model.sources import Source

# A file name in a passage ("sec006-ch009.md, Art. 274"), a chapter file cited without its suffix
# ("sec002-ch010, Art. 73-3"), a repository path, or a commit ("@006d21b1").
_FILE = re.compile(
    r"(?:[\w.…/-]*/)?[\w-]+\.(?:md|txt|ya?ml)\b|\bsec\d{3}(?:-ch\d{3})?\b|@[0-9a-f]{6,40}\b|\bshared/\S+"
)
_SEPARATORS = re.compile(r"^[\s,;:]+|[\s,;:]+$")
_MONTHS = "january february march april may june july august september october november december".split()


def _names(registry: dict[str, Source]) -> dict[str, str]:
    """What a reader sees for each way the rule files name a document: its key and, for the
    project's own references, the file name (`legal-facts.md`), both read as the short form."""
    names = {key: src.short_form() for key, src in registry.items()}
    for src in registry.values():
        base = (src.locator or "").rsplit("/", 1)[-1]
        if src.kind == "reference" and re.fullmatch(r"[\w.-]+\.md", base):
            names.setdefault(base, src.short_form())
    return names


def public_text(text: str, registry: dict[str, Source]) -> str:
    """Text from the rule files with registry keys and reference file names read as short forms,
    and any other file name, repository path or commit taken out. For display only: the rewrite
    is lossy by design, so its result is never parsed or compared."""
    names = _names(registry)
    if names:
        pattern = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        text = re.sub(
            rf"(?<![\w./-])(?:\.\./)?(?:shared/reference/)?({pattern})(?![\w-])", lambda m: names[m.group(1)], text
        )
    text = _FILE.sub("", text)
    text = re.sub(r"\(\s*[,;]?\s*\)", "", text)  # "()" left where a file name was
    return re.sub(r" {2,}", " ", text)


def public_passage(text: str, registry: dict[str, Source]) -> str:
    """A cited passage as `public_text` reads it, without the separators a file name left."""
    out = public_text(text, registry)
    out = re.sub(r"\s*,\s*(?:,\s*)+", ", ", out)
    out = re.sub(r"\(\s*[,;]\s*", "(", out)
    out = re.sub(r"\s+", " ", out)
    return _SEPARATORS.sub("", out)


def ordered(sources: Iterable[Source]) -> list[Source]:
    """Sources in bibliography order: by short form, case folded, then by key."""
    return sorted(sources, key=lambda s: (s.short_form().casefold(), s.key))


# ---------------------------------------------------------------- plain text


def plain(sources: Iterable[Source]) -> str:
    """One line a source: the short form, a tab, the full citation."""
    return "".join(f"{s.short_form()}\t{s.full_citation()}\n" for s in ordered(sources))


# ---------------------------------------------------------------- CSL-JSON

_CSL_TYPES = {
    "code_text": "legislation",
    "un_document": "document",
    "ngo_report": "report",
    "seed": "report",
    "reference": "document",
    "other": "webpage",
}


def date_parts(date: str | None) -> list[int] | None:
    """`2011-09-12` -> [2011, 9, 12]; `June 2020` -> [2020, 6]; `2020` -> [2020]; anything vaguer -> None."""
    if not date:
        return None
    text = date.strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", text) or re.match(r"(\d{4})-(\d{2})(?:-(\d{2}))?\b", text)
    if m:
        return [int(x) for x in m.groups() if x]
    m = re.fullmatch(r"([A-Za-z]+) (\d{4})", text)
    if m and m.group(1).lower() in _MONTHS:
        return [int(m.group(2)), _MONTHS.index(m.group(1).lower()) + 1]
    return None


def csl_item(s: Source) -> dict[str, Any]:
    """One CSL-JSON item; fields the registry does not know are left out, never guessed."""
    item: dict[str, Any] = {"id": s.key, "type": _CSL_TYPES[s.kind], "title": public_passage(s.title, {})}
    if s.author:
        item["author"] = [{"literal": s.author}]
    parts = date_parts(s.date)
    if parts:
        item["issued"] = {"date-parts": [parts]}
    if s.symbol:
        item["number"] = s.symbol
    if s.url:
        item["URL"] = s.url
    item["citation-label"] = s.short_form()
    item["note"] = s.full_citation()
    return item


def csl_json(sources: Iterable[Source]) -> str:
    """The bibliography as a CSL-JSON array (UTF-8 text, two-space indent, newline at the end)."""
    return json.dumps([csl_item(s) for s in ordered(sources)], ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- BibTeX

_BIB_TYPES = {"code_text": "misc", "un_document": "misc", "ngo_report": "techreport", "seed": "misc"}
_BIB_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
}
_BIB_SPECIALS |= {"~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def bib_escape(text: str) -> str:
    """Text for a braced BibTeX field: LaTeX specials escaped, so every brace is balanced."""
    return "".join(_BIB_SPECIALS.get(ch, ch) for ch in text)


def bib_key(key: str) -> str:
    """A citation key BibTeX accepts: letters, digits and `-_:.` only."""
    return re.sub(r"[^A-Za-z0-9_:.-]", "-", key)


def _url(url: str) -> str:
    """An address as BibTeX's url field wants it: verbatim, only braces encoded."""
    return url.replace("{", "%7B").replace("}", "%7D")


def bibtex_entry(s: Source) -> str:
    kind = _BIB_TYPES.get(s.kind, "misc")
    fields: list[tuple[str, str]] = [("title", public_passage(s.title, {}))]
    if s.author:
        fields.append(("author", "{" + bib_escape(s.author) + "}"))  # a body, not "Last, First"
    parts = date_parts(s.date)
    if parts:
        fields.append(("year", str(parts[0])))
        if len(parts) > 1:
            fields.append(("month", _MONTHS[parts[1] - 1][:3]))
    if s.symbol:
        fields.append(("number", s.symbol))
    if s.url:
        fields.append(("url", s.url))
    if kind == "techreport":
        fields.append(("institution", "{" + bib_escape(s.author or "") + "}"))
    fields.append(("shorthand", s.short_form()))
    fields.append(("note", s.full_citation()))
    raw = ("author", "institution")
    body = ",\n".join(
        f"  {name} = {{{value if name in raw else _url(value) if name == 'url' else bib_escape(value)}}}"
        for name, value in fields
    )
    return f"@{kind}{{{bib_key(s.key)},\n{body}\n}}\n"


def bibtex(sources: Iterable[Source]) -> str:
    """The bibliography as BibTeX, one entry a source."""
    return "\n".join(bibtex_entry(s) for s in ordered(sources))
