"""Every precedent is a regression test: run as a scenario, its real speech charges rank first.

A precedent is judged by the law the authorities applied: it is evaluated as of its decision
date (or the date of the act), so a later repeal (lex mitior) does not hide the charge it drew.
A charge the record notes as dropped is not one the engine must reproduce.

"First" means: each article the authorities actually charged for the speech is among the top K
articles the engine lists with status applies or possible, where K is the number of distinct
charged articles plus one (room for one competing article, no more). A record whose charges the
engine is not expected to reach says why in `regression_exempt`. Parts are reported, not
asserted, except where the sources and the rules agree beyond doubt (Sychev, Art. 180 part 2);
so is an exemption whose charges now rank first, since it may hide the next regression.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import TODAY

from engine.knowledge.safe_yaml import load_mapping, read_path
from engine.model.precedent import Precedent
from engine.model.result import ArticleOut, Result
from engine.model.scenario import Scenario
from kzlex_cli.common import scenario_from_data

REPO = Path(__file__).resolve().parent.parent
PRECEDENTS = sorted((REPO / "scenarios" / "precedents").glob("*.yaml"))
LIVE = ("applies", "possible")
# Parts the regression asserts: (case id, code, article) -> part.
ASSERTED_PARTS = {("sychev", "criminal", "180"): "2"}

_report: list[str] = []


def scenario_file(path: Path) -> Scenario:
    return scenario_from_data(load_mapping(read_path(path)), str(path.relative_to(REPO)))


def _speech_charges(case: Precedent) -> list[tuple[str, str, str | None]]:
    """(code, article, part) of every charge brought for the speech itself, in file order, once each."""
    seen: dict[tuple[str, str], str | None] = {}
    for ch in case.outcome.charges:
        dropped = ch.note is not None and "dropped" in ch.note.lower()
        if ch.speech and ch.code in ("criminal", "administrative") and ch.article and not dropped:
            seen.setdefault((ch.code, ch.article), ch.part)
    return [(code, article, part) for (code, article), part in seen.items()]


def _missing(result: Result, charges: list[tuple[str, str, str | None]]) -> tuple[list[str], int]:
    """The charged articles not among the top K live articles, and K (charged articles + 1)."""
    live = [a for a in result.articles if a.status in LIVE]
    k = len(charges) + 1
    top = {(a.code, a.article) for a in live[:k]}
    return [f"{code} {article}" for code, article, _ in charges if (code, article) not in top], k


def _label(a: ArticleOut) -> str:
    code = "CC" if a.code == "criminal" else "CAO"
    return f"{code} {a.article}" + (f"({a.part})" if a.part else "") + f" {a.status} {a.score:g}"


@pytest.fixture(scope="module", autouse=True)
def _report_parts(request: pytest.FixtureRequest) -> Iterator[None]:
    """After the module, tell the reader what is news but no failure: part mismatches, exemptions no longer needed."""
    yield
    plugins = request.config.pluginmanager
    reporter, capture = plugins.getplugin("terminalreporter"), plugins.getplugin("capturemanager")
    if reporter is None or capture is None or not _report:
        return
    with capture.global_and_fixture_disabled():  # else the lines land in the last test's captured output
        reporter.write_line("")
        reporter.write_sep("-", "precedents: charged parts vs ranked, stale exemptions (reported, not asserted)")
        for line in _report:
            reporter.write_line(line)


@pytest.mark.parametrize("path", PRECEDENTS, ids=[p.stem for p in PRECEDENTS])
def test_precedent_real_charges_rank_first(path: Path, check: Callable[..., Result]) -> None:
    case = scenario_file(path)
    assert isinstance(case, Precedent), f"{path.name} has no outcome: it is a scenario, not a precedent"
    assert case.id == path.stem, f"{path.name}: id '{case.id}' must match the file name"
    charges = _speech_charges(case)
    then = case.outcome.decided or case.date or TODAY
    rel = str(path.relative_to(REPO))

    if case.regression_exempt is not None:
        assert case.regression_exempt.strip(), f"{case.id}: regression_exempt must say why, not be empty"
        if charges and not _missing(check(rel, today=then), charges)[0]:
            _report.append(f"{case.id}: exempt, yet its charges now rank first; the exemption may be stale")
        return
    assert charges, (
        f"{case.id}: no speech charge to test (response: {case.response}); the record must say why in regression_exempt"
    )

    result = check(rel, today=then)
    missing, k = _missing(result, charges)
    live = [a for a in result.articles if a.status in LIVE]
    ranking = "; ".join(_label(a) for a in result.articles) or "no article"
    assert not missing, (
        f"{case.id}: charged {', '.join(missing)} not among the top {k} applicable articles. Engine ranking: {ranking}"
    )

    for code, article, part in charges:
        if part is None:
            continue
        found = next(a for a in live if (a.code, a.article) == (code, article))
        verdict = "match" if found.part == part else f"MISMATCH (engine: part {found.part})"
        _report.append(f"{case.id}: {code} {article} part {part}: {verdict}")
        expected = ASSERTED_PARTS.get((case.id, code, article))
        if expected is not None:
            assert found.part == expected, f"{case.id}: engine gives {code} {article} part {found.part}, not {expected}"


def test_asserted_parts_name_real_charges() -> None:
    """A typo in ASSERTED_PARTS would silently assert nothing; each entry must be a charge on file."""
    for (case_id, code, article), part in ASSERTED_PARTS.items():
        case = scenario_file(REPO / "scenarios" / "precedents" / f"{case_id}.yaml")
        assert isinstance(case, Precedent)
        assert (code, article, part) in _speech_charges(case)


# Real cases the knowledge base holds where a sanction was compatible with the ICCPR, with why.
# Empty today: every record comes from human-rights reporting on the persecution of speech.
COMPATIBLE_PRECEDENTS: dict[str, str] = {}


@pytest.mark.parametrize("path", PRECEDENTS, ids=[p.stem for p in PRECEDENTS])
def test_real_sanctions_of_protected_speech_stay_violations(path: Path, check: Callable[..., Result]) -> None:
    """Convictions for criticism, reporting, polls and peaceful protest calls are never "permissible".

    A record whose content the sources leave unknown may be "uncertain" (it names the facts);
    only a record listed in COMPATIBLE_PRECEDENTS, with its reason, may be "permissible".
    """
    case = scenario_file(path)
    assert isinstance(case, Precedent)
    result = check(str(path.relative_to(REPO)), today=case.outcome.decided or case.date or TODAY)
    if case.id in COMPATIBLE_PRECEDENTS:
        assert result.assessment.verdict == "permissible", COMPATIBLE_PRECEDENTS[case.id]
        return
    assert result.assessment.verdict != "permissible", f"{case.id}: {result.assessment.summary}"
    if result.assessment.verdict == "uncertain":
        assert result.assessment.missing_facts, f"{case.id}: uncertain without naming a fact"
