"""`kzlex cases`: the real cases on one table, with filters that refuse what does not exist.

Pure: the knowledge base and the filters come in, rows go out. A bad filter raises InputError
listing what exists, because a filter that silently matches nothing for a typo looks exactly like
an empty knowledge base.
"""

from __future__ import annotations

import datetime as dt
from typing import get_args

from engine.features.browse_names import (
    ArticleRef,
    article_key,
    charge_label,
    check_choice,
    parse_article,
    ref_label,
)
from engine.knowledge.base import KnowledgeBase
from engine.model.base import Frozen
from engine.model.dates import EARLIEST_DATE, LATEST_DATE
from engine.model.errors import InputError
from engine.model.precedent import Charge, Outcome
from engine.model.scenario import Act, Platform
from engine.reasoning.similarity import describe_sanction

ACTS: tuple[str, ...] = tuple(a.value for a in Act)
PLATFORMS: tuple[str, ...] = tuple(p.value for p in Platform)
OUTCOMES: tuple[str, ...] = tuple(get_args(Outcome.model_fields["status"].annotation))


class CaseRow(Frozen):
    id: str
    title: str | None
    subjects: list[str]
    date: str | None
    act: str
    platform: str
    response: str
    status: str
    charges: list[str]
    sanction: str | None
    decided: str | None
    disputed: list[str]
    regression_exempt: bool
    file: str | None


class CasesOut(Frozen):
    filters: dict[str, str | int | None]
    count: int
    cases: list[CaseRow]


def _charged_under(ch: Charge, ref: ArticleRef) -> bool:
    """The charge is under the article; under its code and part too, when the reference names them."""
    if ch.article != ref.number or (ref.code is not None and ch.code != ref.code):
        return False
    return ref.part is None or ch.part == ref.part


def _charged_articles(kb: KnowledgeBase) -> set[str]:
    return {ch.article for c in kb.precedents for ch in c.outcome.charges if ch.article}


def cases_table(
    kb: KnowledgeBase,
    *,
    article: str | None = None,
    act: str | None = None,
    platform: str | None = None,
    year: int | None = None,
    outcome: str | None = None,
    since: dt.date | None = None,
) -> CasesOut:
    """The cases that pass every filter; `year` matches the year of the act or of the decision,
    `since` keeps the cases whose act or decision fell on or after that day."""
    check_choice(act, ACTS, "--act")
    check_choice(platform, PLATFORMS, "--platform")
    check_choice(outcome, OUTCOMES, "--outcome")
    ref = parse_article(article, "--article") if article is not None else None
    number = ref.number if ref is not None else None
    if number is not None:
        known = _charged_articles(kb) | {p.article for p in kb.provisions}
        if number not in known:
            listed = ", ".join(sorted(known, key=article_key))
            raise InputError(f"--article: no case or provision has Art. {number}; articles known: {listed}")
    if year is not None and not EARLIEST_DATE.year <= year <= LATEST_DATE.year:
        raise InputError(
            f"--year: {year} is out of range; give a year between {EARLIEST_DATE.year} and {LATEST_DATE.year}"
        )
    rows = []
    for c in kb.precedents:
        o = c.outcome
        if ref is not None and not any(_charged_under(ch, ref) for ch in o.charges):
            continue
        if act is not None and c.act.value != act:
            continue
        if platform is not None and c.platform.value != platform:
            continue
        if outcome is not None and o.status != outcome:
            continue
        if year is not None and year not in {d.year for d in (c.date, o.decided) if d is not None}:
            continue
        if since is not None and not any(d >= since for d in (c.date, o.decided) if d is not None):
            continue
        rows.append(
            CaseRow(
                id=c.id,
                title=c.title,
                subjects=list(c.subjects),
                date=c.date.isoformat() if c.date else None,
                act=c.act.value,
                platform=c.platform.value,
                response=c.response,
                status=o.status,
                charges=[charge_label(ch) for ch in o.charges],
                sanction=describe_sanction(c),
                decided=o.decided.isoformat() if o.decided else None,
                disputed=[d.field for d in c.disputed],
                regression_exempt=c.regression_exempt is not None,
                file=kb.files.get(c.id),
            )
        )
    rows.sort(key=lambda r: (r.date or "9999", r.id))
    filters: dict[str, str | int | None] = {
        "article": ref_label(ref) if ref is not None else None,
        "act": act,
        "platform": platform,
        "year": year,
        "outcome": outcome,
        "since": since.isoformat() if since else None,
    }
    return CasesOut(filters=filters, count=len(rows), cases=rows)
