"""The interview of `kzlex ask`: what each answer may be, where it leads, and the scenario file it makes.

Pure: no input, no output. The command feeds answers in one at a time (`Interview.answer`),
and gets back either the next question or a message saying what is allowed. The questions
themselves (words, fields, choices, and why each fact matters legally) are data,
rules/features/interview.yaml, in the order of SCENARIO_FORMAT.md, so the saved file reads like
the contract; engine/features/readers.py adds which rules actually read each field.

`Interview` keeps every answer as typed, so it can go back one question (`back`) or change one
answer from the review (`revise`) by replaying the others: the answers after a changed one are
kept where the same question is put again.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from engine.knowledge.feature_files import interview_questions
from engine.model.dates import in_scope, typed_day
from engine.model.errors import control_pattern
from engine.model.interview import UNKNOWN, Question
from engine.model.scenario import MAX_SUMMARY

YES = ("yes", "y", "true")
NO = ("no", "n", "false")


def questions() -> tuple[Question, ...]:
    """The questions in the order they are put, from rules/features/interview.yaml (read on first use)."""
    return interview_questions().questions


_SLUG = re.compile(r"^[a-z0-9-]+$")
# Refused in an answer: every control character but C1 (U+0080 to U+009F), which is not refused
# answer by answer: the scenario's own check refuses it when the answers are validated, with its message.
_CONTROL = control_pattern(allowed=r"\x80-\x9f")


class AnswerError(ValueError):
    """An answer this question does not take; the message says what it does take."""


def _name(text: str) -> str:
    """A choice as typed, as the file spells it: `Ordinary User` -> `ordinary_user`."""
    return re.sub(r"[\s_]+", "_", text.strip().lower())


def _choice(q: Question, text: str) -> str | None:
    """The choice a piece of an answer names, by name or by number; None when it names none."""
    name = _name(text)
    if name in q.choices:
        return name
    if name.isdigit() and 1 <= int(name) <= len(q.choices):
        return q.choices[int(name) - 1]
    return None


def _did_you_mean(q: Question, text: str) -> str:
    close = difflib.get_close_matches(_name(text), q.choices, n=1, cutoff=0.6)
    return f"did you mean {close[0]}? " if close else ""


def _date(text: str) -> dt.date:
    """ISO (2024-03-15) or the local day-first form (15.03.2024, 15/03/2024)."""
    try:
        return typed_day(text)
    except ValueError:
        raise AnswerError(f"'{text}' is not a date; give a date: 2024-03-15 or 15.03.2024 (day first)") from None


def parse(q: Question, raw: str) -> Any:
    """The value an answer gives the field: None to leave it out. Raises AnswerError."""
    text = raw.strip() or q.default
    low = text.lower()
    if low == UNKNOWN and q.field != "act" and not q.field.endswith("?"):
        return None
    if q.kind == "bool":
        if low in YES:
            return True
        if low in NO:
            return False
        raise AnswerError(f"answer {q.allowed()}")
    if q.kind == "choice":
        found = _choice(q, text)
        if found is not None:
            return found
        raise AnswerError(f"'{text}' is not one of the answers; {_did_you_mean(q, text)}use {q.allowed()}")
    if q.kind == "choices":
        return _choices(q, text)
    if q.kind == "count":
        digits = text.replace(",", "").replace("_", "")
        if not digits.isdigit():
            raise AnswerError(f"'{text}' is not a whole number; give {q.allowed()}")
        return int(digits)
    if q.kind == "date":
        day = _date(text)
        if not in_scope(day):
            raise AnswerError(f"{day.isoformat()} is out of range; give {q.allowed()}")
        return day
    if _CONTROL.search(text):
        raise AnswerError("the answer contains a control character; type plain text")
    if q.kind == "slug":
        if not _SLUG.match(text) or len(text) > 120:
            raise AnswerError(f"'{text}' is not a short name; use {q.allowed()}")
        return text
    if len(text) > (500 if q.field == "title" else MAX_SUMMARY):
        raise AnswerError("the answer is too long; shorten it")
    return text


def _choices(q: Question, text: str) -> list[str]:
    """Several choices, separated by commas; a piece that names no choice whole may be several
    separated by spaces (`secession foreign_state_union`, `1 3`)."""
    pieces = [p for p in text.split(",") if p.strip()]
    if [_name(p) for p in pieces] == ["none"]:
        return []
    found: list[str] = []
    bad: list[str] = []
    for piece in pieces:
        whole = _choice(q, piece)
        if whole is not None:
            found.append(whole)
            continue
        words = [_choice(q, w) for w in piece.split()]
        if words and all(w is not None for w in words):
            found += [w for w in words if w is not None]
        else:
            bad.append(piece.strip())
    if bad or not found:
        hint = _did_you_mean(q, bad[0]) if len(bad) == 1 else ""
        raise AnswerError(f"'{', '.join(bad) or text}' is not among the answers; {hint}give {q.allowed()}")
    return list(dict.fromkeys(found))


def shown(value: Any) -> str:
    """A parsed answer as the review lists it."""
    if value is None:
        return f"{UNKNOWN} (left out)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "none"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class Answer:
    """One answer given: the question, the answer as typed, and what it was taken to mean."""

    question: Question
    raw: str
    value: Any


@dataclass
class Interview:
    """The state of one interview: the answers so far and where it stands."""

    answers: dict[str, Any] = field(default_factory=dict)
    claims: list[dict[str, Any]] = field(default_factory=list)
    log: list[Answer] = field(default_factory=list)  # every answer taken, in order
    _index: int = 0
    _claim: dict[str, Any] | None = None
    _in_claims: bool = False
    _in_assembly: bool = False
    _kept: dict[tuple[str, int], str] = field(default_factory=dict)  # answers kept by `revise`

    def question(self) -> Question | None:
        """The next question to put, or None when the interview is over."""
        asked = questions()
        while self._index < len(asked):
            q = asked[self._index]
            if q.section == "claim" and not self._in_claims:
                self._index += 1
                continue
            if q.section == "assembly" and not self._in_assembly:
                self._index += 1
                continue
            if any(f in self.answers and self.answers[f] == v for f, v in q.skip_if):
                self._index += 1
                continue
            if any(self.answers.get(f) in values for f, values in q.default_yes_if):
                return q.model_copy(update={"default": "yes"})
            return q
        return None

    def answer(self, raw: str) -> Any:
        """Record an answer to the current question; AnswerError leaves the interview where it was.

        After a `revise`, the answers kept from before are then taken for the questions that follow,
        as far as the same questions come again."""
        value = self._record(raw)
        self._take_kept()
        return value

    def back(self) -> None:
        """Forget the last answer, so its question is put again."""
        if not self.log:
            raise AnswerError("this is the first question; there is no answer to go back to")
        self._replay([e.raw for e in self.log[:-1]])

    def revise(self, number: int) -> None:
        """Put answer `number` (1-based, as the review lists them) again; keep the answers after it."""
        if not 1 <= number <= len(self.log):
            raise AnswerError(f"give a number from 1 to {len(self.log)}, or press Enter to save")
        old = self.log
        kept = {self._key(e.question, old[:i]): e.raw for i, e in enumerate(old) if i >= number}
        self._kept = {}
        self._replay([e.raw for e in old[: number - 1]])
        self._kept = kept

    def progress(self) -> tuple[int, int]:
        """(number of the current question, questions in all if every later gate takes its default)."""
        rest = copy.deepcopy(self)
        rest._kept = {}
        left = 0
        while rest.question() is not None:
            left += 1
            rest._record("")
        return len(self.log) + 1, len(self.log) + left

    def _key(self, q: Question, before: list[Answer]) -> tuple[str, int]:
        """A question and how many times it was put before: the claim questions come once a claim."""
        return q.field, sum(1 for e in before if e.question.field == q.field)

    def _take_kept(self) -> None:
        while self._kept and (q := self.question()) is not None:
            raw = self._kept.pop(self._key(q, self.log), None)
            if raw is None:
                return
            try:
                self._record(raw)
            except AnswerError:
                return
        if self.question() is None:
            self._kept = {}

    def _replay(self, raws: list[str]) -> None:
        kept = self._kept
        fresh = Interview()
        for raw in raws:
            fresh._record(raw)
        self.__dict__.update(fresh.__dict__)
        self._kept = kept

    def _record(self, raw: str) -> Any:
        q = self.question()
        if q is None:
            raise AnswerError("the interview is over")
        value = parse(q, raw)
        self.log.append(Answer(q, raw.strip(), value))
        self._index += 1
        if q.field == "claims?":
            self._in_claims = bool(value)
            self._claim = {}
        elif q.field == "claim.more?":
            if self._claim:
                self.claims.append(self._claim)
            self._claim = {}
            if value:
                self._index = next(i for i, x in enumerate(questions()) if x.field == "claims?") + 1
            else:
                self._in_claims = False
        elif q.field == "assembly?":
            self._in_assembly = bool(value)
        elif q.section == "claim":
            if value is not None and self._claim is not None:
                self._claim[q.field.rsplit(".", 1)[1]] = (
                    value == "true" if q.field == "content.claims.verified" else value
                )
        elif value is not None:
            self.answers[q.field] = value
        return value

    def scenario_data(self) -> dict[str, Any]:
        """The answers as a scenario mapping, keys in the order of SCENARIO_FORMAT.md; unsaid fields left out."""
        data: dict[str, Any] = {}
        for q in questions():
            if q.field.endswith("?"):
                continue
            if q.field == "content.claims.text" and self.claims:
                data.setdefault("content", {})["claims"] = list(self.claims)
                continue
            if q.field not in self.answers:
                continue
            node = data
            *parents, leaf = q.field.split(".")
            for p in parents:
                node = node.setdefault(p, {})
            node[leaf] = self.answers[q.field]
        return data


class _Dumper(yaml.SafeDumper):
    """Block mappings; lists of plain values inline, as SCENARIO_FORMAT.md writes them."""


def _list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.SequenceNode:
    flow = all(not isinstance(x, (dict, list)) for x in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _list)


def to_yaml(data: dict[str, Any]) -> str:
    """The scenario file: deterministic, one value a line, UTF-8 kept readable."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=10_000)
