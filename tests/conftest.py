"""Shared fixtures: the knowledge base and engine (built once), a CLI runner, a fixed 'today'."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cli import app
from engine.knowledge.base import KnowledgeBase, load
from engine.knowledge.safe_yaml import load_mapping, read_path
from engine.model.result import Result
from engine.model.scenario import Scenario
from engine.reasoning.evaluate import Engine, engine_for, evaluate
from kzlex_cli.common import scenario_from_data

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 23)  # every test evaluates as of this day, so results never drift


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Snapshots of the knowledge base go to a folder of this session's, never the developer's
    ~/.cache; commands run as subprocesses inherit it. A test that wants another sets its own."""
    before = os.environ.get("KZLEX_CACHE_DIR")
    os.environ["KZLEX_CACHE_DIR"] = str(tmp_path_factory.mktemp("kzlex-cache"))
    yield
    if before is None:
        os.environ.pop("KZLEX_CACHE_DIR", None)
    else:
        os.environ["KZLEX_CACHE_DIR"] = before


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KZLEX_TODAY", TODAY.isoformat())


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load()


@pytest.fixture(scope="session")
def engine(kb: KnowledgeBase) -> Engine:
    return engine_for(kb)


def scenario_file(path: Path | str) -> Scenario:
    path = REPO / path if not Path(path).is_absolute() else Path(path)
    return scenario_from_data(load_mapping(read_path(path)), str(path))


def scenario_dict(data: dict[str, Any]) -> Scenario:
    return scenario_from_data(data, "<test>")


@pytest.fixture(scope="session")
def check(engine: Engine) -> Callable[..., Result]:
    """Evaluate a scenario (a model, a dict or a repo-relative path) as of TODAY."""

    def run(s: Scenario | dict[str, Any] | str | Path, today: dt.date = TODAY, **kwargs: Any) -> Result:
        if isinstance(s, dict):
            s = scenario_dict(s)
        elif isinstance(s, (str, Path)):
            s = scenario_file(s)
        return evaluate(engine, s, today=today, **kwargs)

    return run


@pytest.fixture
def cli() -> Callable[..., Any]:
    """Run `kzlex ARGS...` in-process; returns click's Result (exit_code, stdout, stderr)."""
    runner = CliRunner()

    def run(*args: str, input: str | bytes | None = None) -> Any:
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return run
