"""The features' data files (rules/features/): the shipped ones validate, and each fault in a broken
copy gets one message that names the file, the preset or question, and the field.

Each broken file is the shipped one with one line changed, so a fault that stops being caught,
or a message that drifts, names itself. The messages are asserted whole, as in test_validate.py.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from engine.features.interview import questions
from engine.knowledge import feature_files, validation
from engine.knowledge.feature_files import chill_presets, interview_questions
from engine.model.errors import KnowledgeBaseError
from engine.model.facts import FIELD_VALUES
from engine.model.fields import named_values

REPO = Path(__file__).resolve().parent.parent
PRESETS = REPO / feature_files.CHILL_PRESETS
INTERVIEW = REPO / feature_files.INTERVIEW


def _values(path: str) -> str:
    allowed = FIELD_VALUES[path]
    assert isinstance(allowed, frozenset)
    return ", ".join(sorted(allowed))


def _n(field: str) -> int:
    """A question's index in the shipped file, as messages count them."""
    return [q.field for q in questions()].index(field)


def _broken(source: Path, old: str, new: str, where: Path) -> Path:
    """A copy of a shipped file with one piece of text changed (which must occur exactly once)."""
    text = source.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    where.mkdir(parents=True, exist_ok=True)
    path = where / source.name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


# (text in the shipped file, what it becomes, the message)
PRESET_FAULTS: dict[str, tuple[str, str, str]] = {
    "unknown-field": (
        "content.targets: [ethnic_group]",
        "content.target: [ethnic_group]",
        "topics.ethnicity: unknown scenario field 'content.target'; did you mean 'content.targets'?",
    ),
    "bad-value": (
        "content.form: question}",
        "content.form: questions}",
        f"acts.poll: 'questions' is not a value of content.form; use one of {_values('content.form')}",
    ),
    "list-for-one-value": (
        "stance: endorses}",
        "stance: [endorses]}",
        "acts.repost: stance takes one value, not ['endorses']",
    ),
    "not-an-act": (
        "  video:\n",
        "  vlog:\n",
        f"acts.vlog: 'vlog' is not an act; use one of {', '.join(named_values('act'))}",
    ),
    "topic-without-theme": (
        "sets: {content.themes: [secession]}",
        "sets: {content.targets: [individual]}",
        "topics.secession: sets no content.themes; its first theme names the topic",
    ),
    "unregistered-source": (
        "sets: {content.themes: [secession]}",
        "sets: {content.themes: [secession]}\n    source: nowhere-2020",
        "topics.secession: source 'nowhere-2020' is not registered; register it in rules/sources.yaml",
    ),
    "harmless-unknown-field": (
        "context.tension: none",
        "context.tensions: none",
        "harmless: unknown scenario field 'context.tensions'; did you mean 'context.tension'?",
    ),
    "adds-to-not-a-list": (
        "adds_to: [content.calls_to]",
        "adds_to: [content.form]",
        "adds_to: 'content.form' is not a list field of the scenario",
    ),
    "bad-base": (
        "reach: {public: true}",
        "reach: {publik: true}",
        "base.scenario.reach.publik: unknown key; did you mean 'public'?",
    ),
}

INTERVIEW_FAULTS: dict[str, tuple[str, str, str]] = {
    "unknown-field": (
        "field: reach.public\n",
        "field: reach.publc\n",
        f"questions.{_n('reach.public')} (reach.publc): unknown scenario field 'reach.publc'; "
        "did you mean 'reach.public'?",
    ),
    "choice-not-allowed": (
        "choices: [own, shared, third_party]",
        "choices: [own, shared, ghost_writer]",
        f"questions.{_n('authorship')} (authorship): choice 'ghost_writer' is not a value of authorship; "
        f"use one of {', '.join(named_values('authorship'))}",
    ),
    "wrong-kind": (
        "kind: count",
        "kind: text",
        f"questions.{_n('reach.audience')} (reach.audience): kind 'text' cannot set this field; use count",
    ),
    "choices-all-without-values": (
        "    kind: count\n",
        "    kind: count\n    choices: all\n",
        f"questions.{_n('reach.audience')}: choices: all needs a field with named values; 'reach.audience' has none",
    ),
    "default-not-an-answer": (
        "default: post",
        "default: shout",
        f"questions.{_n('act')} (act): default 'shout' is not an answer; use one of {', '.join(named_values('act'))}",
    ),
    "skip-if-no-question": (
        "skip_if: {context.removed: false}",
        "skip_if: {context.remove: false}",
        f"questions.{_n('context.removed_quickly')} (context.removed_quickly): skip_if: 'context.remove' is "
        "no question asked before this one",
    ),
    "unknown-gate": (
        "  - field: context.complaint_by\n",
        '  - field: weather?\n    ask: Was it raining?\n    kind: bool\n    default: "no"\n    why: None.\n'
        "  - field: context.complaint_by\n",
        f"questions.{_n('context.complaint_by')} (weather?): no such gate; the gates are claims?, claim.more?, "
        "assembly?",
    ),
    "claim-outside-its-block": (
        "    section: claim\n    why: Each statement",
        "    why: Each statement",
        f"questions.{_n('claim.more?')} (claim.more?): section must be claim",
    ),
}


