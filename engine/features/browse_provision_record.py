"""`kzlex article N`: one provision as of a day, with its history and what it has been used for.

Pure: the knowledge base, the article and the date come in, a record goes out. Every part,
penalty, version, defence, flag and critique carries its source, so a lawyer can check each line
against the passage it rests on. An unknown article raises InputError listing what exists.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from engine.features.browse_dates import Replacement, in_force, notices, replacement, shown_version
from engine.features.browse_names import CODES, ArticleRef, charge_label, parse_article
from engine.features.browse_provision_table import cases_applying, part_number
from engine.features.browse_sources import RefOut, SourceOut, ref_out, sources_out
from engine.knowledge.base import KnowledgeBase
from engine.model.base import Frozen
from engine.model.conditions import describe
from engine.model.errors import InputError
from engine.model.provision import Part, Provision, Range, Version
from engine.model.sources import SourceRef
from engine.reasoning.similarity import describe_sanction


class ProvisionElementOut(Frozen):
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
    elements: list[ProvisionElementOut]
    penalty: PenaltyOut
    note: str | None
    source: RefOut
    text_ru: str | None = None  # the statute's own words, verbatim from the official text
    text_en: str | None = None  # an English rendering a source gives verbatim
    text_source: RefOut | None = None


class VersionOut(Frozen):
    label: str
    in_force: dict[str, str | None]
    in_force_on_date: bool
    verified: bool
    parts: list[str]  # the parts' ids, as the rule files write them
    note: str | None
    source: RefOut
    # The parts' numbers, for the terminal's versions table; the JSON keeps the ids alone, as ever.
    part_numbers: list[str] = Field(default_factory=list, exclude=True)


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


def find_provision(kb: KnowledgeBase, article: str | ArticleRef, code: str | None = None) -> Provision:
    """The one provision meant, or an error that lists what exists; a reference the caller has
    already read (`parse_article`) is used as it is, not written out and read again."""
    ref = parse_article(article, code=code) if isinstance(article, str) else article
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
        number=part_number(part),
        says=part.says,
        aggravates=part.aggravates,
        verified=version.verified and pen.verified,
        elements=[ProvisionElementOut(id=el.id, says=el.says, condition=describe(el.when)) for el in part.elements],
        penalty=PenaltyOut(
            text=pen.text,
            verified=pen.verified,
            prison_years=_range(pen.prison_years, "years"),
            restricted_freedom_years=_range(pen.restricted_freedom_years, "years"),
            arrest_days=_range(pen.arrest_days, "days"),
            fine_mci=_range(pen.fine_mci, "MCI"),
            source=ref_out(kb, pen.source),
        ),
        note=part.note,
        source=ref_out(kb, part.source),
        text_ru=part.text_ru,
        text_en=part.text_en,
        text_source=ref_out(kb, part.text_source) if part.text_source else None,
    )


def _version_out(kb: KnowledgeBase, v: Version, *, live: bool, day: dt.date) -> VersionOut:
    return VersionOut(
        label=v.label,
        in_force={
            "from": v.in_force.from_.isoformat(),
            "to": v.in_force.to.isoformat() if v.in_force.to else None,
        },
        in_force_on_date=live and v.in_force.covers(day),
        verified=v.verified,
        parts=[part.id for part in v.parts],
        part_numbers=[part_number(part) for part in v.parts],
        note=v.note,
        source=ref_out(kb, v.source),
    )


def _applied_in(kb: KnowledgeBase, p: Provision) -> list[AppliedIn]:
    out = []
    for case, ch in cases_applying(kb, p):
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
    kb: KnowledgeBase, article: str | ArticleRef, *, code: str | None = None, day: dt.date, as_of_given: bool = False
) -> ProvisionOut:
    """One provision as of a day: the text in force then, its history, and what it has been used for."""
    p = find_provision(kb, article, code)
    live = in_force(p, day)
    shown = shown_version(p, day)
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
        notices=notices(kb, p, day, shown),
        version=shown.label,
        version_in_force=live and shown.in_force.covers(day),
        parts=[_part_out(kb, part, shown) for part in shown.parts],
        versions=[_version_out(kb, v, live=live, day=day) for v in sorted(p.versions, key=lambda v: v.in_force.from_)],
        amended_by=[AmendmentOut(law=a.law, note=a.note, source=ref_out(kb, a.source)) for a in p.amended_by],
        repealed=RepealOut(
            on=rep.on.isoformat(),
            by=rep.by,
            replaced_by=rep.replaced_by,
            replacement=replacement(kb, rep.replaced_by, day),
            note=rep.note,
            source=ref_out(kb, rep.source),
        )
        if rep
        else None,
        defences=[
            DefenceOut(
                id=d.id, says=d.says, exempts=list(d.exempts), condition=describe(d.when), source=ref_out(kb, d.source)
            )
            for d in p.defences
        ],
        aims=list(p.aims),
        flags=[FlagOut(name=f.name, why=f.why, source=ref_out(kb, f.source)) for f in p.flags],
        critiques=[
            CritiqueOut(by=c.by, ref=c.ref, para=c.para, says=c.says, source=ref_out(kb, c.source)) for c in p.critiques
        ],
        statistics=[StatisticOut(says=s.says, source=ref_out(kb, s.source)) for s in p.statistics],
        notes=list(p.notes),
        cases=_applied_in(kb, p),
        sources=sources_out(kb, _all_refs(p)),
    )
