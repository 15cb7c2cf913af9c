"""What-if: a scenario with one fact changed, and what that changes in the answer.

Trainers need to show that one fact (a platform, a stance, a theme) moves an act from a fine
to years in prison, and why. The rules engine decides every variant afresh; this module only
builds the variants, sets the facts by their dotted names (the names of SCENARIO_FORMAT.md and
of the trace), and says what differs between two results: articles and parts, the heaviest
penalty, the ICCPR verdict, and the rules that fired in one run and not the other. Where real
cases speak to a variation (a charge that stood whatever the stance), it names them, because a
model's "no change" is only persuasive next to what the authorities actually did.

Pure: no printing, no files. The CLI commands whatif, chill and compare build on it.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from engine.knowledge.base import KnowledgeBase
from engine.knowledge.safe_yaml import validate
from engine.model.base import Frozen
from engine.model.dates import parse_date
from engine.model.errors import InputError
from engine.model.facts import FACT_PATHS, FIELD_VALUES, LIST_READINGS, features, field_value, model_in
from engine.model.precedent import Precedent
from engine.model.result import DISCLAIMER, ArticleOut, Result, RightVerdict, TraceOut, Verdict, cite
from engine.model.scenario import Scenario
from engine.reasoning.evaluate import Engine, evaluate
from engine.reasoning.similarity import describe_sanction

UNKNOWN = "null"  # `--set stance=null`: make a field unknown again
SETTABLE: frozenset[str] = (FACT_PATHS - LIST_READINGS.keys()) | {"date"}  # list readings are derived
CLAIMS = "content.claims."
MAX_VARIANTS = 60  # each variant is a full evaluation; more than this is a typo, not a question
MAX_CASES = 3


# ---------------------------------------------------------------------------------------------
# Setting a field by its dotted name


def _has_list(annotation: Any) -> bool:
    if get_origin(annotation) is list:
        return True
    return any(_has_list(arg) for arg in get_args(annotation))


def is_list_field(path: str) -> bool:
    """Themes, calls and targets hold several values; a claim's fields are set on every claim."""
    if path == "date" or path.startswith(CLAIMS):
        return False
    model: Any = Scenario
    annotation: Any = None
    for step in path.split("."):
        annotation = model.model_fields[step].annotation
        model = model_in(annotation)
    return _has_list(annotation)


def allowed_values(path: str) -> list[str]:
    """The values a field takes, as a user types them (for messages and for grid axes)."""
    if path == "date":
        return []
    allowed = FIELD_VALUES[path]
    if isinstance(allowed, frozenset):
        return sorted(allowed)
    return ["true", "false"] if allowed is bool else []


def check_field(path: str, option: str) -> str:
    """The field, or an error that names it, suggests the nearest and lists every field."""
    if path in SETTABLE:
        return path
    near = difflib.get_close_matches(path, sorted(SETTABLE), n=1)
    hint = f"; did you mean '{near[0]}'?" if near else ""
    raise InputError(f"{option}: unknown field '{path}'{hint} Fields: {', '.join(sorted(SETTABLE))}")


def parse_value(path: str, text: str, option: str = "--set") -> Any:
    """A typed value from the command line: enums by name, true/false, whole numbers, dates.

    `null` makes a field unknown again; for a list field an empty value means "none"
    (`content.calls_to=`), and `,` or `+` separate its items.
    """
    check_field(path, option)
    where = f"{option} {path}={text}"
    text = text.strip()
    if text == UNKNOWN:
        if path == "act":
            raise InputError(
                f"{where}: act is required and cannot be unknown; use one of {', '.join(allowed_values('act'))}"
            )
        return None
    if path == "date":
        return parse_date(text, where).isoformat()
    allowed = FIELD_VALUES[path]
    if isinstance(allowed, frozenset):
        if is_list_field(path):
            items = [t.strip() for t in text.replace("+", ",").split(",") if t.strip()]
        else:
            items = [text]
        for item in items:
            if item not in allowed:
                raise InputError(
                    f"{where}: '{item}' is not a value of {path}; use one of {', '.join(sorted(allowed))}"
                    + (" (several separated by commas)" if is_list_field(path) else "")
                    + f", or {UNKNOWN} for unknown"
                )
        return list(dict.fromkeys(items)) if is_list_field(path) else items[0]
    if allowed is bool:
        low = text.lower()
        if low in ("true", "yes"):
            return True
        if low in ("false", "no"):
            return False
        raise InputError(f"{where}: {path} is true or false, or {UNKNOWN} for unknown; not '{text}'")
    try:
        number = int(text.replace("_", ""))
    except ValueError:
        raise InputError(f"{where}: {path} is a whole number, or {UNKNOWN} for unknown; not '{text}'") from None
    return number


def split_assignment(text: str, option: str) -> tuple[str, str]:
    field, sep, value = text.partition("=")
    if not sep or not field.strip():
        raise InputError(f"{option} '{text}': write FIELD=VALUE, e.g. platform=print or stance=criticises")
    return check_field(field.strip(), option), value