@pytest.fixture
def _fresh_cache() -> Iterator[None]:
    """The loaders cache per process; a test that points them elsewhere must not leave that behind."""
    chill_presets.cache_clear()
    interview_questions.cache_clear()
    yield
    chill_presets.cache_clear()
    interview_questions.cache_clear()


def test_the_shipped_feature_files_validate(cli: Callable[..., Any]) -> None:
    result = cli("validate", str(REPO / "rules" / "features"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "ok: 2 file(s), no problems"
    whole = cli("validate")
    assert whole.exit_code == 0, whole.stderr
    assert whole.stderr == ""


@pytest.mark.parametrize("fault", sorted(PRESET_FAULTS))
def test_a_broken_presets_file_names_the_field(fault: str, cli: Callable[..., Any], tmp_path: Path) -> None:
    old, new, message = PRESET_FAULTS[fault]
    path = _broken(PRESETS, old, new, tmp_path)
    result = cli("validate", str(path))
    assert result.exit_code == 2, result.stdout
    assert result.stderr.splitlines() == [f"{path}: {message}", "1 problem(s) in 1 file(s)"]


@pytest.mark.parametrize("fault", sorted(INTERVIEW_FAULTS))
def test_a_broken_interview_file_names_the_field(fault: str, cli: Callable[..., Any], tmp_path: Path) -> None:
    old, new, message = INTERVIEW_FAULTS[fault]
    path = _broken(INTERVIEW, old, new, tmp_path)
    result = cli("validate", str(path))
    assert result.exit_code == 2, result.stdout
    assert result.stderr.splitlines() == [f"{path}: {message}", "1 problem(s) in 1 file(s)"]


def test_validate_of_the_whole_repository_checks_the_feature_files(
    cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for folder in ("rules", "scenarios"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    old, new, message = PRESET_FAULTS["unknown-field"]
    _broken(PRESETS, old, new, tmp_path / "rules" / "features")
    monkeypatch.setattr(validation, "data_root", lambda: tmp_path)
    result = cli("validate")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"{feature_files.CHILL_PRESETS}: {message}"


@pytest.mark.usefixtures("_fresh_cache")
def test_the_commands_refuse_a_broken_file_with_its_message(
    cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    where = tmp_path / "rules" / "features"
    old, new, message = PRESET_FAULTS["bad-value"]
    _broken(PRESETS, old, new, where)
    old, new, asked = INTERVIEW_FAULTS["wrong-kind"]
    _broken(INTERVIEW, old, new, where)
    monkeypatch.setattr(feature_files, "data_root", lambda: tmp_path)
    with pytest.raises(KnowledgeBaseError, match="^rules/features/chill_presets.yaml: acts.poll: 'questions'"):
        chill_presets()
    chill = cli("chill", "--format", "json")
    assert chill.exit_code == 2
    assert chill.stderr.strip() == f"error: {feature_files.CHILL_PRESETS}: {message}"
    ask = cli("ask", "--no-check", input="\n" * 60)
    assert ask.exit_code == 2
    assert ask.stderr.strip().endswith(f"error: {feature_files.INTERVIEW}: {asked}")


def test_the_old_preset_names_answer_from_the_data_file() -> None:
    """kzlex_cli and older callers read the presets as constants of engine.features.chill."""
    from engine.features import chill

    assert chill.DEFAULT_ACTS == tuple(chill.presets().acts) == chill.default_acts()
    assert chill.ACTS["message"] == {"authorship": "own", "reach.public": False}
    assert list(chill.TOPICS) == list(chill.TOPIC_THEME) == list(chill.presets().topics)
    assert chill.TOPIC_THEME["land_reform"] == "land_reform"
    assert chill.HARMLESS[0] == ("content.themes", [])
    with pytest.raises(AttributeError):
        _ = chill.NO_SUCH_PRESET
