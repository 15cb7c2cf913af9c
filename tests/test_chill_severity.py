"""`kzlex chill`: the heatmap's ordinal scale of penalties, the cases counted per cell, and the
ladder drawn as a picture."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from engine.features import chill
from engine.knowledge.base import KnowledgeBase
from engine.model.provision import Penalty, Range

REPO = Path(__file__).resolve().parent.parent
MAMBETALIN = str(REPO / "scenarios/precedents/mambetalin.yaml")
GRID = ("--rows", "act=post,repost,protest_call", "--cols", "topic=ethnicity,assembly,land_reform")


def pen(**ranges: tuple[float | None, float | None]) -> Penalty:
    fields = {k: Range(min=lo, max=hi) for k, (lo, hi) in ranges.items()}
    return Penalty.model_validate({"text": "x", "source": {"doc": "CC25"}, **fields})


def lightness(colour: str) -> float:
    """CIE L* of an sRGB colour: what a greyscale print keeps."""
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    y = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return float(116 * y ** (1 / 3) - 16) if y > 0.008856 else float(903.3 * y)


def test_the_categories_are_ordinal_from_none_to_over_ten_years() -> None:
    assert chill.SEVERITY == (
        "no article",
        "fine",
        "arrest",
        "restriction of liberty",
        "prison up to 2 years",
        "prison 2-5 years",
        "prison 5-10 years",
        "prison over 10 years",
    )
    assert chill.severity(pen(fine_mci=(None, 200))) == 1
    assert chill.severity(pen(arrest_days=(None, 15), fine_mci=(50, 50))) == 2
    assert chill.severity(pen(restricted_freedom_years=(None, 7))) == 3  # the kind, not the length
    assert [chill.severity(pen(prison_years=(None, y))) for y in (2, 3, 5, 7, 10, 12)] == [4, 5, 5, 6, 6, 7]
    assert chill.severity(pen(prison_years=(None, None))) is None  # prison, but no term: not known
    assert chill.severity(pen()) is None


def test_the_palette_darkens_step_by_step_and_reads_in_greyscale() -> None:
    light = [lightness(c) for c in chill.SEVERITY_COLOURS]
    assert len(light) == len(chill.SEVERITY)
    assert all(a - b >= 10 for a, b in zip(light, light[1:], strict=False))  # monotone, distinct steps
    arrest = chill.SEVERITY_COLOURS[chill.SEVERITY.index("arrest")]
    assert arrest != chill.SEVERITY_COLOURS[0]
    assert light[0] - lightness(arrest) >= 20  # 15 days' arrest is not "none", even in greyscale


def test_a_15_day_arrest_cell_is_not_the_colour_of_none(cli: Callable[..., Any]) -> None:
    result = cli("chill", *GRID, "--format", "json")
    assert result.exit_code == 0, result.stderr
    grid = json.loads(result.stdout)
    call_assembly = grid["cells"][2][1]
    assert call_assembly["article"]["code"] == "administrative" and call_assembly["penalty"] == "15 d arrest"
    assert call_assembly["severity"] == 2 and call_assembly["severity_label"] == "arrest"
    post_assembly = grid["cells"][0][1]
    assert post_assembly["article"] is None and post_assembly["severity"] == 0
    assert chill.SEVERITY_COLOURS[call_assembly["severity"]] != chill.SEVERITY_COLOURS[post_assembly["severity"]]
    post_ethnicity = grid["cells"][0][0]
    assert post_ethnicity["severity_label"].startswith("prison")


def test_cell_cases_are_the_cases_of_that_act_and_topic(cli: Callable[..., Any], kb: KnowledgeBase) -> None:
    result = cli("chill", *GRID, "--format", "json")
    grid = json.loads(result.stdout)
    seen_different = False
    for row, line in zip(grid["rows"], grid["cells"], strict=True):
        for col, c in zip(grid["cols"], line, strict=True):
            if c["article"] is None:
                assert c["cases"] == 0
                continue
            code, article = c["article"]["code"], c["article"]["article"]
            expected = sorted(
                case.id
                for case in kb.precedents
                if case.act is not None
                and case.act.value == row
                and chill.topic_theme()[col] in [t.value for t in case.content.themes or []]
                and any(ch.code == code and ch.article == article for ch in case.outcome.charges)
            )
            assert c["case_ids"] == expected and c["cases"] == len(expected), (row, col)
            seen_different |= len(expected) < len(chill.charged_cases(kb, code, article))
    assert seen_different  # not every case under the article
    by_cell = {
        (r, col): c
        for r, line in zip(grid["rows"], grid["cells"], strict=True)
        for col, c in zip(grid["cols"], line, strict=True)
    }
    assert "mambetalin" in by_cell[("post", "ethnicity")]["case_ids"]
    assert by_cell[("repost", "ethnicity")]["case_ids"] == ["narymbayev"]
    assert "mambetalin" not in by_cell[("repost", "ethnicity")]["case_ids"]


def test_the_ladder_is_drawn_as_a_picture(cli: Callable[..., Any], tmp_path: Path) -> None:
    png, svg, again = tmp_path / "ladder.png", tmp_path / "ladder.svg", tmp_path / "again.svg"
    result = cli("chill", "--steps", MAMBETALIN, "--png", str(png), "--svg", str(svg))
    assert result.exit_code == 0, result.stderr
    assert f"wrote {png}" in result.stderr and "The ladder:" in result.stdout
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n") and png.stat().st_size > 10_000
    cli("chill", "--steps", MAMBETALIN, "--svg", str(again))
    assert again.read_bytes() == svg.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again.svg", "ladder.png", "ladder.svg"]


def test_ladder_rungs_carry_their_category(cli: Callable[..., Any]) -> None:
    result = cli("chill", "--steps", MAMBETALIN, "--format", "json")
    rungs = json.loads(result.stdout)["rungs"]
    assert rungs[0]["severity"] == 0 and rungs[0]["severity_label"] == "no article"
    assert rungs[-1]["severity_label"].startswith("prison")
