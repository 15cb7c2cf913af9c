"""The knowledge base as tables and records a reader can check: provisions and cases.

Pure: the knowledge base and the date come in, models go out; `kzlex articles`, `article`,
`cases` and `case` only render them. Everything a record shows carries its source, so a lawyer
can go from any line of the output to the passage it rests on. A bad filter or an unknown name
raises InputError listing what exists, because a browsing command that silently returns
nothing for a typo looks exactly like an empty knowledge base.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any, Literal, NamedTuple, get_args

from engine.knowledge.base import KnowledgeBase
from engine.model.base import Frozen
from engine.model.conditions import describe
from engine.model.errors import InputError
from engine.model.precedent import Charge, Outcome, Precedent
from engine.model.provision import Part, Provision, Range, Version
from engine.model.scenario import Act, Platform, Scenario
from engine.model.sources import SourceRef
from engine.reasoning.similarity import describe_sanction

CODES: tuple[str, ...] = ("criminal", "administrative")
CODES_START = dt.date(
    2015, 1, 1
)  # as engine.reasoning.evaluate, which browsing does not import (it loads the rules engine)
ACTS: tuple[str, ...] = tuple(a.value for a in Act)
PLATFORMS: tuple[str, ...] = tuple(p.value for p in Platform)
OUTCOMES: tuple[str, ...] = tuple(get_args(Outcome.model_fields["status"].annotation))


# ---------------------------------------------------------------- shared pieces


class RefOut(Frozen):
    """One citation: the registry key, the passage, and enough of the registry to read it."""

    doc: str
    where: str | None
    title: str | None
    publisher: str | None
    date: str | None
    locator: str | None
    short: str | None = None  # the short form a reader cites, e.g. "Amnesty 2017"
    citation: str | None = None  # the full bibliographic citation
    url: str | None = None


class SourceOut(Frozen):
    """One document and every passage of it a record cites."""

    doc: str
    title: str | None
    publisher: str | None
    date: str | None
    symbol: str | None
    locator: str | None
    passages: list[str]
    short: str | None = None
    citation: str | None = None
    url: str | None = None


def _ref(kb: KnowledgeBase, src: SourceRef) -> RefOut:
    reg = kb.sources.get(src.doc)
    return RefOut(
        doc=src.doc,
        where=src.where,
        title=reg.title if reg else None,
        publisher=reg.publisher if reg else None,
        date=reg.date if reg else None,
        locator=reg.locator if reg else None,
        short=reg.short_form() if reg else None,
        citation=reg.full_citation() if reg else None,
        url=reg.url if reg else None,
    )


def _sources(kb: KnowledgeBase, refs: list[SourceRef]) -> list[SourceOut]:
    """Citations grouped by document, in the order first cited, so each document is listed once."""
    passages: dict[str, list[str]] = {}
    for src in refs:
        seen = passages.setdefault(src.doc, [])
        if src.where and src.where not in seen:
            seen.append(src.where)
    out = []
    for doc, where in passages.items():
        reg = kb.sources.get(doc)
        out.append(
            SourceOut(
                doc=doc,
                title=reg.title if reg else None,
                publisher=reg.publisher if reg else None,
                date=reg.date if reg else None,
                symbol=reg.symbol if reg else None,
                locator=reg.locator if reg else None,
                passages=where,
                short=reg.short_form() if reg else None,
                citation=reg.full_citation() if reg else None,
                url=reg.url if reg else None,
            )
        )
    return out


def code_name(code: str) -> str:
    """The code's full name, for sentences a reader may quote."""
    return "Criminal Code" if code == "criminal" else "Code of Administrative Offences"


def code_label(code: str) -> str:
    """The short names reports use: CC for the Criminal Code, CAO for the administrative code."""
    return "CC" if code == "criminal" else "CAO" if code == "administrative" else code


def charge_label(ch: Charge) -> str:
    """`CC 174(2)`; a charge with no article on file (embezzlement, a civil claim) by what it was."""
    if ch.code in ("civil", "none"):
        label = "civil claim" if ch.code == "civil" else "no charge"
        return label if ch.article is None else f"{label} Art. {ch.article}"
    if ch.article is None:
        return f"{code_label(ch.code)}: {ch.note}" if ch.note else f"{code_label(ch.code)}, article not given"
    return f"{code_label(ch.code)} {ch.article}" + (f"({ch.part})" if ch.part else "")


