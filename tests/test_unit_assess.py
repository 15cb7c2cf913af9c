"""Folding the ICCPR stage's conclusions into verdicts (engine.reasoning.assess), below `evaluate`.

The standards are the real ones (rules/iccpr/); the rule firings are made by hand, naming real
rule ids, so each test states exactly which conclusions the rules reached and what verdict the
folding must give. `overall` is fed hand-made per-provision results.
"""

from __future__ import annotations

from typing import Any

import pytest

from engine.knowledge.base import KnowledgeBase, load
from engine.model.result import ProvisionAssessmentOut, RightOut, Verdict
from engine.model.scenario import Scenario
from engine.reasoning.assess import Derivations, assess_run, overall
from engine.reasoning.runtime import Fact, Firing


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load()


def fire(kb: KnowledgeBase, rule_id: str, *matched: Fact) -> Firing:
    """The firing of one real ICCPR test rule, as the compiled rule would conclude it."""
    for s in kb.standards:
        for t in s.tests:
            for r in t.rules:
                if r.id == rule_id:
                    concluded = {"kind": "t", "test": f"{s.right}.{t.id}", "result": r.result, "rule": r.id}
                    return Firing(r.id, tuple(matched), concluded)
    raise LookupError(rule_id)


def engaged(*rights: str) -> list[Fact]:
    return [{"kind": "engaged", "right": r} for r in rights]


def threshold(result: str) -> Fact:
    return {"kind": "t", "test": "ICCPR-20.threshold", "result": result}


def run(
    kb: KnowledgeBase, concluded: list[Fact], firings: list[Firing], scenario: Scenario | None = None
) -> tuple[Verdict, str, list[str], list[str], list[Any], dict[str, RightOut]]:
    verdict, summary, missing, rests, presumed, rights = assess_run(
        kb.standards,
        concluded,
        firings,
        Derivations([], kb.definitions),
        scenario or Scenario.model_validate({"act": "post"}),
        provision="CC 174(1)",
    )
    return verdict, summary, missing, rests, presumed, {r.right: r for r in rights}


def steps(right: RightOut) -> dict[str, str]:
    return {t.test: t.result for t in right.tests}


ART19_ALL_PASS = ["iccpr19.legality.in_law", "iccpr19.aim.listed", "iccpr19.necessity.incitement"]


# ---------------------------------------------------------------- a right: Art. 19


def test_a_right_is_only_assessed_when_engaged(kb: KnowledgeBase) -> None:
    *_, rights = run(kb, engaged("ICCPR-19"), [fire(kb, r) for r in ART19_ALL_PASS])
    assert set(rights) == {"ICCPR-19"}


def test_every_step_passing_makes_a_right_permissible(kb: KnowledgeBase) -> None:
    verdict, summary, missing, *_, rights = run(kb, engaged("ICCPR-19"), [fire(kb, r) for r in ART19_ALL_PASS])
    assert rights["ICCPR-19"].verdict == "permissible"
    assert verdict == "permissible"
    assert summary == "A sanction under CC 174(1) could be compatible with the ICCPR, if it is proportionate."
    assert missing == []


def test_one_failing_step_makes_a_violation_whatever_the_others_say(kb: KnowledgeBase) -> None:
    firings = [fire(kb, "iccpr19.legality.in_law"), fire(kb, "iccpr19.aim.strike")]  # necessity: no rule
    verdict, summary, *_, rights = run(kb, engaged("ICCPR-19"), firings)
    assert steps(rights["ICCPR-19"]) == {"legality": "pass", "legitimate_aim": "fail", "necessity": "uncertain"}
    assert rights["ICCPR-19"].verdict == "violation"
    assert verdict == "violation"
    assert summary == "A sanction under CC 174(1) would violate Art. 19 (legitimate aim failed)."


def test_a_step_no_rule_concluded_is_uncertain_and_names_the_facts_it_needs(kb: KnowledgeBase) -> None:
    scenario = Scenario.model_validate({"act": "post", "authorship": "own", "content": {"calls_to": []}})
    verdict, summary, missing, *_, rights = run(
        kb, engaged("ICCPR-19"), [fire(kb, "iccpr19.legality.in_law")], scenario
    )
    by_test = {t.test: t for t in rights["ICCPR-19"].tests}
    assert by_test["legitimate_aim"].result == "uncertain"
    assert by_test["legitimate_aim"].missing_facts == ["content.targets"]  # calls_to is given
    assert by_test["necessity"].missing_facts == ["stance"]
    assert rights["ICCPR-19"].verdict == "uncertain"
    assert verdict == "uncertain"
    assert missing == ["content.targets", "stance"]
    assert summary.endswith("facts the scenario does not give: content.targets, stance.")


