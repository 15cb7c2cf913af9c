"""Folding the ICCPR stage's conclusions into step results, verdicts per right and per provision.

The rules conclude pass, fail or uncertain per step. Here a conclusion that another fired rule
overrides (by id, as written in the YAML) is set aside; a pass and a fail that still disagree
are reported as a conflict and the step is "uncertain". A step no rule concluded is
"uncertain" and names the facts it needs that the scenario does not give.

How steps fold into a right (the data says which step is a scope gate and how a threshold
combines; see rules/iccpr/):
  - a failing step means a sanction would violate the right, whatever the other steps say
    (GC34 para 22: the three conditions are each required, and each fails on its own);
  - Art. 21: a scope step that passes puts the conduct outside the right ("permissible" here;
    the expression is then judged under Art. 19(3)), as GC37 para 11 orders scope first;
  - Art. 20(2): its threshold reached is "permissible", not reached is "not_reached" (a
    sanction cannot violate Art. 20(2); it only gives no ground), otherwise uncertain;
  - every step passing makes the right "permissible"; anything else is "uncertain".
A provision's verdict folds Arts 19 and 21 the same way (Art. 20(2) enters through Art. 19's
necessity step, as GC34 paras 50-52 place it). Facts the verdict rests on and facts a
presumption fills are read from the facts the deciding rules matched, never from text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from engine.model.facts import LIST_READINGS, field_value
from engine.model.result import (
    PresumedOut,
    ProvisionAssessmentOut,
    RightOut,
    RightVerdict,
    TestOut,
    TestResult,
    Verdict,
)
from engine.model.rights import Definition, Standard, Test, TestRule, threshold_test
from engine.model.scenario import Scenario
from engine.reasoning.by_identity import ByIdentity
from engine.reasoning.compiler import base_rule_id
from engine.reasoning.runtime import Fact, Firing


class Derivations:
    """How each derived fact of one scenario came about: the facts its definition matched.

    Lets a verdict name the scenario facts it rests on behind a derived fact, and the missing
    facts a presumption filled (an `unknown` fact matched by a definition).
    """

    def __init__(self, firings: Iterable[Firing], definitions: Iterable[Definition]) -> None:
        self.by_name: dict[str, tuple[Fact, ...]] = {}  # every alternative that fired, together
        self.definition_of: dict[str, Definition] = {}
        by_id = {d.id: d for d in definitions}
        for f in firings:
            name = f.concluded.get("name")
            if f.concluded.get("kind") == "d" and isinstance(name, str):
                self.by_name[name] = self.by_name.get(name, ()) + f.matched
                definition = by_id.get(base_rule_id(f.rule))
                if definition is not None:
                    self.definition_of.setdefault(name, definition)

    def expand(self, facts: Iterable[Fact], via: str | None = None) -> Iterable[tuple[Fact, str | None]]:
        """Scenario facts and unknowns behind `facts`, each with the derived fact it came through."""
        for f in facts:
            if f.get("kind") == "d":
                name = str(f["name"])
                yield from self.expand(self.by_name.get(name, ()), via or name)
            elif f.get("kind") in ("f", "u"):
                yield f, via


def _fact_label(f: Fact) -> str:
    value = f["value"]
    if f["name"] in LIST_READINGS:  # a whole-list reading, said in terms of the list itself
        path, items = LIST_READINGS[str(f["name"])]
        return f"{path}: {'includes one of' if value else 'none of'} {', '.join(sorted(items))}"
    shown = str(value).lower() if isinstance(value, bool) else str(value)
    return f"{f['name']} = {shown}"


class _Step:
    """One step's result with the firings behind it, kept for naming facts afterwards."""

    def __init__(self, out: TestOut, firings: list[Firing]) -> None:
        self.out = out
        self.firings = firings


