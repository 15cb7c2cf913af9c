"""Speed, measured by hand (not a test): cold start, batch throughput, peak memory, as ratios.

    python bench/benchmark.py              # the issue's figures: 20 paired cold runs, 10,000 records
    python bench/benchmark.py --records 2000 --runs 10
    python bench/benchmark.py --profile 500  # where the time of an in-process batch goes

Each figure is printed beside its target (issue 13), as a ratio to a floor measured in the same
run, because this machine is shared and noisy:
  - cold check: `python -c "from pydantic import BaseModel; import yaml"`, run in pairs with
    `kzlex check`; the median of the pairs' ratios (target <= 2.0). The snapshot cache lives in
    a temporary folder, written by the warm-up run, as a user's second run finds it.
  - batch: durable_rules' own floor for the same work: every call kzlex made into the C engine
    for the same records (same rulesets, same facts, the JSON already made), replayed and
    timed without kzlex around it; kzlex's in-process time per record against it (target <= 3x),
    the two timed in turns, fifty records at a time, so a drift in the machine's speed falls
    on both.
Peak memory is each child's maximum resident set (wait4), its worker processes included.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

COLD_FACTOR = 2.0  # a cold check in at most twice the floor
FLOOR_FACTOR = 3.0  # a record in at most three times durable_rules' own time for it
MEMORY_TARGET = 150  # MB per process
FLOOR = "from pydantic import BaseModel; import yaml"  # the least a run that builds a model imports
_CACHE = tempfile.mkdtemp(prefix="kzlex-bench-cache-")


# Byte-compiled modules in a temporary prefix, as `pip install` leaves them: a shell with
# PYTHONDONTWRITEBYTECODE would otherwise recompile every kzlex module on every cold run (and
# measure the compiler), and nothing is written into the repository.
_PYCACHE = tempfile.mkdtemp(prefix="kzlex-bench-pyc-")


def _env() -> dict[str, str]:
    env = {
        **os.environ,
        "KZLEX_TODAY": "2026-11-23",
        "PYTHONPATH": str(REPO),
        "PYTHONPYCACHEPREFIX": _PYCACHE,
        "KZLEX_CACHE_DIR": _CACHE,
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _timed(args: list[str], *, sample: bool = False) -> tuple[float, float]:
    """Wall time and the peak RSS (MB) of the largest process of one run.

    wait4 gives the child's peak with its reaped children; batch workers are forked by the
    forkserver, not by the child, so with `sample` every descendant's VmHWM is also read from
    /proc while the run lasts.
    """
    started = time.perf_counter()
    proc = subprocess.Popen(args, cwd=REPO, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stop = threading.Event()
    peaks: dict[int, int] = {}
    sampler = threading.Thread(target=_sample, args=(proc.pid, stop, peaks), daemon=True)
    if sample:
        sampler.start()
    assert proc.stderr is not None
    err = proc.stderr.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    stop.set()
    if sample:
        sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(args)} failed ({proc.returncode}):\n{err.decode()[-2000:]}")
    return elapsed, max([usage.ru_maxrss, *peaks.values()]) / 1024  # KB on Linux


def _sample(root: int, stop: threading.Event, peaks: dict[int, int]) -> None:
    while not stop.is_set():
        for pid, kb in _descendants(root):
            peaks[pid] = max(peaks.get(pid, 0), kb)
        stop.wait(0.2)


def _descendants(root: int) -> list[tuple[int, int]]:
    """(pid, VmHWM in KB) of every live process under root (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out: list[tuple[int, int]] = []
    todo = list(children.get(root, []))
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            out.append((pid, int(status.split("VmHWM:")[1].split()[0])))
        except (OSError, IndexError, ValueError):
            continue
    return out


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def cold(runs: int, scenario: Path) -> dict[str, float]:
    kzlex = [sys.executable, "-m", "cli", "check", str(scenario), "--format", "json"]
    floor = [sys.executable, "-c", FLOOR]
    _timed(kzlex)  # warm the OS file cache and write the snapshot; every measured run is a fresh interpreter
    times: dict[str, list[float]] = {"kzlex": [], "floor": []}
    ratios: list[float] = []
    peak = 0.0
    for _ in range(runs):
        pair: dict[str, float] = {}
        for name, args in (("kzlex", kzlex), ("floor", floor)):
            elapsed, rss = _timed(args)
            times[name].append(elapsed)
            pair[name] = elapsed
            if name == "kzlex":
                peak = max(peak, rss)
        ratios.append(pair["kzlex"] / pair["floor"])
    return {
        "median": statistics.median(times["kzlex"]),
        "p95": _p95(times["kzlex"]),
        "floor_median": statistics.median(times["floor"]),
        "ratio": statistics.median(ratios),
        "rss": peak,
    }


def in_process(records: int, chunk: int = 50) -> dict[str, float]:
    """kzlex's time per record in one process (what `batch --jobs 1` spends per record, without
    start-up), and durable_rules' floor for the same records: every call kzlex made into the C
    engine while evaluating them, recorded with its arguments (the JSON already made) and then
    replayed against the same rulesets, timed alone.

    The two are timed in turns, `chunk` records of kzlex then the same records' calls replayed,
    and summed: this machine's speed drifts by half within seconds, and timing one whole pass
    after the other measured the drift as often as the code."""
    import datetime as dt
    import io

    import engine.reasoning.runtime as runtime
    from bench.generate import jsonl
    from engine.features.batch import Runner, read_lines
    from engine.knowledge.base import load
    from engine.reasoning.evaluate import Engine, compile_kb, evaluate
    from kzlex_cli.common import BatchCollection, scenario_from_data

    def fresh() -> Engine:  # an engine of its own, so no answer is remembered from an earlier pass
        kb = load()
        rulesets, index, asks = compile_kb(kb)
        return Engine(kb=kb, reasoner=runtime.Reasoner(rulesets), rules=index, asks_unknown=asks)

    text, _ = jsonl(records, 0, seed=1)
    tasks = list(read_lines(io.BytesIO(text.encode()), "bench"))
    chunks = [tasks[i : i + chunk] for i in range(0, len(tasks), chunk)]
    day = dt.date(2026, 11, 23)

    calls: list[tuple[Any, tuple[Any, ...]]] = []
    ends: list[int] = []  # where each chunk's calls end
    real = vars(runtime)["_c"]  # the C core; the recorder stands in for it while kzlex runs

    class Recorder:
        def __getattr__(self, name: str) -> Any:
            function = getattr(real, name)
            if name == "create_ruleset":  # made once on first use, as kzlex makes its own: not replayed
                return function

            def record(*args: Any) -> Any:
                calls.append((function, args))
                return function(*args)

            return record

    recording = fresh()
    recorder = Runner(lambda s: evaluate(recording, s, today=day), scenario_from_data)
    vars(runtime)["_c"] = Recorder()
    try:
        for part in chunks:
            recorder.run_all(part)
            ends.append(len(calls))
    finally:
        vars(runtime)["_c"] = real

    eng = fresh()
    runner = Runner(lambda s: evaluate(eng, s, today=day), scenario_from_data)
    # As a batch worker does once its engine is built; the recorded calls, most of this process's
    # objects, are frozen out of the collector's sight with the engine.
    collection = BatchCollection()
    kzlex = floor = 0.0
    start = 0
    for part, end in zip(chunks, ends, strict=True):
        started = time.perf_counter()
        runner.run_all(part)
        collection.done(len(part))
        kzlex += time.perf_counter() - started
        started = time.perf_counter()
        for function, args in calls[start:end]:
            function(*args)
        floor += time.perf_counter() - started
        start = end
    collection.close()
    return {"kzlex_ms": 1000 * kzlex / records, "floor_ms": 1000 * floor / records, "calls": len(calls)}


def batch(records: int, jobs: int, folder: Path) -> dict[str, float]:
    source = folder / "scenarios.jsonl"
    out = folder / f"results-{jobs}.jsonl"
    elapsed, rss = _timed(
        [sys.executable, "-m", "cli", "batch", str(source), "--jobs", str(jobs), "--out", str(out)], sample=True
    )
    lines = sum(1 for _ in out.open("rb"))
    assert lines == records, f"{lines} results for {records} records"
    return {"seconds": elapsed, "rate": records / elapsed, "per_process": records / elapsed / jobs, "rss": rss}


def profile(records: int) -> None:
    import cProfile
    import datetime as dt
    import io
    import pstats

    from bench.generate import jsonl
    from engine.features.batch import Runner, read_lines
    from engine.reasoning.evaluate import evaluate
    from kzlex_cli.common import get_engine, scenario_from_data

    text, _ = jsonl(records, 0, seed=0)
    eng = get_engine()
    runner = Runner(lambda s: evaluate(eng, s, today=dt.date(2026, 11, 23)), scenario_from_data)
    tasks = list(read_lines(io.BytesIO(text.encode()), "bench"))
    prof = cProfile.Profile()
    started = time.perf_counter()
    prof.enable()
    runner.run_all(tasks)
    prof.disable()
    print(f"{records} records in {time.perf_counter() - started:.2f} s under the profiler")
    pstats.Stats(prof).sort_stats("cumulative").print_stats(30)


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20, help="cold runs of `kzlex check` (default 20)")
    parser.add_argument("--records", type=int, default=10_000, help="generated records for `kzlex batch`")
    parser.add_argument("--scenario", type=Path, default=REPO / "scenarios" / "ridder-style-poll.yaml")
    parser.add_argument("--profile", type=int, metavar="N", help="profile an in-process batch of N records instead")
    parser.add_argument("--in-process", type=int, metavar="N", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.in_process:
        print(json.dumps(in_process(args.in_process)))
        return
    if args.profile:
        profile(args.profile)
        return

    from bench.generate import jsonl

    atexit.register(shutil.rmtree, _PYCACHE, ignore_errors=True)
    atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)
    print(f"kzlex benchmark: Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}")
    c = cold(args.runs, args.scenario)
    print(f"\ncold `kzlex check {args.scenario.name} --format json`, {args.runs} paired runs (snapshot written):")
    print(f"  kzlex   median {c['median']:.3f} s   p95 {c['p95']:.3f} s   peak RSS {c['rss']:.0f} MB")
    print(f"  floor   median {c['floor_median']:.3f} s   (python -c '{FLOOR}')")
    print(
        f"  median of paired ratios {c['ratio']:.2f}x   target <= {COLD_FACTOR:g}x: {_verdict(c['ratio'] <= COLD_FACTOR)}"
    )

    n = min(args.records, 2_000)
    # In a process of its own: the replay holds every C-engine call in memory, and a child forked
    # from a large parent reports the parent's pages as its own peak.
    done = subprocess.run(
        [sys.executable, __file__, "--in-process", str(n)], env=_env(), capture_output=True, text=True, check=True
    )
    p = json.loads(done.stdout)
    ratio = p["kzlex_ms"] / p["floor_ms"]
    print(f"\none process, {n:,} generated records (random.Random(1)), no start-up:")
    print(f"  kzlex            {p['kzlex_ms']:.2f} ms a record ({1000 / p['kzlex_ms']:,.0f} a second)")
    print(
        f"  durable floor    {p['floor_ms']:.2f} ms a record ({1000 / p['floor_ms']:,.0f} a second; "
        f"{p['calls']:,.0f} C-engine calls replayed)"
    )
    print(f"  ratio {ratio:.2f}x   target <= {FLOOR_FACTOR:g}x: {_verdict(ratio <= FLOOR_FACTOR)}")

    peak = c["rss"]
    rates: dict[int, float] = {}
    with tempfile.TemporaryDirectory(prefix="kzlex-bench-") as tmp:
        folder = Path(tmp)
        text, _ = jsonl(args.records, 0, seed=0)
        (folder / "scenarios.jsonl").write_text(text, encoding="utf-8")
        print(f"\n`kzlex batch` over {args.records:,} generated scenarios (random.Random(0)), wall time with start-up:")
        for jobs in (1, 2):
            b = batch(args.records, jobs, folder)
            peak = max(peak, b["rss"])
            rates[jobs] = b["rate"]
            print(
                f"  --jobs {jobs}: {b['seconds']:.1f} s, {b['rate']:,.0f} scenarios/s, "
                f"{b['per_process']:,.0f} per process, largest process {b['rss']:.0f} MB"
            )
        same = (folder / "results-1.jsonl").read_bytes() == (folder / "results-2.jsonl").read_bytes()
        print(f"  --jobs 2 / --jobs 1: {rates[2] / rates[1]:.2f}x   same bytes: {same}")

    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"\npeak memory: {peak:.0f} MB in the largest kzlex process "
        f"(largest child of this script: {children:.0f} MB, the floor's replay, which holds every call)"
    )
    print(f"  target < {MEMORY_TARGET} MB: {_verdict(peak < MEMORY_TARGET)}")


if __name__ == "__main__":
    main()