def test_a_rule_that_overrides_another_sets_it_aside(kb: KnowledgeBase) -> None:
    # vague_margin (fail) overrides in_law (pass): the step fails, not a conflict
    firings = [fire(kb, "iccpr19.legality.in_law"), fire(kb, "iccpr19.legality.vague_margin")]
    *_, rights = run(kb, engaged("ICCPR-19"), firings)
    legality = rights["ICCPR-19"].tests[0]
    assert (legality.test, legality.result) == ("legality", "fail")
    assert legality.rules == ["iccpr19.legality.vague_margin"]


def test_a_pass_and_a_fail_that_do_not_override_each_other_are_a_conflict(kb: KnowledgeBase) -> None:
    firings = [fire(kb, "rabat.context.tension"), fire(kb, "rabat.context.calm")]
    *_, rights = run(kb, engaged("ICCPR-20"), firings)
    context = {t.test: t for t in rights["ICCPR-20"].tests}["context"]
    assert context.result == "uncertain"
    assert context.reasons[0] == "Conflict: rules point both ways and none overrides the other."
    assert context.rules == ["rabat.context.calm", "rabat.context.tension"]


def test_the_verdict_rests_on_the_given_facts_the_deciding_rules_matched(kb: KnowledgeBase) -> None:
    firings = [
        fire(kb, "iccpr19.legality.in_law"),
        fire(
            kb,
            "iccpr19.aim.strike",
            {"kind": "f", "name": "content.calls_to", "value": "strike"},
            {"kind": "f", "name": "content.calls_to_harm", "value": False},
            {"kind": "f", "name": "date", "value": 20200101},
        ),
    ]
    _, _, _, rests, presumed, _ = run(kb, engaged("ICCPR-19"), firings)
    assert rests == [
        "content.calls_to = strike",
        "content.calls_to: none of discrimination, hostility, terrorism, violence",
    ]
    assert presumed == []


def test_a_deciding_rule_that_matched_a_missing_fact_names_it_as_presumed(kb: KnowledgeBase) -> None:
    firings = [fire(kb, "iccpr19.aim.strike", {"kind": "u", "name": "stance"})]
    *_, presumed, _ = run(kb, engaged("ICCPR-19"), firings)
    assert [(p.field, p.source) for p in presumed] == [("stance", "rule iccpr19.aim.strike")]


# ---------------------------------------------------------------- Art. 21: scope decides first


def test_art_21_scope_passing_is_permissible_whatever_the_other_steps_say(kb: KnowledgeBase) -> None:
    firings = [fire(kb, "iccpr21.scope.own_violence"), fire(kb, "iccpr21.associated.call")]
    *_, rights = run(kb, engaged("ICCPR-21"), firings)
    art21 = rights["ICCPR-21"]
    assert steps(art21)["associated_activities"] == "fail"
    assert art21.verdict == "permissible"
    assert "falls outside Art. 21's protection" in art21.summary


def test_art_21_scope_failing_leaves_the_other_steps_to_decide(kb: KnowledgeBase) -> None:
    firings = [fire(kb, "iccpr21.scope.protected"), fire(kb, "iccpr21.notice.given")]
    *_, rights = run(kb, engaged("ICCPR-21"), firings)
    assert rights["ICCPR-21"].verdict == "violation"


def test_art_21_with_scope_undecided_folds_like_any_right(kb: KnowledgeBase) -> None:
    *_, rights = run(kb, engaged("ICCPR-21"), [fire(kb, "iccpr21.notice.given")])
    assert rights["ICCPR-21"].verdict == "uncertain"


# ---------------------------------------------------------------- Art. 20(2): the threshold


@pytest.mark.parametrize(
    ("found", "right_verdict", "threshold_result"),
    [
        ([threshold("pass")], "permissible", "pass"),
        ([threshold("fail")], "not_reached", "fail"),
        ([threshold("pass"), threshold("fail")], "not_reached", "fail"),
        ([], "uncertain", "uncertain"),
    ],
)
def test_art_20_reads_its_threshold(
    kb: KnowledgeBase, found: list[Fact], right_verdict: str, threshold_result: str
) -> None:
    *_, rights = run(kb, engaged("ICCPR-20") + found, [])
    assert (rights["ICCPR-20"].verdict, rights["ICCPR-20"].threshold) == (right_verdict, threshold_result)


def test_art_20_not_reached_names_the_required_factors_that_failed(kb: KnowledgeBase) -> None:
    firings = [fire(kb, "rabat.intent.no_call"), fire(kb, "rabat.context.calm")]  # context is weighed, not required
    *_, rights = run(kb, engaged("ICCPR-20") + [threshold("fail")], firings)
    assert rights["ICCPR-20"].summary.startswith("The Rabat threshold is not reached: intent not met.")


def test_art_20_never_decides_the_provision_verdict_on_its_own(kb: KnowledgeBase) -> None:
    firings = [fire(kb, r) for r in ART19_ALL_PASS]
    verdict, *_, rights = run(kb, engaged("ICCPR-19", "ICCPR-20") + [threshold("fail")], firings)
    assert rights["ICCPR-20"].verdict == "not_reached"
    assert verdict == "permissible"  # Art. 19 decides