def scenario_data(scenario: Scenario) -> dict[str, Any]:
    """A scenario (or a precedent read as one) as plain data: only the scenario's own fields."""
    return scenario.model_dump(mode="json", exclude_none=True, include=set(Scenario.model_fields))


def put(data: dict[str, Any], path: str, value: Any) -> None:
    """Set (or, for None, remove) a dotted field in scenario data, creating blocks as needed."""
    if path.startswith(CLAIMS):
        leaf = path.removeprefix(CLAIMS)
        claims = data.setdefault("content", {}).setdefault("claims", [])
        if not claims and value is not None:
            claims.append({})
        for claim in claims:
            if value is None:
                claim.pop(leaf, None)
            else:
                claim[leaf] = value
        return
    *parents, leaf = path.split(".")
    node = data
    for step in parents:
        if step not in node:
            if value is None:
                return
            node[step] = {}
        node = node[step]
    if value is None:
        node.pop(leaf, None)
    else:
        node[leaf] = value


def with_fields(scenario: Scenario, changes: Iterable[tuple[str, Any]], origin: str = "variant") -> Scenario:
    """The scenario with the given dotted fields set; an invalid combination is an InputError."""
    data = scenario_data(scenario)
    for path, value in changes:
        put(data, path, value)
    return validate(Scenario, data, origin=origin)


def set_field(scenario: Scenario, path: str, value: Any) -> Scenario:
    return with_fields(scenario, [(path, value)], origin=f"{path}={display(value)}")


def display(value: Any) -> str:
    """A value as the command line spells it, for labels and messages."""
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ", ".join(display(v) for v in value) if value else "none"
    if isinstance(value, BaseModel):
        return "; ".join(f"{k} {display(v)}" for k, v in value.model_dump(exclude_none=True).items())
    return str(value)


def current(scenario: Scenario, path: str) -> Any:
    """A field's value in plain data terms (what `parse_value` returns), None when unknown."""
    if path == "date":
        return scenario.date.isoformat() if scenario.date else None
    value = field_value(scenario, path)
    if value is None:
        return None
    if isinstance(value, list):
        plain = [v.value if isinstance(v, Enum) else v for v in value]
        return plain if is_list_field(path) else (plain[0] if len(set(plain)) == 1 else plain)
    return value.value if isinstance(value, Enum) else value


# ---------------------------------------------------------------------------------------------
# Variants


@dataclass(frozen=True)
class Change:
    field: str
    value: Any  # as parse_value returns it: str, bool, int, list of str, or None for unknown

    @property
    def label(self) -> str:
        return f"{self.field} = {display(self.value)}"


@dataclass(frozen=True)
class Variant:
    changes: tuple[Change, ...]
    scenario: Scenario

    @property
    def label(self) -> str:
        return " + ".join(c.label for c in self.changes)

    @property
    def fields(self) -> frozenset[str]:
        return frozenset(c.field for c in self.changes)


def variants(scenario: Scenario, sets: Sequence[str] = (), varies: Sequence[str] = ()) -> list[Variant]:
    """One variant per --set and per --vary value, each changing one fact of the scenario.

    With several --set options, a last variant applies them all together: one fact at a time
    shows which fact matters, all together shows where they lead.
    """
    singles: list[tuple[Change, str]] = []
    for text in sets:
        field, raw = split_assignment(text, "--set")
        singles.append((Change(field, parse_value(field, raw, "--set")), f"--set {text}"))
    for text in varies:
        field, raw = split_assignment(text, "--vary")
        if not raw.strip() and not is_list_field(field):
            raise InputError(f"--vary '{text}': give the values to try, separated by commas, e.g. {field}=V1,V2")
        for piece in raw.split(","):
            singles.append((Change(field, parse_value(field, piece, "--vary")), f"--vary {field}={piece}"))
    if len(singles) > MAX_VARIANTS:
        raise InputError(f"{len(singles)} variants; give at most {MAX_VARIANTS} values across --set and --vary")
    out: list[Variant] = []
    seen: set[tuple[tuple[str, Any], ...]] = set()

    def add(changes: tuple[Change, ...], origin: str) -> None:
        key = tuple((c.field, tuple(c.value) if isinstance(c.value, list) else c.value) for c in changes)
        if key not in seen:
            seen.add(key)
            out.append(Variant(changes, with_fields(scenario, [(c.field, c.value) for c in changes], origin=origin)))

    for change, origin in singles:
        add((change,), origin)
    together = [c for c, _ in singles[: len(sets)]]
    if len(together) > 1 and len({c.field for c in together}) == len(together):
        add(tuple(together), "--set " + " --set ".join(sets))
    return out


def same_facts(a: Scenario, b: Scenario) -> bool:
    return features(a) == features(b) and a.date == b.date


# ---------------------------------------------------------------------------------------------
# What differs between two results


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


# ---------------------------------------------------------------------------------------------
# Real cases that speak to a variation


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


# ---------------------------------------------------------------------------------------------
# kzlex whatif


class Summary(Frozen):
    articles: list[ArticleState]
    heaviest: Heaviest | None
    verdict: Verdict


