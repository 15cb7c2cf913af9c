"""Ranking real cases against a scenario and summarising them (engine.reasoning.similarity).

Cases here are made by hand so each test controls exactly which facts two sides share.
"""

from __future__ import annotations

from typing import Any

import pytest

from engine.model.precedent import Precedent
from engine.model.scenario import Scenario
from engine.reasoning.by_identity import ByIdentity
from engine.reasoning.similarity import Facts, Match, describe_sanction, rank, summarise

FACTS: dict[str, Any] = {
    "act": "post",
    "platform": "facebook",
    "reach": {"public": True, "audience": 5000},
    "content": {"themes": ["religion"], "calls_to": ["hostility"], "targets": ["religious_group"]},
}


def case(case_id: str, facts: dict[str, Any] | None = None, **outcome: Any) -> Precedent:
    return Precedent.model_validate(
        {
            "id": case_id,
            "subjects": ["A. Person"],
            "response": "speech_charge",
            "outcome": {"status": "convicted", **outcome},
            "sources": [{"doc": "seed", "where": "p. 3"}],
            **(FACTS if facts is None else facts),
        }
    )


def scenario(**changes: Any) -> Scenario:
    return Scenario.model_validate({**FACTS, **changes})


def similarities(ranked: list[Match]) -> dict[str, float]:
    return {m.case.id: m.similarity for m in ranked}


# ---------------------------------------------------------------- rank


def test_rank_gives_a_case_with_the_same_facts_similarity_one() -> None:
    (match,) = rank(scenario(), (case("same"),))
    shared, differs = match.explain()
    assert (match.case.id, match.similarity, differs) == ("same", 1.0, [])
    assert "act: post" in shared
    assert "content.themes: religion" in shared


def test_rank_leaves_out_the_case_the_scenario_is() -> None:
    ranked = rank(scenario(id="same"), (case("same"), case("other")))
    assert [m.case.id for m in ranked] == ["other"]


def test_rank_keeps_every_case_for_a_scenario_without_an_id() -> None:
    assert [m.case.id for m in rank(scenario(), (case("b"), case("a")))] == ["a", "b"]


def test_rank_a_differing_act_lowers_similarity_and_is_named() -> None:
    ranked = rank(scenario(act="video"), (case("same"),))
    (match,) = ranked
    _shared, differs = match.explain()
    assert 0 < match.similarity < 1
    assert "act: video here; post in the case" in differs


def test_rank_weighs_the_act_more_than_the_platform() -> None:
    other_act = similarities(rank(scenario(act="video"), (case("c"),)))["c"]
    other_platform = similarities(rank(scenario(platform="vkontakte"), (case("c"),)))["c"]
    assert other_act < other_platform < 1.0


def test_rank_counts_a_fact_stated_on_one_side_only_partly_against_the_match() -> None:
    sparse = {"act": "post", "platform": "facebook"}
    sim_sparse = similarities(rank(scenario(), (case("sparse", sparse),)))["sparse"]
    assert 0 < sim_sparse < 1.0  # a sparse case cannot look identical to a full scenario
    assert sim_sparse < similarities(rank(scenario(), (case("same"),)))["same"]


def test_rank_puts_the_most_similar_first_and_breaks_ties_by_id() -> None:
    cases = (
        case("zeta"),
        case("far", {**FACTS, "act": "video", "content": {"themes": ["economy"]}}),
        case("alpha"),
        case("near", {**FACTS, "platform": "vkontakte"}),
    )
    ranked = rank(scenario(), cases)
    assert [m.case.id for m in ranked] == ["alpha", "zeta", "near", "far"]
    sims = [m.similarity for m in ranked]
    assert sims == sorted(sims, reverse=True)
    assert [m.case.id for m in rank(scenario(), tuple(reversed(cases)))] == ["alpha", "zeta", "near", "far"]


