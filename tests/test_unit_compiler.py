"""Rule files compiled into engine rules (engine.reasoning.compiler), on small hand-made knowledge.

The shape of the compiled rules is checked where the shape is the promise (which part a rule
joins, which date range); what the rules then conclude is checked by running them through the
engine's own runtime, so a test fails if a part would apply on the wrong facts or dates.
"""

from __future__ import annotations

from typing import Any

import pytest

from engine.knowledge.base import KnowledgeBase, load
from engine.model.provision import Provision
from engine.model.rights import Definition, Standard
from engine.reasoning.compiler import base_rule_id, compile_iccpr, compile_provision, day_number, unknown_paths
from engine.reasoning.runtime import Fact, Reasoner, RuleSpec

SRC = {"doc": "test"}


def part(part_id: str, elements: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {
        "id": part_id,
        "says": f"part {part_id}",
        "elements": elements,
        "penalty": {"text": "a fine", "source": SRC},
        "source": SRC,
        **extra,
    }


def element(el_id: str, when: dict[str, Any]) -> dict[str, Any]:
    return {"id": el_id, "says": el_id.replace("_", " "), "when": when}


PUBLICLY = element("publicly", {"fact": "reach.public", "is": True})
ABOUT_FAITH = element("about_faith", {"fact": "content.themes", "any_of": ["religion", "ethnicity"]})
BY_A_LEADER = element("by_a_leader", {"fact": "speaker.leads_public_association", "is": True})

PROVISION = Provision.model_validate(
    {
        "code": "criminal",
        "article": "999",
        "title": "A made-up article for tests",
        "source": SRC,
        "versions": [
            {
                "label": "2015",
                "in_force": {"from": "2015-01-01", "to": "2020-07-01"},
                "source": SRC,
                "parts": [
                    part("kz.cc.999.1", [PUBLICLY, ABOUT_FAITH]),
                    part("kz.cc.999.2", [BY_A_LEADER], aggravates="kz.cc.999.1"),
                ],
            },
            {
                "label": "2020",
                "in_force": {"from": "2020-07-01"},
                "source": SRC,
                "parts": [part("kz.cc.999.1", [PUBLICLY, ABOUT_FAITH])],
            },
        ],
        "defences": [
            {
                "id": "kz.cc.999.note",
                "says": "documenting is not incitement",
                "exempts": ["kz.cc.999.2"],
                "when": {"fact": "content.form", "is": "documentation"},
                "source": SRC,
            }
        ],
    }
)


def by_id(rules: list[RuleSpec]) -> dict[str, RuleSpec]:
    return {r.id: r for r in rules}


def f(name: str, value: Any) -> Fact:
    return {"kind": "f", "name": name, "value": value}


def run(rules: list[RuleSpec], facts: list[Fact]) -> list[Fact]:
    derived, _ = Reasoner({"test-unit-compiler": rules}, shortcuts=False).run("test-unit-compiler", facts)
    return derived


def parts_found(derived: list[Fact]) -> set[str]:
    return {str(d["part"]) for d in derived if d["kind"] == "part"}


def exemptions(derived: list[Fact]) -> set[tuple[str, str]]:
    return {(str(d["part"]), str(d["defence"])) for d in derived if d["kind"] == "exempt"}


BASE_FACTS = [f("reach.public", True), f("content.themes", "religion")]


# ---------------------------------------------------------------- compile_provision: shape


def test_day_number_writes_a_date_as_yyyymmdd() -> None:
    import datetime as dt

    assert day_number(dt.date(2015, 1, 2)) == 20150102


def test_compile_provision_makes_one_rule_per_element_alternative_and_one_per_part() -> None:
    rules = by_id(compile_provision(PROVISION))
    assert set(rules) == {
        "kz.cc.999.1@2015/publicly",
        "kz.cc.999.1@2015/about_faith#1",
        "kz.cc.999.1@2015/about_faith#2",
        "kz.cc.999.1@2015",
        "kz.cc.999.2@2015/by_a_leader",
        "kz.cc.999.2@2015",
        "kz.cc.999.note@2015>kz.cc.999.2",
        "kz.cc.999.1@2020/publicly",
        "kz.cc.999.1@2020/about_faith#1",
        "kz.cc.999.1@2020/about_faith#2",
        "kz.cc.999.1@2020",
    }


def test_compile_provision_element_rules_conclude_their_element_of_their_part() -> None:
    rules = by_id(compile_provision(PROVISION))
    for rid in ("kz.cc.999.1@2015/about_faith#1", "kz.cc.999.1@2015/about_faith#2"):
        assert rules[rid].conclusion == {"kind": "el", "part": "kz.cc.999.1@2015", "el": "about_faith"}
        assert base_rule_id(rid) == "kz.cc.999.1@2015/about_faith"


def test_compile_provision_joins_a_part_to_its_date_range_and_each_of_its_elements() -> None:
    rule = by_id(compile_provision(PROVISION))["kz.cc.999.1@2015"]
    patterns = [p for _, p in rule.patterns]
    assert patterns[0] == {
        "$and": [{"kind": "f"}, {"name": "date"}, {"$gte": {"value": 20150101}}, {"$lt": {"value": 20200701}}]
    }
    assert patterns[1:] == [
        {"$and": [{"kind": "el"}, {"part": "kz.cc.999.1@2015"}, {"el": "publicly"}]},
        {"$and": [{"kind": "el"}, {"part": "kz.cc.999.1@2015"}, {"el": "about_faith"}]},
    ]
    assert rule.conclusion == {"kind": "part", "part": "kz.cc.999.1@2015"}


def test_compile_provision_leaves_a_version_still_in_force_open_ended() -> None:
    date = by_id(compile_provision(PROVISION))["kz.cc.999.1@2020"].patterns[0][1]
    assert {"$gte": {"value": 20200701}} in date["$and"]
    assert {"$lt": {"value": 99991231}} in date["$and"]


def test_compile_provision_joins_an_aggravated_part_to_its_base_part_in_the_same_version() -> None:
    patterns = [p for _, p in by_id(compile_provision(PROVISION))["kz.cc.999.2@2015"].patterns]
    assert {"$and": [{"kind": "part"}, {"part": "kz.cc.999.1@2015"}]} in patterns
    assert not any("kz.cc.999.1@2020" in str(p) for p in patterns)


def test_compile_provision_compiles_a_defence_into_an_exemption_rule_on_the_part_it_exempts() -> None:
    rule = by_id(compile_provision(PROVISION))["kz.cc.999.note@2015>kz.cc.999.2"]
    assert rule.patterns[0][1] == {"$and": [{"kind": "part"}, {"part": "kz.cc.999.2@2015"}]}
    assert rule.patterns[1][1] == {"$and": [{"kind": "f"}, {"name": "content.form"}, {"value": "documentation"}]}
    assert rule.conclusion == {"kind": "exempt", "part": "kz.cc.999.2@2015", "defence": "kz.cc.999.note"}


def test_compile_provision_skips_a_defence_in_a_version_without_the_part_it_exempts() -> None:
    assert not any(r.id.startswith("kz.cc.999.note@2020") for r in compile_provision(PROVISION))


def test_compile_provision_is_pure() -> None:
    assert compile_provision(PROVISION) == compile_provision(PROVISION)


def test_compile_provision_refuses_a_rule_value_the_field_never_takes() -> None:
    bad = Provision.model_validate(
        {
            **PROVISION.model_dump(by_alias=True),
            "versions": [
                {
                    **PROVISION.model_dump(by_alias=True)["versions"][1],
                    "parts": [part("kz.cc.999.1", [element("bad", {"fact": "content.form", "is": "gossip"})])],
                }
            ],
            "defences": [],
        }
    )
    with pytest.raises(ValueError, match="'gossip' is not a value of content.form"):
        compile_provision(bad)


# ---------------------------------------------------------------- compile_provision: what the rules conclude


@pytest.mark.parametrize(
    ("day", "parts"),
    [
        (20141231, set()),
        (20150101, {"kz.cc.999.1@2015"}),
        (20200630, {"kz.cc.999.1@2015"}),
        (20200701, {"kz.cc.999.1@2020"}),  # `to` is the first day no longer in force
        (20990101, {"kz.cc.999.1@2020"}),
    ],
)
def test_compiled_part_applies_only_on_a_day_its_version_is_in_force(day: int, parts: set[str]) -> None:
    assert parts_found(run(compile_provision(PROVISION), [*BASE_FACTS, f("date", day)])) == parts


def test_compiled_part_needs_every_element() -> None:
    facts = [f("reach.public", True), f("content.themes", "economy"), f("date", 20160101)]
    assert parts_found(run(compile_provision(PROVISION), facts)) == set()


def test_compiled_part_accepts_any_value_of_an_any_of_element() -> None:
    facts = [f("reach.public", True), f("content.themes", "ethnicity"), f("date", 20160101)]
    assert parts_found(run(compile_provision(PROVISION), facts)) == {"kz.cc.999.1@2015"}


def test_compiled_aggravated_part_applies_only_with_its_base_part() -> None:
    leader = f("speaker.leads_public_association", True)
    without_base = run(compile_provision(PROVISION), [leader, f("content.themes", "religion"), f("date", 20160101)])
    with_base = run(compile_provision(PROVISION), [*BASE_FACTS, leader, f("date", 20160101)])
    assert parts_found(without_base) == set()
    assert parts_found(with_base) == {"kz.cc.999.1@2015", "kz.cc.999.2@2015"}


def test_compiled_defence_exempts_the_applying_part_when_its_condition_holds() -> None:
    facts = [*BASE_FACTS, f("speaker.leads_public_association", True), f("date", 20160101)]
    assert exemptions(run(compile_provision(PROVISION), facts)) == set()
    exempt = run(compile_provision(PROVISION), [*facts, f("content.form", "documentation")])
    assert exemptions(exempt) == {("kz.cc.999.2@2015", "kz.cc.999.note")}


def test_compiled_defence_does_not_fire_when_the_part_does_not_apply() -> None:
    facts = [*BASE_FACTS, f("content.form", "documentation"), f("date", 20160101)]  # no leader: part 2 absent
    assert exemptions(run(compile_provision(PROVISION), facts)) == set()


# ---------------------------------------------------------------- compile_iccpr


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load()


def test_compile_iccpr_turns_the_threshold_into_one_met_rule_requiring_every_factor(kb: KnowledgeBase) -> None:
    (standard,) = [s for s in kb.standards if s.threshold is not None]
    required = [f"{standard.right}.{t}" for t in standard.threshold.requires]  # type: ignore[union-attr]
    met = [r for r in compile_iccpr(kb) if r.id == "iccpr-20.threshold.met"]
    assert len(met) == 1
    assert [p for _, p in met[0].patterns] == [
        {"$and": [{"kind": "t"}, {"test": t}, {"result": "pass"}]} for t in required
    ]
    assert met[0].conclusion["test"] == "ICCPR-20.threshold"
    assert met[0].conclusion["result"] == "pass"


def test_compile_iccpr_makes_one_not_met_rule_per_required_factor(kb: KnowledgeBase) -> None:
    (standard,) = [s for s in kb.standards if s.threshold is not None]
    assert standard.threshold is not None
    not_met = {r.id: r for r in compile_iccpr(kb) if r.id.startswith("iccpr-20.threshold.not_met.")}
    assert set(not_met) == {f"iccpr-20.threshold.not_met.{t}" for t in standard.threshold.requires}
    for t in standard.threshold.requires:
        rule = not_met[f"iccpr-20.threshold.not_met.{t}"]
        assert [p for _, p in rule.patterns] == [
            {"$and": [{"kind": "t"}, {"test": f"{standard.right}.{t}"}, {"result": "fail"}]}
        ]
        assert rule.conclusion["result"] == "fail"
    weighed = set(standard.threshold.weighs)
    assert weighed and not any(r.id.split(".")[-1] in weighed for r in not_met.values())


def test_compiled_threshold_is_met_only_when_every_required_factor_passes(kb: KnowledgeBase) -> None:
    (standard,) = [s for s in kb.standards if s.threshold is not None]
    assert standard.threshold is not None
    rules = [r for r in compile_iccpr(kb) if r.id.startswith("iccpr-20.threshold")]
    required = [f"{standard.right}.{t}" for t in standard.threshold.requires]

    def threshold(results: dict[str, str]) -> set[str]:
        facts = [{"kind": "t", "test": t, "result": r} for t, r in results.items()]
        return {str(d["result"]) for d in run(rules, facts) if d.get("test") == "ICCPR-20.threshold"}

    assert threshold(dict.fromkeys(required, "pass")) == {"pass"}
    assert threshold({**dict.fromkeys(required, "pass"), required[-1]: "fail"}) == {"fail"}
    assert threshold(dict.fromkeys(required[:-1], "pass")) == set()  # a factor not concluded: nothing


def _standard(
    right: str = "ICCPR-19",
    engaged_when: dict[str, Any] | None = None,
    rule_when: dict[str, Any] | None = None,
) -> Standard:
    return Standard.model_validate(
        {
            "right": right,
            "title": "test",
            "source": SRC,
            "engaged_when": engaged_when or {"derived": "expression"},
            "engaged_because": "it is expression",
            "tests": [
                {
                    "id": "legality",
                    "title": "Legality",
                    "question": "?",
                    "citations": [{"doc": "GC34", "para": "25"}],
                    "rules": [
                        {
                            "id": "t19.legality.vague",
                            "result": "fail",
                            "when": rule_when or {"any": [{"flag": "vague"}, {"flag": "broad"}]},
                            "reason": "vague",
                            "citations": [{"doc": "GC34", "para": "25"}],
                        }
                    ],
                }
            ],
        }
    )


def _kb(**parts: Any) -> KnowledgeBase:
    return KnowledgeBase(
        provisions=parts.get("provisions", ()),
        definitions=parts.get("definitions", ()),
        standards=parts.get("standards", ()),
        precedents=(),
        sources={},
    )


def test_compile_iccpr_makes_an_engaged_rule_and_step_rules_that_carry_their_written_id() -> None:
    rules = by_id(compile_iccpr(_kb(standards=(_standard(),))))
    assert rules["iccpr-19.engaged"].conclusion == {"kind": "engaged", "right": "ICCPR-19"}
    for rid in ("t19.legality.vague#1", "t19.legality.vague#2"):
        assert rules[rid].conclusion == {
            "kind": "t",
            "test": "ICCPR-19.legality",
            "result": "fail",
            "rule": "t19.legality.vague",
        }
    assert not any("threshold" in rid for rid in rules)  # no threshold written, none compiled


# ---------------------------------------------------------------- unknown_paths


def test_unknown_paths_collects_unknown_atoms_from_every_kind_of_rule() -> None:
    definition = Definition.model_validate(
        {"id": "d.x", "derives": "x", "says": "x", "when": {"unknown": "reach.audience"}, "source": SRC}
    )
    engaged = _standard(engaged_when={"unknown": "authorship"})
    step = _standard("ICCPR-21", rule_when={"all": [{"flag": "vague"}, {"unknown": "sanction.kind"}]})
    gap = element("gap", {"any": [{"fact": "reach.public", "is": True}, {"unknown": "reach.public"}]})
    provision = Provision.model_validate(
        {
            **PROVISION.model_dump(by_alias=True),
            "versions": [{**PROVISION.model_dump(by_alias=True)["versions"][1], "parts": [part("kz.cc.999.1", [gap])]}],
            "defences": [
                {
                    "id": "kz.cc.999.note",
                    "says": "s",
                    "exempts": ["kz.cc.999.1"],
                    "when": {"unknown": "content.form"},
                    "source": SRC,
                }
            ],
        }
    )
    kb = _kb(provisions=(provision,), definitions=(definition,), standards=(engaged, step))
    assert unknown_paths(kb) == {"reach.audience", "authorship", "sanction.kind", "reach.public", "content.form"}


def test_unknown_paths_is_empty_when_no_rule_asks_about_a_missing_field() -> None:
    assert unknown_paths(_kb(provisions=(PROVISION,), standards=(_standard(),))) == frozenset()


def test_unknown_paths_of_the_knowledge_base_include_the_fields_its_rules_reason_about(kb: KnowledgeBase) -> None:
    paths = unknown_paths(kb)
    # rules/iccpr/art_20_rabat.yaml asks about content.imminent; art_19.yaml about sanction.kind
    assert {"content.imminent", "sanction.kind"} <= paths
    assert "act" not in paths  # a required field is never asked about
