"""Responses that are not speech charges are shown as a pattern, never as a matching article."""

from __future__ import annotations

from collections.abc import Callable

from engine.model.result import Result


def test_post_about_an_official_points_to_dismissal_and_closure_patterns(check: Callable[..., Result]) -> None:
    result = check("scenarios/corruption-post.yaml")
    kinds = {p.response: p.cases for p in result.patterns}
    assert "ospan" in kinds.get("dismissal", [])
    assert all(p.says.startswith("People in cases like this one") for p in result.patterns)
    # a pattern case never lends support to an article
    pattern_ids = {c for p in result.patterns for c in p.cases}
    assert not pattern_ids & {c for a in result.articles for c in a.precedents}


def test_non_speech_charges_never_count_toward_an_article(check: Callable[..., Result]) -> None:
    result = check("scenarios/precedents/golyshkin.yaml")
    assert all("golyshkin" not in a.precedents for a in result.articles)