def _article_key(article: str) -> tuple[int, int]:
    head, _, tail = article.partition("-")
    return int(head), int(tail or 0)


def _check_choice(value: str | None, allowed: tuple[str, ...], option: str) -> str | None:
    if value is None or value in allowed:
        return value
    near = difflib.get_close_matches(value, allowed, n=1)
    hint = f" (did you mean '{near[0]}'?)" if near else ""
    raise InputError(f"{option}: '{value}' is not allowed{hint}; use one of {', '.join(allowed)}")


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


def check_code(code: str | None) -> str | None:
    """criminal or administrative; `CC` and `CAO`, as kzlex writes them, name the same codes."""
    if code is not None and code.strip().lower() in CODE_ALIASES:
        return CODE_ALIASES[code.strip().lower()]
    try:
        return _check_choice(code, CODES, "--code")
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


def normalise_article(text: str, option: str = "article") -> str:
    """`174`, `Art. 174`, `73-3`, `CC 174(2)` -> the article number as the files spell it."""
    return parse_article(text, option).number


def _cases_applying(kb: KnowledgeBase, p: Provision) -> list[tuple[Precedent, Charge]]:
    """Every case charged under the provision: what the authorities did with it, the pattern a reader needs."""
    out = []
    for case in kb.precedents:
        for ch in case.outcome.charges:
            if ch.code == p.code and ch.article == p.article:
                out.append((case, ch))
                break
    return out


def _in_force(p: Provision, day: dt.date) -> bool:
    if p.repealed is not None and p.repealed.on <= day:
        return False
    return p.version_on(day) is not None


# ---------------------------------------------------------------- kzlex articles


class ArticleRow(Frozen):
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


class ArticlesOut(Frozen):
    date: str  # the day the `parts` and `in_force` columns speak of
    in_force_filter: bool  # only provisions in force on `date` are listed
    code: str | None
    count: int
    articles: list[ArticleRow]


def _span(v: Version) -> dict[str, Any]:
    return {
        "label": v.label,
        "from": v.in_force.from_.isoformat(),
        "to": v.in_force.to.isoformat() if v.in_force.to else None,
        "verified": v.verified,
    }


def _part_number(part: Part) -> str:
    return part.number or part.id.rsplit(".", 1)[-1]


def _verified(p: Provision) -> bool:
    return all(v.verified and all(part.penalty.verified for part in v.parts) for v in p.versions)


def articles_table(
    kb: KnowledgeBase, *, day: dt.date, code: str | None = None, in_force_only: bool = False
) -> ArticlesOut:
    """Every provision, or those in force on `day`; `day` also picks the parts column."""
    check_code(code)
    rows = []
    for p in sorted(kb.provisions, key=lambda p: (CODES.index(p.code), _article_key(p.article))):
        if code is not None and p.code != code:
            continue
        live = _in_force(p, day)
        if in_force_only and not live:
            continue
        version = p.version_on(day) if live else None
        rows.append(
            ArticleRow(
                code=p.code,
                article=p.article,
                key=p.key,
                title=p.title,
                in_force=live,
                parts=[_part_number(part) for part in version.parts] if version else [],
                versions=[_span(v) for v in sorted(p.versions, key=lambda v: v.in_force.from_)],
                repealed=p.repealed.on.isoformat() if p.repealed else None,
                replaced_by=p.repealed.replaced_by if p.repealed else None,
                flags=p.flag_names(),
                verified=_verified(p),
                cases=len(_cases_applying(kb, p)),
                file=kb.files.get(p.key),
            )
        )
    return ArticlesOut(date=day.isoformat(), in_force_filter=in_force_only, code=code, count=len(rows), articles=rows)


# ---------------------------------------------------------------- kzlex article N


class ElementOut(Frozen):
    id: str
    says: str
    condition: str  # the rule in plain words, from the YAML condition


class PenaltyOut(Frozen):
    text: str
    verified: bool
    prison_years: str | None
    restricted_freedom_years: str | None
    arrest_days: str | None
    fine_mci: str | None
    source: RefOut


