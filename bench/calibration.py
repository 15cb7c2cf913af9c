"""The ICCPR verdict against expert-labelled scenarios: a confusion matrix and balanced accuracy.

    python bench/calibration.py            # kzlex's calibration suite (tests/calibration/cases.yaml)
    python bench/calibration.py --doctrine # the doctrine cases in ../shared/doctrine-cases/
    python bench/calibration.py --show     # also each miss, with the verdict's summary

tests/test_calibration.py asserts every expected verdict; this script prints the figures the
issue asks for, so a change to the rules can be judged on the whole spectrum at once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from engine.knowledge.base import load  # noqa: E402
from engine.knowledge.safe_yaml import load_mapping, read_path, validate  # noqa: E402
from engine.model.result import Result  # noqa: E402
from engine.model.scenario import Scenario  # noqa: E402
from engine.reasoning.evaluate import engine_for, evaluate  # noqa: E402

VERDICTS = ("permissible", "violation", "uncertain")
SUITE = REPO / "tests" / "calibration" / "cases.yaml"
DOCTRINE = REPO.parent / "shared" / "doctrine-cases" / "cases.yaml"
TODAY = dt.date(2026, 11, 30)  # fixed, so the figures do not move with the calendar


@dataclass(frozen=True)
class Case:
    id: str
    expect: str
    also: tuple[str, ...]
    why: str
    scenario: Scenario


def load_cases(path: Path) -> list[Case]:
    """Cases in either layout: the suite's (`expect: verdict`) or the doctrine set's (`expect: {...}`)."""
    data = load_mapping(read_path(path))
    out = []
    for raw in data["cases"]:
        exp: Any = raw["expect"]
        verdict, also, why = (
            (exp, (), raw.get("why", ""))
            if isinstance(exp, str)
            else (exp["verdict"], tuple(exp.get("also_acceptable", [])), exp.get("why", ""))
        )
        out.append(
            Case(raw["id"], verdict, also, why, validate(Scenario, raw["scenario"], origin=f"{path.name}: {raw['id']}"))
        )
    return out


def run(cases: list[Case]) -> list[tuple[Case, Result]]:
    eng = engine_for(load())
    return [(c, evaluate(eng, c.scenario, today=TODAY)) for c in cases]


def accepted(case: Case, result: Result) -> bool:
    return result.assessment.verdict in (case.expect, *case.also)


def balanced_accuracy(results: list[tuple[Case, Result]]) -> float:
    """Mean per-class recall over the expected classes present (a verdict in `also` counts)."""
    recalls = []
    for v in VERDICTS:
        of_class = [(c, r) for c, r in results if c.expect == v]
        if of_class:
            recalls.append(sum(accepted(c, r) for c, r in of_class) / len(of_class))
    return sum(recalls) / len(recalls)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--doctrine", action="store_true", help="score ../shared/doctrine-cases instead")
    parser.add_argument("--show", action="store_true", help="print every miss with its summary")
    args = parser.parse_args()
    results = run(load_cases(DOCTRINE if args.doctrine else SUITE))
    print(f"{len(results)} cases; rows: expected, columns: kzlex's verdict")
    print(f"{'':>14}" + "".join(f"{v:>13}" for v in VERDICTS))
    for e in VERDICTS:
        row = [sum(1 for c, r in results if c.expect == e and r.assessment.verdict == g) for g in VERDICTS]
        print(f"{e:>14}" + "".join(f"{n:>13}" for n in row))
    print(f"balanced accuracy: {balanced_accuracy(results):.3f}")
    for c, r in results:
        if not accepted(c, r) and args.show:
            print(
                f"\n{c.id}: expected {c.expect}, got {r.assessment.verdict}\n  why: {c.why}\n  kzlex: {r.assessment.summary}"
            )


if __name__ == "__main__":
    main()