class VariantOut(Frozen):
    label: str
    changes: list[dict[str, Any]]
    same_as_scenario: bool
    result: Summary
    diff: Diff
    says: list[str]
    real_cases: list[CaseNote]


class WhatIf(Frozen):
    scenario: str | None
    title: str | None
    law_as_of: str
    base: Summary
    variants: list[VariantOut]
    disclaimer: str = DISCLAIMER


def summary(kb: KnowledgeBase, result: Result) -> Summary:
    return Summary(
        articles=[state(a) for a in result.articles],
        heaviest=heaviest(kb, result),
        verdict=result.assessment.verdict,
    )


def whatif(
    eng: Engine, scenario: Scenario, chosen: Sequence[Variant], *, today: dt.date, as_of: dt.date | None = None
) -> WhatIf:
    """The scenario, then each variant against it: what changes, why, and what real cases say."""
    base = evaluate(eng, scenario, today=today, as_of=as_of)
    outs: list[VariantOut] = []
    for v in chosen:
        same = same_facts(v.scenario, scenario)
        result = base if same else evaluate(eng, v.scenario, today=today, as_of=as_of)
        d = diff(eng.kb, base, result, v.fields)
        says = diff_lines(d)
        if same:
            says.insert(0, "This is the scenario as given.")
        elif not d.changed:
            says.insert(0, "Nothing changes: the same articles and parts, the same heaviest penalty and ICCPR verdict.")
        elif not d.articles:
            says.insert(0, "The articles and parts stay the same.")
        if result.law_as_of != base.law_as_of:
            says.insert(0, f"The law in force on {result.law_as_of} applies (not that of {base.law_as_of}).")
        outs.append(
            VariantOut(
                label=v.label,
                changes=[{"field": c.field, "value": c.value} for c in v.changes],
                same_as_scenario=same,
                result=summary(eng.kb, result),
                diff=d,
                says=says,
                real_cases=real_cases(eng.kb, scenario, v, base, result),
            )
        )
    return WhatIf(
        scenario=scenario.id,
        title=scenario.title,
        law_as_of=base.law_as_of,
        base=summary(eng.kb, base),
        variants=outs,
    )


# ---------------------------------------------------------------------------------------------
# kzlex compare: several scenarios (or one under several laws) side by side

TOP_CASES = 3


def field_order() -> list[str]:
    """Settable fields in the order SCENARIO_FORMAT.md tells a scenario, not alphabetically."""
    out: list[str] = []

    def walk(model: type[BaseModel], prefix: str) -> None:
        for name, info in model.model_fields.items():
            path = f"{prefix}{name}"
            nested = model_in(info.annotation)
            if nested is not None:
                walk(nested, path + ".")
            elif path in SETTABLE:
                out.append(path)

    walk(Scenario, "")
    return out


class Column(Frozen):
    label: str
    scenario: str | None
    title: str | None
    law: str
    law_as_of: str
    verdict: Verdict
    rights: dict[str, RightVerdict]
    heaviest: Heaviest | None
    precedents: list[str]  # the closest real cases, "id (similarity)"
    notes: list[str]


class FactRow(Frozen):
    field: str
    values: list[str]


class ArticleRow(Frozen):
    code: str
    article: str
    title: str
    cells: list[ArticleState | None]


class Comparison(Frozen):
    columns: list[Column]
    facts: list[FactRow]  # only the facts on which the columns differ
    articles: list[ArticleRow]
    disclaimer: str = DISCLAIMER


@dataclass(frozen=True)
class Entry:
    """One column: a scenario evaluated under one law (its own knowledge base)."""

    label: str
    law: str
    scenario: Scenario
    result: Result
    kb: KnowledgeBase


def side_by_side(entries: Sequence[Entry]) -> Comparison:
    """The columns, the facts that differ between them, and every article any of them reaches."""
    facts: list[FactRow] = []
    for path in field_order():
        values = [display(current(e.scenario, path)) for e in entries]
        if len(set(values)) > 1:
            facts.append(FactRow(field=path, values=values))
    order: dict[tuple[str, str], str] = {}
    for e in entries:
        for a in e.result.articles:
            order.setdefault((a.code, a.article), a.title)
    articles = [
        ArticleRow(
            code=code,
            article=article,
            title=title,
            cells=[
                next((state(a) for a in e.result.articles if (a.code, a.article) == (code, article)), None)
                for e in entries
            ],
        )
        for (code, article), title in order.items()
    ]
    columns = [
        Column(
            label=e.label,
            scenario=e.scenario.id,
            title=e.scenario.title,
            law=e.law,
            law_as_of=e.result.law_as_of,
            verdict=e.result.assessment.verdict,
            rights=_right_verdicts(e.result),
            heaviest=heaviest(e.kb, e.result),
            precedents=[f"{p.id} ({p.similarity:.2f})" for p in e.result.precedents[:TOP_CASES]],
            notes=list(e.result.law_notes),
        )
        for e in entries
    ]
    return Comparison(columns=columns, facts=facts, articles=articles)
