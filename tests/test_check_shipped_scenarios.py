"""The shipped example scenarios end to end (the three the JSON contract was written for): articles, precedents and the ICCPR verdict."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from engine.model.result import Result, RightOut


def right(result: Result, name: str) -> RightOut:
    """The right as assessed for the first provision (in rank order) that engages it."""
    return next(r for p in result.assessment.provisions for r in p.rights if r.right == name)


def test_ridder_poll_gives_180_part_2_first_sychev_closest_and_violation(check: Callable[..., Result]) -> None:
    result = check("scenarios/ridder-style-poll.yaml")
    first = result.articles[0]
    assert (first.code, first.article, first.part, first.status) == ("criminal", "180", "2", "applies")
    assert result.precedents[0].id == "sychev"
    assert "act: poll" in result.precedents[0].shared
    assert result.assessment.verdict == "violation"
    necessity = next(t for t in right(result, "ICCPR-19").tests if t.test == "necessity")
    assert necessity.result == "fail"
    assert necessity.reasons and all(r.strip() for r in necessity.reasons)
    assert "GC34 para 35" in necessity.citations
    rabat = right(result, "ICCPR-20")
    assert rabat.threshold == "fail"
    not_met = [t for t in rabat.tests if t.result == "fail"]
    assert {t.test for t in not_met} >= {"intent", "content_form", "extent"}
    assert all(t.reasons for t in not_met)


def test_sychev_precedent_runs_as_its_own_regression(check: Callable[..., Result]) -> None:
    result = check("scenarios/precedents/sychev.yaml")
    assert (result.articles[0].article, result.articles[0].part) == ("180", "2")
    assert all(p.id != "sychev" for p in result.precedents)  # a case is not its own precedent


def test_peaceful_rally_call_gives_488_and_400_cites_gc37_and_violation(check: Callable[..., Result]) -> None:
    result = check("scenarios/land-protest-call.yaml")
    cited = {(a.code, a.article) for a in result.articles}
    assert ("administrative", "488") in cited
    assert ("criminal", "400") in cited
    assert result.assessment.verdict == "violation"
    citations = {c for r in result.assessment.rights for t in r.tests for c in t.citations}
    assert {"GC37 para 17", "GC37 para 33", "GC37 para 34", "GC37 para 70"} <= citations
    assert right(result, "ICCPR-21").verdict == "violation"


def test_call_to_drive_out_minority_gives_174_and_permissible(check: Callable[..., Result]) -> None:
    result = check("scenarios/ethnic-violence-call.yaml")
    assert result.articles[0].article == "174"
    assert result.articles[0].part == "1"  # a call to others is not the speaker's own "violence or threat"
    rabat = right(result, "ICCPR-20")
    assert rabat.threshold == "pass"
    assert [t.test for t in rabat.tests] == ["context", "speaker", "intent", "content_form", "extent", "likelihood"]
    assert all(t.result == "pass" and t.reasons for t in rabat.tests)
    assert result.assessment.verdict == "permissible"


def test_unknown_peacefulness_is_presumed_and_named_not_guessed(check: Callable[..., Result]) -> None:
    """GC37 para 17: assemblies are presumed peaceful; the output names the presumption."""
    result = check(
        {
            "act": "protest_call",
            "date": "2024-05-20",
            "platform": "facebook",
            "reach": {"public": True},
            "content": {"themes": ["land_reform"], "calls_to": ["assembly"], "targets": ["the_authorities"]},
            "assembly": {"role": "organiser", "permission_refused": True},
        }
    )
    assert result.assessment.verdict == "violation"
    presumed = {p.field: p for p in result.assessment.presumed}
    assert "assembly.own_conduct" in presumed
    assert "GC37" in presumed["assembly.own_conduct"].source
    assert "assembly.peaceful" not in result.assessment.missing_facts


def test_unknown_facts_that_decide_make_the_verdict_uncertain_and_name_them(check: Callable[..., Result]) -> None:
    result = check(
        {
            "act": "post",
            "date": "2024-05-20",
            "reach": {"public": True, "audience": 20000},
            "authorship": "own",
            "content": {"calls_to": ["violence"], "targets": ["the_authorities"]},
        }
    )
    assert result.assessment.verdict == "uncertain"
    assert "content.imminent" in result.assessment.missing_facts
    assert "content.imminent" in result.assessment.summary


def test_json_output_is_byte_identical_and_keeps_the_contract(cli: Callable[..., Any]) -> None:
    first = cli("check", "scenarios/ridder-style-poll.yaml", "--format", "json")
    second = cli("check", "scenarios/ridder-style-poll.yaml", "--format", "json")
    assert first.exit_code == 0, first.output
    assert first.stdout == second.stdout
    data = json.loads(first.stdout)
    assert set(data) >= {"law_as_of", "articles", "precedents", "assessment", "trace"}
    art = data["articles"][0]
    assert set(art) >= {"code", "article", "part", "title", "penalty", "elements_met", "elements_missing", "precedents"}
    prec = data["precedents"][0]
    assert set(prec) >= {"id", "similarity", "shared", "differs", "charges", "outcome"}
    assert 0 <= prec["similarity"] <= 1
    assessment = data["assessment"]
    assert assessment["verdict"] in ("violation", "permissible", "uncertain")
    test = assessment["rights"][0]["tests"][0]
    assert set(test) >= {"test", "result", "reasons", "citations"}
    assert data["trace"] and {"rule", "matched", "concluded", "source"} <= set(data["trace"][0])


def test_text_report_has_three_sections_and_one_disclaimer(cli: Callable[..., Any]) -> None:
    out = cli("check", "scenarios/land-protest-call.yaml")
    assert out.exit_code == 0, out.output
    for heading in ("1. Articles", "2. Precedents", "3. ICCPR assessment"):
        assert heading in out.stdout
    assert out.stdout.count("not a verdict") == 1
