"""How close a real case is to a scenario, and in what respects.

Similarity compares the facts both sides state: a fact stated by only one side counts half
against the match (it may or may not be shared), so a sparse precedent cannot look identical to
everything. The weights are kzlex's own calibration (engine/reasoning/policy.py).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from engine.model.facts import Feature, features
from engine.model.precedent import Precedent
from engine.model.result import ChargeOut, OutcomeOut, PatternOut, PrecedentOut
from engine.model.scenario import Scenario
from engine.reasoning.by_identity import ByIdentity
from engine.reasoning.policy import AUDIENCE_BANDS, SIMILARITY_DEFAULT_WEIGHT, SIMILARITY_WEIGHTS, UNSTATED


def _band(audience: int) -> str:
    return next((label for limit, label in AUDIENCE_BANDS if audience <= limit), "over 10,000")


def _facts(found: list[Feature]) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for name, value in found:
        if name == "reach.audience":
            out[name].add(_band(int(value)))
        else:
            out[name].add(str(value).lower() if isinstance(value, bool) else str(value))
    return {name: frozenset(values) for name, values in out.items()}


def _weight(name: str) -> float:
    return SIMILARITY_WEIGHTS.get(name, SIMILARITY_DEFAULT_WEIGHT)


# Every weight, and every weight counted as unstated, a multiple of 1/8: sums of them are exact
# in floating point whatever their order, which lets `_similarity` add them up by set operations.
# A weight that breaks this (say 0.3) turns the shortcut off, never changes a figure.
_EXACT = all(
    (w * UNSTATED * 8).is_integer() and (w * 8).is_integer()
    for w in (*SIMILARITY_WEIGHTS.values(), SIMILARITY_DEFAULT_WEIGHT)
)


class Facts:
    """One side's facts, prepared once for comparing with many (every case is compared with
    every scenario): its facts' values and weights, each fact with its values as one key, each
    single value as one key, and the weight of all its facts."""

    __slots__ = ("values", "weights", "alike_keys", "value_keys", "alike", "shared", "names", "weight")

    def __init__(self, values: dict[str, frozenset[str]]) -> None:
        self.values = values
        self.weights = {name: _weight(name) for name in values}
        # Keys are strings (repr of a tuple: unambiguous) because a string keeps its hash, and the
        # sets below are intersected thousands of times.
        # a fact with all its values -> its weight: a key both sides hold is a fact stated alike
        self.alike_keys = {repr((name, sorted(vs))): self.weights[name] for name, vs in values.items()}
        # one value of a fact -> the fact's name: a key both sides hold is a value they share
        self.value_keys = {repr((name, v)): name for name, vs in values.items() for v in vs}
        self.alike = frozenset(self.alike_keys)
        self.shared = frozenset(self.value_keys)
        self.names = frozenset(values)
        self.weight = sum(self.weights.values())


# A precedent's facts never change within a process; recomputing them for every scenario was a
# third of a batch's time.
_case_facts: ByIdentity[Precedent, Facts] = ByIdentity(lambda case: Facts(_facts(features(case))))


def case_facts(cases: tuple[Precedent, ...]) -> list[Facts]:
    """Every case's facts as compared, for the engine snapshot to keep."""
    return [_case_facts(case) for case in cases]


def adopt(cases: tuple[Precedent, ...], facts: list[Facts]) -> None:
    """Take the cases' facts as the snapshot kept them (the same as `case_facts` gave)."""
    for case, found in zip(cases, facts, strict=True):
        _case_facts.put(case, found)


def _similarity(mine: Facts, theirs: Facts) -> float:
    """The weighted share of facts in common.

    A fact stated alike on both sides counts its weight as shared; one stated differently counts
    the shared share of its values as shared and the rest as different; one stated on one side
    only counts half its weight against. When no fact's values partly overlap, every term is a
    multiple of 1/8 and the three sums are exact, so set operations give the very floats the
    ordered sum gives; otherwise (or if a weight is not such a multiple) the sum runs in name
    order, so the float is reproducible.
    """
    if _EXACT:
        alike = mine.alike & theirs.alike
        shared_values = mine.shared & theirs.shared
        # A fact with a value in common but not alike overlaps in part: its terms are not exact.
        if len(set(map(mine.value_keys.__getitem__, shared_values))) == len(alike):
            shared_w = sum(map(mine.alike_keys.__getitem__, alike))
            common_w = sum(map(mine.weights.__getitem__, mine.names & theirs.names))
            differ_w = common_w - shared_w
            unstated_w = (mine.weight + theirs.weight - 2 * common_w) * UNSTATED
            total = shared_w + differ_w + unstated_w
            return round(shared_w / total, 3) if total else 0.0
    return _similarity_in_order(mine.values, theirs.values)


def _similarity_in_order(mine: dict[str, frozenset[str]], theirs: dict[str, frozenset[str]]) -> float:
    shared_w = differ_w = unstated_w = 0.0
    for name in sorted(mine.keys() | theirs.keys()):
        weight = _weight(name)
        if name not in mine or name not in theirs:
            unstated_w += weight * UNSTATED
            continue
        a, b = mine[name], theirs[name]
        if a == b:
            shared_w += weight  # every value shared: len(a & b) / len(a | b) is exactly 1
            continue
        union = len(a | b)
        common = len(a & b)
        if common:
            shared_w += weight * common / union
        differ_w += weight * len(a ^ b) / union
    total = shared_w + differ_w + unstated_w
    return round(shared_w / total, 3) if total else 0.0


