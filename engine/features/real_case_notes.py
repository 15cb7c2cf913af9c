"""Where real cases speak to a variation: a charge that stood whatever the changed fact.

A model's "no change" is only persuasive next to what the authorities actually did, so a
what-if names the real cases that share the changed fact and what they were charged with. Pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from engine.features.outcome_diff import applying
from engine.features.scenario_edit import MAX_CASES, current, display, is_list_field
from engine.features.whatif_variants import Variant
from engine.knowledge.base import KnowledgeBase
from engine.model.base import Frozen
from engine.model.ids import cite
from engine.model.precedent import Precedent
from engine.model.result import Result
from engine.model.scenario import Scenario
from engine.reasoning.similarity import describe_sanction


class CaseNote(Frozen):
    case: str
    subjects: list[str]
    kind: Literal["confirms", "contradicts"]
    side: Literal["variant", "scenario"]  # whose value of the changed facts the case shares
    facts: str  # the changed facts as the case has them
    charges: list[str]
    outcome: str
    says: str


def _value_set(value: Any) -> frozenset[str] | None:
    if value is None:
        return None
    items = value if isinstance(value, list) else [value]
    return frozenset(display(v) for v in items)


def _case_matches(case: Precedent, changes: Sequence[tuple[str, Any]]) -> bool:
    for path, value in changes:
        wanted, theirs = _value_set(value), _value_set(current(case, path))
        if wanted is None or theirs is None:
            return False
        if is_list_field(path):
            if not wanted <= theirs or (not wanted and theirs):
                return False
        elif wanted != theirs:
            return False
    return bool(changes)


def _charged(case: Precedent) -> dict[tuple[str, str], list[str]]:
    out: dict[tuple[str, str], list[str]] = {}
    for ch in case.outcome.charges:
        if ch.article and ch.speech and ch.code in ("criminal", "administrative"):
            out.setdefault((ch.code, ch.article), []).append(cite(ch.code, ch.article, ch.part))
    return out


_STATUS_PHRASE = {
    "convicted": "convicted under",
    "acquitted": "tried and acquitted under",
    "dropped": "charged (later dropped) under",
    "pending": "charged (pending) under",
    "sanctioned": "sanctioned under",
    "investigated": "investigated under",
}


def _status_phrase(status: str) -> str:
    return _STATUS_PHRASE.get(status, "charged under")


def real_cases(
    kb: KnowledgeBase, scenario: Scenario, variant: Variant, before: Result, after: Result
) -> list[CaseNote]:
    """Real cases with the varied fact that bear on the variant's answer.

    A case confirms when the variation drops no article and the case, sharing the varied value
    (or the scenario's own value), was charged under an article that stays: the fact did not
    save anyone. A case contradicts when the engine drops an article that a case with the
    variant's value was in fact charged under: the model is more lenient than the authorities.
    """
    if any(c.field == "date" for c in variant.changes):
        return []  # cases share facts, not dates: the law in time is the whole answer here
    kept_before = {(a.code, a.article) for a in applying(before)}
    kept_after = {(a.code, a.article) for a in applying(after)}
    dropped = kept_before - kept_after
    kept = kept_before & kept_after
    var_changes = [(c.field, c.value) for c in variant.changes]
    base_changes = [(c.field, current(scenario, c.field)) for c in variant.changes]
    notes: list[CaseNote] = []
    for case in sorted(kb.precedents, key=lambda c: (c.id != scenario.id, c.id)):
        charged = _charged(case)
        if not charged:
            continue
        side: Literal["variant", "scenario"] | None = None
        if _case_matches(case, var_changes):
            side = "variant"
        elif case.id == scenario.id and _case_matches(case, base_changes):
            side = "scenario"  # the real case the scenario records: what happened with its own value
        if side is None:
            continue
        facts = "; ".join(f"{path} {display(current(case, path))}" for path, _ in var_changes)
        sanction = describe_sanction(case)
        outcome = case.outcome.status + (f", {sanction}" if sanction else "")
        hit_dropped = sorted(k for k in charged if k in dropped) if side == "variant" else []
        hit_kept = sorted(k for k in charged if k in kept) if not dropped else []
        if hit_dropped:
            cites = [c for k in hit_dropped for c in charged[k]]
            says = (
                f"But in real life {case.id} ({', '.join(case.subjects)}), with {facts}, was charged under "
                f"{', '.join(cites)} ({outcome}): the authorities went further than this reading of the law."
            )
            kind: Literal["confirms", "contradicts"] = "contradicts"
        elif hit_kept:
            cites = [c for k in hit_kept for c in charged[k]]
            own = " That is the real case this scenario records." if case.id == scenario.id else ""
            says = (
                f"So it went in real life: {case.id} ({', '.join(case.subjects)}) had {facts}"
                f"{' as in the scenario' if side == 'scenario' else ''} and was {_status_phrase(case.outcome.status)} "
                f"{', '.join(cites)}{', ' + sanction if sanction else ''}.{own}"
            )
            kind = "confirms"
        else:
            continue
        notes.append(
            CaseNote(
                case=case.id,
                subjects=list(case.subjects),
                kind=kind,
                side=side,
                facts=facts,
                charges=cites,
                outcome=outcome,
                says=says,
            )
        )
    notes.sort(key=lambda n: (n.case != scenario.id, n.kind != "contradicts", n.side != "variant", n.case))
    return notes[:MAX_CASES]