class _Decision:
    """What a step's live rules decide, whatever the scenario: the result, the rules it rests
    on, their reasons (None when no rule decides: the reason names the facts missing) and
    citations."""

    __slots__ = ("result", "deciding", "reasons", "citations", "rules", "missing_from_firings")

    def __init__(self, test: Test, live: tuple[TestRule, ...]) -> None:
        results = {r.result for r in live}
        self.result: TestResult = "uncertain"
        self.deciding = live
        self.reasons: tuple[str, ...] | None = tuple(r.reason.strip() for r in live)
        self.missing_from_firings = False  # the facts missing are those the deciding rules matched
        if {"pass", "fail"} <= results:
            self.reasons = ("Conflict: rules point both ways and none overrides the other.", *self.reasons)
        elif "fail" in results or "uncertain" in results:
            self.result = "fail" if "fail" in results else "uncertain"
            self.deciding = tuple(r for r in live if r.result == self.result)
            self.reasons = tuple(r.reason.strip() for r in self.deciding)
            self.missing_from_firings = self.result == "uncertain"
        elif results == {"pass"}:
            self.result = "pass"
        else:
            self.reasons = None
        cited = {c.label(): c for r in self.deciding for c in r.citations}
        self.citations = sorted(cited, key=lambda label: cited[label].order())
        if not self.deciding:
            self.citations = [c.label() for c in test.citations]
        self.rules = sorted(r.id for r in live)


class _Known:
    """A test and what kzlex has worked out of it: its rules by id, the decision of each set of
    live rules, and each result built (results are frozen, so a batch shares them: some fourteen
    steps a scenario were each decided and validated afresh)."""

    __slots__ = ("rules", "decisions", "outs")

    def __init__(self, test: Test) -> None:
        self.rules = {r.id: r for r in test.rules}
        self.decisions: dict[tuple[str, ...], _Decision] = {}
        self.outs: dict[tuple[tuple[str, ...], tuple[str, ...]], TestOut] = {}


_KNOWN_SIZE = 4_096  # results kept per test; cleared when full
_known: ByIdentity[Test, _Known] = ByIdentity(_Known)  # a reform loads tests of its own


def _step(test_id: str, test: Test, fired: dict[str, list[Firing]], overridden: set[str], scenario: Scenario) -> _Step:
    known = _known(test)
    live_ids = tuple(rid for rid in known.rules if rid in fired and rid not in overridden)
    decision = known.decisions.get(live_ids)
    if decision is None:
        decision = known.decisions[live_ids] = _Decision(test, tuple(known.rules[rid] for rid in live_ids))
    missing: list[str] = []
    if decision.missing_from_firings:
        missing = sorted(
            {
                str(f["name"])
                for r in decision.deciding
                for firing in fired[r.id]
                for f in firing.matched
                if f.get("kind") == "u"
            }
        )
    elif not live_ids:
        missing = [n for n in test.needs if field_value(scenario, n) is None]
    out = known.outs.get((live_ids, tuple(missing)))
    if out is None:
        reasons = decision.reasons
        if reasons is None:
            reasons = (
                "No rule could decide this step from the facts given"
                + (f"; it turns on: {', '.join(missing)}." if missing else "."),
            )
        out = TestOut(
            test=test_id,
            title=test.title,
            result=decision.result,
            reasons=list(reasons),
            citations=decision.citations,
            rules=decision.rules,
            missing_facts=missing,
        )
        if len(known.outs) >= _KNOWN_SIZE:
            known.outs.clear()
        known.outs[(live_ids, tuple(missing))] = out
    return _Step(out, [firing for r in decision.deciding for firing in fired[r.id]])


def _fold(outcomes: list[str], *, bad: str, good: str) -> Verdict:
    """Steps into a right, or rights into a provision: one bad outcome decides, all good pass."""
    if bad in outcomes:
        return "violation"
    if outcomes and all(o == good for o in outcomes):
        return "permissible"
    return "uncertain"


class _Right:
    def __init__(self, out: RightOut, steps: list[_Step], deciding: list[_Step]) -> None:
        self.out = out
        self.steps = steps
        self.deciding = deciding  # the steps the verdict rests on