class PartOut(Frozen):
    id: str
    number: str
    says: str
    aggravates: str | None
    verified: bool  # False where the version's text or the penalty is not verified
    elements: list[ElementOut]
    penalty: PenaltyOut
    note: str | None
    source: RefOut


class VersionOut(Frozen):
    label: str
    in_force: dict[str, str | None]
    in_force_on_date: bool
    verified: bool
    parts: list[str]
    note: str | None
    source: RefOut


class DefenceOut(Frozen):
    id: str
    says: str
    exempts: list[str]
    condition: str
    source: RefOut


class AmendmentOut(Frozen):
    law: str
    note: str | None
    source: RefOut


class Replacement(Frozen):
    code: str
    article: str
    title: str | None  # None where the replacement has no provision file
    in_force_on_date: bool | None


class RepealOut(Frozen):
    on: str
    by: str
    replaced_by: str | None
    replacement: Replacement | None
    note: str
    source: RefOut


class CritiqueOut(Frozen):
    by: str
    ref: str | None
    para: str | None
    says: str
    source: RefOut


class StatisticOut(Frozen):
    says: str
    source: RefOut


class FlagOut(Frozen):
    name: str
    why: str
    source: RefOut


class AppliedIn(Frozen):
    """A case in which the authorities charged under the article."""

    id: str
    title: str | None
    subjects: list[str]
    date: str | None
    charge: str
    part: str | None
    speech: bool
    note: str | None
    status: str
    sanction: str | None
    decided: str | None


class ProvisionOut(Frozen):
    code: Literal["criminal", "administrative"]
    article: str
    key: str
    title: str
    chapter: str | None
    file: str | None
    date: str  # the day asked about (--as-of, or today)
    as_of_given: bool
    in_force: bool
    notices: list[str]  # what the date means for this article, in sentences
    version: str | None  # the version whose parts are shown
    version_in_force: bool  # False where the parts shown are a version not in force on `date`
    parts: list[PartOut]
    versions: list[VersionOut]
    amended_by: list[AmendmentOut]
    repealed: RepealOut | None
    defences: list[DefenceOut]
    aims: list[str]
    flags: list[FlagOut]
    critiques: list[CritiqueOut]
    statistics: list[StatisticOut]
    notes: list[str]
    cases: list[AppliedIn]
    sources: list[SourceOut]


def find_provision(kb: KnowledgeBase, article: str, code: str | None = None) -> Provision:
    """The one provision meant, or an error that lists what exists."""
    ref = parse_article(article, code=code)
    number, code = ref.number, ref.code
    matches = [p for p in kb.provisions if p.article == number and (code is None or p.code == code)]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        codes = " or ".join(f"--code {p.code}" for p in matches)
        raise InputError(f"Art. {number} exists in both codes; say which with {codes}")
    known = "; ".join(
        f"{c}: {', '.join(p.article for p in kb.provisions if p.code == c)}"
        for c in CODES
        if any(p.code == c for p in kb.provisions)
    )
    where = f" of the {code} code" if code else ""
    other = [p for p in kb.provisions if p.article == number]
    hint = f" (the {other[0].code} code has it: drop --code or use --code {other[0].code})" if other else ""
    raise InputError(f"no provision file for Art. {number}{where}{hint}; the knowledge base has {known}")


def _range(r: Range | None, unit: str) -> str | None:
    if r is None:
        return None
    if r.min is None and r.max is None:
        return "available (range not given)"
    if r.min is None:
        return f"up to {r.max:g} {unit}"
    if r.max is None:
        return f"at least {r.min:g} {unit}"
    return f"{r.min:g}" + (f"–{r.max:g}" if r.max != r.min else "") + f" {unit}"


def _part_out(kb: KnowledgeBase, part: Part, version: Version) -> PartOut:
    pen = part.penalty
    return PartOut(
        id=part.id,
        number=_part_number(part),
        says=part.says,
        aggravates=part.aggravates,
        verified=version.verified and pen.verified,
        elements=[ElementOut(id=el.id, says=el.says, condition=describe(el.when)) for el in part.elements],
        penalty=PenaltyOut(
            text=pen.text,
            verified=pen.verified,
            prison_years=_range(pen.prison_years, "years"),
            restricted_freedom_years=_range(pen.restricted_freedom_years, "years"),
            arrest_days=_range(pen.arrest_days, "days"),
            fine_mci=_range(pen.fine_mci, "MCI"),
            source=_ref(kb, pen.source),
        ),
        note=part.note,
        source=_ref(kb, part.source),
    )


