"""The features' own data files (chill presets, interview questions): loading them and checking them.

They are not law, so they are not part of the knowledge base, but they name scenario fields and
values as the rules do, and a typo there would fail only when a trainer draws the grid or a user
reaches that question. So they load as strictly as a rule file, and every field and value is
checked against the scenario contract; `kzlex validate` lists every problem, a command that
needs the file refuses to run on a broken one.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from engine.knowledge.paths import data_root
from engine.knowledge.safe_yaml import load_mapping, read_path, validate
from engine.model.errors import InputError, KnowledgeBaseError
from engine.model.facts import FACT_PATHS, FIELD_VALUES, LIST_READINGS, model_in, normalise
from engine.model.fields import annotation, field_paths, holds_list, is_date, named_values
from engine.model.interview import GATES, UNKNOWN, Question, Questions
from engine.model.presets import ChillPresets, Value

CHILL_PRESETS = "rules/features/chill_presets.yaml"
INTERVIEW = "rules/features/interview.yaml"
FILES: tuple[tuple[str, type[BaseModel]], ...] = ((CHILL_PRESETS, ChillPresets), (INTERVIEW, Questions))

M = TypeVar("M", bound=BaseModel)
_NAME = re.compile(r"^[a-z0-9_]+$")  # a preset is typed on the command line, in a list split at commas


def model_for(data: dict[str, Any]) -> type[BaseModel] | None:
    """Which feature file a mapping is, by its top-level keys; None when it is neither."""
    if "act" in data:
        return None  # a scenario
    if "questions" in data:
        return Questions
    if "topics" in data and "harmless" in data:
        return ChillPresets
    return None


def problems(obj: BaseModel, origin: str, sources: Collection[str] | None = None) -> list[str]:
    """Every field or value of a feature file the scenario contract does not have (and, given the
    registry's keys, every source it does not register)."""
    if isinstance(obj, ChillPresets):
        return [f"{origin}: {p}" for p in _preset_problems(obj, sources)]
    if isinstance(obj, Questions):
        return [f"{origin}: {p}" for p in _question_problems(obj)]
    return []


def read(path: Path, origin: str, model: type[M]) -> M:
    """A feature file read and validated against its model; InputError names the file and the field."""
    try:
        data = load_mapping(read_path(path))
    except InputError as exc:
        text = str(exc)
        raise InputError(text if text.startswith(str(path)) else f"{origin}: {text}") from None
    return validate(model, data, origin=origin)


def check(root: Path, sources: Collection[str] | None = None) -> list[str]:
    """Every problem in the shipped feature files, each naming the file and the field."""
    out: list[str] = []
    for rel, model in FILES:
        try:
            out += problems(read(root / rel, rel, model), rel, sources)
        except InputError as exc:
            out.append(str(exc))
    return out


def _load(rel: str, model: type[M], root: Path | None) -> M:
    try:
        obj = read((root or data_root()) / rel, rel, model)
    except InputError as exc:
        raise KnowledgeBaseError(str(exc)) from None
    found = problems(obj, rel)
    if found:
        more = f" (and {len(found) - 1} more; run `kzlex validate`)" if len(found) > 1 else ""
        raise KnowledgeBaseError(f"{found[0]}{more}")
    return obj


@cache
def chill_presets(root: Path | None = None) -> ChillPresets:
    """The chill presets, or an error naming the file and the field; cached per process."""
    return _load(CHILL_PRESETS, ChillPresets, root)


@cache
def interview_questions(root: Path | None = None) -> Questions:
    """The interview's questions, or an error naming the file and the field; cached per process."""
    return _load(INTERVIEW, Questions, root)


# ---------------------------------------------------------------- fields and values


def _unknown_field(path: str, paths: Collection[str]) -> str:
    near = difflib.get_close_matches(path, sorted(paths), n=1)
    hint = f"; did you mean '{near[0]}'?" if near else ""
    return f"unknown scenario field '{path}'{hint}"


def _value_problem(path: str, value: Value) -> str | None:
    """Why a preset cannot set this field to this value; None when it can."""
    settable = FACT_PATHS - LIST_READINGS.keys()
    ann = annotation(path)
    if ann is not None and model_in(ann) is not None and holds_list(ann):  # the list of claims
        return None if value in ([], None) else f"{path} can only be emptied ([]) or left out (null)"
    if path not in settable:
        if ann is not None:
            return f"{path} is not a fact the rules read; a preset sets facts"
        return _unknown_field(path, settable | {"content.claims"})
    if value is None:
        return "act is required; it cannot be left out" if path == "act" else None
    is_list = isinstance(FIELD_VALUES[path], frozenset) and holds_list(ann)
    if is_list != isinstance(value, list):
        return f"{path} takes {'a list' if is_list else 'one value'}, not {value!r}"
    try:
        for item in value if isinstance(value, list) else [value]:
            normalise(path, item)
    except ValueError as exc:
        return str(exc)
    return None


def _preset_problems(p: ChillPresets, sources: Collection[str] | None) -> list[str]:
    out: list[str] = []
    acts = named_values("act")
    for axis, presets in (("acts", p.acts), ("topics", p.topics)):
        for name, preset in presets.items():
            where = f"{axis}.{name}"
            if axis == "acts" and name not in acts:
                out.append(f"{where}: '{name}' is not an act; use one of {', '.join(acts)}")
            elif not _NAME.match(name):
                out.append(f"{where}: a topic is named in lowercase letters, digits and _")
            for path, value in preset.sets.items():
                problem = _value_problem(path, value)
                if problem:
                    out.append(f"{where}: {problem}")
            if axis == "topics" and not preset.sets.get("content.themes"):
                out.append(f"{where}: sets no content.themes; its first theme names the topic")
            if preset.source is not None and sources is not None and preset.source not in sources:
                out.append(f"{where}: source '{preset.source}' is not registered; register it in rules/sources.yaml")
    for path in p.adds_to:
        if path not in FACT_PATHS or not holds_list(annotation(path)):
            out.append(f"adds_to: '{path}' is not a list field of the scenario")
    for path, value in p.harmless.items():
        problem = _value_problem(path, value)
        if problem:
            out.append(f"harmless: {problem}")
    return out


# ---------------------------------------------------------------- the interview


def _kind_for(path: str) -> tuple[str, ...]:
    """The kinds of question that can set a field, from its type."""
    if path.endswith("?"):
        return ("bool",)
    if named_values(path):
        return ("choices",) if holds_list(annotation(path)) else ("choice",)
    allowed = FIELD_VALUES.get(path)
    if allowed is bool:
        return ("bool",)
    if allowed is int:
        return ("count",)
    if is_date(path):
        return ("date",)
    return ("slug",) if path == "id" else ("text",)


def _default_problem(q: Question) -> str | None:
    gate = q.field.endswith("?")
    ok: tuple[str, ...]
    if q.kind == "bool":
        ok = ("yes", "no") if gate else ("yes", "no", UNKNOWN)
    elif q.kind == "choice":
        ok = q.choices if q.field == "act" else (*q.choices, UNKNOWN)
    else:
        ok = (UNKNOWN,)
    return None if q.default in ok else f"default '{q.default}' is not an answer; use one of {', '.join(ok)}"


def _question_problems(qs: Questions) -> list[str]:
    out: list[str] = []
    paths = [p for p in field_paths() if p not in ("content.claims", "assembly")]
    asked: dict[str, Question] = {}
    block: str | None = None  # the block the questions are in: opened by a gate, closed by one
    for n, q in enumerate(qs.questions):
        where = f"questions.{n} ({q.field})"

        def say(text: str, where: str = where) -> None:
            out.append(f"{where}: {text}")

        if q.field in asked:
            say("asked twice; ask each field once")
        if q.field.endswith("?") and q.field not in GATES:
            say(f"no such gate; the gates are {', '.join(GATES)}")
        elif not q.field.endswith("?") and q.field not in paths:
            say(_unknown_field(q.field, paths))
            asked[q.field] = q
            continue
        if q.kind not in _kind_for(q.field):
            say(f"kind '{q.kind}' cannot set this field; use {' or '.join(_kind_for(q.field))}")
        elif q.kind in ("choice", "choices"):
            values = named_values(q.field)
            if not q.choices:
                say("a choice needs choices")
            for c in q.choices:
                if c not in values:
                    say(f"choice '{c}' is not a value of {q.field}; use one of {', '.join(values)}")
            if len(set(q.choices)) != len(q.choices):
                say("a choice is listed twice")
        elif q.choices:
            say(f"a {q.kind} question has no choices")
        problem = _default_problem(q)
        if problem:
            say(problem)
        want = "claim" if q.field.startswith("content.claims.") or q.field == "claim.more?" else None
        want = "assembly" if q.field.startswith("assembly.") else want
        if q.section != want:
            say(f"section must be {want}" if want else "section: only a claim or an assembly field has one")
        if q.section is not None and q.section != block:
            gate = "claims?" if q.section == "claim" else "assembly?"
            say(f"{q.section} questions come right after {gate}, one after the other")
        block = {"claims?": "claim", "assembly?": "assembly", "claim.more?": None}.get(q.field, q.section)
        for field, value in q.skip_if:
            if field not in asked:
                say(f"skip_if: '{field}' is no question asked before this one")
            elif isinstance(value, bool) != (asked[field].kind == "bool") or (
                not isinstance(value, bool) and value not in asked[field].choices
            ):
                say(f"skip_if: {field} is never answered '{value}'")
        for field, values in q.default_yes_if:
            if field not in asked:
                say(f"default_yes_if: '{field}' is no question asked before this one")
            for v in values:
                if field in asked and v not in asked[field].choices:
                    say(f"default_yes_if: {field} is never answered '{v}'")
        asked[q.field] = q
    for field in ("act", *GATES):
        if field not in asked:
            out.append(f"questions: no question asks {field}; the interview needs it")
    return out
