"""Browsing the knowledge base: `kzlex articles`, `article`, `cases`, `case`, as text and JSON.

Counts are compared with the knowledge base itself, not written down, so the tests hold while
provisions and cases are added; the facts asserted by name are those issue 3 names.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from rich.console import Console

from engine.features import browse
from engine.knowledge.base import KnowledgeBase
from engine.model.errors import InputError
from engine.render import browse as render
from engine.render import json_out

Cli = Callable[..., Any]


def _json(result: Any) -> Any:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _words(text: str) -> str:
    """Terminal output with its line wrapping undone, so a phrase is found wherever the wrap fell."""
    return " ".join(text.split())


def _plain(renderable: Any, width: int = 200) -> str:
    console = Console(width=width, record=True, color_system=None, highlight=False)
    console.print(renderable)
    return console.export_text()


# ---------------------------------------------------------------- kzlex articles


def test_articles_lists_every_provision(cli: Cli, kb: KnowledgeBase) -> None:
    data = _json(cli("articles", "--format", "json"))
    assert data["count"] == len(kb.provisions) == len(data["articles"])
    assert not data["in_force_filter"]
    row = next(r for r in data["articles"] if r["key"] == "kz.cc.130")
    assert row["repealed"] == "2020-07-06" and row["replaced_by"] == "administrative 73-3"
    assert row["parts"] == [] and row["in_force"] is False  # nothing of it is in force today
    assert row["cases"] == len([c for c in kb.precedents if any(ch.article == "130" for ch in c.outcome.charges)])
    keys = ["code", "article", "key", "title", "in_force", "parts", "versions", "repealed", "flags", "cases"]
    assert all(set(keys) <= set(r) for r in data["articles"])


def test_articles_in_force_on_a_date(cli: Cli) -> None:
    after = {r["key"] for r in _json(cli("articles", "--in-force", "2021-01-01", "-f", "json"))["articles"]}
    assert "kz.ac.73-3" in after and "kz.cc.130" not in after
    before = {r["key"] for r in _json(cli("articles", "--in-force", "2016-01-01", "-f", "json"))["articles"]}
    assert "kz.cc.130" in before and "kz.ac.73-3" not in before


def test_articles_by_code(cli: Cli) -> None:
    data = _json(cli("articles", "--code", "administrative", "--format", "json"))
    assert data["articles"] and {r["code"] for r in data["articles"]} == {"administrative"}


def test_articles_text(cli: Cli) -> None:
    result = cli("articles")
    assert result.exit_code == 0
    text = _words(result.stdout)
    assert "174" in text and "73-3" in text and "not verified" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--code", "penal"), "--code: 'penal' is not allowed; use one of criminal, administrative"),
        (("--in-force", "2021-13-01"), "--in-force: '2021-13-01' is not a date"),
        (("--format", "xml"), "--format: 'xml' is not a format"),
    ],
)
def test_articles_refuses_bad_options(cli: Cli, args: tuple[str, ...], message: str) -> None:
    result = cli("articles", *args)
    assert result.exit_code == 2
    assert message in result.stderr


# ---------------------------------------------------------------- kzlex article N


def test_article_174_has_parts_versions_critiques_cases_and_statistics(cli: Cli, kb: KnowledgeBase) -> None:
    data = _json(cli("article", "174", "--format", "json"))
    assert data["key"] == "kz.cc.174" and data["in_force"]
    assert [p["number"] for p in data["parts"]][:1] == ["1"]
    assert all(el["condition"] for p in data["parts"] for el in p["elements"])
    assert len(data["versions"]) == len(kb.provision("criminal", "174").versions)  # type: ignore[union-attr]
    assert any("CCPR/C/KAZ/CO/2" == c["ref"] for c in data["critiques"])
    assert any("88" in s["says"] and "2015" in s["says"] for s in data["statistics"])
    charged = {c.id for c in kb.precedents if any(ch.article == "174" for ch in c.outcome.charges)}
    assert {c["id"] for c in data["cases"]} == charged
    assert {"blyalov", "mambetalin", "narymbayev"} <= charged
    cited = {s["doc"] for s in data["sources"]}
    assert {data["parts"][0]["source"]["doc"], "CO2"} <= cited


def test_article_shows_the_version_in_force_on_the_date_and_not_verified(cli: Cli) -> None:
    data = _json(cli("article", "174", "--as-of", "2016-01-01", "-f", "json"))
    assert data["version"] == "2015" and data["version_in_force"]
    assert not all(p["verified"] for p in data["parts"])
    text = _words(cli("article", "174", "--as-of", "2016-01-01").stdout)
    assert "not verified" in text
    assert "88 criminal cases" in text


def test_article_130_in_2021_explains_the_exclusion_and_points_to_73_3(cli: Cli) -> None:
    data = _json(cli("article", "130", "--as-of", "2021-01-01", "--format", "json"))
    assert data["in_force"] is False
    rep = data["repealed"]
    assert rep["on"] == "2020-07-06"
    assert rep["replacement"]["code"] == "administrative" and rep["replacement"]["article"] == "73-3"
    assert rep["replacement"]["in_force_on_date"] is True
    notices = " ".join(data["notices"])
    assert "repealed on 2020-07-06" in notices
    assert "Code of Administrative Offences Art. 73-3" in notices
    assert "lex mitior" in notices and "does not reach back" in notices
    text = _words(cli("article", "130", "--as-of", "2021-01-01").stdout)
    assert "not in force" in text and "73-3" in text and "lex mitior" in text


def test_article_before_2015_says_the_earlier_codes_are_not_encoded(cli: Cli) -> None:
    data = _json(cli("article", "174", "--as-of", "2014-06-01", "-f", "json"))
    assert data["in_force"] is False
    assert any("earlier codes are not encoded" in n for n in data["notices"])


def test_article_accepts_the_hyphenated_number_and_art_prefix(cli: Cli) -> None:
    assert _json(cli("article", "Art. 73-3", "-f", "json"))["key"] == "kz.ac.73-3"


def test_unknown_article_lists_the_known_ones(cli: Cli) -> None:
    result = cli("article", "999")
    assert result.exit_code == 2
    assert "no provision file for Art. 999" in result.stderr
    assert "criminal: 115, 130" in result.stderr and "administrative: 73-3" in result.stderr
    assert result.stderr.count("error:") == 1


def test_article_in_the_wrong_code_says_which_code_has_it(cli: Cli) -> None:
    result = cli("article", "73-3", "--code", "criminal")
    assert result.exit_code == 2
    assert "the administrative code has it" in result.stderr


def test_an_article_number_in_both_codes_needs_code(kb: KnowledgeBase) -> None:
    """No number is in both codes today; the day one is, `kzlex article N` must not pick one silently."""
    real = kb.provision("criminal", "174")
    assert real is not None
    twin = real.model_copy(update={"code": "administrative"})
    both = dataclasses.replace(kb, provisions=(*kb.provisions, twin))
    with pytest.raises(
        InputError, match="exists in both codes; say which with --code criminal or --code administrative"
    ):
        browse.find_provision(both, "174")
    assert browse.find_provision(both, "174", "administrative") is twin


# ---------------------------------------------------------------- kzlex cases


def test_cases_lists_every_precedent(cli: Cli, kb: KnowledgeBase) -> None:
    data = _json(cli("cases", "--format", "json"))
    assert data["count"] == len(kb.precedents)
    assert {c["id"] for c in data["cases"]} == {c.id for c in kb.precedents}
    assert "sychev" in cli("cases").stdout


@pytest.mark.parametrize(
    ("args", "keep"),
    [
        (("--article", "174"), lambda c: any(ch.article == "174" for ch in c.outcome.charges)),
        (("--act", "post"), lambda c: c.act.value == "post"),
        (("--platform", "facebook"), lambda c: c.platform.value == "facebook"),
        (("--outcome", "convicted"), lambda c: c.outcome.status == "convicted"),
        (
            ("--year", "2016"),
            lambda c: 2016 in {d.year for d in (c.date, c.outcome.decided) if d is not None},
        ),
    ],
)
def test_cases_filters(cli: Cli, kb: KnowledgeBase, args: tuple[str, ...], keep: Callable[..., bool]) -> None:
    data = _json(cli("cases", *args, "--format", "json"))
    expected = {c.id for c in kb.precedents if keep(c)}
    assert expected, f"no case in the knowledge base matches {args}: the test proves nothing"
    assert {c["id"] for c in data["cases"]} == expected


def test_cases_filters_combine(cli: Cli) -> None:
    data = _json(cli("cases", "--article", "488", "--year", "2016", "--platform", "facebook", "-f", "json"))
    assert data["cases"] and all("CAO 488" in c["charges"] and c["platform"] == "facebook" for c in data["cases"])


@pytest.mark.parametrize(
    ("option", "value", "listed"),
    [
        ("--act", "tweet", "use one of post, repost, comment"),
        ("--platform", "fb", "facebook, vkontakte"),
        ("--outcome", "jailed", "convicted, acquitted, dropped"),
        ("--article", "9999", "articles known: 73-3, 115, 130"),
        ("--year", "1900", "give a year between 1991 and 2099"),
    ],
)
def test_cases_refuses_bad_filters(cli: Cli, option: str, value: str, listed: str) -> None:
    result = cli("cases", option, value)
    assert result.exit_code == 2
    assert f"{option}:" in result.stderr and listed in result.stderr


# ---------------------------------------------------------------- kzlex case ID


def test_case_baidalinova_shows_both_readings_of_her_release_with_sources(cli: Cli) -> None:
    data = _json(cli("case", "baidalinova", "--format", "json"))
    dispute = next(d for d in data["disputed"] if d["field"] == "outcome.sanction")
    by_source = {r["source"]["doc"]: r for r in dispute["readings"]}
    assert by_source["002_b86750ec806bf8c8.txt"]["value"]["kind"] == "suspended"
    assert "July 2017" in by_source["004_65ec45b84f037440.txt"]["says"]
    assert "parole" in by_source["004_65ec45b84f037440.txt"]["says"]
    text = _words(cli("case", "baidalinova").stdout)
    for needle in ("suspended", "on appeal in July", "parole", "Amnesty 2017", "Campaign Kazakhstan n.d."):
        assert needle in text


def test_case_record_is_complete(cli: Cli, kb: KnowledgeBase) -> None:
    data = _json(cli("case", "sychev", "-f", "json"))
    assert data["outcome"]["charges"][0]["label"] == "CC 180(2)"
    assert data["outcome"]["charges"][0]["provision"] == "kz.cc.180"
    assert data["outcome"]["sanction"]["text"] == "prison 5 years"
    assert all(s["where"] and s["title"] for s in data["sources"])
    assert data["scenario"]["act"] == "poll" and data["scenario"]["content"]["calls_to"] == []
    # the facts are the scenario contract: `kzlex check` could read them back
    from kzlex_cli.common import scenario_from_data

    assert scenario_from_data(data["scenario"], "<json>").act.value == "poll"


def test_unknown_case_suggests_the_nearest_ids(cli: Cli) -> None:
    result = cli("case", "sychv")
    assert result.exit_code == 2
    assert "no case 'sychv'; did you mean sychev" in result.stderr
    partial = cli("case", "bokaev")
    assert partial.exit_code == 2 and "bokaev-ayan" in partial.stderr


# ---------------------------------------------------------------- rendering


def test_case_text_is_never_read_as_markup(kb: KnowledgeBase) -> None:
    """A summary quoting `[bold]` or `[/]` must print as written, not style or crash the terminal."""
    real = kb.precedent("sychev")
    assert real is not None
    odd = "[bold red]not markup[/] and [link=http://x]x[/link]"
    fake = real.model_copy(update={"title": odd, "notes": [odd]})
    doctored = dataclasses.replace(kb, precedents=tuple(fake if c.id == "sychev" else c for c in kb.precedents))
    text = _plain(render.case(browse.case_record(doctored, "sychev")))
    assert text.count(odd) == 2
    rows = _plain(render.cases(browse.cases_table(doctored)))
    assert "sychev" in rows


def test_json_is_stable(kb: KnowledgeBase) -> None:
    day = dt.date(2021, 1, 1)
    first = json_out.dumps(browse.provision_record(kb, "130", day=day, as_of_given=True))
    assert first == json_out.dumps(browse.provision_record(kb, "130", day=day, as_of_given=True))
    assert list(json.loads(first))[:4] == ["code", "article", "key", "title"]


def test_cases_since_2018_are_at_least_twenty_each_with_a_findable_source(cli: Callable[..., Any]) -> None:
    """The practice of 2018-2026, each case cited to a document a reader can find."""
    from engine.knowledge.base import load

    result = cli("cases", "--since", "2018-01-01", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["filters"]["since"] == "2018-01-01"
    assert data["count"] >= 20
    kb = load()
    by_id = {c.id: c for c in kb.precedents}
    for row in data["cases"]:
        assert max(d for d in (row["date"], row["decided"]) if d) >= "2018-01-01", row["id"]
        for ref in by_id[row["id"]].sources:
            src = kb.sources[ref.doc]
            assert src.locator or src.symbol, f"{row['id']}: source {ref.doc} has no address or symbol"


def test_cases_since_refuses_a_bad_date(cli: Callable[..., Any]) -> None:
    result = cli("cases", "--since", "2018-13-01")
    assert result.exit_code == 2
    assert "--since: '2018-13-01' is not a date; write it as YYYY-MM-DD" in result.stderr


# ---------------------------------------------------------------- structured data, not labels read back


def test_a_repeal_names_its_replacement_once_read_and_the_json_keeps_the_rule_files_words(kb: KnowledgeBase) -> None:
    table = browse.articles_table(kb, day=dt.date(2021, 1, 1))
    row = next(r for r in table.articles if r.key == "kz.cc.130")
    assert row.replacement is not None and (row.replacement.code, row.replacement.article) == ("administrative", "73-3")
    assert "→ CAO 73-3" in _plain(render.articles(table))
    dumped = json.loads(json_out.dumps(table))
    assert "replacement" not in next(r for r in dumped["articles"] if r["key"] == "kz.cc.130")


@pytest.mark.parametrize("text", ["criminal", "penal 174", "administrative 73-3 part 2", ""])
def test_a_replaced_by_kzlex_cannot_read_is_shown_as_written(text: str) -> None:
    from engine.features.browse_dates import replaced_by_ref

    assert replaced_by_ref(text) is None


def test_the_versions_table_shows_part_numbers_and_the_json_keeps_part_ids(kb: KnowledgeBase) -> None:
    record = browse.provision_record(kb, "174", day=dt.date(2021, 1, 1))
    for v in record.versions:
        assert v.part_numbers == [pid.rsplit(".", 1)[-1] for pid in v.parts]
    dumped = json.loads(json_out.dumps(record))
    assert all("part_numbers" not in v for v in dumped["versions"])


def test_a_charge_named_by_its_note_does_not_repeat_it(kb: KnowledgeBase) -> None:
    """`CC: embezzlement (both)` already says the note; a charge with an article shows it beneath."""
    case = next(c for c in kb.precedents if any(ch.article is None and ch.note for ch in c.outcome.charges))
    record = browse.case_record(kb, case.id)
    text = _plain(render.case(record))
    for ch in record.outcome.charges:
        if ch.label_names_note:
            assert ch.note and ch.label.endswith(ch.note) and text.count(ch.note) == 1


def test_an_article_the_cli_has_read_is_not_read_again(kb: KnowledgeBase) -> None:
    ref = browse.parse_article("CAO 73-3")
    assert browse.find_provision(kb, ref).key == "kz.ac.73-3"
    assert browse.provision_record(kb, ref, day=dt.date(2021, 1, 1)) == browse.provision_record(
        kb, "CAO 73-3", day=dt.date(2021, 1, 1)
    )