def _replacement(kb: KnowledgeBase, text: str | None, day: dt.date) -> Replacement | None:
    """`administrative 73-3` -> the provision it names, looked up so the reader can follow it."""
    if not text:
        return None
    words = text.split()
    if len(words) != 2 or words[0] not in CODES:
        return None
    target = kb.provision(words[0], words[1])
    return Replacement(
        code=words[0],
        article=words[1],
        title=target.title if target else None,
        in_force_on_date=_in_force(target, day) if target else None,
    )


def _notices(kb: KnowledgeBase, p: Provision, day: dt.date, shown: Version | None) -> list[str]:
    name = f"{code_name(p.code)} Art. {p.article}"
    out: list[str] = []
    rep = p.repealed
    if rep is not None and rep.on <= day:
        out.append(f"{name} is not in force on {day.isoformat()}: it was repealed on {rep.on.isoformat()} by {rep.by}.")
        target = _replacement(kb, rep.replaced_by, day)
        if target is not None:
            tname = f"{code_name(target.code)} Art. {target.article}"
            title = f" ({target.title})" if target.title else " (no provision file)"
            live = ""
            if target.in_force_on_date is not None:
                live = f"; it is {'' if target.in_force_on_date else 'not '}in force on that date"
            out.append(f"Such acts now fall under {tname}{title}{live}.")
        elif rep.replaced_by:
            out.append(f"Replaced by {rep.replaced_by}.")
        if p.code == "criminal":
            later = f"; {code_name(target.code)} Art. {target.article} does not reach back to them" if target else ""
            out.append(
                "A later milder criminal law applies to earlier acts (lex mitior): an act committed before "
                f"{rep.on.isoformat()} that this article covered is no longer criminal under it{later}, since a "
                "new offence applies only to acts committed after it took effect."
            )
    elif day < CODES_START:
        out.append(
            f"{day.isoformat()} is before 1 January 2015, when the current Criminal Code and Code of "
            "Administrative Offences took effect; the earlier codes are not encoded."
        )
    elif shown is None or not shown.in_force.covers(day):
        first = min(v.in_force.from_ for v in p.versions)
        if day < first:
            out.append(
                f"{name} is not in force on {day.isoformat()}: its first version took effect on {first.isoformat()}."
            )
        else:
            out.append(f"No encoded version of {name} is in force on {day.isoformat()}.")
    if shown is not None and not shown.in_force.covers(day):
        frm = shown.in_force.from_.isoformat()
        span = f"{frm} to {shown.in_force.to.isoformat()}" if shown.in_force.to else f"from {frm}"
        out.append(f"The parts shown are those of version {shown.label} (in force {span}), for reference.")
    if shown is not None and not shown.verified:
        out.append(f"Version {shown.label} is not verified: its text and figures come from secondary sources.")
    return out


def _shown_version(p: Provision, day: dt.date) -> Version:
    """The version in force on the day, or else the nearest one, so the reader still sees the text."""
    ordered = sorted(p.versions, key=lambda v: v.in_force.from_)
    current = p.version_on(day)
    if current is not None:
        return current
    before = [v for v in ordered if v.in_force.from_ <= day]
    return before[-1] if before else ordered[0]


def _applied_in(kb: KnowledgeBase, p: Provision) -> list[AppliedIn]:
    out = []
    for case, ch in _cases_applying(kb, p):
        o = case.outcome
        out.append(
            AppliedIn(
                id=case.id,
                title=case.title,
                subjects=list(case.subjects),
                date=case.date.isoformat() if case.date else None,
                charge=charge_label(ch),
                part=ch.part,
                speech=ch.speech,
                note=ch.note,
                status=o.status,
                sanction=describe_sanction(case),
                decided=o.decided.isoformat() if o.decided else None,
            )
        )
    return sorted(out, key=lambda a: (a.date or "", a.id))


