"""Folding the engine's ICCPR conclusions into test results, verdicts per right, and one verdict.

The rules conclude pass or fail per step; here a conclusion that another fired rule overrides
(by id, as written in the YAML) is set aside; conclusions that still disagree are reported as a
conflict and the step is "uncertain". A step no rule concluded is "uncertain" and names the
facts it needs that the scenario does not give.

The overall verdict answers: would a criminal or administrative sanction for this act be
compatible with the ICCPR? Reaching the Rabat threshold makes it "permissible"; otherwise any
step of Art. 19 or 21 that fails makes it a "violation"; if every engaged step passes it is
"permissible"; anything else is "uncertain".
"""

from __future__ import annotations

from engine.facts import field_value
from engine.result import AssessmentOut, RightOut, TestOut, TestResult, Verdict
from engine.runtime import Fact
from engine.scenario import Scenario
from engine.standards import Standard, Test

THRESHOLD = "ICCPR-20.threshold"


def _test_result(right: str, test: Test, fired: dict[str, Fact], overridden: set[str], scenario: Scenario) -> TestOut:
    rules = {r.id: r for r in test.rules}
    live = [r for rid, r in rules.items() if rid in fired and rid not in overridden]
    results = {r.result for r in live}
    reasons = [r.reason.strip() for r in live]
    citations = sorted({c.label() for r in live for c in r.citations}, key=_citation_order)
    missing: list[str] = []
    result: TestResult
    if results == {"pass", "fail"} or results == {"pass", "fail", "uncertain"}:
        result = "uncertain"
        reasons = ["Conflict: rules point both ways and none overrides the other.", *reasons]
    elif "uncertain" in results:
        result = "uncertain"
        missing = [n for n in test.needs if field_value(scenario, n) is None]
        reasons = [r.reason.strip() for r in live if r.result == "uncertain"]
    elif len(results) == 1:
        result = "pass" if "pass" in results else "fail"
    else:
        result = "uncertain"
        missing = [n for n in test.needs if field_value(scenario, n) is None]
        reasons = [
            "No rule could decide this step from the facts given"
            + (f"; it turns on: {', '.join(missing)}." if missing else ".")
        ]
        citations = [c.label() for c in test.citations]
    return TestOut(
        test=test.id,
        title=test.title,
        result=result,
        reasons=reasons,
        citations=citations,
        rules=sorted(r.id for r in live),
        missing_facts=missing,
    )


def _citation_order(label: str) -> tuple[str, int, str]:
    doc, _, para = label.partition(" para ")
    digits = "".join(ch for ch in para.split("-")[0] if ch.isdigit())
    return doc, int(digits) if digits else 0, para


def _right_verdict(tests: list[TestOut]) -> Verdict:
    results = {t.result for t in tests}
    if "fail" in results:
        return "violation"
    if results == {"pass"}:
        return "permissible"
    return "uncertain"


def assessment(standards: tuple[Standard, ...], concluded: list[Fact], scenario: Scenario) -> AssessmentOut:
    engaged = {f["right"] for f in concluded if f["kind"] == "engaged"}
    fired = {f["rule"]: f for f in concluded if f["kind"] == "t"}
    overridden = {o for s in standards for t in s.tests for r in t.rules if r.id in fired for o in r.overrides}
    threshold_results = {f["result"] for f in concluded if f["kind"] == "t" and f["test"] == THRESHOLD}
    threshold: TestResult = (
        "pass" if threshold_results == {"pass"} else "fail" if "fail" in threshold_results else "uncertain"
    )
    rights: list[RightOut] = []
    for s in standards:
        if s.right not in engaged:
            continue
        tests = [_test_result(s.right, t, fired, overridden, scenario) for t in s.tests]
        if s.right == "ICCPR-20":
            verdict: Verdict = {"pass": "permissible", "fail": "violation", "uncertain": "uncertain"}[threshold]  # type: ignore[assignment]
            summary = {
                "pass": "All six Rabat factors are met: the expression reaches the threshold of incitement that Art. 20(2) requires States to prohibit.",
                "fail": "The Rabat threshold is not reached: at least one factor is not met, so a sanction cannot rest on Art. 20(2).",
                "uncertain": "The Rabat threshold turns on facts the scenario does not give.",
            }[threshold]
            rights.append(
                RightOut(
                    right=s.right,
                    title=s.title,
                    verdict=verdict,
                    engaged_because=s.engaged_because,
                    summary=summary,
                    tests=tests,
                    threshold=threshold,
                )
            )
        else:
            verdict = _right_verdict(tests)
            failing = [t.title for t in tests if t.result == "fail"]
            summary = {
                "violation": f"A sanction would breach {s.right.replace('ICCPR-', 'Art. ')}: it fails {', '.join(failing)}.",
                "permissible": f"A sanction could meet every condition of {s.right.replace('ICCPR-', 'Art. ')}.",
                "uncertain": f"Whether a sanction meets {s.right.replace('ICCPR-', 'Art. ')} turns on facts the scenario does not give.",
            }[verdict]
            rights.append(
                RightOut(
                    right=s.right,
                    title=s.title,
                    verdict=verdict,
                    engaged_because=s.engaged_because,
                    summary=summary,
                    tests=tests,
                )
            )
    by_right = {r.right: r.verdict for r in rights}
    overall: Verdict
    if by_right.get("ICCPR-20") == "permissible":
        overall = "permissible"
        summary = "The expression reaches the Rabat threshold for incitement; a proportionate sanction could be compatible with the ICCPR."
    elif "violation" in (by_right.get("ICCPR-19"), by_right.get("ICCPR-21")):
        overall = "violation"
        failing = [r.right for r in rights if r.right != "ICCPR-20" and r.verdict == "violation"]
        summary = f"A criminal or administrative sanction for this act would violate {' and '.join(failing)}."
    elif rights and all(r.verdict == "permissible" for r in rights if r.right != "ICCPR-20"):
        overall = "permissible"
        summary = "A sanction could meet the conditions of the ICCPR for this act."
    else:
        overall = "uncertain"
        summary = "The answer turns on facts the scenario does not give."
    missing = sorted({m for r in rights for t in r.tests for m in t.missing_facts})
    if overall == "uncertain" and missing:
        summary += f" Give: {', '.join(missing)}."
    return AssessmentOut(verdict=overall, summary=summary, missing_facts=missing, rights=rights)
