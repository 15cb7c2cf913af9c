"""`kzlex case ID`: one real case in full, as its sources tell it.

Pure: the knowledge base and an id come in, a record goes out. The facts keep the scenario
contract's spelling (so `kzlex check` could read them back), every disputed fact keeps each
reading with its source, and an unknown id raises InputError suggesting the nearest ones.
"""

from __future__ import annotations

import difflib
from typing import Any

from engine.features.browse_names import charge_label, label_names_note
from engine.features.browse_sources import RefOut, ref_out
from engine.knowledge.base import KnowledgeBase
from engine.model.base import Frozen
from engine.model.errors import InputError
from engine.model.precedent import Precedent
from engine.model.scenario import Scenario
from engine.reasoning.similarity import describe_sanction


class CaseChargeOut(Frozen):
    code: str
    article: str | None
    part: str | None
    label: str
    speech: bool
    note: str | None
    provision: str | None  # the provision file's key, where the knowledge base has one

    @property
    def label_names_note(self) -> bool:
        """The label already says the note (`CC: embezzlement`), so a renderer need not repeat it."""
        return label_names_note(self.code, self.article)


class SanctionOut(Frozen):
    kind: str
    text: str
    years: float | None
    months: int | None
    days: int | None
    amount: str | None
    note: str | None


class CaseFindingOut(Frozen):
    by: str
    finding: str
    source: RefOut | None


class CaseOutcomeOut(Frozen):
    status: str
    charges: list[CaseChargeOut]
    sanction: SanctionOut | None
    decided: str | None
    court: str | None
    summary: str | None
    assessments: list[CaseFindingOut]


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
    outcome: CaseOutcomeOut
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
        outcome=CaseOutcomeOut(
            status=o.status,
            charges=[
                CaseChargeOut(
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
                CaseFindingOut(by=a.by, finding=a.finding, source=ref_out(kb, a.source) if a.source else None)
                for a in o.assessments
            ],
        ),
        disputed=[
            DisputeOut(
                field=d.field,
                note=d.note,
                readings=[ReadingOut(value=r.value, says=r.says, source=ref_out(kb, r.source)) for r in d.readings],
            )
            for d in c.disputed
        ],
        sources=[ref_out(kb, src) for src in c.sources],
        regression_exempt=c.regression_exempt,
        notes=list(c.notes),
    )