def _all_refs(p: Provision) -> list[SourceRef]:
    refs = [p.source]
    for v in p.versions:
        refs.append(v.source)
        for part in v.parts:
            refs += [part.source, part.penalty.source]
    refs += [d.source for d in p.defences]
    refs += [a.source for a in p.amended_by]
    if p.repealed:
        refs.append(p.repealed.source)
    refs += [f.source for f in p.flags]
    refs += [c.source for c in p.critiques]
    refs += [s.source for s in p.statistics]
    return refs


def provision_record(
    kb: KnowledgeBase, article: str, *, code: str | None = None, day: dt.date, as_of_given: bool = False
) -> ProvisionOut:
    """One provision as of a day: the text in force then, its history, and what it has been used for."""
    p = find_provision(kb, article, code)
    live = _in_force(p, day)
    shown = _shown_version(p, day)
    versions = sorted(p.versions, key=lambda v: v.in_force.from_)
    rep = p.repealed
    return ProvisionOut(
        code=p.code,
        article=p.article,
        key=p.key,
        title=p.title,
        chapter=p.chapter,
        file=kb.files.get(p.key),
        date=day.isoformat(),
        as_of_given=as_of_given,
        in_force=live,
        notices=_notices(kb, p, day, shown),
        version=shown.label,
        version_in_force=live and shown.in_force.covers(day),
        parts=[_part_out(kb, part, shown) for part in shown.parts],
        versions=[
            VersionOut(
                label=v.label,
                in_force={
                    "from": v.in_force.from_.isoformat(),
                    "to": v.in_force.to.isoformat() if v.in_force.to else None,
                },
                in_force_on_date=live and v.in_force.covers(day),
                verified=v.verified,
                parts=[part.id for part in v.parts],
                note=v.note,
                source=_ref(kb, v.source),
            )
            for v in versions
        ],
        amended_by=[AmendmentOut(law=a.law, note=a.note, source=_ref(kb, a.source)) for a in p.amended_by],
        repealed=RepealOut(
            on=rep.on.isoformat(),
            by=rep.by,
            replaced_by=rep.replaced_by,
            replacement=_replacement(kb, rep.replaced_by, day),
            note=rep.note,
            source=_ref(kb, rep.source),
        )
        if rep
        else None,
        defences=[
            DefenceOut(
                id=d.id, says=d.says, exempts=list(d.exempts), condition=describe(d.when), source=_ref(kb, d.source)
            )
            for d in p.defences
        ],
        aims=list(p.aims),
        flags=[FlagOut(name=f.name, why=f.why, source=_ref(kb, f.source)) for f in p.flags],
        critiques=[
            CritiqueOut(by=c.by, ref=c.ref, para=c.para, says=c.says, source=_ref(kb, c.source)) for c in p.critiques
        ],
        statistics=[StatisticOut(says=s.says, source=_ref(kb, s.source)) for s in p.statistics],
        notes=list(p.notes),
        cases=_applied_in(kb, p),
        sources=_sources(kb, _all_refs(p)),
    )


# ---------------------------------------------------------------- kzlex cases


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


def _ref_label(ref: ArticleRef) -> str:
    """The filter as given: the bare number (as ever), or `CC 174(2)` when a code or part narrows it."""
    if ref.code is None and ref.part is None:
        return ref.number
    head = f"{code_label(ref.code)} " if ref.code else ""
    return f"{head}{ref.number}" + (f"({ref.part})" if ref.part else "")


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
    _check_choice(act, ACTS, "--act")
    _check_choice(platform, PLATFORMS, "--platform")
    _check_choice(outcome, OUTCOMES, "--outcome")
    ref = parse_article(article, "--article") if article is not None else None
    number = ref.number if ref is not None else None
    if number is not None:
        known = _charged_articles(kb) | {p.article for p in kb.provisions}
        if number not in known:
            listed = ", ".join(sorted(known, key=_article_key))
            raise InputError(f"--article: no case or provision has Art. {number}; articles known: {listed}")
    if year is not None and not 1991 <= year <= 2099:
        raise InputError(f"--year: {year} is out of range; give a year between 1991 and 2099")
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
        "article": _ref_label(ref) if ref is not None else None,
        "act": act,
        "platform": platform,
        "year": year,
        "outcome": outcome,
        "since": since.isoformat() if since else None,
    }
    return CasesOut(filters=filters, count=len(rows), cases=rows)


