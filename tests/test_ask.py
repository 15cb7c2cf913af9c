"""`kzlex ask`: piped answers build exactly the scenario a person would write by hand.

tests/data/ask/ridder-poll.yaml was written by hand, in the layout of SCENARIO_FORMAT.md's
example; the interview must reproduce it byte for byte, through defaults (empty lines),
`unknown`, a wrong answer asked again, and a statement-of-fact loop.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from engine.features.interview import AnswerError, Interview, parse, questions, to_yaml
from kzlex_cli.common import scenario_from_data

DATA = Path(__file__).resolve().parent / "data" / "ask"

# One line per question put, in order; comments name the question.
ANSWERS = [
    "ridder-poll",  # id
    "Poll on joining Russia on a city VKontakte page",  # title
    "1 September 2015",  # date: refused, asked again
    "2015-09-01",  # date
    "poll",  # act
    "VKontakte",  # platform (case does not matter)
    "y",  # reach.public
    "506",  # reach.audience
    "page_admin",  # speaker.role
    "no",  # speaker.leads_public_association
    "n",  # speaker.official_position
    "false",  # speaker.repeat
    "no",  # speaker.with_others
    "third_party",  # authorship
    "neutral",  # stance
    "Poll asking whether the region should secede and join Russia.",  # content.summary
    "",  # content.text: default, left out
    "ru",  # content.language
    "secession, foreign_state_union",  # content.themes
    "none",  # content.calls_to: calls for nothing
    "none",  # content.targets
    "no",  # content.insulting_terms
    "",  # content.threat (v2): default, left out
    "question",  # content.form
    "yes",  # claims?
    "Bank X financed projects through violations",  # content.claims.text
    "unknown",  # content.claims.verified: left out
    "",  # content.claims.knowledge (v2): default, left out
    "major_damage",  # content.claims.harm_alleged
    "",  # claim.more?: default no
    "",  # content.imminent: default, left out
    "",  # assembly?: default no for a poll
    "users",  # context.complaint_by
    "yes",  # context.removed
    "yes",  # context.removed_quickly
    "none",  # context.tension
    "",  # sanction.kind (v2): default, left out
]


def test_piped_answers_write_the_hand_written_file(cli: Callable[..., Any], tmp_path: Path) -> None:
    out = tmp_path / "ridder-poll.yaml"
    result = cli("ask", "-o", str(out), "--no-check", input="\n".join(ANSWERS) + "\n")
    assert result.exit_code == 0, result.stderr
    expected = (DATA / "ridder-poll.yaml").read_bytes()
    assert out.read_bytes() == expected
    assert result.stdout == expected.decode("utf-8")  # shown as saved
    assert "'1 September 2015' is not a date" in result.stderr  # refused, then asked again
    assert result.stderr.count("[24/31] Does it state something as fact") == 1  # of all to be put so far
    assert "[25/36] The statement, in one line" in result.stderr  # the claim block adds its questions
    assert "\nReview: the answers given\n" in result.stderr  # the input ended at the review: saved


def test_hand_written_file_is_a_valid_scenario() -> None:
    from engine.knowledge.safe_yaml import load_mapping

    scenario = scenario_from_data(load_mapping((DATA / "ridder-poll.yaml").read_text(encoding="utf-8")), "x")
    assert scenario.content.calls_to == [] and scenario.reach.audience == 506


def test_interview_runs_the_check(cli: Callable[..., Any]) -> None:
    result = cli("ask", input="\n".join(ANSWERS) + "\n")
    assert result.exit_code == 0, result.stderr
    assert "not saved: give -o FILE.yaml" in result.stderr
    assert "kzlex check: Poll on joining Russia" in result.stdout
    assert "ICCPR assessment" in result.stdout


def test_ended_input_is_an_error(cli: Callable[..., Any], tmp_path: Path) -> None:
    out = tmp_path / "half.yaml"
    result = cli("ask", "-o", str(out), input="\n".join(ANSWERS[:5]) + "\n")
    assert result.exit_code == 2
    assert result.stderr.strip().endswith(
        "error: input ended at question 5 (platform) before the interview was complete; answer every "
        "question, or give an empty line to take the default"
    )
    assert not out.exists()


def test_output_must_be_yaml(cli: Callable[..., Any]) -> None:
    result = cli("ask", "-o", "scenario.txt", input="")
    assert result.exit_code == 2
    assert "error: -o: 'scenario.txt' must end in .yaml or .yml; the scenario is saved as YAML" in result.stderr


def test_every_question_says_why_and_what_is_allowed() -> None:
    for q in questions():
        assert q.why.strip() and q.allowed(), q.field
        parse(q, "")  # the default is itself an allowed answer


@pytest.mark.parametrize(
    ("field", "raw", "message"),
    [
        ("act", "unknown", "'unknown' is not one of the answers"),
        ("act", "shout", "'shout' is not one of the answers; use 1 post, 2 repost"),
        ("reach.public", "maybe", "answer yes, no, unknown"),
        ("reach.audience", "lots", "'lots' is not a whole number"),
        ("content.themes", "secession, weather", "'weather' is not among the answers"),
        ("id", "Ridder Poll", "'Ridder Poll' is not a short name"),
        ("date", "1991-01-01", "1991-01-01 is out of range"),
    ],
)
def test_wrong_answers_say_what_is_allowed(field: str, raw: str, message: str) -> None:
    talk = Interview()
    while (q := talk.question()) is not None and q.field != field:
        talk.answer("")
    assert q is not None
    with pytest.raises(AnswerError) as exc:
        talk.answer(raw)
    assert message in str(exc.value)
    assert talk.question() == q  # asked again


def test_a_call_to_a_rally_opens_the_assembly_questions() -> None:
    talk = Interview()
    fields = []
    while (q := talk.question()) is not None:
        fields.append(q.field)
        talk.answer("protest_call" if q.field == "act" else "")
    assert "assembly.notified" in fields  # the gate defaults to yes for a protest call
    assert to_yaml(talk.scenario_data()) == "act: protest_call\n"
