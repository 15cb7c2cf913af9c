"""The golden outputs: a SHA-256 of every shipped scenario's and precedent's JSON and text output,
and of a 2,000-record batch.

    python bench/golden.py            # compare with tests/golden/outputs.sha256 (what the test does)
    python bench/golden.py --update   # write the manifest anew, after a deliberate change

Refactoring (issue 12) and speed work (issue 13) must leave every output byte-identical;
tests/test_golden.py fails on any difference and names the file and format that moved. A change
of behaviour regenerates the manifest in the same commit, so the diff shows what moved.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from rich.console import Console  # noqa: E402

from bench.generate import jsonl  # noqa: E402
from engine.features.batch import Runner, read_lines  # noqa: E402
from engine.knowledge.base import load  # noqa: E402
from engine.knowledge.safe_yaml import load_mapping, read_path  # noqa: E402
from engine.reasoning.evaluate import engine_for, evaluate  # noqa: E402
from engine.render import console, json_out  # noqa: E402
from kzlex_cli.common import scenario_from_data  # noqa: E402

MANIFEST = REPO / "tests" / "golden" / "outputs.sha256"
BATCH = 2000  # generated records (bench/generate.py, seed 13) with 20 faulty ones among them
TODAY = dt.date(2026, 11, 30)  # pinned: "today" picks the law for undated acts and lex mitior


def files() -> list[Path]:
    return sorted(REPO.glob("scenarios/*.yaml")) + sorted(REPO.glob("scenarios/precedents/*.yaml"))


def outputs() -> Iterator[tuple[str, str]]:
    """(label, sha256) for each file's JSON and 100-column text output, in a stable order."""
    eng = engine_for(load())
    for path in files():
        rel = str(path.relative_to(REPO))
        scenario = scenario_from_data(load_mapping(read_path(path)), rel)
        result = evaluate(eng, scenario, today=TODAY)
        buffer = io.StringIO()
        Console(file=buffer, width=100, color_system=None, force_terminal=False, legacy_windows=False).print(
            console.report(result)
        )
        for fmt, text in (("json", json_out.dumps(result)), ("text", buffer.getvalue())):
            yield f"{rel} {fmt}", hashlib.sha256(text.encode("utf-8")).hexdigest()


def batch_output() -> tuple[str, str]:
    """(label, sha256) of the JSON Lines `kzlex batch` writes for the generated records: the
    speed work must leave a thousand-document run byte-identical, not only the shipped files."""
    eng = engine_for(load())
    runner = Runner(lambda s: evaluate(eng, s, today=TODAY), scenario_from_data)
    text, _bad = jsonl(BATCH, broken=20, seed=13)
    lines = "".join(runner.run(task).line for task in read_lines(io.BytesIO(text.encode("utf-8")), "generated.jsonl"))
    return f"batch of {BATCH} generated records jsonl", hashlib.sha256(lines.encode("utf-8")).hexdigest()


def manifest_text() -> str:
    return "".join(f"{digest}  {label}\n" for label, digest in [*outputs(), batch_output()])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="write the manifest anew")
    args = parser.parse_args()
    text = manifest_text()
    if args.update:
        MANIFEST.write_text(text, encoding="utf-8")
        print(f"wrote {MANIFEST.relative_to(REPO)} ({text.count(chr(10))} outputs)")
        return
    old = MANIFEST.read_text(encoding="utf-8").splitlines() if MANIFEST.exists() else []
    moved = sorted(set(text.splitlines()) ^ set(old))
    print("\n".join(moved) if moved else "every output is byte-identical")


if __name__ == "__main__":
    main()
