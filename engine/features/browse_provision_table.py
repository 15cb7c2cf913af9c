"""`kzlex articles`: every provision on one table, with what a date makes of it.

Pure: the knowledge base and the date come in, rows go out. Counts of cases come from the
knowledge base itself, so the table answers "what has this article been used for" at a glance.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field

from engine.features.browse_dates import Replacement, in_force, replacement
from engine.features.browse_names import CODES, article_key, check_code
from engine.knowledge.base import KnowledgeBase
from engine.model.base import Frozen
from engine.model.precedent import Charge, Precedent
from engine.model.provision import Part, Provision, Version


class ProvisionRow(Frozen):
    code: Literal["criminal", "administrative"]
    article: str
    key: str
    title: str
    in_force: bool  # on the table's date
    parts: list[str]  # the part numbers in force on the table's date
    versions: list[dict[str, Any]]  # {label, from, to, verified}
    repealed: str | None
    replaced_by: str | None
    flags: list[str]
    verified: bool  # False where any version or penalty is marked not verified
    cases: int
    file: str | None
    # `replaced_by` read once, for the terminal; the JSON keeps the field as the rule file writes it.
    replacement: Replacement | None = Field(default=None, exclude=True)


class ArticlesOut(Frozen):
    date: str  # the day the `parts` and `in_force` columns speak of
    in_force_filter: bool  # only provisions in force on `date` are listed
    code: str | None
    count: int
    articles: list[ProvisionRow]


def cases_applying(kb: KnowledgeBase, p: Provision) -> list[tuple[Precedent, Charge]]:
    """Every case charged under the provision: what the authorities did with it, the pattern a reader needs."""
    out = []
    for case in kb.precedents:
        for ch in case.outcome.charges:
            if ch.code == p.code and ch.article == p.article:
                out.append((case, ch))
                break
    return out


def part_number(part: Part) -> str:
    """The part's number; a part file that leaves it out is numbered by its id (`kz.cc.174.2` -> 2)."""
    return part.number or part.id.rsplit(".", 1)[-1]


def _span(v: Version) -> dict[str, Any]:
    return {
        "label": v.label,
        "from": v.in_force.from_.isoformat(),
        "to": v.in_force.to.isoformat() if v.in_force.to else None,
        "verified": v.verified,
    }


def _verified(p: Provision) -> bool:
    return all(v.verified and all(part.penalty.verified for part in v.parts) for v in p.versions)


def articles_table(
    kb: KnowledgeBase, *, day: dt.date, code: str | None = None, in_force_only: bool = False
) -> ArticlesOut:
    """Every provision, or those in force on `day`; `day` also picks the parts column."""
    check_code(code)
    rows = []
    for p in sorted(kb.provisions, key=lambda p: (CODES.index(p.code), article_key(p.article))):
        if code is not None and p.code != code:
            continue
        live = in_force(p, day)
        if in_force_only and not live:
            continue
        version = p.version_on(day) if live else None
        rows.append(
            ProvisionRow(
                code=p.code,
                article=p.article,
                key=p.key,
                title=p.title,
                in_force=live,
                parts=[part_number(part) for part in version.parts] if version else [],
                versions=[_span(v) for v in sorted(p.versions, key=lambda v: v.in_force.from_)],
                repealed=p.repealed.on.isoformat() if p.repealed else None,
                replaced_by=p.repealed.replaced_by if p.repealed else None,
                flags=p.flag_names(),
                verified=_verified(p),
                cases=len(cases_applying(kb, p)),
                file=kb.files.get(p.key),
                replacement=replacement(kb, p.repealed.replaced_by, day) if p.repealed else None,
            )
        )
    return ArticlesOut(date=day.isoformat(), in_force_filter=in_force_only, code=code, count=len(rows), articles=rows)
