"""`kzlex validate`: the repository passes, and each broken fixture fails with its exact message.

One file per fault in tests/data/invalid/, so a message that drifts, or a fault that stops
being caught, names itself. The messages are asserted whole: a reviewer acts on them, and a
vague one ("invalid file") would pass a looser test.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
INVALID = Path("tests/data/invalid")  # relative, as a user types it: messages start with the path given

EXPECTED: dict[str, str] = {
    "unknown-field-provision": "critques: unknown key; did you mean 'critiques'?",
    "bad-enum-precedent": (
        "outcome.status: 'jailed' is not allowed; use one of 'convicted', 'acquitted', 'dropped', "
        "'pending', 'sanctioned', 'investigated' or 'unknown'"
    ),
    "duplicate-key": "line 5: duplicate key 'title'; keep one of the two entries",
    "duplicate-part-id": "kz.cc.998.1 (2015): part id appears twice in version 2015; give each part its own number",
    "dangling-aggravates": "kz.cc.998.2 (2015): aggravates 'kz.cc.998.9', which is not a part of this version",
    "defence-missing-part": "kz.cc.998.note exempts 'kz.cc.998.5', which is no part of Art. 998",
    "dates-out-of-order": "versions.0.in_force: in_force.to (2015-01-01) must be after in_force.from (2020-07-06)",
    "unregistered-source": (
        "kz.cc.998.1 (2015): penalty: source 'zzz-unheard-of' is not registered; register it in rules/sources.yaml"
    ),
    "unknown-scenario-field": (
        "kz.cc.998.1 (2015): element religion: unknown scenario field 'content.theme'; did you mean 'content.themes'?"
    ),
    "bad-condition-value": (
        "kz.cc.998.1 (2015): element endorses: 'supports' is not a value of stance; use one of criticises, endorses, neutral"
    ),
    "speech-charge-without-provision": (
        "speech charge criminal Art. 999 has no provision file; encode it or mark the charge `speech: false`"
    ),
    "malformed-yaml": (
        "line 6, column 1: malformed YAML: a mapping opened with { is not closed with }; "
        "add the } or a comma between entries (it began on line 5)"
    ),
    "precedent-id-mismatch": (
        "id 'someone-else' must match the file name 'precedent-id-mismatch'; rename the file or the id"
    ),
    "fact-without-source": "versions.0.parts.0.source: required field is missing; add it",
}


def test_every_fixture_has_its_expected_message() -> None:
    """A fixture without an expectation would never run; an expectation without a fixture, never fail."""
    assert {p.stem for p in (REPO / INVALID).glob("*.yaml")} == set(EXPECTED)


@pytest.mark.parametrize("fault", sorted(EXPECTED))
def test_validate_rejects_broken_file(fault: str, cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    path = str(INVALID / f"{fault}.yaml")
    result = cli("validate", path)
    assert result.exit_code == 2, result.stdout
    assert result.stderr.splitlines() == [f"{path}: {EXPECTED[fault]}", "1 problem(s) in 1 file(s)"]


def test_validate_reports_every_fixture_in_one_run(cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder is checked file by file: one bad file does not hide the faults of the next."""
    monkeypatch.chdir(REPO)
    result = cli("validate", str(INVALID))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[-1] == f"{len(EXPECTED)} problem(s) in {len(EXPECTED)} file(s)"
    assert sorted(lines[:-1]) == sorted(f"{INVALID / fault}.yaml: {msg}" for fault, msg in EXPECTED.items())


def test_repository_validates(cli: Callable[..., Any]) -> None:
    result = cli("validate")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("ok: ")
    assert result.stderr == ""
