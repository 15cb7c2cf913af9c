"""`kzlex ask` as people answer: going back, reviewing and changing an answer, local dates,
numbered choices, names typed with spaces, and questions an earlier answer makes pointless."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from engine.features.interview import AnswerError, Interview, parse, questions
from engine.features.readers import read_by
from engine.knowledge.base import KnowledgeBase
from engine.knowledge.safe_yaml import load_mapping
from engine.model.conditions import FactCond, UnknownCond, atoms
from kzlex_cli.common import scenario_from_data


def question(field: str) -> Any:
    return next(q for q in questions() if q.field == field)


def run_to(talk: Interview, field: str) -> None:
    """Take the default for every question before `field`."""
    while (q := talk.question()) is not None and q.field != field:
        talk.answer("")
    assert q is not None, f"{field} was not asked"


def fields_asked(answers: dict[str, str]) -> list[str]:
    """Every question put when `answers` gives some answers by field and the rest take the default."""
    talk = Interview()
    asked = []
    while (q := talk.question()) is not None:
        asked.append(q.field)
        talk.answer(answers.get(q.field, ""))
    return asked


# ------------------------------------------------------------------ a whole interview, piped


def test_a_script_with_back_a_review_change_and_a_local_date_saves_a_valid_scenario(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    head = [
        "wrong-name",  # 1 id
        "back",  # ... is asked again
        "my-post",  # 1 id
        "A post about the land reform",  # 2 title
        "15.03.2024",  # 3 date, day first
        "1",  # 4 act: post, by its number
        "Facebook",  # 5 platform
        "yes",  # 6 reach.public
        "",  # 7 reach.audience
        "ordinary user",  # 8 speaker.role, with a space
    ]
    talk = Interview()
    for raw in head[2:]:  # what the script leaves after its `back`
        talk.answer(raw)
    rest = 0
    while talk.question() is not None:
        talk.answer("")
        rest += 1
    review = [
        "8",  # change speaker.role ...
        "journalist",  # ... to journalist; every later answer is kept
        "",  # save
    ]
    out = tmp_path / "my-post.yaml"
    result = cli("ask", "-o", str(out), "--no-check", input="\n".join(head + [""] * rest + review) + "\n")
    assert result.exit_code == 0, result.stderr
    data = load_mapping(out.read_text(encoding="utf-8"))
    scenario = scenario_from_data(data, str(out))
    assert scenario.id == "my-post" and scenario.date == dt.date(2024, 3, 15)
    assert scenario.act.value == "post" and scenario.platform.value == "facebook"
    assert scenario.speaker.role is not None and scenario.speaker.role.value == "journalist"
    assert "taken as: 2024-03-15" in result.stderr
    assert result.stderr.count("\nReview: the answers given\n") == 2  # once, then again after the change
    assert "   8. speaker.role: ordinary_user" in result.stderr
    assert "   8. speaker.role: journalist" in result.stderr
    assert result.stderr.count("[8/") == 2  # role put again from the review, nothing after it
    assert result.stdout == out.read_text(encoding="utf-8")


def test_a_number_out_of_range_at_the_review_is_refused_then_saved(cli: Callable[..., Any]) -> None:
    n = len(fields_asked({}))
    script = [""] * n + ["99", "maybe", ""]
    result = cli("ask", "--no-check", input="\n".join(script) + "\n")
    assert result.exit_code == 0, result.stderr
    assert f"not allowed: give a number from 1 to {n}, or press Enter to save" in result.stderr
    assert "not allowed: 'maybe' is not a choice here" in result.stderr
    assert result.stdout == "act: post\n"


# ------------------------------------------------------------------ back and revise


def test_back_returns_to_the_previous_question_and_forgets_its_answer() -> None:
    talk = Interview()
    with pytest.raises(AnswerError, match="this is the first question"):
        talk.back()
    talk.answer("first-try")
    talk.answer("A title")
    talk.back()
    q = talk.question()
    assert q is not None and q.field == "title"
    talk.back()
    talk.answer("second-try")
    assert talk.answers == {"id": "second-try"} and len(talk.log) == 1


def test_changing_an_answer_keeps_the_later_ones_and_asks_what_it_opens() -> None:
    talk = Interview()
    run_to(talk, "context.removed")
    talk.answer("no")
    talk.answer("protests")  # context.tension: removed_quickly was not put
    talk.answer("fine")  # sanction.kind
    assert talk.question() is None
    number = next(i for i, e in enumerate(talk.log, 1) if e.question.field == "context.removed")
    talk.revise(number)
    assert (q := talk.question()) is not None and q.field == "context.removed"
    talk.answer("yes")
    assert (q := talk.question()) is not None and q.field == "context.removed_quickly"  # new: asked
    talk.answer("yes")
    assert talk.question() is None  # tension and sanction kept from before
    context = talk.scenario_data()["context"]
    assert context == {"removed": True, "removed_quickly": True, "tension": "protests"}
    assert talk.answers["sanction.kind"] == "fine"


def test_changing_the_claims_gate_drops_the_claim_answers() -> None:
    talk = Interview()
    run_to(talk, "claims?")
    talk.answer("yes")
    talk.answer("The mayor stole the budget")
    talk.answer("false")
    while talk.question() is not None:
        talk.answer("")
    assert talk.claims == [{"text": "The mayor stole the budget", "verified": False}]
    talk.revise(next(i for i, e in enumerate(talk.log, 1) if e.question.field == "claims?"))
    talk.answer("no")
    assert talk.question() is None
    assert talk.claims == [] and "claims" not in talk.scenario_data().get("content", {})


# ------------------------------------------------------------------ what an answer may be


@pytest.mark.parametrize("raw", ["15.03.2024", "15/03/2024", "15-03-2024", "2024-03-15", " 15.3.2024 "])
def test_a_date_may_be_written_day_first(raw: str) -> None:
    assert parse(question("date"), raw) == dt.date(2024, 3, 15)


@pytest.mark.parametrize(
    ("raw", "message"), [("31.02.2024", "'31.02.2024' is not a date"), ("03.15.2024", "not a date")]
)
def test_an_impossible_day_first_date_is_refused(raw: str, message: str) -> None:
    with pytest.raises(AnswerError, match=message):
        parse(question("date"), raw)


@pytest.mark.parametrize(
    ("field", "raw", "value"),
    [
        ("act", "8", "protest_call"),
        ("act", "Protest Call", "protest_call"),
        ("speaker.role", "ordinary user", "ordinary_user"),
        ("speaker.role", "ORDINARY_USER", "ordinary_user"),
        ("content.themes", "1, 3", None),
        ("content.themes", "land reform, government criticism", ["land_reform", "government_criticism"]),
        ("content.themes", "secession foreign_state_union", ["secession", "foreign_state_union"]),
    ],
)
def test_a_choice_may_be_given_by_number_or_with_spaces(field: str, raw: str, value: Any) -> None:
    q = question(field)
    got = parse(q, raw)
    if value is None:  # by numbers: the first and third choices, in the order shown
        value = [q.choices[0], q.choices[2]]
    assert got == value


def test_a_numbered_choice_works_in_the_interview() -> None:
    talk = Interview()
    run_to(talk, "act")
    q = talk.question()
    assert q is not None and "8 protest_call" in q.allowed()
    talk.answer("8")
    assert talk.answers["act"] == "protest_call"


@pytest.mark.parametrize(
    ("field", "raw", "message"),
    [
        ("speaker.role", "ordnary user", "did you mean ordinary_user? use 1 "),
        ("platform", "vkontakt", "did you mean vkontakte?"),
        ("content.themes", "secession, etnicity", "'etnicity' is not among the answers; did you mean ethnicity?"),
        ("act", "13", "'13' is not one of the answers; use 1 post"),
    ],
)
def test_a_near_miss_is_refused_with_a_suggestion(field: str, raw: str, message: str) -> None:
    with pytest.raises(AnswerError) as exc:
        parse(question(field), raw)
    assert message in str(exc.value)


# ------------------------------------------------------------------ questions that cannot matter


def test_removed_quickly_is_not_asked_when_nothing_was_removed() -> None:
    assert "context.removed_quickly" not in fields_asked({"context.removed": "no"})
    assert "context.removed_quickly" in fields_asked({"context.removed": "yes"})
    assert "context.removed_quickly" in fields_asked({"context.removed": "unknown"})


def test_progress_counts_the_questions_still_to_come() -> None:
    talk = Interview()
    first, total = talk.progress()
    assert first == 1 and total == len(fields_asked({}))
    run_to(talk, "context.removed")
    n, before = talk.progress()
    talk.answer("no")
    assert talk.progress() == (n + 1, before - 1)  # removed_quickly dropped from the count


def test_a_skipped_question_is_one_no_rule_could_read(kb: KnowledgeBase) -> None:
    """A question skipped when an earlier answer is X must be read by the rules only in ways X rules
    out: here, `removed_quickly` is read only as `is: true`, never as unknown, never as needed."""
    conds = [el.when for p in kb.provisions for v in p.versions for part in v.parts for el in part.elements]
    conds += [d.when for p in kb.provisions for d in p.defences] + [d.when for d in kb.definitions]
    conds += [c for s in kb.standards for c in (s.engaged_when, *(r.when for t in s.tests for r in t.rules))]
    for q in questions():
        if not q.skip_if:
            continue
        assert q.field == "context.removed_quickly" and q.skip_if == (("context.removed", False),)
        found = [a for c in conds for a in atoms(c)]
        reads = [a for a in found if isinstance(a, FactCond) and a.fact == q.field]
        assert reads and all(a.is_ is True and a.any_of is None and a.none_of is None for a in reads)
        assert not [a for a in found if isinstance(a, UnknownCond) and a.unknown == q.field]
        assert all(q.field not in t.needs for s in kb.standards for t in s.tests)


# ------------------------------------------------------------------ what the user reads


def test_why_texts_cite_sources_not_internal_files() -> None:
    for q in questions():
        assert ".md" not in q.why, q.field
        assert not re.search(r"\b00\d\b", q.why), q.field  # seed file numbers
    role = question("speaker.with_others").why
    assert "ODF 2016" in role and "CC Art. 174" in role
    assert "Amnesty 2017" in question("content.targets").why
    assert "GC34 para 47" in question("content.claims.knowledge").why


def test_read_by_is_the_count_and_the_first_three() -> None:
    names = ["CAO 488", "ICCPR Art. 19", "CC 174", "CC 180", "CC 274", "CC 400"]
    assert read_by(names) == "6 (CC 174, CC 180, CC 274 and 3 more)"
    assert read_by(["ICCPR Art. 19", "CC 174"]) == "CC 174, ICCPR Art. 19"
    assert read_by([]) == "no encoded rule"


def test_the_prompt_shows_progress_and_a_short_read_by(cli: Callable[..., Any]) -> None:
    result = cli("ask", "--no-check", input="\n" * 60)
    assert result.exit_code == 0, result.stderr
    assert re.search(r"\n\[1/\d+\] A short name", result.stderr)
    for line in result.stderr.splitlines():
        if line.startswith("    read by "):
            assert line.count(",") <= 2 and "legal-facts" not in line, line
    assert "legal-facts" not in result.stderr
