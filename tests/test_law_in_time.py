"""The date of the act picks the law: versions, the 2020 exclusion of Art. 130, pre-2015 acts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engine.model.result import Result

DEFAMATION: dict[str, Any] = {
    "act": "article",
    "platform": "print",
    "reach": {"public": True},
    "speaker": {"role": "journalist"},
    "authorship": "own",
    "content": {
        "summary": "A newspaper article accusing a named prosecutor of fabricating a case.",
        "themes": ["officials", "corruption"],
        "calls_to": [],
        "targets": ["named_official"],
        "form": "factual_claim",
        "claims": [
            {"text": "The prosecutor fabricated the case", "verified": "false", "harm_alleged": "rights_of_others"}
        ],
    },
}


def articles(result: Result) -> dict[str, str]:
    return {a.article: a.status for a in result.articles}


def test_2015_defamation_lists_130_with_batyrbekov_as_no_longer_criminal(check: Callable[..., Result]) -> None:
    result = check({**DEFAMATION, "date": "2015-04-10"})
    art130 = next(a for a in result.articles if a.article == "130")
    assert art130.status == "no_longer_criminal"  # lex mitior: repealed in 2020
    assert "batyrbekov" in art130.precedents
    assert any("73-3" in note and "does not reach back" in note for note in result.law_notes)
    assert "73-3" not in articles(result)  # the administrative provision did not exist in 2015


def test_same_defamation_dated_2021_lists_73_3_and_not_130(check: Callable[..., Result]) -> None:
    result = check({**DEFAMATION, "date": "2021-03-01"})
    found = articles(result)
    assert "130" not in found
    assert found.get("73-3") == "applies"


def test_as_of_moves_the_act_in_time(check: Callable[..., Result]) -> None:
    import datetime as dt

    result = check({**DEFAMATION, "date": "2015-04-10"}, as_of=dt.date(2021, 3, 1))
    assert result.law_as_of == "2021-03-01"
    assert "73-3" in articles(result) and "130" not in articles(result)
    assert any("What if" in note for note in result.law_notes)


def test_act_before_2015_gets_no_article_but_an_iccpr_assessment(check: Callable[..., Result]) -> None:
    result = check({**DEFAMATION, "date": "2013-05-01"})
    assert result.articles == []
    assert any("predates 1 January 2015" in note for note in result.law_notes)
    assert result.assessment.rights  # the international standard does not depend on the code
