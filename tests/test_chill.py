"""`kzlex chill`: the grid of acts against topics, its heatmap, and the ladder of one act."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from engine.features import chill
from engine.features.outcome_diff import most_serious
from engine.model.ids import cite
from engine.reasoning.evaluate import Engine, evaluate
from kzlex_cli.common import read_scenario, today

REPO = Path(__file__).resolve().parent.parent
MAMBETALIN = str(REPO / "scenarios/precedents/mambetalin.yaml")
SYCHEV = str(REPO / "scenarios/precedents/sychev.yaml")
SMALL = ("--rows", "act=post,message,protest_call", "--cols", "topic=ethnicity,assembly")


def test_default_axes_are_the_seven_acts_and_seven_topics() -> None:
    assert chill.axis("act", "--rows") == (
        "act",
        ["post", "repost", "comment", "poll", "video", "message", "protest_call"],
    )
    field, topics = chill.axis("topic", "--cols")
    assert field == "topic"
    assert topics == [
        "government_criticism",
        "ethnicity",
        "religion",
        "land_reform",
        "secession",
        "corruption",
        "assembly",
    ]
    assert chill.axis("speaker.with_others", "--rows") == ("speaker.with_others", ["true", "false"])


def test_cells_are_built_from_the_base_the_act_and_the_topic() -> None:
    base = chill.default_base(today())
    post = chill.cell_scenario(base, ("act", "post"), ("topic", "ethnicity"))
    assert post.platform.value == "facebook" and post.reach.public is True
    assert [t.value for t in post.content.targets or []] == ["ethnic_group"]
    call = chill.cell_scenario(base, ("act", "protest_call"), ("topic", "assembly"))
    assert call.assembly is not None and call.assembly.permission_refused is True
    assert [c.value for c in call.content.calls_to or []] == ["assembly"]
    secession = chill.cell_scenario(base, ("act", "protest_call"), ("topic", "secession"))
    assert [c.value for c in secession.content.calls_to or []] == ["assembly"]  # the act's call is kept


def test_a_cell_is_the_most_serious_article_its_penalty_and_its_cases(cli: Callable[..., Any]) -> None:
    result = cli("chill", *SMALL, "--format", "json")
    assert result.exit_code == 0
    grid = json.loads(result.stdout)
    assert grid["rows"] == ["post", "message", "protest_call"]
    assert grid["cols"] == ["ethnicity", "assembly"]
    post_ethnicity = grid["cells"][0][0]
    assert post_ethnicity["article"]["article"] == "174"
    assert post_ethnicity["years"] > 0
    assert post_ethnicity["cases"] == len(post_ethnicity["case_ids"]) >= 5
    assert "mambetalin" in post_ethnicity["case_ids"]
    call_assembly = grid["cells"][2][1]
    assert call_assembly["article"]["article"] in {"488", "400"}
    assert grid["law_as_of"] == today().isoformat()


def test_the_most_serious_article_prefers_the_heaviest_penalty(engine: Engine) -> None:
    result = evaluate(engine, read_scenario(SYCHEV), today=today())
    top = most_serious(result)
    assert top is not None and (top.article, top.part) == ("180", "2")
    assert all(top.heaviest_days >= a.heaviest_days for a in result.articles if a.status == "applies")


def test_json_is_the_same_bytes_twice(cli: Callable[..., Any]) -> None:
    first = cli("chill", *SMALL, "--format", "json")
    second = cli("chill", *SMALL, "--format", "json")
    assert first.stdout == second.stdout


def test_text_table_names_articles_and_the_law_date(cli: Callable[..., Any]) -> None:
    result = cli("chill", *SMALL)
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "CC 174" in text
    assert f"law as of {today().isoformat()}" in text


def test_png_and_svg_heatmaps_are_written_whole_and_deterministic(cli: Callable[..., Any], tmp_path: Path) -> None:
    png, svg, svg2 = tmp_path / "grid.png", tmp_path / "grid.svg", tmp_path / "again.svg"
    result = cli("chill", *SMALL, "--png", str(png), "--svg", str(svg))
    assert result.exit_code == 0, result.output
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n") and png.stat().st_size > 10_000
    text = svg.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text
    assert "<dc:date>" not in text
    cli("chill", *SMALL, "--svg", str(svg2))
    assert svg2.read_bytes() == svg.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again.svg", "grid.png", "grid.svg"]  # no temp files left


def test_the_ladder_climbs_from_harmless_to_the_act_one_fact_per_rung(engine: Engine) -> None:
    scenario = read_scenario(MAMBETALIN)
    ladder = chill.ladder(engine, scenario, today=today())
    first, last = ladder.rungs[0], ladder.rungs[-1]
    assert first.added is None and first.article is None  # private, offline, no theme: nothing applies
    assert last.article is not None and last.article.cite == "CC 174(2)"
    real = most_serious(evaluate(engine, scenario, today=today()))
    assert real is not None and last.article.part_id == real.part_id
    fields = [r.field for r in ladder.rungs[1:]]
    assert len(fields) == len(set(fields)) == len(ladder.harmless)
    assert "speaker.with_others" in fields
    assert next(r for r in ladder.rungs if r.field == "speaker.with_others").appears == ["CC 174(2)"]


def test_the_ridder_ladder_reaches_part_2_when_the_poll_goes_online(cli: Callable[..., Any]) -> None:
    result = cli("chill", "--steps", SYCHEV, "--format", "json")
    assert result.exit_code == 0
    rungs = json.loads(result.stdout)["rungs"]
    online = next(r for r in rungs if r["added"] == "platform = vkontakte")
    assert "CC 180(2)" in online["appears"] and "CC 180(1)" in online["drops"]
    assert rungs[-1]["article"]["cite"] == "CC 180(2)"


def test_the_last_rung_is_the_scenario_itself(engine: Engine) -> None:
    scenario = read_scenario(str(REPO / "scenarios/precedents/bokaev-ayan.yaml"))
    ladder = chill.ladder(engine, scenario, today=today())
    real = evaluate(engine, scenario, today=today())
    assert ladder.rungs[-1].articles == [
        cite(a.code, a.article, a.part) for a in real.articles if a.status == "applies"
    ]
    assert ladder.rungs[-1].verdict == real.assessment.verdict
    assert ladder.law_as_of == real.law_as_of == "2016-04-14"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rows", "platfrom"], "error: --rows: unknown field 'platfrom'; did you mean 'platform'?"),
        (
            ["--cols", "topic=weather"],
            "error: --cols topic=weather: 'weather' is not a topic; use one of government_criticism,",
        ),
        (
            ["--rows", "reach.audience"],
            "error: --rows reach.audience: give the values to compare, e.g. --rows reach.audience=100,10000,1000000",
        ),
        (["--rows", "act", "--cols", "act"], "error: --rows and --cols are both act; choose two different fields"),
        (
            ["--steps", SYCHEV, "--base", SYCHEV],
            "error: --steps draws the ladder of one scenario; --base is for the grid",
        ),
        (["--png", "/no/such/folder/x.png", *SMALL], "error: /no/such/folder: no such directory; create it first"),
    ],
)
def test_bad_options_are_one_line_and_exit_2(cli: Callable[..., Any], args: list[str], message: str) -> None:
    result = cli("chill", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert "Traceback" not in result.output
