"""What differs between two results: articles and parts, the heaviest penalty, the ICCPR
verdict, and the rules that made the difference.

The rules that made the difference are read from the trace as data (what each rule is about,
the fields it read), never from its words. Pure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal

from engine.knowledge.base import KnowledgeBase
from engine.model.base import Frozen
from engine.model.ids import cite
from engine.model.result import ArticleOut, Result, RightVerdict, TraceOut, Verdict


class ArticleState(Frozen):
    code: str
    article: str
    part: str | None
    part_id: str
    version: str
    title: str
    status: str
    penalty: str
    heaviest_days: float
    cite: str

    @property
    def key(self) -> tuple[str, str]:
        return self.code, self.article

    @property
    def part_key(self) -> str:
        return f"{self.part_id}@{self.version}"


def state(a: ArticleOut) -> ArticleState:
    return ArticleState(
        code=a.code,
        article=a.article,
        part=a.part,
        part_id=a.part_id,
        version=a.version,
        title=a.title,
        status=a.status,
        penalty=a.penalty,
        heaviest_days=a.heaviest_days,
        cite=cite(a.code, a.article, a.part),
    )


class Heaviest(Frozen):
    """The heaviest penalty among the articles that apply; days of liberty lost rank them."""

    cite: str
    penalty: str
    days: float
    short: str


class ArticleChange(Frozen):
    code: str
    article: str
    title: str
    change: Literal["appears", "drops", "part", "status", "version"]
    before: ArticleState | None
    after: ArticleState | None


class RuleChange(Frozen):
    rule: str
    fires: bool  # True: fires only in the variant; False: fired only in the scenario
    concluded: str


class RightChange(Frozen):
    right: str
    before: RightVerdict | None
    after: RightVerdict | None


class Diff(Frozen):
    articles: list[ArticleChange]
    heaviest_before: Heaviest | None
    heaviest_after: Heaviest | None
    verdict_before: Verdict
    verdict_after: Verdict
    rights: list[RightChange]
    deciding: list[RuleChange]  # the rules that made the difference (see `diff`)
    rules_added: list[str]  # every rule id that fired only in the variant
    rules_dropped: list[str]  # every rule id that fired only in the scenario

    @property
    def changed(self) -> bool:
        heavy = (self.heaviest_before.days if self.heaviest_before else 0.0) != (
            self.heaviest_after.days if self.heaviest_after else 0.0
        )
        return bool(self.articles) or heavy or self.verdict_before != self.verdict_after or bool(self.rights)


def applying(result: Result) -> list[ArticleOut]:
    return [a for a in result.articles if a.status == "applies"]


def most_serious(result: Result) -> ArticleOut | None:
    """The article that applies with the heaviest penalty; among equals, the highest ranked."""
    live = applying(result)
    if not live:
        return None
    return max(live, key=lambda a: (a.heaviest_days, -result.articles.index(a)))


def years(days: float) -> float:
    return round(days / 365, 2)


def short_penalty(kb: KnowledgeBase, a: ArticleOut | ArticleState) -> str:
    """The heaviest sanction of a part in a few characters ("10 y prison"), for tables and cells."""
    p = kb.provision(a.code, a.article)
    version = next((v for v in (p.versions if p else ()) if v.label == a.version), None)
    part = next((q for q in (version.parts if version else ()) if q.id == a.part_id), None)
    if part is None:
        return "?"
    pen = part.penalty
    mark = "" if pen.verified else "*"
    if pen.prison_years and pen.prison_years.max:
        return f"{pen.prison_years.max:g} y prison{mark}"
    if pen.restricted_freedom_years and pen.restricted_freedom_years.max:
        return f"{pen.restricted_freedom_years.max:g} y restricted liberty{mark}"
    if pen.arrest_days and pen.arrest_days.max:
        return f"{pen.arrest_days.max:g} d arrest{mark}"
    if pen.fine_mci and pen.fine_mci.max:
        return f"fine up to {pen.fine_mci.max:g} MCI{mark}"
    return "penalty not known" if not pen.verified else "no custodial penalty"


def heaviest(kb: KnowledgeBase, result: Result) -> Heaviest | None:
    a = most_serious(result)
    if a is None:
        return None
    return Heaviest(
        cite=cite(a.code, a.article, a.part), penalty=a.penalty, days=a.heaviest_days, short=short_penalty(kb, a)
    )


def _right_verdicts(result: Result) -> dict[str, RightVerdict]:
    return {r.right: r.verdict for r in result.assessment.rights}


def _test_rules(result: Result) -> set[str]:
    return {rule for r in result.assessment.rights for t in r.tests for rule in t.rules}


def diff(kb: KnowledgeBase, before: Result, after: Result, fields: Iterable[str] = ()) -> Diff:
    """What changed from `before` to `after`, and the rules that made the difference.

    The rules that made the difference are the ends of the chain, among the rules that fired in
    one run and not the other: those that read a changed fact directly (the first link, e.g.
    `def.telecom_network` reading the platform), those that concluded an element or part of an
    article that changed (the last link), and, where a verdict changed, the ICCPR test rules
    that decided it. Every other differing rule id is listed in rules_added / rules_dropped.
    """
    b = {(a.code, a.article): state(a) for a in before.articles}
    a_ = {(a.code, a.article): state(a) for a in after.articles}
    changes: list[ArticleChange] = []
    for key in list(b) + [k for k in a_ if k not in b]:
        x, y = b.get(key), a_.get(key)
        kind: Literal["appears", "drops", "part", "status", "version"] | None = None
        if x is None:
            kind = "appears"
        elif y is None:
            kind = "drops"
        elif x.part_id != y.part_id:
            kind = "part"
        elif x.status != y.status:
            kind = "status"
        elif x.version != y.version:
            kind = "version"
        if kind:
            any_ = x or y
            assert any_ is not None
            changes.append(ArticleChange(code=key[0], article=key[1], title=any_.title, change=kind, before=x, after=y))
    rb, ra = _right_verdicts(before), _right_verdicts(after)
    rights = [
        RightChange(right=r, before=rb.get(r), after=ra.get(r))
        for r in sorted(set(rb) | set(ra))
        if rb.get(r) != ra.get(r)
    ]
    in_force = _in_force(kb, before.law_as_of) | _in_force(kb, after.law_as_of)
    ids_b = {t.rule for t in before.trace if _counts(t, in_force)}
    ids_a = {t.rule for t in after.trace if _counts(t, in_force)}
    part_keys = {s.part_key for c in changes for s in (c.before, c.after) if s is not None}
    changed_fields = frozenset(fields)
    verdict_moved = before.assessment.verdict != after.assessment.verdict or bool(rights)
    test_rules = _test_rules(before) ^ _test_rules(after) if verdict_moved else set()
    deciding: list[RuleChange] = []
    seen: set[str] = set()
    for fires, trace, other in ((False, before.trace, ids_a), (True, after.trace, ids_b)):
        for line in trace:
            if line.rule in other or line.rule in seen or not _counts(line, in_force):
                continue
            first = bool(line.fields_read & changed_fields)
            about = line.about
            last = about is not None and about.kind in ("element", "part") and about.part_at_version in part_keys
            if first or last or line.rule in test_rules:
                seen.add(line.rule)
                deciding.append(RuleChange(rule=line.rule, fires=fires, concluded=line.concluded))
    return Diff(
        articles=changes,
        heaviest_before=heaviest(kb, before),
        heaviest_after=heaviest(kb, after),
        verdict_before=before.assessment.verdict,
        verdict_after=after.assessment.verdict,
        rights=rights,
        deciding=deciding,
        rules_added=sorted(ids_a - ids_b),
        rules_dropped=sorted(ids_b - ids_a),
    )


def _in_force(kb: KnowledgeBase, day: str) -> set[tuple[str, str]]:
    on = dt.date.fromisoformat(day)
    return {(p.key, v.label) for p in kb.provisions if (v := p.version_on(on)) is not None}


def _counts(line: TraceOut, in_force: set[tuple[str, str]]) -> bool:
    """False for a rule of a version of the law not in force on the act's date: the engine runs
    every version, but only the one in force can make a difference to the answer."""
    about = line.about
    if about is None or about.provision is None or about.version is None:
        return True
    return (about.provision, about.version) in in_force


def diff_lines(d: Diff) -> list[str]:
    """The diff in sentences, the same for the terminal and for JSON readers."""
    lines: list[str] = []
    for c in d.articles:
        x, y = c.before, c.after
        if c.change == "appears" and y:
            lines.append(f"{y.cite} appears ({y.status.replace('_', ' ')}): {c.title}.")
        elif c.change == "drops" and x:
            lines.append(f"{x.cite} drops (was {x.status.replace('_', ' ')}).")
        elif c.change == "part" and x and y:
            moved = f"{cite(c.code, c.article)} moves from part {x.part or '-'} to part {y.part or '-'}"
            if x.status != y.status:
                moved += f" ({x.status.replace('_', ' ')} -> {y.status.replace('_', ' ')})"
            lines.append(moved + ".")
        elif c.change == "version" and x and y:
            lines.append(f"{y.cite} applies in its {y.version} version (was {x.version}).")
        elif x and y:
            lines.append(f"{y.cite}: {x.status.replace('_', ' ')} -> {y.status.replace('_', ' ')}.")
    hb, ha = d.heaviest_before, d.heaviest_after
    if (hb.days if hb else 0.0) != (ha.days if ha else 0.0) or (hb and ha and hb.cite != ha.cite):
        lines.append(f"Heaviest penalty: {_heavy(hb)} -> {_heavy(ha)}.")
    if d.verdict_before != d.verdict_after:
        lines.append(f"ICCPR verdict: {d.verdict_before} -> {d.verdict_after}.")
    for r in d.rights:
        if d.verdict_before == d.verdict_after or len(d.rights) > 1:
            lines.append(f"{r.right}: {r.before or 'not engaged'} -> {r.after or 'not engaged'}.")
    return lines


def _heavy(h: Heaviest | None) -> str:
    return f"{h.short} ({h.cite})" if h else "none"
