"""How the browsing commands name articles and charges, and read back what a reader types.

One place for both directions, so what kzlex writes (`CC 174(2)`, `CAO 73-3`) is always
something it accepts. Names go out through `engine.model.result.cite`, as in every other report;
what comes in is the reader's own text, never a label kzlex made and then re-reads.
"""

from __future__ import annotations

import difflib
import re
from typing import NamedTuple

from engine.model.errors import InputError
from engine.model.ids import abbreviation, cite
from engine.model.precedent import Charge

CODES: tuple[str, ...] = ("criminal", "administrative")

# The short names kzlex itself writes (`CC 174(2)`, `CAO 73-3`), and the names of the codes.
CODE_ALIASES: dict[str, str] = {
    "cc": "criminal",
    "criminal": "criminal",
    "cao": "administrative",
    "ac": "administrative",
    "administrative": "administrative",
}
_REF = re.compile(
    r"^(?:(?P<code>administrative|criminal|cao|cc|ac)\.?\s*)?"
    r"(?:art(?:icle)?\.?\s*)?"
    r"(?P<number>[0-9]+(?:-[0-9]+)?)"
    r"(?:\s*\(\s*(?P<part>[0-9]+(?:-[0-9]+)?)\s*\)|\s*,?\s+part\s+(?P<part_word>[0-9]+(?:-[0-9]+)?))?$",
    flags=re.IGNORECASE,
)


class ArticleRef(NamedTuple):
    """An article as a reader writes it: `CC 174(2)` is code criminal, number 174, part 2."""

    code: str | None
    number: str
    part: str | None


def code_name(code: str) -> str:
    """The code's full name, for sentences a reader may quote."""
    return "Criminal Code" if code == "criminal" else "Code of Administrative Offences"


def code_label(code: str) -> str:
    """The short names reports use: CC for the Criminal Code, CAO for the administrative code."""
    return abbreviation(code) if code in ("criminal", "administrative") else code


def label_names_note(code: str, article: str | None) -> bool:
    """A criminal or administrative charge with no article on file is named by its note (`CC: embezzlement`),
    so a renderer that also prints the note knows it would repeat it."""
    return code in CODES and article is None


def charge_label(ch: Charge) -> str:
    """`CC 174(2)`; a charge with no article on file (embezzlement, a civil claim) by what it was."""
    if ch.code in ("civil", "none"):
        label = "civil claim" if ch.code == "civil" else "no charge"
        return label if ch.article is None else f"{label} Art. {ch.article}"
    if ch.article is None:
        return f"{code_label(ch.code)}: {ch.note}" if ch.note else f"{code_label(ch.code)}, article not given"
    return cite(ch.code, ch.article, ch.part)


def ref_label(ref: ArticleRef) -> str:
    """The filter as given: the bare number (as ever), or `CC 174(2)` when a code or part narrows it."""
    if ref.code is None:
        return ref.number + (f"({ref.part})" if ref.part else "")
    return cite(ref.code, ref.number, ref.part)


def article_key(article: str) -> tuple[int, int]:
    """`73-3` sorts after `73` and before `74`, as the codes number their articles."""
    head, _, tail = article.partition("-")
    return int(head), int(tail or 0)


def check_choice(value: str | None, allowed: tuple[str, ...], option: str) -> str | None:
    """The value, or an error naming what is allowed: a typo must not read as an empty result."""
    if value is None or value in allowed:
        return value
    near = difflib.get_close_matches(value, allowed, n=1)
    hint = f" (did you mean '{near[0]}'?)" if near else ""
    raise InputError(f"{option}: '{value}' is not allowed{hint}; use one of {', '.join(allowed)}")


def check_code(code: str | None) -> str | None:
    """criminal or administrative; `CC` and `CAO`, as kzlex writes them, name the same codes."""
    if code is not None and code.strip().lower() in CODE_ALIASES:
        return CODE_ALIASES[code.strip().lower()]
    try:
        return check_choice(code, CODES, "--code")
    except InputError as exc:
        raise InputError(f"{exc} (or CC, CAO)") from None


def parse_article(text: str, option: str = "article", code: str | None = None) -> ArticleRef:
    """`174`, `Art. 174`, `73-3`, `174(2)`, `CC 174(2)`, `CAO 73-3`, `Art. 174 part 2` -> the parts of the
    reference; a code named in the reference must agree with `code` (from --code) when both are given."""
    given = check_code(code)
    match = _REF.match(text.strip())
    if not match:
        raise InputError(
            f"{option}: '{text}' is not an article number; write it as in the code, e.g. 174 or 73-3 "
            "(or as kzlex writes it: CC 174(2), CAO 73-3)"
        )
    named = CODE_ALIASES[match["code"].lower()] if match["code"] else None
    if named and given and named != given:
        raise InputError(f"{option}: '{text}' names the {named} code but --code says {given}; give one of them")
    return ArticleRef(code=named or given, number=match["number"], part=match["part"] or match["part_word"])
