"""The same input gives the same bytes: across runs, processes, worker counts, hash seeds and locales.

Each configuration runs the real CLI in a fresh interpreter (PYTHONHASHSEED only takes effect at
start-up), with KZLEX_TODAY pinned so the date is not what differs. JSON (check and batch),
Markdown and HTML (report) are compared byte for byte against the first configuration.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY

from bench.generate import scenario
from engine.knowledge.base import KnowledgeBase
from engine.reasoning.compiler import compile_all
from engine.reasoning.evaluate import Engine, evaluate
from engine.reasoning.runtime import Reasoner
from engine.render.json_out import dumps
from kzlex_cli.common import scenario_from_data

REPO = Path(__file__).resolve().parent.parent
SCENARIOS = sorted((REPO / "scenarios").glob("*.yaml"))
CASES = [REPO / "scenarios" / "precedents" / f"{name}.yaml" for name in ("sychev", "bokaev-ayan", "kozlova")]
UNICODE = (
    "id: unicode-determinism\n"
    'title: "Пост о земле — жер туралы \u200fשלום\u200f"\n'
    "date: 2016-04-24\n"
    "act: post\n"
    "platform: facebook\n"
    "reach: {public: true, audience: 4000}\n"
    "content:\n"
    "  summary: Ойлар и мысли о земельной реформе; «кавычки» и эмодзи 🙂\n"
    "  themes: [land_reform, government_criticism, ethnicity]\n"
    "  calls_to: [assembly]\n"
)
CONFIGS = [
    {"PYTHONHASHSEED": "0", "LC_ALL": "C"},
    {"PYTHONHASHSEED": "12345", "LC_ALL": "C.UTF-8"},
    {"PYTHONHASHSEED": "random", "LC_ALL": "C.UTF-8", "LANG": "kk_KZ.UTF-8"},
]


def _kzlex(args: list[str], config: dict[str, str], cwd: Path) -> bytes:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "PYTHONHASHSEED"))}
    env.update(config, KZLEX_TODAY="2026-11-23", PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-m", "cli", *args], cwd=cwd, env=env, capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("determinism")
    (folder / "unicode.yaml").write_text(UNICODE, encoding="utf-8")
    return folder


def _outputs(config: dict[str, str], inputs: Path, jobs: int) -> dict[str, bytes]:
    work = inputs / f"out-{config['PYTHONHASHSEED']}-{jobs}"
    work.mkdir(exist_ok=True)
    files = [str(p) for p in [*SCENARIOS, *CASES, inputs / "unicode.yaml"]]
    folder_and_cases = [str(REPO / "scenarios"), str(REPO / "scenarios" / "precedents"), str(inputs)]
    out: dict[str, bytes] = {
        "check": _kzlex(["check", str(inputs / "unicode.yaml"), "--format", "json"], config, work),
        "batch": _kzlex(["batch", *folder_and_cases, "--jobs", str(jobs)], config, work),
    }
    for suffix in ("md", "html"):
        _kzlex(["report", *files, "-o", str(work / f"report.{suffix}")], config, work)
        out[suffix] = (work / f"report.{suffix}").read_bytes()
    return out


def test_bytes_do_not_depend_on_hash_seed_locale_process_or_jobs(inputs: Path) -> None:
    reference = _outputs(CONFIGS[0], inputs, jobs=1)
    assert all(reference.values())
    for config, jobs in [(CONFIGS[1], 2), (CONFIGS[2], 1)]:
        other = _outputs(config, inputs, jobs=jobs)
        for kind in reference:
            assert other[kind] == reference[kind], f"{kind} differs under {config} with --jobs {jobs}"


def test_repeated_runs_in_one_process_give_the_same_bytes(cli: Callable[..., Any], inputs: Path) -> None:
    """The engine's memos (per ruleset, per identical record) must not leak one run into the next."""
    path = str(inputs / "unicode.yaml")
    first = cli("check", path, "--format", "json").stdout
    for other in [*SCENARIOS, *CASES]:
        cli("check", str(other), "--format", "json")
    assert cli("check", path, "--format", "json").stdout == first
    assert cli("check", path, "--format", "json", "--as-of", "2016-04-24").stdout == first


def test_the_engine_shortcuts_change_no_answer(kb: KnowledgeBase, engine: Engine) -> None:
    """The fact filter and the answer memo (which lets one answer stand for acts on different days
    under the same law) must give exactly what asserting every fact, every time, gives."""
    plain = Engine(
        kb=engine.kb,
        reasoner=Reasoner(compile_all(kb), shortcuts=False),
        rules=engine.rules,
        asks_unknown=engine.asks_unknown,
    )
    rng = random.Random(11)
    scenarios = [scenario_from_data(scenario(rng, n), f"<generated {n}>") for n in range(150)]
    for s in scenarios:  # warm the shared engine's memo first, so later answers come from it
        evaluate(engine, s, today=TODAY)
    for s in scenarios:
        assert dumps(evaluate(engine, s, today=TODAY)) == dumps(evaluate(plain, s, today=TODAY)), s.id