def test_rank_compares_audiences_by_band_not_by_number() -> None:
    same_band = similarities(rank(scenario(reach={"public": True, "audience": 9000}), (case("c"),)))["c"]
    other_band = similarities(rank(scenario(reach={"public": True, "audience": 50_000}), (case("c"),)))["c"]
    assert same_band == 1.0
    assert other_band < 1.0


def test_rank_ignores_the_outcome_of_the_case() -> None:
    acquitted = case("acquitted", status="acquitted")
    assert similarities(rank(scenario(), (acquitted,)))["acquitted"] == 1.0


# ---------------------------------------------------------------- describe_sanction


@pytest.mark.parametrize(
    ("sanction", "words"),
    [
        ({"kind": "prison", "years": 5}, "prison 5 years"),
        ({"kind": "restricted_freedom", "years": 2.5}, "restricted freedom 2.5 years"),
        ({"kind": "administrative_detention", "days": 15}, "administrative detention 15 days"),
        ({"kind": "fine", "amount": "100 MCI"}, "fine 100 MCI"),
        ({"kind": "prison", "years": 2, "months": 6}, "prison 2 years 6 months"),
        ({"kind": "closure"}, "closure"),
    ],
)
def test_describe_sanction_says_the_kind_and_its_amount(sanction: dict[str, Any], words: str) -> None:
    assert describe_sanction(case("c", sanction=sanction)) == words


def test_describe_sanction_is_none_without_a_sanction() -> None:
    assert describe_sanction(case("c")) is None


# ---------------------------------------------------------------- summarise


def test_summarise_carries_the_case_its_outcome_and_its_sources() -> None:
    c = Precedent.model_validate(
        {
            **FACTS,
            "id": "kz-case",
            "title": "A case",
            "subjects": ["A. Person", "B. Person"],
            "response": "speech_charge",
            "outcome": {
                "status": "convicted",
                "charges": [{"code": "criminal", "article": "174", "part": "1", "note": "amended"}],
                "sanction": {"kind": "prison", "years": 3},
                "decided": "2017-05-04",
                "summary": "Convicted.",
            },
            "sources": [{"doc": "seed", "where": "p. 3"}, {"doc": "other"}],
            "disputed": [
                {
                    "field": "reach.audience",
                    "readings": [
                        {"value": 5000, "says": "one", "source": {"doc": "seed"}},
                        {"value": 9000, "says": "two", "source": {"doc": "other"}},
                    ],
                }
            ],
        }
    )
    match = Match(c, 0.75, Facts({"act": frozenset({"post"}), "platform": frozenset({"x"})}))
    out = summarise(match)
    assert (out.id, out.title, out.subjects, out.similarity) == ("kz-case", "A case", ["A. Person", "B. Person"], 0.75)
    assert (out.shared, out.differs) == match.explain()
    assert "act: post" in out.shared
    assert [(ch.code, ch.article, ch.part, ch.note) for ch in out.charges] == [("criminal", "174", "1", "amended")]
    assert (out.outcome.status, out.outcome.sanction, out.outcome.decided, out.outcome.summary) == (
        "convicted",
        "prison 3 years",
        "2017-05-04",
        "Convicted.",
    )
    assert out.response == "speech_charge"
    assert out.disputed == ["reach.audience"]
    assert out.sources == ["seed: p. 3", "other"]


def test_summarise_a_case_not_decided_has_no_date_and_no_sanction() -> None:
    out = summarise(Match(case("pending", status="pending"), 0.5, Facts({})))
    assert (out.outcome.status, out.outcome.decided, out.outcome.sanction) == ("pending", None, None)


def test_what_is_derived_from_a_case_is_derived_once_per_object_never_per_equal_object() -> None:
    made: list[int] = []
    derive = ByIdentity(lambda obj: made.append(id(obj)) or len(made))
    a, b = case("same"), case("same")  # equal, not the same object (a reform's reloaded case)
    assert (derive(a), derive(a), derive(b)) == (1, 1, 2)
    assert made == [id(a), id(b)]