def _explain(mine: dict[str, frozenset[str]], theirs: dict[str, frozenset[str]]) -> tuple[list[str], list[str]]:
    """The facts both state alike, and those they state differently, in words."""
    shared: list[str] = []
    differs: list[str] = []
    for name in sorted(mine.keys() & theirs.keys()):
        a, b = mine[name], theirs[name]
        common = a & b
        if common:
            shared.append(f"{name}: {', '.join(sorted(common))}")
        if a != b:
            differs.append(f"{name}: {', '.join(sorted(a)) or '-'} here; {', '.join(sorted(b)) or '-'} in the case")
    return shared, differs


class Match:
    """A real case and how similar it is; what it shares and differs in is worded only when asked
    (only the closest few are shown, and wording every case was most of the ranking's time).
    A plain class: one is made for every case and every scenario."""

    __slots__ = ("case", "similarity", "_mine")

    def __init__(self, case: Precedent, similarity: float, mine: Facts) -> None:
        self.case = case
        self.similarity = similarity
        self._mine = mine

    def explain(self) -> tuple[list[str], list[str]]:
        return _explain(self._mine.values, _case_facts(self.case).values)


def describe_sanction(case: Precedent) -> str | None:
    s = case.outcome.sanction
    if s is None:
        return None
    amount = " ".join(
        x
        for x in (
            f"{s.years:g} {'year' if s.years == 1 else 'years'}" if s.years is not None else "",
            f"{s.months} months" if s.months is not None else "",
            f"{s.days} days" if s.days is not None else "",
            s.amount or "",
        )
        if x
    )
    return f"{s.kind.replace('_', ' ')}{' ' + amount if amount else ''}"


def _case_out(case: Precedent) -> dict[str, Any]:
    """What a precedent's summary says of the case alone, whatever the scenario."""
    o = case.outcome
    return {
        "id": case.id,
        "title": case.title,
        "subjects": list(case.subjects),
        "charges": [ChargeOut(code=c.code, article=c.article, part=c.part, note=c.note) for c in o.charges],
        "outcome": OutcomeOut(
            status=o.status,
            sanction=describe_sanction(case),
            decided=o.decided.isoformat() if o.decided else None,
            summary=o.summary,
        ),
        "response": case.response,
        "disputed": [d.field for d in case.disputed],
        "sources": [f"{s.doc}{': ' + s.where if s.where else ''}" for s in case.sources],
    }


_case_out_of: ByIdentity[Precedent, dict[str, Any]] = ByIdentity(_case_out)


def summarise(match: Match) -> PrecedentOut:
    shared, differs = match.explain()
    return PrecedentOut(**_case_out_of(match.case), similarity=match.similarity, shared=shared, differs=differs)


def rank(scenario: Scenario, cases: tuple[Precedent, ...], found: list[Feature] | None = None) -> list[Match]:
    """Every other case, most similar first; ties broken by id so the order is stable. `found`:
    the scenario's `features`, when the caller has them already."""
    mine = Facts(_facts(features(scenario) if found is None else found))
    scored = [
        Match(case, _similarity(mine, _case_facts(case)), mine)
        for case in cases
        if scenario.id is None or case.id != scenario.id  # a precedent run as a scenario is not its own precedent
    ]
    scored.sort(key=lambda m: (-m.similarity, m.case.id))
    return scored


PATTERN_SIMILARITY = 0.3
PATTERNS = {
    "non_speech_charge": "were prosecuted on charges unrelated to speech (extortion, drugs, embezzlement)",
    "civil_claim": "were sued for damages for what they published",
    "closure": "had their outlet suspended or closed",
    "dismissal": "lost their job over their posts",
    "detention": "were detained without a speech charge on record",
    "investigation": "were investigated without (yet) being charged",
    "foreign_litigation": "faced the State's litigation abroad",
}


def _speech_charges(case: Precedent) -> frozenset[tuple[str, str | None]]:
    """The code and article of each speech charge a case records."""
    return frozenset((ch.code, ch.article) for ch in case.outcome.charges if ch.speech)


speech_charges: ByIdentity[Precedent, frozenset[tuple[str, str | None]]] = ByIdentity(_speech_charges)


def patterns(ranked: list[Match]) -> list[PatternOut]:
    """Responses other than a speech charge that acts like this one have met: a pattern, not a match.

    These cases' charges say nothing about the elements of the act, so they never count toward
    an article; they show what else speakers in similar positions have faced.
    """
    groups: dict[str, list[str]] = {}
    for m in ranked:
        case, sim = m.case, m.similarity
        speech_charge = any(code in ("criminal", "administrative") for code, _article in speech_charges(case))
        if case.response in PATTERNS and sim >= PATTERN_SIMILARITY and not speech_charge:
            groups.setdefault(case.response, []).append(case.id)
    return [
        PatternOut(response=kind, says=f"People in cases like this one {PATTERNS[kind]}.", cases=ids)
        for kind, ids in sorted(groups.items())
    ]