def _right(
    s: Standard, fired: dict[str, list[Firing]], overridden: set[str], concluded: Sequence[Fact], scenario: Scenario
) -> _Right:
    steps = [_step(t.id, t, fired, overridden, scenario) for t in s.tests]
    by_id = {st.out.test: st for st in steps}
    name = s.right.replace("ICCPR-", "Art. ")
    threshold: TestResult | None = None
    verdict: RightVerdict
    if s.threshold is not None:
        found = {f["result"] for f in concluded if f["kind"] == "t" and f["test"] == threshold_test(s.right)}
        threshold = "pass" if found == {"pass"} else "fail" if "fail" in found else "uncertain"
        verdict = {"pass": "permissible", "fail": "not_reached", "uncertain": "uncertain"}[threshold]  # type: ignore[assignment]
        deciding = [by_id[t] for t in s.threshold.requires]
        summary = {
            "pass": "The Rabat threshold is reached (intent, content and likelihood are met, with context, "
            "speaker and extent weighed): Art. 20(2) requires this expression to be prohibited, and a "
            "restriction must still meet Art. 19(3).",
            "fail": "The Rabat threshold is not reached: "
            + ", ".join(by_id[t].out.title.lower() for t in s.threshold.requires if by_id[t].out.result == "fail")
            + " not met. Art. 20(2) gives no ground for a sanction; Art. 19(3) decides.",
            "uncertain": "Whether the Rabat threshold is reached turns on facts the scenario does not give.",
        }[threshold]
    elif s.scope_test is not None and by_id[s.scope_test].out.result == "pass":
        verdict = "permissible"
        deciding = [by_id[s.scope_test]]
        summary = f"The conduct falls outside {name}'s protection; a restriction of the expression is judged under Art. 19(3)."
    else:
        verdict = _fold([st.out.result for st in steps], bad="fail", good="pass")
        failing = [st for st in steps if st.out.result == "fail"]
        open_ = [st for st in steps if st.out.result == "uncertain"]
        deciding = failing if verdict == "violation" else open_ if verdict == "uncertain" else steps
        summary = {
            "violation": f"A sanction would breach {name}: it fails {', '.join(st.out.title.lower() for st in failing)}.",
            "permissible": f"A sanction could meet every condition of {name}.",
            "uncertain": f"Whether a sanction meets {name} turns on: "
            + "; ".join(st.out.title.lower() for st in open_)
            + ".",
        }[verdict]
    out = RightOut(
        right=s.right,
        title=s.title,
        verdict=verdict,
        engaged_because=s.engaged_because,
        summary=summary,
        tests=[st.out for st in steps],
        threshold=threshold,
    )
    return _Right(out, steps, deciding)


