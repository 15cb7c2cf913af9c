"""`kzlex whatif`: one fact changed at a time, what changes, why, and what real cases say."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from engine.features.scenario_edit import parse_value, set_field
from engine.features.whatif import WhatIf, whatif
from engine.features.whatif_variants import variants
from engine.model.errors import InputError
from engine.model.scenario import Scenario
from engine.reasoning.evaluate import Engine
from kzlex_cli.common import read_scenario, today

REPO = Path(__file__).resolve().parent.parent
SYCHEV = str(REPO / "scenarios/precedents/sychev.yaml")
MAMBETALIN = str(REPO / "scenarios/precedents/mambetalin.yaml")


def scenario_file(path: str) -> Scenario:
    return read_scenario(path)


def run(engine: Engine, path: str, sets: tuple[str, ...] = (), varies: tuple[str, ...] = ()) -> WhatIf:
    s = scenario_file(path)
    return whatif(engine, s, variants(s, sets, varies), today=today())


def test_ridder_poll_offline_moves_180_from_part_2_to_part_1_and_names_the_rule(engine: Engine) -> None:
    out = run(engine, SYCHEV, ("platform=offline",))
    v = out.variants[0]
    moved = next(c for c in v.diff.articles if c.article == "180")
    assert moved.change == "part"
    assert (moved.before.part, moved.after.part) == ("2", "1")  # type: ignore[union-attr]
    assert any(c.article == "183" and c.change == "drops" for c in v.diff.articles)
    assert v.diff.heaviest_before.days > v.diff.heaviest_after.days  # type: ignore[union-attr]
    deciding = {r.rule: r.fires for r in v.diff.deciding}
    assert deciding["def.telecom_network"] is False  # the platform was the telecom network
    assert deciding["kz.cc.180.2@2015/aggravating_factor"] is False
    assert "CC 180 moves from part 2 to part 1." in v.says


def test_ridder_poll_on_a_printed_leaflet_moves_180_to_part_1(engine: Engine) -> None:
    # A leaflet is printed matter but not the press: no telecom network, no mass media.
    v = run(engine, SYCHEV, ("platform=print",)).variants[0]
    assert [a.cite for a in v.result.articles if a.article == "180"] == ["CC 180(1)"]
    assert "CC 180 moves from part 2 to part 1." in v.says
    assert {r.rule for r in v.diff.deciding if r.fires is False} >= {"def.telecom_network"}


def test_a_newspaper_article_is_mass_media_and_keeps_180_part_2(engine: Engine) -> None:
    v = run(engine, SYCHEV, ("platform=print", "act=article")).variants[-1]
    assert [a.cite for a in v.result.articles if a.article == "180"] == ["CC 180(2)"]


def test_mambetalin_stance_does_not_remove_174_and_the_case_says_so(engine: Engine) -> None:
    out = run(engine, MAMBETALIN, varies=("stance=endorses,criticises",))
    endorses, criticises = out.variants
    for v in (endorses, criticises):
        assert any(a.article == "174" and a.status == "applies" for a in v.result.articles)
        assert not v.diff.articles
    assert criticises.same_as_scenario
    note = next(n for n in endorses.real_cases if n.case == "mambetalin")
    assert note.kind == "confirms"
    assert note.facts == "stance criticises"
    assert "CC 174(2)" in note.charges
    assert "convicted under CC 174(2)" in note.says


def test_text_output_names_the_case(cli: Callable[..., Any]) -> None:
    result = cli("whatif", MAMBETALIN, "--set", "stance=endorses")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "stance = endorses" in text
    assert "So it went in real life: mambetalin (Serikzhan Mambetalin) had stance criticises" in text


def test_several_sets_are_also_tried_together(engine: Engine) -> None:
    out = run(engine, SYCHEV, ("platform=offline", "speaker.role=journalist"))
    assert [v.label for v in out.variants] == [
        "platform = offline",
        "speaker.role = journalist",
        "platform = offline + speaker.role = journalist",
    ]


def test_json_is_the_same_bytes_twice(cli: Callable[..., Any]) -> None:
    args = ("whatif", SYCHEV, "--vary", "platform=print,offline", "--format", "json")
    first, second = cli(*args), cli(*args)
    assert first.exit_code == 0
    assert first.stdout == second.stdout
    data = json.loads(first.stdout)
    assert [v["label"] for v in data["variants"]] == ["platform = print", "platform = offline"]
    assert data["law_as_of"] == "2015-09-01"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--set", "platfrom=print"],
            "error: --set: unknown field 'platfrom'; did you mean 'platform'? Fields: act, assembly.held,",
        ),
        (
            ["--set", "platform=myspace"],
            "error: --set platform=myspace: 'myspace' is not a value of platform; use one of blog, facebook, "
            "instagram, odnoklassniki, offline, periscope, print, telegram, tiktok, tv_radio, twitter, unknown, "
            "vkontakte, website, whatsapp, youtube, or null for unknown",
        ),
        (
            ["--vary", "stance=endorses,approves"],
            "error: --vary stance=approves: 'approves' is not a value of stance; use one of criticises, endorses, "
            "neutral, or null for unknown",
        ),
        (
            ["--set", "reach.public=maybe"],
            "error: --set reach.public=maybe: reach.public is true or false, or null for unknown; not 'maybe'",
        ),
        (
            ["--set", "reach.audience=many"],
            "error: --set reach.audience=many: reach.audience is a whole number, or null for unknown; not 'many'",
        ),
        (["--set", "platform"], "error: --set 'platform': write FIELD=VALUE, e.g. platform=print or stance=criticises"),
        ([], "error: give at least one --set FIELD=VALUE or --vary FIELD=V1,V2 (e.g. --set platform=print)"),
    ],
)
def test_bad_fields_and_values_are_one_line_and_exit_2(cli: Callable[..., Any], args: list[str], message: str) -> None:
    result = cli("whatif", SYCHEV, *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_values_are_parsed_by_the_field_type() -> None:
    s = scenario_file(SYCHEV)
    assert parse_value("content.themes", "ethnicity,religion") == ["ethnicity", "religion"]
    assert parse_value("content.themes", "ethnicity+religion") == ["ethnicity", "religion"]
    assert parse_value("content.calls_to", "") == []
    assert parse_value("reach.audience", "50_000") == 50000
    assert parse_value("speaker.with_others", "true") is True
    assert parse_value("date", "2021-01-02") == "2021-01-02"
    assert set_field(s, "stance", None).stance is None  # `null`: unknown again
    assert set_field(s, "assembly.permission_refused", True).assembly.permission_refused is True  # type: ignore[union-attr]
    claims = set_field(s, "content.claims.verified", "false").content.claims
    assert [c.verified.value for c in claims] == ["false"]
    with pytest.raises(InputError, match="act is required and cannot be unknown"):
        parse_value("act", "null")


def test_date_can_be_varied_and_picks_the_law(engine: Engine) -> None:
    out = run(engine, MAMBETALIN, ("date=2025-01-01",))
    v = out.variants[0]
    assert out.law_as_of == "2015-10-08"
    assert v.result.articles and all(a.version != "2015" for a in v.result.articles if a.article == "174")
