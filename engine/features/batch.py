"""One record of a batch in, one JSON line out: the part of `kzlex batch` that runs in every worker.

Pure apart from reading the one scenario file a task names: no printing, no global state but the
engine cache. A bad record becomes an `ok: false` line naming the record and the fault, never an
exception, so one broken line cannot stop ten thousand good ones. A record identical to one
already evaluated in this process reuses that result: the engine is deterministic, so this
changes the time, never the bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from pydantic import BaseModel

from engine.knowledge.safe_yaml import MAX_BYTES, decode, load_mapping, read_path
from engine.model.errors import InputError, KzlexError
from engine.model.scenario import Scenario

SCENARIO_SUFFIXES = (".yaml", ".yml", ".json")
MEMO_SIZE = 256  # identical records remembered per process (a result is ~20 KB of JSON)


@dataclass(frozen=True)
class Task:
    """One record to evaluate: a scenario file, or one line of a JSON Lines input."""

    label: str  # `dir/a.yaml`, or `in.jsonl:12`
    path: str | None = None  # a scenario file, read by the worker
    line: bytes | None = None  # a JSON Lines record, as read
    fault: str | None = None  # a fault found while reading (a record over the size limit)


@dataclass(frozen=True)
class RecordOutcome:
    ok: bool
    line: str  # one JSON line, newline included
    error: str | None = None
    bug: bool = False  # the record met a bug in kzlex, not a fault of its own


def ok_line(label: str, result_json: str) -> str:
    """`{"input": ..., "ok": true, "result": ...}` from an already compact result: the bytes
    `render.json_out.dumps_line` would give for the whole record, without serialising the result twice."""
    return '{"input":' + json.dumps(label, ensure_ascii=False) + ',"ok":true,"result":' + result_json + "}\n"


def error_line(label: str, message: str) -> str:
    return json.dumps({"input": label, "ok": False, "error": message}, ensure_ascii=False, separators=(",", ":")) + "\n"


Build = Callable[[dict[str, Any], str], Scenario]  # data and its origin -> a validated scenario


def scenario_of(task: Task, build: Build) -> Scenario:
    """The record's scenario, or an InputError that names the record and what is wrong with it."""
    if task.fault is not None:
        raise InputError(f"{task.label}: {task.fault}")
    if task.path is not None:
        text = read_path(Path(task.path))  # its messages start with the path already
        json_only = False
    else:
        assert task.line is not None
        try:
            text = decode(task.line, what="the record")
        except InputError as exc:
            raise InputError(f"{task.label}: {exc}") from None
        json_only = True
    try:
        data = load_mapping(text, json_only=json_only)
    except InputError as exc:
        raise InputError(f"{task.label}: {exc}") from None
    return build(data, task.label)


class Runner:
    """Evaluates tasks with one engine, remembering identical records (bounded)."""

    def __init__(self, evaluate: Callable[[Scenario], BaseModel], build: Build) -> None:
        self._evaluate = evaluate
        self._build = build
        self._memo: dict[tuple[str, str], str] = {}

    def run(self, task: Task) -> RecordOutcome:
        try:
            scenario = scenario_of(task, self._build)
        except InputError as exc:
            return RecordOutcome(False, error_line(task.label, str(exc)), str(exc))
        key = (type(scenario).__name__, scenario.model_dump_json())
        result_json = self._memo.get(key)
        if result_json is None:
            try:
                result_json = self._evaluate(scenario).model_dump_json()  # the bytes of `dumps_line`, 3x faster
            except KzlexError as exc:
                message = f"{task.label}: {exc}"
                return RecordOutcome(False, error_line(task.label, message), message)
            except Exception as exc:  # a bug: this record fails, the other 9,999 are not lost
                message = f"{task.label}: internal error ({type(exc).__name__}: {exc}); this is a bug in kzlex"
                return RecordOutcome(False, error_line(task.label, message), message, bug=True)
            if len(self._memo) >= MEMO_SIZE:
                self._memo.clear()
            self._memo[key] = result_json
        return RecordOutcome(True, ok_line(task.label, result_json))

    def run_all(self, tasks: Iterable[Task]) -> list[RecordOutcome]:
        return [self.run(t) for t in tasks]


def read_lines(handle: BinaryIO, label: str) -> Iterator[Task]:
    """The records of a JSON Lines stream, one task per non-blank line, numbered from 1.

    A line is read at most MAX_BYTES at a time, so a 2 GB line without a newline costs 1 MiB of
    memory, not 2 GB, and is reported as too long.
    """
    number = 0
    while True:
        chunk = handle.readline(MAX_BYTES + 1)
        if not chunk:
            return
        number += 1
        where = f"{label}:{number}"
        if len(chunk) > MAX_BYTES and not chunk.endswith(b"\n"):
            size = len(chunk)
            while chunk and not chunk.endswith(b"\n"):  # skip the rest of the oversized line
                chunk = handle.readline(MAX_BYTES + 1)
                size += len(chunk)
            yield Task(
                where,
                fault=f"the record is over {MAX_BYTES:,} bytes (1 MiB), the limit for one record; "
                "shorten the quoted text or give it as its own file",
            )
            continue
        if not chunk.strip():
            continue
        yield Task(where, line=chunk.rstrip(b"\r\n"))


def scenario_files(folder: Path) -> list[Path]:
    """The scenario files directly in a folder, sorted by name (sub-folders are not entered)."""
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in SCENARIO_SUFFIXES and p.is_file())
