"""`kzlex compare`: scenarios side by side, and one scenario under the current and a reformed law."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from engine.knowledge.paths import data_root

REPO = Path(__file__).resolve().parent.parent
MAMBETALIN = str(REPO / "scenarios/precedents/mambetalin.yaml")
NARYMBAYEV = str(REPO / "scenarios/precedents/narymbayev.yaml")
SYCHEV = str(REPO / "scenarios/precedents/sychev.yaml")
BOKAEV = str(REPO / "scenarios/precedents/bokaev-ayan.yaml")
HAS_REFORMS = any((data_root() / "rules" / "reforms").glob("*.yaml")) and (REPO / "engine" / "reform.py").exists()


def compare_json(cli: Callable[..., Any], *args: str) -> dict[str, Any]:
    result = cli("compare", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_post_and_repost_of_the_same_excerpt_differ_in_act_and_stance_not_in_the_charge(
    cli: Callable[..., Any],
) -> None:
    data = compare_json(cli, MAMBETALIN, NARYMBAYEV)
    assert [c["label"] for c in data["columns"]] == ["mambetalin", "narymbayev"]
    facts = {f["field"]: f["values"] for f in data["facts"]}
    assert facts["act"] == ["post", "repost"]
    assert facts["stance"] == ["criticises", "endorses"]
    assert "content.themes" not in facts  # the same excerpt: only differing facts are listed
    art174 = next(a for a in data["articles"] if a["article"] == "174")
    assert [c["cite"] for c in art174["cells"]] == ["CC 174(2)", "CC 174(2)"]
    assert [c["verdict"] for c in data["columns"]] == ["violation", "violation"]
    assert data["columns"][0]["precedents"][0].startswith("narymbayev")


def test_three_scenarios_show_which_articles_each_reaches(cli: Callable[..., Any]) -> None:
    data = compare_json(cli, MAMBETALIN, NARYMBAYEV, SYCHEV)
    art180 = next(a for a in data["articles"] if a["article"] == "180")
    assert art180["cells"][0] is None and art180["cells"][1] is None
    assert art180["cells"][2]["cite"] == "CC 180(2)"
    assert data["columns"][2]["heaviest"]["cite"] == "CC 180(2)"


def test_text_output_is_a_table_with_every_column(cli: Callable[..., Any]) -> None:
    result = cli("compare", MAMBETALIN, SYCHEV)
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    for word in ("mambetalin", "sychev", "CC 174(2)", "CC 180(2)", "heaviest penalty", "ICCPR verdict"):
        assert word in text


def test_json_is_the_same_bytes_twice(cli: Callable[..., Any]) -> None:
    first = cli("compare", MAMBETALIN, SYCHEV, "--format", "json")
    second = cli("compare", MAMBETALIN, SYCHEV, "--format", "json")
    assert first.stdout == second.stdout


def test_one_scenario_alone_is_an_error(cli: Callable[..., Any]) -> None:
    result = cli("compare", SYCHEV)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "error: give two or more scenarios, or one scenario with two different --law (e.g. --law current --law reformed)"
    )
    assert "Traceback" not in result.output


def test_the_same_file_twice_gets_numbered_columns(cli: Callable[..., Any]) -> None:
    data = compare_json(cli, SYCHEV, SYCHEV)
    assert [c["label"] for c in data["columns"]] == ["sychev (1)", "sychev (2)"]
    assert data["facts"] == []


@pytest.mark.skipif(
    not HAS_REFORMS, reason="the reform rule set (rules/reforms, engine/features/reform.py) is not there"
)
def test_reformed_law_drops_174_and_400_for_bokaev_and_ayan(cli: Callable[..., Any]) -> None:
    data = compare_json(cli, "--law", "current", "--law", "reformed", BOKAEV)
    assert [c["label"] for c in data["columns"]] == ["bokaev-ayan [current]", "bokaev-ayan [reformed]"]
    assert [c["law"] for c in data["columns"]] == ["current", "reformed"]
    cells = {a["article"]: a["cells"] for a in data["articles"]}
    assert cells["400"][0] is not None and cells["400"][1] is None
    assert cells["174"][0]["status"] == "applies"
    assert cells["174"][1] is None or cells["174"][1]["status"] != "applies"


@pytest.mark.skipif(
    not HAS_REFORMS, reason="the reform rule set (rules/reforms, engine/features/reform.py) is not there"
)
def test_an_unknown_law_is_an_error_naming_the_laws(cli: Callable[..., Any]) -> None:
    result = cli("compare", "--law", "current", "--law", "utopia", BOKAEV)
    assert result.exit_code == 2
    assert "utopia" in result.stderr and "current" in result.stderr
    assert "Traceback" not in result.output
