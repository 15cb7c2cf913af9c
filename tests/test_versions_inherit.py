"""A version inherits the parts it does not change (`inherits:`, engine/model/inherit.py).

The rule files rely on it so that an element is written once per provision, not once per
version; these tests pin what inheriting means on a small provision, the messages for a bad
`inherits`, and that no rule file has gone back to restating an unchanged element. That the
expansion gives the knowledge base it replaced is shown by tests/test_golden.py: every shipped
output is byte for byte what it was when each version restated all its parts.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from engine.knowledge.safe_yaml import load_mapping, read_path, validate
from engine.model.errors import InputError
from engine.model.provision import Provision

REPO = Path(__file__).resolve().parent.parent
SRC = {"doc": "test"}


def element(el_id: str, says: str | None = None) -> dict[str, Any]:
    return {"id": el_id, "says": says or el_id.replace("_", " "), "when": {"fact": "reach.public", "is": True}}


def part(number: int, elements: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {
        "id": f"kz.cc.999.{number}",
        "says": f"part {number}",
        "elements": elements,
        "penalty": {"text": f"penalty {number}", "source": SRC},
        "source": SRC,
        **extra,
    }


def version(label: str, start: str, end: str | None = None, **extra: Any) -> dict[str, Any]:
    in_force = {"from": start, **({"to": end} if end else {})}
    return {"label": label, "in_force": in_force, "source": SRC, **extra}


def provision(*versions: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": "criminal",
        "article": "999",
        "title": "A made-up article",
        "source": SRC,
        "versions": list(versions),
    }


BASE = version(
    "2015",
    "2015-01-01",
    "2020-01-01",
    parts=[
        part(1, [element("publicly"), element("ground")], note="a note on part 1"),
        part(2, [element("by_a_leader")], aggravates="kz.cc.999.1"),
    ],
)


def parts(p: Provision, label: str) -> dict[str, Any]:
    found = next(v for v in p.versions if v.label == label)
    return {x.id: x.model_dump(by_alias=True, exclude_none=True) for x in found.parts}


def test_a_version_that_lists_no_parts_takes_them_all() -> None:
    p = Provision.model_validate(provision(BASE, version("2020", "2020-01-01", inherits="2015")))
    assert parts(p, "2020") == parts(p, "2015")


def test_a_listed_part_keeps_the_fields_it_does_not_give() -> None:
    changed = {"id": "kz.cc.999.2", "penalty": {"text": "heavier", "source": SRC}}
    p = Provision.model_validate(provision(BASE, version("2020", "2020-01-01", inherits="2015", parts=[changed])))
    old, new = parts(p, "2015"), parts(p, "2020")
    assert new["kz.cc.999.2"] == {**old["kz.cc.999.2"], "penalty": {**old["kz.cc.999.2"]["penalty"], "text": "heavier"}}
    assert new["kz.cc.999.1"] == old["kz.cc.999.1"]


def test_elements_merge_by_id_a_listed_one_replaces_a_new_one_is_added() -> None:
    changed = {"id": "kz.cc.999.1", "elements": [element("ground", "a narrower ground"), element("intent")]}
    p = Provision.model_validate(provision(BASE, version("2020", "2020-01-01", inherits="2015", parts=[changed])))
    els = parts(p, "2020")["kz.cc.999.1"]["elements"]
    assert [(e["id"], e["says"]) for e in els] == [
        ("publicly", "publicly"),
        ("ground", "a narrower ground"),
        ("intent", "intent"),
    ]


def test_a_new_part_is_added_after_the_inherited_ones_and_null_removes_a_field() -> None:
    listed = [{"id": "kz.cc.999.1", "note": None}, part(3, [element("online")], aggravates="kz.cc.999.1")]
    p = Provision.model_validate(provision(BASE, version("2020", "2020-01-01", inherits="2015", parts=listed)))
    new = parts(p, "2020")
    assert list(new) == ["kz.cc.999.1", "kz.cc.999.2", "kz.cc.999.3"]
    assert "note" not in new["kz.cc.999.1"]


def test_inheritance_chains_and_may_run_backwards_in_time() -> None:
    later = version("2024", "2024-01-01", inherits="2020", parts=[{"id": "kz.cc.999.1", "says": "2024 words"}])
    earlier = version("2010", "2010-01-01", "2015-01-01", inherits="2015", verified=False)
    p = Provision.model_validate(
        provision(earlier, BASE, version("2020", "2020-01-01", "2024-01-01", inherits="2015"), later)
    )
    assert parts(p, "2010") == parts(p, "2015") == parts(p, "2020")
    assert parts(p, "2024")["kz.cc.999.1"]["says"] == "2024 words"
    assert parts(p, "2024")["kz.cc.999.1"]["elements"] == parts(p, "2015")["kz.cc.999.1"]["elements"]
    assert [v.verified for v in p.versions] == [False, True, True, True]  # only parts are inherited


def test_the_law_s_words_go_with_the_wording() -> None:
    """A part that restates `says` has new words; a quote of the old ones must not follow it."""
    quoted = copy.deepcopy(BASE)
    quoted["parts"][0] |= {"text_ru": "слова", "text_source": SRC}
    penalty_only = version(
        "2020",
        "2020-01-01",
        "2024-01-01",
        inherits="2015",
        parts=[{"id": "kz.cc.999.1", "penalty": {"text": "x", "source": SRC}}],
    )
    reworded = version("2024", "2024-01-01", inherits="2015", parts=[{"id": "kz.cc.999.1", "says": "new words"}])
    p = Provision.model_validate(provision(quoted, penalty_only, reworded))
    assert parts(p, "2020")["kz.cc.999.1"]["text_ru"] == "слова"
    assert "text_ru" not in parts(p, "2024")["kz.cc.999.1"]


def test_the_law_s_words_need_a_source() -> None:
    unsourced = copy.deepcopy(BASE)
    unsourced["parts"][0]["text_ru"] = "слова"
    with pytest.raises(InputError) as exc:
        validate(Provision, provision(unsourced), origin="art_999.yaml")
    assert str(exc.value) == (
        "art_999.yaml: versions.0.parts.0: text_source is missing: say where the law's words (text_ru, text_en) are quoted"
    )


@pytest.mark.parametrize(
    ("inherits", "message"),
    [
        (
            "2013",
            "versions.1.inherits: no other version of this provision has that label; the labels are '2015' (got '2013')",
        ),
        (
            "2020",
            "versions.1.inherits: a version cannot inherit from itself; name the version it takes its parts from (got '2020')",
        ),
        (
            ["2015"],
            'versions.1.inherits: give the label of another version of this provision, e.g. "2015"',
        ),
    ],
)
def test_a_bad_inherits_names_the_field(inherits: Any, message: str) -> None:
    with pytest.raises(InputError) as exc:
        validate(Provision, provision(BASE, version("2020", "2020-01-01", inherits=inherits)), origin="art_999.yaml")
    assert str(exc.value) == f"art_999.yaml: {message}"


def test_a_circle_of_two_names_both_versions() -> None:
    one = version("2015", "2015-01-01", "2020-01-01", inherits="2020")
    two = version("2020", "2020-01-01", inherits="2015")
    with pytest.raises(InputError) as exc:
        validate(Provision, provision(one, two), origin="art_999.yaml")
    assert str(exc.value) == (
        "art_999.yaml: versions.1.inherits: versions inherit in a circle ('2015' -> '2020' -> '2015'); "
        "one of them must restate its parts (got '2015')"
    )


def test_kzlex_validate_reports_a_bad_inherits(tmp_path: Path, cli: Callable[..., Any]) -> None:
    text = (REPO / "rules/kz_criminal_code/art_174.yaml").read_text(encoding="utf-8")
    assert 'inherits: "2020"' in text
    bad = tmp_path / "art_174.yaml"
    bad.write_text(text.replace('inherits: "2020"', 'inherits: "2019"'), encoding="utf-8")
    result = cli("validate", str(bad))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"{bad}: versions.2.inherits: no other version of this provision has that label; "
        "the labels are '2015', '2020' (got '2019')"
    )


def rule_files() -> list[Path]:
    return sorted(REPO.glob("rules/kz_*_code/art_*.yaml"))


@pytest.mark.parametrize("path", rule_files(), ids=lambda p: p.name)
def test_no_rule_file_restates_an_unchanged_element(path: Path) -> None:
    """An element written twice for one part drifts apart when one copy is edited: inherit it instead."""
    data = load_mapping(read_path(path))
    seen: dict[tuple[str, str], list[tuple[str, Any]]] = {}
    for v in data["versions"]:
        for p in v.get("parts", []):
            for el in p.get("elements", []):
                seen.setdefault((p["id"], el["id"]), []).append((v["label"], el))
    copies = [
        f"{part_id} {el_id}: {a} and {b}"
        for (part_id, el_id), written in seen.items()
        for i, (a, el) in enumerate(written)
        for b, other in written[i + 1 :]
        if el == other
    ]
    assert not copies, f"{path.name}: the same element is written in two versions; inherit it: {copies}"
