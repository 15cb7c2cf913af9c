"""Properties over generated input (hypothesis).

Any valid scenario: the engine returns a result, never raises, and the JSON it prints validates
against the published result schema (`kzlex schema result`). Any bytes, any text, any YAML-ish
token soup: the loader either gives data or raises InputError, nothing else. Examples are kept
to a few dozen per property so the suite stays fast; raise HYPOTHESIS_PROFILE=thorough locally.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.knowledge.safe_yaml import decode, load_mapping
from engine.model.errors import InputError
from engine.model.scenario import (
    EARLIEST_DATE,
    LATEST_DATE,
    Act,
    AssemblyRole,
    Authorship,
    CallTo,
    ComplaintBy,
    Form,
    Harm,
    Language,
    Platform,
    Role,
    Stance,
    Target,
    Tension,
    Theme,
    Verified,
)
from engine.reasoning.evaluate import Engine, evaluate
from engine.render.json_out import dumps
from kzlex_cli.common import scenario_from_data
from kzlex_cli.schema import json_schema

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
settings.register_profile(
    "thorough", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

TODAY = dt.date(2026, 11, 23)
RESULT_SCHEMA = jsonschema.Draft202012Validator(json_schema("result"))
SCENARIO_SCHEMA = jsonschema.Draft202012Validator(json_schema("scenario"))

# Text a user might type, in any script, bidi marks included; never C0/C1 controls (refused by design).
TEXT = st.text(
    st.characters(blacklist_categories=("Cc", "Cs"), whitelist_characters="\t\n"),
    max_size=40,
)
BOOL = st.booleans()


def _enum(enum: type[Any]) -> st.SearchStrategy[str]:
    return st.sampled_from([m.value for m in enum])


def _some(enum: type[Any]) -> st.SearchStrategy[list[str]]:
    return st.lists(_enum(enum), max_size=4, unique=True)


def _optional(fields: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional=fields)


SCENARIOS = st.fixed_dictionaries(
    {"act": _enum(Act)},
    optional={
        "id": st.from_regex(r"[a-z0-9-]{1,20}", fullmatch=True),
        "title": TEXT,
        "date": st.dates(EARLIEST_DATE, LATEST_DATE).map(dt.date.isoformat),
        "platform": _enum(Platform),
        "reach": _optional({"public": BOOL, "audience": st.integers(0, 10_000_000_000)}),
        "speaker": _optional(
            {
                "role": _enum(Role),
                "leads_public_association": BOOL,
                "official_position": BOOL,
                "repeat": BOOL,
                "with_others": BOOL,
            }
        ),
        "authorship": _enum(Authorship),
        "stance": _enum(Stance),
        "content": _optional(
            {
                "summary": TEXT,
                "text": TEXT,
                "language": _enum(Language),
                "themes": _some(Theme),
                "calls_to": _some(CallTo),
                "targets": _some(Target),
                "insulting_terms": BOOL,
                "form": _enum(Form),
                "imminent": BOOL,
                "claims": st.lists(
                    _optional({"text": TEXT, "verified": _enum(Verified), "harm_alleged": _enum(Harm)}), max_size=3
                ),
            }
        ),
        "assembly": _optional(
            {
                "role": _enum(AssemblyRole),
                "notified": BOOL,
                "permission_refused": BOOL,
                "peaceful": BOOL,
                "held": BOOL,
                "place_designated": BOOL,
                "single_person": BOOL,
            }
        ),
        "context": _optional(
            {"complaint_by": _enum(ComplaintBy), "removed": BOOL, "removed_quickly": BOOL, "tension": _enum(Tension)}
        ),
    },
)


@given(data=SCENARIOS, as_of=st.none() | st.dates(EARLIEST_DATE, LATEST_DATE))
def test_any_valid_scenario_evaluates_to_a_result_matching_the_schema(
    engine: Engine, data: dict[str, Any], as_of: dt.date | None
) -> None:
    SCENARIO_SCHEMA.validate(data)
    scenario = scenario_from_data(data, "<generated>")
    result = evaluate(engine, scenario, today=TODAY, as_of=as_of)
    printed = json.loads(dumps(result))
    RESULT_SCHEMA.validate(printed)
    assert printed["law_as_of"] == (as_of or scenario.date or TODAY).isoformat()
    assert printed["assessment"]["verdict"] in ("violation", "permissible", "uncertain")


def _load_only_input_errors(text: str, *, json_only: bool = False) -> None:
    try:
        data = load_mapping(text, json_only=json_only)
        scenario_from_data(data, "<fuzz>")
    except InputError:
        pass


@given(raw=st.binary(max_size=2048))
def test_random_bytes_raise_nothing_but_input_error(raw: bytes) -> None:
    try:
        text = decode(raw, what="the file")
    except InputError:
        return
    _load_only_input_errors(text)
    _load_only_input_errors(text, json_only=True)


@given(text=st.text(max_size=600))
def test_random_text_raises_nothing_but_input_error(text: str) -> None:
    _load_only_input_errors(text)
    _load_only_input_errors(text, json_only=True)


YAML_TOKENS = [
    "act", "post", "poll", ":", ": ", "-", "- ", "[", "]", "{", "}", ",", "?", "|", ">", "#", "'", '"', "\n", "  ",
    "\t", "&a ", "*a", "!!python/object/apply:os.system", "!!binary ", "!!set ", "!str ", "!!int ", "<<: ",
    "%YAML 1.1\n", "---\n", "...\n", "~", "null", "true", "no", "0x1F", "0o17", "1_000", "1e9", "1:30", ".nan",
    ".inf", "-.inf", "2016-02-30", "2016-05-21", "0000-01-01", "2016-05-21 10:00:00", "é", "\u200f", "\ufeff",
    "\x07", "\\x1b", "date", "reach", "audience", "content", "themes", "ethnicity", "12345678901234567890123456789012",
]  # fmt: skip


@given(tokens=st.lists(st.sampled_from(YAML_TOKENS), max_size=60))
def test_random_yaml_raises_nothing_but_input_error(tokens: list[str]) -> None:
    _load_only_input_errors("".join(tokens))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=30,
)


@given(value=JSON_VALUES)
def test_random_json_records_raise_nothing_but_input_error(value: Any) -> None:
    _load_only_input_errors(json.dumps(value), json_only=True)


@pytest.mark.parametrize("kind", ["scenario", "precedent", "result"])
def test_the_published_schemas_are_valid_json_schemas(kind: str) -> None:
    jsonschema.Draft202012Validator.check_schema(json_schema(kind))
