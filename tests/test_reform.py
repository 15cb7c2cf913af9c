"""`--law reformed`: the reforms of CCPR/C/KAZ/CO/2 para 50 and Amnesty (2017), applied as data.

The Bokaev and Ayan facts are the demonstration the issue asks for: under the reformed law
Arts 274 and 400 are gone, Art. 174 is narrowed to incitement and no longer reaches a call to a
rally, and the output says why for each change, with its source.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest

from engine.features.reform import Reform, apply_changes, apply_reform, compare_laws, laws, load_reform
from engine.knowledge.base import KnowledgeBase
from engine.model.errors import InputError, KnowledgeBaseError
from engine.model.scenario import Scenario
from engine.reasoning.evaluate import engine_for, evaluate

BOKAEV = "scenarios/precedents/bokaev-ayan.yaml"
TODAY = dt.date(2026, 11, 23)


def _live(articles: list[dict[str, Any]]) -> dict[str, str]:
    return {a["article"]: a["status"] for a in articles if a["code"] == "criminal"}


def test_bokaev_ayan_under_the_reformed_law(cli: Callable[..., Any]) -> None:
    current = json.loads(cli("check", BOKAEV, "-f", "json").stdout)
    reformed_run = cli("check", BOKAEV, "-f", "json", "--law", "reformed")
    assert reformed_run.exit_code == 0, reformed_run.stderr
    reformed = json.loads(reformed_run.stdout)

    before, after = _live(current["articles"]), _live(reformed["articles"])
    assert before["174"] == "applies" and before["400"] == "applies" and "274" in before
    assert not {"174", "274", "400"} & set(after)

    notes = "\n".join(reformed["law_notes"])
    why = {
        "174": (
            'asked Kazakhstan to clarify the vague "discord" offence',
            "CCPR/C/KAZ/CO/2, para 50(c)",
            "Art. 174(2) applies; under the reform it does not reach the act: incitement_against_group is not met",
        ),
        "274": (
            "Amnesty International recommends repealing Art. 274",
            "9. Recommendations (Article 274)",
            "the article is gone, so Art. 274",
        ),
        "400": (
            "Amnesty International recommends repealing Art. 400",
            "9. Recommendations (Article 400); CCPR/C/GC/37, para 71",
            "Art. 400(1) applies; under the reform the article is gone, so Art. 400(1) cannot apply",
        ),
    }
    for article, phrases in why.items():
        line = next(n for n in reformed["law_notes"] if n.startswith(f"Reform: Criminal Code Art. {article} "))
        for phrase in phrases:
            assert phrase in line, (article, phrase, line)
    assert "Art. 174 narrowed to incitement" in notes
    # Not in the criminal law, not touched: the administrative assembly offence still reaches the act.
    assert any(a["code"] == "administrative" and a["article"] == "488" for a in reformed["articles"])


def test_check_text_says_why(cli: Callable[..., Any]) -> None:
    result = cli("check", BOKAEV, "--law", "reformed", "--detail", "0")
    assert result.exit_code == 0, result.stderr
    flat = " ".join(result.stdout.split())
    assert "Reform: Criminal Code Art. 400 (Violation of the procedure" in flat
    assert "repealed. Why: Amnesty International recommends repealing Art. 400" in flat


def test_narrowed_174_still_reaches_incitement(kb: KnowledgeBase) -> None:
    """Narrowing is not repeal: a public call to violence against an ethnic group is still caught."""
    scenario = Scenario.model_validate(
        {
            "date": "2021-03-01",
            "act": "post",
            "platform": "facebook",
            "reach": {"public": True},
            "content": {
                "themes": ["ethnicity"],
                "calls_to": ["violence"],
                "targets": ["ethnic_group"],
            },
        }
    )
    cmp = compare_laws(kb, "reformed", scenario, today=TODAY)
    assert any(a.article == "174" and a.status == "applies" for a in cmp.reformed.articles)
    effect = next(e for e in cmp.effects if e.change.provision == "criminal 174")
    assert effect.after.startswith("under the reform Art. 174")


def test_apply_reform_is_pure_and_cached(kb: KnowledgeBase) -> None:
    reformed = apply_reform(kb, "reformed")
    assert apply_reform(kb, "reformed") is reformed  # one object, so engine_for compiles it once
    assert apply_reform(kb, "current") is kb
    old = kb.provision("criminal", "174")
    new = reformed.provision("criminal", "174")
    assert old is not None and new is not None
    assert "vague" in old.flag_names() and "vague" not in new.flag_names()
    elements = {el.id for v in new.versions for part in v.parts for el in part.elements}
    assert "incitement_against_group" in elements and "discord_ground" not in elements
    assert kb.provision("criminal", "274") is not None and reformed.provision("criminal", "274") is None
    assert reformed.provision("criminal", "375") is None  # both encoded parts were insult
    assert reformed.provision("administrative", "73-3") is not None  # not criminal law: kept
    assert reformed.precedents is kb.precedents


def test_two_laws_in_one_process(kb: KnowledgeBase, check: Callable[..., Any]) -> None:
    """The current and the reformed engines live side by side; neither disturbs the other."""
    first = check(BOKAEV)
    evaluate(engine_for(apply_reform(kb, "reformed")), Scenario.model_validate({"act": "post"}), today=TODAY)
    assert check(BOKAEV) == first


def test_laws_are_listed() -> None:
    assert laws()[:2] == ["current", "reformed"]
    reform = load_reform("reformed")
    assert all(c.why.strip() and c.source.doc for c in reform.changes)


def test_unknown_law_is_refused(cli: Callable[..., Any]) -> None:
    result = cli("check", BOKAEV, "--law", "utopia")
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: --law: 'utopia' is not a law kzlex knows; use one of current, reformed"
    with pytest.raises(InputError):
        load_reform("../sources")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"provision": "criminal 999", "action": "repeal"}, "change 1 (criminal 999): no such provision"),
        (
            {"provision": "criminal 174", "action": "drop_parts", "parts": ["kz.cc.174.9"]},
            "change 1 (criminal 174): no part kz.cc.174.9",
        ),
        (
            {
                "provision": "criminal 174",
                "action": "replace_elements",
                "elements": [{"replaces": "nope", "id": "x", "says": "x", "when": {"fact": "act", "is": "post"}}],
            },
            "change 1 (criminal 174): no part has the element nope",
        ),
        (
            {
                "provision": "criminal 174",
                "action": "replace_elements",
                "elements": [
                    {"replaces": "discord_ground", "id": "x", "says": "x", "when": {"fact": "act", "is": "rant"}}
                ],
            },
            "'rant' is not a value of act",
        ),
        (
            {"provision": "criminal 274", "action": "repeal", "drop_flags": ["incitement"]},
            "drop_flags names incitement, which it does not carry",
        ),
    ],
)
def test_bad_reform_files_are_refused(kb: KnowledgeBase, change: dict[str, Any], message: str) -> None:
    reform = Reform.model_validate(
        {"title": "t", "summary": "s", "changes": [{"why": "w", "source": {"doc": "CO2"}, **change}]}
    )
    with pytest.raises(KnowledgeBaseError) as exc:
        apply_changes(kb, reform, "test")
    assert message in str(exc.value)