# ---------------------------------------------------------------- kzlex case ID


class ChargeOut(Frozen):
    code: str
    article: str | None
    part: str | None
    label: str
    speech: bool
    note: str | None
    provision: str | None  # the provision file's key, where the knowledge base has one


class SanctionOut(Frozen):
    kind: str
    text: str
    years: float | None
    months: int | None
    days: int | None
    amount: str | None
    note: str | None


class AssessmentOut(Frozen):
    by: str
    finding: str
    source: RefOut | None


class OutcomeOut(Frozen):
    status: str
    charges: list[ChargeOut]
    sanction: SanctionOut | None
    decided: str | None
    court: str | None
    summary: str | None
    assessments: list[AssessmentOut]


class ReadingOut(Frozen):
    value: Any
    says: str
    source: RefOut


class DisputeOut(Frozen):
    field: str
    note: str | None
    readings: list[ReadingOut]


class CaseOut(Frozen):
    id: str
    title: str | None
    subjects: list[str]
    file: str | None
    response: str
    scenario: dict[str, Any]  # the facts, as the scenario contract spells them (kzlex check reads this)
    outcome: OutcomeOut
    disputed: list[DisputeOut]
    sources: list[RefOut]
    regression_exempt: str | None
    notes: list[str]


def find_case(kb: KnowledgeBase, case_id: str) -> Precedent:
    """The case, or an error suggesting the nearest ids (a name typed from memory is often close)."""
    wanted = case_id.strip().lower()
    found = kb.precedent(wanted)
    if found is not None:
        return found
    ids = [c.id for c in kb.precedents]
    near = [i for i in ids if wanted and (wanted in i or i in wanted)]
    near += [i for i in difflib.get_close_matches(wanted, ids, n=3, cutoff=0.5) if i not in near]
    hint = f"; did you mean {', '.join(near[:5])}?" if near else f"; known cases: {', '.join(ids)}"
    raise InputError(f"no case '{case_id}'{hint} (`kzlex cases` lists them all)")


def _scenario_facts(c: Precedent) -> dict[str, Any]:
    """Only the scenario's own fields, in the contract's order, leaving out what the sources do not say."""
    data = c.model_dump(mode="json", by_alias=True, exclude_none=True, include=set(Scenario.model_fields))
    return {k: v for k, v in data.items() if v not in ({}, [])}


def case_record(kb: KnowledgeBase, case_id: str) -> CaseOut:
    """The full record of one case: facts, outcome, sources with passages, and every disputed reading."""
    c = find_case(kb, case_id)
    o = c.outcome
    s = o.sanction
    return CaseOut(
        id=c.id,
        title=c.title,
        subjects=list(c.subjects),
        file=kb.files.get(c.id),
        response=c.response,
        scenario=_scenario_facts(c),
        outcome=OutcomeOut(
            status=o.status,
            charges=[
                ChargeOut(
                    code=ch.code,
                    article=ch.article,
                    part=ch.part,
                    label=charge_label(ch),
                    speech=ch.speech,
                    note=ch.note,
                    provision=(p.key if (p := kb.provision(ch.code, ch.article or "")) else None),
                )
                for ch in o.charges
            ],
            sanction=SanctionOut(
                kind=s.kind,
                text=describe_sanction(c) or s.kind,
                years=s.years,
                months=s.months,
                days=s.days,
                amount=s.amount,
                note=s.note,
            )
            if s
            else None,
            decided=o.decided.isoformat() if o.decided else None,
            court=o.court,
            summary=o.summary,
            assessments=[
                AssessmentOut(by=a.by, finding=a.finding, source=_ref(kb, a.source) if a.source else None)
                for a in o.assessments
            ],
        ),
        disputed=[
            DisputeOut(
                field=d.field,
                note=d.note,
                readings=[ReadingOut(value=r.value, says=r.says, source=_ref(kb, r.source)) for r in d.readings],
            )
            for d in c.disputed
        ],
        sources=[_ref(kb, src) for src in c.sources],
        regression_exempt=c.regression_exempt,
        notes=list(c.notes),
    )
