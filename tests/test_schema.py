"""`kzlex schema`: the published schemas are valid, stable, and describe what kzlex really reads and prints.

Real outputs are validated, not samples written for the test: `check --format json` on every
shipped scenario and precedent, and every line of a batch. The shipped files themselves must
validate against the input schemas, read as JSON sees them (dates as strings).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
SCENARIOS = sorted((REPO / "scenarios").glob("*.yaml"))
PRECEDENTS = sorted((REPO / "scenarios" / "precedents").glob("*.yaml"))


def _schema(cli: Callable[..., Any], kind: str) -> jsonschema.Draft202012Validator:
    result = cli("schema", kind)
    assert result.exit_code == 0, result.stderr
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _as_json(path: Path) -> Any:
    """A YAML file as its JSON twin: what a client writing JSON would send."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


@pytest.mark.parametrize("kind", ["scenario", "precedent", "result"])
def test_schema_is_valid_and_byte_stable(cli: Callable[..., Any], kind: str) -> None:
    first, second = cli("schema", kind), cli("schema", kind)
    assert first.exit_code == 0 and first.stdout == second.stdout
    schema = json.loads(first.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert first.stdout == json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_default_is_the_scenario_schema(cli: Callable[..., Any]) -> None:
    assert cli("schema").stdout == cli("schema", "scenario").stdout


def test_unknown_schema_is_misuse(cli: Callable[..., Any]) -> None:
    result = cli("schema", "verdict")
    assert result.exit_code == 2
    assert result.stderr == "error: 'verdict' is not a schema; use one of scenario, precedent, result\n"


def test_the_scenario_schema_holds_the_contract(cli: Callable[..., Any]) -> None:
    validator = _schema(cli, "scenario")
    assert validator.schema["required"] == ["act"]
    assert validator.is_valid({"act": "post", "date": "2016-05-21", "content": {"themes": ["ethnicity"]}})
    assert not validator.is_valid({"act": "tweet"})  # outside the enumeration
    assert not validator.is_valid({"act": "post", "platfrom": "facebook"})  # unknown keys are errors


@pytest.mark.parametrize("path", SCENARIOS + PRECEDENTS, ids=lambda p: p.name)
def test_check_json_of_every_shipped_file_matches_the_result_schema(cli: Callable[..., Any], path: Path) -> None:
    validator = _schema(cli, "result")
    result = cli("check", str(path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    validator.validate(json.loads(result.stdout))


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_shipped_scenarios_match_the_scenario_schema(cli: Callable[..., Any], path: Path) -> None:
    _schema(cli, "scenario").validate(_as_json(path))


@pytest.mark.parametrize("path", PRECEDENTS, ids=lambda p: p.name)
def test_shipped_precedents_match_the_precedent_schema(cli: Callable[..., Any], path: Path) -> None:
    _schema(cli, "precedent").validate(_as_json(path))


def test_every_batch_result_matches_the_result_schema(cli: Callable[..., Any]) -> None:
    validator = _schema(cli, "result")
    result = cli("batch", str(REPO / "scenarios"), str(REPO / "scenarios" / "precedents"))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(SCENARIOS) + len(PRECEDENTS)
    for line in lines:
        record = json.loads(line)
        assert record["ok"] is True
        validator.validate(record["result"])


@pytest.mark.parametrize("kind", ["scenario", "precedent", "result"])
def test_published_schema_files_are_current(cli: Callable[..., Any], kind: str) -> None:
    """The README links schemas/*.schema.json: they must be what `kzlex schema` prints now."""
    published = (REPO / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert published == cli("schema", kind).stdout, (
        f"schemas/{kind}.schema.json is stale; regenerate it: kzlex schema {kind} > schemas/{kind}.schema.json"
    )