def _rules_that_override(standards: tuple[Standard, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each rule that overrides others, with the rules it overrides (few rules do)."""
    return tuple((r.id, tuple(r.overrides)) for s in standards for t in s.tests for r in t.rules if r.overrides)


_overriding: ByIdentity[tuple[Standard, ...], tuple[tuple[str, tuple[str, ...]], ...]] = ByIdentity(
    _rules_that_override
)


def assess_run(
    standards: tuple[Standard, ...],
    concluded: Sequence[Fact],
    firings: tuple[Firing, ...],
    derivations: Derivations,
    scenario: Scenario,
    *,
    provision: str,
) -> tuple[Verdict, str, list[str], list[str], list[PresumedOut], list[RightOut]]:
    """One run of the ICCPR stage (one provision, or the act alone) folded into its verdict.

    Returns the verdict, its summary, the facts it turns on, the facts it rests on, the
    presumptions it applies, and the rights as assessed.
    """
    engaged = {f["right"] for f in concluded if f["kind"] == "engaged"}
    fired: dict[str, list[Firing]] = {}
    for firing in firings:
        if firing.concluded.get("kind") == "t" and "rule" in firing.concluded:
            fired.setdefault(str(firing.concluded["rule"]), []).append(firing)
    overridden = {o for rule, overrides in _overriding(standards) if rule in fired for o in overrides}
    rights = [_right(s, fired, overridden, concluded, scenario) for s in standards if s.right in engaged]
    deciding_rights = [r for r in rights if r.out.right != "ICCPR-20"]
    verdict = _fold([r.out.verdict for r in deciding_rights], bad="violation", good="permissible")
    if verdict == "violation":
        basis = [r for r in deciding_rights if r.out.verdict == "violation"]
    elif verdict == "uncertain":
        basis = [r for r in deciding_rights if r.out.verdict == "uncertain"]
    else:
        basis = deciding_rights
    missing = (
        sorted({m for r in basis for st in r.deciding for m in st.out.missing_facts}) if verdict == "uncertain" else []
    )
    rests, presumed = _grounds([firing for r in basis for st in r.deciding for firing in st.firings], derivations)
    who = f"a sanction under {provision}" if provision else "a sanction for this act"
    opening = who[0].upper() + who[1:]
    if verdict == "violation":
        summary = (
            f"{opening} would violate "
            + " and ".join(
                f"{r.out.right.replace('ICCPR-', 'Art. ')} ({'; '.join(st.out.title.lower() for st in r.deciding)} failed)"
                for r in basis
            )
            + "."
        )
    elif verdict == "permissible":
        summary = f"{opening} could be compatible with the ICCPR, if it is proportionate."
    else:
        summary = f"Whether {who} would be compatible turns on " + (
            f"facts the scenario does not give: {', '.join(missing)}." if missing else "a conflict between the rules."
        )
    return verdict, summary, missing, rests, presumed, [r.out for r in rights]


def _grounds(firings: list[Firing], derivations: Derivations) -> tuple[list[str], list[PresumedOut]]:
    """The given facts behind the deciding rules, and the missing ones a presumption filled."""
    rests: set[str] = set()
    presumed: dict[str, PresumedOut] = {}
    for firing in firings:
        uncertain_rule = firing.concluded.get("result") == "uncertain"
        for fact, via in derivations.expand(firing.matched):
            if fact["kind"] == "f":
                if fact["name"] != "date":
                    rests.add(_fact_label(fact))
            elif not uncertain_rule and via is None:
                # A rule that decides on a fact not given: it holds if that fact is as the
                # provision requires (a conviction must establish it), and the output says so.
                presumed.setdefault(
                    str(fact["name"]),
                    PresumedOut(
                        field=str(fact["name"]),
                        presumed="assumed as the provision requires: a conviction under it must establish this",
                        source=f"rule {base_rule_id(firing.rule)}",
                    ),
                )
            elif not uncertain_rule and via is not None:
                definition = derivations.definition_of.get(via)
                if definition is not None:
                    where = f", {definition.source.where}" if definition.source.where else ""
                    presumed.setdefault(
                        str(fact["name"]),
                        PresumedOut(
                            field=str(fact["name"]),
                            presumed=definition.says.strip(),
                            source=f"{definition.source.doc}{where}",
                        ),
                    )
    return sorted(rests), [presumed[k] for k in sorted(presumed)]


def overall(
    assessed: list[ProvisionAssessmentOut], *, sanction_given: bool
) -> tuple[Verdict, str, list[str], list[str]]:
    """One verdict over the provisions the authorities would most likely apply.

    The provisions that apply decide; if none applies, those that might (an element turns on a
    fact not given); if none, the act alone. When they agree, that is the verdict; when they
    differ, the answer turns on which provision and which sanction are used: "uncertain".
    Returns the verdict, its summary, the provisions it concerns and the facts it turns on.
    """
    applies = [a for a in assessed if a.status == "applies"]
    possible = [a for a in assessed if a.status == "possible"]
    pool = applies or possible or assessed
    verdicts = sorted({a.verdict for a in pool})
    concerns = [a.provision for a in pool if a.provision]
    missing = sorted({m for a in pool for m in a.missing_facts})
    if len(verdicts) == 1:
        verdict = verdicts[0]
        if len(pool) == 1:
            return verdict, pool[0].summary, concerns, missing
        names = " and ".join(concerns)
        summary = {
            "violation": f"A sanction under {names} would violate the ICCPR.",
            "permissible": f"A proportionate sanction under {names} could be compatible with the ICCPR.",
            "uncertain": f"Whether a sanction under {names} would be compatible turns on facts the scenario does not give"
            + (f": {', '.join(missing)}." if missing else "."),
        }[verdict]
        return verdict, summary, concerns, missing
    parts = "; ".join(f"under {a.provision}: {a.verdict}" for a in pool)
    if not sanction_given and any(a.verdict != "violation" for a in pool):
        missing = sorted({*missing, "sanction.kind"})
    if missing:
        return (
            "uncertain",
            f"The answer depends on which provision and which sanction are used ({parts}). Give: {', '.join(missing)}.",
            concerns,
            missing,
        )
    # Every fact is given and the provisions still differ: the one the authorities most likely
    # apply (the first ranked) decides, and the summary says what the others would give.
    lead = pool[0]
    return lead.verdict, f"{lead.summary} Other provisions: {parts}.", [lead.provision], []