def test_a_provision_violates_the_iccpr_when_art_19_or_21_is_violated(kb: KnowledgeBase) -> None:
    firings = [*(fire(kb, r) for r in ART19_ALL_PASS), fire(kb, "iccpr21.scope.protected")]
    verdict, summary, *_ = run(kb, engaged("ICCPR-19", "ICCPR-21"), firings)
    assert verdict == "violation"
    assert summary == "A sanction under CC 174(1) would violate Art. 21 (protected activity failed)."


# ---------------------------------------------------------------- overall


def provision(
    label: str, verdict: Verdict, status: str | None = "applies", missing: list[str] | None = None
) -> ProvisionAssessmentOut:
    return ProvisionAssessmentOut(
        provision=label,
        code="criminal" if label.startswith("CC") else "administrative" if label else None,
        article=None,
        part=None,
        status=status,
        verdict=verdict,
        summary=f"{label or 'the act'}: {verdict}.",
        missing_facts=missing or [],
        rests_on=[],
        presumed=[],
        rights=[],
    )


def test_overall_one_provision_gives_its_own_verdict_and_summary() -> None:
    assert overall([provision("CC 174(1)", "violation")], sanction_given=False) == (
        "violation",
        "CC 174(1): violation.",
        ["CC 174(1)"],
        [],
    )


@pytest.mark.parametrize(
    ("verdict", "summary"),
    [
        ("violation", "A sanction under CC 174(1) and CAO 488(7) would violate the ICCPR."),
        ("permissible", "A proportionate sanction under CC 174(1) and CAO 488(7) could be compatible with the ICCPR."),
    ],
)
def test_overall_provisions_that_agree_give_their_verdict(verdict: Verdict, summary: str) -> None:
    assessed = [provision("CC 174(1)", verdict), provision("CAO 488(7)", verdict)]
    assert overall(assessed, sanction_given=False) == (verdict, summary, ["CC 174(1)", "CAO 488(7)"], [])


def test_overall_provisions_uncertain_together_name_every_missing_fact() -> None:
    assessed = [
        provision("CC 174(1)", "uncertain", missing=["stance"]),
        provision("CAO 488(7)", "uncertain", missing=["authorship", "stance"]),
    ]
    verdict, summary, _, missing = overall(assessed, sanction_given=True)
    assert (verdict, missing) == ("uncertain", ["authorship", "stance"])
    assert summary.endswith("turns on facts the scenario does not give: authorship, stance.")


def test_overall_differing_verdicts_without_a_sanction_are_uncertain_and_ask_for_its_kind() -> None:
    assessed = [provision("CC 174(1)", "violation"), provision("CAO 488(7)", "permissible")]
    verdict, summary, concerns, missing = overall(assessed, sanction_given=False)
    assert verdict == "uncertain"
    assert missing == ["sanction.kind"]
    assert concerns == ["CC 174(1)", "CAO 488(7)"]
    assert summary == (
        "The answer depends on which provision and which sanction are used "
        "(under CC 174(1): violation; under CAO 488(7): permissible). Give: sanction.kind."
    )


def test_overall_differing_verdicts_with_a_missing_fact_stay_uncertain_even_with_a_sanction() -> None:
    assessed = [provision("CC 174(1)", "violation"), provision("CAO 488(7)", "uncertain", missing=["stance"])]
    verdict, _, _, missing = overall(assessed, sanction_given=True)
    assert (verdict, missing) == ("uncertain", ["stance"])


def test_overall_with_every_fact_given_the_first_ranked_provision_decides() -> None:
    assessed = [provision("CAO 488(7)", "permissible"), provision("CC 174(1)", "violation")]
    verdict, summary, concerns, missing = overall(assessed, sanction_given=True)
    assert (verdict, concerns, missing) == ("permissible", ["CAO 488(7)"], [])
    assert summary == (
        "CAO 488(7): permissible. Other provisions: under CAO 488(7): permissible; under CC 174(1): violation."
    )


def test_overall_prefers_provisions_that_apply_over_those_that_might() -> None:
    assessed = [provision("CC 174(1)", "violation", status="possible"), provision("CAO 488(7)", "permissible")]
    verdict, _, concerns, _ = overall(assessed, sanction_given=False)
    assert (verdict, concerns) == ("permissible", ["CAO 488(7)"])


def test_overall_falls_back_to_possible_provisions_when_none_applies() -> None:
    assessed = [
        provision("CC 174(1)", "violation", status="possible"),
        provision("CAO 488(7)", "permissible", status="exempt"),
    ]
    verdict, _, concerns, _ = overall(assessed, sanction_given=False)
    assert (verdict, concerns) == ("violation", ["CC 174(1)"])


def test_overall_for_the_act_alone_concerns_no_provision() -> None:
    verdict, summary, concerns, _ = overall([provision("", "permissible", status=None)], sanction_given=False)
    assert (verdict, summary, concerns) == ("permissible", "the act: permissible.", [])
